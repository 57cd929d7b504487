//! Training: step time, MFU, memory per chip and time to train, for dense and MoE models under
//! DP/TP/PP/EP, ZeRO stages and activation recomputation.
//!
//! Not fitted on measurements (the public training rows are time-to-train of MLPerf tasks whose
//! size is not in the data): the achieved fraction of peak on GEMMs is a documented assumption
//! ([`TrainingRequest::compute_efficiency`], default 0.6, in line with Megatron/NeMo GEMM
//! efficiencies), and MFU then falls out of bubbles and exposed communication.

use serde::{Deserialize, Serialize};

use crate::error::bad_request;
use crate::{Hardware, ModelConfig, PerfError, Precision};

/// ZeRO sharding of model states over the data-parallel group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ZeroStage {
    /// No sharding: 16 bytes per parameter.
    Zero0,
    /// Optimizer states sharded: 4 + 12/d.
    Zero1,
    /// Plus gradients: 2 + 14/d.
    Zero2,
    /// Plus parameters: 16/d.
    Zero3,
}

/// Activation recomputation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Recompute {
    /// Keep all activations.
    None,
    /// Recompute attention internals only (free with FlashAttention).
    Selective,
    /// Recompute each layer in the backward pass (one extra forward).
    Full,
}

/// A training configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingRequest {
    /// Chips.
    pub gpus: u32,
    /// Tensor parallel (None: min(8, gpus) dividing the heads).
    pub tp: Option<u32>,
    /// Pipeline parallel (None: 1).
    pub pp: Option<u32>,
    /// Expert parallel for MoE (None: the data-parallel size, capped by the expert count).
    pub ep: Option<u32>,
    /// Data parallel (None: gpus / (tp·pp)).
    pub dp: Option<u32>,
    /// Tokens per optimizer step, whole system.
    pub global_batch_tokens: f64,
    /// Sequence length.
    pub seq_len: u32,
    /// Sequences per micro-batch.
    pub micro_batch: u32,
    /// Tokens to train on (for `time_to_train_s`).
    pub tokens: Option<f64>,
    /// Matrix format (bf16, fp16 or fp8 with bf16 master weights).
    pub precision: Precision,
    /// ZeRO stage.
    pub zero: ZeroStage,
    /// Recomputation.
    pub recompute: Recompute,
    /// Achieved fraction of peak on matrix work (assumption, not fitted).
    pub compute_efficiency: f64,
    /// Achieved fraction of link bandwidth in collectives.
    pub comm_efficiency: f64,
}

impl Default for TrainingRequest {
    fn default() -> Self {
        TrainingRequest {
            gpus: 8,
            tp: None,
            pp: None,
            ep: None,
            dp: None,
            global_batch_tokens: 4.0 * 1024.0 * 1024.0,
            seq_len: 4096,
            micro_batch: 1,
            tokens: None,
            precision: Precision::Bf16,
            zero: ZeroStage::Zero1,
            recompute: Recompute::Selective,
            compute_efficiency: 0.6,
            comm_efficiency: 0.75,
        }
    }
}

/// Memory per chip, GB.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TrainingMemory {
    /// Parameters, gradients and optimizer states after ZeRO.
    pub model_states: f64,
    /// Activations held for the backward pass.
    pub activations: f64,
    /// Runtime reserve.
    pub reserve: f64,
    /// Sum.
    pub total: f64,
    /// DRAM capacity.
    pub capacity: f64,
}

