//! Metrics derived from a spec: computed here, never typed into a file.
//!
//! * TPP = max over formats of dense TOPS × bit length (sparsity never counts; the datasheet
//!   rate already counts a multiply-accumulate as two operations, so nothing is doubled).
//! * Applicable die area = sum of the non-planar logic dies (memory stacks are not dies here).
//! * Performance density = TPP ÷ applicable die area.
//! * 2022 aggregate I/O = chip-to-chip + host links, excluding DRAM.
//!
//! Each metric carries the weakest grade of the values it was computed from.

use serde::Serialize;

use crate::provenance::{Grade, Sourced};
use crate::spec::{ChipSpec, Format, ItemKind};

/// A computed number with the weakest grade among its inputs (`None`: user-supplied input).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Metric {
    /// The number.
    pub value: f64,
    /// Weakest grade of the inputs; `None` when an input had no grade (a user's file).
    pub grade: Option<Grade>,
}

impl Metric {
    fn of<T: Copy + Into<f64>>(s: &Sourced<T>) -> Option<Metric> {
        s.known().map(|v| Metric { value: v.into(), grade: s.grade })
    }

    fn combine(a: Option<Grade>, b: Option<Grade>) -> Option<Grade> {
        match (a, b) {
            (Some(x), Some(y)) => Some(x.weakest(y)),
            _ => None,
        }
    }
}

/// Everything the rules and charts need from a chip, computed once.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChipMetrics {
    /// Total processing performance.
    pub tpp: Option<Metric>,
    /// The format that sets TPP.
    pub tpp_format: Option<Format>,
    /// When TF32 sets TPP at its stored 32 bits: the TPP with TF32 counted at its 19
    /// significant bits instead (the rule does not say which; Redline reports both).
    pub tpp_with_tf32_at_19_bits: Option<f64>,
    /// Formats the spec lists as explicitly unknown (a table without `value`): TPP is then a
    /// lower bound if one of them would run at more than its share.
    pub unknown_formats: Vec<Format>,
    /// Sum of non-planar logic die area, mm².
    pub applicable_die_area_mm2: Option<Metric>,
    /// TPP per mm² of applicable die area.
    pub performance_density: Option<Metric>,
    /// The 2022 rule's aggregate bidirectional I/O to ICs other than memory, GB/s.
    pub io_aggregate_gbs: Option<Metric>,
    /// The 2022 rule's bit length × TOPS (numerically TPP for digital units).
    pub bit_length_tops: Option<Metric>,
    /// Total DRAM bandwidth, GB/s.
    pub dram_bandwidth_gbs: Option<Metric>,
    /// Chip-to-chip bandwidth, GB/s.
    pub chip_to_chip_gbs: Option<Metric>,
    /// Host link bandwidth, GB/s.
    pub host_gbs: Option<Metric>,
    /// Memory capacity, GB.
    pub memory_capacity_gb: Option<Metric>,
    /// For a standalone HBM item: bandwidth ÷ package area, GB/s/mm² (3A090.c).
    pub memory_bandwidth_density: Option<Metric>,
}

macro_rules! into_f64 {
    ($($t:ty),*) => {$(impl From<$t> for f64 { fn from(v: $t) -> f64 { v.0 } })*};
}
into_f64!(crate::units::Tops, crate::units::SquareMm, crate::units::GigabytesPerSec, crate::units::Gigabytes);

