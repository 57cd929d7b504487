//! Side-by-side comparison of chips on one model and request, with ratios to the first chip.

use serde::Serialize;

use crate::{
    CostEstimate, CostInputs, Hardware, InferencePrediction, InferenceRequest, ModelConfig, PerfError, Precision,
    cost_per_million_tokens, predict_inference,
};

/// One chip's row.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// Chip name.
    pub chip: String,
    /// The prediction (None with `error` when the chip cannot run the request).
    pub prediction: Option<InferencePrediction>,
    /// Why the prediction failed.
    pub error: Option<String>,
    /// Cost estimate with default assumptions.
    pub cost: Option<CostEstimate>,
    /// Dense 16-bit TFLOP/s, for reference.
    pub bf16_tflops: Option<f64>,
    /// Memory bandwidth, GB/s.
    pub memory_bandwidth_gbs: Option<f64>,
    /// Output tokens/s relative to the first chip (higher is better).
    pub throughput_ratio: Option<f64>,
    /// Output tokens/s per chip relative to the first chip.
    pub per_chip_throughput_ratio: Option<f64>,
    /// TPOT relative to the first chip (lower is better).
    pub tpot_ratio: Option<f64>,
    /// TTFT relative to the first chip (lower is better).
    pub ttft_ratio: Option<f64>,
    /// Largest batch relative to the first chip.
    pub max_batch_ratio: Option<f64>,
    /// Cost per million output tokens relative to the first chip (lower is better).
    pub cost_ratio: Option<f64>,
}

/// The comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Model id.
    pub model: String,
    /// The request every chip ran.
    pub request: InferenceRequest,
    /// Rows, first chip first (the baseline).
    pub rows: Vec<ComparisonRow>,
}

fn ratio(a: Option<f64>, base: Option<f64>) -> Option<f64> {
    match (a, base) {
        (Some(a), Some(b)) if b > 0.0 && a.is_finite() => Some(a / b),
        _ => None,
    }
}

/// Predicts `req` on every chip and expresses each row relative to the first.
///
/// # Errors
/// Only when `chips` is empty; per-chip failures are reported in the row.
pub fn compare(chips: &[Hardware], model: &ModelConfig, req: &InferenceRequest) -> Result<Comparison, PerfError> {
    if chips.is_empty() {
        return Err(crate::error::bad_request("chips", "at least one chip is needed"));
    }
    let mut rows: Vec<ComparisonRow> = chips
        .iter()
        .map(|hw| {
            let (prediction, error) = match predict_inference(hw, model, req) {
                Ok(p) => (Some(p), None),
                Err(e) => (None, Some(e.to_string())),
            };
            let cost = prediction.as_ref().map(|p| cost_per_million_tokens(hw, p, &CostInputs::default()));
            ComparisonRow {
                chip: hw.name.clone(),
                prediction,
                error,
                cost,
                bf16_tflops: hw.dense_tflops.get(&Precision::Bf16).or(hw.dense_tflops.get(&Precision::Fp16)).copied(),
                memory_bandwidth_gbs: hw.memory_bandwidth_gbs,
                throughput_ratio: None,
                per_chip_throughput_ratio: None,
                tpot_ratio: None,
                ttft_ratio: None,
                max_batch_ratio: None,
                cost_ratio: None,
            }
        })
        .collect();
    let pick = |r: &ComparisonRow, f: fn(&InferencePrediction) -> Option<f64>| r.prediction.as_ref().and_then(f);
    let base = rows[0].clone();
    for r in &mut rows {
        r.throughput_ratio = ratio(pick(r, |p| p.output_tokens_per_s), pick(&base, |p| p.output_tokens_per_s));
        r.per_chip_throughput_ratio =
            ratio(pick(r, |p| p.output_tokens_per_s_per_chip), pick(&base, |p| p.output_tokens_per_s_per_chip));
        r.tpot_ratio = ratio(pick(r, |p| p.tpot_s), pick(&base, |p| p.tpot_s));
        r.ttft_ratio = ratio(pick(r, |p| p.ttft_s), pick(&base, |p| p.ttft_s));
        r.max_batch_ratio =
            ratio(pick(r, |p| Some(f64::from(p.max_batch))), pick(&base, |p| Some(f64::from(p.max_batch))));
        r.cost_ratio = ratio(
            r.cost.and_then(|c| c.usd_per_million_output_tokens),
            base.cost.and_then(|c| c.usd_per_million_output_tokens),
        );
    }
    Ok(Comparison { model: model.id.clone(), request: req.clone(), rows })
}
