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
use crate::advisory::{ImportAdvisory, import_advisories};
use crate::classify::{Classification, Eccn, classify, fmt_num};
use crate::country::{Countries, Country, Groups};
use crate::date::Date;
use crate::edition::{Edition, Phase, Threshold};
use crate::editions;
use crate::press::PressOverlay;

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

/// What a condition is to the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// A scope a rule attaches to this chip (end-user headquarters, approved end users, GP10):
    /// an unfavourable fact changes the verdict, so it can make the verdict `depends`.
    Scope,
    /// A screening duty for every export whatever the chip (restricted parties, end use):
    /// listed, never by itself a reason for `depends`.
    Screening,
    /// A term of the licence or exception (revenue share, tariff, testing, notification).
    Term,
    /// A fact the spec does not record, assumed favourable, that changes the review policy.
    Assumption,
}

impl Role {
    /// The role of a condition kind.
    #[must_use]
    pub fn of(kind: &str) -> Role {
        match kind {
            "end-user-headquarters" | "approved-end-user" | "gp10" | "subject-to-ear" => Role::Scope,
            "end-use" | "restricted-parties" | "affiliates-rule" => Role::Screening,
            "us-commercial-availability" => Role::Assumption,
            _ => Role::Term,
        }
    }
}

/// A condition the answer depends on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// Kind, e.g. `revenue-share`, `tariff`, `third-party-testing`, `volume-cap`.
    pub kind: &'static str,
    /// What the condition is to the verdict.
    pub role: Role,
    /// For a scope: the fact that would change the verdict, as the headline words it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unless: Option<String>,
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
    /// One line for people: the verdict and what it assumes.
    pub summary: String,
    /// Press-reported decisions shown beside the answer, never its basis.
    pub press_overlays: Vec<PressOverlay>,
    /// The destination's own measures on US chips (empty when none); they never change the
    /// answer above.
    pub import_advisories: Vec<ImportAdvisory>,
    /// `required`, `not-required`, `depends` (on facts a spec cannot hold, see `depends_on`) or
    /// `uncertain` (the evidence does not settle it, see `branches`).
    pub verdict: Verdict,
    /// Condition kinds whose unfavourable fact would flip `license_required` (non-empty
    /// exactly when `verdict` is `depends`).
    pub depends_on: Vec<&'static str>,
    /// For `uncertain`: the readings of the evidence and the verdict under each (the first is
    /// the best-supported one, which `license_required` follows).
    pub branches: Vec<Branch>,
    /// The classification is decided (bounds included); false: `eccn` is null because the
    /// classification is open, not because the chip is outside 3A090.
    pub classification_decided: bool,
    /// Editions in `regime` whose rules changed this answer.
    pub decided_by: Vec<&'static str>,
    /// The end user's headquarters, when given.
    pub end_user_hq: Option<String>,
    /// Whether the end user is approved, when given.
    pub end_user_approved: Option<bool>,
    /// Whether the chip is subject to the EAR, when given (`--subject-to-ear`).
    pub subject_to_ear: Option<bool>,
}

/// The three- (four-) valued verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A licence (or licence exception) is required whatever the facts left open.
    Required,
    /// No licence is required whatever the facts left open.
    NotRequired,
    /// The answer turns on facts a spec cannot hold (`depends_on`).
    Depends,
    /// The evidence does not settle it (`branches`).
    Uncertain,
}

impl Verdict {
    /// The JSON spelling.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Required => "required",
            Verdict::NotRequired => "not-required",
            Verdict::Depends => "depends",
            Verdict::Uncertain => "uncertain",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reading of the evidence and the answer under it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Branch {
    /// What this branch takes to be true.
    pub assumption: String,
    /// The answer under it (facts left open assumed favourable).
    pub license_required: bool,
    /// Review policy under it.
    pub review_policy: Option<ReviewPolicy>,
    /// Evidence grade of the figure or line the branch rests on (null: none recorded).
    pub grade: Option<Grade>,
    /// Where that figure or line comes from.
    pub source: String,
    /// The verdict under it (`required`, `not-required` or `depends`).
    pub verdict: Verdict,
    /// Condition kinds that would flip it.
    pub depends_on: Vec<&'static str>,
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
    /// Facts given (and, in a probe, the unfavourable assumption under test).
    pub facts: &'a Facts,
    grade: Option<Grade>,
    user_values: bool,
}

/// The end user's headquarters, resolved on the check's date.
#[derive(Clone, Debug, PartialEq)]
pub struct EndUserHq {
    /// ISO code.
    pub iso2: String,
    /// Name.
    pub name: String,
    /// In D:5 (China and Hong Kong included) or Macau on the date.
    pub d5_or_macau: bool,
}

/// Facts about the export that a spec cannot hold. Unknown facts are assumed favourable (and
/// listed as conditions); the verdict says which of them would change it (`depends_on`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Where the end user (or its ultimate parent) is headquartered.
    pub end_user_hq: Option<EndUserHq>,
    /// Whether the end user is an approved party (UAE from 2026-07-10).
    pub end_user_approved: Option<bool>,
    /// Whether the chip is subject to the EAR (matters only for chips designed outside the
    /// US; see [`crate::jurisdiction`]). `None`: read the favourable way, named in `depends_on`.
    pub subject_to_ear: Option<bool>,
    /// Probe only: assume the chip was made in violation of the EAR (GP10).
    pub(crate) gp10_violation: bool,
    /// Branch only: set aside lines graded press or estimate.
    pub(crate) set_aside_unverified_lines: bool,
}

