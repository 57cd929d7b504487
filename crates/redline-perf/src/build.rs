//! A request's work and memory plan, built once before any efficiency factor is applied: the
//! layout, the formats, the memory fit, and the prefill/decode work of each wave.

use crate::engine::{Efficiency, EngineProfile};
use crate::error::bad_request;
use crate::fit::{MemoryBreakdown, memory_fit};
use crate::formats::resolve_formats;
use crate::model::ModelConfig;
use crate::parallelism::{Parallelism, resolve_parallelism};
use crate::step::{Phase, Plan, step_work};
use crate::work::Work;
use crate::{Batch, Hardware, InferenceRequest, PerfError, Precision};

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

    let ctx = f64::from(req.input_len) + f64::from(req.output_len);
    let fit = memory_fit(model, &s, &plan, &par, ctx, profile);
    let b_max = fit.max_batch;
    if !fit.weights_fit {
        notes.push(format!(
            "weights ({:.1} GB per chip) plus reserve and activations exceed the usable {:.1} GB: the model does not fit on {} chip(s) with this layout",
            fit.weights / 1e9,
            fit.usable / 1e9,
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
    let memory = fit.breakdown(f64::from(waves[0].1));
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
        weights_fit: fit.weights_fit,
        notes,
    })
}