impl ChipMetrics {
    /// Computes every metric the spec allows; unknown inputs give unknown metrics.
    #[must_use]
    pub fn of(spec: &ChipSpec) -> ChipMetrics {
        let mut tpp: Option<(Metric, Format)> = None;
        for format in Format::ALL {
            let Some(entry) = spec.dense.entry(format) else {
                continue;
            };
            let Some(rate) = entry.known() else { continue };
            let value = rate.get() * f64::from(format.bit_length());
            // On a tie, a format whose bit length is not in question beats TF32.
            if tpp.is_none_or(|(best, f)| value > best.value || (value == best.value && f == Format::Tf32)) {
                tpp = Some((Metric { value, grade: entry.grade }, format));
            }
        }
        let tpp_with_tf32_at_19_bits = match tpp {
            Some((_, Format::Tf32)) => spec
                .dense
                .known()
                .map(|(f, v)| if f == Format::Tf32 { v * 19.0 } else { v * f64::from(f.bit_length()) })
                .reduce(f64::max),
            _ => None,
        }
        .filter(|alt| tpp.is_some_and(|(t, _)| *alt < t.value));
        let applicable_die_area_mm2 = applicable_area(spec);
        let performance_density = match (tpp, applicable_die_area_mm2) {
            (Some((t, _)), Some(a)) if a.value > 0.0 => {
                Some(Metric { value: t.value / a.value, grade: Metric::combine(t.grade, a.grade) })
            }
            _ => None,
        };
        let chip_to_chip_gbs = spec.interconnect.chip_to_chip_gbs.as_ref().and_then(Metric::of);
        let host_gbs = spec.interconnect.host_gbs.as_ref().and_then(Metric::of);
        let io_aggregate_gbs = match (chip_to_chip_gbs, host_gbs) {
            (Some(c), Some(h)) => Some(Metric { value: c.value + h.value, grade: Metric::combine(c.grade, h.grade) }),
            _ => None,
        };
        let dram_bandwidth_gbs = spec.memory.bandwidth_gbs.as_ref().and_then(Metric::of);
        let memory_bandwidth_density =
            match (spec.item, dram_bandwidth_gbs, spec.memory.package_area_mm2.as_ref().and_then(Metric::of)) {
                (ItemKind::Hbm, Some(bw), Some(area)) if area.value > 0.0 => {
                    Some(Metric { value: bw.value / area.value, grade: Metric::combine(bw.grade, area.grade) })
                }
                _ => None,
            };
        ChipMetrics {
            tpp: tpp.map(|(m, _)| m),
            tpp_format: tpp.map(|(_, f)| f),
            tpp_with_tf32_at_19_bits,
            unknown_formats: Format::ALL
                .into_iter()
                .filter(|f| spec.dense.entry(*f).is_some_and(|e| e.value.is_none()))
                .collect(),
            applicable_die_area_mm2,
            performance_density,
            io_aggregate_gbs,
            bit_length_tops: tpp.map(|(m, _)| m),
            dram_bandwidth_gbs,
            chip_to_chip_gbs,
            host_gbs,
            memory_capacity_gb: spec.memory.capacity_gb.as_ref().and_then(Metric::of),
            memory_bandwidth_density,
        }
    }
}

fn applicable_area(spec: &ChipSpec) -> Option<Metric> {
    let mut total = 0.0;
    let mut grade = Some(Grade::Official);
    let mut any = false;
    for die in spec.dies.iter().filter(|d| !d.planar) {
        let area = Metric::of(&die.area_mm2)?;
        let count = die.count.as_ref().and_then(Sourced::known).map_or(1.0, |c| f64::from(c.0));
        total += area.value * count;
        grade = Metric::combine(grade, area.grade);
        any = true;
    }
    any.then_some(Metric { value: total, grade })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Provenance, parse_spec};

    const H20: &str = r#"
id = "x1"
name = "Example X1"
vendor = "Example"
datacenter = true
[[dies]]
area_mm2 = 814.0
[[dies]]
area_mm2 = 100.0
planar = true
[dense]
fp16 = 148.0
fp8 = 296.0
[memory]
type = "HBM3"
capacity_gb = 96.0
bandwidth_gbs = 4000.0
[interconnect]
chip_to_chip_gbs = 900.0
host_gbs = 128.0
"#;

    #[test]
    fn h20_worked_example() {
        let spec = parse_spec(H20, "x1.toml", Provenance::Optional).unwrap();
        let m = ChipMetrics::of(&spec);
        // 296 TOPS × 8 bits = 2,368 (= 148 × 16); never 2 × 296 × 8 = 4,736.
        assert_eq!(m.tpp.unwrap().value, 2368.0);
        // The planar die does not count: 2,368 / 814 = 2.909...
        assert!((m.performance_density.unwrap().value - 2.909_09).abs() < 1e-4);
        // 900 NVLink + 128 PCIe = 1,028 GB/s.
        assert_eq!(m.io_aggregate_gbs.unwrap().value, 1028.0);
        assert_eq!(m.tpp.unwrap().grade, None);
    }

    #[test]
    fn unknown_area_means_unknown_density() {
        let text = H20.replacen("area_mm2 = 814.0", "area_mm2 = { note = \"not published\" }", 1);
        let spec = parse_spec(&text, "x1.toml", Provenance::Optional).unwrap();
        let m = ChipMetrics::of(&spec);
        assert!(m.tpp.is_some());
        assert!(m.performance_density.is_none());
    }
}
