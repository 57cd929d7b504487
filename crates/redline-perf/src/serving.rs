//! Serving mode: continuous batching with chunked prefill at a steady concurrency, the best
//! concurrency under TTFT/TPOT limits (MLPerf Offline / Server / Interactive), and the
//! throughput-vs-interactivity curve.
//!
//! Steady state at `c` sequences in flight per replica: every engine step decodes one token for
//! each of the `c` sequences and, in the same step, prefills the prompts that replace the
//! sequences finishing (on average `c / output_len` prompts per step). TPOT is that step's time;
//! output tokens/s is `c / TPOT` per replica. A new request waits for the running step, then its
//! prompt is prefilled in chunks of the engine's token budget alongside the running decodes:
//! TTFT = step + chunks × (decode of `c` + one chunk). Arrival-process queueing (MLPerf Server's
//! Poisson arrivals, p99 latencies) is not modelled: limits are compared with mean values.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::build::build;
use crate::engine::{EngineProfile, engine_profile};
use crate::error::bad_request;
use crate::inference::predict_with_profile;
use crate::parallelism::choose_layout;
use crate::step::{Phase, step_work};
use crate::work::Work;
use crate::{Batch, Hardware, InferencePrediction, InferenceRequest, ModelConfig, PerfError, ThroughputLimits};

/// MLPerf-style serving scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    /// All requests available at once: the highest throughput that fits, no latency limits.
    Offline,
    /// Latency-limited serving (MLPerf Server).
    Server,
    /// Tighter latency limits (MLPerf Interactive, v5.0+).
    Interactive,
}

impl Scenario {
    /// Lowercase name used in flags and JSON.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Offline => "offline",
            Scenario::Server => "server",
            Scenario::Interactive => "interactive",
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Scenario {
    type Err = PerfError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "offline" => Ok(Scenario::Offline),
            "server" => Ok(Scenario::Server),
            "interactive" => Ok(Scenario::Interactive),
            _ => Err(bad_request("scenario", format!("`{s}` is not one of offline server interactive"))),
        }
    }
}

/// One steady-state operating point of continuous batching.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OperatingPoint {
    /// Sequences in flight, whole system.
    pub concurrency: u32,
    /// Output tokens per second, whole system.
    pub output_tokens_per_s: f64,
    /// Output tokens per second per chip.
    pub output_tokens_per_s_per_chip: f64,
    /// Output tokens per second seen by one request (1 / TPOT).
    pub output_tokens_per_s_per_user: f64,
    /// Input plus output tokens per second, whole system.
    pub total_tokens_per_s: f64,
    /// Mean time to first token, seconds.
    pub ttft_s: f64,
    /// Mean time per output token (one engine step), seconds.
    pub tpot_s: f64,
    /// One request's latency: TTFT + (output − 1) × TPOT, seconds.
    pub request_latency_s: f64,
}

/// The chosen operating point for a scenario.
#[derive(Debug, Clone, Serialize)]
pub struct ServingPrediction {
    /// Scenario.
    pub scenario: Scenario,
    /// Limits applied (none for offline unless given).
    pub limits: ThroughputLimits,
    /// Largest concurrency memory and the engine's batch limit allow, whole system.
    pub max_concurrency: u32,
    /// The operating point (None when not even one sequence fits in memory).
    pub point: Option<OperatingPoint>,
    /// What stops concurrency from growing: "memory", "engine_batch_limit", "ttft", "tpot", or
    /// "none" (concurrency 1 already breaks a limit; `point` is concurrency 1 and `meets_limits` false).
    pub limited_by: String,
    /// Whether `point` meets the limits.
    pub meets_limits: bool,
    /// The static prediction at the chosen concurrency (memory, layout, per-op breakdown), with
    /// its latency and throughput fields replaced by the serving values.
    pub prediction: InferencePrediction,
}

/// Everything the operating points of one request share.
struct Setup<'a> {
    hw: &'a Hardware,
    model: &'a ModelConfig,
    req: InferenceRequest,
    profile: &'a EngineProfile,
    /// Sequences per replica that fit (memory and the engine's limit).
    max_per_replica: u32,
    dp: u32,
    layout_note: Option<String>,
}

