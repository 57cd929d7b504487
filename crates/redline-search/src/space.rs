//! The design space: what could be built, as data with sources (`data/design-space/*.toml`),
//! and the grid of designs a sweep walks.
//!
//! A design is a point in a mixed-radix grid (die layout × enabled compute × memory
//! configuration × chip-to-chip link × host link × market). Design `i` is decoded from its
//! index alone, so a sweep streams designs without holding them and a shard is a range of
//! indices. The axes are the file's values plus values snapped just under each line in effect
//! (see [`crate::constraint::Lines`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use redline_catalog::spec::{Dense, Die, Interconnect, Memory};
use redline_catalog::units::{Count, Gigabytes, GigabytesPerSec, SquareMm, Tops, Usd, Watts};
use redline_catalog::{Chip, ChipSpec, Source, Sourced};
use redline_rules::edition::MetricKind;

use crate::SearchError;
use crate::constraint::Lines;

/// The design space shipped with Redline.
pub const DEFAULT_SPACE: &str = include_str!("../../../data/design-space/default.toml");

/// A list of values, or a geometric range.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Axis {
    /// Exactly these values.
    List(Vec<f64>),
    /// `steps` values from `min` to `max`, geometrically spaced.
    Range {
        /// First value.
        min: f64,
        /// Last value.
        max: f64,
        /// Number of values (at least 2).
        steps: u32,
    },
}

impl Axis {
    /// The values, in order.
    #[must_use]
    pub fn values(&self) -> Vec<f64> {
        match self {
            Axis::List(v) => v.clone(),
            Axis::Range { min, max, steps } => {
                let n = (*steps).max(2);
                let ratio = (max / min).powf(1.0 / f64::from(n - 1));
                (0..n)
                    .map(|i| if i == n - 1 { *max } else { min * ratio.powi(i32::try_from(i).unwrap_or(0)) })
                    .collect()
            }
        }
    }
}

/// Logic dies and compute.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogicSpace {
    /// Largest die the lithography allows, mm².
    pub reticle_limit_mm2: Sourced<f64>,
    /// Area of each logic die, mm².
    pub die_area_mm2: Vec<f64>,
    /// Logic dies per package.
    pub dies: Vec<u32>,
    /// Dense BF16 TFLOP/s per mm² of logic at most.
    pub max_bf16_tflops_per_mm2: Sourced<f64>,
    /// Enabled dense BF16 TFLOP/s.
    pub bf16_tflops: Axis,
    /// Dense FP8 per dense BF16.
    pub fp8_per_bf16: Sourced<f64>,
}

/// Board power model.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PowerModel {
    /// Fixed part, W.
    pub base_w: Sourced<f64>,
    /// Per dense BF16 TFLOP/s, W.
    pub w_per_bf16_tflop: Sourced<f64>,
    /// Designs above this are not built, W.
    pub max_tdp_w: Sourced<f64>,
}

/// Unit price model.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PriceModel {
    /// Fixed part, USD.
    pub base_usd: Sourced<f64>,
    /// Per mm² of logic, USD.
    pub usd_per_mm2: Sourced<f64>,
    /// Advanced packaging for HBM, USD.
    pub hbm_packaging_usd: Sourced<f64>,
}

/// One memory technology.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MemoryTech {
    /// Name, e.g. `HBM3e`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Bandwidth per unit (stack, device, package) at full speed, GB/s.
    pub bandwidth_gbs: Sourced<f64>,
    /// Capacity options per unit, GB.
    pub capacity_gb: Vec<f64>,
    /// Unit counts to try.
    pub units: Vec<u32>,
    /// Units that fit along one reticle-size die.
    pub units_per_die: Sourced<u32>,
    /// Units per package at most.
    pub max_units: u32,
    /// Price per GB, USD.
    pub usd_per_gb: Sourced<f64>,
    /// Power per unit, W.
    pub w_per_unit: Sourced<f64>,
    /// First shipped in a product (`YYYY-MM-DD`); a sweep for an earlier rule date skips it.
    #[serde(default)]
    pub available: Option<Sourced<String>>,
}

