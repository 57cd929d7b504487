//! Per-chip work of one engine step: the ops of every layer (FLOPs, bytes, the peak they run
//! at) and the collectives between chips, for prefill, decode or a mixed continuous-batching step.

use crate::Precision;
use crate::hardware::Chip;
use crate::model::Shapes;
use crate::work::{OpClass, Work};

/// The number format the matrix units use and the bytes per element of each stream.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan {
    pub tp: f64,
    pub pp: f64,
    pub ep: u32,
    pub group: f64,
    pub w_bytes: f64,
    pub kv_bytes: f64,
    pub a_bytes: f64,
    pub peak: f64,
    pub peak16: f64,
    pub compute_precision: Precision,
    pub weight_precision: Precision,
    pub kv_precision: Precision,
    pub chip: Chip,
    pub comm_eff: f64,
    pub gpus: f64,
}

fn link(plan: &Plan, n: f64) -> (f64, f64) {
    // (bandwidth per direction B/s, latency weight)
    if n <= f64::from(plan.chip.domain) {
        (plan.chip.scale_up_bw * plan.comm_eff, plan.chip.scale_up_alpha_factor)
    } else {
        (plan.chip.scale_out_bw * plan.comm_eff, 2.0)
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Phase {
    Prefill {
        len: f64,
    },
    Decode {
        kv_full: f64,
        kv_window: f64,
    },
    /// One continuous-batching step: `seqs` sequences decode one token each while `prefill_seqs`
    /// prompts of `len` tokens are prefilled in the same step (chunked prefill).
    Mixed {
        len: f64,
        prefill_seqs: f64,
        kv_full: f64,
        kv_window: f64,
    },
}

/// Per-chip work of one step for `seqs` sequences per replica.
pub(crate) fn step_work(s: &Shapes, p: &Plan, seqs: f64, phase: Phase) -> Work {
    let mut w = Work::new();
    let (tp, pp, g) = (p.tp, p.pp, p.group);
    let (wb, kvb, ab) = (p.w_bytes, p.kv_bytes, p.a_bytes);
    let bw = p.chip.bw;
    let mb = seqs / pp; // sequences per micro-batch
    let tokens = match phase {
        Phase::Prefill { len } => mb * len,
        Phase::Decode { .. } => mb,
        Phase::Mixed { len, prefill_seqs, .. } => mb + prefill_seqs / pp * len,
    };
    let t = tokens;
    let layers = s.layers; // layer executions per chip per step (L/pp layers x pp micro-batches)
    let kv_heads_local = if s.kv_replicated { 1.0 } else { (s.kv_heads / tp).max(1.0) / s.kv_heads };
    let kv_elems_local = s.kv_elems * kv_heads_local;
    let heads_local = s.heads / tp;
    let q_local = s.q_dim / tp;

    let qkv = s.qkv_params / tp;
    w.add(OpClass::QkvProj, layers, 2.0 * t * qkv, p.peak, qkv * wb + t * (s.h + 3.0 * q_local) * ab, bw);
    if s.mla {
        let up = s.mla_up_params / tp;
        w.add(OpClass::MlaUpProj, layers, 2.0 * t * up, p.peak, up * wb + t * 2.0 * q_local * ab, bw);
    }
    let decode_attention = |w: &mut Work, seqs: f64, kv_full: f64, kv_window: f64| {
        for (count, ctx) in [(s.full_layers, kv_full), (s.window_layers, kv_window)] {
            let flops = seqs * ctx * heads_local * s.attn_flops_per_key_head_decode;
            let bytes = seqs * ctx * kv_elems_local * kvb + seqs * (2.0 * q_local + kv_elems_local) * ab;
            w.add(OpClass::Attention, count, flops, p.peak16, bytes, bw);
        }
    };
    let prefill_attention = |w: &mut Work, seqs: f64, len: f64| {
        let full_pairs = len * (len + 1.0) / 2.0;
        let win = s.window.min(len);
        let win_pairs = win * (win + 1.0) / 2.0 + (len - win) * win;
        let toks = seqs * len;
        for (count, pairs) in [(s.full_layers, full_pairs), (s.window_layers, win_pairs)] {
            let flops = seqs * pairs * heads_local * s.attn_flops_per_pair_head_prefill;
            let bytes = toks * kv_elems_local * kvb + toks * 4.0 * q_local * ab;
            w.add(OpClass::Attention, count, flops, p.peak16, bytes, bw);
        }
    };
    match phase {
        Phase::Decode { kv_full, kv_window } => decode_attention(&mut w, mb, kv_full, kv_window),
        Phase::Prefill { len } => prefill_attention(&mut w, mb, len),
        Phase::Mixed { len, prefill_seqs, kv_full, kv_window } => {
            decode_attention(&mut w, mb, kv_full, kv_window);
            if prefill_seqs > 0.0 {
                prefill_attention(&mut w, prefill_seqs / pp, len);
            }
        }
    }
    let o = s.o_params / tp;
    w.add(OpClass::OProj, layers, 2.0 * t * o, p.peak, o * wb + t * (s.h + q_local) * ab, bw);

    let ffn_local = s.dense_ffn / tp;
    let mlp = s.dense_mlp_params / tp;
    w.add(OpClass::Mlp, s.dense_layers, 2.0 * t * mlp, p.peak, mlp * wb + t * (2.0 * s.h + 3.0 * ffn_local) * ab, bw);
    if s.moe_layers > 0.0 {
        let tg = t * g / tp; // tokens the expert group serves per micro-batch
        let hit = 1.0 - (1.0 - s.top_k / s.experts).powf(tg);
        let flops = 2.0 * tg * s.top_k * s.expert_params / g;
        let bytes =
            s.experts * hit * s.expert_params * wb / g + tg * s.top_k / g * (2.0 * s.h + 3.0 * s.expert_ffn) * ab;
        w.add(OpClass::MoeExperts, s.moe_layers, flops, p.peak, bytes, bw);
        if s.shared_params > 0.0 {
            let sh = s.shared_params / tp;
            w.add(OpClass::SharedExperts, s.moe_layers, 2.0 * t * sh, p.peak, sh * wb + t * 4.0 * s.h * ab, bw);
        }
        w.add(
            OpClass::Router,
            s.moe_layers,
            2.0 * t * s.router_params,
            p.peak16,
            s.router_params * 2.0 + t * (s.h * ab + s.experts * 4.0),
            bw,
        );
    }
    w.add(OpClass::Elementwise, layers, 20.0 * t * s.h, p.peak16, 10.0 * t * s.h * ab, bw);
    w.add(OpClass::Embedding, pp, 0.0, p.peak16, t * s.h * ab, bw);
    let head = s.vocab * s.h / tp;
    // One logits row per sequence that emits a token this step.
    let emitting = match phase {
        Phase::Mixed { prefill_seqs, .. } => mb + prefill_seqs / pp,
        _ => mb,
    };
    w.add(OpClass::LmHead, pp, 2.0 * emitting * head, p.peak16, head * 2.0 + emitting * (s.vocab / tp) * 4.0, bw);

    // Fixed costs and collectives.
    w.steps = 1.0;
    w.layer_steps = layers;
    w.seq_steps = seqs;
    let msg = t * s.h * ab;
    if tp > 1.0 {
        let (lbw, lat) = link(p, tp);
        let moe_a2a = p.ep > 1 && s.moe_layers > 0.0;
        let ars = layers + s.dense_layers + if moe_a2a { 0.0 } else { s.moe_layers };
        w.collectives += ars * lat;
        w.comm_s += ars * 2.0 * (tp - 1.0) / tp * msg / lbw;
    }
    if p.ep > 1 && s.moe_layers > 0.0 {
        let (lbw, lat) = link(p, g);
        let tg = t * g / tp;
        let per_chip = tg / g * s.top_k * s.h * ab * (g - 1.0) / g;
        w.collectives += 2.0 * s.moe_layers * lat;
        w.comm_s += 2.0 * s.moe_layers * per_chip / lbw;
    }
    if pp > 1.0 {
        // Stage boundaries cross the scale-up domain only when the whole system does.
        let (lbw, lat) = link(p, p.gpus);
        w.collectives += (pp - 1.0) * lat;
        w.comm_s += (pp - 1.0) * msg / lbw;
    }
    if let Phase::Prefill { .. } = phase {
        // Pipeline fill: the last micro-batch leaves the last stage (2pp-1)/pp step-times in.
        w.scale = (2.0 * pp - 1.0) / pp;
    }
    w
}
