//! Constraints: what a design must satisfy, answered by the rules engine itself.
//!
//! The rules engine (`redline_rules::check`) is the only judge. This module adds two things
//! around it, neither of which re-codes a threshold:
//! * a cache keyed by where each rule-relevant metric sits among the lines the editions in
//!   effect declare (the engine's answer can only change when a metric crosses one of them),
//!   so a sweep asks the engine once per cell instead of once per design;
//! * a line shift for sensitivity runs: moving all lines of one metric by a factor is the
//!   same as presenting the engine with that metric divided by the factor.

use std::collections::HashMap;

use serde::Serialize;

use redline_catalog::Chip;
use redline_rules::check::policy;
use redline_rules::edition::{Comparison, MetricKind};
use redline_rules::{Countries, Date, editions};

use crate::SearchError;
use crate::space::Design;

/// What the export must get.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConstraintKind {
    /// No licence required for the destination on the date (the default).
    NoLicence,
    /// No licence, or a licence exception (NAC/ACA) available.
    LicenceException,
    /// Anything but a presumption of denial: no licence, an exception, or a licence reviewed
    /// case by case or with a presumption of approval.
    CaseByCase,
}

impl ConstraintKind {
    /// Name as the CLI spells it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ConstraintKind::NoLicence => "no-licence",
            ConstraintKind::LicenceException => "licence-exception",
            ConstraintKind::CaseByCase => "case-by-case",
        }
    }

    /// Parses the CLI spelling.
    ///
    /// # Errors
    /// [`SearchError::Input`] for an unknown name.
    pub fn parse(s: &str) -> Result<ConstraintKind, SearchError> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "no-licence" | "no-license" | "licence-free" | "license-free" => Ok(ConstraintKind::NoLicence),
            "licence-exception" | "license-exception" | "exception" => Ok(ConstraintKind::LicenceException),
            "case-by-case" | "not-denial" => Ok(ConstraintKind::CaseByCase),
            _ => Err(SearchError::Input(format!(
                "unknown constraint {s:?}: use no-licence, licence-exception or case-by-case"
            ))),
        }
    }
}

/// A metric whose lines a sensitivity run moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ShiftMetric {
    /// Every TPP line (and the 2022 bit-length × TOPS line).
    Tpp,
    /// Every performance-density line.
    Density,
    /// Every DRAM-bandwidth line.
    Dram,
    /// Every chip-to-chip and aggregate-I/O line.
    ChipToChip,
}

impl ShiftMetric {
    /// Parses `tpp`, `density`/`pd`, `dram`, `c2c`.
    ///
    /// # Errors
    /// [`SearchError::Input`] for anything else.
    pub fn parse(s: &str) -> Result<ShiftMetric, SearchError> {
        match s.to_ascii_lowercase().as_str() {
            "tpp" => Ok(ShiftMetric::Tpp),
            "density" | "pd" | "performance_density" | "performance-density" => Ok(ShiftMetric::Density),
            "dram" | "memory" | "dram_bandwidth" | "bandwidth" => Ok(ShiftMetric::Dram),
            "c2c" | "chip_to_chip" | "interconnect" => Ok(ShiftMetric::ChipToChip),
            _ => Err(SearchError::Input(format!("cannot vary {s:?}: use tpp, density, dram or c2c"))),
        }
    }

    /// The rule metrics it moves.
    #[must_use]
    pub fn kinds(self) -> &'static [MetricKind] {
        match self {
            ShiftMetric::Tpp => &[MetricKind::Tpp, MetricKind::BitLengthTops],
            ShiftMetric::Density => &[MetricKind::PerformanceDensity],
            ShiftMetric::Dram => &[MetricKind::DramBandwidth],
            ShiftMetric::ChipToChip => &[MetricKind::ChipToChip, MetricKind::IoAggregate],
        }
    }
}

/// Every line of one metric moved by `factor` (a line at `reference` now sits at `to`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LineShift {
    /// Metric.
    pub metric: ShiftMetric,
    /// The line the user moves, as the editions state it.
    pub reference: f64,
    /// Where it moves to.
    pub to: f64,
}

impl LineShift {
    /// `to / reference`.
    #[must_use]
    pub fn factor(&self) -> f64 {
        self.to / self.reference
    }
}

