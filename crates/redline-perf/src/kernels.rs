//! The hardware layer: what each chip achieves of its datasheet peaks in published
//! microbenchmarks (large and skinny GEMMs per format, DRAM streaming, attention kernels,
//! all-reduce over its links), read from the embedded `data/hardware/kernels.toml`.
//!
//! Nothing here is fitted on the validation rows. A chip with no measurement of a quantity
//! inherits it, in this order: other chips of the same architecture, the architecture's nearest
//! measured relatives ([`crate::nearest_relatives`]), and last the median of every measured chip;
//! each resolved value says which it is and carries the range of the values it came from.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use crate::{PerfError, Precision, nearest_relatives};

/// What a measurement measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Dense matrix multiply, fraction of the format's dense peak.
    Gemm,
    /// DRAM streaming (copy/triad) bandwidth, fraction of the datasheet bandwidth.
    DramStream,
    /// Attention kernel (FlashAttention class) FLOP rate, fraction of the 16-bit dense peak.
    Attention,
    /// All-reduce bus bandwidth, fraction of the per-direction scale-up link bandwidth.
    LinkAllreduce,
}

impl Quantity {
    fn parse(s: &str) -> Option<Quantity> {
        match s {
            "gemm" => Some(Quantity::Gemm),
            "dram_stream" => Some(Quantity::DramStream),
            "attention" => Some(Quantity::Attention),
            "link_allreduce" => Some(Quantity::LinkAllreduce),
            _ => None,
        }
    }

    /// The name used in the file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Quantity::Gemm => "gemm",
            Quantity::DramStream => "dram_stream",
            Quantity::Attention => "attention",
            Quantity::LinkAllreduce => "link_allreduce",
        }
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// GEMM regime: compute-bound square-ish shapes, or the skinny shapes of decode (few tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GemmShape {
    /// Large GEMM (thousands of rows on every side).
    Large,
    /// Skinny GEMM (M of a few to a few hundred tokens).
    Skinny,
}

/// One published measurement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KernelMeasurement {
    /// Catalogue chip id.
    pub chip: String,
    /// Architecture family.
    pub family: String,
    /// What was measured.
    pub quantity: Quantity,
    /// Number format (GEMM: required; others: optional).
    pub format: Option<Precision>,
    /// GEMM regime (GEMM only).
    pub shape: Option<GemmShape>,
    /// Achieved value in `unit`, when the source gives it.
    pub achieved: Option<f64>,
    /// Unit of `achieved` and `peak`.
    pub unit: String,
    /// The peak the fraction is taken against.
    pub peak: Option<f64>,
    /// achieved / peak.
    pub fraction: f64,
    /// How it was measured.
    pub setup: String,
    /// Document.
    pub source: String,
    /// Where it is.
    pub url: String,
    /// Date of the source.
    pub date: String,
    /// official / analyst / press / estimate.
    pub grade: String,
    /// Arithmetic and caveats.
    pub note: String,
}

const FIELDS: [&str; 15] = [
    "chip", "family", "quantity", "format", "shape", "achieved", "unit", "peak", "fraction", "setup", "source", "url",
    "date", "grade", "note",
];
const GRADES: [&str; 4] = ["official", "analyst", "press", "estimate"];

