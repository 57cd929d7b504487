//! `redline check CHIP... --to COUNTRY [--on DATE] [--end-user-hq CC] [--end-user-approved]`
//! and `redline check --shipments FILE.csv`.

use std::io::Write;

use anyhow::Result;
use serde_json::{Map, Value};

use redline_rules::shipments::{self, Shipment};
use redline_rules::{Check, FactInput, check_with};

use crate::args::{CheckArgs, OutputFormat};
use crate::context::{Context, date};
use crate::output;

pub fn run(args: &CheckArgs, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    if let Some(path) = &args.shipments {
        return run_shipments(path, args.common.format, ctx, out);
    }
    let chips = ctx.chips(&args.chips)?;
    let on = date(args.on.as_ref())?;
    let to = args.to.as_deref().unwrap_or_default();
    let facts = FactInput {
        end_user_hq: args.end_user_hq.clone(),
        end_user_approved: args.end_user_approved,
        subject_to_ear: args.subject_to_ear,
    };
    let mut checks = Vec::new();
    for chip in chips {
        checks.push(check_with(chip, &ctx.countries, to, on, &facts).map_err(|e| match e {
            redline_rules::RulesError::Country(c) if facts.end_user_hq.as_deref() == Some(c.input.as_str()) => {
                anyhow::anyhow!("--end-user-hq: {c}")
            }
            other => other.into(),
        })?);
    }
    match args.common.format {
        OutputFormat::Json if checks.len() == 1 => output::json(out, &checks[0]),
        OutputFormat::Json => output::json(out, &checks),
        OutputFormat::Csv => output::csv(out, &HEADER, &checks.iter().map(row).collect::<Vec<_>>()),
        OutputFormat::Table => {
            for (i, v) in checks.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                table(out, v)?;
            }
            Ok(())
        }
    }
}

pub const HEADER: [&str; 17] = [
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
    "verdict",
    "depends_on",
    "classification_decided",
    "press_overlays",
    "import_advisories",
];

fn conditions_cell(v: &Check) -> String {
    v.conditions
        .iter()
        .map(|c| c.percent.map_or_else(|| c.kind.to_string(), |p| format!("{}={}%", c.kind, output::csv_num(p))))
        .collect::<Vec<_>>()
        .join(";")
}

pub fn row(v: &Check) -> Vec<String> {
    vec![
        v.chip.clone(),
        v.destination.clone(),
        v.date.to_string(),
        v.license_required.to_string(),
        v.decided.to_string(),
        v.review_policy.map(|p| p.as_str()).unwrap_or_default().to_string(),
        v.license_exceptions.iter().map(|e| e.id).collect::<Vec<_>>().join(";"),
        conditions_cell(v),
        v.eccn.map(|e| e.as_str()).unwrap_or_default().to_string(),
        v.paragraphs.join(";"),
        v.evidence_grade.map(|g| g.to_string()).unwrap_or_default(),
        v.summary.clone(),
        v.verdict.to_string(),
        v.depends_on.join(";"),
        v.classification_decided.to_string(),
        v.press_overlays
            .iter()
            .map(|p| format!("{} [{}] {}", p.date, p.grade, p.summary))
            .collect::<Vec<_>>()
            .join(" | "),
        v.import_advisories
            .iter()
            .map(|a| format!("{} {} [{}]: {}", a.date, a.authority, a.grade, a.summary))
            .collect::<Vec<_>>()
            .join(" | "),
    ]
}

fn verdict_cell(v: &Check) -> String {
    match v.verdict {
        redline_rules::Verdict::Required => "required".to_string(),
        redline_rules::Verdict::NotRequired => "not required".to_string(),
        redline_rules::Verdict::Depends => format!("depends on {}", v.depends_on.join(", ")),
        redline_rules::Verdict::Uncertain => "uncertain: the evidence does not settle it (see branches)".to_string(),
    }
}

