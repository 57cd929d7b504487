//! Inference: prefill and decode per layer, memory fit, waves beyond the memory limit.

use serde::{Deserialize, Serialize};

use crate::engine::{Efficiency, Engine, EngineProfile, engine_profile};
use crate::error::bad_request;
use crate::hardware::Chip;
use crate::model::{ModelConfig, Shapes};
use crate::work::{OpClass, StepTime, Work};
use crate::{Hardware, PerfError, Precision};

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

/// Which resource dominates a phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bound {
    /// Matrix math at the achieved FLOP/s.
    Compute,
    /// DRAM traffic at the achieved bandwidth.
    Memory,
    /// Collectives between chips.
    Communication,
    /// Fixed per-step and per-layer costs.
    Overhead,
}

/// One op class's share of a phase.
#[derive(Debug, Clone, Serialize)]
pub struct OpReport {
    /// Op class.
    pub op: OpClass,
    /// FLOPs per chip.
    pub flops: f64,
    /// Bytes moved per chip.
    pub bytes: f64,
    /// Seconds.
    pub time_s: f64,
}

/// Timing of one phase (prefill: whole prompt batch; decode: one step at the mean context).
#[derive(Debug, Clone, Serialize)]
pub struct PhaseReport {
    /// Seconds.
    pub time_s: f64,
    /// Dominant resource.
    pub bound: Bound,
    /// Seconds in compute-bound ops.
    pub compute_s: f64,
    /// Seconds in memory-bound ops.
    pub memory_s: f64,
    /// Seconds in collectives.
    pub communication_s: f64,
    /// Seconds of fixed overhead.
    pub overhead_s: f64,
    /// Per-op breakdown.
    pub ops: Vec<OpReport>,
}

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

/// The parallel layout actually used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Parallelism {
    /// Tensor parallel.
    pub tp: u32,
    /// Pipeline parallel.
    pub pp: u32,
    /// Expert parallel.
    pub ep: u32,
    /// Data-parallel replicas (attention replicas when ep > tp).
    pub dp: u32,
}

