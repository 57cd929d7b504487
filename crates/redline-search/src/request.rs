//! A frontier request as the CLI flags and the web app's query parameters give it (strings and
//! options, defaults as in docs/frontier.md), checked into a [`Query`]. `redline frontier`,
//! `redline plot frontier` and `GET /api/frontier` all build their query here, and every
//! error names the parameter it is about. The perf workload's fields (gpus, batch, lengths,
//! precision, engine) are checked by `redline_perf::PerfRequest`, as `redline perf` checks them.

use std::str::FromStr;

use redline_rules::Date;

use crate::constraint::ConstraintKind;
use crate::objective::{Per, Phase, Workload};
use crate::report::Query;
use crate::space::DesignSpace;
use crate::sweep::{Measure, Shard};

/// Most design evaluations one run may start (grid points of the shard, plus the full grid
/// once per `--vary` position). The default space's grid is 419,328 points under mid-2025
/// rules and 842,520 under late-2026 rules, so a whole sweep with the default nine `--vary`
/// steps (at most about 8.4 million) fits; beyond this, split the sweep with `--shard I/N`
/// (and `redline frontier merge`) or take fewer steps.
pub const MAX_DESIGN_EVALUATIONS: u64 = 10_000_000;

/// The request.
#[derive(Clone, Debug)]
pub struct Request {
    /// Date of the rules.
    pub date: Date,
    /// Destination (ISO alpha-2, any case).
    pub to: String,
    /// Model id from the zoo.
    pub model: String,
    /// decode, prefill or train.
    pub phase: String,
    /// Sequences in flight (inference).
    pub batch: Option<u32>,
    /// Prompt tokens or training sequence length.
    pub input: Option<u32>,
    /// Generated tokens.
    pub output: Option<u32>,
    /// Chips in the system.
    pub gpus: Option<u32>,
    /// Weight and matrix format.
    pub precision: Option<String>,
    /// Inference engine profile.
    pub engine: Option<String>,
    /// no-licence, licence-exception or case-by-case.
    pub constraint: String,
    /// watt or dollar (None: per chip).
    pub per: Option<String>,
    /// Pareto measure.
    pub pareto: String,
    /// Vendor the designs are judged as.
    pub vendor: String,
    /// Perf-model family of the designs.
    pub family: String,
    /// Logic die counts to consider (empty: the space's list).
    pub dies: Vec<u32>,
    /// Also consumer-marketed designs.
    pub consumer: bool,
    /// The design space (None: the embedded default).
    pub space: Option<DesignSpace>,
    /// Shard of the grid.
    pub shard: Shard,
}

impl Request {
    /// A request with the documented defaults for everything but the date, destination, model
    /// and phase.
    #[must_use]
    pub fn new(date: Date, to: &str, model: &str, phase: &str) -> Request {
        Request {
            date,
            to: to.to_string(),
            model: model.to_string(),
            phase: phase.to_string(),
            batch: None,
            input: None,
            output: None,
            gpus: None,
            precision: None,
            engine: None,
            constraint: "no-licence".to_string(),
            per: None,
            pareto: "tpp".to_string(),
            vendor: "NVIDIA".to_string(),
            family: "hopper".to_string(),
            dies: Vec::new(),
            consumer: false,
            space: None,
            shard: Shard::ALL,
        }
    }

    /// Checks the request and builds the query.
    ///
    /// # Errors
    /// A [`RequestError`] naming the parameter (`model`, `phase`, `gpus`, `dies`, ...).
    pub fn query(&self) -> Result<Query, RequestError> {
        let phase = Phase::from_str(&self.phase).map_err(|e| RequestError::new("phase", e))?;
        let per = self.per.as_deref().map(Per::from_str).transpose().map_err(|e| RequestError::new("per", e))?;
        redline_perf::zoo_model(&self.model).map_err(|e| RequestError::new("model", e))?;
        // The perf workload's fields are checked as `redline perf` checks them.
        let mut pairs: Vec<(&str, String)> = vec![("model", self.model.clone())];
        let numbers = [("gpus", self.gpus), ("batch", self.batch), ("input", self.input), ("output", self.output)];
        pairs.extend(numbers.into_iter().filter_map(|(k, v)| v.map(|v| (k, v.to_string()))));
        let text = [("precision", &self.precision), ("engine", &self.engine)];
        pairs.extend(text.into_iter().filter_map(|(k, v)| v.clone().map(|v| (k, v))));
        redline_perf::PerfRequest::from_pairs(&pairs).map_err(|e| match e {
            // The frontier's batch is a number (no `max` or `best`).
            redline_perf::PerfError::InvalidParam { field: "batch", value, .. } => {
                RequestError::new("batch", format!("expected 1 to 1048576 sequences, got {value}"))
            }
            redline_perf::PerfError::InvalidParam { field, value, expected } => {
                RequestError::new(field, format!("{expected}, got {value:?}"))
            }
            other => RequestError::new("model", other),
        })?;
        let workload = Workload::new(
            &self.model,
            phase,
            self.gpus,
            self.batch,
            self.input,
            self.output,
            self.precision.as_deref(),
            self.engine.as_deref(),
            per.unwrap_or(Per::Chip),
        )
        .map_err(|e| RequestError::new("model", e))?;
        if !redline_catalog::load::FAMILIES.contains(&self.family.as_str()) {
            return Err(RequestError::new("family", redline_catalog::load::unknown_family(&self.family)));
        }
        let mut space = self.space.clone().unwrap_or_else(DesignSpace::embedded);
        if !self.dies.is_empty() {
            if self.dies.contains(&0) {
                return Err(RequestError::new("dies", "takes positive counts"));
            }
            space.logic.dies.clone_from(&self.dies);
        }
        if self.consumer && !space.market.datacenter.contains(&false) {
            space.market.datacenter.push(false);
        }
        Ok(Query {
            date: self.date,
            destination: self.to.to_ascii_uppercase(),
            constraint: ConstraintKind::parse(&self.constraint).map_err(|e| RequestError::new("constraint", e))?,
            workload,
            space,
            vendor: self.vendor.clone(),
            family: self.family.clone(),
            measure: Measure::parse(&self.pareto).map_err(|e| RequestError::new("pareto", e))?,
            shard: self.shard,
        })
    }
}

