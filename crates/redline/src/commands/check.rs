//! `redline check CHIP --to COUNTRY [--on DATE]`.

use std::io::Write;

use anyhow::Result;

use redline_rules::{Check, check};

use crate::args::{CheckArgs, OutputFormat};
use crate::context::{Context, date};
use crate::output;

pub fn run(args: &CheckArgs, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let chip = ctx.chip(args.chip.as_ref())?;
    let on = date(args.on.as_ref())?;
    let v = check(chip, &ctx.countries, &args.to, on)?;
    match args.common.format {
        OutputFormat::Json => output::json(out, &v),
        OutputFormat::Csv => output::csv(out, &HEADER, &[row(&v)]),
        OutputFormat::Table => table(out, &v),
    }
}

pub const HEADER: [&str; 12] = [
    "chip",
    "destination",
    "date",
    "license_required",
    "decided",
    "review_policy",
    "license_exceptions",
    "conditions",
    "eccn",
    "paragraphs",
    "evidence_grade",
    "summary",
];

pub fn row(v: &Check) -> Vec<String> {
    vec![
        v.chip.clone(),
        v.destination.clone(),
        v.date.to_string(),
        v.license_required.to_string(),
        v.decided.to_string(),
        v.review_policy.map(|p| p.as_str()).unwrap_or_default().to_string(),
        v.license_exceptions.iter().map(|e| e.id).collect::<Vec<_>>().join(";"),
        v.conditions
            .iter()
            .map(|c| c.percent.map_or_else(|| c.kind.to_string(), |p| format!("{}={p}%", c.kind)))
            .collect::<Vec<_>>()
            .join(";"),
        v.eccn.map(|e| e.as_str()).unwrap_or_default().to_string(),
        v.paragraphs.join(";"),
        v.evidence_grade.map(|g| g.to_string()).unwrap_or_default(),
        v.summary.clone(),
    ]
}

pub fn table(out: &mut dyn Write, v: &Check) -> Result<()> {
    writeln!(out, "{} → {} ({}) on {}", v.chip, v.destination, v.destination_name, v.date)?;
    writeln!(out, "  {}", v.summary)?;
    let mut t = output::table(&["", ""]);
    t.add_row(vec![
        "licence required".to_string(),
        format!(
            "{}{}",
            output::yes_no(Some(v.license_required)),
            if v.decided { "" } else { " (undecided: cautious answer)" }
        ),
    ]);
    t.add_row(vec!["review policy".to_string(), v.review_policy.map_or("-", |p| p.as_str()).to_string()]);
    t.add_row(vec![
        "licence exceptions".to_string(),
        if v.license_exceptions.is_empty() {
            "-".to_string()
        } else {
            v.license_exceptions
                .iter()
                .map(|e| format!("{}: {}{}", e.id, e.name, if e.notification_required { " (notify BIS)" } else { "" }))
                .collect::<Vec<_>>()
                .join("\n")
        },
    ]);
    t.add_row(vec![
        "classification".to_string(),
        format!("{} [{}]", v.eccn.map_or("not 3A090", |e| e.as_str()), v.classification_edition),
    ]);
    t.add_row(vec![
        "destination groups".to_string(),
        if v.country_groups.is_empty() { "-".into() } else { v.country_groups.join(", ") },
    ]);
    t.add_row(vec![
        "evidence grade".to_string(),
        v.evidence_grade.map_or("user-supplied values".into(), |g| g.to_string()),
    ]);
    t.add_row(vec!["regime".to_string(), v.regime.join(", ")]);
    writeln!(out, "{t}")?;
    if !v.conditions.is_empty() {
        writeln!(out, "conditions (facts a spec cannot hold are assumed and listed):")?;
        for c in &v.conditions {
            writeln!(
                out,
                "  - [{}{}] {} ({}, {})",
                c.kind,
                c.percent.map(|p| format!(" {p}%")).unwrap_or_default(),
                c.text,
                c.grade,
                c.citation
            )?;
        }
    }
    writeln!(out, "reasons:")?;
    for r in &v.reasons {
        writeln!(out, "  - {r}")?;
    }
    Ok(())
}
