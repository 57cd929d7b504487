//! Headroom: how far each metric may grow before the chip crosses the next line.
//!
//! Four directions, each moved alone from the chip's spec: compute (all formats scaled
//! together, die area fixed: TPP and density grow together), die area (shrunk: density grows,
//! TPP fixed), DRAM bandwidth, and chip-to-chip bandwidth. For each, the candidate crossing
//! points are the thresholds of every edition in effect; the rules engine itself re-evaluates
//! the chip at each candidate, and the first one that changes the answer (classification or
//! the licence verdict for the destination) is reported.

use serde::Serialize;

use redline_catalog::{Chip, Metric};

use crate::RulesError;
use crate::check::check_classified;
use crate::classify::classify;
use crate::country::Countries;
use crate::date::Date;
use crate::edition::MetricKind;
use crate::editions;

/// Headroom along one direction.
#[derive(Clone, Debug, Serialize)]
pub struct Headroom {
    /// Direction: `compute`, `die_area`, `dram_bandwidth`, `chip_to_chip_bandwidth`.
    pub direction: &'static str,
    /// Metric the line is on.
    pub metric: &'static str,
    /// Current value (null: unknown).
    pub current: Option<f64>,
    /// Value at which the answer changes (null: no line ahead).
    pub limit: Option<f64>,
    /// Allowed growth before crossing, in percent (null: none ahead or unknown).
    pub growth_percent: Option<f64>,
    /// The line crossed.
    pub line: Option<&'static str>,
    /// What the answer becomes there.
    pub becomes: Option<String>,
    /// Notes.
    pub note: String,
}

/// The answer that headroom watches.
fn status(chip: &Chip, countries: &Countries, destination: &str, date: Date) -> Result<(String, String), RulesError> {
    let cls = classify(chip, date)?;
    let country = countries.get(destination)?;
    let check = check_classified(chip, &country, &cls, date);
    let key = format!(
        "{:?}|{}|{:?}|{:?}",
        cls.paragraphs,
        check.license_required,
        check.review_policy,
        check.license_exceptions.iter().map(|e| e.id).collect::<Vec<_>>()
    );
    Ok((key, check.summary))
}

fn scaled(chip: &Chip, direction: &str, factor: f64) -> Chip {
    let mut c = chip.clone();
    let scale = |m: &mut Option<Metric>| {
        if let Some(x) = m {
            x.value *= factor;
        }
    };
    let m = &mut c.metrics;
    match direction {
        "compute" => {
            scale(&mut m.tpp);
            scale(&mut m.bit_length_tops);
            scale(&mut m.performance_density);
        }
        "die_area" => {
            scale(&mut m.performance_density);
            if let Some(a) = &mut m.applicable_die_area_mm2 {
                a.value /= factor;
            }
        }
        "dram_bandwidth" => scale(&mut m.dram_bandwidth_gbs),
        _ => {
            scale(&mut m.chip_to_chip_gbs);
            if let (Some(io), Some(c2c)) = (&mut m.io_aggregate_gbs, chip.metrics.chip_to_chip_gbs) {
                io.value += c2c.value * (factor - 1.0);
            }
        }
    }
    c
}

/// Headroom in each direction under the regime on `date`, for `destination`.
///
/// # Errors
/// Unknown destination, or a date before the first edition.
pub fn headroom(
    chip: &Chip,
    countries: &Countries,
    destination: &str,
    date: Date,
) -> Result<Vec<Headroom>, RulesError> {
    let (base, _) = status(chip, countries, destination, date)?;
    let directions: [(&'static str, MetricKind, &[MetricKind]); 4] = [
        ("compute", MetricKind::Tpp, &[MetricKind::Tpp, MetricKind::BitLengthTops, MetricKind::PerformanceDensity]),
        ("die_area", MetricKind::PerformanceDensity, &[MetricKind::PerformanceDensity]),
        ("dram_bandwidth", MetricKind::DramBandwidth, &[MetricKind::DramBandwidth]),
        ("chip_to_chip_bandwidth", MetricKind::ChipToChip, &[MetricKind::ChipToChip, MetricKind::IoAggregate]),
    ];
    let mut out = Vec::new();
    for (direction, shown, moved) in directions {
        let current = crate::classify::metric_value(chip, shown).map(|m| m.value);
        let mut candidates: Vec<(f64, &'static str)> = Vec::new();
        for e in editions::in_effect(date) {
            for t in e.thresholds {
                if !moved.contains(&t.metric) || t.id.contains("unverified") {
                    continue;
                }
                let Some(now) = crate::classify::metric_value(chip, t.metric).map(|m| m.value) else {
                    continue;
                };
                if now <= 0.0 {
                    continue;
                }
                // A lower bound is crossed on reaching it; an upper bound ("less than") too.
                let factor = t.value / now;
                if factor > 1.0 + 1e-12 {
                    candidates.push((factor, t.id));
                }
            }
        }
        candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut found = None;
        for (factor, line) in candidates {
            // Nudge just past the line so "greater than" lines count as crossed too.
            let probe = scaled(chip, direction, factor * (1.0 + 1e-9));
            let (key, summary) = status(&probe, countries, destination, date)?;
            if key != base {
                found = Some((factor, line, summary));
                break;
            }
        }
        let note = match (current, &found) {
            (None, _) => "unknown: the spec lacks this metric".to_string(),
            (Some(_), None) => "no line ahead under the regime on this date".to_string(),
            (Some(_), Some(_)) => "the chip may grow up to (not including) the limit".to_string(),
        };
        out.push(Headroom {
            direction,
            metric: shown.as_str(),
            current,
            limit: found.as_ref().and_then(|(f, _, _)| current.map(|c| c * f)),
            growth_percent: found.as_ref().map(|(f, _, _)| (f - 1.0) * 100.0),
            line: found.as_ref().map(|(_, l, _)| *l),
            becomes: found.map(|(_, _, s)| s),
            note,
        });
    }
    Ok(out)
}
