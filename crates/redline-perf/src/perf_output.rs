//! Running a [`PerfRequest`]: one serialisable [`PerfOutput`], the JSON `redline perf` and
//! `/api/perf` both answer.

use serde::Serialize;

use redline_catalog::Chip;

use crate::mlperf::MlperfBenchmark;
use crate::perf_request::{PerfMode, PerfRequest};
use crate::serving::{OperatingPoint, Scenario, best_serving, sweep_concurrency};
use crate::throughput::{ThroughputLimits, best_throughput};
use crate::{
    CostEstimate, Hardware, InferencePrediction, ModelConfig, PerfError, cost_per_million_tokens, hardware_from_chip,
    predict_inference, weak_evidence,
};

/// What `redline perf --format json` prints: the prediction, plus cost, throughput-mode and
/// serving-mode details. Field names are a contract.
#[derive(Debug, Clone, Serialize)]
pub struct PerfOutput {
    /// The prediction at the chosen batch or operating point.
    #[serde(flatten)]
    pub prediction: InferencePrediction,
    /// Serving mode: sequences in flight at the chosen operating point, whole system (0 when
    /// nothing fits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    /// Serving mode details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serving: Option<ServingMode>,
    /// Cost per million output tokens, with the inputs used.
    pub cost: CostEstimate,
    /// Throughput mode (batch `best`) details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput_mode: Option<ThroughputMode>,
    /// Specs graded press or estimate, which a buyer should not take at face value.
    pub weak_evidence: Vec<&'static str>,
}

/// How the best static batch under limits was chosen.
#[derive(Debug, Clone, Serialize)]
pub struct ThroughputMode {
    /// Limits applied.
    pub limits: ThroughputLimits,
    /// What stops the batch from growing.
    pub limited_by: String,
    /// Whether the chosen batch meets the limits.
    pub meets_limits: bool,
}

/// How the serving operating point was chosen.
#[derive(Debug, Clone, Serialize)]
pub struct ServingMode {
    /// Scenario.
    pub scenario: Scenario,
    /// The MLPerf benchmark the lengths and limits come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mlperf: Option<&'static MlperfBenchmark>,
    /// Limits applied.
    pub limits: ThroughputLimits,
    /// Largest concurrency memory and the engine allow, whole system.
    pub max_concurrency: u32,
    /// What stops concurrency from growing.
    pub limited_by: String,
    /// Whether the operating point meets the limits.
    pub meets_limits: bool,
    /// One request's latency at the operating point, seconds (null when nothing fits).
    pub request_latency_s: Option<f64>,
}

/// A concurrency sweep: the curve and the limits each point is checked against.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Limits (the scenario's, or none).
    pub limits: ThroughputLimits,
    /// One point per concurrency level, ascending.
    pub points: Vec<OperatingPoint>,
}

impl Sweep {
    /// Whether a point meets the limits.
    #[must_use]
    pub fn meets(&self, p: &OperatingPoint) -> bool {
        self.limits.ttft_s.is_none_or(|t| p.ttft_s <= t) && self.limits.tpot_s.is_none_or(|t| p.tpot_s <= t)
    }
}

impl PerfRequest {
    /// Runs the request on a catalogue chip.
    ///
    /// # Errors
    /// As [`PerfRequest::run_on`].
    pub fn run(&self, chip: &Chip, model: &ModelConfig) -> Result<PerfOutput, PerfError> {
        self.run_on(&hardware_from_chip(chip), model, weak_evidence(chip))
    }

    /// Runs the request on `hw` (the mode its fields describe), with cost.
    ///
    /// # Errors
    /// The prediction's errors: impossible layouts, missing chip fields, no usable format.
    pub fn run_on(
        &self,
        hw: &Hardware,
        model: &ModelConfig,
        weak_evidence: Vec<&'static str>,
    ) -> Result<PerfOutput, PerfError> {
        let req = self.inference_request(&hw.family);
        let (prediction, throughput_mode, serving, concurrency) = match self.mode() {
            PerfMode::Best(limits) => {
                let t = best_throughput(hw, model, &req, limits)?;
                let tm = ThroughputMode { limits: t.limits, limited_by: t.limited_by, meets_limits: t.meets_limits };
                (t.best, Some(tm), None, None)
            }
            PerfMode::Static => (predict_inference(hw, model, &req)?, None, None, None),
            PerfMode::Serving { scenario, limits, mlperf } => {
                let s = best_serving(hw, model, &req, scenario, limits)?;
                let mut prediction = s.prediction;
                if let Some(b) = mlperf {
                    prediction.notes.push(format!(
                        "MLPerf {}: mean input {} ({}), mean output {} ({}); limits from {}",
                        b.id,
                        req.input_len,
                        if self.input.is_some() { "--input" } else { b.input_source },
                        req.output_len,
                        if self.output.is_some() { "--output" } else { b.output_source },
                        b.limits_source()
                    ));
                } else if scenario != Scenario::Offline && self.max_ttft.is_none() && self.max_tpot.is_none() {
                    prediction
                        .notes
                        .push(format!("{scenario} limits default to MLPerf llama2-70b's (loadgen mlperf.conf)"));
                }
                let concurrency = Some(s.point.map_or(0, |p| p.concurrency));
                let sm = ServingMode {
                    scenario,
                    mlperf,
                    limits: s.limits,
                    max_concurrency: s.max_concurrency,
                    limited_by: s.limited_by,
                    meets_limits: s.meets_limits,
                    request_latency_s: s.point.map(|p| p.request_latency_s),
                };
                (prediction, None, Some(sm), concurrency)
            }
        };
        let cost = cost_per_million_tokens(hw, &prediction, &self.cost);
        Ok(PerfOutput { prediction, concurrency, serving, cost, throughput_mode, weak_evidence })
    }

    /// The throughput-vs-interactivity curve for this request on `hw` (empty when nothing fits).
    ///
    /// # Errors
    /// As [`sweep_concurrency`].
    pub fn sweep_on(&self, hw: &Hardware, model: &ModelConfig) -> Result<Sweep, PerfError> {
        let limits = match self.mode() {
            PerfMode::Serving { limits, .. } => limits,
            _ => ThroughputLimits::default(),
        };
        let points = sweep_concurrency(hw, model, &self.inference_request(&hw.family))?;
        Ok(Sweep { limits, points })
    }
}
