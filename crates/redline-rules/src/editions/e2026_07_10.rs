//! The UAE moves to Country Group A:5 (91 FR 43034).
use redline_catalog::Grade;

use crate::check::{Eval, LicenseException};
use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};

edition! {
    /// # 2026-07-10: the UAE moves to A:5 (91 FR 43034)
    ///
    /// ## What it does
    /// "Enhanced Favorable Treatment for the United Arab Emirates Under the EAR" adds the UAE
    /// to Country Group A:5 and removes it from D:3 and D:4. The 3A090 licence requirement
    /// still names the UAE explicitly, so A:5 status alone does not lift it; exports are
    /// licence-free for the UAE government, the approved entities of Supp. No. 8 to part 740
    /// (G42 and Core42, reportedly until 2027-04-06) and the UAE subsidiaries of listed US
    /// firms (Amazon, Apple, Google, Meta, Microsoft, OpenAI, Oracle, xAI).
    ///
    /// ## How Redline applies it
    /// For the UAE, a 3A090 item needs no licence on the condition that the end user is one of
    /// those approved parties (assumed, and listed as a condition); otherwise a licence is
    /// required.
    ///
    /// ## Evidence
    /// The group change is in the eCFR of 2026-07-23 (official); the approved-party details
    /// come from secondary summaries (analyst).
    ///
    /// ## Citation
    /// 91 FR 43034, FR Doc 2026-14132, published 2026-07-14, effective 2026-07-10.
    pub static EDITION = Edition {
        id: "2026-07-10",
        effective: Date::ymd(2026, 7, 10),
        title: "UAE moved to Country Group A:5; approved UAE end users licence-free",
        citation: "91 FR 43034, FR Doc 2026-14132",
        url: "https://www.govinfo.gov/content/pkg/FR-2026-07-14/pdf/2026-14132.pdf",
        grade: Grade::Analyst,
        scope: Scope::CountryGroups,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: None,
    };
}

/// From this edition the 3A090 requirement names the UAE although it is in A:5 (consulted by
/// the 2023 edition's destination code).
pub(crate) fn names_uae(e: &Eval<'_>) -> bool {
    e.country.iso2 == "AE" && e.in_effect(&EDITION)
}

/// A 3A090 item to the UAE: licence-free for the approved end users.
pub(crate) fn apply_uae(e: &mut Eval<'_>) {
    e.weaken(Some(Grade::Analyst));
    if e.facts.end_user_approved == Some(false) {
        e.require(None);
        e.reason(format!(
            "the UAE is in A:5 since {} but still named in the 3A090 requirement; the end user is not an approved party (given): licence required",
            EDITION.effective
        ));
        return;
    }
    e.check.license_required = false;
    e.exception(LicenseException {
        id: "approved-end-user",
        name: "UAE government, Supp. No. 8 approved entities, listed US firms' UAE subsidiaries (licence-free)".into(),
        notification_required: false,
        citation: EDITION.citation,
    });
    if e.facts.end_user_approved == Some(true) {
        e.reason(format!(
            "the UAE is in A:5 since {} but still named in the 3A090 requirement: licence-free for approved end users, and the end user is one (given)",
            EDITION.effective
        ));
        return;
    }
    e.scope(
        "approved-end-user",
        "end user is the UAE government, a Supp. No. 8 approved entity (G42, Core42) or the UAE subsidiary of a listed US firm; otherwise a licence is required",
        format!("the end user is not an approved UAE party ({})", EDITION.citation),
        Grade::Analyst,
        EDITION.citation,
    );
    e.reason(format!(
        "the UAE is in A:5 since {} but still named in the 3A090 requirement: licence-free only for approved end users (assumed)",
        EDITION.effective
    ));
}
