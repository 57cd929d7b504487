//! `redline show CHIP`: the spec with its sources and grades, and the computed metrics.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use redline_catalog::{Chip, Format, Sourced};

use crate::args::{OutputFormat, ShowArgs};
use crate::context::Context;
use crate::output;

#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    chip: &'a Chip,
    label: &'a str,
}

fn cell<T: std::fmt::Display>(s: &Sourced<T>) -> [String; 3] {
    let value = s.value.as_ref().map_or_else(|| "unknown".to_string(), ToString::to_string);
    let range = match (&s.low, &s.high) {
        (Some(l), Some(h)) => format!(" ({l}–{h})"),
        _ => String::new(),
    };
    [
        format!("{value}{range}"),
        s.grade.map_or_else(|| "user".to_string(), |g| g.to_string()),
        [s.source.clone(), s.note.clone()].into_iter().flatten().collect::<Vec<_>>().join(": "),
    ]
}

pub fn run(args: &ShowArgs, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let chip = ctx.chip(args.chip.as_ref())?;
    match args.common.format {
        OutputFormat::Json => output::json(out, &Shown { chip, label: chip.spec.label() }),
        OutputFormat::Csv => {
            let rows = spec_rows(chip);
            output::csv(
                out,
                &["field", "value", "grade", "source"],
                &rows.into_iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
            )
        }
        OutputFormat::Table => {
            let s = &chip.spec;
            writeln!(out, "{} ({}) — {}", s.name, s.id, s.vendor)?;
            if !s.aliases.is_empty() {
                writeln!(out, "also known as: {}", s.aliases.join(", "))?;
            }
            let mut t = output::table(&["field", "value", "grade", "source / note"]);
            for r in spec_rows(chip) {
                t.add_row(r.to_vec());
            }
            writeln!(out, "{t}")?;
            let m = &chip.metrics;
            let mut t = output::table(&["metric (computed)", "value", "weakest input grade"]);
            let g = |x: Option<redline_catalog::Metric>| x.and_then(|v| v.grade).map_or("-".into(), |g| g.to_string());
            t.add_row(vec![
                format!(
                    "TPP (max dense TOPS × bits{})",
                    m.tpp_format.map(|f| format!(", set by {}", f.as_str())).unwrap_or_default()
                ),
                output::num(m.tpp.map(|x| x.value)),
                g(m.tpp),
            ]);
            t.add_row(vec![
                "applicable die area mm² (non-planar logic)".to_string(),
                output::num(m.applicable_die_area_mm2.map(|x| x.value)),
                g(m.applicable_die_area_mm2),
            ]);
            t.add_row(vec![
                "performance density (TPP/mm²)".to_string(),
                m.performance_density.map_or("unknown".into(), |x| format!("{:.3}", x.value)),
                g(m.performance_density),
            ]);
            t.add_row(vec![
                "2022 aggregate I/O GB/s (chip-to-chip + host)".to_string(),
                output::num(m.io_aggregate_gbs.map(|x| x.value)),
                g(m.io_aggregate_gbs),
            ]);
            t.add_row(vec![
                "DRAM bandwidth GB/s".to_string(),
                output::num(m.dram_bandwidth_gbs.map(|x| x.value)),
                g(m.dram_bandwidth_gbs),
            ]);
            if m.memory_bandwidth_density.is_some() {
                t.add_row(vec![
                    "memory bandwidth density GB/s/mm²".to_string(),
                    m.memory_bandwidth_density.map_or("unknown".into(), |x| format!("{:.2}", x.value)),
                    g(m.memory_bandwidth_density),
                ]);
            }
            writeln!(out, "{t}")?;
            for c in &s.conflicts {
                writeln!(
                    out,
                    "conflict on {}: {}{}",
                    c.field,
                    c.values.join(" vs "),
                    c.chosen.as_ref().map(|x| format!(" → {x}")).unwrap_or_default()
                )?;
            }
            for r in &s.revisions {
                writeln!(
                    out,
                    "revision of {} on {}: {}{}",
                    r.field,
                    r.date,
                    r.value,
                    r.note.as_ref().map(|x| format!(" ({x})")).unwrap_or_default()
                )?;
            }
            if !s.sources.is_empty() {
                writeln!(out, "sources:")?;
                for (k, src) in &s.sources {
                    writeln!(
                        out,
                        "  [{k}] {} ({}){}",
                        src.title,
                        src.date.as_deref().unwrap_or("undated"),
                        src.url.as_ref().map(|u| format!(" {u}")).unwrap_or_default()
                    )?;
                }
            }
            Ok(())
        }
    }
}