/// Fact inputs as the user gives them (`--end-user-hq CC`, `--end-user-approved`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FactInput {
    /// Country (code or name) of the end user's headquarters or ultimate parent.
    pub end_user_hq: Option<String>,
    /// Whether the end user is an approved party.
    pub end_user_approved: Option<bool>,
    /// Whether the chip is subject to the EAR (`--subject-to-ear`; foreign-designed chips).
    pub subject_to_ear: Option<bool>,
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
            let role = Role::of(kind);
            self.check.conditions.push(Condition {
                kind,
                role,
                unless: None,
                percent,
                text: text.into(),
                grade,
                citation,
            });
        }
    }
    /// Adds a scope condition: `unless` words the fact that would change the verdict.
    pub fn scope(
        &mut self,
        kind: &'static str,
        text: impl Into<String>,
        unless: impl Into<String>,
        grade: Grade,
        citation: &'static str,
    ) {
        if !self.check.conditions.iter().any(|c| c.kind == kind) {
            self.check.conditions.push(Condition {
                kind,
                role: Role::Scope,
                unless: Some(unless.into()),
                percent: None,
                text: text.into(),
                grade,
                citation,
            });
        }
    }
    /// Whether the end user's headquarters is in D:5 or Macau (China and Hong Kong included):
    /// `None` when not given.
    #[must_use]
    pub fn hq_in_d5_or_macau(&self) -> Option<bool> {
        self.facts.end_user_hq.as_ref().map(|h| h.d5_or_macau)
    }
    /// Name and code of the end user's headquarters country, when given.
    #[must_use]
    pub fn hq_name(&self) -> String {
        self.facts.end_user_hq.as_ref().map_or_else(String::new, |h| format!("{} ({})", h.name, h.iso2))
    }
    /// Whether a line is applied in this evaluation (a branch may set press/estimate lines aside).
    #[must_use]
    pub fn line_applies(&self, t: &Threshold) -> bool {
        !(self.facts.set_aside_unverified_lines && t.unverified())
    }
    /// Adds a licence exception.
    pub fn exception(&mut self, e: LicenseException) {
        self.check.license_exceptions.push(e);
    }
}

/// Answers whether exporting `chip` to `destination` on `date` needs a licence, with every
/// fact a spec cannot hold left open (assumed favourable, and named in `depends_on` when it
/// would change the answer).
///
/// # Errors
/// Unknown destination, or a date before the first edition.
pub fn check(chip: &Chip, countries: &Countries, destination: &str, date: Date) -> Result<Check, RulesError> {
    check_with(chip, countries, destination, date, &FactInput::default())
}

/// [`check`] with facts given (end-user headquarters, approved end user).
///
/// # Errors
/// Unknown destination or headquarters country, or a date before the first edition.
pub fn check_with(
    chip: &Chip,
    countries: &Countries,
    destination: &str,
    date: Date,
    input: &FactInput,
) -> Result<Check, RulesError> {
    let country = countries.get(destination)?;
    let cls = classify(chip, date)?;
    let facts = resolve_facts(countries, input, date)?;
    Ok(crate::verdict::decide(chip, &country, &cls, date, &facts))
}

/// Resolves fact inputs on a date.
///
/// # Errors
/// An unknown headquarters country.
pub fn resolve_facts(countries: &Countries, input: &FactInput, date: Date) -> Result<Facts, RulesError> {
    let end_user_hq = match &input.end_user_hq {
        Some(code) => {
            let c = countries.get(code)?;
            let g = c.groups_on(date);
            Some(EndUserHq { d5_or_macau: g.d5 || c.is_macau(), iso2: c.iso2, name: c.name })
        }
        None => None,
    };
    Ok(Facts {
        end_user_hq,
        end_user_approved: input.end_user_approved,
        subject_to_ear: input.subject_to_ear,
        ..Facts::default()
    })
}