/// Everything predicted for one request. Field names are the CLI's JSON contract.
#[derive(Debug, Clone, Serialize)]
pub struct InferencePrediction {
    /// Chip name.
    pub chip: String,
    /// Model id.
    pub model: String,
    /// Engine.
    pub engine: Engine,
    /// Chip family whose fitted factors were used ("default" when the pooled fallback was).
    pub efficiency_source: String,
    /// Factors used.
    pub efficiency: Efficiency,
    /// Chips.
    pub gpus: u32,
    /// Layout.
    pub parallelism: Parallelism,
    /// Sequences run (whole system).
    pub batch: u32,
    /// Largest batch (whole system) that fits in memory and the engine's batch limit.
    pub max_batch: u32,
    /// Whether `batch` fits at once; when false it runs in `waves` (queueing).
    pub fits: bool,
    /// Sequential waves the batch runs in (1 when it fits).
    pub waves: u32,
    /// Prompt tokens per sequence.
    pub input_len: u32,
    /// Generated tokens per sequence.
    pub output_len: u32,
    /// Weight format.
    pub precision: Precision,
    /// Format the weights are stored in (differs from `precision` when the chip lacks it; see `notes`).
    pub weight_precision: Precision,
    /// Format the matrix units run in.
    pub compute_precision: Precision,
    /// KV-cache format.
    pub kv_precision: Precision,
    /// Whole batch: all waves, prefill plus all decode steps, seconds. None (JSON null) when not
    /// even one sequence fits in memory, like every latency and throughput below.
    pub latency_s: Option<f64>,
    /// Time to first token of the first wave (no queueing), seconds.
    pub ttft_s: Option<f64>,
    /// Mean wait before a sequence's wave starts (queueing beyond the memory limit), seconds.
    pub queue_wait_s: f64,
    /// Mean time per output token after the first, in the first wave, seconds.
    pub tpot_s: Option<f64>,
    /// Output tokens per second, whole system.
    pub output_tokens_per_s: Option<f64>,
    /// Input plus output tokens per second, whole system.
    pub total_tokens_per_s: Option<f64>,
    /// Output tokens per second per chip.
    pub output_tokens_per_s_per_chip: Option<f64>,
    /// Input plus output tokens per second per chip.
    pub total_tokens_per_s_per_chip: Option<f64>,
    /// Output tokens per second seen by one sequence (1 / TPOT).
    pub output_tokens_per_s_per_user: Option<f64>,
    /// Memory per chip.
    pub memory_gb: MemoryBreakdown,
    /// Prefill of the first wave.
    pub prefill: PhaseReport,
    /// One decode step of the first wave at the mean context length.
    pub decode: PhaseReport,
    /// Warnings and assumptions worth showing.
    pub notes: Vec<String>,
}

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

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Resolves the parallel layout, applying the documented defaults.
///
/// `gpus` alone means tensor parallelism over all chips for dense models. For MoE models it
/// means attention TP over the largest divisor of `gpus` that divides the head count, and expert
/// parallelism over all chips when the expert count allows (else over the TP group).
///
/// # Errors
/// [`PerfError::InvalidRequest`] naming the field when the layout is impossible.
pub fn resolve_parallelism(model: &ModelConfig, req: &InferenceRequest) -> Result<Parallelism, PerfError> {
    let gpus = req.gpus;
    if gpus == 0 {
        return Err(bad_request("gpus", "must be at least 1"));
    }
    let pp = req.pp.unwrap_or(1);
    if pp == 0 {
        return Err(bad_request("pp", "must be at least 1"));
    }
    if !gpus.is_multiple_of(pp) {
        return Err(bad_request("pp", format!("{pp} does not divide gpus = {gpus}")));
    }
    if pp > model.layers {
        return Err(bad_request("pp", format!("{pp} exceeds the model's {} layers", model.layers)));
    }
    let per_stage = gpus / pp;
    let heads = model.heads();
    let tp = match req.tp {
        Some(0) => return Err(bad_request("tp", "must be at least 1")),
        Some(t) => t,
        None if model.is_moe() => gcd(per_stage, heads),
        None => per_stage,
    };
    if !per_stage.is_multiple_of(tp) {
        return Err(bad_request("tp", format!("{tp} does not divide gpus / pp = {per_stage}")));
    }
    if !heads.is_multiple_of(tp) {
        return Err(bad_request("tp", format!("{tp} does not divide the model's {heads} attention heads")));
    }
    let dp = per_stage / tp;
    let ep = match (req.ep, model.moe) {
        (Some(0), _) => return Err(bad_request("ep", "must be at least 1")),
        (Some(e), None) if e > 1 => {
            return Err(bad_request("ep", format!("{e} given but model `{}` has no experts", model.id)));
        }
        (_, None) => 1,
        (Some(e), Some(_)) => e,
        (None, Some(m)) => {
            if m.experts % per_stage == 0 {
                per_stage
            } else if m.experts % tp == 0 {
                tp
            } else {
                1
            }
        }
    };
    if let Some(m) = model.moe {
        if ep > m.experts {
            return Err(bad_request("ep", format!("{ep} exceeds the model's {} experts", m.experts)));
        }
        if ep <= tp {
            if tp % ep != 0 {
                return Err(bad_request("ep", format!("{ep} does not divide tp = {tp}")));
            }
        } else if ep % tp != 0 || !dp.is_multiple_of(ep / tp) {
            return Err(bad_request(
                "ep",
                format!("{ep} must be tp ({tp}) times a divisor of the {dp} attention replicas per stage"),
            ));
        }
    }
    Ok(Parallelism { tp, pp, ep, dp })
}

/// Everything about one request that does not depend on the fitted factors.
#[derive(Debug, Clone)]
pub(crate) struct Built {
    pub par: Parallelism,
    pub plan: Plan,
    pub batch: u32,
    pub max_batch_per_replica: u32,
    pub fits: bool,
    /// (count, sequences per replica, prefill work, decode-step work) per wave kind.
    pub waves: [(u32, u32, Work, Work); 2],
    pub wave_kinds: usize,
    pub decode_steps: f64,
    pub memory: MemoryBreakdown,
    pub weights_fit: bool,
    pub notes: Vec<String>,
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

/// Mean over decode steps i = 1..n of min(input + i, window).
fn mean_window_ctx(input: f64, n: f64, window: f64) -> f64 {
    if n <= 0.0 {
        return input.min(window);
    }
    let a = input + 1.0;
    let b = input + n;
    let sum = if b <= window {
        (a + b) * n / 2.0
    } else if a >= window {
        window * n
    } else {
        let k = window - a + 1.0; // steps up to and including the window
        (a + window) * k / 2.0 + (n - k) * window
    };
    sum / n
}

/// Formats a chip may fall back to when it lacks the requested one, nearest first.
fn fallbacks(p: Precision) -> &'static [Precision] {
    use Precision::{Bf16, Fp4, Fp6, Fp8, Fp16, Int8};
    match p {
        Fp4 => &[Fp6, Fp8, Int8, Bf16, Fp16],
        Fp6 => &[Fp8, Int8, Bf16, Fp16],
        Fp8 => &[Int8, Bf16, Fp16],
        Int8 => &[Fp8, Bf16, Fp16],
        Bf16 => &[Fp16],
        Fp16 => &[Bf16],
        _ => &[],
    }
}

