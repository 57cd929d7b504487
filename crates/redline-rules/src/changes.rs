//! What one edition changed: for every chip, the answer the day before the edition took effect
//! against the answer on its effective date.

use serde::Serialize;

use redline_catalog::Chip;

use crate::RulesError;
use crate::check::{Check, check};
use crate::country::Countries;
use crate::edition::Edition;

/// Destinations `changes` compares when none is named: China (D:5), Macau, the UAE (named
/// from 2026-07-10), Saudi Arabia (D:1/D:4), India and Malaysia (in none of the groups that
/// matter), Germany (A:5).
pub const DEFAULT_DESTINATIONS: [&str; 7] = ["CN", "MO", "AE", "SA", "IN", "MY", "DE"];

/// One chip and destination whose answer the edition changed.
#[derive(Clone, Debug, Serialize)]
pub struct EditionChange {
    /// Chip id.
    pub chip: String,
    /// Destination code.
    pub destination: String,
    /// The edition.
    pub edition: &'static str,
    /// What changed: `verdict`, `license_required`, `review_policy`, `license_exceptions`,
    /// `conditions`, `depends_on`, `classification`.
    pub changed: Vec<&'static str>,
    /// The check the day before.
    pub before: Check,
    /// The check on the effective date.
    pub after: Check,
}

/// What the edition changed for each chip and destination (only those whose answer changed),
/// chips in catalogue order.
///
/// # Errors
/// An unknown destination, or an edition on the first rule's date (nothing before it).
pub fn changes(
    chips: &[&Chip],
    countries: &Countries,
    edition: &'static Edition,
    destinations: &[&str],
) -> Result<Vec<EditionChange>, RulesError> {
    let to = edition.effective;
    let from = to.pred();
    let mut out = Vec::new();
    for chip in chips {
        for dest in destinations {
            let after = check(chip, countries, dest, to)?;
            let before = match check(chip, countries, dest, from) {
                Ok(b) => b,
                Err(RulesError::BeforeFirstEdition { .. }) => continue,
                Err(e) => return Err(e),
            };
            let changed = differences(&before, &after);
            if !changed.is_empty() {
                out.push(EditionChange {
                    chip: chip.spec.id.clone(),
                    destination: after.destination.clone(),
                    edition: edition.id,
                    changed,
                    before,
                    after,
                });
            }
        }
    }
    Ok(out)
}

/// The parts of the answer that differ.
#[must_use]
pub fn differences(a: &Check, b: &Check) -> Vec<&'static str> {
    let mut d = Vec::new();
    if a.verdict != b.verdict {
        d.push("verdict");
    }
    if a.license_required != b.license_required {
        d.push("license_required");
    }
    if a.review_policy != b.review_policy {
        d.push("review_policy");
    }
    let ids = |c: &Check| c.license_exceptions.iter().map(|e| e.id).collect::<Vec<_>>();
    if ids(a) != ids(b) {
        d.push("license_exceptions");
    }
    let kinds = |c: &Check| c.conditions.iter().map(|x| (x.kind, x.percent.map(f64::to_bits))).collect::<Vec<_>>();
    if kinds(a) != kinds(b) {
        d.push("conditions");
    }
    if a.depends_on != b.depends_on {
        d.push("depends_on");
    }
    if a.eccn != b.eccn || a.paragraphs != b.paragraphs || a.classification_decided != b.classification_decided {
        d.push("classification");
    }
    d
}
