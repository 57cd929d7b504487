//! Licensing: does exporting this chip to this destination on this date need a licence, under
//! what review policy, with which licence exceptions and conditions.
//!
//! The regime on a date is composed from the editions in effect then: the classification
//! edition, the destination scope and exceptions of the licensing editions, and the overlays
//! (company letters, deals). Facts a spec cannot hold (end user, certifications, end use) are
//! assumed favourable and listed as conditions.

use serde::Serialize;

use redline_catalog::{Chip, Grade};

use crate::RulesError;
use crate::classify::{Classification, Eccn, classify, fmt_num};
use crate::country::{Countries, Country, Groups};
use crate::date::Date;
use crate::edition::{Edition, Phase};
use crate::editions;

/// How BIS reviews a licence application, as the JSON contract spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewPolicy {
    /// Presumption of denial.
    PresumptionOfDenial,
    /// Case-by-case review.
    CaseByCase,
    /// Presumption of approval.
    PresumptionOfApproval,
}

impl ReviewPolicy {
    /// The JSON spelling, e.g. `presumption-of-denial`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewPolicy::PresumptionOfDenial => "presumption-of-denial",
            ReviewPolicy::CaseByCase => "case-by-case",
            ReviewPolicy::PresumptionOfApproval => "presumption-of-approval",
        }
    }
}

impl std::fmt::Display for ReviewPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Short names for the review policies.
pub mod policy {
    use super::ReviewPolicy;
    /// Presumption of denial.
    pub const DENIAL: ReviewPolicy = ReviewPolicy::PresumptionOfDenial;
    /// Case-by-case review.
    pub const CASE_BY_CASE: ReviewPolicy = ReviewPolicy::CaseByCase;
    /// Presumption of approval.
    pub const APPROVAL: ReviewPolicy = ReviewPolicy::PresumptionOfApproval;
}

/// A licence exception the export may use instead of a licence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LicenseException {
    /// Short name: `ACA`, `NAC`, `approved-end-user`.
    pub id: &'static str,
    /// What it is.
    pub name: String,
    /// Whether BIS must be notified first.
    pub notification_required: bool,
    /// Where it is written.
    pub citation: &'static str,
}

/// A condition the answer depends on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// Kind, e.g. `revenue-share`, `tariff`, `third-party-testing`, `volume-cap`.
    pub kind: &'static str,
    /// Percentage, where the condition has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// What it requires.
    pub text: String,
    /// Evidence grade for the condition.
    pub grade: Grade,
    /// Where it comes from.
    pub citation: &'static str,
}

/// The answer for one chip, destination and date.
#[derive(Clone, Debug, Serialize)]
pub struct Check {
    /// Chip id.
    pub chip: String,
    /// ISO 3166 alpha-2 code.
    pub destination: String,
    /// Its name.
    pub destination_name: String,
    /// Date asked about.
    pub date: Date,
    /// Country Groups of the destination on that date.
    pub country_groups: Vec<&'static str>,
    /// A licence (or a licence exception) is needed.
    pub license_required: bool,
    /// False when an unknown value leaves the answer open; `license_required` is then the
    /// cautious answer.
    pub decided: bool,
    /// How BIS reviews an application (null: not applicable or not published).
    pub review_policy: Option<ReviewPolicy>,
    /// Licence exceptions available instead of a licence.
    pub license_exceptions: Vec<LicenseException>,
    /// Conditions the answer assumes or imposes.
    pub conditions: Vec<Condition>,
    /// Why, step by step.
    pub reasons: Vec<String>,
    /// ECCN paragraph family (see `classify`).
    pub eccn: Option<Eccn>,
    /// Paragraphs met.
    pub paragraphs: Vec<&'static str>,
    /// Classification edition applied.
    pub classification_edition: &'static str,
    /// Every edition in effect on the date.
    pub regime: Vec<&'static str>,
    /// Weakest evidence grade among what decided the answer (null: user-supplied values).
    pub evidence_grade: Option<Grade>,
    /// One line for people.
    pub summary: String,
}

/// One check being composed: the chip, destination and date, and the answer so far. The
/// engine creates it; each edition in force amends it through its `apply`, in phase and date
/// order (see [`crate::edition::Phase`]).
pub struct Eval<'a> {
    /// The chip.
    pub chip: &'a Chip,
    /// The destination.
    pub country: &'a Country,
    /// Its Country Groups on the date.
    pub groups: Groups,
    /// The chip's classification on the date.
    pub cls: &'a Classification,
    /// The date.
    pub date: Date,
    /// The answer so far.
    pub check: Check,
    grade: Option<Grade>,
    user_values: bool,
}

/// Reason added when the licence requirement is the cautious answer to an open classification.
pub(crate) const UNDECIDED_CAUTIOUS: &str =
    "the classification is undecided: licence required is the cautious answer until the unknown values are known";

