//! 3A090.c: high-bandwidth memory (89 FR 96790).
use redline_catalog::Grade;

use crate::check::{Eval, LicenseException, policy};
use crate::date::Date;
use crate::edition::{Comparison, Edition, MetricKind, Scope, Status, Threshold, edition};

/// 3A090.c: memory bandwidth density greater than 2 GB/s/mm².
pub const C_DENSITY: Threshold = Threshold {
    id: "3A090.c/density",
    metric: MetricKind::MemoryBandwidthDensity,
    comparison: Comparison::Above,
    value: 2.0,
    grade: Grade::Official,
    citation: "89 FR 96790, ECCN 3A090.c (transcribed by three sources)",
};
/// License Exception HBM: only below 3.3 GB/s/mm².
pub const HBM_EXCEPTION: Threshold = Threshold {
    id: "LE-HBM/density",
    metric: MetricKind::MemoryBandwidthDensity,
    comparison: Comparison::Below,
    value: 3.3,
    grade: Grade::Official,
    citation: "89 FR 96790, §740.25 (transcribed)",
};

edition! {
    /// # 2024-12-02: 3A090.c high-bandwidth memory (89 FR 96790)
    ///
    /// ## What it does
    /// Adds 3A090.c: HBM with a 'memory bandwidth density' (bandwidth in GB/s ÷ package or
    /// stack area in mm²) greater than 2 GB/s/mm². BIS: "All HBM stacks currently in production
    /// exceed this threshold." License Exception HBM (§740.25) covers only densities below
    /// 3.3 GB/s/mm². Compliance date for the HBM changes: 2024-12-31.
    ///
    /// HBM co-packaged on a GPU is not what 3A090.c classifies: the packaged GPU is classified
    /// by 3A090.a/.b. Redline applies 3A090.c only to standalone HBM items (`item = "hbm"`).
    /// The 3A090.a/.b lines are unchanged.
    ///
    /// ## Destinations
    /// Macau and D:5, and D:5- or Macau-headquartered entities.
    ///
    /// ## Evidence
    /// Citation and dates verified; the 3A090.c text is transcribed consistently by three
    /// sources. Sources disagree on the wording of the co-packaged exclusion (verify).
    ///
    /// ## Citation
    /// 89 FR 96790, FR Doc 2024-28270, published 2024-12-05, effective 2024-12-02.
    pub static EDITION = Edition {
        id: "2024-12-02",
        effective: Date::ymd(2024, 12, 2),
        title: "3A090.c high-bandwidth memory; FDP rule refinements",
        citation: "89 FR 96790, FR Doc 2024-28270",
        url: "https://www.govinfo.gov/content/pkg/FR-2024-12-05/html/2024-28270.htm",
        grade: Grade::Official,
        scope: Scope::Classification,
        status: Status::InForce,
        thresholds: &[C_DENSITY, HBM_EXCEPTION],
        doc: "",
        apply: None,
    };
}

/// 3A090.c HBM: licence required to D:5 and Macau only, with License Exception HBM below the
/// exception's density line (called by the 2023 edition's destination code for 3A090.c items).
pub(crate) fn apply_hbm(e: &mut Eval<'_>) {
    if e.groups.d5 || e.macau() {
        e.require(Some(policy::DENIAL));
        e.reason(format!("3A090.c HBM to {}: licence required to D:5 and Macau ({})", e.country.name, EDITION.citation));
        let density = e.chip.metrics.memory_bandwidth_density.map(|m| m.value);
        if density.is_some_and(|x| HBM_EXCEPTION.holds(x)) {
            e.exception(LicenseException {
                id: "HBM",
                name: format!(
                    "License Exception HBM (§740.25), memory bandwidth density below {} {}",
                    HBM_EXCEPTION.shown(),
                    HBM_EXCEPTION.metric.unit()
                ),
                notification_required: false,
                citation: EDITION.citation,
            });
        }
    } else {
        e.reason(format!("3A090.c HBM needs a licence only to D:5 and Macau; {} is neither", e.country.name));
    }
}
