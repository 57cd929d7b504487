//! Model architectures: parsing ([`config`]), the embedded zoo ([`zoo`]) and the per-model
//! constants the hot path needs (parameter counts, KV bytes per token).

pub mod config;
pub mod zoo;

pub use config::{Attention, ModelConfig, Moe};

use serde::Serialize;

use crate::Precision;

/// Parameter counts, in parameters (not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ParamCounts {
    /// All weights, embedding and LM head counted once each (once in total when tied).
    pub total: f64,
    /// Weights a single token touches: non-expert weights plus top-k routed and shared experts.
    pub active: f64,
    /// Attention projections, all layers.
    pub attention: f64,
    /// Dense MLPs, all layers.
    pub dense_mlp: f64,
    /// Routed experts, all layers.
    pub routed_experts: f64,
    /// Shared experts and routers, all layers.
    pub shared_experts_and_router: f64,
    /// Embedding plus LM head.
    pub embeddings: f64,
}

/// Per-layer weight shapes, precomputed once per model (parameters).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shapes {
    pub h: f64,
    pub vocab: f64,
    pub layers: f64,
    pub dense_layers: f64,
    pub moe_layers: f64,
    pub full_layers: f64,
    pub window_layers: f64,
    pub window: f64,
    /// Query heads.
    pub heads: f64,
    /// KV heads (GQA); for MLA 1 (the latent is shared by all heads).
    pub kv_heads: f64,
    /// QKV-side projection weights (GQA: Wq, Wk, Wv; MLA: W_DQ, W_UQ, W_DKV).
    pub qkv_params: f64,
    /// Output projection weights.
    pub o_params: f64,
    /// MLA W_UK and W_UV (kv_b_proj); zero for GQA.
    pub mla_up_params: f64,
    /// Attention FLOPs per query token per context token per head, decode form.
    pub attn_flops_per_key_head_decode: f64,
    /// Attention FLOPs per (query, key) pair per head in prefill (QK and AV).
    pub attn_flops_per_pair_head_prefill: f64,
    /// KV elements stored per token per layer (whole model, before TP sharding).
    pub kv_elems: f64,
    /// Whether the KV cache is replicated over TP ranks (MLA latent) rather than split by head.
    pub kv_replicated: bool,
    pub mla: bool,
    /// MLA: latent dim d_c, nope/v head dims (for the absorbed decode projections).
    pub mla_dc: f64,
    pub mla_nope: f64,
    pub mla_v: f64,
    pub mla_up_prefill_flops_per_token: f64,
    pub dense_mlp_params: f64,
    pub expert_params: f64,
    pub experts: f64,
    pub top_k: f64,
    pub shared_params: f64,
    pub router_params: f64,
    pub q_dim: f64,
    pub dense_ffn: f64,
    pub expert_ffn: f64,
}