impl Eval<'_> {
    /// The destination is China (Hong Kong counts as China).
    #[must_use]
    pub fn china(&self) -> bool {
        self.country.is_china()
    }
    /// The destination is Macau.
    #[must_use]
    pub fn macau(&self) -> bool {
        self.country.is_macau()
    }
    /// The edition is in effect on the check's date.
    #[must_use]
    pub fn in_effect(&self, e: &Edition) -> bool {
        e.in_effect(self.date)
    }
    /// The chip meets 3A090, or the classification cannot tell (the cautious reading).
    #[must_use]
    pub fn controlled_or_undecided(&self) -> bool {
        self.cls.controlled || !self.cls.decided
    }
    /// The chip's catalogue id is one of `ids`.
    #[must_use]
    pub fn chip_is(&self, ids: &[&str]) -> bool {
        ids.contains(&self.chip.spec.id.as_str())
    }
    /// Lowers the evidence grade of the answer to `g` (None: a user-supplied value).
    pub fn weaken(&mut self, g: Option<Grade>) {
        match g {
            Some(g) => self.grade = Some(self.grade.map_or(g, |cur| cur.weakest(g))),
            None => self.user_values = true,
        }
    }
    /// Adds a reason.
    pub fn reason(&mut self, r: impl Into<String>) {
        self.check.reasons.push(r.into());
    }
    /// A licence is required, under `policy` (None: not published).
    pub fn require(&mut self, policy: Option<ReviewPolicy>) {
        self.check.license_required = true;
        self.check.review_policy = policy;
    }
    /// Adds a condition, once per kind.
    pub fn condition(
        &mut self,
        kind: &'static str,
        percent: Option<f64>,
        text: impl Into<String>,
        grade: Grade,
        citation: &'static str,
    ) {
        if !self.check.conditions.iter().any(|c| c.kind == kind) {
            self.check.conditions.push(Condition { kind, percent, text: text.into(), grade, citation });
        }
    }
    /// Adds a licence exception.
    pub fn exception(&mut self, e: LicenseException) {
        self.check.license_exceptions.push(e);
    }
}

/// Answers whether exporting `chip` to `destination` on `date` needs a licence.
///
/// # Errors
/// Unknown destination, or a date before the first edition.
pub fn check(chip: &Chip, countries: &Countries, destination: &str, date: Date) -> Result<Check, RulesError> {
    let country = countries.get(destination)?;
    let cls = classify(chip, date)?;
    Ok(check_classified(chip, &country, &cls, date))
}

pub(crate) fn check_classified(chip: &Chip, country: &Country, cls: &Classification, date: Date) -> Check {
    let groups = country.groups_on(date);
    let mut e = Eval {
        chip,
        country,
        groups,
        cls,
        date,
        check: Check {
            chip: chip.spec.id.clone(),
            destination: country.iso2.clone(),
            destination_name: country.name.clone(),
            date,
            country_groups: groups.names(),
            license_required: false,
            decided: cls.decided,
            review_policy: None,
            license_exceptions: vec![],
            conditions: vec![],
            reasons: vec![],
            eccn: cls.eccn,
            paragraphs: cls.paragraphs.clone(),
            classification_edition: cls.edition,
            regime: editions::in_effect(date).map(|e| e.id).collect(),
            evidence_grade: None,
            summary: String::new(),
        },
        grade: None,
        user_values: false,
    };
    // The classification's own evidence: TPP and, where it mattered, density.
    if let Some(t) = chip.metrics.tpp {
        e.weaken(t.grade);
    }
    if country.iso2 == "US" {
        e.reason("the destination is the United States: not an export");
        e.check.decided = true;
        return finish(e);
    }
    e.reason(format!("classification ({}): {}", cls.edition, cls.summary));
    for phase in [Phase::Rules, Phase::Overlays, Phase::Guidance] {
        if phase == Phase::Guidance {
            screening(&mut e);
        }
        for ed in editions::in_effect(date).filter(|ed| ed.phase() == phase) {
            if let Some(apply) = ed.apply {
                apply(&mut e);
            }
        }
    }
    finish(e)
}

/// Screening duties that go with any export of these items, whatever the edition.
fn screening(e: &mut Eval<'_>) {
    if e.groups.d5 || e.macau() {
        e.condition(
            "end-use",
            None,
            "no supercomputer, advanced-node IC or military end use (§744.23 end-use screens)",
            Grade::Official,
            "15 CFR §744.23",
        );
    }
}

fn finish(mut b: Eval<'_>) -> Check {
    b.check.evidence_grade = if b.user_values { None } else { b.grade };
    let c = &b.check;
    let status = if c.license_required { "licence required" } else { "no licence required" };
    let mut parts = vec![status.to_string()];
    if let Some(p) = c.review_policy {
        parts.push(p.as_str().replace('-', " "));
    }
    if !c.license_exceptions.is_empty() {
        parts.push(format!("exceptions: {}", c.license_exceptions.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")));
    }
    let priced: Vec<String> =
        c.conditions.iter().filter_map(|x| x.percent.map(|p| format!("{} {}%", x.kind, fmt_num(Some(p))))).collect();
    if !priced.is_empty() {
        parts.push(priced.join(", "));
    }
    if !c.decided {
        parts.push("UNDECIDED: unknown values".into());
    }
    let basis =
        c.eccn.map_or_else(|| "not 3A090".to_string(), |e| format!("{} ({})", e.as_str(), c.paragraphs.join(", ")));
    b.check.summary = format!("{} [{}]", parts.join("; "), basis);
    b.check
}