impl MemoryTech {
    /// Whether the technology shipped by `date` (unknown dates count as available).
    #[must_use]
    pub fn available_on(&self, date: redline_rules::Date) -> bool {
        match self.available.as_ref().and_then(|a| a.value.as_deref()) {
            Some(d) => d.parse::<redline_rules::Date>().map_or(true, |since| since <= date),
            None => true,
        }
    }
}

impl MemoryTech {
    /// High-bandwidth memory (stacked on an interposer).
    #[must_use]
    pub fn is_hbm(&self) -> bool {
        self.kind.to_ascii_uppercase().starts_with("HBM")
    }
}

/// Memory speed bins.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MemorySpeed {
    /// Fractions of full speed to try.
    pub values: Vec<f64>,
    /// Lowest fraction a snap may use.
    pub min: Sourced<f64>,
}

/// Links.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InterconnectSpace {
    /// Chip-to-chip options, GB/s.
    pub chip_to_chip_gbs: Vec<f64>,
    /// Where the largest comes from.
    pub chip_to_chip_source: Sourced<f64>,
    /// Host link options, GB/s.
    pub host_gbs: Vec<f64>,
}

/// Market positioning.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Market {
    /// Designed or marketed for datacenters.
    pub datacenter: Vec<bool>,
}

/// A design space file.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DesignSpace {
    /// Identifier.
    pub id: String,
    /// What it covers.
    pub title: String,
    /// As-of date of the bounds.
    pub as_of: String,
    /// Logic.
    pub logic: LogicSpace,
    /// Power model.
    pub power: PowerModel,
    /// Price model.
    pub price: PriceModel,
    /// Memory technologies.
    pub memory: Vec<MemoryTech>,
    /// Memory speed bins.
    pub memory_speed: MemorySpeed,
    /// Links.
    pub interconnect: InterconnectSpace,
    /// Market positioning.
    pub market: Market,
    /// Named sources.
    #[serde(default)]
    pub sources: BTreeMap<String, Source>,
}

fn num(s: &Sourced<f64>, field: &str) -> Result<f64, SearchError> {
    s.known().filter(|v| v.is_finite() && *v >= 0.0).ok_or_else(|| SearchError::Space(format!("{field} needs a value")))
}

impl DesignSpace {
    /// The space shipped with Redline.
    ///
    /// # Panics
    /// Never: a test parses the embedded file.
    #[must_use]
    pub fn embedded() -> DesignSpace {
        DesignSpace::parse(DEFAULT_SPACE).expect("embedded design space is valid")
    }

    /// Parses and checks a design-space file.
    ///
    /// # Errors
    /// [`SearchError::Space`] naming the problem.
    pub fn parse(text: &str) -> Result<DesignSpace, SearchError> {
        let space: DesignSpace = toml::from_str(text).map_err(|e| SearchError::Space(e.to_string()))?;
        space.validate()?;
        Ok(space)
    }

