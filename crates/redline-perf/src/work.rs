//! The per-chip work of one engine step, as roofline terms, before efficiencies are applied.
//!
//! A [`Work`] is a short fixed-size list of operations (FLOPs and bytes already converted to
//! seconds at peak) plus counts of fixed costs. Keeping efficiencies out of it lets the
//! validation harness build each measured row once and re-evaluate it cheaply while fitting.

use serde::Serialize;

use crate::engine::Efficiency;

/// Operation classes reported in the per-op breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OpClass {
    /// Q/K/V (MLA: down/up) projections.
    QkvProj,
    /// MLA latent up-projection or weight absorption (kv_b_proj).
    MlaUpProj,
    /// Attention core (scores and values) over the KV cache.
    Attention,
    /// Attention output projection.
    OProj,
    /// Dense SwiGLU MLP.
    Mlp,
    /// Routed experts.
    MoeExperts,
    /// Shared experts.
    SharedExperts,
    /// MoE router.
    Router,
    /// Norms, residual adds, rotary embedding.
    Elementwise,
    /// Token embedding lookup.
    Embedding,
    /// LM head and logits.
    LmHead,
}

impl OpClass {
    /// Number of classes.
    pub const COUNT: usize = 11;
    /// Every class, in report order.
    pub const ALL: [OpClass; Self::COUNT] = [
        OpClass::QkvProj,
        OpClass::MlaUpProj,
        OpClass::Attention,
        OpClass::OProj,
        OpClass::Mlp,
        OpClass::MoeExperts,
        OpClass::SharedExperts,
        OpClass::Router,
        OpClass::Elementwise,
        OpClass::Embedding,
        OpClass::LmHead,
    ];
    fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Roof {
    pub class: OpClass,
    /// FLOPs (for the report).
    pub flops: f64,
    /// Bytes (for the report).
    pub bytes: f64,
    /// Seconds at the chip's achievable FLOP/s for the op (hardware layer).
    pub ft: f64,
    /// Seconds at the chip's achievable streaming bandwidth.
    pub bt: f64,
    /// Seconds at the datasheet peak FLOP/s: no kernel quality makes an op faster.
    pub ft0: f64,
    /// Seconds at the datasheet bandwidth.
    pub bt0: f64,
}

/// A datasheet rate and the fraction of it the chip achieves (hardware layer).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rate {
    pub peak: f64,
    pub frac: f64,
}

impl Rate {
    pub fn new(peak: f64, frac: f64) -> Rate {
        Rate { peak, frac }
    }
}

const MAX_OPS: usize = 16;

/// One step's per-chip work.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Work {
    ops: [Roof; MAX_OPS],
    len: usize,
    /// Engine steps (fixed per-step cost count).
    pub steps: f64,
    /// Layer executions (fixed per-layer cost count).
    pub layer_steps: f64,
    /// Sequences handled per step (per-sequence host cost count).
    pub seq_steps: f64,
    /// Collectives (fixed latency count, already weighted for slow links).
    pub collectives: f64,
    /// Bandwidth time of collectives, seconds (link efficiency applied).
    pub comm_s: f64,
    /// Multiplier on the whole step (pipeline fill for prefill).
    pub scale: f64,
}

/// Time of one step split by what bounds it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StepTime {
    pub compute_s: f64,
    pub memory_s: f64,
    pub comm_s: f64,
    pub overhead_s: f64,
    pub by_class: [f64; OpClass::COUNT],
}

impl StepTime {
    pub fn total(&self) -> f64 {
        self.compute_s + self.memory_s + self.comm_s + self.overhead_s
    }
}

impl Work {
    pub fn new() -> Work {
        Work {
            ops: [Roof { class: OpClass::Elementwise, flops: 0.0, bytes: 0.0, ft: 0.0, bt: 0.0, ft0: 0.0, bt0: 0.0 };
                MAX_OPS],
            len: 0,
            steps: 0.0,
            layer_steps: 0.0,
            seq_steps: 0.0,
            collectives: 0.0,
            comm_s: 0.0,
            scale: 1.0,
        }
    }

    /// Adds `mult` executions of an op with `flops` at `peak` FLOP/s and `bytes` at `bw` B/s
    /// (each a datasheet rate and the chip's achievable fraction of it).
    pub fn add(&mut self, class: OpClass, mult: f64, flops: f64, peak: Rate, bytes: f64, bw: Rate) {
        if mult <= 0.0 || self.len == MAX_OPS {
            return;
        }
        let (ft0, bt0) = (mult * flops / peak.peak, mult * bytes / bw.peak);
        self.ops[self.len] =
            Roof { class, flops: mult * flops, bytes: mult * bytes, ft: ft0 / peak.frac, bt: bt0 / bw.frac, ft0, bt0 };
        self.len += 1;
    }

    pub fn ops(&self) -> &[Roof] {
        &self.ops[..self.len]
    }

    /// Roofline part only (the sum over ops of the slower of compute and memory).
    pub fn roofline(&self, compute_eff: f64, memory_eff: f64) -> f64 {
        let mut t = 0.0;
        for op in self.ops() {
            t += (op.ft / compute_eff).max(op.ft0).max((op.bt / memory_eff).max(op.bt0));
        }
        (t + self.comm_s) * self.scale
    }

    pub fn eval(&self, e: &Efficiency) -> StepTime {
        let mut st = StepTime::default();
        for op in self.ops() {
            // Kernel quality times the hardware fraction never exceeds the datasheet peak.
            let c = (op.ft / e.compute_efficiency).max(op.ft0);
            let m = (op.bt / e.memory_efficiency).max(op.bt0);
            if c >= m {
                st.compute_s += c;
            } else {
                st.memory_s += m;
            }
            st.by_class[op.class.index()] += c.max(m);
        }
        st.comm_s = self.comm_s + self.collectives * e.collective_latency_us * 1e-6;
        st.overhead_s = (self.steps * e.step_overhead_us
            + self.layer_steps * e.layer_overhead_us
            + self.seq_steps * e.sequence_overhead_us)
            * 1e-6;
        if self.scale != 1.0 {
            st.compute_s *= self.scale;
            st.memory_s *= self.scale;
            st.comm_s *= self.scale;
            st.overhead_s *= self.scale;
            for c in &mut st.by_class {
                *c *= self.scale;
            }
        }
        st
    }
}
