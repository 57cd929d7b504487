//! # redline-perf
//!
//! An analytical, explainable performance model for LLM inference and training on AI
//! accelerators: per-op FLOPs and bytes per layer, a roofline against the chip's per-format
//! peak and memory bandwidth, α-β communication, explicit fixed overheads, memory fit, and a
//! handful of efficiency factors per (chip family, engine) fitted on public measurements and
//! reported with held-out error. No I/O in the core; embedded data (model zoo, engine profiles,
//! validation CSVs) is compiled in.
//!
//! ## Public API (one line each)
//! - [`hardware_from_chip`]: a catalogue chip as [`Hardware`] (the only place that reads the catalogue).
//! - [`Hardware`]: one chip (per-format dense peaks, bandwidth, capacity, links, power, price).
//! - [`ModelConfig::from_json_str`]: parse a Hugging Face `config.json` (strict: unknown keys are errors).
//! - [`zoo`], [`zoo_ids`], [`zoo_model`]: the embedded model zoo (ids such as `llama-3.1-8b`, `deepseek-v3`).
//! - [`ModelConfig::params`], [`ModelConfig::kv_bytes_per_token`], [`ModelConfig::flops_per_token`]: golden counts.
//! - [`InferenceRequest`] + [`predict_inference`] → [`InferencePrediction`] (TTFT, TPOT, latency, tokens/s, memory, bounds).
//! - [`PerfRequest::from_pairs`] + [`PerfRequest::run`] → [`PerfOutput`]: everything `redline perf` and `/api/perf` take, checked field by field, and the one JSON they answer.
//! - [`resolve_parallelism`]: the TP/PP/EP/DP layout a request resolves to (the `--gpus N` defaults).
//! - [`best_throughput`] → [`ThroughputPrediction`]: best batch under memory and optional TTFT/TPOT limits.
//! - [`best_serving`] / [`serving_point`] / [`sweep_concurrency`]: continuous batching with chunked prefill at a [`Scenario`]'s limits.
//! - [`mlperf_benchmark`]: the public MLPerf Inference LLM benchmarks (model, lengths, latency limits).
//! - [`TrainingRequest`] + [`predict_training`] → [`TrainingPrediction`] (step time, MFU, memory, time to train).
//! - [`CostInputs`] + [`cost_per_million_tokens`] → [`CostEstimate`]: $/M output tokens.
//! - [`compare`] → [`Comparison`]: side-by-side rows with ratios to the first chip.
//! - [`engine_profile`] / [`EngineProfile`]: fitted factors per (family, engine) with provenance.
//! - [`validate`] → [`ValidationReport`]: per-row and per-bucket error, leave-one-chip/model-out.
//!
//! Units: seconds, tokens, GB (1e9 B), GB/s (1e9 B/s), TFLOP/s (1e12), watts, USD.

#![deny(missing_docs)]

mod build;
mod compare;
mod cost;
mod engine;
mod error;
mod fit;
mod formats;
mod from_catalog;
mod hardware;
mod inference;
mod memory;
mod mlperf;
pub mod model;
mod parallelism;
mod perf_output;
mod perf_request;
mod precision;
mod request;
mod serving;
mod step;
mod throughput;
mod training;
pub mod validation;
mod work;

pub use compare::{Comparison, ComparisonRow, compare};
pub use cost::{CostEstimate, CostInputs, cost_per_million_tokens};
pub use engine::{
    Efficiency, Engine, EngineProfile, FamilyFit, Provenance, engine_profile, engine_profile_source, nearest_relatives,
};
pub use error::PerfError;
pub use fit::MemoryBreakdown;
pub use from_catalog::{catalog_resolver, hardware_from_chip, weak_evidence};
pub use hardware::Hardware;
pub use inference::{Bound, InferencePrediction, OpReport, PhaseReport, predict_inference, predict_with_profile};
pub use memory::{CapacityConvention, MemoryKind, capacity_convention, visible_bytes};
pub use mlperf::{MLPERF_BENCHMARKS, MlperfBenchmark, mlperf_benchmark};
pub use model::zoo::{ZOO, ZooEntry, zoo, zoo_ids, zoo_model};
pub use model::{Attention, ModelConfig, Moe, ParamCounts};
pub use parallelism::{Parallelism, resolve_parallelism};
pub use perf_output::{PerfOutput, ServingMode, Sweep, ThroughputMode};
pub use perf_request::{BatchChoice, PerfMode, PerfRequest, vendor_engine};
pub use precision::Precision;
pub use request::{Batch, InferenceRequest};
pub use serving::{OperatingPoint, Scenario, ServingPrediction, best_serving, serving_point, sweep_concurrency};
pub use throughput::{ThroughputLimits, ThroughputPrediction, best_throughput};
pub use training::{Recompute, TrainingMemory, TrainingPrediction, TrainingRequest, ZeroStage, predict_training};
pub use validation::{
    ValidationData, ValidationReport, fit_engine_profiles, reference_hardware, validate, validate_data,
};
pub use work::OpClass;