    fn validate(&self) -> Result<(), SearchError> {
        let bad = |m: String| Err(SearchError::Space(m));
        let reticle = num(&self.logic.reticle_limit_mm2, "logic.reticle_limit_mm2")?;
        for a in &self.logic.die_area_mm2 {
            if !(*a > 0.0 && *a <= reticle) {
                return bad(format!("logic.die_area_mm2: {a} must be in (0, {reticle}] (the reticle limit)"));
            }
        }
        if self.logic.dies.is_empty() || self.logic.dies.contains(&0) {
            return bad("logic.dies: give at least one positive count".into());
        }
        for v in self.logic.bf16_tflops.values() {
            if !(v > 0.0 && v.is_finite()) {
                return bad(format!("logic.bf16_tflops: {v} must be positive"));
            }
        }
        num(&self.logic.max_bf16_tflops_per_mm2, "logic.max_bf16_tflops_per_mm2")?;
        if num(&self.logic.fp8_per_bf16, "logic.fp8_per_bf16")? <= 0.0 {
            return bad("logic.fp8_per_bf16 must be positive".into());
        }
        for (s, f) in [
            (&self.power.base_w, "power.base_w"),
            (&self.power.w_per_bf16_tflop, "power.w_per_bf16_tflop"),
            (&self.power.max_tdp_w, "power.max_tdp_w"),
            (&self.price.base_usd, "price.base_usd"),
            (&self.price.usd_per_mm2, "price.usd_per_mm2"),
            (&self.price.hbm_packaging_usd, "price.hbm_packaging_usd"),
            (&self.memory_speed.min, "memory_speed.min"),
        ] {
            num(s, f)?;
        }
        if self.memory.is_empty() {
            return bad("give at least one [[memory]] technology".into());
        }
        for m in &self.memory {
            if num(&m.bandwidth_gbs, "memory.bandwidth_gbs")? <= 0.0
                || m.capacity_gb.iter().any(|c| *c <= 0.0)
                || m.capacity_gb.is_empty()
                || m.units.is_empty()
                || m.units.contains(&0)
            {
                return bad(format!("memory {}: bandwidth, capacities and unit counts must be positive", m.kind));
            }
            num(&m.usd_per_gb, "memory.usd_per_gb")?;
            num(&m.w_per_unit, "memory.w_per_unit")?;
            if let Some(a) = m.available.as_ref().and_then(|a| a.value.as_deref())
                && a.parse::<redline_rules::Date>().is_err()
            {
                return bad(format!("memory {}: available {a:?} is not a YYYY-MM-DD date", m.kind));
            }
        }
        if self.memory_speed.values.iter().any(|v| !(*v > 0.0 && *v <= 1.0)) {
            return bad("memory_speed.values must be in (0, 1]".into());
        }
        if self.interconnect.chip_to_chip_gbs.is_empty() || self.interconnect.host_gbs.is_empty() {
            return bad("interconnect: give chip_to_chip_gbs and host_gbs options".into());
        }
        if self.market.datacenter.is_empty() {
            return bad("market.datacenter: give true, false or both".into());
        }
        Ok(())
    }

    /// TPP per dense BF16 TFLOP/s of a design (max over its formats of rate × bits).
    #[must_use]
    pub fn tpp_per_bf16(&self) -> f64 {
        let fp8 = self.logic.fp8_per_bf16.known().unwrap_or(2.0);
        f64::max(16.0, 8.0 * fp8)
    }
}

/// One memory configuration on the grid.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MemoryConfig {
    /// Index into [`DesignSpace::memory`].
    pub tech: usize,
    /// Units (stacks, devices, packages).
    pub units: u32,
    /// Capacity per unit, GB.
    pub unit_gb: f64,
    /// Fraction of full speed.
    pub speed: f64,
}

/// One design: everything a spec needs, with the derived numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Design {
    /// Grid index (refined designs carry the index of the grid design they grew from).
    pub index: u64,
    /// Logic dies.
    pub dies: u32,
    /// Area of each die, mm².
    pub die_area_mm2: f64,
    /// Dense BF16 TFLOP/s.
    pub bf16_tflops: f64,
    /// Dense FP8 TFLOP/s.
    pub fp8_tflops: f64,
    /// Total processing performance.
    pub tpp: f64,
    /// TPP per mm² of applicable die area.
    pub performance_density: f64,
    /// Memory technology.
    pub memory_type: String,
    /// Memory units.
    pub memory_units: u32,
    /// Capacity per unit, GB.
    pub memory_unit_gb: f64,
    /// Fraction of full memory speed.
    pub memory_speed: f64,
    /// Total DRAM bandwidth, GB/s.
    pub memory_bandwidth_gbs: f64,
    /// DRAM capacity, GB.
    pub memory_capacity_gb: f64,
    /// Chip-to-chip bandwidth, GB/s.
    pub chip_to_chip_gbs: f64,
    /// Host link bandwidth, GB/s.
    pub host_gbs: f64,
    /// Designed or marketed for datacenters.
    pub datacenter: bool,
    /// Board power (model), W.
    pub tdp_w: f64,
    /// Unit price (model), USD.
    pub price_usd: f64,
}

impl Design {
    /// Applicable (non-planar logic) die area, mm².
    #[must_use]
    pub fn applicable_area_mm2(&self) -> f64 {
        f64::from(self.dies) * self.die_area_mm2
    }

