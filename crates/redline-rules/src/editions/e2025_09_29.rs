//! The Affiliates Rule (90 FR 47201): entities 50% or more owned by listed parties inherit their
//! licence requirements. Suspended a year later; see `e2025_11_10` and `e2026_11_10`.
use redline_catalog::Grade;

use crate::check::Eval;
use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};

/// Ownership share, in percent, at which an affiliate inherits its owners' restrictions.
pub const OWNERSHIP_PERCENT: f64 = 50.0;
/// First day of the one-year suspension (90 FR 50857).
pub const SUSPENDED_FROM: Date = Date::ymd(2025, 11, 10);
/// Last day of the suspension.
pub const SUSPENDED_THROUGH: Date = Date::ymd(2026, 11, 9);
/// The day the suspended changes are scheduled to bind again, absent an extension.
pub const SCHEDULED_RETURN: Date = Date::ymd(2026, 11, 10);

edition! {
    /// # 2025-09-29: the Affiliates Rule (90 FR 47201)
    ///
    /// ## What it does
    /// Extends the Entity List, the Military End-User List and the §744.8 SDN restrictions to
    /// every foreign entity owned 50% or more, directly or indirectly, individually or in
    /// aggregate, by one or more listed parties: such an affiliate is subject to the same licence
    /// requirements as its owners (with several owners, the most restrictive one applies). Red
    /// Flag 29: an exporter who knows of a listed owner but not the share must resolve it, apply
    /// for a licence, or decline. A temporary general licence ran to 2025-11-28 for some
    /// allied-country and joint-venture cases.
    ///
    /// It is an ownership test on the end user, not a chip test: it reaches every item subject
    /// to the EAR, so every chip in the catalogue, whatever its classification.
    ///
    /// ## How Redline applies it
    /// An end-user condition `affiliates-rule` on every check while the rule binds: from
    /// 2025-09-29 to 2025-11-09, and again from 2026-11-10 (the scheduled return, not confirmed
    /// by any source found; see edition 2026-11-10). While it is suspended (2025-11-10 to
    /// 2026-11-09) no condition is shown and a reason says why. The ownership is assumed clean;
    /// the condition never changes `license_required`.
    ///
    /// ## Evidence
    /// OFFICIAL: summary and dates read on the Federal Register document; Red Flag 29 and the
    /// temporary general licence from law-firm alerts (analyst).
    ///
    /// ## Citation
    /// 90 FR 47201-47214, FR Doc 2025-19001, RIN 0694-AK11, effective 2025-09-29 (published
    /// 2025-09-30).
    pub static EDITION = Edition {
        id: "2025-09-29",
        effective: Date::ymd(2025, 9, 29),
        title: "Affiliates Rule: entities 50%+ owned by listed parties inherit their licence requirements",
        citation: "90 FR 47201, FR Doc 2025-19001",
        url: "https://www.federalregister.gov/documents/2025/09/30/2025-19001/expansion-of-end-user-controls-to-cover-affiliates-of-certain-listed-entities",
        grade: Grade::Official,
        scope: Scope::Licensing,
        status: Status::Suspended { from: SUSPENDED_FROM, through: SUSPENDED_THROUGH },
        thresholds: &[],
        doc: "",
        apply: Some(apply),
    };
}

/// Adds the `affiliates-rule` end-user condition while the rule binds, or says it is suspended.
fn apply(e: &mut Eval<'_>) {
    let date = e.date;
    let text = "end user not owned 50% or more (directly or indirectly, alone or in aggregate) by parties on the Entity List, the Military End-User List or §744.8 SDN programmes; otherwise the owners' licence requirements apply, the most restrictive owner's first (assumed)";
    if date < SUSPENDED_FROM {
        e.condition("affiliates-rule", None, text, Grade::Official, EDITION.citation);
        e.reason(format!(
            "Affiliates Rule ({}) in force: an end user 50% or more owned by listed parties inherits their licence requirements (ownership assumed clean)",
            EDITION.citation
        ));
    } else if date <= SUSPENDED_THROUGH {
        e.reason(format!(
            "Affiliates Rule ({}) suspended from 2025-11-10 through 2026-11-09 ({}): listed-party restrictions reach only the listed entities; ownership red flags still call for diligence",
            EDITION.citation,
            super::e2025_11_10::EDITION.citation
        ));
    } else {
        e.condition(
            "affiliates-rule",
            None,
            format!(
                "{text}. Scheduled to bind again from 2026-11-10 under {} absent an extension; no source found (as of 2026-12-02) confirms the return or an extension",
                super::e2025_11_10::EDITION.citation
            ),
            Grade::Estimate,
            super::e2026_11_10::EDITION.citation,
        );
        e.reason(format!(
            "Affiliates Rule: its one-year suspension ended 2026-11-09; treated as back in force as scheduled ({}): not confirmed by any source found",
            super::e2026_11_10::EDITION.citation
        ));
    }
}
