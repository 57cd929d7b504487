//! The AI Diffusion framework (90 FR 4544), not enforced from 2025-05-13.
use redline_catalog::Grade;

use crate::check::Eval;
use crate::classify::Eccn;
use crate::date::Date;
use crate::edition::{Comparison, Edition, MetricKind, Scope, Status, Threshold, edition};

/// License Exception LPP: up to 26,900,000 TPP per ultimate consignee per calendar year.
pub const LPP_PER_CONSIGNEE_YEAR: Threshold = Threshold {
    id: "LPP/tpp-per-consignee-year",
    metric: MetricKind::Tpp,
    comparison: Comparison::Below,
    value: 26_900_000.0,
    grade: Grade::Analyst,
    citation: "90 FR 4544, §740.29 (law-firm summaries)",
};
/// Tier 2 country allocation, 2025-2027 cumulative.
pub const TIER2_COUNTRY_CAP: Threshold = Threshold {
    id: "tier-2/tpp-country-2025-2027",
    metric: MetricKind::Tpp,
    comparison: Comparison::Below,
    value: 790_000_000.0,
    grade: Grade::Analyst,
    citation: "90 FR 4544 (law-firm summaries)",
};
/// Compliance date of the worldwide requirement.
pub const COMPLIANCE: Date = Date::ymd(2025, 5, 15);

edition! {
    /// # 2025-01-13: Framework for Artificial Intelligence Diffusion (90 FR 4544)
    ///
    /// ## What it does
    /// Makes 3A090.a (and 4A090.a and the matching .z items) need a licence worldwide, with
    /// three tiers of destinations:
    /// * Tier 1 (the US and 18 allies): License Exception AIA;
    /// * Tier 3 (D:5 and Macau): presumption of denial;
    /// * Tier 2 (everyone else): country allocations of 790,000,000 TPP for 2025-2027 (about
    ///   49,900 H100-equivalents at 15,832 TPP each), License Exception LPP up to 26,900,000
    ///   TPP per consignee per year (about 1,699 H100e), and validated end-user programmes.
    ///
    /// Also controls closed model weights trained with more than 10^26 operations (4E091).
    /// 3A090.b keeps its earlier destination scope.
    ///
    /// ## Status
    /// Effective 2025-01-13 with a compliance date of 2025-05-15. On 2025-05-13 BIS announced
    /// it would rescind the rule and not enforce it, so its worldwide requirement never bound an
    /// exporter in practice. The text remains in the eCFR (2026-09-01 extract). Redline shows
    /// the rule in the regime as "not enforced" and never derives a licence requirement from it.
    ///
    /// ## Evidence
    /// Citation and dates verified; quotas and tiers from law-firm and analyst summaries.
    ///
    /// ## Citation
    /// 90 FR 4544, FR Doc 2025-00636, published 2025-01-15, effective 2025-01-13.
    pub static EDITION = Edition {
        id: "2025-01-13",
        effective: Date::ymd(2025, 1, 13),
        title: "AI Diffusion framework: worldwide licence for 3A090.a, tiers, LPP",
        citation: "90 FR 4544, FR Doc 2025-00636",
        url: "https://www.federalregister.gov/documents/2025/01/15/2025-00636/framework-for-artificial-intelligence-diffusion",
        grade: Grade::Analyst,
        scope: Scope::Licensing,
        status: Status::NotEnforced { since: Date::ymd(2025, 5, 13) },
        thresholds: &[LPP_PER_CONSIGNEE_YEAR, TIER2_COUNTRY_CAP],
        doc: "",
        apply: Some(apply),
    };
}

/// AI Diffusion never creates a requirement here (not enforced before its compliance date);
/// it is named in the reasons for 3A090.a items outside Tier 1.
fn apply(e: &mut Eval<'_>) {
    let tier = e.country.diffusion_tier;
    if e.cls.eccn != Some(Eccn::A) || tier == 1 {
        return;
    }
    match EDITION.status {
        Status::NotEnforced { since } if e.date >= since => e.reason(format!(
            "AI Diffusion (tier {tier}) would require a licence for 3A090.a, but BIS does not enforce it since {since}"
        )),
        _ => e.reason(format!(
            "AI Diffusion (tier {tier}): licence for 3A090.a from its compliance date {COMPLIANCE} (not yet binding)"
        )),
    }
}