impl<'a> Setup<'a> {
    fn new(hw: &'a Hardware, model: &'a ModelConfig, req: &InferenceRequest) -> Result<Setup<'a>, PerfError> {
        let profile = engine_profile(req.engine);
        let mut r = req.clone();
        // Serving wants throughput: pick the open layout at the largest batch that fits.
        r.batch = Batch::Max;
        let (mut r, layout_note) = choose_layout(hw, model, &r, profile)?;
        r.batch = Batch::Fixed(1);
        let built = build(hw, model, &r, profile)?;
        Ok(Setup {
            hw,
            model,
            req: r,
            profile,
            max_per_replica: built.max_batch_per_replica,
            dp: built.par.dp,
            layout_note,
        })
    }

    fn step_time(&self, work: &Work) -> f64 {
        let eff = self.profile.efficiency(&self.hw.family).efficiency;
        work.eval(&eff).total()
    }

    /// The operating point at `c` sequences per replica (1 ≤ c ≤ max_per_replica).
    fn point(&self, c: u32) -> Result<OperatingPoint, PerfError> {
        let mut r = self.req.clone();
        r.batch = Batch::Fixed(c.saturating_mul(self.dp));
        let built = build(self.hw, self.model, &r, self.profile)?;
        let s = self.model.shapes();
        let input = f64::from(self.req.input_len);
        let output = f64::from(self.req.output_len);
        let kv_full = input + output / 2.0;
        let kv_window = kv_full.min(s.window);
        let cf = f64::from(c);
        let plan = &built.plan;
        // Prompts admitted per step replace the sequences that finish.
        let steady =
            step_work(&s, plan, cf, Phase::Mixed { len: input, prefill_seqs: cf / output, kv_full, kv_window });
        let tpot = self.step_time(&steady);
        // A new prompt, chunked to the engine's token budget beside the running decodes.
        let budget = f64::from(self.profile.prefill_chunk_tokens.max(1));
        let room = (budget - cf).max(budget / 8.0);
        let chunks = (input / room).ceil().max(1.0);
        let chunk_step =
            step_work(&s, plan, cf, Phase::Mixed { len: input / chunks, prefill_seqs: 1.0, kv_full, kv_window });
        let ttft = tpot + chunks * self.step_time(&chunk_step);
        let per_replica = cf / tpot;
        let dp = f64::from(self.dp);
        let out = per_replica * dp;
        let gpus = f64::from(self.req.gpus);
        Ok(OperatingPoint {
            concurrency: c.saturating_mul(self.dp),
            output_tokens_per_s: out,
            output_tokens_per_s_per_chip: out / gpus,
            output_tokens_per_s_per_user: 1.0 / tpot,
            total_tokens_per_s: out * (input + output) / output,
            ttft_s: ttft,
            tpot_s: tpot,
            request_latency_s: ttft + (output - 1.0) * tpot,
        })
    }
}

fn meets(p: &OperatingPoint, l: &ThroughputLimits) -> bool {
    l.ttft_s.is_none_or(|t| p.ttft_s <= t) && l.tpot_s.is_none_or(|t| p.tpot_s <= t)
}

fn check_limits(l: &ThroughputLimits) -> Result<(), PerfError> {
    for (field, v) in [("max_ttft", l.ttft_s), ("max_tpot", l.tpot_s)] {
        if v.is_some_and(|x| !x.is_finite() || x <= 0.0) {
            return Err(bad_request(field, "must be a positive number of seconds"));
        }
    }
    Ok(())
}

/// The steady-state operating point at `concurrency` sequences in flight (whole system, rounded
/// up to a whole number per replica). None when that many do not fit.
///
/// # Errors
/// As [`crate::predict_inference`].
pub fn serving_point(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
    concurrency: u32,
) -> Result<Option<OperatingPoint>, PerfError> {
    if concurrency == 0 {
        return Err(bad_request("concurrency", "must be at least 1"));
    }
    let setup = Setup::new(hw, model, req)?;
    let c = concurrency.div_ceil(setup.dp);
    if c > setup.max_per_replica {
        return Ok(None);
    }
    setup.point(c).map(Some)
}

