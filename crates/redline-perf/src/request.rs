//! What to predict: the static-batch inference request and its batch size.

use serde::{Deserialize, Serialize};

use crate::Precision;
use crate::engine::Engine;

/// Batch size: a fixed number of sequences, or the largest that fits in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Batch {
    /// This many sequences (whole system, all replicas).
    Fixed(u32),
    /// The largest batch that fits in memory (and the engine's batch limit).
    Max,
}

/// What to predict. Static-batch semantics: `batch` sequences of `input_len` tokens each,
/// all generating `output_len` tokens together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InferenceRequest {
    /// Chips in the system.
    pub gpus: u32,
    /// Tensor parallelism (attention and dense layers). None: see [`InferenceRequest::gpus`] defaults.
    pub tp: Option<u32>,
    /// Pipeline parallelism. None: 1.
    pub pp: Option<u32>,
    /// Expert parallelism (MoE only). None: a default that spreads experts over the chips.
    pub ep: Option<u32>,
    /// Sequences.
    pub batch: Batch,
    /// Prompt tokens per sequence.
    pub input_len: u32,
    /// Generated tokens per sequence.
    pub output_len: u32,
    /// Weight format (and activation format for fp8/int8/fp4 on chips that compute in it).
    pub precision: Precision,
    /// KV-cache format. None: bf16 (fp16 when `precision` is fp16).
    pub kv_precision: Option<Precision>,
    /// Engine profile.
    pub engine: Engine,
    /// Weights are stored in `precision` but the math runs in 16-bit (GPTQ/AWQ style).
    /// int4 is always weight-only.
    #[serde(default)]
    pub weight_only: bool,
}

impl Default for InferenceRequest {
    fn default() -> Self {
        InferenceRequest {
            gpus: 1,
            tp: None,
            pp: None,
            ep: None,
            batch: Batch::Fixed(1),
            input_len: 1024,
            output_len: 1024,
            precision: Precision::Bf16,
            kv_precision: None,
            engine: Engine::Trtllm,
            weight_only: false,
        }
    }
}
