//! Redline's chip catalogue: typed specs with provenance, validated loading, derived metrics,
//! and the catalogue embedded in the binary.
//!
//! Data enters here once, is checked once (errors name file, line, field and unit), and leaves
//! as typed values. Nothing downstream re-parses a spec.

pub mod catalog;
mod embed;
pub mod load;
pub mod metrics;
pub mod provenance;
pub mod spec;
pub mod units;

pub use catalog::{Catalog, Chip, LookupError};
pub use load::{Provenance, SpecError, parse_catalogue_file, parse_spec, read_spec};
pub use metrics::{ChipMetrics, Metric};
pub use provenance::{Grade, Source, Sourced};
pub use spec::{ChipSpec, Format};
