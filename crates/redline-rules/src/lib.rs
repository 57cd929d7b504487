//! Redline's rules engine: the US export-control rule editions for AI chips (ECCN 3A090 and the
//! licensing around it), composed by date, and the verdicts they give.
//!
//! * [`classify`]: which 3A090 paragraphs a chip meets on a date, criterion by criterion;
//! * [`check`]: whether an export to a destination needs a licence, under what policy,
//!   exceptions and conditions;
//! * [`timeline`]: how that answer changed edition by edition;
//! * [`headroom`]: how far each metric may grow before the next line.
//!
//! Each edition lives in its own file under `editions/`; its doc comment is the explanation
//! `redline rules EDITION` prints.

pub mod advisory;
pub mod changes;
pub mod check;
pub mod classify;
pub mod country;
mod country_table;
pub mod date;
pub mod edition;
pub mod editions;
pub mod headroom;
pub mod jurisdiction;
pub mod press;
pub mod row;
pub mod shipments;
pub mod timeline;
pub mod verdict;

pub use advisory::{ImportAdvisory, import_advisories};
pub use changes::{EditionChange, changes};
pub use check::{
    Branch, Check, Condition, EndUserHq, Eval, FactInput, Facts, LicenseException, ReviewPolicy, Role, Verdict, check,
    check_with,
};
pub use classify::{Classification, Criterion, Eccn, classify};
pub use country::{Countries, Country, CountryError};
pub use date::{Date, DateError};
pub use edition::Edition;
pub use headroom::{Headroom, headroom};
pub use press::PressOverlay;
pub use row::{ChipRow, chip_row};
pub use timeline::{TimelineEntry, timeline};

/// Why the rules engine could not answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RulesError {
    /// The date is before the first chip rule.
    #[error("no rule edition before 2022-10-07 (87 FR 62186); {date} is earlier: `redline rules` lists the editions")]
    BeforeFirstEdition {
        /// The date asked.
        date: Date,
    },
    /// Unknown destination.
    #[error(transparent)]
    Country(#[from] CountryError),
}
