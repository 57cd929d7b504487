//! Reported US licences for H200 to named Chinese buyers, with a per-buyer cap (press overlay).
use redline_catalog::Grade;

use crate::check::Eval;
use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};
use crate::press::PressOverlay;

/// Chips the reports count toward a buyer's cap.
pub const NAMED: &[&str] = &["h200", "mi325x"];
/// Reported cap per Chinese buyer, chips.
pub const PER_BUYER_CAP: u32 = 75_000;
/// Date by which about ten buyers were reported cleared.
pub const CLEARED_BY: Date = Date::ymd(2026, 6, 1);

edition! {
    /// # 2026-03-03: H200 licences for named Chinese buyers, capped per buyer (press)
    ///
    /// ## What it says
    /// 2026-03-03 (Bloomberg): US officials were considering a cap of 75,000 H200 per Chinese
    /// customer, MI325-class chips counting toward it; "only a small number" of H200 exports had
    /// been authorised. By 2026-06-01 (Reuters, via The Decoder and news digests): about ten
    /// Chinese firms, ByteDance, Alibaba, Tencent and JD.com among them, reportedly cleared for
    /// up to 75,000 H200 each, with Lenovo and Foxconn as licensed distributors; no chips had
    /// shipped, and Beijing had told buyers to pause.
    ///
    /// ## How Redline applies it
    /// A press overlay on checks of the H200 and MI325X to China from 2026-03-03 (the cleared
    /// buyers from 2026-06-01). The verdict comes from 91 FR 1684 (case-by-case review), never
    /// from these reports. China's own approvals and holds are import advisories, not this.
    ///
    /// ## Evidence
    /// PRESS ONLY. The approval date of the ten buyers and any shipment after June 2026 are
    /// unknown.
    ///
    /// ## Citation
    /// Bloomberg via Business Times, 2026-03-03; Reuters via The Decoder, by 2026-06-01.
    pub static EDITION = Edition {
        id: "2026-03-03",
        effective: Date::ymd(2026, 3, 3),
        title: "H200 to named Chinese buyers, up to 75,000 each, reportedly licensed; none shipped (press)",
        citation: "Bloomberg 2026-03-03; Reuters by 2026-06-01",
        url: "https://www.businesstimes.com.sg/international/global/us-mulls-capping-nvidia-h200-sales-75000-chinese-customer",
        grade: Grade::Press,
        scope: Scope::Overlay,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: Some(apply),
    };
}

/// Adds the overlay to H200 and MI325X checks for China.
fn apply(e: &mut Eval<'_>) {
    let date = e.date;
    if e.country.iso2 != "CN" || !e.chip_is(NAMED) {
        return;
    }
    let summary = if date < CLEARED_BY {
        format!(
            "US officials reportedly weighing a cap of {PER_BUYER_CAP} H200 per Chinese buyer (MI325-class counting toward it); only a few H200 exports authorised so far"
        )
    } else {
        format!(
            "about ten Chinese buyers (ByteDance, Alibaba, Tencent, JD.com among them) reportedly licensed for up to {PER_BUYER_CAP} H200 each; no chips shipped as of the reports"
        )
    };
    e.check.press_overlays.push(PressOverlay::reported(&EDITION, if date < CLEARED_BY { EDITION.effective } else { CLEARED_BY }, summary));
}
