//! `redline classify CHIP... [--on DATE]`.

use std::io::Write;

use anyhow::Result;

use redline_rules::classify;

use crate::args::{ClassifyArgs, OutputFormat};
use crate::context::{Context, date};
use crate::output;

pub fn run(args: &ClassifyArgs, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let on = date(args.on.as_ref())?;
    let mut results = Vec::new();
    for chip in ctx.chips(&args.chips)? {
        results.push(classify(chip, on)?);
    }
    match args.common.format {
        OutputFormat::Json => output::json(out, &results),
        OutputFormat::Csv => {
            let mut rows = Vec::new();
            for r in &results {
                for c in &r.criteria {
                    rows.push(vec![
                        r.chip.clone(),
                        r.edition.to_string(),
                        r.controlled.to_string(),
                        r.eccn.map(|e| e.as_str()).unwrap_or_default().to_string(),
                        r.paragraphs.join(";"),
                        c.id.to_string(),
                        c.metric.to_string(),
                        output::csv_opt(c.value),
                        c.op.to_string(),
                        output::csv_num(c.threshold),
                        c.met.map(|m| m.to_string()).unwrap_or_default(),
                        output::csv_opt(c.margin),
                        c.margin_percent.map(|v| format!("{v:.3}")).unwrap_or_default(),
                        c.grade.map(|g| g.to_string()).unwrap_or_default(),
                    ]);
                }
            }
            output::csv(
                out,
                &[
                    "chip",
                    "edition",
                    "controlled",
                    "eccn",
                    "paragraphs",
                    "criterion",
                    "metric",
                    "value",
                    "op",
                    "threshold",
                    "met",
                    "margin",
                    "margin_percent",
                    "grade",
                ],
                &rows,
            )
        }
        OutputFormat::Table => {
            for r in &results {
                writeln!(out, "{} on {} under {} ({}):", r.chip, r.date, r.edition, r.edition_citation)?;
                writeln!(out, "  {}", r.summary)?;
                let mut t =
                    output::table(&["paragraph", "criterion", "value", "line", "met", "margin", "margin %", "grade"]);
                for c in &r.criteria {
                    t.add_row(vec![
                        c.paragraph.to_string(),
                        c.metric.to_string(),
                        c.value.map_or("unknown".into(), |v| fmt_metric(c.metric.as_str(), v)),
                        format!("{} {}", c.op, fmt_metric(c.metric.as_str(), c.threshold)),
                        output::yes_no(c.met).to_string(),
                        c.margin.map_or("-".into(), |v| {
                            format!("{:+}", Signed(fmt_metric(c.metric.as_str(), v.abs()), v < 0.0))
                        }),
                        c.margin_percent.map_or("-".into(), |v| format!("{v:+.1}%")),
                        c.grade.map_or("user".into(), |g| g.to_string()),
                    ]);
                }
                writeln!(out, "{t}")?;
                for n in &r.notes {
                    writeln!(out, "  note: {n}")?;
                }
                for e in &r.exclusions {
                    writeln!(
                        out,
                        "  {}: {} — {}",
                        e.id,
                        match e.applied {
                            Some(true) => "APPLIES",
                            Some(false) => "does not apply",
                            None => "cannot decide",
                        },
                        e.text
                    )?;
                }
                writeln!(out)?;
            }
            Ok(())
        }
    }
}

fn fmt_metric(metric: &str, v: f64) -> String {
    if metric == "performance_density" || metric == "memory_bandwidth_density" {
        format!("{v:.2}")
    } else {
        output::num(Some(v))
    }
}

/// Prints a pre-formatted magnitude with a sign.
struct Signed(String, bool);

impl std::fmt::Display for Signed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", if self.1 { "-" } else { "+" }, self.0)
    }
}
