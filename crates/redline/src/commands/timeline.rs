//! `redline timeline CHIP --to COUNTRY`.

use std::io::Write;

use anyhow::Result;

use redline_rules::timeline;

use crate::args::{OutputFormat, TimelineArgs};
use crate::commands::check::{HEADER, row};
use crate::context::{Context, date};
use crate::output;

pub fn run(args: &TimelineArgs, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let chip = ctx.chip(args.chip.as_ref())?;
    let until = date(args.until.as_ref())?;
    let entries = timeline(chip, &ctx.countries, &args.to, until)?;
    match args.common.format {
        OutputFormat::Json => output::json(out, &entries),
        OutputFormat::Csv => output::csv(out, &HEADER, &entries.iter().map(|e| row(&e.check)).collect::<Vec<_>>()),
        OutputFormat::Table => {
            let first = entries.first().map(|e| (e.check.destination.clone(), e.check.destination_name.clone()));
            let (code, name) = first.unwrap_or_default();
            writeln!(out, "{} ({}) → {code} ({name}): how the answer changed", chip.spec.label(), chip.spec.id)?;
            let mut t = output::table(&["from", "editions", "licence", "policy", "exceptions / conditions", "why"]);
            for e in &entries {
                let c = &e.check;
                let extras: Vec<String> = c
                    .license_exceptions
                    .iter()
                    .map(|x| x.id.to_string())
                    .chain(
                        c.conditions
                            .iter()
                            .filter(|x| x.percent.is_some())
                            .map(|x| format!("{} {}%", x.kind, x.percent.unwrap_or_default())),
                    )
                    .collect();
                let why = c.reasons.iter().skip(1).last().map(|r| format!("\n{r}")).unwrap_or_default();
                t.add_row(vec![
                    c.date.to_string(),
                    e.editions.join(", "),
                    if c.license_required { "required".into() } else { "not required".to_string() },
                    c.review_policy.map_or("-", |p| p.as_str()).to_string(),
                    if extras.is_empty() { "-".into() } else { extras.join(", ") },
                    format!("{}{why}", e.classification),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(
                out,
                "Grades: see `redline check {} --to {code} --on DATE` for every reason and source.",
                chip.spec.id
            )?;
            Ok(())
        }
    }
}
