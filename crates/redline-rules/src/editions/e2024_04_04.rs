//! Corrections: License Exception ACA split from NAC (89 FR 23876).
use redline_catalog::Grade;

use crate::check::{Eval, LicenseException};
use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};

edition! {
    /// # 2024-04-04: ACA split from NAC (89 FR 23876)
    ///
    /// ## What it does
    /// Splits License Exception ACA (Advanced Computing Authorized) out of NAC:
    /// * ACA, with no notification, for eligible items to D:1/D:4 destinations that are not
    ///   D:5 or Macau (and in-country transfers);
    /// * NAC, with prior notification to BIS, for Macau and D:5 destinations and parties.
    ///
    /// Item eligibility is unchanged: 3A090.b items designed or marketed for datacenters, and
    /// 3A090.a items that are not and have TPP ≥ 4,800. The 3A090 lines are unchanged.
    ///
    /// ## Evidence
    /// Citation and dates verified; the ACA/NAC split is from law-firm summaries (analyst).
    ///
    /// ## Citation
    /// 89 FR 23876, FR Doc 2024-07004, effective 2024-04-04.
    pub static EDITION = Edition {
        id: "2024-04-04",
        effective: Date::ymd(2024, 4, 4),
        title: "Corrections; License Exception ACA split from NAC",
        citation: "89 FR 23876, FR Doc 2024-07004",
        url: "https://regulations.justia.com/regulations/fedreg/2024/04/04/2024-07004.html",
        grade: Grade::Analyst,
        scope: Scope::Licensing,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: None,
    };
}

/// From this edition, an eligible item to a destination outside D:5 and Macau uses ACA, without
/// notification, instead of NAC (applied by the 2023 edition's exception code).
pub(crate) fn aca_instead_of_nac(e: &Eval<'_>, d5_or_macau: bool) -> bool {
    e.in_effect(&EDITION) && !d5_or_macau
}

/// License Exception ACA.
pub(crate) fn aca() -> LicenseException {
    LicenseException {
        id: "ACA",
        name: "Advanced Computing Authorized (§740.8), no notification".into(),
        notification_required: false,
        citation: EDITION.citation,
    }
}