impl ModelConfig {
    pub(crate) fn shapes(&self) -> Shapes {
        let h = self.hidden_size as f64;
        let layers = f64::from(self.layers);
        let moe_layers = f64::from(self.moe_layers);
        let window_layers = f64::from(self.windowed_layers);
        let mut s = Shapes {
            h,
            vocab: self.vocab_size as f64,
            layers,
            dense_layers: layers - moe_layers,
            moe_layers,
            full_layers: layers - window_layers,
            window_layers,
            window: self.attention_window.map_or(f64::INFINITY, f64::from),
            heads: 0.0,
            kv_heads: 0.0,
            qkv_params: 0.0,
            o_params: 0.0,
            mla_up_params: 0.0,
            attn_flops_per_key_head_decode: 0.0,
            attn_flops_per_pair_head_prefill: 0.0,
            kv_elems: 0.0,
            kv_replicated: false,
            mla: false,
            mla_dc: 0.0,
            mla_nope: 0.0,
            mla_v: 0.0,
            mla_up_prefill_flops_per_token: 0.0,
            dense_mlp_params: 3.0 * h * self.intermediate_size as f64,
            expert_params: 0.0,
            experts: 0.0,
            top_k: 0.0,
            shared_params: 0.0,
            router_params: 0.0,
            q_dim: 0.0,
            dense_ffn: self.intermediate_size as f64,
            expert_ffn: 0.0,
        };
        match self.attention {
            Attention::Gqa { heads, kv_heads, head_dim } => {
                let (nh, nkv, d) = (f64::from(heads), f64::from(kv_heads), f64::from(head_dim));
                s.heads = nh;
                s.kv_heads = nkv;
                s.q_dim = nh * d;
                let bias = if self.attention_bias { (nh + 2.0 * nkv) * d } else { 0.0 };
                s.qkv_params = h * (nh + 2.0 * nkv) * d + bias;
                s.o_params = nh * d * h;
                s.attn_flops_per_key_head_decode = 4.0 * d;
                // Causal: each (query, key) pair below the diagonal costs 2d (QK) + 2d (AV).
                s.attn_flops_per_pair_head_prefill = 4.0 * d;
                s.kv_elems = 2.0 * nkv * d;
            }
            Attention::Mla { heads, q_lora_rank, kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim, v_head_dim } => {
                let nh = f64::from(heads);
                let (dc, nope, rope, dv) = (
                    f64::from(kv_lora_rank),
                    f64::from(qk_nope_head_dim),
                    f64::from(qk_rope_head_dim),
                    f64::from(v_head_dim),
                );
                let qk = nope + rope;
                let q = match q_lora_rank {
                    Some(r) if r > 0 => {
                        let r = f64::from(r);
                        h * r + r + r * nh * qk
                    }
                    _ => h * nh * qk,
                };
                s.mla = true;
                s.heads = nh;
                s.kv_heads = 1.0;
                s.q_dim = nh * dv;
                s.qkv_params = q + h * (dc + rope) + dc;
                s.mla_up_params = dc * nh * (nope + dv);
                s.o_params = nh * dv * h;
                // Weight-absorbed decode: scores over the latent (d_c + rope), values in the latent (d_c).
                s.attn_flops_per_key_head_decode = 2.0 * (dc + rope) + 2.0 * dc;
                // Prefill in the MHA form: QK over nope+rope, AV over v.
                s.attn_flops_per_pair_head_prefill = 2.0 * qk + 2.0 * dv;
                s.kv_elems = dc + rope;
                s.kv_replicated = true;
                s.mla_dc = dc;
                s.mla_nope = nope;
                s.mla_v = dv;
                s.mla_up_prefill_flops_per_token = 2.0 * s.mla_up_params;
            }
        }
        if let Some(m) = self.moe {
            s.experts = f64::from(m.experts);
            s.top_k = f64::from(m.top_k);
            s.expert_ffn = m.expert_ffn as f64;
            s.expert_params = 3.0 * h * m.expert_ffn as f64;
            s.shared_params = f64::from(m.shared_experts) * 3.0 * h * m.shared_ffn as f64;
            s.router_params = h * f64::from(m.experts);
        }
        s
    }

    /// Parameter counts (norm weights included in the attention share).
    #[must_use]
    pub fn params(&self) -> ParamCounts {
        let s = self.shapes();
        let norms = s.layers * 2.0 * s.h + s.h;
        let attention = s.layers * (s.qkv_params + s.o_params + s.mla_up_params) + norms;
        let dense_mlp = s.dense_layers * s.dense_mlp_params;
        let routed = s.moe_layers * s.experts * s.expert_params;
        let shared = s.moe_layers * (s.shared_params + s.router_params);
        let embeddings = if self.tie_word_embeddings { s.vocab * s.h } else { 2.0 * s.vocab * s.h };
        let total = attention + dense_mlp + routed + shared + embeddings;
        let active = total - routed + s.moe_layers * s.top_k * s.expert_params;
        ParamCounts {
            total,
            active,
            attention,
            dense_mlp,
            routed_experts: routed,
            shared_experts_and_router: shared,
            embeddings,
        }
    }

    /// KV-cache bytes per token for the whole model (all layers, one replica, no TP split),
    /// at full context (sliding-window layers are counted in full here).
    #[must_use]
    pub fn kv_bytes_per_token(&self, kv: Precision) -> f64 {
        let s = self.shapes();
        s.kv_elems * s.layers * kv.bytes()
    }

    /// Forward FLOPs per token at context length `context` (matmuls 2 per MAC, causal attention
    /// averaged over a prompt of that length is half of this decode-form figure).
    #[must_use]
    pub fn flops_per_token(&self, context: u64) -> f64 {
        let s = self.shapes();
        let p = self.params();
        // Embedding lookup is not a matmul; the LM head is.
        let embed = if self.tie_word_embeddings { 0.0 } else { s.vocab * s.h };
        let matmul = 2.0 * (p.active - embed - (s.layers * 2.0 * s.h + s.h));
        let ctx = context as f64;
        let attn =
            s.heads * s.attn_flops_per_key_head_decode * (s.full_layers * ctx + s.window_layers * ctx.min(s.window));
        matmul + attn
    }

    /// Whether the model has MoE layers.
    #[must_use]
    pub fn is_moe(&self) -> bool {
        self.moe.is_some() && self.moe_layers > 0
    }

    /// Query heads (for TP divisibility).
    #[must_use]
    pub fn heads(&self) -> u32 {
        match self.attention {
            Attention::Gqa { heads, .. } | Attention::Mla { heads, .. } => heads,
        }
    }
}