/// The press overlays and the destination's advisories, each in its own block.
pub fn side_blocks(out: &mut dyn Write, v: &Check) -> Result<()> {
    if !v.press_overlays.is_empty() {
        writeln!(out, "press reports (shown beside the answer, never its basis):")?;
        for p in &v.press_overlays {
            writeln!(out, "  - {} [{}] {} ({}; `redline rules {}`)", p.date, p.grade, p.summary, p.source, p.edition)?;
        }
    }
    if !v.import_advisories.is_empty() {
        writeln!(
            out,
            "import advisories for {} (the destination's own measures; they never change the US answer above):",
            v.destination_name
        )?;
        let (mine, others): (Vec<_>, Vec<_>) = v.import_advisories.iter().partition(|a| a.concerns_chip);
        for a in &mine {
            writeln!(
                out,
                "  - {} {}: {} [names: {}; {}] ({})",
                a.date, a.authority, a.summary, a.family, a.grade, a.source
            )?;
        }
        if mine.is_empty() {
            writeln!(out, "  none reaches {}", v.chip)?;
        }
        if !others.is_empty() {
            writeln!(
                out,
                "  on other chips: {}",
                others
                    .iter()
                    .map(|a| format!("{} {} ({})", a.date, a.authority, a.family))
                    .collect::<Vec<_>>()
                    .join("; ")
            )?;
        }
    }
    Ok(())
}

pub fn table(out: &mut dyn Write, v: &Check) -> Result<()> {
    writeln!(out, "{} → {} ({}) on {}", v.chip, v.destination, v.destination_name, v.date)?;
    writeln!(out, "  {}", v.summary)?;
    let mut t = output::table(&["", ""]);
    t.add_row(vec!["verdict".to_string(), verdict_cell(v)]);
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
    let class = match v.eccn {
        Some(e) => e.as_str(),
        None if !v.classification_decided => "cannot decide",
        None => "not 3A090",
    };
    t.add_row(vec!["classification".to_string(), format!("{class} [{}]", v.classification_edition)]);
    t.add_row(vec![
        "destination groups".to_string(),
        if v.country_groups.is_empty() { "-".into() } else { v.country_groups.join(", ") },
    ]);
    if let Some(hq) = &v.end_user_hq {
        t.add_row(vec!["end user headquarters".to_string(), hq.clone()]);
    }
    if let Some(a) = v.end_user_approved {
        t.add_row(vec!["end user approved".to_string(), output::yes_no(Some(a)).to_string()]);
    }
    if let Some(a) = v.subject_to_ear {
        t.add_row(vec!["subject to the EAR".to_string(), output::yes_no(Some(a)).to_string()]);
    }
    t.add_row(vec![
        "evidence grade".to_string(),
        v.evidence_grade.map_or("user-supplied values".into(), |g| g.to_string()),
    ]);
    t.add_row(vec![
        "regime".to_string(),
        format!(
            "decided by {} ({} editions in force)",
            if v.decided_by.is_empty() { "none".to_string() } else { v.decided_by.join(", ") },
            v.regime.len()
        ),
    ]);
    writeln!(out, "{t}")?;
    if !v.branches.is_empty() {
        writeln!(out, "branches (readings of the evidence; the first is the best supported):")?;
        for b in &v.branches {
            writeln!(
                out,
                "  - if {}: {}{}{} ({}, {})",
                b.assumption,
                if b.license_required { "licence required" } else { "no licence required" },
                b.review_policy.map(|p| format!(", {p}")).unwrap_or_default(),
                if b.depends_on.is_empty() {
                    String::new()
                } else {
                    format!(", depends on {}", b.depends_on.join(", "))
                },
                b.grade.map_or("no grade".to_string(), |g| g.to_string()),
                b.source
            )?;
        }
    }
    if !v.conditions.is_empty() {
        writeln!(
            out,
            "conditions (facts a spec cannot hold are assumed and listed; [scope] ones can change the verdict):"
        )?;
        for c in &v.conditions {
            writeln!(
                out,
                "  - [{}{}] {} ({}, {}, {})",
                c.kind,
                c.percent.map(|p| format!(" {p}%")).unwrap_or_default(),
                c.text,
                serde_json::to_value(c.role).ok().and_then(|r| r.as_str().map(str::to_string)).unwrap_or_default(),
                c.grade,
                c.citation
            )?;
        }
    }
    writeln!(out, "reasons:")?;
    for r in &v.reasons {
        writeln!(out, "  - {r}")?;
    }
    side_blocks(out, v)
}