    /// The design as a chip spec in the catalogue's schema (docs/spec-schema.md).
    #[must_use]
    pub fn spec(&self, id: &str, name: &str, vendor: &str, family: &str) -> ChipSpec {
        let dense = Dense {
            bf16: Some(Sourced::bare(Tops(self.bf16_tflops))),
            fp16: Some(Sourced::bare(Tops(self.bf16_tflops))),
            fp8: Some(Sourced::bare(Tops(self.fp8_tflops))),
            int8: Some(Sourced::bare(Tops(self.fp8_tflops))),
            ..Dense::default()
        };
        let area = Sourced::bare(SquareMm(self.die_area_mm2));
        ChipSpec {
            id: id.to_string(),
            name: name.to_string(),
            vendor: vendor.to_string(),
            datacenter: Sourced::bare(self.datacenter),
            label: Some("frontier".to_string()),
            aliases: vec![],
            item: redline_catalog::spec::ItemKind::Accelerator,
            family: Some(family.to_string()),
            architecture: None,
            form_factor: None,
            launch: None,
            process_node: None,
            transistors_billion: None,
            tdp_w: Some(Sourced::bare(Watts(self.tdp_w))),
            price_usd: Some(Sourced::bare(Usd(self.price_usd))),
            china_specific: None,
            us_commercially_available: None,
            origin: None,
            dies: vec![Die {
                name: None,
                area_mm2: area,
                planar: false,
                count: (self.dies > 1).then(|| Sourced::bare(Count(self.dies))),
            }],
            dense,
            memory: Memory {
                kind: Some(Sourced::bare(self.memory_type.clone())),
                capacity_gb: Some(Sourced::bare(Gigabytes(self.memory_capacity_gb))),
                bandwidth_gbs: Some(Sourced::bare(GigabytesPerSec(self.memory_bandwidth_gbs))),
                stacks: Some(Sourced::bare(Count(self.memory_units))),
                package_area_mm2: None,
            },
            interconnect: Interconnect {
                chip_to_chip_gbs: Some(Sourced::bare(GigabytesPerSec(self.chip_to_chip_gbs))),
                host_gbs: Some(Sourced::bare(GigabytesPerSec(self.host_gbs))),
                name: None,
                host_name: None,
            },
            conflicts: vec![],
            revisions: vec![],
            sources: BTreeMap::new(),
        }
    }

    /// The design as a catalogue chip (metrics computed by the catalogue).
    #[must_use]
    pub fn chip(&self, vendor: &str, family: &str) -> Chip {
        Chip::new(self.spec("frontier-design", "Frontier design", vendor, family), "frontier")
    }
}

/// The grid a sweep walks: the space's axes plus values snapped under the lines.
#[derive(Clone, Debug)]
pub struct Grid {
    /// `(dies, die area mm²)`.
    pub layouts: Vec<(u32, f64)>,
    /// Dense BF16 TFLOP/s.
    pub compute: Vec<f64>,
    /// Memory configurations.
    pub memory: Vec<MemoryConfig>,
    /// Chip-to-chip options, GB/s.
    pub chip_to_chip: Vec<f64>,
    /// Host options, GB/s.
    pub host: Vec<f64>,
    /// Market options.
    pub datacenter: Vec<bool>,
    space: DesignSpace,
    reticle: f64,
}

fn sorted_unique(mut v: Vec<f64>) -> Vec<f64> {
    v.retain(|x| x.is_finite() && *x >= 0.0);
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() <= 1e-9 * b.abs().max(1.0));
    v
}