/// Checks the work a run would start before it starts: `shard_points` grid points of the
/// shard swept, plus `vary_steps` sweeps of the whole grid (`grid_points`) for `--vary`.
/// Returns the number of design evaluations.
///
/// # Errors
/// A [`RequestError`] on `shard` (or `vary`) when the total is over
/// [`MAX_DESIGN_EVALUATIONS`], saying how many shards would fit.
pub fn check_work(grid_points: u64, shard_points: u64, vary_steps: u64) -> Result<u64, RequestError> {
    let total = shard_points.saturating_add(grid_points.saturating_mul(vary_steps));
    if total <= MAX_DESIGN_EVALUATIONS {
        return Ok(total);
    }
    if shard_points <= MAX_DESIGN_EVALUATIONS {
        let fit = (MAX_DESIGN_EVALUATIONS - shard_points) / grid_points.max(1);
        return Err(RequestError::new(
            "vary",
            format!(
                "{vary_steps} steps over a {grid_points}-point grid is {total} design evaluations, over the bound of {MAX_DESIGN_EVALUATIONS}; take at most {fit} steps (or give --dies to narrow the grid)"
            ),
        ));
    }
    let shards = shard_points.div_ceil(MAX_DESIGN_EVALUATIONS);
    Err(RequestError::new(
        "shard",
        format!(
            "the sweep would evaluate {total} designs, over the bound of {MAX_DESIGN_EVALUATIONS}; split it with --shard I/{shards} (or more shards) and join the parts with `redline frontier merge`"
        ),
    ))
}

/// A bad request parameter.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct RequestError {
    /// The parameter (CLI flag without `--`, web query key).
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

impl RequestError {
    fn new(field: &'static str, e: impl std::fmt::Display) -> RequestError {
        RequestError { field, message: e.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_field() {
        let base = Request::new("2024-06-01".parse().unwrap(), "cn", "deepseek-v3", "decode");
        let q = base.query().unwrap();
        assert_eq!(q.destination, "CN");
        assert_eq!(q.workload.gpus, 16);
        let field = |f: &dyn Fn(&mut Request)| {
            let mut r = base.clone();
            f(&mut r);
            r.query().unwrap_err().field
        };
        assert_eq!(field(&|r| r.phase = "sample".into()), "phase");
        assert_eq!(field(&|r| r.model = "gpt-9".into()), "model");
        assert_eq!(field(&|r| r.gpus = Some(0)), "gpus");
        assert_eq!(field(&|r| r.dies = vec![0]), "dies");
        assert_eq!(field(&|r| r.precision = Some("fp7".into())), "precision");
        assert_eq!(field(&|r| r.constraint = "maybe".into()), "constraint");
        assert_eq!(field(&|r| r.pareto = "beauty".into()), "pareto");
        // Regression: `frontier --batch 4294967295` ran for minutes.
        assert_eq!(field(&|r| r.batch = Some(u32::MAX)), "batch");
        assert!(
            {
                let mut r = base.clone();
                r.batch = Some(u32::MAX);
                r.query().unwrap_err().message.contains("1 to 1048576 sequences")
            },
            "batch message"
        );
        assert_eq!(field(&|r| r.input = Some(1 << 23)), "input");
        assert_eq!(field(&|r| r.gpus = Some(u32::MAX)), "gpus");
        // Regression: a misspelt family silently took the pooled engine factors.
        assert_eq!(field(&|r| r.family = "hoper".into()), "family");
        let mut r = base.clone();
        r.family = "hoper".into();
        assert!(r.query().unwrap_err().message.contains("did you mean \"hopper\"?"));
    }

    #[test]
    fn work_is_bounded_before_a_sweep() {
        // The default grid with nine --vary steps fits: 419,328 × 10 = 4,193,280.
        assert_eq!(check_work(419_328, 419_328, 9).unwrap(), 4_193_280);
        // Regression: a wide --vary (101 steps) ran for minutes.
        let e = check_work(419_328, 419_328, 101).unwrap_err();
        assert_eq!(e.field, "vary");
        // (10,000,000 − 419,328) / 419,328 = 22.8.
        assert!(e.message.contains("take at most 22 steps"), "{}", e.message);
        assert!(check_work(842_520, 842_520, 9).is_ok());
        // A grid of 25 million points needs shards of at most 10 million: 3.
        let e = check_work(25_000_000, 25_000_000, 0).unwrap_err();
        assert_eq!(e.field, "shard");
        assert!(e.message.contains("--shard I/3"), "{}", e.message);
        assert!(check_work(25_000_000, 9_000_000, 0).is_ok());
    }
}