/// The weight storage format, the matrix format and its peak for a request. Weight-only formats
/// (int4, or any format with `weight_only`) keep the requested storage and compute in 16-bit. A
/// format the chip cannot compute in runs in the nearest one it can, weights included, with a
/// note naming both.
fn resolve_formats(
    hw: &Hardware,
    req: &InferenceRequest,
    notes: &mut Vec<String>,
) -> Result<(Precision, Precision, f64), PerfError> {
    let want = req.precision;
    if req.weight_only || want == Precision::Int4 {
        let (c, peak) = hw.compute_peak(Precision::Bf16)?;
        notes.push(format!("weight-only {want}: weights stored in {want}, matrix math in {c}"));
        return Ok((want, c, peak));
    }
    if let Some(peak) = hw.peak(want) {
        return Ok((want, want, peak));
    }
    for f in fallbacks(want) {
        if let Some(peak) = hw.peak(*f) {
            notes.push(format!(
                "{want} requested but {} lists no dense {want} peak: computed in {f} (weights and math); --weight-only keeps {want} weights with 16-bit math",
                hw.name
            ));
            return Ok((*f, *f, peak));
        }
    }
    Err(PerfError::UnsupportedPrecision { chip: hw.name.clone(), precision: want.to_string() })
}

/// Builds a request's work and memory plan (no efficiencies yet).
pub(crate) fn build(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
    profile: &EngineProfile,
) -> Result<Built, PerfError> {
    let chip = hw.chip()?;
    let par = resolve_parallelism(model, req)?;
    if req.input_len == 0 {
        return Err(bad_request("input_len", "must be at least 1 token"));
    }
    if req.output_len == 0 {
        return Err(bad_request("output_len", "must be at least 1 token"));
    }
    if let Batch::Fixed(0) = req.batch {
        return Err(bad_request("batch", "must be at least 1 sequence (or `max`)"));
    }
    let mut notes = Vec::new();
    let (weight_precision, compute_precision, peak) = resolve_formats(hw, req, &mut notes)?;
    let peak16 = hw.peak_16bit().unwrap_or(peak);
    let kv_precision =
        req.kv_precision.unwrap_or(if req.precision == Precision::Fp16 { Precision::Fp16 } else { Precision::Bf16 });
    let s = model.shapes();
    let group = f64::from(par.tp.max(par.ep));
    let plan = Plan {
        tp: f64::from(par.tp),
        pp: f64::from(par.pp),
        ep: par.ep,
        group,
        w_bytes: weight_precision.bytes(),
        kv_bytes: kv_precision.bytes(),
        a_bytes: 2.0,
        peak,
        peak16,
        compute_precision,
        weight_precision,
        kv_precision,
        chip,
        comm_eff: profile.comm_efficiency,
        gpus: f64::from(req.gpus),
    };

    // Memory per chip.
    let params = model.params();
    let (tp, pp) = (plan.tp, plan.pp);
    let non_expert = params.attention + params.dense_mlp + params.shared_experts_and_router;
    let emb_share = if par.pp > 1 { 0.5 } else { 1.0 };
    let weights = non_expert / (tp * pp) * plan.w_bytes
        + params.routed_experts / (group * pp) * plan.w_bytes
        + params.embeddings / tp * 2.0 * emb_share;
    let ctx = f64::from(req.input_len) + f64::from(req.output_len);
    let kv_local = if s.kv_replicated { 1.0 } else { (s.kv_heads / tp).max(1.0) / s.kv_heads };
    let kv_per_seq =
        s.kv_elems * kv_local * plan.kv_bytes * (s.full_layers * ctx + s.window_layers * ctx.min(s.window)) / pp;
    let chunk = f64::from(profile.prefill_chunk_tokens.max(1));
    let ffn_local = s.dense_ffn.max(s.expert_ffn * s.top_k) / tp;
    let activations = chunk * (4.0 * s.h + 3.0 * ffn_local + 4.0 * s.q_dim / tp) * plan.a_bytes;
    let reserve = profile.reserve_gb * 1e9;
    let usable = chip.capacity * profile.memory_utilization;
    let avail = usable - reserve - weights - activations;
    let weights_fit = avail > 0.0;
    let mut b_max = if weights_fit { (avail / kv_per_seq).floor() } else { 0.0 };
    b_max = b_max.min(f64::from(profile.max_batch)).min(1e7);
    let b_max = b_max as u32;
    if !weights_fit {
        notes.push(format!(
            "weights ({:.1} GB per chip) plus reserve and activations exceed the usable {:.1} GB: the model does not fit on {} chip(s) with this layout",
            weights / 1e9,
            usable / 1e9,
            req.gpus
        ));
    }

    let batch = match req.batch {
        Batch::Fixed(b) => b,
        Batch::Max => (b_max.max(1)).saturating_mul(par.dp),
    };
    let per_replica = batch.div_ceil(par.dp);
    let (fits, kinds): (bool, [(u32, u32); 2]) = if b_max == 0 {
        (false, [(1, per_replica), (0, 0)])
    } else if per_replica <= b_max {
        (true, [(1, per_replica), (0, 0)])
    } else {
        let full = per_replica / b_max;
        let rest = per_replica % b_max;
        notes.push(format!(
            "batch {per_replica} per replica exceeds the {b_max} sequences that fit: runs in {} waves (queueing)",
            full + u32::from(rest > 0)
        ));
        (false, [(full, b_max), (u32::from(rest > 0), rest)])
    };
    let input = f64::from(req.input_len);
    let steps = f64::from(req.output_len - 1);
    let kv_full = input + (steps + 1.0) / 2.0;
    let kv_window = mean_window_ctx(input, steps, s.window);
    let mut waves = [(0, 0, Work::new(), Work::new()); 2];
    let mut wave_kinds = 0;
    for (count, seqs) in kinds {
        if count == 0 || seqs == 0 {
            continue;
        }
        let b = f64::from(seqs);
        let pre = step_work(&s, &plan, b, Phase::Prefill { len: input });
        let dec = step_work(&s, &plan, b, Phase::Decode { kv_full, kv_window });
        waves[wave_kinds] = (count, seqs, pre, dec);
        wave_kinds += 1;
    }
    let first = f64::from(waves[0].1);
    let kv_cache = kv_per_seq * first;
    let memory = MemoryBreakdown {
        weights: weights / 1e9,
        kv_cache: kv_cache / 1e9,
        activations: activations / 1e9,
        reserve: reserve / 1e9,
        total: (weights + kv_cache + activations + reserve) / 1e9,
        capacity: chip.capacity / 1e9,
        usable: usable / 1e9,
    };
    if let Some(maxpos) = model.max_position_embeddings
        && ctx > maxpos as f64
    {
        notes.push(format!("context {ctx} exceeds the model's max_position_embeddings {maxpos}"));
    }
    Ok(Built {
        par,
        plan,
        batch,
        max_batch_per_replica: b_max,
        fits,
        waves,
        wave_kinds,
        decode_steps: steps,
        memory,
        weights_fit,
        notes,
    })
}

