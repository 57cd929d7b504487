//! Case-by-case review for H200-class chips to China and Macau (91 FR 1684).
use redline_catalog::Grade;

use crate::date::Date;
use crate::edition::{Comparison, Edition, MetricKind, Scope, Status, Threshold, edition};

/// TPP below 21,000.
pub const TPP: Threshold = Threshold {
    id: "cbc-2026/tpp",
    metric: MetricKind::Tpp,
    comparison: Comparison::Below,
    value: 21_000.0,
    grade: Grade::Official,
    citation: "91 FR 1684, §742.6(b)(10) as revised (transcribed by two sources)",
};
/// Total DRAM bandwidth below 6,500 GB/s.
pub const DRAM: Threshold = Threshold {
    id: "cbc-2026/dram",
    metric: MetricKind::DramBandwidth,
    comparison: Comparison::Below,
    value: 6500.0,
    grade: Grade::Official,
    citation: "91 FR 1684, §742.6(b)(10) as revised (transcribed by two sources)",
};
/// Aggregate TPP to China/Macau at most this share of the product's US shipments.
pub const VOLUME_CAP_PERCENT: f64 = 50.0;

edition! {
    /// # 2026-01-15: case-by-case review for H200-class chips to China and Macau (91 FR 1684)
    ///
    /// ## What it does
    /// Changes the review policy for exports to China and Macau from presumption of denial to
    /// case-by-case for advanced computing commodities with a TPP below 21,000 and a total DRAM
    /// bandwidth below 6,500 GB/s, "such as the NVIDIA H200 or AMD MI325X", provided that:
    /// 1. the product is commercially available in the United States at publication;
    /// 2. the exporter certifies sufficient US supply, that production for China does not
    ///    divert foundry capacity from US end users, and that the recipient has sufficient
    ///    security procedures;
    /// 3. the item passes independent third-party testing in the US (a US-headquartered lab)
    ///    that verifies its performance specifications;
    /// 4. aggregate TPP exported to China/Macau stays at or below 50% of the same product's US
    ///    shipments; no military, military-intelligence or WMD end use; KYC and disclosure of
    ///    remote users for cloud access.
    ///
    /// Presumption of denial remains for items at or above either line (Blackwell, B30A),
    /// for reexports and in-country transfers, and for D:5- or Macau-headquartered entities
    /// outside China. The same day a presidential proclamation put a 25% duty on chips made
    /// abroad that pass through the US, but only on those inside its Annex bands (the H200 and
    /// MI325X classes, not the H100): see edition 2026-01-15-tariff.
    ///
    /// ## How Redline applies it
    /// Facts a spec cannot hold (certifications, testing, end use) are assumed favourable and
    /// listed as conditions. Commercial availability in the US is taken from the catalogue
    /// when known (China-only SKUs such as the A800, H800 and H20 do not qualify).
    ///
    /// ## Evidence
    /// SUMMARY verified on the official document; the numeric gate transcribed by two sources
    /// and confirmed by trade press and law firms.
    ///
    /// ## Citation
    /// 91 FR 1684, FR Doc 2026-00789, effective 2026-01-15.
    pub static EDITION = Edition {
        id: "2026-01-15",
        effective: Date::ymd(2026, 1, 15),
        title: "Case-by-case review below TPP 21,000 and DRAM 6,500 GB/s to China/Macau",
        citation: "91 FR 1684, FR Doc 2026-00789",
        url: "https://www.govinfo.gov/content/pkg/FR-2026-01-15/html/2026-00789.htm",
        grade: Grade::Official,
        scope: Scope::Licensing,
        status: Status::InForce,
        thresholds: &[TPP, DRAM],
        doc: "",
    };
}
