//! `redline validate`: the performance model against public measurements.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use redline_perf::{ValidationData, validate_data};

use crate::args::{CatalogArgs, OutputFormat};
use crate::context::Context;
use crate::output;

/// `redline validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A directory with llm-inference-bench.csv, qwen3-h20.csv and/or curated.csv (same formats as data/validation/).
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Print every row's error too.
    #[arg(long)]
    pub rows: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn run_validate(args: &ValidateArgs, catalog: &CatalogArgs, out: &mut dyn Write) -> Result<()> {
    let ctx = Context::load(catalog, &[])?;
    let data = match &args.data {
        None => ValidationData::embedded(),
        Some(dir) => {
            let mut texts: Vec<String> = Vec::new();
            let mut found = 0;
            for name in ValidationData::FILES {
                let path = dir.join(name);
                if path.is_file() {
                    found += 1;
                    texts.push(crate::context::read_input(&path, crate::context::MAX_CSV_BYTES, "validation data")?);
                } else {
                    texts.push(String::new());
                }
            }
            if found == 0 {
                bail!("{} holds none of {}", dir.display(), ValidationData::FILES.join(", "));
            }
            let mut it = texts.into_iter();
            let mut next = || it.next().unwrap_or_default().into();
            ValidationData { bench: next(), qwen: next(), curated: next() }
        }
    };
    let resolver = redline_perf::catalog_resolver(&ctx.catalog);
    let report = validate_data(&resolver, &data);
    match args.format {
        OutputFormat::Json => output::json(out, &report),
        OutputFormat::Csv => output::csv(
            out,
            &["source", "line", "chip", "engine", "model", "measured", "predicted", "error_pct"],
            &report
                .rows
                .iter()
                .map(|r| {
                    vec![
                        r.source.to_string(),
                        r.line.to_string(),
                        r.chip.clone(),
                        r.engine.to_string(),
                        r.model.clone(),
                        r.measured.to_string(),
                        r.predicted.to_string(),
                        format!("{:.2}", r.error_pct),
                    ]
                })
                .collect::<Vec<_>>(),
        ),
        OutputFormat::Table => {
            let s = &report.overall;
            writeln!(
                out,
                "{} rows predicted: MAPE {:.1}%, median {:.1}%, signed {:+.1}%; leave-one-chip-out MAPE {:.1}%; leave-one-family-out MAPE {:.1}%; leave-one-model-out MAPE {:.1}%",
                s.n,
                s.mape_pct,
                s.median_ape_pct,
                s.mean_signed_pct,
                report.overall_leave_one_chip_out.mape_pct,
                report.overall_leave_one_family_out.mape_pct,
                report.overall_leave_one_model_out.mape_pct
            )?;
            let mut t = output::table(&["chip", "rows", "MAPE", "median", "signed", "leave-one-chip-out MAPE"]);
            for g in &report.per_chip {
                t.add_row(vec![
                    g.key.clone(),
                    g.in_sample.n.to_string(),
                    format!("{:.1}%", g.in_sample.mape_pct),
                    format!("{:.1}%", g.in_sample.median_ape_pct),
                    format!("{:+.1}%", g.in_sample.mean_signed_pct),
                    format!("{:.1}%", g.held_out.mape_pct),
                ]);
            }
            writeln!(out, "{t}")?;
            let mut t = output::table(&["chip family", "rows", "MAPE", "leave-one-family-out MAPE", "signed held out"]);
            for g in &report.per_family {
                t.add_row(vec![
                    g.key.clone(),
                    g.in_sample.n.to_string(),
                    format!("{:.1}%", g.in_sample.mape_pct),
                    format!("{:.1}%", g.held_out.mape_pct),
                    format!("{:+.1}%", g.held_out.mean_signed_pct),
                ]);
            }
            writeln!(out, "{t}")?;
            if !report.mlperf.is_empty() {
                writeln!(out, "MLPerf Inference results, serving mode with the benchmark presets (not fitted):")?;
                let mut t = output::table(&[
                    "round",
                    "chip",
                    "chips",
                    "benchmark",
                    "scenario",
                    "format",
                    "measured tok/s",
                    "predicted",
                    "error",
                    "mean input (estimate)",
                    "error at input x1/2, x2",
                ]);
                for m in &report.mlperf {
                    t.add_row(vec![
                        m.round.clone(),
                        m.chip.clone(),
                        m.gpus.to_string(),
                        m.benchmark.clone(),
                        m.scenario.to_string(),
                        m.precision.to_string(),
                        format!("{:.0}", m.measured),
                        output::fixed(m.predicted, 1.0, 0),
                        signed_pct(m.error_pct),
                        m.input_tokens.to_string(),
                        format!(
                            "{}, {}{}",
                            signed_pct(m.error_pct_half_input),
                            signed_pct(m.error_pct_double_input),
                            if m.double_input_tokens < m.input_tokens.saturating_mul(2) {
                                format!(" (at the {} cap)", m.double_input_tokens)
                            } else {
                                String::new()
                            }
                        ),
                    ]);
                }
                writeln!(out, "{t}")?;
            }
            let mut t = output::table(&["engine", "rows", "MAPE", "median", "signed"]);
            for (e, st) in &report.per_engine {
                t.add_row(vec![
                    e.clone(),
                    st.n.to_string(),
                    format!("{:.1}%", st.mape_pct),
                    format!("{:.1}%", st.median_ape_pct),
                    format!("{:+.1}%", st.mean_signed_pct),
                ]);
            }
            writeln!(out, "{t}")?;
            let mut t = output::table(&["chip", "engine", "phase", "rows", "MAPE", "median", "signed"]);
            for b in &report.buckets {
                t.add_row(vec![
                    b.chip.clone(),
                    b.engine.to_string(),
                    b.phase.as_str().to_string(),
                    b.stats.n.to_string(),
                    format!("{:.1}%", b.stats.mape_pct),
                    format!("{:.1}%", b.stats.median_ape_pct),
                    format!("{:+.1}%", b.stats.mean_signed_pct),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(
                out,
                "left out: {} rows ({} physically impossible, listed with --format json)",
                report.excluded.len(),
                report.physically_impossible.len()
            )?;
            for (reason, n) in &report.excluded_summary {
                writeln!(out, "  {n:>5}  {reason}")?;
            }
            if !report.unresolved_chips.is_empty() {
                writeln!(out, "chips not in the catalogue: {}", report.unresolved_chips.join(", "))?;
            }
            if args.rows {
                let mut t =
                    output::table(&["source:line", "chip", "engine", "model", "measured", "predicted", "error"]);
                for r in &report.rows {
                    t.add_row(vec![
                        format!("{}:{}", r.source, r.line),
                        r.chip.clone(),
                        r.engine.to_string(),
                        r.model.clone(),
                        format!("{:.4}", r.measured),
                        format!("{:.4}", r.predicted),
                        format!("{:+.1}%", r.error_pct),
                    ]);
                }
                writeln!(out, "{t}")?;
            }
            Ok(())
        }
    }
}

/// A signed percentage with one decimal, or `-` when there is none.
fn signed_pct(e: Option<f64>) -> String {
    e.map_or_else(|| "-".to_string(), |e| format!("{e:+.1}%"))
}