/// One line of an edition in effect.
#[derive(Clone, Debug, Serialize)]
pub struct Line {
    /// Threshold id, e.g. `3A090.b.1/tpp-min`.
    pub id: &'static str,
    /// Edition id.
    pub edition: &'static str,
    /// Metric compared.
    #[serde(serialize_with = "metric_name")]
    pub metric: MetricKind,
    /// Comparison.
    pub comparison: Comparison,
    /// Value in effect (after any shift).
    pub value: f64,
    /// Value the edition states.
    pub stated: f64,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn metric_name<S: serde::Serializer>(m: &MetricKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(m.as_str())
}

/// The lines of every edition in effect on a date, shifted if asked.
#[derive(Clone, Debug, Default)]
pub struct Lines {
    /// All lines.
    pub lines: Vec<Line>,
}

impl Lines {
    /// Lines in effect on `date`, with `shift` applied.
    #[must_use]
    pub fn on(date: Date, shift: Option<LineShift>) -> Lines {
        let mut lines = Vec::new();
        for e in editions::in_effect(date) {
            for t in e.thresholds {
                let factor = match shift {
                    Some(s) if s.metric.kinds().contains(&t.metric) => s.factor(),
                    _ => 1.0,
                };
                lines.push(Line {
                    id: t.id,
                    edition: e.id,
                    metric: t.metric,
                    comparison: t.comparison,
                    value: t.value * factor,
                    stated: t.value,
                });
            }
        }
        Lines { lines }
    }

    /// Values of the lines on one metric.
    pub fn values(&self, metric: MetricKind) -> impl Iterator<Item = f64> + '_ {
        self.lines.iter().filter(move |l| l.metric == metric).map(|l| l.value)
    }

    fn sorted(&self, metric: MetricKind) -> Vec<f64> {
        let mut v: Vec<f64> = self.lines.iter().filter(|l| l.metric == metric).map(|l| l.stated).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v
    }
}

/// The rule-relevant metrics of a design, as presented to the engine.
#[derive(Clone, Copy, Debug)]
struct Presented {
    tpp: f64,
    area: f64,
    dram: f64,
    c2c: f64,
    host: f64,
}

/// A constraint bound to a date, destination and designer: judges designs and chips.
#[derive(Debug)]
pub struct Judge {
    /// Which answer counts as allowed.
    pub kind: ConstraintKind,
    /// Destination, ISO alpha-2.
    pub destination: String,
    /// Date.
    pub date: Date,
    /// Vendor the designs are judged as (company-specific letters name vendors).
    pub vendor: String,
    /// Architecture family of the designs (perf model profile).
    pub family: String,
    /// Line shift for sensitivity runs.
    pub shift: Option<LineShift>,
    countries: Countries,
    /// Lines as stated (bucketing uses presented metrics against these).
    stated: Vec<(MetricKind, Vec<f64>)>,
    /// Lines in effect after the shift (snapping and binding use these).
    lines: Lines,
}

/// The metrics the cache is keyed on. The 2022 test's bit length × TOPS is the same number as
/// TPP (crates/redline-catalog/src/metrics.rs), but its lines are its own and must be keyed too.
const KEYED: [MetricKind; 7] = [
    MetricKind::Tpp,
    MetricKind::BitLengthTops,
    MetricKind::PerformanceDensity,
    MetricKind::DramBandwidth,
    MetricKind::ChipToChip,
    MetricKind::IoAggregate,
    MetricKind::DramPlusInterconnect,
];

impl Judge {
    /// A judge for `kind` exports to `destination` on `date`.
    ///
    /// # Errors
    /// Unknown destination or a date before the first edition.
    pub fn new(
        kind: ConstraintKind,
        destination: &str,
        date: Date,
        vendor: &str,
        family: &str,
        shift: Option<LineShift>,
    ) -> Result<Judge, SearchError> {
        let countries = Countries::embedded().map_err(|e| SearchError::Internal(e.to_string()))?;
        countries.get(destination).map_err(|e| SearchError::Input(e.to_string()))?;
        if date < editions::FIRST {
            return Err(SearchError::Input(format!("no rule edition before {}: {date} is earlier", editions::FIRST)));
        }
        let base = Lines::on(date, None);
        let stated = KEYED.iter().map(|k| (*k, base.sorted(*k))).collect();
        Ok(Judge {
            kind,
            destination: destination.to_ascii_uppercase(),
            date,
            vendor: vendor.to_string(),
            family: family.to_string(),
            shift,
            countries,
            stated,
            lines: Lines::on(date, shift),
        })
    }