impl Built {
    /// Whole-batch latency with the given factors.
    pub fn latency(&self, e: &Efficiency) -> f64 {
        let mut t = 0.0;
        for (count, _, pre, dec) in &self.waves[..self.wave_kinds] {
            t += f64::from(*count) * (pre.eval(e).total() + self.decode_steps * dec.eval(e).total());
        }
        t
    }

    /// Linear decomposition of latency: roofline(ηc, ηm) + steps·c0 + layers·c1 + collectives·α + sequences·c_seq.
    pub fn decompose(&self) -> impl Iterator<Item = (f64, &Work)> + '_ {
        self.waves[..self.wave_kinds].iter().flat_map(move |(count, _, pre, dec)| {
            let c = f64::from(*count);
            [(c, pre), (c * self.decode_steps, dec)]
        })
    }
}

fn phase_report(st: &StepTime, w: &Work) -> PhaseReport {
    let total = st.total();
    let mut bound = Bound::Compute;
    let mut best = st.compute_s;
    for (b, v) in [(Bound::Memory, st.memory_s), (Bound::Communication, st.comm_s), (Bound::Overhead, st.overhead_s)] {
        if v > best {
            best = v;
            bound = b;
        }
    }
    let mut ops = Vec::with_capacity(OpClass::COUNT);
    for (i, class) in OpClass::ALL.iter().enumerate() {
        let (mut flops, mut bytes) = (0.0, 0.0);
        let mut any = false;
        for op in w.ops().iter().filter(|o| o.class == *class) {
            flops += op.flops;
            bytes += op.bytes;
            any = true;
        }
        if any {
            ops.push(OpReport { op: *class, flops, bytes, time_s: st.by_class[i] });
        }
    }
    PhaseReport {
        time_s: total,
        bound,
        compute_s: st.compute_s,
        memory_s: st.memory_s,
        communication_s: st.comm_s,
        overhead_s: st.overhead_s,
        ops,
    }
}