fn spec_rows(chip: &Chip) -> Vec<[String; 4]> {
    let s = &chip.spec;
    let mut rows = Vec::new();
    let mut push = |name: &str, c: [String; 3]| {
        let [a, b, d] = c;
        rows.push([name.to_string(), a, b, d]);
    };
    push("datacenter", cell(&s.datacenter));
    if let Some(o) = &s.origin {
        push("origin", [o.to_string(), "-".to_string(), "country of design (the vendor's headquarters)".to_string()]);
    }
    for (name, v) in [
        ("architecture", &s.architecture),
        ("form_factor", &s.form_factor),
        ("launch", &s.launch),
        ("process_node", &s.process_node),
    ] {
        if let Some(v) = v {
            push(name, cell(v));
        }
    }
    if let Some(v) = &s.us_commercially_available {
        push("us_commercially_available", cell(v));
    }
    if let Some(v) = &s.china_specific {
        push("china_specific", cell(v));
    }
    for (i, d) in s.dies.iter().enumerate() {
        let name = format!(
            "die {}{}{}{}",
            i + 1,
            d.name.as_ref().map(|n| format!(" {n}")).unwrap_or_default(),
            if d.planar { " (planar)" } else { "" },
            d.count.as_ref().and_then(|c| c.known()).map(|c| format!(" ×{}", c.0)).unwrap_or_default()
        );
        push(&format!("{name} mm²"), cell(&map(&d.area_mm2, |x| x.0)));
    }
    for f in Format::ALL {
        if let Some(v) = s.dense.entry(f) {
            push(&format!("dense {} TFLOPS/TOPS", f.as_str()), cell(&map(v, |x| x.0)));
        }
    }
    if let Some(v) = &s.memory.kind {
        push("memory type", cell(v));
    }
    if let Some(v) = &s.memory.capacity_gb {
        push("memory GB", cell(&map(v, |x| x.0)));
    }
    if let Some(v) = &s.memory.bandwidth_gbs {
        push("memory bandwidth GB/s", cell(&map(v, |x| x.0)));
    }
    if let Some(v) = &s.interconnect.chip_to_chip_gbs {
        push(
            &format!(
                "chip-to-chip GB/s{}",
                s.interconnect
                    .name
                    .as_ref()
                    .and_then(|n| n.value.as_ref())
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            ),
            cell(&map(v, |x| x.0)),
        );
    }
    if let Some(v) = &s.interconnect.host_gbs {
        push(
            &format!(
                "host GB/s{}",
                s.interconnect
                    .host_name
                    .as_ref()
                    .and_then(|n| n.value.as_ref())
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default()
            ),
            cell(&map(v, |x| x.0)),
        );
    }
    if let Some(v) = &s.tdp_w {
        push("TDP W", cell(&map(v, |x| x.0)));
    }
    if let Some(v) = &s.price_usd {
        push("price USD", cell(&map(v, |x| x.0)));
    }
    rows
}

fn map<T: Copy, U>(s: &Sourced<T>, f: impl Fn(T) -> U) -> Sourced<U> {
    Sourced {
        value: s.value.map(&f),
        source: s.source.clone(),
        grade: s.grade,
        note: s.note.clone(),
        low: s.low.map(&f),
        high: s.high.map(&f),
    }
}
