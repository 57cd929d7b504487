//! Reported refusal to license NVIDIA's B30A for China (press overlay).
use redline_catalog::Grade;

use crate::check::Eval;
use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};
use crate::press::PressOverlay;

/// Catalogue ids the report names.
pub const NAMED: &[&str] = &["b30a"];

edition! {
    /// # 2025-11-06: the White House reportedly will not license the B30A for China (press)
    ///
    /// ## What it says
    /// The Information reported on 2025-11-06, citing three people, that the White House told
    /// federal agencies it will not permit NVIDIA to sell the B30A, a scaled-down Blackwell
    /// sampled to Chinese customers, in China; NVIDIA was reportedly modifying the design.
    ///
    /// ## How Redline applies it
    /// Shown as a press overlay on checks of the B30A to China, Hong Kong and Macau from
    /// 2025-11-06. It decides nothing: the B30A's verdict there comes from the published rules
    /// (TPP 28,000 is above the 2026 case-by-case gate of 21,000, so presumption of denial stays).
    ///
    /// ## Evidence
    /// PRESS ONLY (The Information via Reuters). No written decision, denial or rule was found.
    ///
    /// ## Citation
    /// The Information, 2025-11-06; Reuters, "US to block Nvidia's sale of scaled-down AI chips to
    /// China, The Information says", 2025-11-06.
    pub static EDITION = Edition {
        id: "2025-11-06",
        effective: Date::ymd(2025, 11, 6),
        title: "B30A: White House reportedly will not license it for China (press)",
        citation: "The Information 2025-11-06; Reuters 2025-11-06",
        url: "https://srnnews.com/us-to-block-nvidias-sale-of-scaled-back-ai-chips-to-china-the-information-says",
        grade: Grade::Press,
        scope: Scope::Overlay,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: Some(apply),
    };
}

/// Adds the overlay to B30A checks for China, Hong Kong and Macau.
fn apply(e: &mut Eval<'_>) {
    if !(e.china() || e.macau()) || !e.chip_is(NAMED) {
        return;
    }
    e.check.press_overlays.push(PressOverlay::reported(&EDITION, EDITION.effective, "the White House reportedly told agencies it will not permit B30A sales to China".into()));
}
