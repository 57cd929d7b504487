//! What a rule edition is: dated, cited data (thresholds with evidence grades) plus the
//! explanation a user reads with `redline rules EDITION`.

use serde::Serialize;

use redline_catalog::Grade;

use crate::date::Date;

/// The quantity a threshold is compared with.
///
/// Serialised in editions (`rules --format json`) in snake case (`io_aggregate`); in criteria
/// through [`MetricKind::as_str`] (`io_aggregate_gbs`), as the JSON contracts spell them.
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

    /// Short label for messages (`TPP`, `density`; otherwise the printed name).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            MetricKind::Tpp => "TPP",
            MetricKind::PerformanceDensity => "density",
            other => other.as_str(),
        }
    }

    /// Serialises as [`MetricKind::as_str`].
    ///
    /// # Errors
    /// Never, beyond the serializer's own.
    pub fn serialize_name<S: serde::Serializer>(kind: &MetricKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.as_str())
    }
}

impl std::fmt::Display for MetricKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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

    /// The symbol of the opposite test (`>=` ↔ `<`, `>` ↔ `<=`).
    #[must_use]
    pub fn negated_symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => "<",
            Comparison::Above => "<=",
            Comparison::Below => ">=",
        }
    }
}

impl std::fmt::Display for Comparison {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.symbol())
    }
}

impl Threshold {
    /// The line's value as messages print it (`4,800`, `5.92`).
    #[must_use]
    pub fn shown(&self) -> String {
        // Shortest exact decimal, grouped by thousands: 4,800, 5.92, 3.3, 21,000.
        let text = format!("{}", self.value);
        let (int, frac) = text.split_once('.').map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
        let mut out = String::new();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if let Some(f) = frac {
            out.push('.');
            out.push_str(f);
        }
        out
    }

    /// Whether `value` meets the line.
    #[must_use]
    pub fn holds(&self, value: f64) -> bool {
        self.comparison.holds(value, self.value)
    }

    /// Whether the line rests on press reports or estimates rather than a published text.
    #[must_use]
    pub fn unverified(&self) -> bool {
        matches!(self.grade, Grade::Press | Grade::Estimate)
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

/// When an edition's [`Edition::apply`] runs, relative to the others in force: the published
/// licensing rules first, then overlays (letters, deals), then guidance; by date within each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Classification, destination scope, exceptions, review policy.
    Rules,
    /// Company- or deal-specific overlays on top of the rules.
    Overlays,
    /// Guidance and warnings.
    Guidance,
}

/// The code that applies an edition to one check (see [`crate::check::Eval`]).
pub type Apply = fn(&mut crate::check::Eval<'_>);

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
    /// Its effect on a check, run for every check on a date it is in force (None: it changes
    /// nothing by itself, or another edition's code consults it).
    #[serde(skip)]
    pub apply: Option<Apply>,
}

impl Edition {
    /// When its `apply` runs.
    #[must_use]
    pub fn phase(&self) -> Phase {
        match self.scope {
            Scope::Classification | Scope::Licensing | Scope::CountryGroups => Phase::Rules,
            // The tariff prices the path the rules and overlays have settled, so it runs after them.
            Scope::Overlay | Scope::Tariff => Phase::Overlays,
            Scope::Guidance | Scope::OutOfScope => Phase::Guidance,
        }
    }

    /// In force (or at least in effect) on `date`.
    #[must_use]
    pub fn in_effect(&self, date: Date) -> bool {
        self.effective <= date
    }
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
