//! Commerce's approvals for G42 (UAE) and Humain (Saudi Arabia), 35,000 GB300-class chips each.
use redline_catalog::Grade;

use crate::check::Eval;
use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};
use crate::press::PressOverlay;

/// Approved quantity per company, in GB300 equivalents.
pub const GB300_EQUIVALENTS: u32 = 35_000;

edition! {
    /// # 2025-11-19: exports approved to G42 and Humain (official statement, via press)
    ///
    /// ## What it says
    /// Commerce said on 2025-11-19 it had authorised exports of advanced chips to G42 (UAE) and
    /// Humain (Saudi Arabia), each up to the computing equivalent of 35,000 NVIDIA GB300,
    /// conditioned on "rigorous security and reporting requirements" and monitored on an ongoing
    /// basis.
    ///
    /// ## How Redline applies it
    /// A press overlay on checks of 3A090 chips to the UAE (G42) and Saudi Arabia (Humain) from
    /// 2025-11-19. It is a named-end-user licence, not a rule: it never changes the verdict,
    /// which still says a licence is required for other end users.
    ///
    /// ## Evidence
    /// Commerce's statement, known only through press copies (Bloomberg, Observer, 2025-11-19):
    /// graded press. Licence terms not published.
    ///
    /// ## Citation
    /// US Department of Commerce statement of 2025-11-19, as reported by Bloomberg and others.
    pub static EDITION = Edition {
        id: "2025-11-19",
        effective: Date::ymd(2025, 11, 19),
        title: "G42 (UAE) and Humain (Saudi Arabia) approved for 35,000 GB300-equivalents each (press)",
        citation: "Commerce statement 2025-11-19, via Bloomberg",
        url: "https://www.ndtvprofit.com/amp/global-economics/us-approves-sale-of-35000-ai-chips-to-uaes-g42-saudis-humain",
        grade: Grade::Press,
        scope: Scope::Overlay,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: Some(apply),
    };
}

/// Adds the overlay to checks of 3A090 chips to the UAE and Saudi Arabia.
fn apply(e: &mut Eval<'_>) {
    let company = match e.country.iso2.as_str() {
        "AE" => "G42",
        "SA" => "Humain",
        _ => return,
    };
    if !e.controlled_or_undecided() {
        return;
    }
    e.check.press_overlays.push(PressOverlay::reported(&EDITION, EDITION.effective, format!(
            "Commerce approved exports to {company} of up to the equivalent of {GB300_EQUIVALENTS} NVIDIA GB300, with security and reporting conditions; other end users are not covered"
        )));
}