/// Parses the hardware-layer file. Every entry is checked: a missing or malformed field is an
/// error naming the entry (its position, chip and quantity) and the field.
///
/// # Errors
/// [`PerfError::KernelData`].
pub fn parse_kernels(file: &str, text: &str) -> Result<Vec<KernelMeasurement>, PerfError> {
    let err = |entry: String, field: &str, problem: String| PerfError::KernelData {
        file: file.to_string(),
        entry,
        field: field.to_string(),
        problem,
    };
    let table: toml::Table =
        toml::from_str(text).map_err(|e| err("file".into(), "-", format!("not valid TOML: {e}")))?;
    for key in table.keys() {
        if key != "measurement" {
            return Err(err("file".into(), key, "unknown top-level key (expected only [[measurement]])".into()));
        }
    }
    let Some(list) = table.get("measurement") else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or_else(|| err("file".into(), "measurement", "expected an array of tables ([[measurement]])".into()))?;
    let mut out = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let n = i + 1;
        let t = v.as_table().ok_or_else(|| err(format!("measurement {n}"), "-", "expected a table".into()))?;
        let chip_name = t.get("chip").and_then(toml::Value::as_str).unwrap_or("?");
        let q_name = t.get("quantity").and_then(toml::Value::as_str).unwrap_or("?");
        let entry = format!("measurement {n} (chip `{chip_name}`, quantity `{q_name}`)");
        for key in t.keys() {
            if !FIELDS.contains(&key.as_str()) {
                return Err(err(entry.clone(), key, format!("unknown field (known: {})", FIELDS.join(", "))));
            }
        }
        let string = |field: &str, required: bool| -> Result<Option<String>, PerfError> {
            match t.get(field) {
                None if required => Err(err(entry.clone(), field, "missing (expected a string)".into())),
                None => Ok(None),
                Some(toml::Value::String(s)) if required && s.trim().is_empty() => {
                    Err(err(entry.clone(), field, "empty (expected a non-empty string)".into()))
                }
                Some(toml::Value::String(s)) => Ok(Some(s.clone())),
                Some(other) => Err(err(entry.clone(), field, format!("expected a string, found {}", other.type_str()))),
            }
        };
        let number = |field: &str, required: bool| -> Result<Option<f64>, PerfError> {
            let x = match t.get(field) {
                None if required => return Err(err(entry.clone(), field, "missing (expected a number)".into())),
                None => return Ok(None),
                Some(toml::Value::Float(x)) => *x,
                Some(toml::Value::Integer(x)) => *x as f64,
                Some(other) => {
                    return Err(err(entry.clone(), field, format!("expected a number, found {}", other.type_str())));
                }
            };
            if !(x.is_finite() && x > 0.0) {
                return Err(err(entry.clone(), field, format!("{x} (expected a positive finite number)")));
            }
            Ok(Some(x))
        };
        let req = |field: &str| -> Result<String, PerfError> { Ok(string(field, true)?.unwrap_or_default()) };
        let quantity = Quantity::parse(&req("quantity")?).ok_or_else(|| {
            err(
                entry.clone(),
                "quantity",
                format!("`{q_name}` is not one of gemm, dram_stream, attention, link_allreduce"),
            )
        })?;
        let format = match string("format", quantity == Quantity::Gemm)? {
            None => None,
            Some(f) if f.is_empty() && quantity != Quantity::Gemm => None,
            Some(f) => Some(f.parse::<Precision>().map_err(|_| {
                err(
                    entry.clone(),
                    "format",
                    format!("`{f}` is not one of fp64 fp32 tf32 fp16 bf16 fp8 int8 fp6 fp4 int4"),
                )
            })?),
        };
        let shape = match string("shape", quantity == Quantity::Gemm)? {
            None => None,
            Some(s) if s.is_empty() && quantity != Quantity::Gemm => None,
            Some(s) => Some(match s.as_str() {
                "large" => GemmShape::Large,
                "skinny" => GemmShape::Skinny,
                _ => return Err(err(entry.clone(), "shape", format!("`{s}` is not one of large, skinny"))),
            }),
        };
        let fraction = number("fraction", true)?.unwrap_or_default();
        if fraction > 1.1 {
            return Err(err(
                entry.clone(),
                "fraction",
                format!(
                    "{fraction} (expected a fraction of peak in (0, 1.1]; more than 10% above the datasheet peak is not credible)"
                ),
            ));
        }
        let achieved = number("achieved", false)?;
        let peak = number("peak", false)?;
        if let (Some(a), Some(p)) = (achieved, peak)
            && (a / p - fraction).abs() > 0.03 * fraction.max(0.1)
        {
            return Err(err(
                entry.clone(),
                "fraction",
                format!("{fraction} disagrees with achieved / peak = {a} / {p} = {:.3}", a / p),
            ));
        }
        let grade = req("grade")?;
        if !GRADES.contains(&grade.as_str()) {
            return Err(err(entry.clone(), "grade", format!("`{grade}` is not one of {}", GRADES.join(", "))));
        }
        out.push(KernelMeasurement {
            chip: req("chip")?.to_ascii_lowercase(),
            family: req("family")?.to_ascii_lowercase(),
            quantity,
            format,
            shape,
            achieved,
            unit: string("unit", false)?.unwrap_or_default(),
            peak,
            fraction,
            setup: req("setup")?,
            source: req("source")?,
            url: string("url", false)?.unwrap_or_default(),
            date: req("date")?,
            grade,
            note: string("note", false)?.unwrap_or_default(),
        });
    }
    Ok(out)
}

