//! MLPerf-mode error: each published MLPerf Inference LLM result in `curated.csv` predicted by
//! the serving mode with the benchmark's preset (model, mean lengths, Server limits) on the
//! submitted system. Nothing is fitted on these rows; rounds up to v4.1 and later rounds are
//! reported apart (later rounds are independent evaluation by construction).

use serde::Serialize;

use crate::validation::data::chip_id_for_label;
use crate::{
    Engine, Hardware, InferenceRequest, Precision, Scenario, ThroughputLimits, best_serving, mlperf_benchmark,
    zoo_model,
};

/// One MLPerf result against the prediction.
#[derive(Debug, Clone, Serialize)]
pub struct MlperfCheck {
    /// Round, e.g. `v4.1`.
    pub round: String,
    /// Catalogue chip id.
    pub chip: String,
    /// Chips in the system.
    pub gpus: u32,
    /// Benchmark id.
    pub benchmark: String,
    /// Scenario.
    pub scenario: Scenario,
    /// Format.
    pub precision: Precision,
    /// Published output tokens/s, whole system.
    pub measured: f64,
    /// Predicted output tokens/s (None when the model says it does not fit).
    pub predicted: Option<f64>,
    /// predicted / measured − 1, percent.
    pub error_pct: Option<f64>,
    /// Layout the prediction used.
    pub layout: String,
}

fn benchmark_of(model: &str) -> Option<&'static str> {
    let m = model.to_ascii_lowercase();
    if m.starts_with("llama-2-70b") {
        Some("llama2-70b")
    } else if m.starts_with("mixtral-8x7b") {
        Some("mixtral-8x7b")
    } else if m.starts_with("llama-3.1-405b") {
        Some("llama3.1-405b")
    } else if m.starts_with("llama-3.1-8b") {
        Some("llama3.1-8b")
    } else if m.starts_with("deepseek-r1") {
        Some("deepseek-r1")
    } else {
        None
    }
}

/// Predicts every MLPerf Inference row of a `curated.csv` text that the resolver and the presets
/// cover.
#[must_use]
pub fn mlperf_checks(resolver: &dyn Fn(&str) -> Option<Hardware>, curated_csv: &str) -> Vec<MlperfCheck> {
    let mut out = Vec::new();
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(curated_csv.as_bytes());
    for rec in rdr.records().flatten() {
        let get = |i: usize| rec.get(i).unwrap_or("").trim();
        let Some(round) = get(0).strip_prefix("MLPerf-Inf ") else { continue };
        let scenario = match get(6) {
            "Offline" => Scenario::Offline,
            "Server" => Scenario::Server,
            "Interactive" => Scenario::Interactive,
            _ => continue,
        };
        let (Some(chip), Ok(gpus), Some(bench), Ok(measured)) =
            (chip_id_for_label(get(1)), get(2).parse::<u32>(), benchmark_of(get(3)), get(11).parse::<f64>())
        else {
            continue;
        };
        let precision = if get(4).to_ascii_uppercase().starts_with("FP4") { Precision::Fp4 } else { Precision::Fp8 };
        let (Some(hw), Ok(b)) = (resolver(chip), mlperf_benchmark(bench)) else { continue };
        let Ok(model) = zoo_model(b.model) else { continue };
        let req = InferenceRequest {
            gpus,
            input_len: b.mean_input_tokens,
            output_len: b.mean_output_tokens,
            precision,
            engine: Engine::Trtllm,
            ..InferenceRequest::default()
        };
        let limits = b
            .limits(scenario)
            .map_or_else(ThroughputLimits::default, |(t, p)| ThroughputLimits { ttft_s: Some(t), tpot_s: Some(p) });
        let Ok(s) = best_serving(&hw, model, &req, scenario, limits) else { continue };
        let predicted = s.point.filter(|_| s.meets_limits).map(|p| p.output_tokens_per_s);
        let par = s.prediction.parallelism;
        out.push(MlperfCheck {
            round: round.to_string(),
            chip: chip.to_string(),
            gpus,
            benchmark: bench.to_string(),
            scenario,
            precision,
            measured,
            predicted,
            error_pct: predicted.map(|p| (p / measured - 1.0) * 100.0),
            layout: format!("tp {} pp {} ep {} dp {}", par.tp, par.pp, par.ep, par.dp),
        });
    }
    out
}
