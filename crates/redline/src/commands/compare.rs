//! `redline compare`: chips side by side on one model and workload, ratios to the first.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use redline_perf::{compare, hardware_from_chip};

use crate::args::{CatalogArgs, OutputFormat};
use crate::commands::perf::{Workload, request, weak_evidence};
use crate::context::Context;
use crate::output;

/// `redline compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Comma-separated chips, the first is the baseline (e.g. h20,h100-sxm,rtx-pro-6000d,b30a).
    pub chips: String,
    /// Extra chips from spec files (appended).
    #[arg(long, value_name = "FILE")]
    pub spec: Vec<PathBuf>,
    #[command(flatten)]
    pub workload: Workload,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn run_compare(args: &CompareArgs, catalog: &CatalogArgs, out: &mut dyn Write) -> Result<()> {
    let ctx = Context::load(catalog, &args.spec)?;
    let names: Vec<String> = args.chips.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
    let chips = ctx.chips(&names)?;
    let hws: Vec<_> = chips.iter().map(|c| hardware_from_chip(c)).collect();
    let (m, req, _) = request(&args.workload)?;
    let cmp = compare(&hws, &m, &req)?;
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        comparison: &'a redline_perf::Comparison,
        chip_ids: Vec<&'a str>,
        weak_evidence: Vec<Vec<&'static str>>,
    }
    let weak: Vec<_> = chips.iter().map(|c| weak_evidence(c)).collect();
    match args.format {
        OutputFormat::Json => output::json(
            out,
            &Out {
                comparison: &cmp,
                chip_ids: chips.iter().map(|c| c.spec.id.as_str()).collect(),
                weak_evidence: weak,
            },
        ),
        OutputFormat::Csv | OutputFormat::Table => {
            let header = [
                "chip",
                "out tok/s",
                "× first",
                "per chip",
                "TPOT ms",
                "× first",
                "TTFT s",
                "max batch",
                "$/M out tok",
                "decode bound",
                "press/estimate specs",
            ];
            let mut rows = Vec::new();
            for (i, r) in cmp.rows.iter().enumerate() {
                let ratio = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.2}"));
                let caution = weak[i].join(", ");
                match &r.prediction {
                    Some(p) => rows.push(vec![
                        format!("{}{}", chips[i].spec.label(), if caution.is_empty() { "" } else { " *" }),
                        output::fixed(p.output_tokens_per_s, 1.0, 0),
                        ratio(r.throughput_ratio),
                        output::fixed(p.output_tokens_per_s_per_chip, 1.0, 0),
                        output::fixed(p.tpot_s, 1e3, 2),
                        ratio(r.tpot_ratio),
                        output::fixed(p.ttft_s, 1.0, 3),
                        p.max_batch.to_string(),
                        r.cost
                            .as_ref()
                            .and_then(|c| c.usd_per_million_output_tokens)
                            .map_or("-".into(), |c| format!("{c:.3}")),
                        format!("{:?}", p.decode.bound).to_lowercase(),
                        caution,
                    ]),
                    None => rows.push(vec![
                        chips[i].spec.label().to_string(),
                        format!("cannot run: {}", r.error.clone().unwrap_or_default()),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        caution,
                    ]),
                }
            }
            if args.format == OutputFormat::Csv {
                return output::csv(out, &header, &rows);
            }
            let w = &args.workload;
            writeln!(
                out,
                "{} on {} chip(s) each, {} in / {} out, batch {}, {} weights, engine {} (ratios to {})",
                cmp.model,
                w.model.gpus,
                req.input_len,
                req.output_len,
                w.batch,
                req.precision,
                req.engine,
                chips[0].spec.label()
            )?;
            let mut t = output::table(&header);
            for r in rows {
                t.add_row(r);
            }
            writeln!(out, "{t}")?;
            if weak.iter().any(|x| !x.is_empty()) {
                writeln!(
                    out,
                    "* rows with specs graded press or estimate: an indication, not a measurement (`redline show CHIP` has the sources)."
                )?;
            }
            for (i, r) in cmp.rows.iter().enumerate() {
                for n in r.prediction.iter().flat_map(|p| &p.notes) {
                    writeln!(out, "note ({}): {n}", chips[i].spec.label())?;
                }
            }
            Ok(())
        }
    }
}
