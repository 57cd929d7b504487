//! How the answer for one chip and destination changed, edition by edition.

use serde::Serialize;

use redline_catalog::Chip;

use crate::RulesError;
use crate::check::{Check, check_classified};
use crate::classify::classify;
use crate::country::Countries;
use crate::date::Date;
use crate::editions;

/// One date where the answer changed.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineEntry {
    /// The check on that date (its `date` is the change date).
    #[serde(flatten)]
    pub check: Check,
    /// Editions that took effect that day.
    pub editions: Vec<&'static str>,
    /// The classification's one-line summary then.
    pub classification: String,
    /// What changed from the previous entry.
    pub changed: Vec<&'static str>,
}

/// Dates on which something could change for this destination: edition dates and the
/// destination's Country Group changes, up to `until`.
fn candidate_dates(destination: &str, until: Date) -> Vec<Date> {
    let mut dates: Vec<Date> = editions::ALL.iter().map(|e| e.effective).collect();
    dates.extend(Countries::change_dates(destination));
    dates.extend(crate::advisory::dates(destination));
    dates.retain(|d| *d <= until);
    dates.sort();
    dates.dedup();
    dates
}

/// The answer's history: one entry per date where it changes.
///
/// # Errors
/// Unknown destination.
pub fn timeline(
    chip: &Chip,
    countries: &Countries,
    destination: &str,
    until: Date,
) -> Result<Vec<TimelineEntry>, RulesError> {
    let country = countries.get(destination)?;
    let mut out: Vec<TimelineEntry> = Vec::new();
    for date in candidate_dates(&country.iso2, until) {
        let cls = classify(chip, date)?;
        let check = check_classified(chip, &country, &cls, date);
        let changed = match out.last() {
            None => vec!["first edition"],
            Some(prev) => differences(&prev.check, &prev.classification, &check, &cls.summary),
        };
        if changed.is_empty() {
            continue;
        }
        let editions = editions::ALL.iter().filter(|e| e.effective == date).map(|e| e.id).collect();
        out.push(TimelineEntry { check, editions, classification: cls.summary, changed });
    }
    Ok(out)
}

fn differences(a: &Check, a_cls: &str, b: &Check, b_cls: &str) -> Vec<&'static str> {
    let mut d = Vec::new();
    if a.verdict != b.verdict {
        d.push("verdict");
    }
    if a.depends_on != b.depends_on {
        d.push("depends_on");
    }
    if a.license_required != b.license_required {
        d.push("license_required");
    }
    if a.review_policy != b.review_policy {
        d.push("review_policy");
    }
    if a.license_exceptions != b.license_exceptions {
        d.push("license_exceptions");
    }
    let kinds = |c: &Check| c.conditions.iter().map(|x| (x.kind, x.percent.map(f64::to_bits))).collect::<Vec<_>>();
    if kinds(a) != kinds(b) {
        d.push("conditions");
    }
    if a.eccn != b.eccn || a.paragraphs != b.paragraphs {
        d.push("classification");
    } else if a_cls != b_cls {
        d.push("classification basis");
    }
    if a.decided != b.decided {
        d.push("decided");
    }
    let reaching = |c: &Check| c.import_advisories.iter().filter(|x| x.concerns_chip).count();
    if reaching(a) != reaching(b) {
        d.push("import_advisories");
    }
    if a.press_overlays != b.press_overlays {
        d.push("press_overlays");
    }
    d
}
