//! The embedded measured data and its mapping to requests: which rows are modelled, which are
//! left out and why.

use serde::Serialize;

use crate::{Batch, Engine, InferenceRequest, PerfError, Precision, zoo_model};

pub(crate) const BENCH_CSV: &str = include_str!("../../../../data/validation/llm-inference-bench.csv");
pub(crate) const QWEN_CSV: &str = include_str!("../../../../data/validation/qwen3-h20.csv");
pub(crate) const CURATED_CSV: &str = include_str!("../../../../data/validation/curated.csv");

/// What a row measured, and how to turn a prediction into it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Whole static batch, seconds.
    LatencyS,
    /// (prompt + generated tokens) / wall time, batch 1.
    TotalTokensPerS,
    /// Output tokens per second, whole system, at the best batch.
    OutputTokensPerS,
}

/// The regime a row measures (one axis of the report's buckets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowPhase {
    /// Static batch, prefill plus decode (LLM-Inference-Bench).
    StaticBatch,
    /// Batch-1 generation with long prompts (Qwen speed benchmark).
    Batch1,
    /// Serving at the best batch (trtllm-bench throughput tables).
    MaxThroughput,
}

impl RowPhase {
    /// Short label.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            RowPhase::StaticBatch => "static-batch",
            RowPhase::Batch1 => "batch-1",
            RowPhase::MaxThroughput => "max-throughput",
        }
    }
}

/// One measured row the model predicts.
#[derive(Debug, Clone, Serialize)]
pub struct MeasuredRow {
    /// Source file.
    pub source: &'static str,
    /// 1-based data line in that file (header excluded).
    pub line: usize,
    /// Hardware name as written in the file.
    pub hardware_label: String,
    /// Catalogue chip id the label maps to.
    pub chip_id: &'static str,
    /// Zoo model id.
    pub model_id: String,
    /// The request that reproduces the row.
    pub request: InferenceRequest,
    /// What was measured.
    pub metric: Metric,
    /// Regime.
    pub phase: RowPhase,
    /// Measured value, in the metric's unit.
    pub measured: f64,
}

/// A row left out, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct ExcludedRow {
    /// Source file.
    pub source: &'static str,
    /// 1-based data line.
    pub line: usize,
    /// Short description.
    pub what: String,
    /// Why it is left out.
    pub reason: String,
}

/// Maps a hardware name used in the validation files to a catalogue chip id.
#[must_use]
pub fn chip_id_for_label(label: &str) -> Option<&'static str> {
    let l = label.trim().to_ascii_lowercase();
    Some(match l.as_str() {
        "nvidia h100 gpu" | "h100-sxm-80gb" => "h100-sxm",
        "nvidia a100 gpu" => "a100-sxm-40gb",
        "nvidia gh200 gpu" => "gh200",
        "amd mi250 gpu" => "mi250",
        "intel pvc gpu" | "intel max 1550" => "max-1550",
        "habana gaudi2" => "gaudi2",
        "h200-sxm-141gb" => "h200",
        "b200-sxm-180gb" => "b200",
        "gb200" | "gb200 nvl72" => "gb200",
        "h800" => "h800",
        "h20-96gb" => "h20",
        _ => return None,
    })
}

fn bench_engine(framework: &str) -> Option<Engine> {
    match framework {
        "TensorRT-LLM" => Some(Engine::Trtllm),
        "vLLM" => Some(Engine::Vllm),
        _ => None,
    }
}

fn parse_f64(s: &str) -> Option<f64> {
    s.trim().replace(',', "").parse::<f64>().ok().filter(|v| v.is_finite())
}

fn reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes())
}

/// The three measurement files, as text: the embedded copies or a user's directory holding
/// files of the same names and formats (`redline validate --data DIR`).
#[derive(Debug, Clone)]
pub struct ValidationData {
    /// `llm-inference-bench.csv`.
    pub bench: std::borrow::Cow<'static, str>,
    /// `qwen3-h20.csv`.
    pub qwen: std::borrow::Cow<'static, str>,
    /// `curated.csv`.
    pub curated: std::borrow::Cow<'static, str>,
}

