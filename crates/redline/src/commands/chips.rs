//! `redline chips`: the catalogue with its metrics.

use std::io::Write;

use anyhow::Result;

use redline_rules::chip_row;

use crate::args::{ChipsArgs, OutputFormat};
use crate::context::{Context, date};
use crate::output;

pub fn run(args: &ChipsArgs, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let on = date(args.on.as_ref())?;
    let origin = args
        .origin
        .as_ref()
        .map(|cc| {
            redline_catalog::spec::Country::try_from(cc.to_ascii_uppercase())
                .map_err(|e| anyhow::anyhow!("--origin: {e}"))
        })
        .transpose()?;
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
        if let Some(cc) = &origin
            && chip.spec.origin.as_ref() != Some(cc)
        {
            continue;
        }
        if let Some(dc) = args.datacenter
            && chip.spec.is_datacenter() != Some(dc)
        {
            continue;
        }
        let r = chip_row(chip, on)?;
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
                    let n = output::csv_opt;
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
                        r.eccn.map(|e| e.as_str()).unwrap_or_default().to_string(),
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
                    if !r.paragraphs.is_empty() {
                        r.paragraphs.join(" + ")
                    } else if !r.decided {
                        "cannot decide".to_string()
                    } else if r.excluded {
                        "not 3A090 (Note 2)".to_string()
                    } else {
                        "not 3A090".to_string()
                    },
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
