//! `redline chips`: the catalogue with its metrics.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use redline_catalog::{Chip, Grade};
use redline_rules::classify;

use crate::args::{ChipsArgs, OutputFormat};
use crate::context::{Context, date};
use crate::output;

/// One row of `redline chips --format json` (contract fields first).
#[derive(Serialize)]
pub struct ChipRow {
    id: String,
    name: String,
    label: String,
    vendor: String,
    tpp: Option<f64>,
    performance_density: Option<f64>,
    memory_capacity_gb: Option<f64>,
    memory_bandwidth_gbs: Option<f64>,
    die_area_mm2: Option<f64>,
    datacenter: Option<bool>,
    family: Option<String>,
    tpp_format: Option<&'static str>,
    chip_to_chip_gbs: Option<f64>,
    host_gbs: Option<f64>,
    tpp_grade: Option<Grade>,
    eccn: Option<&'static str>,
    paragraphs: Vec<&'static str>,
    classified_on: String,
    origin: String,
}

pub fn row(chip: &Chip, on: redline_rules::Date) -> Result<ChipRow> {
    let m = &chip.metrics;
    let cls = classify(chip, on)?;
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
        tpp_format: m.tpp_format.map(redline_catalog::Format::as_str),
        chip_to_chip_gbs: m.chip_to_chip_gbs.map(|x| x.value),
        host_gbs: m.host_gbs.map(|x| x.value),
        tpp_grade: m.tpp.and_then(|x| x.grade),
        eccn: cls.eccn,
        paragraphs: cls.paragraphs,
        classified_on: on.to_string(),
        origin: chip.origin.clone(),
    })
}

pub fn run(args: &ChipsArgs, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let on = date(args.on.as_ref())?;
    let mut rows = Vec::new();
    for chip in ctx.catalog.chips() {
        if let Some(v) = &args.vendor
            && !chip.spec.vendor.eq_ignore_ascii_case(v)
        {
            continue;
        }
        if let Some(f) = &args.family
            && chip.spec.family.as_deref().is_none_or(|x| !x.eq_ignore_ascii_case(f))
        {
            continue;
        }
        if let Some(dc) = args.datacenter
            && chip.spec.is_datacenter() != Some(dc)
        {
            continue;
        }
        let r = row(chip, on)?;
        if let Some(c) = args.controlled
            && r.eccn.is_some() != c
        {
            continue;
        }
        rows.push(r);
    }
    match args.common.format {
        OutputFormat::Json => output::json(out, &rows),
        OutputFormat::Csv => output::csv(
            out,
            &[
                "id",
                "name",
                "label",
                "vendor",
                "tpp",
                "performance_density",
                "memory_capacity_gb",
                "memory_bandwidth_gbs",
                "die_area_mm2",
                "datacenter",
                "eccn",
                "paragraphs",
            ],
            &rows
                .iter()
                .map(|r| {
                    let n = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
                    vec![
                        r.id.clone(),
                        r.name.clone(),
                        r.label.clone(),
                        r.vendor.clone(),
                        n(r.tpp),
                        n(r.performance_density),
                        n(r.memory_capacity_gb),
                        n(r.memory_bandwidth_gbs),
                        n(r.die_area_mm2),
                        r.datacenter.map(|d| d.to_string()).unwrap_or_default(),
                        r.eccn.unwrap_or_default().to_string(),
                        r.paragraphs.join(";"),
                    ]
                })
                .collect::<Vec<_>>(),
        ),
        OutputFormat::Table => {
            let mut t = output::table(&[
                "id",
                "chip",
                "vendor",
                "TPP",
                "density",
                "mem GB",
                "DRAM GB/s",
                "area mm²",
                "DC",
                &format!("3A090 on {on}"),
                "TPP grade",
            ]);
            for r in &rows {
                t.add_row(vec![
                    r.id.clone(),
                    r.label.clone(),
                    r.vendor.clone(),
                    output::num(r.tpp),
                    r.performance_density.map_or("?".into(), |v| format!("{v:.2}")),
                    output::num(r.memory_capacity_gb),
                    output::num(r.memory_bandwidth_gbs),
                    output::num(r.die_area_mm2),
                    output::yes_no(r.datacenter).to_string(),
                    if r.paragraphs.is_empty() { "-".to_string() } else { r.paragraphs.join(" + ") },
                    r.tpp_grade.map_or("-".into(), |g| g.to_string()),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(
                out,
                "{} chips; data as of {}. Unknown values show as ?/unknown, never guessed.",
                rows.len(),
                redline_catalog::catalog::DATA_VERSION.trim()
            )?;
            Ok(())
        }
    }
}
