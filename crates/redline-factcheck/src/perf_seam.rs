//! The one place this crate touches the performance model (`redline-perf`).
//!
//! A throughput figure in a news text rarely states the whole workload, so a claim is held
//! against the range of predictions over what the text leaves out, never against one guessed
//! point:
//!
//! * model: the zoo model the sentence names, else [`DEFAULT_MODELS`] (a small dense model, a
//!   large dense one and a large MoE);
//! * precision: the format the sentence names, else the chip's fastest of fp8 and bf16;
//! * chips: the count the sentence names ("16 GPUs", "8卡", "单卡"), else [`DEFAULT_GPUS`]
//!   (one standard node), laid out as `redline perf --gpus N` would;
//! * batch: from 1 to the largest that fits (static batching, [`best_throughput`]);
//! * lengths: [`LENGTHS`] input/output tokens per sequence;
//! * engine: [`ENGINE`], the `redline perf` default.
//!
//! The measure is output tokens per second of the whole system, or per chip when the text says
//! "per GPU", "每卡". A measurement may sit anywhere the model's error allows, so the range is
//! widened by [`MODEL_ERROR`] before the claim is compared.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::LazyLock;

use regex::Regex;

use redline_catalog::Chip;
use redline_perf::{
    Batch, Engine, Hardware, InferenceRequest, Precision, ThroughputLimits, best_throughput, hardware_from_chip,
    predict_inference, zoo_model,
};

/// The performance model's leave-one-chip-out mean absolute percentage error on the embedded
/// validation set: 18.3% (README "Validation", `cargo run --release -p redline-perf --example
/// validate`, 1,381 rows, data version 2026-12-02). Most chips a news text names have no
/// measurements of their own, so the held-out error, not the in-sample 9.5%, is the honest
/// one. It is a mean, not a bound: a measurement `m` with a prediction `p` satisfies
/// `|p − m| ≤ e·m` for a typical row, so `m` lies in `[p / (1 + e), p / (1 − e)]`.
pub(crate) const MODEL_ERROR: f64 = 0.183;

/// Models ranged over when the text names none: small dense, large dense, large MoE.
pub(crate) const DEFAULT_MODELS: &[&str] = &["llama-3.1-8b", "llama-3.1-70b", "deepseek-v3"];

/// Input/output tokens per sequence ranged over: short chat, the `redline perf` default, and a
/// long prompt with a short answer.
pub(crate) const LENGTHS: &[(u32, u32)] = &[(128, 128), (1024, 1024), (4096, 256)];

/// Chips when the text names no count: one standard 8-chip node.
pub(crate) const DEFAULT_GPUS: u32 = 8;

/// Distinct (chip, workload) predictions made for one text at most: each costs a few dozen
/// model evaluations, so a pasted text cannot make the checker run unbounded work. Claims past
/// it are `unverifiable`, saying so.
pub(crate) const MAX_PREDICTIONS: usize = 64;

/// The engine profile used (the `redline perf` default).
pub(crate) const ENGINE: Engine = Engine::Trtllm;

/// What the sentence states about the workload; the rest is ranged over.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Workload {
    pub models: Vec<&'static str>,
    pub model_stated: bool,
    pub precision: Option<Precision>,
    pub gpus: u32,
    pub gpus_stated: bool,
    pub per_chip: bool,
}

static GPU_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:^|[^\da-z.,])(?P<n>\d{1,4})(?:[\s-]*(?:[x×]\s*)?(?:nvidia\s+|huawei\s+|amd\s+)?",
        r"(?:[a-z][a-z0-9-]*\d[a-z0-9-]*[\s-]*)?",
        r"(?:gpus?\b|chips?\b|cards?\b|accelerators?\b|[a-z][a-z0-9-]*\d[a-z0-9-]*s\b|张卡|块卡|张|块|颗|卡)",
        r"|\s*[x×]\s*(?:nvidia\s+)?[a-z][a-z0-9-]*\d)",
        r"|(?P<nodes>\d{1,3}|one|two|three|four)\s+(?:\w+\s+)?(?:nodes?|servers?)\b|(?P<cnodes>\d{1,3})\s*台"
    ))
    .unwrap_or_else(|e| unreachable!("built-in pattern: {e}"))
});