/// Predicts one inference request.
///
/// # Errors
/// [`PerfError::InvalidHardware`] for missing/zero/NaN chip fields, [`PerfError::InvalidRequest`]
/// for impossible layouts or lengths, [`PerfError::UnsupportedPrecision`] when the chip has no
/// usable format.
///
/// # Example
/// ```
/// use redline_perf::{predict_inference, zoo_model, Hardware, InferenceRequest, Precision};
/// let mut hw = Hardware { name: "H100 SXM".into(), family: "hopper".into(), ..Default::default() };
/// hw.dense_tflops.insert(Precision::Bf16, 989.5);
/// hw.memory_bandwidth_gbs = Some(3350.0);
/// hw.memory_capacity_gb = Some(80.0);
/// let p = predict_inference(&hw, zoo_model("llama-3.1-8b")?, &InferenceRequest::default())?;
/// assert!(p.fits && p.tpot_s.is_some_and(|t| t > 0.0));
/// # Ok::<(), redline_perf::PerfError>(())
/// ```
pub fn predict_inference(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
) -> Result<InferencePrediction, PerfError> {
    predict_with_profile(hw, model, req, engine_profile(req.engine))
}

/// [`predict_inference`] with an explicit engine profile (for fitting and what-ifs).
///
/// # Errors
/// As [`predict_inference`].
pub fn predict_with_profile(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
    profile: &EngineProfile,
) -> Result<InferencePrediction, PerfError> {
    let (source, fit) = profile.fit_for(&hw.family);
    let eff = fit.efficiency;
    let (req, layout_note) = choose_layout(hw, model, req, profile)?;
    let built = build(hw, model, &req, profile)?;
    let mut p = assemble(hw, model, &req, &built, &eff, source);
    if let Some(n) = layout_note {
        p.notes.insert(0, n);
    }
    if p.max_batch == 0
        && let Some(n) = suggest_fit(hw, model, &req, profile)
    {
        p.notes.push(n);
    }
    if let Some(note) = unprofiled_stack_note(&hw.family, req.engine, profile) {
        p.notes.push(note);
    }
    Ok(p)
}

fn layout_name(tp: u32, pp: u32, ep: u32, dp: u32) -> String {
    let mut s = format!("tp {tp}");
    if pp > 1 {
        s.push_str(&format!(" × pp {pp}"));
    }
    if ep > 1 {
        s.push_str(&format!(", ep {ep}"));
    }
    if dp > 1 {
        s.push_str(&format!(", dp {dp}"));
    }
    s
}