/// The check with the verdict, for timeline and headroom (no facts given).
pub(crate) fn check_classified(chip: &Chip, country: &Country, cls: &Classification, date: Date) -> Check {
    crate::verdict::decide(chip, country, cls, date, &Facts::default())
}

/// One evaluation under given facts: the editions in force applied in order; no verdict yet.
pub(crate) fn evaluate(chip: &Chip, country: &Country, cls: &Classification, date: Date, facts: &Facts) -> Check {
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
            press_overlays: vec![],
            import_advisories: import_advisories(chip, &country.iso2, date),
            verdict: Verdict::NotRequired,
            depends_on: vec![],
            branches: vec![],
            classification_decided: cls.decided,
            decided_by: vec![],
            end_user_hq: facts.end_user_hq.as_ref().map(|h| h.iso2.clone()),
            end_user_approved: facts.end_user_approved,
            subject_to_ear: facts.subject_to_ear,
        },
        facts,
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
    if crate::jurisdiction::stated_outside(&mut e) {
        return finish(e);
    }
    for phase in [Phase::Rules, Phase::Overlays, Phase::Guidance] {
        if phase == Phase::Guidance {
            screening(&mut e);
        }
        for ed in editions::in_effect(date).filter(|ed| ed.phase() == phase) {
            if let Some(apply) = ed.apply {
                let before = fingerprint(&e.check);
                apply(&mut e);
                if fingerprint(&e.check) != before {
                    e.check.decided_by.push(ed.id);
                }
            }
        }
    }
    crate::jurisdiction::apply(&mut e);
    finish(e)
}

/// What an edition changed: the parts of the answer a reader acts on.
fn fingerprint(c: &Check) -> (bool, Option<ReviewPolicy>, usize, usize) {
    (c.license_required, c.review_policy, c.license_exceptions.len(), c.conditions.len())
}

/// Screening duties that go with any export, whatever the chip and edition: listed, never a
/// reason for `depends` by themselves.
fn screening(e: &mut Eval<'_>) {
    e.condition(
        "restricted-parties",
        None,
        "no party to the transaction is on the Entity List or the Military End-User List (screen every party; ownership by listed parties counts only while the Affiliates Rule binds: see affiliates-rule)",
        Grade::Official,
        "15 CFR §744.11, §744.21",
    );
    e.condition(
        "end-use",
        None,
        "no supercomputer, advanced-node IC or military end use (§744.23 end-use screens)",
        Grade::Official,
        "15 CFR §744.23",
    );
}

fn finish(mut b: Eval<'_>) -> Check {
    b.check.evidence_grade = if b.user_values { None } else { b.grade };
    b.check
}

/// The headline: the verdict and what it assumes, then policy, exceptions, priced
/// conditions and the classification basis.
pub(crate) fn summarize(c: &Check) -> String {
    let yes_no = |required: bool| if required { "licence required" } else { "no licence required" };
    let status = match c.verdict {
        Verdict::Required | Verdict::NotRequired => yes_no(c.license_required).to_string(),
        Verdict::Depends => {
            let unless: Vec<String> = c
                .conditions
                .iter()
                .filter(|x| c.depends_on.contains(&x.kind))
                .map(|x| x.unless.clone().unwrap_or_else(|| x.kind.to_string()))
                .collect();
            format!("{} unless {}", yes_no(c.license_required), unless.join(" or "))
        }
        Verdict::Uncertain => {
            let mut text = format!("uncertain: {}", yes_no(c.license_required));
            if let Some(first) = c.branches.first() {
                text.push_str(&format!(" if {}", first.assumption));
            }
            if let Some(other) = c.branches.iter().skip(1).find(|b| b.license_required != c.license_required) {
                text.push_str(&format!(", {} if {}", yes_no(other.license_required), other.assumption));
            }
            let more = c.branches.len().saturating_sub(2);
            if more > 0 {
                text.push_str(&format!(" (+{more} more)"));
            }
            text
        }
    };
    let mut parts = vec![status];
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
    let basis = match c.eccn {
        Some(e) => format!("{} ({})", e.as_str(), c.paragraphs.join(", ")),
        None if !c.classification_decided => "classification undecided".to_string(),
        None => "not 3A090".to_string(),
    };
    format!("{} [{}]", parts.join("; "), basis)
}