const SINGLE: &[&str] =
    &["single gpu", "single chip", "single card", "one gpu", "one chip", "a single", "单卡", "單卡"];
const PER_CHIP: &[&str] = &[
    "per chip",
    "per gpu",
    "per card",
    "per accelerator",
    "each gpu",
    "each chip",
    "每卡",
    "每张卡",
    "每張卡",
    "每颗",
];

/// The zoo model named in a (lowercased) sentence, if any: the longest id that appears with
/// its punctuation ignored (`DeepSeek-V3`, `deepseek v3`, `Llama 3.1 8B`).
pub(crate) fn model_named(lower: &str) -> Option<&'static str> {
    let compact: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
    redline_perf::zoo_ids()
        .into_iter()
        .filter(|id| {
            let key: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
            !key.is_empty() && compact.contains(&key)
        })
        .max_by_key(|id| id.len())
}

/// What a (lowercased) sentence states about the workload.
pub(crate) fn workload(lower: &str) -> Workload {
    let model = model_named(lower);
    let precision = ["fp8", "bf16", "fp16", "int8", "int4", "fp4"]
        .iter()
        .find(|p| lower.contains(*p))
        .and_then(|p| p.parse::<Precision>().ok());
    let mut gpus = None;
    if SINGLE.iter().any(|w| lower.contains(w)) {
        gpus = Some(1);
    } else if let Some(c) = GPU_COUNT.captures(lower) {
        let word = |s: &str| match s {
            "one" => Some(1),
            "two" => Some(2),
            "three" => Some(3),
            "four" => Some(4),
            d => d.parse::<u32>().ok(),
        };
        gpus = if let Some(n) = c.name("n") {
            n.as_str().parse::<u32>().ok()
        } else {
            c.name("nodes").or(c.name("cnodes")).and_then(|n| word(n.as_str())).map(|n| n.saturating_mul(DEFAULT_GPUS))
        }
        .filter(|n| (1..=1024).contains(n));
    }
    Workload {
        models: model.map_or_else(|| DEFAULT_MODELS.to_vec(), |m| vec![m]),
        model_stated: model.is_some(),
        precision,
        gpus: gpus.unwrap_or(DEFAULT_GPUS),
        gpus_stated: gpus.is_some(),
        per_chip: PER_CHIP.iter().any(|w| lower.contains(w)),
    }
}

impl Workload {
    /// The workload in words, saying which parts were stated and which ranged over.
    pub(crate) fn describe(&self) -> String {
        let models = if self.model_stated {
            format!("model {} (stated)", self.models.join(", "))
        } else {
            format!("models {} (none stated)", self.models.join(", "))
        };
        let precision = self
            .precision
            .map_or_else(|| "each chip's fastest of fp8 and bf16".to_string(), |p| format!("{} (stated)", p.as_str()));
        let gpus = if self.gpus_stated {
            format!("{} chips (stated)", self.gpus)
        } else {
            format!("{} chips (one node; none stated)", self.gpus)
        };
        let lengths: Vec<String> = LENGTHS.iter().map(|(i, o)| format!("{i}/{o}")).collect();
        format!(
            "{models}; {precision}; {gpus}; batch 1 to the largest that fits; input/output {} tokens; engine {}; {}",
            lengths.join(", "),
            ENGINE.as_str(),
            if self.per_chip { "output tokens/s per chip" } else { "output tokens/s of the system" }
        )
    }
}

/// One workload's predictions for one chip: at batch 1 and at the best batch.
#[derive(Clone, Debug)]
pub(crate) struct Point {
    pub model: &'static str,
    pub lengths: (u32, u32),
    pub single: f64,
    pub best: f64,
}