    /// The same judge with another line shift.
    ///
    /// # Errors
    /// As [`Judge::new`].
    pub fn with_shift(&self, shift: Option<LineShift>) -> Result<Judge, SearchError> {
        Judge::new(self.kind, &self.destination, self.date, &self.vendor, &self.family, shift)
    }

    /// Lines in effect (after the shift).
    #[must_use]
    pub fn lines(&self) -> &Lines {
        &self.lines
    }

    fn present(&self, tpp: f64, area: f64, dram: f64, c2c: f64, host: f64) -> Presented {
        let mut p = Presented { tpp, area, dram, c2c, host };
        if let Some(s) = self.shift {
            let k = s.factor();
            match s.metric {
                ShiftMetric::Tpp => {
                    p.tpp /= k;
                    p.area /= k;
                }
                ShiftMetric::Density => p.area *= k,
                ShiftMetric::Dram => p.dram /= k,
                ShiftMetric::ChipToChip => {
                    // Aggregate I/O = c2c + host moves as a whole: scale both.
                    p.c2c /= k;
                    p.host /= k;
                }
            }
        }
        p
    }

    /// The cache cell of a design: per keyed metric, its position among the stated lines.
    fn key(&self, d: &Design) -> u64 {
        let p = self.present(d.tpp, d.applicable_area_mm2(), d.memory_bandwidth_gbs, d.chip_to_chip_gbs, d.host_gbs);
        let values = [p.tpp, p.tpp, p.tpp / p.area, p.dram, p.c2c, p.c2c + p.host, p.dram + p.c2c];
        let mut key: u64 = u64::from(d.datacenter);
        for ((_, lines), v) in self.stated.iter().zip(values) {
            let below = lines.partition_point(|l| *l < v);
            let equal = lines.get(below).is_some_and(|l| *l == v);
            let code = (below as u64) * 2 + u64::from(equal);
            key = key * 64 + code.min(63);
        }
        key
    }

    /// Presents a chip to the engine with the shift applied.
    fn presented_chip(&self, chip: &Chip) -> Chip {
        let Some(s) = self.shift else { return chip.clone() };
        let mut c = chip.clone();
        let k = s.factor();
        let m = &mut c.metrics;
        let scale = |x: &mut Option<redline_catalog::Metric>, f: f64| {
            if let Some(v) = x {
                v.value *= f;
            }
        };
        match s.metric {
            ShiftMetric::Tpp => {
                scale(&mut m.tpp, 1.0 / k);
                scale(&mut m.bit_length_tops, 1.0 / k);
                scale(&mut m.applicable_die_area_mm2, 1.0 / k);
            }
            ShiftMetric::Density => {
                scale(&mut m.performance_density, 1.0 / k);
                scale(&mut m.applicable_die_area_mm2, k);
            }
            ShiftMetric::Dram => scale(&mut m.dram_bandwidth_gbs, 1.0 / k),
            ShiftMetric::ChipToChip => {
                scale(&mut m.chip_to_chip_gbs, 1.0 / k);
                scale(&mut m.host_gbs, 1.0 / k);
                scale(&mut m.io_aggregate_gbs, 1.0 / k);
            }
        }
        c
    }

    /// Asks the rules engine about a chip (shift applied) and maps the answer. Every chip is
    /// judged as subject to the EAR: the frontier asks what the line allows, and a chip designed
    /// outside the US is not "allowed" by it only because the EAR might not reach it.
    ///
    /// # Errors
    /// Rules errors (cannot happen once [`Judge::new`] succeeded).
    pub fn chip_allowed(&self, chip: &Chip) -> Result<(bool, String), SearchError> {
        let presented = self.presented_chip(chip);
        let facts = redline_rules::FactInput { subject_to_ear: Some(true), ..redline_rules::FactInput::default() };
        let c = redline_rules::check_with(&presented, &self.countries, &self.destination, self.date, &facts)
            .map_err(|e| SearchError::Internal(e.to_string()))?;
        let allowed = match self.kind {
            ConstraintKind::NoLicence => !c.license_required,
            ConstraintKind::LicenceException => !c.license_required || !c.license_exceptions.is_empty(),
            ConstraintKind::CaseByCase => {
                !c.license_required
                    || !c.license_exceptions.is_empty()
                    || matches!(c.review_policy, Some(p) if p == policy::CASE_BY_CASE || p == policy::APPROVAL)
            }
        };
        Ok((allowed, c.summary))
    }

