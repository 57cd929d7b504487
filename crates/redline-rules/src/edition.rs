//! What a rule edition is: dated, cited data (thresholds with evidence grades) plus the
//! explanation a user reads with `redline rules EDITION`.

use serde::Serialize;

use redline_catalog::Grade;

use crate::date::Date;

/// The quantity a threshold is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// Total processing performance (dense TOPS × bit length).
    Tpp,
    /// TPP per mm² of applicable die area.
    PerformanceDensity,
    /// 2022: aggregate bidirectional I/O to ICs other than memory, GB/s.
    IoAggregate,
    /// 2022: bit length × TOPS.
    BitLengthTops,
    /// Total DRAM bandwidth, GB/s.
    DramBandwidth,
    /// Chip-to-chip bandwidth, GB/s.
    ChipToChip,
    /// DRAM plus chip-to-chip bandwidth, GB/s.
    DramPlusInterconnect,
    /// Memory bandwidth density of a standalone HBM item, GB/s/mm².
    MemoryBandwidthDensity,
}

impl MetricKind {
    /// Name as printed.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Tpp => "tpp",
            MetricKind::PerformanceDensity => "performance_density",
            MetricKind::IoAggregate => "io_aggregate_gbs",
            MetricKind::BitLengthTops => "bit_length_tops",
            MetricKind::DramBandwidth => "dram_bandwidth_gbs",
            MetricKind::ChipToChip => "chip_to_chip_gbs",
            MetricKind::DramPlusInterconnect => "dram_plus_interconnect_gbs",
            MetricKind::MemoryBandwidthDensity => "memory_bandwidth_density",
        }
    }

    /// Unit as printed.
    #[must_use]
    pub fn unit(self) -> &'static str {
        match self {
            MetricKind::Tpp | MetricKind::BitLengthTops => "",
            MetricKind::PerformanceDensity => "TPP/mm²",
            MetricKind::IoAggregate
            | MetricKind::DramBandwidth
            | MetricKind::ChipToChip
            | MetricKind::DramPlusInterconnect => "GB/s",
            MetricKind::MemoryBandwidthDensity => "GB/s/mm²",
        }
    }
}

/// How a value is compared with a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Comparison {
    /// "X or more".
    #[serde(rename = ">=")]
    AtLeast,
    /// "greater than X".
    #[serde(rename = ">")]
    Above,
    /// "less than X".
    #[serde(rename = "<")]
    Below,
}

impl Comparison {
    /// Applies the comparison.
    #[must_use]
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparison::AtLeast => value >= threshold,
            Comparison::Above => value > threshold,
            Comparison::Below => value < threshold,
        }
    }

    /// Symbol as printed.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => ">=",
            Comparison::Above => ">",
            Comparison::Below => "<",
        }
    }
}

/// A named line in a rule.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Threshold {
    /// Stable id, e.g. `3A090.a.1/tpp`.
    pub id: &'static str,
    /// What is compared.
    pub metric: MetricKind,
    /// How.
    pub comparison: Comparison,
    /// The line.
    pub value: f64,
    /// Strength of the evidence for the number.
    pub grade: Grade,
    /// Where the number is written.
    pub citation: &'static str,
}

/// Whether an edition binds.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Status {
    /// In force from its effective date.
    InForce,
    /// On the books, but the government announced it would not enforce it from `since`.
    NotEnforced {
        /// Date of the announcement.
        since: Date,
    },
    /// Suspended by a later rule from `from` through `through`, scheduled to bind again the day
    /// after unless extended.
    Suspended {
        /// First day of the suspension.
        from: Date,
        /// Last day of the suspension.
        through: Date,
    },
}

/// What part of the regime an edition changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Redefines the 3A090 paragraphs (classification).
    Classification,
    /// Changes destinations, licence exceptions or review policy.
    Licensing,
    /// A company-specific or deal-specific overlay outside the published rules.
    Overlay,
    /// Changes Country Group membership.
    CountryGroups,
    /// Guidance without new requirements.
    Guidance,
    /// An import duty: it prices a path through the US, it does not license an export.
    Tariff,
    /// Obligations of other parties (foundries, packagers): listed, never part of a chip verdict.
    OutOfScope,
}

/// One dated rule edition.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Edition {
    /// Id: its effective date, `YYYY-MM-DD`, with a suffix (`-tariff`) when two items share a date.
    pub id: &'static str,
    /// Legal effective date.
    pub effective: Date,
    /// Short title.
    pub title: &'static str,
    /// Citation (Federal Register page, FR Doc, filing).
    pub citation: &'static str,
    /// Where to read it.
    pub url: &'static str,
    /// Strength of the evidence for the edition's content overall.
    pub grade: Grade,
    /// What it changes.
    pub scope: Scope,
    /// Enforcement status.
    pub status: Status,
    /// Its lines.
    pub thresholds: &'static [Threshold],
    /// The explanation, from the edition's doc comment.
    #[serde(skip)]
    pub doc: &'static str,
}

/// Declares an edition whose `///` doc comment is also its `doc` text.
macro_rules! edition {
    ($(#[doc = $doc:literal])* pub static $name:ident = $body:expr;) => {
        $(#[doc = $doc])*
        pub static $name: $crate::edition::Edition = $crate::edition::Edition {
            doc: concat!($($doc, "\n"),*),
            ..$body
        };
    };
}
pub(crate) use edition;
