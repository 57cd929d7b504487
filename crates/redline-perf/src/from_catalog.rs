//! The seam between the catalogue and the model: a catalogue chip as [`Hardware`].
//!
//! The model itself never sees provenance; this is the one place that reads a `Chip`.

use redline_catalog::{Chip, Format, Grade};

use crate::{Hardware, MemoryKind, Precision};

fn precision(f: Format) -> Precision {
    match f {
        Format::Fp64 => Precision::Fp64,
        Format::Fp32 => Precision::Fp32,
        Format::Tf32 => Precision::Tf32,
        Format::Fp16 => Precision::Fp16,
        Format::Bf16 => Precision::Bf16,
        Format::Fp8 => Precision::Fp8,
        Format::Int8 => Precision::Int8,
        Format::Fp6 => Precision::Fp6,
        Format::Fp4 => Precision::Fp4,
        Format::Int4 => Precision::Int4,
    }
}

/// The model's view of a catalogue chip: dense peaks per format, DRAM, links, power, price.
/// Unknown catalogue values stay unknown (`None`); the model refuses what it cannot run.
#[must_use]
pub fn hardware_from_chip(chip: &Chip) -> Hardware {
    let spec = &chip.spec;
    let m = &chip.metrics;
    Hardware {
        name: spec.label().to_string(),
        family: spec.family.clone().unwrap_or_else(|| "other".to_string()),
        dense_tflops: spec.dense.known().map(|(f, v)| (precision(f), v)).collect(),
        memory_bandwidth_gbs: m.dram_bandwidth_gbs.map(|x| x.value),
        memory_capacity_gb: m.memory_capacity_gb.map(|x| x.value),
        memory_type: spec.memory.kind.as_ref().and_then(|k| k.value.as_deref()).and_then(MemoryKind::from_type),
        chip_to_chip_gbs: m.chip_to_chip_gbs.map(|x| x.value),
        host_gbs: m.host_gbs.map(|x| x.value),
        tdp_w: spec.tdp_w.as_ref().and_then(|s| s.known()).map(|w| w.get()),
        price_usd: spec.price_usd.as_ref().and_then(|s| s.known()).map(|p| p.get()),
        scale_up_domain: None,
        scale_out_gbs: None,
    }
}

/// Resolver for [`crate::validate`]: catalogue ids to hardware.
pub fn catalog_resolver(catalog: &redline_catalog::Catalog) -> impl Fn(&str) -> Option<Hardware> + '_ {
    move |id| catalog.get(id).ok().filter(|c| c.spec.id == id).map(hardware_from_chip)
}

/// The specs of a chip a buyer should not take at face value: values graded press or estimate.
#[must_use]
pub fn weak_evidence(chip: &Chip) -> Vec<&'static str> {
    let weak = |g: Option<Grade>| g.is_some_and(|g| g >= Grade::Press);
    let m = &chip.metrics;
    let mut out = Vec::new();
    if weak(m.tpp.and_then(|x| x.grade)) {
        out.push("compute");
    }
    if weak(m.dram_bandwidth_gbs.and_then(|x| x.grade)) {
        out.push("DRAM bw");
    }
    if weak(m.memory_capacity_gb.and_then(|x| x.grade)) {
        out.push("capacity");
    }
    if weak(m.chip_to_chip_gbs.and_then(|x| x.grade)) {
        out.push("link");
    }
    out
}
