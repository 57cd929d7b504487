//! Macau joins the scope of the 2022 China controls (88 FR 2821).
use redline_catalog::Grade;

use crate::check::Eval;
use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};

edition! {
    /// # 2023-01-17: Macau added (88 FR 2821)
    ///
    /// ## What it does
    /// Extends the October 2022 advanced-computing licence requirement, until then for China
    /// (including Hong Kong), to Macau, named separately. The 3A090 test is unchanged.
    ///
    /// ## Evidence
    /// Country-group research (88 FR 2821, FR Doc 2023-00888), high confidence.
    ///
    /// ## Citation
    /// 88 FR 2821, FR Doc 2023-00888, effective 2023-01-17.
    pub static EDITION = Edition {
        id: "2023-01-17",
        effective: Date::ymd(2023, 1, 17),
        title: "Macau added to the China advanced-computing controls",
        citation: "88 FR 2821, FR Doc 2023-00888",
        url: "https://www.federalregister.gov/d/2023-00888",
        grade: Grade::Official,
        scope: Scope::Licensing,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: None,
    };
}

/// Whether the 2022 China requirement reaches the destination as Macau (applied by the 2022
/// edition's code, which this edition extends).
pub(crate) fn names_macau(e: &Eval<'_>) -> bool {
    e.macau() && e.in_effect(&EDITION)
}
