//! The public MLPerf Inference datacenter LLM benchmarks: model, mean sequence lengths and the
//! Server / Interactive latency limits, each with where it comes from.
//!
//! Latency limits are MLCommons' `loadgen/mlperf.conf` (mlcommons/inference, commit 001712e9,
//! read 2026-12-02): `<bench>.Server.ttft_latency` / `tpot_latency` and the `-interactive`
//! variants. MLPerf applies them to p99 latencies under Poisson arrivals; the serving model
//! compares them with mean values, so it is optimistic near the limit.

use serde::Serialize;

use crate::error::bad_request;
use crate::{PerfError, Precision};

/// One benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MlperfBenchmark {
    /// Benchmark id as `--mlperf` takes it.
    pub id: &'static str,
    /// Zoo model id.
    pub model: &'static str,
    /// Format the closed-division submissions on Hopper use (quantisation is allowed).
    pub precision: Precision,
    /// Mean prompt tokens per sample.
    pub mean_input_tokens: u32,
    /// Grade and source of `mean_input_tokens`.
    pub input_source: &'static str,
    /// Mean output tokens per sample.
    pub mean_output_tokens: u32,
    /// Grade and source of `mean_output_tokens`.
    pub output_source: &'static str,
    /// Server scenario limits (TTFT, TPOT), seconds; None when not in the recorded rules.
    pub server: Option<(f64, f64)>,
    /// Interactive scenario limits (TTFT, TPOT), seconds; None when the benchmark has none recorded.
    pub interactive: Option<(f64, f64)>,
    /// First round that ran it.
    pub since: &'static str,
}

const CONF: &str = "mlcommons/inference loadgen/mlperf.conf (commit 001712e9)";

/// Every benchmark `--mlperf` knows.
pub const MLPERF_BENCHMARKS: [MlperfBenchmark; 6] = [
    MlperfBenchmark {
        id: "llama2-70b",
        model: "llama-2-70b",
        precision: Precision::Fp8,
        mean_input_tokens: 300,
        input_source: "estimate: OpenOrca prompts are capped at 1,024 tokens; mean not in the recorded sources",
        mean_output_tokens: 290,
        output_source: "analyst: 24,524.9 tok/s / 84.48 samples/s, MLPerf v4.1 DGX-H100 Offline log",
        server: Some((2.0, 0.2)),
        interactive: Some((0.45, 0.04)),
        since: "v4.0",
    },
    MlperfBenchmark {
        id: "llama3.1-405b",
        model: "llama-3.1-405b",
        precision: Precision::Fp8,
        mean_input_tokens: 9400,
        input_source: "estimate: long-context mix (8,313 samples, prompts up to ~20k tokens); mean not in the recorded sources",
        mean_output_tokens: 649,
        output_source: "analyst: 560.7 tok/s / 0.863 samples/s, MLPerf v5.0 H200 Offline log",
        server: Some((6.0, 0.175)),
        interactive: Some((4.5, 0.08)),
        since: "v5.0",
    },
    MlperfBenchmark {
        id: "llama3.1-8b",
        model: "llama-3.1-8b",
        precision: Precision::Fp8,
        mean_input_tokens: 780,
        input_source: "estimate: CNN/DailyMail articles (13,368 samples) summarised; mean not in the recorded sources",
        mean_output_tokens: 100,
        output_source: "estimate: short summaries; mean not in the recorded sources",
        server: Some((2.0, 0.1)),
        interactive: Some((0.5, 0.03)),
        since: "v5.1",
    },
    MlperfBenchmark {
        id: "mixtral-8x7b",
        model: "mixtral-8x7b",
        precision: Precision::Fp8,
        mean_input_tokens: 150,
        input_source: "estimate: OpenOrca / GSM8K / MBXP mix (15,000 samples); mean not in the recorded sources",
        mean_output_tokens: 146,
        output_source: "analyst: 52,415.9 tok/s / 359.2 samples/s, MLPerf v4.1 DGX-H100 Offline log",
        server: Some((2.0, 0.2)),
        interactive: None,
        since: "v4.1",
    },
    MlperfBenchmark {
        id: "deepseek-r1",
        model: "deepseek-r1",
        precision: Precision::Fp8,
        mean_input_tokens: 800,
        input_source: "estimate: reasoning prompts (4,388 samples); mean not in the recorded sources",
        mean_output_tokens: 3498,
        output_source: "analyst: MLPerf v5.1 B200 Offline tokens/s over samples/s (shared reference, section 2.0)",
        server: Some((2.0, 0.08)),
        interactive: Some((1.5, 0.015)),
        since: "v5.1",
    },
    MlperfBenchmark {
        id: "gpt-oss-120b",
        model: "gpt-oss-120b",
        precision: Precision::Fp4,
        mean_input_tokens: 1000,
        input_source: "estimate: not in the recorded sources",
        mean_output_tokens: 1000,
        output_source: "estimate: not in the recorded sources",
        server: None,
        interactive: None,
        since: "v6.0",
    },
];

impl MlperfBenchmark {
    /// The latency limits of a scenario, seconds (TTFT, TPOT); None for Offline or when the rules
    /// we recorded do not give them.
    #[must_use]
    pub fn limits(&self, scenario: crate::Scenario) -> Option<(f64, f64)> {
        match scenario {
            crate::Scenario::Offline => None,
            crate::Scenario::Server => self.server,
            crate::Scenario::Interactive => self.interactive,
        }
    }

    /// Where the latency limits come from.
    #[must_use]
    pub fn limits_source(&self) -> &'static str {
        CONF
    }
}

/// Looks up a benchmark by id (case-insensitive; `llama3_1-405b` and `llama-3.1-405b` spellings too).
///
/// # Errors
/// [`PerfError::InvalidRequest`] naming the known ids.
pub fn mlperf_benchmark(id: &str) -> Result<&'static MlperfBenchmark, PerfError> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '.', '-'], "");
    let want = norm(id);
    MLPERF_BENCHMARKS.iter().find(|b| norm(b.id) == want).ok_or_else(|| {
        let ids: Vec<&str> = MLPERF_BENCHMARKS.iter().map(|b| b.id).collect();
        bad_request("mlperf", format!("`{id}` is not one of {}", ids.join(" ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Scenario, zoo_model};

    #[test]
    fn every_benchmark_names_a_zoo_model_and_the_conf_limits() {
        for b in &MLPERF_BENCHMARKS {
            assert!(zoo_model(b.model).is_ok(), "{}", b.id);
        }
        // mlperf.conf: llama2-70b.Server.ttft_latency = 2000, tpot_latency = 200 (ms).
        let b = mlperf_benchmark("llama2-70b").unwrap();
        assert_eq!(b.limits(Scenario::Server), Some((2.0, 0.2)));
        assert_eq!(mlperf_benchmark("llama3_1-405b").unwrap().limits(Scenario::Interactive), Some((4.5, 0.08)));
        assert_eq!(b.limits(Scenario::Offline), None);
        assert!(mlperf_benchmark("resnet50").is_err());
    }
}
