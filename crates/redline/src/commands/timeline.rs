//! `redline timeline CHIP --to COUNTRY`.

use std::io::Write;

use anyhow::Result;

use redline_rules::timeline;

use crate::args::{OutputFormat, TimelineArgs};
use crate::commands::check::{HEADER, row};
use crate::context::{Context, date};
use crate::output;

/// The verdict as the licence column words it: a `depends` or `uncertain` answer says so
/// instead of showing only its favourable or best-supported reading.
fn licence_cell(c: &redline_rules::Check) -> String {
    use redline_rules::Verdict;
    match c.verdict {
        Verdict::Required => "required".into(),
        Verdict::NotRequired => "not required".into(),
        Verdict::Depends => format!("depends on {}", c.depends_on.join(", ")),
        Verdict::Uncertain => format!("uncertain ({})", if c.license_required { "required" } else { "not required" }),
    }
}

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
            for (i, e) in entries.iter().enumerate() {
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
                let why = if e.changed == ["import_advisories"] {
                    c.import_advisories
                        .iter()
                        .filter(|a| a.date == c.date && a.concerns_chip)
                        .map(|a| format!("\nimport advisory ({}, {}): {}", a.authority, a.grade, a.summary))
                        .collect()
                } else {
                    // What changed: the newest reason citing an edition of that day, else the
                    // newest reason this entry adds over the previous one.
                    let before = i.checked_sub(1).map(|j| &entries[j].check.reasons);
                    let cites: Vec<&str> = e
                        .editions
                        .iter()
                        .filter_map(|id| redline_rules::editions::find(id))
                        .map(|ed| ed.citation)
                        .collect();
                    let new = |r: &&String| before.is_none_or(|b| !b.contains(*r));
                    c.reasons
                        .iter()
                        .skip(1)
                        .rev()
                        .find(|r| new(r) && cites.iter().any(|ct| r.contains(ct)))
                        .or_else(|| c.reasons.iter().skip(1).rev().find(new))
                        .or_else(|| c.reasons.iter().skip(1).last())
                        .map(|r| format!("\n{r}"))
                        .unwrap_or_default()
                };
                t.add_row(vec![
                    c.date.to_string(),
                    e.editions.join(", "),
                    licence_cell(c),
                    c.review_policy.map_or("-", |p| p.as_str()).to_string(),
                    if extras.is_empty() { "-".into() } else { extras.join(", ") },
                    format!("{}{why}", e.classification),
                ]);
            }
            writeln!(out, "{t}")?;
            if let Some(last) = entries.last().filter(|e| !e.check.import_advisories.is_empty()) {
                writeln!(
                    out,
                    "Import advisories for {name} on their dates (destination side; they never change the licence answer):"
                )?;
                for a in &last.check.import_advisories {
                    writeln!(
                        out,
                        "  {} {} {}: {} [{}; {}]",
                        if a.concerns_chip { "*" } else { "-" },
                        a.date,
                        a.authority,
                        a.summary,
                        a.family,
                        a.grade
                    )?;
                }
            }
            writeln!(
                out,
                "Grades: see `redline check {} --to {code} --on DATE` for every reason and source.",
                chip.spec.id
            )?;
            Ok(())
        }
    }
}