/// The highest-throughput concurrency that fits and meets `limits`, continuous batching with
/// chunked prefill. `req.batch` is ignored.
///
/// # Errors
/// As [`crate::predict_inference`]; a non-positive limit is an invalid request.
pub fn best_serving(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
    scenario: Scenario,
    limits: ThroughputLimits,
) -> Result<ServingPrediction, PerfError> {
    check_limits(&limits)?;
    let setup = Setup::new(hw, model, req)?;
    let max_c = setup.max_per_replica;
    let max_concurrency = max_c.saturating_mul(setup.dp);
    let finish = |c: u32, point: Option<OperatingPoint>, limited_by: &str, meets_limits: bool| {
        let mut r = setup.req.clone();
        r.batch = Batch::Fixed(c.max(1).saturating_mul(setup.dp));
        let mut prediction = predict_with_profile(hw, model, &r, setup.profile)?;
        if let Some(n) = &setup.layout_note {
            prediction.notes.insert(0, n.replace("at this batch", "at the largest batch that fits"));
        }
        prediction.notes.push(format!(
            "{scenario} scenario: continuous batching with chunked prefill at steady concurrency; latency limits are compared with mean TTFT/TPOT (no arrival queueing)"
        ));
        if let Some(p) = &point {
            prediction.ttft_s = Some(p.ttft_s);
            prediction.tpot_s = Some(p.tpot_s);
            prediction.latency_s = Some(p.request_latency_s);
            prediction.output_tokens_per_s = Some(p.output_tokens_per_s);
            prediction.total_tokens_per_s = Some(p.total_tokens_per_s);
            prediction.output_tokens_per_s_per_chip = Some(p.output_tokens_per_s_per_chip);
            prediction.total_tokens_per_s_per_chip = Some(p.total_tokens_per_s / f64::from(r.gpus));
            prediction.output_tokens_per_s_per_user = Some(p.output_tokens_per_s_per_user);
            prediction.queue_wait_s = 0.0;
        }
        Ok(ServingPrediction {
            scenario,
            limits,
            max_concurrency,
            point,
            limited_by: limited_by.to_string(),
            meets_limits,
            prediction,
        })
    };
    if max_c == 0 {
        return finish(1, None, "memory", false);
    }
    let top = setup.point(max_c)?;
    if meets(&top, &limits) {
        let engine_cap = setup.profile.max_batch;
        let by = if max_c >= engine_cap { "engine_batch_limit" } else { "memory" };
        return finish(max_c, Some(top), by, true);
    }
    let first = setup.point(1)?;
    if !meets(&first, &limits) {
        return finish(1, Some(first), "none", false);
    }
    // TTFT and TPOT grow with concurrency: bisect on the largest that meets the limits.
    let (mut lo, mut hi) = (1u32, max_c);
    let mut best = first;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let p = setup.point(mid)?;
        if meets(&p, &limits) {
            lo = mid;
            best = p;
        } else {
            hi = mid;
        }
    }
    let over = setup.point(hi)?;
    let by = if limits.tpot_s.is_some_and(|t| over.tpot_s > t) { "tpot" } else { "ttft" };
    finish(lo, Some(best), by, true)
}

/// The throughput-vs-interactivity curve: operating points at concurrency 1, 2, 4, … up to the
/// largest that fits (always included), at least six levels when at least six fit.
///
/// # Errors
/// As [`crate::predict_inference`].
pub fn sweep_concurrency(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
) -> Result<Vec<OperatingPoint>, PerfError> {
    let setup = Setup::new(hw, model, req)?;
    let max_c = setup.max_per_replica;
    let mut levels: Vec<u32> =
        std::iter::successors(Some(1u32), |c| c.checked_mul(2)).take_while(|c| *c < max_c).collect();
    if max_c > 0 {
        levels.push(max_c);
    }
    if levels.len() < 6 && max_c >= 6 {
        // Few powers of two fit: spread six levels evenly instead.
        levels = (1..=6).map(|i| (max_c * i).div_ceil(6)).collect();
        levels.dedup();
    }
    levels.into_iter().map(|c| setup.point(c)).collect()
}
