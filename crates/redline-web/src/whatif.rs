//! The what-if editor's model: a catalogue chip with some numbers changed, rebuilt through the
//! catalogue's own spec parser so the edited chip is checked exactly like a user's spec file.

use redline_catalog::spec::Die;
use redline_catalog::units::{Count, Gigabytes, GigabytesPerSec, SquareMm, Tops};
use redline_catalog::{Catalog, Chip, Format, Provenance, Sourced, parse_spec};

use crate::error::ApiError;
use crate::params::Params;

/// Parameters the editor may change, besides `base`, `on` and `to`.
pub const EDITABLE: &[&str] = &[
    "fp64",
    "fp32",
    "tf32",
    "fp16",
    "bf16",
    "fp8",
    "int8",
    "fp6",
    "fp4",
    "int4",
    "die_area_mm2",
    "die_count",
    "dram_bandwidth_gbs",
    "chip_to_chip_gbs",
    "host_gbs",
    "memory_capacity_gb",
    "datacenter",
];

fn checked<T>(p: &Params, key: &str, f: fn(f64) -> Result<T, String>) -> Result<Option<T>, ApiError> {
    p.number(key)?.map(|v| f(v).map_err(|e| ApiError::bad(key, e))).transpose()
}

/// The edited chip and its spec file text.
pub struct Edited {
    /// The chip, with metrics recomputed.
    pub chip: Chip,
    /// A spec file (TOML) that reproduces it with `--spec`.
    pub toml: String,
}

/// Applies the edits in `p` to the chip named by `base`.
///
/// # Errors
/// 400 naming the field for an unknown base chip or an out-of-range number.
pub fn edit(catalog: &Catalog, p: &Params) -> Result<Edited, ApiError> {
    let base = catalog.get(p.required("base")?).map_err(|e| ApiError::bad("base", e))?;
    let mut spec = base.spec.clone();
    let mut changed = false;
    for format in Format::ALL {
        if let Some(v) = checked(p, format.as_str(), Tops::checked)? {
            *spec.dense.slot(format) = Some(Sourced::bare(v));
            changed = true;
        }
    }
    let area = checked(p, "die_area_mm2", SquareMm::checked)?;
    let count = p.integer("die_count", 1, 64)?;
    if area.is_some() || count.is_some() {
        // One kind of logic die: the edited area per die, times the count.
        let per_die = match area {
            Some(a) => a,
            None => {
                let current = base.metrics.applicable_die_area_mm2.map(|m| m.value).ok_or_else(|| {
                    ApiError::bad("die_area_mm2", "the base chip's die area is unknown: give die_area_mm2")
                })?;
                let n = base_count(&base.spec.dies);
                SquareMm::checked(current / f64::from(n)).map_err(|e| ApiError::bad("die_area_mm2", e))?
            }
        };
        let n = count.map_or_else(|| base_count(&base.spec.dies), |c| u32::try_from(c).unwrap_or(1));
        spec.dies = vec![Die {
            name: Some("edited".to_string()),
            area_mm2: Sourced::bare(per_die),
            planar: false,
            count: Some(Sourced::bare(Count(n))),
        }];
        changed = true;
    }
    if let Some(v) = checked(p, "dram_bandwidth_gbs", GigabytesPerSec::checked)? {
        spec.memory.bandwidth_gbs = Some(Sourced::bare(v));
        changed = true;
    }
    if let Some(v) = checked(p, "memory_capacity_gb", Gigabytes::checked)? {
        spec.memory.capacity_gb = Some(Sourced::bare(v));
        changed = true;
    }
    if let Some(v) = checked(p, "chip_to_chip_gbs", GigabytesPerSec::checked)? {
        spec.interconnect.chip_to_chip_gbs = Some(Sourced::bare(v));
        changed = true;
    }
    if let Some(v) = checked(p, "host_gbs", GigabytesPerSec::checked)? {
        spec.interconnect.host_gbs = Some(Sourced::bare(v));
        changed = true;
    }
    if let Some(v) = p.get("datacenter") {
        let b = match v {
            "true" | "1" | "yes" => true,
            "false" | "0" | "no" => false,
            _ => return Err(ApiError::bad("datacenter", "expected true or false")),
        };
        spec.datacenter = Sourced::bare(b);
        changed = true;
    }
    if changed {
        spec.id = format!("{}-whatif", base.spec.id);
        spec.name = format!("{} (what-if)", base.spec.name);
        spec.label = Some(format!("{} (what-if)", base.spec.label()));
        spec.aliases.clear();
    }
    let toml = toml::to_string(&spec).map_err(|e| {
        ApiError::status(axum::http::StatusCode::INTERNAL_SERVER_ERROR, format!("cannot write the spec: {e}"))
    })?;
    let toml = format!(
        "# What-if spec from Redline's editor, based on `{}` (catalogue data {}).\n# Use it with `redline check --spec FILE --to CN`.\n{toml}",
        base.spec.id,
        redline_catalog::catalog::DATA_VERSION.trim()
    );
    // Round-trip through the parser: the edited chip is whatever a user's file would give.
    let reparsed = parse_spec(&toml, "what-if.toml", Provenance::Optional)
        .map_err(|e| ApiError::bad(e.field.as_deref().unwrap_or("spec"), e.message))?;
    Ok(Edited { chip: Chip::new(reparsed, "what-if"), toml })
}

fn base_count(dies: &[Die]) -> u32 {
    dies.iter()
        .filter(|d| !d.planar)
        .map(|d| d.count.as_ref().and_then(Sourced::known).map_or(1, |c| c.0))
        .sum::<u32>()
        .max(1)
}