    /// Judges a design with no cache (the engine is asked every time).
    ///
    /// # Errors
    /// As [`Judge::chip_allowed`].
    pub fn design_allowed_uncached(&self, d: &Design) -> Result<(bool, String), SearchError> {
        self.chip_allowed(&d.chip(&self.vendor, &self.family))
    }

    /// Judges a design through a cache.
    ///
    /// # Errors
    /// As [`Judge::chip_allowed`].
    pub fn design_allowed(&self, d: &Design, cache: &mut HashMap<u64, bool>) -> Result<bool, SearchError> {
        let key = self.key(d);
        if let Some(a) = cache.get(&key) {
            return Ok(*a);
        }
        let (a, _) = self.design_allowed_uncached(d)?;
        cache.insert(key, a);
        Ok(a)
    }

    /// The lines an allowed design touches: within `margin` (a fraction) below a line whose
    /// crossing would break the constraint (the engine is asked at a point just past it).
    ///
    /// # Errors
    /// As [`Judge::chip_allowed`].
    pub fn binding(&self, d: &Design, margin: f64, per_bf16: f64) -> Result<Vec<Binding>, SearchError> {
        let mut out: Vec<Binding> = Vec::new();
        for line in &self.lines.lines {
            let value = match line.metric {
                MetricKind::Tpp | MetricKind::BitLengthTops => d.tpp,
                MetricKind::PerformanceDensity => d.performance_density,
                MetricKind::DramBandwidth => d.memory_bandwidth_gbs,
                MetricKind::ChipToChip => d.chip_to_chip_gbs,
                MetricKind::IoAggregate => d.chip_to_chip_gbs + d.host_gbs,
                MetricKind::DramPlusInterconnect => d.memory_bandwidth_gbs + d.chip_to_chip_gbs,
                MetricKind::MemoryBandwidthDensity => continue,
            };
            if !(line.value > value && (line.value - value) / line.value <= margin) {
                continue;
            }
            if out.iter().any(|b| b.id == line.id) {
                continue;
            }
            let target = line.value * (1.0 + 1e-9);
            let mut p = d.clone();
            match line.metric {
                MetricKind::Tpp | MetricKind::BitLengthTops => {
                    p.bf16_tflops = target / per_bf16;
                    p.fp8_tflops = p.bf16_tflops * (d.fp8_tflops / d.bf16_tflops);
                    p.tpp = target;
                    p.performance_density = target / d.applicable_area_mm2();
                }
                MetricKind::PerformanceDensity => {
                    p.die_area_mm2 = d.tpp / (target * f64::from(d.dies));
                    p.performance_density = target;
                }
                MetricKind::DramBandwidth => p.memory_bandwidth_gbs = target,
                MetricKind::ChipToChip => p.chip_to_chip_gbs = target,
                MetricKind::IoAggregate => p.chip_to_chip_gbs = target - d.host_gbs,
                MetricKind::DramPlusInterconnect => p.memory_bandwidth_gbs = target - d.chip_to_chip_gbs,
                MetricKind::MemoryBandwidthDensity => {}
            }
            let (allowed, becomes) = self.design_allowed_uncached(&p)?;
            if !allowed {
                out.push(Binding {
                    id: line.id,
                    edition: line.edition,
                    metric: line.metric.as_str(),
                    line: line.value,
                    value,
                    margin_percent: (line.value - value) / line.value * 100.0,
                    becomes,
                });
            }
        }
        Ok(out)
    }
}

/// A line a design touches.
#[derive(Clone, Debug, Serialize)]
pub struct Binding {
    /// Threshold id.
    pub id: &'static str,
    /// Edition id.
    pub edition: &'static str,
    /// Metric.
    pub metric: &'static str,
    /// The line (after any shift).
    pub line: f64,
    /// The design's value.
    pub value: f64,
    /// How far below the line, percent of the line.
    pub margin_percent: f64,
    /// What the engine answers just past the line.
    pub becomes: String,
}
