//! `redline changes EDITION [--to COUNTRY]`: what one edition changed, chip by chip.

use std::io::Write;

use anyhow::{Result, bail};

use redline_rules::{changes, editions};

use crate::args::{ChangesArgs, OutputFormat};
use crate::context::Context;
use crate::output;

pub fn run(args: &ChangesArgs, ctx: &Context, out: &mut dyn Write) -> Result<()> {
    let Some(edition) = editions::find(args.edition.trim()) else {
        bail!(
            "unknown edition {:?}; editions: {}",
            args.edition,
            editions::ALL.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
        );
    };
    let destinations: Vec<&str> = match &args.to {
        Some(to) => vec![to.as_str()],
        None => changes::DEFAULT_DESTINATIONS.to_vec(),
    };
    let chips: Vec<&redline_catalog::Chip> =
        if ctx.spec_ids.is_empty() { ctx.catalog.chips().iter().collect() } else { ctx.chips(&[])? };
    let list = changes(&chips, &ctx.countries, edition, &destinations)?;
    match args.common.format {
        OutputFormat::Json => output::json(out, &list),
        OutputFormat::Csv => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|c| {
                    vec![
                        c.edition.to_string(),
                        c.chip.clone(),
                        c.destination.clone(),
                        c.changed.join(";"),
                        c.before.verdict.to_string(),
                        c.after.verdict.to_string(),
                        c.before.license_required.to_string(),
                        c.after.license_required.to_string(),
                        c.before.review_policy.map(|p| p.as_str()).unwrap_or_default().to_string(),
                        c.after.review_policy.map(|p| p.as_str()).unwrap_or_default().to_string(),
                        c.before.summary.clone(),
                        c.after.summary.clone(),
                    ]
                })
                .collect();
            output::csv(
                out,
                &[
                    "edition",
                    "chip",
                    "destination",
                    "changed",
                    "before_verdict",
                    "after_verdict",
                    "before_license_required",
                    "after_license_required",
                    "before_review_policy",
                    "after_review_policy",
                    "before_summary",
                    "after_summary",
                ],
                &rows,
            )
        }
        OutputFormat::Table => {
            writeln!(
                out,
                "{}: {} ({}); {} vs {}",
                edition.id,
                edition.title,
                edition.citation,
                edition.effective.pred(),
                edition.effective
            )?;
            if list.is_empty() {
                writeln!(
                    out,
                    "no answer changed for the chips and destinations compared ({})",
                    destinations.join(", ")
                )?;
                return Ok(());
            }
            let mut t = output::table(&["chip", "to", "changed", "before", "after"]);
            for c in &list {
                t.add_row(vec![
                    c.chip.clone(),
                    c.destination.clone(),
                    c.changed.join(", "),
                    c.before.summary.clone(),
                    c.after.summary.clone(),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} answers changed ({} compared)", list.len(), destinations.join(", "))?;
            Ok(())
        }
    }
}
