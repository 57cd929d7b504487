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
    /// Mean prompt length of the preset (an estimate: no source publishes it).
    pub input_tokens: u32,
    /// Error with half that prompt length, percent.
    pub error_pct_half_input: Option<f64>,
    /// Error with twice that prompt length (capped at the dataset's longest prompt), percent.
    pub error_pct_double_input: Option<f64>,
    /// The prompt length behind `error_pct_double_input`.
    pub double_input_tokens: u32,
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
        let limits = b
            .limits(scenario)
            .map_or_else(ThroughputLimits::default, |(t, p)| ThroughputLimits { ttft_s: Some(t), tpot_s: Some(p) });
        let serve = |input_len: u32| {
            let req = InferenceRequest {
                gpus,
                input_len,
                output_len: b.mean_output_tokens,
                precision,
                engine: Engine::Trtllm,
                ..InferenceRequest::default()
            };
            best_serving(&hw, model, &req, scenario, limits).ok()
        };
        let predicted_of =
            |s: &crate::ServingPrediction| s.point.filter(|_| s.meets_limits).map(|p| p.output_tokens_per_s);
        let error_of = |predicted: Option<f64>| predicted.map(|p| (p / measured - 1.0) * 100.0);
        let Some(s) = serve(b.mean_input_tokens) else { continue };
        let predicted = predicted_of(&s);
        // The mean prompt length is an estimate (see the preset): the error at half and at twice
        // it (capped at the dataset's longest prompt) shows how much of the error it could carry.
        let error_at = |input_len: u32| error_of(serve(input_len).as_ref().and_then(predicted_of));
        let half = (b.mean_input_tokens / 2).max(1);
        let double = b.mean_input_tokens.saturating_mul(2).min(b.max_input_tokens.unwrap_or(u32::MAX));
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
            error_pct: error_of(predicted),
            layout: format!("tp {} pp {} ep {} dp {}", par.tp, par.pp, par.ep, par.dp),
            input_tokens: b.mean_input_tokens,
            error_pct_half_input: error_at(half),
            error_pct_double_input: error_at(double),
            double_input_tokens: double,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference_hardware;
    use crate::validation::data::ValidationData;

    /// Every published MLPerf row in `curated.csv` is predicted, and the sensitivity columns move
    /// the way physics says: a longer prompt means more prefill work per output token, so fewer
    /// output tokens/s (a lower signed error), never more.
    #[test]
    fn every_mlperf_row_is_predicted_and_longer_prompts_are_slower() {
        let checks = mlperf_checks(&reference_hardware, &ValidationData::embedded().curated);
        // curated.csv holds 12 MLPerf Inference LLM rows the presets cover (v4.1 and v5.0).
        assert_eq!(checks.len(), 12, "{checks:#?}");
        for c in &checks {
            let (Some(half), Some(mid), Some(double)) = (c.error_pct_half_input, c.error_pct, c.error_pct_double_input)
            else {
                panic!("{} {} {}: a prediction is missing", c.round, c.chip, c.benchmark);
            };
            assert!(half >= mid - 1e-9 && mid >= double - 1e-9, "{} {}: {half} {mid} {double}", c.chip, c.benchmark);
            assert!(c.double_input_tokens <= 2 * c.input_tokens);
        }
        // llama2-70b prompts are capped at 1,024 tokens; twice the 300-token estimate is below it.
        let l = checks.iter().find(|c| c.benchmark == "llama2-70b").unwrap();
        assert_eq!((l.input_tokens, l.double_input_tokens), (300, 600));
    }
}