/// Training prediction. Field names are the CLI's JSON contract.
#[derive(Debug, Clone, Serialize)]
pub struct TrainingPrediction {
    /// Chip name.
    pub chip: String,
    /// Model id.
    pub model: String,
    /// Tensor, pipeline, expert, data parallel sizes.
    pub tp: u32,
    /// Pipeline parallel.
    pub pp: u32,
    /// Expert parallel.
    pub ep: u32,
    /// Data parallel.
    pub dp: u32,
    /// Seconds per optimizer step.
    pub step_time_s: f64,
    /// Model FLOPs utilisation: (6·N_active + attention) per token × tokens/s ÷ (chips × peak of `precision`).
    pub mfu: f64,
    /// Total memory per chip, GB.
    pub memory_gb_per_chip: f64,
    /// Memory breakdown per chip.
    pub memory: TrainingMemory,
    /// Whether it fits.
    pub fits: bool,
    /// Time to train `tokens`, seconds (when given).
    pub time_to_train_s: Option<f64>,
    /// Tokens per second, whole system.
    pub tokens_per_s: f64,
    /// Model TFLOP/s achieved per chip.
    pub model_tflops_per_chip: f64,
    /// Seconds of matrix work per step.
    pub compute_s: f64,
    /// Seconds of pipeline bubble per step.
    pub bubble_s: f64,
    /// Seconds of tensor/expert-parallel communication per step.
    pub model_parallel_comm_s: f64,
    /// Seconds of data-parallel gradient communication not hidden behind the backward pass.
    pub exposed_dp_comm_s: f64,
    /// Notes.
    pub notes: Vec<String>,
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Predicts one training step.
///
/// # Errors
/// [`PerfError::InvalidHardware`] for unusable chip fields, [`PerfError::InvalidRequest`] for
/// impossible layouts, non-positive batch or sequence length.
pub fn predict_training(
    hw: &Hardware,
    model: &ModelConfig,
    req: &TrainingRequest,
) -> Result<TrainingPrediction, PerfError> {
    let chip = hw.chip()?;
    if req.gpus == 0 {
        return Err(bad_request("gpus", "must be at least 1"));
    }
    if req.seq_len == 0 || req.micro_batch == 0 {
        return Err(bad_request("seq_len", "sequence length and micro_batch must be at least 1"));
    }
    if !(req.global_batch_tokens.is_finite() && req.global_batch_tokens > 0.0) {
        return Err(bad_request("global_batch_tokens", "must be a positive number of tokens"));
    }
    for (f, v) in [("compute_efficiency", req.compute_efficiency), ("comm_efficiency", req.comm_efficiency)] {
        if !(v.is_finite() && v > 0.0 && v <= 1.0) {
            return Err(bad_request(
                if f == "compute_efficiency" { "compute_efficiency" } else { "comm_efficiency" },
                format!("{v} is outside (0, 1]"),
            ));
        }
    }
    let pp = req.pp.unwrap_or(1).max(1);
    let heads = model.heads();
    let tp = req.tp.unwrap_or_else(|| gcd(gcd(req.gpus / pp.max(1), 8).max(1), heads));
    if tp == 0 || !heads.is_multiple_of(tp) {
        return Err(bad_request("tp", format!("{tp} does not divide the model's {heads} attention heads")));
    }
    if !req.gpus.is_multiple_of(tp * pp) {
        return Err(bad_request("pp", format!("tp·pp = {} does not divide gpus = {}", tp * pp, req.gpus)));
    }
    if pp > model.layers {
        return Err(bad_request("pp", format!("{pp} exceeds the model's {} layers", model.layers)));
    }
    let dp = req.dp.unwrap_or(req.gpus / (tp * pp));
    if dp == 0 || dp * tp * pp != req.gpus {
        return Err(bad_request("dp", format!("dp·tp·pp = {}·{tp}·{pp} must equal gpus = {}", dp, req.gpus)));
    }
    let ep = match model.moe {
        None => 1,
        Some(m) => {
            let e = req.ep.unwrap_or_else(|| gcd(dp * tp, m.experts));
            if e == 0 || e > m.experts {
                return Err(bad_request("ep", format!("{e} must be between 1 and the {} experts", m.experts)));
            }
            e
        }
    };
    let (cp, peak) = hw.compute_peak(req.precision)?;
    let peak16 = hw.peak_16bit().unwrap_or(peak);
    let s = model.shapes();
    let p = model.params();
    let (tpf, ppf, dpf, epf) = (f64::from(tp), f64::from(pp), f64::from(dp), f64::from(ep));
    let seq = f64::from(req.seq_len);
    let gpus = f64::from(req.gpus);
    let tokens = req.global_batch_tokens;
    let micro_tokens = seq * f64::from(req.micro_batch);
    let micro_batches = (tokens / dpf / micro_tokens).max(1.0);

    // FLOPs per token: matmuls 2·N (LM head included, embedding lookup not), causal attention at
    // mean context S/2 in decode form.
    let embed = if model.tie_word_embeddings { 0.0 } else { s.vocab * s.h };
    let matmul = 2.0 * (p.active - embed);
    let attn = s.heads
        * s.attn_flops_per_pair_head_prefill
        * (s.full_layers * (seq + 1.0) / 2.0 + s.window_layers * s.window.min(seq));
    let fwd = matmul + attn;
    let model_flops = 3.0 * fwd; // forward + backward (2x)
    let recompute_flops = match req.recompute {
        Recompute::None | Recompute::Selective => 0.0,
        Recompute::Full => fwd,
    };
    let compute_s = tokens * (model_flops + recompute_flops) / gpus / (req.compute_efficiency * peak);
    let bubble_s = compute_s * (ppf - 1.0) / micro_batches;

    // Tensor-parallel all-reduces: 2 forward + 2 backward per layer per micro-batch (+2 with full recompute).
    let link_bw = |n: f64| {
        if n <= f64::from(chip.domain) {
            chip.scale_up_bw * req.comm_efficiency
        } else {
            chip.scale_out_bw * req.comm_efficiency
        }
    };
    let alpha = 10e-6;
    let mut mp_comm = 0.0;
    let per_replica_micro = micro_batches;
    let layers_per_stage = s.layers / ppf;
    if tp > 1 {
        let ars = layers_per_stage * if req.recompute == Recompute::Full { 6.0 } else { 4.0 };
        let msg = micro_tokens * s.h * 2.0;
        mp_comm += per_replica_micro * ars * (alpha + 2.0 * (tpf - 1.0) / tpf * msg / link_bw(tpf));
    }
    if ep > 1 && s.moe_layers > 0.0 {
        let moe_per_stage = s.moe_layers / ppf;
        let msg = micro_tokens / tpf * s.top_k * s.h * 2.0 * (epf - 1.0) / epf;
        mp_comm += per_replica_micro * moe_per_stage * 4.0 * (alpha + msg / link_bw(epf));
    }
    if pp > 1 {
        mp_comm += per_replica_micro * 2.0 * (alpha + micro_tokens * s.h * 2.0 / link_bw(gpus));
    }
    // Data-parallel gradient reduction (bf16 grads), overlapped with the backward pass.
    let non_expert = p.total - p.routed_experts;
    let params_chip = non_expert / (tpf * ppf) + p.routed_experts / (epf * ppf);
    let mut exposed_dp = 0.0;
    if dp > 1 {
        let bytes = params_chip * 2.0;
        let n = dpf * tpf * ppf;
        let t = 2.0 * (dpf - 1.0) / dpf * bytes / link_bw(n) + 2.0 * (dpf - 1.0).log2().max(1.0) * alpha;
        let backward = compute_s * 2.0 / 3.0;
        exposed_dp = (t - 0.8 * backward).max(0.05 * t);
    }
    let step = compute_s + bubble_s + mp_comm + exposed_dp;

    // Memory.
    let bytes_per_param = match req.zero {
        ZeroStage::Zero0 => 16.0,
        ZeroStage::Zero1 => 4.0 + 12.0 / dpf,
        ZeroStage::Zero2 => 2.0 + 14.0 / dpf,
        ZeroStage::Zero3 => 16.0 / dpf,
    };
    let model_states = params_chip * bytes_per_param;
    let b = f64::from(req.micro_batch);
    let act_layer = match req.recompute {
        Recompute::None => seq * b * s.h * (34.0 + 5.0 * s.heads * seq / s.h) / tpf,
        Recompute::Selective => seq * b * s.h * 34.0 / tpf,
        Recompute::Full => seq * b * s.h * 2.0,
    };
    let in_flight = ppf.min(micro_batches);
    let activations = act_layer * layers_per_stage * in_flight + seq * b * s.vocab / tpf * 4.0;
    let reserve = 3e9;
    let total = model_states + activations + reserve;
    let fits = total <= chip.capacity * 0.95;
    let mut notes = Vec::new();
    if !fits {
        notes.push(format!("needs {:.1} GB per chip of {:.1} GB", total / 1e9, chip.capacity / 1e9));
    }
    if cp != req.precision {
        notes.push(format!("{} is not native on this chip: math runs in {cp}", req.precision));
    }
    let tokens_per_s = tokens / step;
    let mfu = tokens_per_s * model_flops / (gpus * peak);
    let _ = peak16;
    Ok(TrainingPrediction {
        chip: hw.name.clone(),
        model: model.id.clone(),
        tp,
        pp,
        ep,
        dp,
        step_time_s: step,
        mfu,
        memory_gb_per_chip: total / 1e9,
        memory: TrainingMemory {
            model_states: model_states / 1e9,
            activations: activations / 1e9,
            reserve: reserve / 1e9,
            total: total / 1e9,
            capacity: chip.capacity / 1e9,
        },
        fits,
        time_to_train_s: req.tokens.filter(|t| t.is_finite() && *t > 0.0).map(|t| t / tokens * step),
        tokens_per_s,
        model_tflops_per_chip: tokens_per_s * model_flops / gpus / 1e12,
        compute_s,
        bubble_s,
        model_parallel_comm_s: mp_comm,
        exposed_dp_comm_s: exposed_dp,
        notes,
    })
}
