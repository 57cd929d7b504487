//! Throughput mode: the batch that maximises output tokens/s under memory and optional
//! TTFT/TPOT limits (MLPerf Offline/Server, trtllm-bench style).

use serde::{Deserialize, Serialize};

use crate::{Batch, Hardware, InferencePrediction, InferenceRequest, ModelConfig, PerfError, predict_inference};

/// Optional latency limits.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ThroughputLimits {
    /// Largest acceptable time to first token, seconds.
    pub ttft_s: Option<f64>,
    /// Largest acceptable time per output token, seconds.
    pub tpot_s: Option<f64>,
}

/// The best batch found.
#[derive(Debug, Clone, Serialize)]
pub struct ThroughputPrediction {
    /// The prediction at the best batch.
    pub best: InferencePrediction,
    /// The limits applied.
    pub limits: ThroughputLimits,
    /// What stopped the batch from growing: "memory", "engine_batch_limit", "ttft", "tpot", or
    /// "none" (batch 1 already violates a limit; `best` is batch 1 and `meets_limits` is false).
    pub limited_by: String,
    /// Whether `best` satisfies the limits.
    pub meets_limits: bool,
}

fn ok(p: &InferencePrediction, l: &ThroughputLimits) -> bool {
    p.fits
        && l.ttft_s.is_none_or(|t| p.ttft_s.is_some_and(|x| x <= t))
        && l.tpot_s.is_none_or(|t| p.tpot_s.is_some_and(|x| x <= t))
}

/// Searches the batch (whole system) that maximises output tokens/s while fitting in memory
/// and meeting the limits. `req.batch` is ignored.
///
/// # Errors
/// As [`predict_inference`].
pub fn best_throughput(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
    limits: ThroughputLimits,
) -> Result<ThroughputPrediction, PerfError> {
    let mut r = req.clone();
    r.batch = Batch::Max;
    let at_max = predict_inference(hw, model, &r)?;
    if at_max.max_batch == 0 {
        return Ok(ThroughputPrediction { best: at_max, limits, limited_by: "memory".into(), meets_limits: false });
    }
    if ok(&at_max, &limits) {
        let mem_limited =
            at_max.max_batch < crate::engine_profile(req.engine).max_batch.saturating_mul(at_max.parallelism.dp);
        return Ok(ThroughputPrediction {
            best: at_max,
            limits,
            limited_by: if mem_limited { "memory" } else { "engine_batch_limit" }.into(),
            meets_limits: true,
        });
    }
    let hi_batch = at_max.max_batch.max(1);
    let eval = |b: u32| {
        let mut r = req.clone();
        r.batch = Batch::Fixed(b);
        predict_inference(hw, model, &r)
    };
    let first = eval(1)?;
    if !ok(&first, &limits) {
        return Ok(ThroughputPrediction { best: first, limits, limited_by: "none".into(), meets_limits: false });
    }
    // TTFT and TPOT grow with the batch: bisect on the largest batch that meets the limits.
    let (mut lo, mut hi) = (1u32, hi_batch);
    let mut best = first;
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let p = eval(mid)?;
        if ok(&p, &limits) {
            lo = mid;
            best = p;
        } else {
            hi = mid;
        }
    }
    let over = eval(hi)?;
    let limited_by = if limits.tpot_s.is_some_and(|t| over.tpot_s.is_some_and(|x| x > t)) { "tpot" } else { "ttft" };
    Ok(ThroughputPrediction { best, limits, limited_by: limited_by.into(), meets_limits: true })
}
