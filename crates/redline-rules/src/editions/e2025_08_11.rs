//! H20 and MI308 licences on a 15% revenue-share condition (press).
use redline_catalog::Grade;

use crate::check::{Eval, policy};
use crate::date::Date;
use crate::edition::{Edition, Scope, Status, edition};

/// Share of China revenue reportedly paid to the US government.
pub const REVENUE_SHARE_PERCENT: f64 = 15.0;
/// Catalogue ids the arrangement covers.
pub const COVERED: &[&str] = &["h20", "h20-141gb", "mi308x"];

edition! {
    /// # 2025-08-11: H20 and MI308 licences with a 15% revenue share (press)
    ///
    /// ## What it does
    /// After NVIDIA said in July 2025 that the US government had assured it licences would be
    /// granted, Commerce reportedly began issuing H20 licences on 2025-08-08, and on 2025-08-11
    /// NVIDIA and AMD reportedly agreed to pay 15% of their China revenue from H20 and MI308
    /// sales to the US government as a condition of the licences.
    ///
    /// For the H20 and MI308X to China, Hong Kong and Macau Redline reports: licence required,
    /// licences being granted (case by case, company-specific), condition: revenue share 15%.
    ///
    /// ## Evidence
    /// PRESS ONLY (Reuters and NPR, 2025-08-11). There is no regulation: the Export Control
    /// Reform Act forbids licence fees, and later commentary suggests the January 2026 tariff
    /// became the mechanism for the H200 deal. NVIDIA reportedly halted H20 production on
    /// 2025-08-22, and China's regulators told firms to stop buying it (2025-09).
    ///
    /// ## Citation
    /// Reuters, "Nvidia, AMD to pay 15% of China chip sale revenues to US", 2025-08-11.
    pub static EDITION = Edition {
        id: "2025-08-11",
        effective: Date::ymd(2025, 8, 11),
        title: "H20/MI308 licences granted on a 15% revenue-share condition (press)",
        citation: "Reuters 2025-08-11; NPR 2025-08-11",
        url: "https://www.reuters.com/world/china/nvidia-amd-pay-15-china-chip-sale-revenues-us-official-says-2025-08-11/",
        grade: Grade::Press,
        scope: Scope::Overlay,
        status: Status::InForce,
        thresholds: &[],
        doc: "",
        apply: Some(apply),
    };
}

/// The chips the letters named, to China, Hong Kong and Macau: licences granted case by case
/// on the revenue-share condition.
fn apply(e: &mut Eval<'_>) {
    if !(e.chip_is(COVERED) && e.chip_is(super::e2025_04_09::NAMED) && (e.china() || e.macau())) {
        return;
    }
    e.check.review_policy = Some(policy::CASE_BY_CASE);
    e.weaken(Some(Grade::Press));
    e.condition(
        "revenue-share",
        Some(REVENUE_SHARE_PERCENT),
        format!(
            "{}% of China revenue from the chip paid to the US government (press-reported deal; no regulation)",
            crate::classify::fmt_num(Some(REVENUE_SHARE_PERCENT))
        ),
        Grade::Press,
        EDITION.citation,
    );
    e.reason(format!(
        "licences being granted since August 2025 on a {}% revenue-share condition (press-reported)",
        crate::classify::fmt_num(Some(REVENUE_SHARE_PERCENT))
    ));
}
