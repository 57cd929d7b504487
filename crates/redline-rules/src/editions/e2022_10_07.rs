//! The first advanced-computing rule (87 FR 62186).
use redline_catalog::Grade;

use crate::check::{Eval, UNDECIDED_CAUTIOUS, policy};
use crate::date::Date;
use crate::edition::{Comparison, Edition, MetricKind, Scope, Status, Threshold, edition};

/// 2022 test, I/O prong: aggregate bidirectional transfer rate to ICs other than volatile memory.
pub const IO: Threshold = Threshold {
    id: "3A090.a/io",
    metric: MetricKind::IoAggregate,
    comparison: Comparison::AtLeast,
    value: 600.0,
    grade: Grade::Official,
    citation: "87 FR 62186, ECCN 3A090.a (transcribed text)",
};
/// 2022 test, compute prong: bit length per operation × TOPS, aggregated.
pub const COMPUTE: Threshold = Threshold {
    id: "3A090.a.1/bit_length_tops",
    metric: MetricKind::BitLengthTops,
    comparison: Comparison::AtLeast,
    value: 4800.0,
    grade: Grade::Official,
    citation: "87 FR 62186, ECCN 3A090.a.1 (transcribed text)",
};

edition! {
    /// # 2022-10-07: the first chip rule (87 FR 62186)
    ///
    /// ## What it does
    /// Creates ECCN 3A090. An integrated circuit is controlled when BOTH hold:
    /// * its aggregate bidirectional transfer rate over all inputs and outputs, to or from ICs
    ///   other than volatile memories, is 600 GB/s or more (Redline sums chip-to-chip links such
    ///   as NVLink and the host link such as PCIe; DRAM/HBM does not count), and
    /// * bit length per operation × processing performance in TOPS, aggregated over all
    ///   processor units, is 4,800 or more (numerically the later TPP for digital units).
    ///
    /// ## Why it matters
    /// The test is a conjunction, so a chip with full compute and cut interconnect escapes it:
    /// the A800 (NVLink 400 + PCIe 64 = 464 GB/s) and H800 (400 + 128 = 528 GB/s) were designed
    /// to do exactly that.
    ///
    /// ## Destinations and policy
    /// Licence required to China, including Hong Kong (Macau from 2023-01-17). Review policy:
    /// presumption of denial (secondary sources; a case-by-case carve-out for end users
    /// headquartered in the US or A:5/A:6 is recollected, not verified).
    ///
    /// ## Evidence
    /// Title, citation and dates verified on the official document; the 3A090 text itself is
    /// transcribed by third parties (grade: official, transcribed). No sparsity note and no
    /// datacenter note existed yet.
    ///
    /// ## Citation
    /// 87 FR 62186, FR Doc 2022-21658, published 2022-10-13, effective 2022-10-07.
    pub static EDITION = Edition {
        id: "2022-10-07",
        effective: Date::ymd(2022, 10, 7),
        title: "Advanced computing and semiconductor manufacturing items (first 3A090)",
        citation: "87 FR 62186, FR Doc 2022-21658",
        url: "https://www.govinfo.gov/content/pkg/FR-2022-10-13/html/2022-21658.htm",
        grade: Grade::Official,
        scope: Scope::Classification,
        status: Status::InForce,
        thresholds: &[IO, COMPUTE],
        doc: "",
        apply: Some(apply),
    };
}

/// The 2022 licence requirement: 3A090 to China (Macau from 2023-01-17), until the 2023 rewrite.
fn apply(e: &mut Eval<'_>) {
    if e.in_effect(&super::e2023_11_17::EDITION) {
        return;
    }
    let in_scope = e.china() || super::e2023_01_17::names_macau(e);
    if in_scope && e.controlled_or_undecided() {
        e.require(Some(policy::DENIAL));
        e.weaken(Some(Grade::Estimate));
        e.reason(format!(
            "3A090 to {}: licence required ({}); review policy presumption of denial per secondary sources (not verified against §742.6(b)(10))",
            e.country.name, EDITION.citation
        ));
        if !e.cls.decided {
            e.reason(UNDECIDED_CAUTIOUS);
        }
    } else if e.cls.controlled {
        e.reason(format!(
            "the 2022 rule required a licence only to China (and Macau from {})",
            super::e2023_01_17::EDITION.effective
        ));
    }
}
