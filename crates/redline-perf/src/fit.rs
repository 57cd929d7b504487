//! Memory fit per chip: weights per layout, KV cache per sequence, the activation working set
//! and the engine's reserve against the usable capacity, and the largest batch that fits.

use serde::Serialize;

use crate::engine::EngineProfile;
use crate::model::{ModelConfig, Shapes};
use crate::parallelism::Parallelism;
use crate::step::Plan;

/// Memory per chip, GB (1e9 B).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct MemoryBreakdown {
    /// Weights held by one chip.
    pub weights: f64,
    /// KV cache for the sequences of one wave.
    pub kv_cache: f64,
    /// Peak activation working set (one prefill chunk).
    pub activations: f64,
    /// Runtime reserve (context, graphs, communication buffers).
    pub reserve: f64,
    /// Sum of the above.
    pub total: f64,
    /// DRAM capacity.
    pub capacity: f64,
    /// Capacity times the engine's memory-utilisation fraction.
    pub usable: f64,
}

/// Per-chip memory of one request's layout, bytes: what the weights, one sequence's KV cache,
/// the activation working set and the runtime reserve take, and how many sequences fit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MemoryFit {
    pub weights: f64,
    pub kv_per_seq: f64,
    pub activations: f64,
    pub reserve: f64,
    pub capacity: f64,
    pub usable: f64,
    /// Whether the weights, reserve and activations leave room for any KV cache.
    pub weights_fit: bool,
    /// Sequences per replica that fit (and the engine's batch limit); 0 when none does.
    pub max_batch: u32,
}

/// The memory fit of a layout for sequences of `ctx` tokens (prompt plus output).
pub(crate) fn memory_fit(
    model: &ModelConfig,
    s: &Shapes,
    plan: &Plan,
    par: &Parallelism,
    ctx: f64,
    profile: &EngineProfile,
) -> MemoryFit {
    let params = model.params();
    let (tp, pp, group) = (plan.tp, plan.pp, plan.group);
    let non_expert = params.attention + params.dense_mlp + params.shared_experts_and_router;
    let emb_share = if par.pp > 1 { 0.5 } else { 1.0 };
    let weights = non_expert / (tp * pp) * plan.w_bytes
        + params.routed_experts / (group * pp) * plan.w_bytes
        + params.embeddings / tp * 2.0 * emb_share;
    let kv_local = if s.kv_replicated { 1.0 } else { (s.kv_heads / tp).max(1.0) / s.kv_heads };
    let kv_per_seq =
        s.kv_elems * kv_local * plan.kv_bytes * (s.full_layers * ctx + s.window_layers * ctx.min(s.window)) / pp;
    let chunk = f64::from(profile.prefill_chunk_tokens.max(1));
    let ffn_local = s.dense_ffn.max(s.expert_ffn * s.top_k) / tp;
    let activations = chunk * (4.0 * s.h + 3.0 * ffn_local + 4.0 * s.q_dim / tp) * plan.a_bytes;
    let reserve = profile.reserve_gb * 1e9;
    let usable = plan.chip.capacity * profile.memory_utilization;
    let avail = usable - reserve - weights - activations;
    let weights_fit = avail > 0.0;
    let mut b_max = if weights_fit { (avail / kv_per_seq).floor() } else { 0.0 };
    b_max = b_max.min(f64::from(profile.max_batch)).min(1e7);
    MemoryFit {
        weights,
        kv_per_seq,
        activations,
        reserve,
        capacity: plan.chip.capacity,
        usable,
        weights_fit,
        max_batch: b_max as u32,
    }
}

impl MemoryFit {
    /// The per-chip breakdown, GB, with `seqs` sequences' KV cache resident.
    pub fn breakdown(&self, seqs: f64) -> MemoryBreakdown {
        let kv_cache = self.kv_per_seq * seqs;
        MemoryBreakdown {
            weights: self.weights / 1e9,
            kv_cache: kv_cache / 1e9,
            activations: self.activations / 1e9,
            reserve: self.reserve / 1e9,
            total: (self.weights + kv_cache + self.activations + self.reserve) / 1e9,
            capacity: self.capacity / 1e9,
            usable: self.usable / 1e9,
        }
    }
}