/// Result columns added after a shipment's own columns.
const SHIPMENT_RESULT: [&str; 9] = [
    "verdict",
    "license_required",
    "review_policy",
    "depends_on",
    "license_exceptions",
    "conditions",
    "eccn",
    "classification_decided",
    "summary",
];

fn run_shipments(path: &std::path::Path, format: OutputFormat, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let text = crate::context::read_input(path, crate::context::MAX_SHIPMENTS_BYTES, "shipments file")?;
    let file = path.display().to_string();
    // Validate everything before printing anything.
    let list: Vec<Shipment<'_>> = shipments::parse(&text, &file, &ctx.catalog, &ctx.countries)?;
    let checks = shipments::screen(&list, &ctx.countries)?;
    match format {
        OutputFormat::Json => {
            let records: Vec<Value> = list
                .iter()
                .zip(&checks)
                .map(|(s, c)| {
                    let mut m = Map::new();
                    m.insert("line".into(), Value::from(s.line));
                    for (k, v) in &s.columns {
                        m.insert(k.clone(), Value::from(v.clone()));
                    }
                    m.insert("verdict".into(), Value::from(c.verdict.as_str()));
                    m.insert("license_required".into(), Value::from(c.license_required));
                    m.insert("review_policy".into(), c.review_policy.map_or(Value::Null, |p| Value::from(p.as_str())));
                    m.insert("depends_on".into(), Value::from(c.depends_on.clone()));
                    m.insert("summary".into(), Value::from(c.summary.clone()));
                    m.insert("check".into(), serde_json::to_value(c).unwrap_or(Value::Null));
                    Value::Object(m)
                })
                .collect();
            output::json(out, &records)
        }
        OutputFormat::Csv => {
            let mut header: Vec<&str> =
                list.first().map_or_else(Vec::new, |s| s.columns.iter().map(|(k, _)| k.as_str()).collect());
            if list.is_empty() {
                header.extend(shipments::REQUIRED);
            }
            header.extend(SHIPMENT_RESULT);
            let rows: Vec<Vec<String>> = list
                .iter()
                .zip(&checks)
                .map(|(s, c)| {
                    let mut r: Vec<String> = s.columns.iter().map(|(_, v)| v.clone()).collect();
                    r.extend([
                        c.verdict.to_string(),
                        c.license_required.to_string(),
                        c.review_policy.map(|p| p.as_str()).unwrap_or_default().to_string(),
                        c.depends_on.join(";"),
                        c.license_exceptions.iter().map(|e| e.id).collect::<Vec<_>>().join(";"),
                        conditions_cell(c),
                        c.eccn.map(|e| e.as_str()).unwrap_or_default().to_string(),
                        c.classification_decided.to_string(),
                        c.summary.clone(),
                    ]);
                    r
                })
                .collect();
            output::csv(out, &header, &rows)
        }
        OutputFormat::Table => {
            let mut t = output::table(&[
                "line",
                "chip",
                "to",
                "on",
                "qty",
                "verdict",
                "review policy",
                "depends on",
                "summary",
            ]);
            for (s, c) in list.iter().zip(&checks) {
                t.add_row(vec![
                    s.line.to_string(),
                    c.chip.clone(),
                    c.destination.clone(),
                    c.date.to_string(),
                    s.quantity.map(|q| q.to_string()).unwrap_or_else(|| "-".into()),
                    c.verdict.to_string(),
                    c.review_policy.map_or("-", |p| p.as_str()).to_string(),
                    if c.depends_on.is_empty() { "-".into() } else { c.depends_on.join(", ") },
                    c.summary.clone(),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} shipments screened from {file}", list.len())?;
            Ok(())
        }
    }
}
