//! One catalogue row: a chip's metrics with its classification on a date. `redline chips` and
//! the web app's `/api/chips` both print this struct.

use serde::Serialize;

use redline_catalog::{Chip, Format, Grade};

use crate::RulesError;
use crate::classify::classify;
use crate::date::Date;

/// A chip's catalogue row (contract fields of `redline chips --format json` first).
#[derive(Clone, Debug, Serialize)]
pub struct ChipRow {
    /// Id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Short name for charts.
    pub label: String,
    /// Maker.
    pub vendor: String,
    /// TPP (null: unknown).
    pub tpp: Option<f64>,
    /// Performance density (null: unknown).
    pub performance_density: Option<f64>,
    /// DRAM capacity, GB.
    pub memory_capacity_gb: Option<f64>,
    /// DRAM bandwidth, GB/s.
    pub memory_bandwidth_gbs: Option<f64>,
    /// Applicable (non-planar logic) die area, mm².
    pub die_area_mm2: Option<f64>,
    /// Designed or marketed for datacenters.
    pub datacenter: Option<bool>,
    /// Architecture family.
    pub family: Option<String>,
    /// Format that sets TPP.
    pub tpp_format: Option<&'static str>,
    /// Chip-to-chip bandwidth, GB/s.
    pub chip_to_chip_gbs: Option<f64>,
    /// Host link bandwidth, GB/s.
    pub host_gbs: Option<f64>,
    /// Grade of the TPP inputs.
    pub tpp_grade: Option<Grade>,
    /// Grade of the density inputs.
    pub density_grade: Option<Grade>,
    /// ECCN family on the date.
    pub eccn: Option<crate::classify::Eccn>,
    /// Paragraphs met on the date.
    pub paragraphs: Vec<&'static str>,
    /// Controlled on the date.
    pub controlled: bool,
    /// Meets a paragraph by the numbers but an exclusion (Note 2) applies.
    pub excluded: bool,
    /// False when unknown values leave the classification open.
    pub decided: bool,
    /// The classification's one-line summary.
    pub classification: String,
    /// The date classified on.
    pub classified_on: String,
    /// First availability.
    pub launch: Option<String>,
    /// `embedded` or the file it came from.
    pub origin: String,
}

/// The row of one chip on one date.
///
/// # Errors
/// A date before the first edition.
pub fn chip_row(chip: &Chip, on: Date) -> Result<ChipRow, RulesError> {
    let m = &chip.metrics;
    let c = classify(chip, on)?;
    Ok(ChipRow {
        id: chip.spec.id.clone(),
        name: chip.spec.name.clone(),
        label: chip.spec.label().to_string(),
        vendor: chip.spec.vendor.clone(),
        tpp: m.tpp.map(|x| x.value),
        performance_density: m.performance_density.map(|x| x.value),
        memory_capacity_gb: m.memory_capacity_gb.map(|x| x.value),
        memory_bandwidth_gbs: m.dram_bandwidth_gbs.map(|x| x.value),
        die_area_mm2: m.applicable_die_area_mm2.map(|x| x.value),
        datacenter: chip.spec.is_datacenter(),
        family: chip.spec.family.clone(),
        tpp_format: m.tpp_format.map(Format::as_str),
        chip_to_chip_gbs: m.chip_to_chip_gbs.map(|x| x.value),
        host_gbs: m.host_gbs.map(|x| x.value),
        tpp_grade: m.tpp.and_then(|x| x.grade),
        density_grade: m.performance_density.and_then(|x| x.grade),
        eccn: c.eccn,
        paragraphs: c.paragraphs,
        controlled: c.controlled,
        excluded: !c.controlled && !c.numerically_met.is_empty(),
        decided: c.decided,
        classification: c.summary,
        classified_on: on.to_string(),
        launch: chip.spec.launch.as_ref().and_then(|l| l.value.clone()),
        origin: chip.origin.clone(),
    })
}
