//! Case-by-case review for H200-class chips to China and Macau (91 FR 1684).
use redline_catalog::Grade;

use crate::check::{Eval, policy};
use crate::classify::{fmt_num, metric_value};
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
        apply: Some(apply),
    };
}

/// To China and Macau, items under both lines move from presumption of denial to case by case,
/// on the rule's conditions.
fn apply(e: &mut Eval<'_>) {
    if !((e.china() || e.macau()) && e.check.review_policy == Some(policy::DENIAL)) {
        return;
    }
    let tpp = metric_value(e.chip, TPP.metric);
    let dram = metric_value(e.chip, DRAM.metric);
    let c = EDITION.citation;
    match (tpp, dram) {
        (Some(t), Some(d)) if TPP.holds(t.value) && DRAM.holds(d.value) => {
            let under = format!(
                "TPP {} {} {} and DRAM {} GB/s {} {}",
                fmt_num(Some(t.value)),
                TPP.comparison,
                TPP.shown(),
                fmt_num(Some(d.value)),
                DRAM.comparison,
                DRAM.shown()
            );
            let available = e.chip.spec.us_commercially_available.as_ref().and_then(|s| s.known());
            if available == Some(false) {
                e.reason(format!(
                    "{under}, but the chip is not commercially available in the US: presumption of denial remains ({c})"
                ));
                return;
            }
            e.check.review_policy = Some(policy::CASE_BY_CASE);
            e.weaken(t.grade);
            e.weaken(d.grade);
            e.reason(format!("{under}: case-by-case review for exports from the US ({c})"));
            if available.is_none() {
                e.condition(
                    "us-commercial-availability",
                    None,
                    format!(
                        "the product was commercially available in the US on {} (not recorded in the spec: assumed)",
                        EDITION.effective
                    ),
                    Grade::Official,
                    c,
                );
            }
            e.condition("exporter-certification", None, "exporter certifies sufficient US supply, no diversion of foundry capacity from US end users, and the recipient's security procedures", Grade::Official, c);
            e.condition("third-party-testing", None, "independent testing by a US-headquartered lab in the US verifies TPP, memory and interconnect bandwidth and DRAM capacity", Grade::Official, c);
            e.condition(
                "volume-cap",
                Some(VOLUME_CAP_PERCENT),
                format!(
                    "aggregate TPP shipped to China/Macau at most {}% of the product's US shipments",
                    fmt_num(Some(VOLUME_CAP_PERCENT))
                ),
                Grade::Official,
                c,
            );
            e.condition(
                "export-from-us",
                None,
                "an export from the United States: reexports and in-country transfers stay presumption of denial",
                Grade::Analyst,
                c,
            );
            e.condition("kyc-and-end-use", None, "know-your-customer and physical-security descriptions; no military, military-intelligence or WMD end use; remote users disclosed for cloud access", Grade::Official, c);
        }
        (t, d) if t.is_some_and(|t| !TPP.holds(t.value)) || d.is_some_and(|d| !DRAM.holds(d.value)) => {
            e.reason(format!(
                "TPP {} and DRAM {} GB/s: at or above {} TPP or {} GB/s, presumption of denial remains ({c})",
                fmt_num(t.map(|m| m.value)),
                fmt_num(d.map(|m| m.value)),
                TPP.shown(),
                DRAM.shown()
            ));
        }
        _ => {
            e.check.decided = false;
            e.reason("cannot decide the 2026 case-by-case gate: TPP or DRAM bandwidth unknown; presumption of denial kept as the cautious answer");
        }
    }
}
