//! `redline rules [EDITION]`: list the editions or explain one.

use std::io::Write;

use anyhow::{Result, bail};
use serde::Serialize;

use redline_rules::edition::{Edition, Status};
use redline_rules::editions;

use crate::args::{OutputFormat, RulesArgs};
use crate::output;

#[derive(Serialize)]
struct Explained<'a> {
    #[serde(flatten)]
    edition: &'a Edition,
    doc: &'a str,
}

fn status(e: &Edition) -> String {
    match e.status {
        Status::InForce => "in force".into(),
        Status::NotEnforced { since } => format!("not enforced since {since}"),
        Status::Suspended { from, through } => format!("suspended {from} to {through}"),
    }
}

fn scope(e: &Edition) -> String {
    serde_json::to_value(e.scope).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

pub fn run(args: &RulesArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(id) = &args.edition {
        let mut on_date = None;
        let e = match editions::find(id.trim()) {
            Some(e) => e,
            None => {
                let list = || editions::ALL.iter().map(|e| e.id).collect::<Vec<_>>().join(", ");
                let Ok(date) = id.parse::<redline_rules::Date>() else {
                    bail!(
                        "unknown edition {id:?}: expected an edition id or a date (YYYY-MM-DD); editions: {}",
                        list()
                    );
                };
                let Some(e) = editions::latest_on(date) else {
                    bail!(
                        "no rule edition before {} (87 FR 62186); {date} is earlier; editions: {}",
                        editions::FIRST,
                        list()
                    );
                };
                on_date = Some(date);
                e
            }
        };
        if let Some(date) = on_date {
            let regime: Vec<&str> = editions::in_effect(date).map(|e| e.id).collect();
            if args.format == OutputFormat::Json {
                #[derive(Serialize)]
                struct InForce<'a> {
                    date: String,
                    latest_edition: &'a str,
                    regime: Vec<&'a str>,
                    #[serde(flatten)]
                    edition: &'a Edition,
                    doc: &'a str,
                }
                return output::json(
                    out,
                    &InForce { date: date.to_string(), latest_edition: e.id, regime, edition: e, doc: e.doc },
                );
            }
            if args.format == OutputFormat::Table {
                writeln!(
                    out,
                    "On {date} the latest edition in force is {} ({}); the regime is every edition in effect then: {}.\n",
                    e.id,
                    e.title,
                    regime.join(", ")
                )?;
            }
        }
        return match args.format {
            OutputFormat::Json => output::json(out, &Explained { edition: e, doc: e.doc }),
            OutputFormat::Csv => thresholds_csv(out, &[e]),
            OutputFormat::Table => {
                for line in e.doc.lines() {
                    writeln!(out, "{}", line.strip_prefix(' ').unwrap_or(line))?;
                }
                writeln!(out, "Status: {}. Evidence: {}. {}", status(e), e.grade, e.url)?;
                if !e.thresholds.is_empty() {
                    let mut t = output::table(&["line", "metric", "test", "grade", "citation"]);
                    for th in e.thresholds {
                        t.add_row(vec![
                            th.id.to_string(),
                            th.metric.as_str().to_string(),
                            format!(
                                "{} {} {}",
                                th.metric.as_str(),
                                th.comparison.symbol(),
                                output::num(Some(th.value))
                            ),
                            th.grade.to_string(),
                            th.citation.to_string(),
                        ]);
                    }
                    writeln!(out, "{t}")?;
                }
                Ok(())
            }
        };
    }
    match args.format {
        OutputFormat::Json => {
            output::json(out, &editions::ALL.iter().map(|e| Explained { edition: e, doc: e.doc }).collect::<Vec<_>>())
        }
        OutputFormat::Csv => thresholds_csv(out, editions::ALL),
        OutputFormat::Table => {
            let mut t = output::table(&["edition", "scope", "status", "title", "citation", "grade"]);
            for e in editions::ALL {
                t.add_row(vec![
                    e.id.to_string(),
                    scope(e),
                    status(e),
                    e.title.to_string(),
                    e.citation.to_string(),
                    e.grade.to_string(),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(
                out,
                "`redline rules EDITION` explains one. The regime on a date is every edition in effect then."
            )?;
            Ok(())
        }
    }
}

fn thresholds_csv(out: &mut dyn Write, eds: &[&Edition]) -> Result<()> {
    let mut rows = Vec::new();
    for e in eds {
        for th in e.thresholds {
            rows.push(vec![
                e.id.to_string(),
                th.id.to_string(),
                th.metric.as_str().to_string(),
                th.comparison.symbol().to_string(),
                th.value.to_string(),
                th.grade.to_string(),
                th.citation.to_string(),
            ]);
        }
    }
    output::csv(out, &["edition", "line", "metric", "op", "value", "grade", "citation"], &rows)
}
