//! # redline-search: the compliance frontier
//!
//! For a rule date, a destination and an LLM workload: the best accelerator design the red
//! lines allow, the lines that bind it, and how far real chips sit from it.
//!
//! * [`space`]: the design space as data with sourced bounds (`data/design-space/*.toml`) and
//!   the grid of designs, decoded from an index so sweeps stream and shard;
//! * [`constraint`]: the constraint, answered by the rules engine (`redline_rules::check`)
//!   through a cache keyed on the lines the editions declare, and line shifts for
//!   sensitivity runs;
//! * [`objective`]: workloads scored by the performance model (`redline_perf`);
//! * [`sweep`]: the parallel, deterministic, sharded sweep, the Pareto filter and the local
//!   refinement near binding lines;
//! * [`report`]: the frontier report, chip gaps, sensitivity runs and chart data;
//! * [`request`]: a request as flags or query parameters give it, checked into a [`Query`];
//! * [`table`]: CSV and Parquet output and the merge of shards.
//!
//! The library never prints; progress goes through a callback.
//!
//! ```
//! use redline_search::{Query, DesignSpace, ConstraintKind, Workload, Phase, Per, Measure, Shard, frontier};
//! let mut space = DesignSpace::embedded();
//! space.logic.die_area_mm2 = vec![814.0];
//! space.logic.dies = vec![1];
//! space.memory.truncate(2);
//! let q = Query {
//!     date: "2024-06-01".parse().unwrap(),
//!     destination: "CN".into(),
//!     constraint: ConstraintKind::NoLicence,
//!     workload: Workload::new("llama-3.1-8b", Phase::Decode, Some(1), None, None, None, None, None, Per::Chip).unwrap(),
//!     space,
//!     vendor: "NVIDIA".into(),
//!     family: "hopper".into(),
//!     measure: Measure::Tpp,
//!     shard: Shard::ALL,
//! };
//! let catalog = redline_catalog::Catalog::embedded().unwrap();
//! let report = frontier(&q, &catalog, &|_| {}, None).unwrap();
//! let best = report.best.unwrap();
//! assert!(best.tpp < 4800.0);
//! ```

pub mod constraint;
pub mod objective;
pub mod report;
pub mod request;
pub mod space;
pub mod sweep;
pub mod table;

pub use constraint::{Binding, ConstraintKind, Judge, LineShift, Lines, ShiftMetric};
pub use objective::{Per, Phase, Workload, chip_hardware, design_hardware};
pub use report::{
    Best, ChipGap, FrontierChart, FrontierReport, Query, Vary, VaryPoint, frontier, frontier_chart, reference_line,
    vary,
};
pub use request::{MAX_DESIGN_EVALUATIONS, Request, RequestError, check_work};
pub use space::{Design, DesignSpace, Grid};
pub use sweep::{Measure, Problem, Row, Shard, Summary, pareto, refine, sweep};

/// Why a frontier run failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// Bad input: model, destination, shard, range, file contents.
    #[error("{0}")]
    Input(String),
    /// A design-space file is wrong.
    #[error("design space: {0}")]
    Space(String),
    /// Reading or writing files.
    #[error("{0}")]
    Io(String),
    /// Something that should not happen.
    #[error("internal error: {0}")]
    Internal(String),
}