/// The layouts engines deploy on `gpus` chips: tensor parallelism inside the scale-up domain,
/// pipeline stages or data-parallel replicas across domains, and for MoE models expert
/// parallelism over the replicas (attention-DP; for MLA models attention-DP from one chip).
fn candidate_layouts(model: &ModelConfig, gpus: u32, domain: u32) -> Vec<(u32, u32, Option<u32>)> {
    let heads = model.heads();
    // Largest TP that divides the chips, the heads, and stays inside the domain.
    let tp_in = |n: u32| (1..=n.min(domain.max(1))).rev().find(|t| n.is_multiple_of(*t) && heads.is_multiple_of(*t));
    let mut out = Vec::new();
    let mut push = |c: (u32, u32, Option<u32>)| {
        if !out.contains(&c) {
            out.push(c);
        }
    };
    let Some(t) = tp_in(gpus) else { return out };
    let moe = model.moe;
    let ep_all = |n: u32| moe.filter(|m| m.experts.is_multiple_of(n)).map(|_| n);
    // TP inside the domain, data-parallel replicas beyond it (experts over all chips for MoE).
    push((t, 1, if moe.is_some() { ep_all(gpus).or(Some(t)) } else { None }));
    // TP inside the domain, pipeline stages across domains.
    let stages = gpus / t;
    if stages > 1 && stages <= model.layers {
        push((t, stages, moe.map(|m| if m.experts.is_multiple_of(t) { t } else { 1 })));
    }
    // Smaller TP groups with more data-parallel replicas (throughput when the model fits).
    let mut smaller = t / 2;
    while smaller >= 1 {
        if gpus.is_multiple_of(smaller) && heads.is_multiple_of(smaller) {
            push((smaller, 1, if moe.is_some() { ep_all(gpus).or(Some(smaller)) } else { None }));
        }
        smaller /= 2;
    }
    if moe.is_some() {
        // Expert-TP inside each replica.
        if t > 1 && ep_all(t).is_some() {
            push((t, 1, Some(t)));
        }
        // Attention-DP (one chip per attention replica) with experts over all chips.
        if matches!(model.attention, crate::Attention::Mla { .. })
            && let Some(e) = ep_all(gpus)
        {
            push((1, 1, Some(e)));
        }
    }
    out
}

/// For a request that leaves the layout open (no tp, pp or ep) on several chips: the fastest
/// of [`candidate_layouts`] at this batch (the first when none fits), and a note saying which.
pub(crate) fn choose_layout(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
    profile: &EngineProfile,
) -> Result<(InferenceRequest, Option<String>), PerfError> {
    if req.gpus <= 1 || req.tp.is_some() || req.pp.is_some() || req.ep.is_some() {
        return Ok((req.clone(), None));
    }
    let domain = hw.chip()?.domain;
    let eff = profile.efficiency(&hw.family).efficiency;
    let mut best: Option<(f64, InferenceRequest, Parallelism)> = None;
    let mut tried = Vec::new();
    for (tp, pp, ep) in candidate_layouts(model, req.gpus, domain) {
        let r = InferenceRequest { tp: Some(tp), pp: Some(pp), ep, ..req.clone() };
        let Ok(built) = build(hw, model, &r, profile) else { continue };
        let par = built.par;
        tried.push(layout_name(par.tp, par.pp, par.ep, par.dp));
        let score = if built.max_batch_per_replica == 0 {
            -1.0
        } else {
            let latency = built.latency(&eff);
            f64::from(built.batch) / latency
        };
        if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
            best = Some((score, r, par));
        }
    }
    let Some((_, r, par)) = best else { return Ok((req.clone(), None)) };
    let note = (tried.len() > 1).then(|| {
        format!(
            "layout {} chosen as the fastest at this batch of: {}",
            layout_name(par.tp, par.pp, par.ep, par.dp),
            tried.join("; ")
        )
    });
    Ok((r, note))
}

/// When nothing fits: the smallest system (doubling the chips, default layouts) that would hold
/// at least one sequence, as a note.
fn suggest_fit(hw: &Hardware, model: &ModelConfig, req: &InferenceRequest, profile: &EngineProfile) -> Option<String> {
    let mut gpus = req.gpus;
    for _ in 0..8 {
        gpus = gpus.checked_mul(2)?;
        let r = InferenceRequest { gpus, tp: None, pp: None, ep: None, batch: Batch::Fixed(1), ..req.clone() };
        let Ok((r, _)) = choose_layout(hw, model, &r, profile) else { continue };
        if let Ok(b) = build(hw, model, &r, profile)
            && b.max_batch_per_replica > 0
        {
            let par = b.par;
            return Some(format!(
                "would fit on {gpus} chips with layout {} (max batch {})",
                layout_name(par.tp, par.pp, par.ep, par.dp),
                b.max_batch_per_replica.saturating_mul(par.dp)
            ));
        }
    }
    None
}

