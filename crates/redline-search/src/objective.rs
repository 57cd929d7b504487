//! Objectives: what the performance model predicts for a workload, higher is better.
//!
//! * decode: output tokens/s of the whole system at the batch asked (waves when it does not
//!   fit at once);
//! * prefill: prompt tokens/s of the first wave (batch × input length ÷ its prefill time);
//! * train: training tokens/s of the whole system.
//!
//! A design on which the model cannot run (the weights do not fit) has no objective.
//! Optionally divided by board power or unit price (both from the design-space models).

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Serialize;

use redline_catalog::Chip;
use redline_perf::{
    Batch, Engine, Hardware, InferenceRequest, ModelConfig, Precision, TrainingRequest, predict_inference,
    predict_training, zoo_model,
};

use crate::SearchError;
use crate::space::Design;

/// The phase of LLM work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Token generation.
    Decode,
    /// Prompt processing.
    Prefill,
    /// Training.
    Train,
}

impl FromStr for Phase {
    type Err = SearchError;
    fn from_str(s: &str) -> Result<Phase, SearchError> {
        match s.to_ascii_lowercase().as_str() {
            "decode" => Ok(Phase::Decode),
            "prefill" => Ok(Phase::Prefill),
            "train" | "training" => Ok(Phase::Train),
            _ => Err(SearchError::Input(format!("unknown phase {s:?}: use decode, prefill or train"))),
        }
    }
}

/// Normalisation of the objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Per {
    /// The throughput itself.
    Chip,
    /// Per watt of board power.
    Watt,
    /// Per dollar of unit price.
    Dollar,
}

impl FromStr for Per {
    type Err = SearchError;
    fn from_str(s: &str) -> Result<Per, SearchError> {
        match s.to_ascii_lowercase().as_str() {
            "none" | "chip" | "system" => Ok(Per::Chip),
            "watt" | "w" | "power" => Ok(Per::Watt),
            "dollar" | "usd" | "price" => Ok(Per::Dollar),
            _ => Err(SearchError::Input(format!("unknown --per {s:?}: use watt or dollar"))),
        }
    }
}

/// A workload and how to score it.
#[derive(Clone, Debug, Serialize)]
pub struct Workload {
    /// Model id in the zoo.
    pub model_id: String,
    /// Phase.
    pub phase: Phase,
    /// Chips in the system.
    pub gpus: u32,
    /// Sequences (inference); None: the largest batch that fits.
    pub batch: Option<u32>,
    /// Prompt tokens (inference) or sequence length (training).
    pub input_len: u32,
    /// Generated tokens (inference).
    pub output_len: u32,
    /// Weight and matrix format.
    #[serde(serialize_with = "display")]
    pub precision: Precision,
    /// Inference engine profile.
    #[serde(serialize_with = "display")]
    pub engine: Engine,
    /// Normalisation.
    pub per: Per,
    #[serde(skip)]
    model: &'static ModelConfig,
}

fn display<T: std::fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

