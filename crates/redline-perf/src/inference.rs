//! Inference: one request's prediction from its built work and the fitted factors (latency,
//! TTFT, TPOT, tokens/s, memory, which resource bounds each phase, notes).

use serde::Serialize;

use crate::build::{Built, build};
use crate::engine::{Efficiency, Engine, EngineProfile, engine_profile, vendor_stack};
use crate::fit::MemoryBreakdown;
use crate::kernels::hardware_layer;
use crate::model::ModelConfig;
use crate::parallelism::{Parallelism, choose_layout, suggest_fit};
use crate::work::{OpClass, StepTime, Work};
use crate::{Hardware, InferenceRequest, PerfError, Precision};

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

/// Everything predicted for one request. Field names are the CLI's JSON contract.
#[derive(Debug, Clone, Serialize)]
pub struct InferencePrediction {
    /// Chip name.
    pub chip: String,
    /// Model id.
    pub model: String,
    /// Engine.
    pub engine: Engine,
    /// Whose software-layer factors were used: `"cuda stack"`, or `"default: ..."` (the
    /// prior for unmeasured stacks) when the chip's stack has no fit for the engine.
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
    let (source, fit) = profile.software_for(&hw.family, hw.chip_id.as_deref());
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
    if let Some(note) = unprofiled_stack_note(hw, req.engine, profile) {
        p.notes.push(note);
    }
    if req.engine != Engine::Ideal {
        let layer = hardware_layer(hw.chip_id.as_deref().unwrap_or(""), &hw.family);
        let mut formats = vec![built.plan.compute_precision];
        if built.plan.compute_precision != Precision::Bf16 {
            formats.push(Precision::Bf16);
        }
        p.notes.push(layer.note(&formats));
    }
    Ok(p)
}

/// A note when the chip's own software stack has no fitted profile: the numbers then rest on
/// the engine's prior for unmeasured stacks, which the reader must be told.
fn unprofiled_stack_note(hw: &Hardware, engine: Engine, profile: &EngineProfile) -> Option<String> {
    let fam = hw.family.to_ascii_lowercase();
    let stack = vendor_stack(&fam, hw.chip_id.as_deref());
    if engine == Engine::Ideal || profile.families.contains_key(&fam) || profile.stacks.contains_key(stack) {
        return None;
    }
    Some(format!(
        "no performance profile for this chip's software stack (family '{fam}', stack '{stack}'): {engine}'s prior \
         for unmeasured stacks is used with this chip's own hardware layer; held out the same way, the chips alone \
         on their stack came out too fast (`redline validate`), so read the figures as optimistic for this stack"
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