/// A chip's predictions over a workload range, or why there are none.
pub(crate) type Points = Rc<Result<Vec<Point>, String>>;

/// Predictions already made for one text, by chip and workload.
#[derive(Default)]
pub(crate) struct Cache(RefCell<HashMap<(String, Workload), Points>>);

/// The chip's fastest of fp8 and bf16 (or whatever 16-bit format it has).
fn fastest(hw: &Hardware) -> Precision {
    if hw.dense_tflops.contains_key(&Precision::Fp8) { Precision::Fp8 } else { Precision::Bf16 }
}

fn predict(hw: &Hardware, w: &Workload) -> Result<Vec<Point>, String> {
    let mut points = Vec::new();
    let mut first_error: Option<String> = None;
    let mut unfit: Vec<&str> = Vec::new();
    let precision = w.precision.unwrap_or_else(|| fastest(hw));
    for &id in &w.models {
        let Ok(model) = zoo_model(id) else { continue };
        for &(input, output) in LENGTHS {
            let req = InferenceRequest {
                gpus: w.gpus,
                batch: Batch::Fixed(1),
                input_len: input,
                output_len: output,
                precision,
                engine: ENGINE,
                ..InferenceRequest::default()
            };
            let rate = |p: &redline_perf::InferencePrediction| {
                if w.per_chip { p.output_tokens_per_s_per_chip } else { p.output_tokens_per_s }
            };
            let single = match predict_inference(hw, model, &req) {
                Ok(p) => rate(&p),
                Err(e) => {
                    first_error.get_or_insert_with(|| e.to_string());
                    continue;
                }
            };
            let Some(single) = single else {
                if !unfit.contains(&id) {
                    unfit.push(id);
                }
                continue;
            };
            let best = best_throughput(hw, model, &req, ThroughputLimits::default())
                .ok()
                .and_then(|t| rate(&t.best))
                .unwrap_or(single);
            points.push(Point { model: id, lengths: (input, output), single, best: best.max(single) });
        }
    }
    if !points.is_empty() {
        return Ok(points);
    }
    Err(match first_error {
        Some(e) => format!("the performance model cannot run {}: {e}", hw.name),
        None => format!(
            "nothing fits: {} does not fit on {} × {} at {}",
            unfit.join(", "),
            w.gpus,
            hw.name,
            precision.as_str()
        ),
    })
}

impl Cache {
    /// The chip's predictions over the workload range (computed once per text).
    pub(crate) fn points(&self, chip: &Chip, w: &Workload) -> Points {
        let key = (chip.spec.id.clone(), w.clone());
        if let Some(p) = self.0.borrow().get(&key) {
            return Rc::clone(p);
        }
        if self.0.borrow().len() >= MAX_PREDICTIONS {
            return Rc::new(Err(format!(
                "this text already needed {MAX_PREDICTIONS} distinct predictions, the most one check makes; check this claim alone"
            )));
        }
        let p = Rc::new(predict(&hardware_from_chip(chip), w));
        self.0.borrow_mut().insert(key, Rc::clone(&p));
        p
    }
}

/// The lowest and highest of a set of values, and where each was found.
#[derive(Clone, Debug)]
pub(crate) struct Span {
    pub low: f64,
    pub high: f64,
    pub low_at: String,
    pub high_at: String,
}

fn at(model: &str, (i, o): (u32, u32), batch: &str) -> String {
    format!("{model} {i}/{o} at {batch}")
}

fn span(values: impl Iterator<Item = (f64, String)>) -> Option<Span> {
    let mut s: Option<Span> = None;
    for (v, where_) in values.filter(|(v, _)| v.is_finite() && *v > 0.0) {
        match &mut s {
            None => s = Some(Span { low: v, high: v, low_at: where_.clone(), high_at: where_ }),
            Some(x) => {
                if v < x.low {
                    x.low = v;
                    x.low_at = where_;
                } else if v > x.high {
                    x.high = v;
                    x.high_at = where_;
                }
            }
        }
    }
    s
}