impl Workload {
    /// A workload with the defaults documented in docs/frontier.md for anything not given.
    ///
    /// # Errors
    /// [`SearchError::Input`] for an unknown model or impossible numbers.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        model_id: &str,
        phase: Phase,
        gpus: Option<u32>,
        batch: Option<u32>,
        input_len: Option<u32>,
        output_len: Option<u32>,
        precision: Option<&str>,
        engine: Option<&str>,
        per: Per,
    ) -> Result<Workload, SearchError> {
        let model = zoo_model(model_id).map_err(|e| SearchError::Input(e.to_string()))?;
        let precision =
            Precision::from_str(precision.unwrap_or("fp8")).map_err(|e| SearchError::Input(e.to_string()))?;
        let engine = Engine::from_str(engine.unwrap_or("trtllm")).map_err(|e| SearchError::Input(e.to_string()))?;
        let gpus = gpus.unwrap_or(if phase == Phase::Train { 1024 } else { 16 });
        if gpus == 0 || batch == Some(0) || input_len == Some(0) || output_len == Some(0) {
            return Err(SearchError::Input("--gpus, --batch, --input and --output must be at least 1".into()));
        }
        let batch = match phase {
            Phase::Train => None,
            _ => Some(batch.unwrap_or(64)),
        };
        let (input_len, output_len) = match phase {
            Phase::Train => (input_len.unwrap_or(4096), 0),
            _ => (input_len.unwrap_or(1024), output_len.unwrap_or(1024)),
        };
        Ok(Workload {
            model_id: model_id.to_string(),
            phase,
            gpus,
            batch,
            input_len,
            output_len,
            precision,
            engine,
            per,
            model,
        })
    }

    /// What the objective measures, for people.
    #[must_use]
    pub fn describe(&self) -> String {
        let what = match self.phase {
            Phase::Decode => format!(
                "decode output tokens/s, {} chips, batch {}, {} in / {} out",
                self.gpus,
                self.batch.unwrap_or(0),
                self.input_len,
                self.output_len
            ),
            Phase::Prefill => format!(
                "prefill prompt tokens/s, {} chips, batch {}, {} in",
                self.gpus,
                self.batch.unwrap_or(0),
                self.input_len
            ),
            Phase::Train => format!("training tokens/s, {} chips, sequence {}", self.gpus, self.input_len),
        };
        let per = match self.per {
            Per::Chip => "",
            Per::Watt => " per watt of one chip's board power",
            Per::Dollar => " per dollar of one chip's price",
        };
        format!("{} {}, {}{per}", self.model_id, self.precision, what)
    }

    /// The throughput the model predicts on `hw` (not normalised), or None when it cannot run.
    #[must_use]
    pub fn throughput(&self, hw: &Hardware) -> Option<f64> {
        match self.phase {
            Phase::Decode | Phase::Prefill => {
                let req = InferenceRequest {
                    gpus: self.gpus,
                    batch: self.batch.map_or(Batch::Max, Batch::Fixed),
                    input_len: self.input_len,
                    output_len: self.output_len,
                    precision: self.precision,
                    engine: self.engine,
                    ..InferenceRequest::default()
                };
                let p = predict_inference(hw, self.model, &req).ok()?;
                if p.max_batch == 0 {
                    return None;
                }
                let v = if self.phase == Phase::Decode {
                    p.output_tokens_per_s?
                } else {
                    let seqs = p.batch.min(p.max_batch);
                    f64::from(seqs) * f64::from(self.input_len) / p.prefill.time_s
                };
                (v.is_finite() && v > 0.0).then_some(v)
            }
            Phase::Train => {
                let req = TrainingRequest {
                    gpus: self.gpus,
                    seq_len: self.input_len,
                    precision: if self.precision == Precision::Fp8 { Precision::Fp8 } else { Precision::Bf16 },
                    ..TrainingRequest::default()
                };
                let p = predict_training(hw, self.model, &req).ok()?;
                (p.fits && p.tokens_per_s.is_finite() && p.tokens_per_s > 0.0).then_some(p.tokens_per_s)
            }
        }
    }

    /// The objective on `hw` at this workload's size or, when the model does not fit there, on the
    /// smallest of 2, 4 or 8 times as many chips that holds it, scaled back to this size (the
    /// larger system's throughput times `gpus / chips needed`). Also returns the chips needed.
    #[must_use]
    pub fn score_scaled(&self, hw: &Hardware) -> Option<(f64, u32)> {
        if let Some(s) = self.score(hw) {
            return Some((s, self.gpus));
        }
        if self.phase == Phase::Train {
            return None;
        }
        for k in [2u32, 4, 8] {
            let mut bigger = self.clone();
            bigger.gpus = self.gpus.checked_mul(k)?;
            if let Some(s) = bigger.score(hw) {
                return Some((s / f64::from(k), bigger.gpus));
            }
        }
        None
    }

    /// The objective: throughput, normalised as asked.
    #[must_use]
    pub fn score(&self, hw: &Hardware) -> Option<f64> {
        let t = self.throughput(hw)?;
        match self.per {
            Per::Chip => Some(t),
            Per::Watt => hw.tdp_w.filter(|w| *w > 0.0).map(|w| t / w),
            Per::Dollar => hw.price_usd.filter(|p| *p > 0.0).map(|p| t / p),
        }
    }
}

/// The performance model's view of a design.
#[must_use]
pub fn design_hardware(d: &Design, family: &str) -> Hardware {
    let mut dense = BTreeMap::new();
    dense.insert(Precision::Bf16, d.bf16_tflops);
    dense.insert(Precision::Fp16, d.bf16_tflops);
    dense.insert(Precision::Fp8, d.fp8_tflops);
    dense.insert(Precision::Int8, d.fp8_tflops);
    Hardware {
        name: "frontier-design".to_string(),
        chip_id: None,
        family: family.to_string(),
        dense_tflops: dense,
        memory_bandwidth_gbs: Some(d.memory_bandwidth_gbs),
        memory_capacity_gb: Some(d.memory_capacity_gb),
        // A design's memory is HBM, stated in binary GB like every HBM datasheet.
        memory_type: Some(redline_perf::MemoryKind::Hbm),
        chip_to_chip_gbs: (d.chip_to_chip_gbs > 0.0).then_some(d.chip_to_chip_gbs),
        host_gbs: Some(d.host_gbs),
        tdp_w: Some(d.tdp_w),
        price_usd: Some(d.price_usd),
        scale_up_domain: None,
        scale_out_gbs: None,
    }
}

/// The performance model's view of a catalogue chip (`redline_perf::hardware_from_chip`).
#[must_use]
pub fn chip_hardware(chip: &Chip) -> Hardware {
    redline_perf::hardware_from_chip(chip)
}