/// Families whose chips run the CUDA or ROCm builds of the engines the profiles were fitted on:
/// a chip of one of these inherits the engine's stack, fitted or pooled.
const CUDA_ROCM_FAMILIES: [&str; 7] = ["ampere", "hopper", "blackwell", "ada", "cdna2", "cdna3", "cdna4"];

/// A note when the chip's own software stack has no fitted profile: the numbers then rest on
/// factors measured on other vendors' stacks, which the reader must be told.
fn unprofiled_stack_note(family: &str, engine: Engine, profile: &EngineProfile) -> Option<String> {
    let fam = family.to_ascii_lowercase();
    if engine == Engine::Ideal || profile.families.contains_key(&fam) || CUDA_ROCM_FAMILIES.contains(&fam.as_str()) {
        return None;
    }
    Some(format!(
        "no performance profile for this chip's software stack (family '{fam}'): {engine}'s pooled efficiency \
         factors, fitted on other vendors' chips, are used, so the figures show the hardware under a mature \
         stack, not what its own software achieves"
    ))
}

pub(crate) fn assemble(
    hw: &Hardware,
    model: &ModelConfig,
    req: &InferenceRequest,
    built: &Built,
    eff: &Efficiency,
    source: String,
) -> InferencePrediction {
    let (count0, seqs0, pre0, dec0) = &built.waves[0];
    let pre_t = pre0.eval(eff);
    let dec_t = dec0.eval(eff);
    let ttft = pre_t.total();
    let tpot = dec_t.total();
    let mut latency = 0.0;
    let mut waited = 0.0; // sum over sequences of their wave's start time
    let mut clock = 0.0;
    let mut nwaves = 0;
    for (count, seqs, pre, dec) in &built.waves[..built.wave_kinds] {
        let wave_time = pre.eval(eff).total() + built.decode_steps * dec.eval(eff).total();
        for _ in 0..*count {
            waited += clock * f64::from(*seqs);
            clock += wave_time;
        }
        latency += f64::from(*count) * wave_time;
        nwaves += count;
    }
    let _ = (count0, seqs0);
    let per_replica_seqs: f64 =
        built.waves[..built.wave_kinds].iter().map(|(c, s, _, _)| f64::from(*c) * f64::from(*s)).sum();
    let queue_wait = if per_replica_seqs > 0.0 { waited / per_replica_seqs } else { 0.0 };
    let batch = f64::from(built.batch);
    let out_tokens = batch * f64::from(req.output_len);
    let all_tokens = batch * (f64::from(req.output_len) + f64::from(req.input_len));
    let gpus = f64::from(req.gpus);
    // Nothing fits: no latency or throughput is claimed (the work is still reported per op).
    let runs = built.max_batch_per_replica > 0;
    let safe = |x: f64| runs.then_some(if x.is_finite() { x } else { 0.0 });
    InferencePrediction {
        chip: hw.name.clone(),
        model: model.id.clone(),
        engine: req.engine,
        efficiency_source: source,
        efficiency: *eff,
        gpus: req.gpus,
        parallelism: built.par,
        batch: built.batch,
        max_batch: built.max_batch_per_replica.saturating_mul(built.par.dp),
        fits: built.fits,
        waves: nwaves,
        input_len: req.input_len,
        output_len: req.output_len,
        precision: req.precision,
        weight_precision: built.plan.weight_precision,
        compute_precision: built.plan.compute_precision,
        kv_precision: built.plan.kv_precision,
        latency_s: safe(latency),
        ttft_s: safe(ttft),
        queue_wait_s: if runs { queue_wait } else { 0.0 },
        tpot_s: safe(tpot),
        output_tokens_per_s: safe(out_tokens / latency),
        total_tokens_per_s: safe(all_tokens / latency),
        output_tokens_per_s_per_chip: safe(out_tokens / latency / gpus),
        total_tokens_per_s_per_chip: safe(all_tokens / latency / gpus),
        output_tokens_per_s_per_user: safe(1.0 / tpot),
        memory_gb: built.memory,
        prefill: phase_report(&pre_t, pre0),
        decode: phase_report(&dec_t, dec0),
        notes: built.notes.clone(),
    }
}