/// Tokens/s over the workload range for one chip.
pub(crate) fn throughput(points: &[Point]) -> Option<Span> {
    span(points.iter().flat_map(|p| {
        [(p.single, at(p.model, p.lengths, "batch 1")), (p.best, at(p.model, p.lengths, "the best batch"))]
    }))
}

/// `a ÷ b` on the same workloads (same model and lengths, batch 1 against batch 1 and best
/// against best), over the workloads both chips run.
pub(crate) fn ratio(a: &[Point], b: &[Point]) -> Option<Span> {
    span(a.iter().flat_map(|pa| {
        b.iter()
            .filter(|pb| pb.model == pa.model && pb.lengths == pa.lengths)
            .flat_map(|pb| {
                [
                    (pa.single / pb.single, at(pa.model, pa.lengths, "batch 1")),
                    (pa.best / pb.best, at(pa.model, pa.lengths, "the best batch")),
                ]
            })
            .collect::<Vec<_>>()
    }))
}

/// The range a measurement may take given a predicted range and the model's error.
pub(crate) fn widened(low: f64, high: f64) -> (f64, f64) {
    (low / (1.0 + MODEL_ERROR), high / (1.0 - MODEL_ERROR))
}

/// Where a prediction comes from, for the claim's `source`.
pub(crate) fn source(workload: &str) -> String {
    format!(
        "redline-perf analytical model (roofline, engine {} factors from data/engines/{}.toml) over {workload}; leave-one-chip-out error {:.1}% (README, Validation)",
        ENGINE.as_str(),
        ENGINE.as_str(),
        MODEL_ERROR * 100.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_zoo_model() {
        assert_eq!(model_named("on deepseek-v3 at fp8"), Some("deepseek-v3"));
        assert_eq!(model_named("on a chatbot"), None);
    }

    #[test]
    fn reads_what_the_text_states() {
        let w = workload("16 h20s serve deepseek-v3 at fp8");
        assert_eq!(
            (w.models.clone(), w.precision, w.gpus, w.gpus_stated),
            (vec!["deepseek-v3"], Some(Precision::Fp8), 16, true)
        );
        let w = workload("the h20 serves 1,296 tokens/s");
        assert_eq!((w.models.len(), w.gpus, w.gpus_stated, w.per_chip), (DEFAULT_MODELS.len(), 8, false, false));
        assert_eq!(workload("h20单卡每秒2000 tokens").gpus, 1);
        assert_eq!(workload("h20 8卡服务器").gpus, 8);
        assert_eq!(workload("an 8-gpu h20 server").gpus, 8);
        assert_eq!(workload("16 h20 chips serve").gpus, 16);
        assert_eq!(workload("on 4x h100 at fp8").gpus, 4);
        assert_eq!(workload("8张h20").gpus, 8);
        assert!(!workload("the h20卡 and 96 gb").gpus_stated, "a chip name's digits are no count");
        assert_eq!(workload("two h20 nodes").gpus, 16);
        assert!(workload("500 tokens/s per gpu").per_chip);
    }

    #[test]
    #[ignore = "runs the whole validation (about a minute in a debug build); run with --ignored when the model or its data change"]
    fn model_error_is_the_validation_reports() {
        let catalog = redline_catalog::Catalog::embedded().unwrap();
        let report = redline_perf::validate(&redline_perf::catalog_resolver(&catalog));
        let loco = report.overall_leave_one_chip_out.mape_pct / 100.0;
        assert!((loco - MODEL_ERROR).abs() < 0.0005, "validation says {loco:.4}; update MODEL_ERROR and the README");
    }

    #[test]
    fn widening_follows_the_error_definition() {
        // m = p / (1 ± e): 1,000 predicted with e = 0.183 covers 1000/1.183 = 845.3 to
        // 1000/0.817 = 1,224.0.
        let (lo, hi) = widened(1000.0, 1000.0);
        assert!((lo - 845.309).abs() < 0.01 && (hi - 1223.990).abs() < 0.01, "{lo} {hi}");
    }
}
