//! `redline headroom CHIP [--on DATE] [--to CC]`.

use std::io::Write;

use anyhow::Result;

use redline_rules::headroom;

use crate::args::{HeadroomArgs, OutputFormat};
use crate::context::{Context, date};
use crate::output;

pub fn run(args: &HeadroomArgs, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let chip = ctx.chip(args.chip.as_ref())?;
    let on = date(args.on.as_ref())?;
    let rows = headroom(chip, &ctx.countries, &args.to, on)?;
    match args.common.format {
        OutputFormat::Json => output::json(out, &rows),
        OutputFormat::Csv => output::csv(
            out,
            &["direction", "metric", "current", "limit", "growth_percent", "line", "becomes"],
            &rows
                .iter()
                .map(|r| {
                    let n = output::csv_opt;
                    vec![
                        r.direction.to_string(),
                        r.metric.to_string(),
                        n(r.current),
                        n(r.limit),
                        n(r.growth_percent),
                        r.line.unwrap_or_default().to_string(),
                        r.becomes.clone().unwrap_or_default(),
                    ]
                })
                .collect::<Vec<_>>(),
        ),
        OutputFormat::Table => {
            writeln!(
                out,
                "{} on {on}, destination {}: room before the next line",
                chip.spec.id,
                args.to.to_ascii_uppercase()
            )?;
            let mut t = output::table(&["direction", "metric", "now", "limit", "room", "line", "the answer becomes"]);
            for r in &rows {
                t.add_row(vec![
                    r.direction.to_string(),
                    r.metric.to_string(),
                    output::num(r.current),
                    output::num(r.limit),
                    r.growth_percent.map_or("-".into(), |g| format!("+{g:.1}%")),
                    r.line.unwrap_or("-").to_string(),
                    r.becomes.clone().unwrap_or_else(|| r.note.clone()),
                ]);
            }
            writeln!(out, "{t}")?;
            Ok(())
        }
    }
}