impl Grid {
    /// Builds the grid: the space's axes, plus for every line in `lines` the value just
    /// `snap` (a fraction, e.g. 0.005) under it along the axis that moves that metric.
    #[must_use]
    pub fn new(space: &DesignSpace, lines: &Lines, snap: f64, date: Option<redline_rules::Date>) -> Grid {
        let reticle = space.logic.reticle_limit_mm2.known().unwrap_or(858.0);
        let mut layouts = Vec::new();
        for &d in &space.logic.dies {
            for &a in &space.logic.die_area_mm2 {
                layouts.push((d, a));
            }
        }
        layouts.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)));
        layouts.dedup();
        let per = space.tpp_per_bf16();
        let under = 1.0 - snap;
        let mut compute = space.logic.bf16_tflops.values();
        for l in lines.values(MetricKind::Tpp).chain(lines.values(MetricKind::BitLengthTops)) {
            compute.push(l * under / per);
        }
        for d in lines.values(MetricKind::PerformanceDensity) {
            for &(n, a) in &layouts {
                compute.push(d * f64::from(n) * a * under / per);
            }
        }
        let compute = sorted_unique(compute);

        let speeds = sorted_unique(space.memory_speed.values.clone());
        let min_speed = space.memory_speed.min.known().unwrap_or(0.5);
        let mut memory = Vec::new();
        for (t, tech) in space.memory.iter().enumerate() {
            if date.is_some_and(|d| !tech.available_on(d)) {
                continue;
            }
            let bw = tech.bandwidth_gbs.known().unwrap_or(0.0);
            for &unit_gb in &tech.capacity_gb {
                for &units in &tech.units {
                    if units > tech.max_units {
                        continue;
                    }
                    let mut s: Vec<f64> = speeds.clone();
                    for l in lines.values(MetricKind::DramBandwidth) {
                        let f = l * under / (f64::from(units) * bw);
                        if f >= min_speed && f < 1.0 {
                            s.push(f);
                        }
                    }
                    for speed in sorted_unique(s) {
                        memory.push(MemoryConfig { tech: t, units, unit_gb, speed });
                    }
                }
            }
        }
        let host = sorted_unique(space.interconnect.host_gbs.clone());
        let mut c2c = space.interconnect.chip_to_chip_gbs.clone();
        let max_c2c = c2c.iter().copied().fold(0.0, f64::max);
        for l in lines.values(MetricKind::ChipToChip) {
            c2c.push(l * under);
        }
        for l in lines.values(MetricKind::IoAggregate) {
            for h in &host {
                c2c.push(l * under - h);
            }
        }
        c2c.retain(|c| *c <= max_c2c);
        let chip_to_chip = sorted_unique(c2c);
        let mut datacenter = space.market.datacenter.clone();
        datacenter.sort_unstable();
        datacenter.dedup();
        Grid { layouts, compute, memory, chip_to_chip, host, datacenter, space: space.clone(), reticle }
    }

    /// The space the grid was built from.
    #[must_use]
    pub fn space(&self) -> &DesignSpace {
        &self.space
    }

    /// Number of grid points (buildable or not).
    #[must_use]
    pub fn len(&self) -> u64 {
        [
            self.layouts.len(),
            self.compute.len(),
            self.memory.len(),
            self.chip_to_chip.len(),
            self.host.len(),
            self.datacenter.len(),
        ]
        .iter()
        .map(|n| *n as u64)
        .product()
    }

    /// True when the grid has no points.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Decodes design `index`; `None` when it cannot be built (compute beyond what the area
    /// allows, more memory units than the dies' edges take, power above the cap).
    #[must_use]
    pub fn design(&self, index: u64) -> Option<Design> {
        let mut i = index;
        let mut take = |n: usize| {
            let n = n as u64;
            let r = i % n;
            i /= n;
            usize::try_from(r).unwrap_or(0)
        };
        // Innermost axis first.
        let dc = self.datacenter[take(self.datacenter.len())];
        let host = self.host[take(self.host.len())];
        let c2c = self.chip_to_chip[take(self.chip_to_chip.len())];
        let mem = self.memory[take(self.memory.len())];
        let bf16 = self.compute[take(self.compute.len())];
        let (dies, area) = self.layouts[take(self.layouts.len())];
        self.build(index, dies, area, bf16, mem, c2c, host, dc)
    }

    /// Builds a design from its parameters, or `None` when it is not buildable.
    #[allow(clippy::too_many_arguments)]
    #[must_use]
    pub fn build(
        &self,
        index: u64,
        dies: u32,
        die_area_mm2: f64,
        bf16_tflops: f64,
        mem: MemoryConfig,
        chip_to_chip_gbs: f64,
        host_gbs: f64,
        datacenter: bool,
    ) -> Option<Design> {
        let s = &self.space;
        let total_area = f64::from(dies) * die_area_mm2;
        let max_compute = s.logic.max_bf16_tflops_per_mm2.known().unwrap_or(0.0) * total_area;
        if bf16_tflops > max_compute * (1.0 + 1e-12) || die_area_mm2 > self.reticle {
            return None;
        }
        let tech = &s.memory[mem.tech];
        let per_die = f64::from(tech.units_per_die.known().unwrap_or(1)) * (die_area_mm2 / self.reticle).sqrt();
        let fit_units = ((per_die.floor().max(1.0)) * f64::from(dies)).min(f64::from(tech.max_units));
        if f64::from(mem.units) > fit_units {
            return None;
        }
        let units = f64::from(mem.units);
        let tdp = s.power.base_w.known().unwrap_or(0.0)
            + s.power.w_per_bf16_tflop.known().unwrap_or(0.0) * bf16_tflops
            + tech.w_per_unit.known().unwrap_or(0.0) * units;
        if tdp > s.power.max_tdp_w.known().unwrap_or(f64::INFINITY) {
            return None;
        }
        let capacity = units * mem.unit_gb;
        let price = s.price.base_usd.known().unwrap_or(0.0)
            + s.price.usd_per_mm2.known().unwrap_or(0.0) * total_area
            + tech.usd_per_gb.known().unwrap_or(0.0) * capacity
            + if tech.is_hbm() { s.price.hbm_packaging_usd.known().unwrap_or(0.0) } else { 0.0 };
        let fp8 = bf16_tflops * s.logic.fp8_per_bf16.known().unwrap_or(2.0);
        let tpp = f64::max(bf16_tflops * 16.0, fp8 * 8.0);
        Some(Design {
            index,
            dies,
            die_area_mm2,
            bf16_tflops,
            fp8_tflops: fp8,
            tpp,
            performance_density: tpp / total_area,
            memory_type: tech.kind.clone(),
            memory_units: mem.units,
            memory_unit_gb: mem.unit_gb,
            memory_speed: mem.speed,
            memory_bandwidth_gbs: units * tech.bandwidth_gbs.known().unwrap_or(0.0) * mem.speed,
            memory_capacity_gb: capacity,
            chip_to_chip_gbs,
            host_gbs,
            datacenter,
            tdp_w: tdp,
            price_usd: price,
        })
    }

    /// Rebuilds `d` with some knobs changed (for refinement); `None` when not buildable.
    #[must_use]
    pub fn rebuild(&self, d: &Design, bf16_tflops: f64, memory_speed: f64, chip_to_chip_gbs: f64) -> Option<Design> {
        let tech = self.space.memory.iter().position(|m| m.kind == d.memory_type)?;
        let min_speed = self.space.memory_speed.min.known().unwrap_or(0.5);
        if !(min_speed..=1.0).contains(&memory_speed) {
            return None;
        }
        let max_c2c = self.space.interconnect.chip_to_chip_gbs.iter().copied().fold(0.0, f64::max);
        if chip_to_chip_gbs > max_c2c || chip_to_chip_gbs < 0.0 {
            return None;
        }
        let mem = MemoryConfig { tech, units: d.memory_units, unit_gb: d.memory_unit_gb, speed: memory_speed };
        self.build(d.index, d.dies, d.die_area_mm2, bf16_tflops, mem, chip_to_chip_gbs, d.host_gbs, d.datacenter)
    }

    /// Largest enabled compute the design's area allows, dense BF16 TFLOP/s.
    #[must_use]
    pub fn max_compute(&self, d: &Design) -> f64 {
        self.space.logic.max_bf16_tflops_per_mm2.known().unwrap_or(0.0) * d.applicable_area_mm2()
    }

    /// Largest chip-to-chip bandwidth in the space, GB/s.
    #[must_use]
    pub fn max_chip_to_chip(&self) -> f64 {
        self.space.interconnect.chip_to_chip_gbs.iter().copied().fold(0.0, f64::max)
    }
}
