//! The foundry due-diligence rule's deadline change (91 FR 17851): foundry and OSAT obligations,
//! listed for completeness and out of scope for chip verdicts.
use redline_catalog::Grade;

use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};

/// The deadline before the change.
pub const OLD_DEADLINE: Date = Date::ymd(2026, 4, 13);
/// The deadline after it.
pub const NEW_DEADLINE: Date = Date::ymd(2026, 12, 31);

edition! {
    /// # 2026-04-07: foundry due diligence, IC-designer deadline moved to 2026-12-31 (91 FR 17851)
    ///
    /// ## What it does
    /// The foundry due-diligence rule (IFR of 2025-01-16, 90 FR 5298) makes front-end
    /// fabricators and OSATs presume that an "applicable advanced logic IC" (16/14 nm or below,
    /// or non-planar transistors) is 3A090.a and designed or marketed for data centres, unless
    /// the designer is an approved or authorized IC designer, or an approved OSAT (or the
    /// fabricator) packages it and attests the transistor count. This final rule, effective
    /// 2026-04-07 and published 2026-04-09, replaces 2026-04-13 with 2026-12-31 in Note 1 to
    /// 3A090.a, paragraphs a.(2) and a.(3): the end of "authorized IC designer" status and the
    /// deadline to apply to become an approved IC designer.
    ///
    /// ## How Redline applies it
    /// It does not. These are obligations of the foundry or packager, not a test of a finished
    /// chip's classification or licence: OUT OF SCOPE for chip verdicts, listed here so that
    /// `redline rules` shows the whole regime. What happens after 2026-12-31 is unknown.
    ///
    /// ## Evidence
    /// OFFICIAL (transcribed): an analyst note that read the whole FR document (2026-09-25).
    ///
    /// ## Citation
    /// 91 FR 17851-17852, FR Doc 2026-06851, effective 2026-04-07.
    pub static EDITION = Edition {
        id: "2026-04-07",
        effective: Date::ymd(2026, 4, 7),
        title: "Foundry due diligence: IC-designer deadline 2026-04-13 -> 2026-12-31 (out of scope for chip verdicts)",
        citation: "91 FR 17851, FR Doc 2026-06851",
        url: "https://www.govinfo.gov/content/pkg/FR-2026-04-09/html/2026-06851.htm",
        grade: Grade::Official,
        scope: Scope::OutOfScope,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: None,
    };
}