const KERNELS_TOML: &str = include_str!("../../../data/hardware/kernels.toml");

/// The embedded measurements (`data/hardware/kernels.toml`). A broken embedded file (which the
/// crate's tests catch) gives no measurements, so every chip reads as unmeasured, never a panic.
#[must_use]
pub fn kernel_measurements() -> &'static [KernelMeasurement] {
    static M: OnceLock<Vec<KernelMeasurement>> = OnceLock::new();
    M.get_or_init(|| parse_kernels("kernels.toml", KERNELS_TOML).unwrap_or_default())
}

/// How a resolved value was obtained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Measured on this chip.
    Measured,
    /// Taken from other chips of the same architecture.
    SameFamily,
    /// Taken from the nearest measured relative architecture.
    Relative,
    /// The median of every measured chip (no relative measured).
    AllChips,
    /// Nothing measured anywhere: the datasheet peak (fraction 1.0).
    Datasheet,
}

/// One resolved hardware number for a chip.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    /// Quantity.
    pub quantity: Quantity,
    /// Format (GEMM) the value is for.
    pub format: Option<Precision>,
    /// Regime (GEMM).
    pub shape: Option<GemmShape>,
    /// Fraction used (median of the measurements it rests on).
    pub fraction: f64,
    /// Lowest of those measurements (the stated uncertainty).
    pub low: f64,
    /// Highest of those measurements.
    pub high: f64,
    /// Number of measurements.
    pub n: usize,
    /// How it was obtained.
    pub basis: Basis,
    /// The chips it was measured on, and any substitution (format, shape).
    pub from: String,
}

impl Resolved {
    /// Whether the value was measured on the chip itself.
    #[must_use]
    pub fn measured(&self) -> bool {
        self.basis == Basis::Measured && !self.from.contains("not measured")
    }

    /// Short text for notes: `gemm bf16 large 0.80 measured` or `dram_stream 0.85 inherited
    /// from h100-sxm (same architecture hopper), range 0.80-0.90`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut s = self.quantity.to_string();
        if let Some(f) = self.format {
            s.push_str(&format!(" {f}"));
        }
        if let Some(sh) = self.shape {
            s.push_str(if sh == GemmShape::Large { " large" } else { " skinny" });
        }
        s.push_str(&format!(" {:.2}", self.fraction));
        match self.basis {
            Basis::Measured if self.measured() => s.push_str(" measured"),
            Basis::Datasheet => s.push_str(" not measured anywhere: datasheet peak"),
            _ => s.push_str(&format!(" inherited from {}", self.from)),
        }
        if self.n > 1 && self.high - self.low > 0.005 {
            s.push_str(&format!(", range {:.2}-{:.2} over {}", self.low, self.high, self.n));
        }
        s
    }
}

/// The hot-path form, Copy. Skinny GEMMs are not given their own rate: their published
/// fractions of the compute peak are the DRAM roofline at their shape (a test checks that the
/// large-GEMM and streaming fractions reproduce them), so every GEMM runs at
/// max(FLOPs at the large fraction, bytes at the streaming fraction).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Fractions {
    gemm_large: [f64; 10],
    /// DRAM streaming fraction.
    pub dram: f64,
    /// Attention fraction of the 16-bit peak.
    pub attention: f64,
    /// All-reduce fraction of the per-direction link bandwidth.
    pub link: f64,
}

impl Fractions {
    /// Everything at the datasheet peak.
    pub const PEAK: Fractions = Fractions { gemm_large: [1.0; 10], dram: 1.0, attention: 1.0, link: 1.0 };

    /// GEMM fraction of the format's dense peak (the large-GEMM rate).
    pub fn gemm(&self, p: Precision) -> f64 {
        self.gemm_large[prec_index(p)]
    }
}

fn prec_index(p: Precision) -> usize {
    Precision::ALL.iter().position(|x| *x == p).unwrap_or(0)
}

/// A chip's hardware layer: every quantity resolved, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HardwareLayer {
    /// Chip id (empty when only the family is known).
    pub chip: String,
    /// Architecture family.
    pub family: String,
    /// GEMM per format and regime, then DRAM, attention, link.
    pub values: Vec<Resolved>,
    #[serde(skip)]
    pub(crate) fractions: Fractions,
    /// `describe()` of each value, built once.
    #[serde(skip)]
    texts: Vec<String>,
}

