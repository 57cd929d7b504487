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
    /// Longest prompt the benchmark's dataset holds, where a source states it.
    pub max_input_tokens: Option<u32>,
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
        input_source: "estimate: the mean is not published in the sources read; prompts are capped at 1,024 tokens (processorca.py --seqlen_limit=1024, mlcommons/inference language/llama2-70b/README.md, commit 00bf8346)",
        max_input_tokens: Some(1024),
        mean_output_tokens: 294,
        output_source: "official: 294.45 tokens per sample in the FP16 reference run, the accuracy target submissions must meet within 10% (mlcommons/inference language/llama2-70b/README.md, commit 00bf8346); NVIDIA's v4.1 DGX-H100 run produced 290.3",
        server: Some((2.0, 0.2)),
        interactive: Some((0.45, 0.04)),
        since: "v4.0",
    },
    MlperfBenchmark {
        id: "llama3.1-405b",
        model: "llama-3.1-405b",
        precision: Precision::Fp8,
        mean_input_tokens: 9400,
        input_source: "estimate: the mean is not published in the sources read; 8,313 long-context samples, inputs up to 20,000 tokens (max_input_len in NVIDIA's v5.0 TRT-LLM configuration)",
        max_input_tokens: Some(20_000),
        mean_output_tokens: 685,
        output_source: "official: 684.68 tokens per sample in the reference run, the accuracy target within 10% (mlcommons/inference language/llama3.1-405b/README.md, commit 0fa0692b); NVIDIA's v5.0 B200 runs produced 655.9",
        server: Some((6.0, 0.175)),
        interactive: Some((4.5, 0.08)),
        since: "v5.0",
    },
    MlperfBenchmark {
        id: "llama3.1-8b",
        model: "llama-3.1-8b",
        precision: Precision::Fp8,
        mean_input_tokens: 780,
        input_source: "estimate: CNN/DailyMail articles (13,368 samples) summarised; the mean is not published in the sources read",
        max_input_tokens: None,
        mean_output_tokens: 143,
        output_source: "estimate: the reference run generated 8,167,644 characters over 13,368 samples, 611.0 per summary (mlcommons/inference language/llama3.1-8b/README.md, commit 0ff06ce9; evaluation.py counts characters), at the 4.28 characters per Llama 3 token of NVIDIA's v5.0 llama3.1-405b accuracy log: 611.0 / 4.28 = 143",
        server: Some((2.0, 0.1)),
        interactive: Some((0.5, 0.03)),
        since: "v5.1",
    },
    MlperfBenchmark {
        id: "mixtral-8x7b",
        model: "mixtral-8x7b",
        precision: Precision::Fp8,
        mean_input_tokens: 150,
        input_source: "estimate: OpenOrca / GSM8K / MBXP mix (5,000 samples each, mlcommons/inference language/mixtral-8x7b/README.md); the mean is not published in the sources read",
        max_input_tokens: None,
        mean_output_tokens: 145,
        output_source: "official: 144.84 tokens per sample in the reference run, the accuracy target within 10% (mlcommons/inference language/mixtral-8x7b/README.md, commit 003d4d3a); NVIDIA's v4.1 DGX-H100 Server run produced 145.9",
        server: Some((2.0, 0.2)),
        interactive: None,
        since: "v4.1",
    },
    MlperfBenchmark {
        id: "deepseek-r1",
        model: "deepseek-r1",
        precision: Precision::Fp8,
        mean_input_tokens: 800,
        input_source: "estimate: reasoning prompts (4,388 samples: AIME, MATH500, GPQA, MMLU-Pro, LiveCodeBench); the mean is not published in the sources read",
        max_input_tokens: None,
        mean_output_tokens: 3886,
        output_source: "official: 3,886.2 tokens per sample in the reference run, the accuracy target within 10% (mlcommons/inference language/deepseek-r1/README.md, commit 3b98f3d3; an earlier revision gave 4,043.4)",
        server: Some((2.0, 0.08)),
        interactive: Some((1.5, 0.015)),
        since: "v5.1",
    },
    MlperfBenchmark {
        id: "gpt-oss-120b",
        model: "gpt-oss-120b",
        precision: Precision::Fp4,
        mean_input_tokens: 1000,
        input_source: "estimate: the mean is not published in the sources read",
        max_input_tokens: None,
        mean_output_tokens: 1278,
        output_source: "official: 1,278.20 tokens per sample on the performance set at reasoning effort low, output capped at 10,240, the TEST09 compliance reference within 10% (mlcommons/inference language/gpt-oss-120b/README.md, commit 2e1a6995)",
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

    /// The output means are MLCommons' reference tokens per sample, rounded: llama2-70b 294.45,
    /// mixtral-8x7b 144.84, llama3.1-405b 684.68, deepseek-r1 3,886.2274, gpt-oss-120b 1,278.20;
    /// llama3.1-8b's reference counts characters, 8,167,644 / 13,368 = 611.0, at 4.28 characters
    /// per token = 142.8.
    #[test]
    fn output_means_are_the_reference_runs() {
        let reference = [
            ("llama2-70b", 294.45),
            ("mixtral-8x7b", 144.84),
            ("llama3.1-405b", 684.68),
            ("deepseek-r1", 3886.2274),
            ("gpt-oss-120b", 1278.20),
            ("llama3.1-8b", 8_167_644.0 / 13_368.0 / 4.28),
        ];
        for (id, tokens) in reference {
            let b = mlperf_benchmark(id).unwrap();
            assert!(
                (f64::from(b.mean_output_tokens) - tokens).abs() <= 0.5,
                "{id}: {} vs {tokens}",
                b.mean_output_tokens
            );
            assert!(!b.output_source.starts_with("analyst"), "{id}");
        }
        assert_eq!(mlperf_benchmark("llama2-70b").unwrap().max_input_tokens, Some(1024));
    }
}