impl ValidationData {
    /// File names, in the order of the fields.
    pub const FILES: [&'static str; 3] = ["llm-inference-bench.csv", "qwen3-h20.csv", "curated.csv"];

    /// The copies embedded in the binary.
    #[must_use]
    pub fn embedded() -> ValidationData {
        ValidationData { bench: BENCH_CSV.into(), qwen: QWEN_CSV.into(), curated: CURATED_CSV.into() }
    }
}

/// All embedded rows: those the model predicts and those left out (with reasons).
///
/// # Errors
/// [`PerfError::ValidationData`] when an embedded file cannot be read as CSV.
pub fn measured_rows() -> Result<(Vec<MeasuredRow>, Vec<ExcludedRow>), PerfError> {
    measured_rows_from(&ValidationData::embedded())
}

/// Rows of a data set: those the model predicts and those left out (with reasons).
///
/// # Errors
/// [`PerfError::ValidationData`] when a file cannot be read as CSV.
pub fn measured_rows_from(data: &ValidationData) -> Result<(Vec<MeasuredRow>, Vec<ExcludedRow>), PerfError> {
    let (bench_csv, qwen_csv, curated_csv) = (&*data.bench, &*data.qwen, &*data.curated);
    let mut rows = Vec::new();
    let mut excluded = Vec::new();
    let csv_err =
        |file: &str, e: csv::Error| PerfError::ValidationData { file: file.to_string(), problem: e.to_string() };

    // LLM-Inference-Bench: static batch, fp16, TP over N chips, in = out = L.
    let file = "llm-inference-bench.csv";
    for (i, rec) in reader(bench_csv).records().enumerate() {
        let rec = rec.map_err(|e| csv_err(file, e))?;
        let line = i + 1;
        let get = |k: usize| rec.get(k).unwrap_or("");
        let (hw, n, fw, model, io, bs, lat) = (get(0), get(1), get(2), get(3), get(4), get(5), get(6));
        let what = format!("{hw} x{n} {fw} {model} io={io} bs={bs}");
        let Some(engine) = bench_engine(fw) else {
            excluded.push(ExcludedRow {
                source: file,
                line,
                what,
                reason: format!("engine `{fw}` is not modelled (not a production serving engine)"),
            });
            continue;
        };
        let Some(chip_id) = chip_id_for_label(hw) else {
            excluded.push(ExcludedRow {
                source: file,
                line,
                what,
                reason: format!("hardware `{hw}` has no catalogue mapping"),
            });
            continue;
        };
        if hw == "Intel PVC GPU" {
            // Same chip as "Intel Max 1550", but identical configurations run 5-10x slower (Llama-2-7B,
            // 128/128, batch 1: 18.7 s here vs 2.0 s there) with a ~17 s cost that does not grow with
            // length (2048/2048 takes 45 s): a measurement artefact of that software setup, not the chip.
            excluded.push(ExcludedRow {
                source: file,
                line,
                what,
                reason: "`Intel PVC GPU` rows: same chip as `Intel Max 1550` but 5-10x slower on identical configs with a ~17 s length-independent cost (measurement artefact)".into(),
            });
            continue;
        }
        let Ok(m) = zoo_model(model) else {
            excluded.push(ExcludedRow {
                source: file,
                line,
                what,
                reason: format!("model `{model}` is not in the zoo"),
            });
            continue;
        };
        let (Some(n), Some(io), Some(bs), Some(lat)) = (parse_f64(n), parse_f64(io), parse_f64(bs), parse_f64(lat))
        else {
            excluded.push(ExcludedRow { source: file, line, what, reason: "unparseable number".into() });
            continue;
        };
        let request = InferenceRequest {
            gpus: n as u32,
            tp: Some(n as u32),
            pp: Some(1),
            ep: Some(1),
            batch: Batch::Fixed(bs as u32),
            input_len: io as u32,
            output_len: io as u32,
            precision: Precision::Fp16,
            kv_precision: Some(Precision::Fp16),
            engine,
            weight_only: false,
        };
        rows.push(MeasuredRow {
            source: file,
            line,
            hardware_label: hw.to_string(),
            chip_id,
            model_id: m.id.clone(),
            request,
            metric: Metric::LatencyS,
            phase: RowPhase::StaticBatch,
            measured: lat,
        });
    }

    // Qwen3 on H20: batch 1, 2048 generated tokens.
    let file = "qwen3-h20.csv";
    for (i, rec) in reader(qwen_csv).records().enumerate() {
        let rec = rec.map_err(|e| csv_err(file, e))?;
        let line = i + 1;
        let get = |k: usize| rec.get(k).unwrap_or("");
        let (name, eng, input, quant, ngpu, speed) = (get(0), get(1), get(2), get(3), get(4), get(5));
        let what = format!("H20 {name} in={input} {quant}");
        if eng != "SGLang" {
            excluded.push(ExcludedRow { source: file, line, what, reason: format!("engine `{eng}` is not modelled") });
            continue;
        }
        let base = name.split(['\u{a0}', ' ']).next().unwrap_or("");
        let Ok(m) = zoo_model(&format!("Qwen/{base}")) else {
            excluded.push(ExcludedRow {
                source: file,
                line,
                what,
                reason: format!("model `{base}` is not in the zoo"),
            });
            continue;
        };
        let (precision, weight_only) = match quant {
            "BF16" => (Precision::Bf16, false),
            "FP8" => (Precision::Fp8, false),
            "GPTQ-Int8" => (Precision::Int8, true),
            "AWQ-INT4" | "GPTQ-Int4" => (Precision::Int4, true),
            _ => {
                excluded.push(ExcludedRow {
                    source: file,
                    line,
                    what,
                    reason: format!("quantisation `{quant}` not mapped"),
                });
                continue;
            }
        };
        let (Some(input), Some(ngpu), Some(speed)) = (parse_f64(input), parse_f64(ngpu), parse_f64(speed)) else {
            excluded.push(ExcludedRow { source: file, line, what, reason: "unparseable number".into() });
            continue;
        };
        rows.push(MeasuredRow {
            source: file,
            line,
            hardware_label: "H20-96GB".into(),
            chip_id: "h20",
            model_id: m.id.clone(),
            request: InferenceRequest {
                gpus: ngpu as u32,
                tp: Some(ngpu as u32),
                pp: Some(1),
                ep: None,
                batch: Batch::Fixed(1),
                input_len: input as u32,
                output_len: 2048,
                precision,
                kv_precision: Some(Precision::Bf16),
                engine: Engine::Sglang,
                weight_only,
            },
            metric: Metric::TotalTokensPerS,
            phase: RowPhase::Batch1,
            measured: speed,
        });
    }

    // Curated: only rows that are a fixed-length serving measurement of a production engine.
    let file = "curated.csv";
    for (i, rec) in reader(curated_csv).records().enumerate() {
        let rec = rec.map_err(|e| csv_err(file, e))?;
        let line = i + 1;
        let get = |k: usize| rec.get(k).unwrap_or("");
        let (cat, chip, n, model, prec, engine, scen, isl, osl, conc, metric, val) =
            (get(0), get(1), get(2), get(3), get(4), get(5), get(6), get(7), get(8), get(9), get(10), get(11));
        let what = format!("{cat}: {chip} x{n} {model} {prec} {engine} {scen}");
        let reason = if cat.starts_with("MLPerf-Train") {
            Some("training time-to-train row (MLPerf reference task size not modelled)")
        } else if cat.starts_with("MLPerf-Inf") {
            Some("MLPerf dataset with variable input/output lengths (distribution not in the row)")
        } else if cat == "Production" || cat == "Engine blog" {
            Some("disaggregated multi-node serving (PD, wide EP, TBO, MTP) is not a static batch")
        } else if cat == "Academic bench" || cat == "Vendor doc" {
            Some("duplicate of a row in llm-inference-bench.csv / qwen3-h20.csv")
        } else if scen.contains("min-latency") {
            Some("speculative decoding (MTP) is not modelled")
        } else {
            None
        };
        if let Some(r) = reason {
            excluded.push(ExcludedRow { source: file, line, what, reason: r.into() });
            continue;
        }
        let Some(chip_id) = chip_id_for_label(chip) else {
            excluded.push(ExcludedRow {
                source: file,
                line,
                what,
                reason: format!("hardware `{chip}` has no catalogue mapping"),
            });
            continue;
        };
        let model_key = match model {
            "Llama-3.3-70B" => "llama-3.3-70b",
            "Llama-3.1-405B" => "llama-3.1-405b",
            "Llama-3.1-8B" => "llama-3.1-8b",
            "DeepSeek-R1" | "DeepSeek-R1-0528" => "deepseek-r1",
            _ => "",
        };
        let Ok(m) = zoo_model(model_key) else {
            excluded.push(ExcludedRow { source: file, line, what, reason: format!("model `{model}` is not mapped") });
            continue;
        };
        let (Some(n), Some(isl), Some(osl), Some(val)) = (parse_f64(n), parse_f64(isl), parse_f64(osl), parse_f64(val))
        else {
            excluded.push(ExcludedRow { source: file, line, what, reason: "unparseable number".into() });
            continue;
        };
        if metric != "output tok/s (total)" {
            excluded.push(ExcludedRow { source: file, line, what, reason: format!("metric `{metric}` not mapped") });
            continue;
        }
        let precision = if prec.starts_with("FP4") { Precision::Fp4 } else { Precision::Fp8 };
        let gpus = n as u32;
        let attention_dp = engine.contains("attention-DP");
        let (tp, ep, batch) = if attention_dp {
            (1, gpus, Batch::Fixed(parse_f64(conc).map_or(1, |c| c as u32)))
        } else {
            (gpus, 1, Batch::Max)
        };
        rows.push(MeasuredRow {
            source: file,
            line,
            hardware_label: chip.to_string(),
            chip_id,
            model_id: m.id.clone(),
            request: InferenceRequest {
                gpus,
                tp: Some(tp),
                pp: Some(1),
                ep: if m.is_moe() { Some(ep) } else { None },
                batch,
                input_len: isl as u32,
                output_len: osl as u32,
                precision,
                // NVIDIA's FP8/FP4 checkpoints quantise the KV cache to FP8.
                kv_precision: Some(Precision::Fp8),
                engine: Engine::Trtllm,
                weight_only: false,
            },
            metric: Metric::OutputTokensPerS,
            phase: RowPhase::MaxThroughput,
            measured: val,
        });
    }
    Ok((rows, excluded))
}