impl HardwareLayer {
    /// The resolved value of a quantity (GEMM: for a format and regime).
    #[must_use]
    pub fn get(&self, q: Quantity, format: Option<Precision>, shape: Option<GemmShape>) -> Option<&Resolved> {
        self.values.iter().find(|r| r.quantity == q && r.format == format && r.shape == shape)
    }

    /// One line for a prediction's notes: which numbers were measured on this chip, which inherited.
    #[must_use]
    pub fn note(&self, formats: &[Precision]) -> String {
        // The texts are built once per layer (this runs on every prediction).
        let who = if self.chip.is_empty() { &self.family } else { &self.chip };
        let mut out = String::with_capacity(512);
        out.push_str("hardware layer for ");
        out.push_str(who);
        out.push_str(" (fraction of datasheet peak, data/hardware/kernels.toml): ");
        let mut first = true;
        let wanted = |r: &Resolved| {
            if r.quantity == Quantity::Gemm {
                r.shape == Some(GemmShape::Large) && r.format.is_some_and(|f| formats.contains(&f))
            } else {
                true
            }
        };
        let gemms = formats.iter().filter_map(|f| {
            self.values.iter().position(|r| r.quantity == Quantity::Gemm && r.format == Some(*f) && wanted(r))
        });
        let rest = self.values.iter().enumerate().filter(|(_, r)| r.quantity != Quantity::Gemm).map(|(i, _)| i);
        for i in gemms.chain(rest) {
            if !first {
                out.push_str("; ");
            }
            first = false;
            out.push_str(&self.texts[i]);
        }
        out
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn chips_of(ms: &[&KernelMeasurement]) -> String {
    let mut c: Vec<&str> = ms.iter().map(|m| m.chip.as_str()).collect();
    c.sort_unstable();
    c.dedup();
    c.join(", ")
}

/// Resolves one quantity for a chip over `measurements`.
fn resolve_one(
    measurements: &[KernelMeasurement],
    chip: &str,
    family: &str,
    q: Quantity,
    formats: &[Option<Precision>],
    shape: Option<GemmShape>,
) -> Option<Resolved> {
    // Attention is one 16-bit quantity: bf16 and fp16 kernels (and entries without a format)
    // are pooled; other quantities match the format exactly, `None` matching any.
    let matches = |m: &KernelMeasurement, f: Option<Precision>| {
        let format_ok = if q == Quantity::Attention {
            matches!(m.format, None | Some(Precision::Bf16 | Precision::Fp16))
        } else {
            f.is_none() || m.format == f
        };
        m.quantity == q && format_ok && (shape.is_none() || m.shape == shape)
    };
    let make = |ms: Vec<&KernelMeasurement>, basis: Basis, from: String| -> Resolved {
        let mut v: Vec<f64> = ms.iter().map(|m| m.fraction).collect();
        let fraction = median(&mut v);
        Resolved {
            quantity: q,
            format: formats.first().copied().flatten(),
            shape,
            fraction,
            low: v[0],
            high: v[v.len() - 1],
            n: v.len(),
            basis,
            from,
        }
    };
    let subst = |f: Option<Precision>| match (formats.first().copied().flatten(), f) {
        (Some(want), Some(got)) if want != got => format!(" ({want} not measured: the {got} fraction)"),
        _ => String::new(),
    };
    for &f in formats {
        let own: Vec<&KernelMeasurement> =
            measurements.iter().filter(|m| !chip.is_empty() && m.chip == chip && matches(m, f)).collect();
        if !own.is_empty() {
            let from = format!("{chip}{}", subst(f));
            return Some(make(own, Basis::Measured, from));
        }
        let fam: Vec<&KernelMeasurement> =
            measurements.iter().filter(|m| m.chip != chip && m.family == family && matches(m, f)).collect();
        if !fam.is_empty() {
            let from = format!("{} (same architecture {family}){}", chips_of(&fam), subst(f));
            return Some(make(fam, Basis::SameFamily, from));
        }
        for rel in nearest_relatives(family) {
            let r: Vec<&KernelMeasurement> =
                measurements.iter().filter(|m| m.family == *rel && matches(m, f)).collect();
            if !r.is_empty() {
                let from = format!("{} ({rel}, nearest measured relative of {family}){}", chips_of(&r), subst(f));
                return Some(make(r, Basis::Relative, from));
            }
        }
    }
    for &f in formats {
        let all: Vec<&KernelMeasurement> = measurements.iter().filter(|m| matches(m, f)).collect();
        if !all.is_empty() {
            let from =
                format!("the median of every measured chip ({}): no relative measured{}", chips_of(&all), subst(f));
            return Some(make(all, Basis::AllChips, from));
        }
    }
    None
}

/// The format chain a GEMM fraction is looked up in: the format, then the 16-bit formats.
fn gemm_formats(p: Precision) -> Vec<Option<Precision>> {
    let mut v = vec![Some(p)];
    match p {
        Precision::Fp8 => v.extend([Some(Precision::Int8), Some(Precision::Bf16), Some(Precision::Fp16)]),
        Precision::Int8 => v.extend([Some(Precision::Fp8), Some(Precision::Bf16), Some(Precision::Fp16)]),
        Precision::Fp4 | Precision::Fp6 => v.extend([Some(Precision::Fp8), Some(Precision::Bf16)]),
        Precision::Fp16 => v.push(Some(Precision::Bf16)),
        Precision::Bf16 => v.push(Some(Precision::Fp16)),
        _ => v.push(Some(Precision::Bf16)),
    }
    v
}

/// Resolves a chip's hardware layer over a set of measurements (the embedded set is
/// [`hardware_layer`]).
#[must_use]
pub fn resolve_layer(measurements: &[KernelMeasurement], chip: &str, family: &str) -> HardwareLayer {
    let chip = chip.to_ascii_lowercase();
    let family = family.to_ascii_lowercase();
    let mut values = Vec::new();
    let mut fr = Fractions::PEAK;
    let datasheet = |q, format, shape| Resolved {
        quantity: q,
        format,
        shape,
        fraction: 1.0,
        low: 1.0,
        high: 1.0,
        n: 0,
        basis: Basis::Datasheet,
        from: String::new(),
    };
    for p in Precision::ALL {
        let large = resolve_one(measurements, &chip, &family, Quantity::Gemm, &gemm_formats(p), Some(GemmShape::Large))
            .unwrap_or_else(|| datasheet(Quantity::Gemm, Some(p), Some(GemmShape::Large)));
        // Skinny GEMMs (decode) are kept for the record only where measured on this chip: their
        // rate is the DRAM roofline at their shape, which the model computes from the large-GEMM
        // and streaming fractions.
        let skinny = resolve_one(measurements, &chip, &family, Quantity::Gemm, &[Some(p)], Some(GemmShape::Skinny))
            .filter(|r| r.basis == Basis::Measured);
        let i = prec_index(p);
        fr.gemm_large[i] = large.fraction;
        values.push(large);
        values.extend(skinny);
    }
    for (q, formats) in [
        (Quantity::DramStream, &[None][..]),
        (Quantity::Attention, &[None][..]),
        (Quantity::LinkAllreduce, &[None][..]),
    ] {
        let mut r =
            resolve_one(measurements, &chip, &family, q, formats, None).unwrap_or_else(|| datasheet(q, None, None));
        r.format = None;
        match q {
            Quantity::DramStream => fr.dram = r.fraction,
            Quantity::Attention => fr.attention = r.fraction,
            _ => fr.link = r.fraction,
        }
        values.push(r);
    }
    let texts = values.iter().map(Resolved::describe).collect();
    HardwareLayer { chip, family, values, fractions: fr, texts }
}

fn lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) { s.to_ascii_lowercase().into() } else { s.into() }
}

/// Resolved layers per (chip id, family).
type LayerCache = BTreeMap<String, BTreeMap<String, Arc<HardwareLayer>>>;

/// The hardware layer of a chip from the embedded measurements (cached per chip id and family).
/// `chip` may be empty when only the architecture is known.
#[must_use]
pub fn hardware_layer(chip: &str, family: &str) -> Arc<HardwareLayer> {
    static CACHE: OnceLock<Mutex<LayerCache>> = OnceLock::new();
    let (chip, family) = (lower(chip), lower(family));
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    // Lookups borrow the key: no allocation on a hit (this runs on every prediction).
    if let Ok(c) = cache.lock()
        && let Some(l) = c.get(chip.as_ref()).and_then(|m| m.get(family.as_ref()))
    {
        return Arc::clone(l);
    }
    let layer = Arc::new(resolve_layer(kernel_measurements(), &chip, &family));
    if let Ok(mut c) = cache.lock() {
        c.entry(chip.into_owned()).or_default().insert(family.into_owned(), Arc::clone(&layer));
    }
    layer
}
