//! `redline perf`: what a chip does serving an LLM; and the flags and helpers the other
//! performance commands (`compare`, `train`, `plot roofline|compare`) share. The flags become
//! `(key, value)` pairs for `redline_perf::PerfRequest`, which checks them exactly as it checks
//! `/api/perf`'s query; the JSON printed is its `PerfOutput`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use clap::Args;
use serde::Serialize;

use redline_catalog::Chip;
use redline_perf::{
    Batch, Engine, InferenceRequest, ModelConfig, OperatingPoint, PerfError, PerfMode, PerfOutput, PerfRequest,
    Precision, ThroughputLimits, hardware_from_chip, zoo_model,
};

pub use redline_perf::weak_evidence;

use crate::args::{CatalogArgs, OutputFormat};
use crate::context::Context;
use crate::output;

/// The model and system flags every performance command shares (`perf`, `compare`, `plot
/// roofline|compare`).
#[derive(Debug, Args)]
pub struct ModelFlags {
    /// Model: an id of the embedded zoo (`redline models`) or a path to a Hugging Face config.json
    /// (with --mlperf: the benchmark's model).
    #[arg(long)]
    pub model: Option<String>,
    /// Chips in the system (alone: the fastest of the layouts engines deploy, printed in the notes).
    #[arg(long, default_value_t = 1)]
    pub gpus: u32,
    /// Tensor parallelism.
    #[arg(long)]
    pub tp: Option<u32>,
    /// Pipeline parallelism.
    #[arg(long)]
    pub pp: Option<u32>,
    /// Expert parallelism.
    #[arg(long)]
    pub ep: Option<u32>,
    /// Prompt tokens per sequence [default: 1024; with --mlperf the benchmark's mean].
    #[arg(long)]
    pub input: Option<u32>,
    /// Generated tokens per sequence [default: 1024; with --mlperf the benchmark's mean].
    #[arg(long)]
    pub output: Option<u32>,
    /// Weight (and compute) format: bf16 fp16 fp8 int8 int4 fp4 [default: bf16; with --mlperf fp8 or fp4].
    #[arg(long)]
    pub precision: Option<String>,
    /// KV-cache format (default: bf16, fp16 with --precision fp16).
    #[arg(long)]
    pub kv_precision: Option<String>,
    /// Engine profile: ideal trtllm vllm sglang [default: trtllm; with --mlperf the engine the
    /// chip's vendor submits with].
    #[arg(long)]
    pub engine: Option<String>,
    /// Weights stored in --precision, math in 16-bit (GPTQ/AWQ style).
    #[arg(long)]
    pub weight_only: bool,
}

impl ModelFlags {
    /// The flags as [`PerfRequest`] pairs (`--kv-precision` is `kv_precision`).
    #[must_use]
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("gpus", self.gpus.to_string())];
        let opt = [("tp", self.tp), ("pp", self.pp), ("ep", self.ep), ("input", self.input), ("output", self.output)];
        out.extend(opt.into_iter().filter_map(|(k, v)| v.map(|v| (k, v.to_string()))));
        let text = [
            ("model", &self.model),
            ("precision", &self.precision),
            ("kv_precision", &self.kv_precision),
            ("engine", &self.engine),
        ];
        out.extend(text.into_iter().filter_map(|(k, v)| v.clone().map(|v| (k, v))));
        if self.weight_only {
            out.push(("weight_only", "true".to_string()));
        }
        out
    }

    /// The model and the request these flags describe, for a given batch.
    ///
    /// # Errors
    /// Unknown model, format or engine; zero chips or tokens (naming the flag).
    pub fn resolve(&self, batch: Batch) -> Result<(ModelConfig, InferenceRequest)> {
        let r = perf_request(&self.pairs())?;
        let req = InferenceRequest { batch, ..r.inference_request("") };
        Ok((model(r.model_name())?, req))
    }
}

/// The workload flags of `perf` and `compare`: the model and system, the batch, throughput-mode
/// limits and cost assumptions.
#[derive(Debug, Args)]
pub struct Workload {
    #[command(flatten)]
    pub model: ModelFlags,
    /// Sequences run together: a number, `max` (largest that fits) or `best` (highest throughput under --max-ttft/--max-tpot).
    #[arg(long, default_value = "1")]
    pub batch: String,
    /// Latency limit (with --batch best or a scenario): largest time to first token, seconds.
    #[arg(long)]
    pub max_ttft: Option<f64>,
    /// Latency limit (with --batch best or a scenario): largest time per output token, seconds.
    #[arg(long)]
    pub max_tpot: Option<f64>,
    /// Serving mode: continuous batching with chunked prefill at the best concurrency under the
    /// limits (offline: none; server/interactive: --max-ttft/--max-tpot, else MLPerf's).
    #[arg(long, value_parser = ["offline", "server", "interactive"])]
    pub scenario: Option<String>,
    /// An MLPerf Inference benchmark: llama2-70b llama3.1-405b llama3.1-8b mixtral-8x7b
    /// deepseek-r1 gpt-oss-120b (model, mean lengths, latency limits; scenario default server).
    #[arg(long, value_name = "BENCH")]
    pub mlperf: Option<String>,
    /// Print a curve instead of one point: `concurrency` (throughput vs interactivity).
    #[arg(long, value_parser = ["concurrency"])]
    pub sweep: Option<String>,
    #[command(flatten)]
    pub cost: CostArgs,
}

/// Cost assumptions (shown in the output).
#[derive(Debug, Args)]
pub struct CostArgs {
    /// Chip price, USD (default: the catalogue's).
    #[arg(long)]
    pub price_usd: Option<f64>,
    /// Power per chip, W (default: the catalogue's TDP).
    #[arg(long)]
    pub power_w: Option<f64>,
    /// Power usage effectiveness.
    #[arg(long)]
    pub pue: Option<f64>,
    /// Electricity, USD per kWh.
    #[arg(long)]
    pub electricity: Option<f64>,
    /// Fraction of the time the system serves at this throughput.
    #[arg(long)]
    pub utilization: Option<f64>,
}

/// `redline perf`.
#[derive(Debug, Args)]
pub struct PerfArgs {
    /// Chip id, label or alias (or --spec FILE).
    #[arg(long)]
    pub chip: Option<String>,
    /// A chip spec file instead of --chip.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    #[command(flatten)]
    pub workload: Workload,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub(crate) fn parse<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    v.parse::<T>().map_err(|e| {
        let names: Vec<&str> = match flag {
            "engine" => Engine::ALL.iter().map(|e| e.as_str()).collect(),
            "precision" | "kv-precision" => Precision::ALL.iter().map(|p| p.as_str()).collect(),
            _ => Vec::new(),
        };
        anyhow!("--{flag} {v:?}: {e}{}", redline_catalog::load::did_you_mean(v, &names))
    })
}

/// Loads a model from the zoo or a config.json path.
pub fn model(arg: &str) -> Result<ModelConfig> {
    // A zoo id is the zoo's model, whatever files the working directory holds.
    if let Ok(m) = zoo_model(arg) {
        return Ok(m.clone());
    }
    let path = Path::new(arg);
    if path.extension().is_some_and(|e| e == "json") || path.is_file() {
        let text = crate::context::read_input(path, crate::context::MAX_MODEL_BYTES, "model config")?;
        let id = path.file_stem().map_or_else(|| arg.to_string(), |s| s.to_string_lossy().into_owned());
        return ModelConfig::from_json_str(&id, &text).with_context(|| format!("model config {}", path.display()));
    }
    Ok(zoo_model(arg)?.clone())
}

/// A [`PerfRequest`] from flag pairs, its errors naming the flag (`--kv-precision "x": ...`).
///
/// # Errors
/// The first bad flag.
pub fn perf_request(pairs: &[(&'static str, String)]) -> Result<PerfRequest> {
    PerfRequest::from_pairs(pairs).map_err(|e| match e {
        PerfError::InvalidParam { field, value, expected } => {
            let flag = field.replace('_', "-");
            if value.is_empty() { anyhow!("--{flag}: {expected}") } else { anyhow!("--{flag} {value:?}: {expected}") }
        }
        other => other.into(),
    })
}

impl Workload {
    /// The flags as [`PerfRequest`] pairs.
    #[must_use]
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = self.model.pairs();
        out.push(("batch", self.batch.clone()));
        let c = &self.cost;
        let numbers = [
            ("max_ttft", self.max_ttft),
            ("max_tpot", self.max_tpot),
            ("price_usd", c.price_usd),
            ("power_w", c.power_w),
            ("pue", c.pue),
            ("electricity", c.electricity),
            ("utilization", c.utilization),
        ];
        // Debug formatting round-trips (`1e308`, `-0.0`, `NaN`) and reads as typed.
        out.extend(numbers.into_iter().filter_map(|(k, v)| v.map(|v| (k, format!("{v:?}")))));
        let text = [("scenario", &self.scenario), ("mlperf", &self.mlperf), ("sweep", &self.sweep)];
        out.extend(text.into_iter().filter_map(|(k, v)| v.clone().map(|v| (k, v))));
        out
    }

    /// The checked request.
    ///
    /// # Errors
    /// The first bad flag.
    pub fn request(&self) -> Result<PerfRequest> {
        perf_request(&self.pairs())
    }
}

/// The model and static-batch request of `compare`, and the limits of `--batch best`.
pub(crate) fn request(w: &Workload) -> Result<(ModelConfig, InferenceRequest, Option<ThroughputLimits>)> {
    let r = w.request()?;
    let limits = match r.mode() {
        PerfMode::Static => None,
        PerfMode::Best(l) => Some(l),
        PerfMode::Serving { .. } => bail!("--scenario/--mlperf apply to `redline perf`"),
    };
    if r.sweep {
        bail!("--sweep applies to `redline perf`");
    }
    Ok((model(r.model_name())?, r.inference_request(""), limits))
}

/// One prediction, as the CLI prints it.
pub fn predict(chip: &Chip, w: &Workload) -> Result<PerfOutput> {
    let r = w.request()?;
    Ok(r.run(chip, &model(r.model_name())?)?)
}

fn run_sweep(chip: &Chip, w: &Workload, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    let hw = hardware_from_chip(chip);
    let r = w.request()?;
    let m = model(r.model_name())?;
    let req = r.inference_request(&hw.family);
    let sweep = r.sweep_on(&hw, &m)?;
    let (limits, points) = (sweep.limits, &sweep.points);
    if points.is_empty() {
        bail!("{} does not fit on {} × {}: no concurrency to sweep", m.id, req.gpus, chip.spec.label());
    }
    let meets = |p: &OperatingPoint| sweep.meets(p);
    match format {
        OutputFormat::Json => {
            #[derive(Serialize)]
            struct Row<'a> {
                #[serde(flatten)]
                point: &'a OperatingPoint,
                meets_limits: bool,
            }
            let rows: Vec<Row<'_>> = points.iter().map(|p| Row { point: p, meets_limits: meets(p) }).collect();
            output::json(
                out,
                &serde_json::json!({"chip": chip.spec.id, "model": m.id, "limits": limits, "points": rows}),
            )
        }
        OutputFormat::Csv => {
            let rows: Vec<Vec<String>> = points
                .iter()
                .map(|p| {
                    vec![
                        p.concurrency.to_string(),
                        p.output_tokens_per_s.to_string(),
                        p.output_tokens_per_s_per_chip.to_string(),
                        p.output_tokens_per_s_per_user.to_string(),
                        p.ttft_s.to_string(),
                        p.tpot_s.to_string(),
                        p.request_latency_s.to_string(),
                        meets(p).to_string(),
                    ]
                })
                .collect();
            output::csv(
                out,
                &[
                    "concurrency",
                    "output_tokens_per_s",
                    "output_tokens_per_s_per_chip",
                    "output_tokens_per_s_per_user",
                    "ttft_s",
                    "tpot_s",
                    "request_latency_s",
                    "meets_limits",
                ],
                &rows,
            )
        }
        OutputFormat::Table => {
            writeln!(
                out,
                "{} × {} serving {} ({}), engine {}, {} in / {} out tokens: continuous batching by concurrency",
                req.gpus,
                chip.spec.label(),
                m.id,
                req.precision,
                req.engine,
                req.input_len,
                req.output_len
            )?;
            let mut t = output::table(&[
                "concurrency",
                "output tok/s",
                "per chip",
                "per user",
                "TTFT s",
                "TPOT ms",
                "meets limits",
            ]);
            for p in points {
                t.add_row(vec![
                    p.concurrency.to_string(),
                    format!("{:.0}", p.output_tokens_per_s),
                    format!("{:.0}", p.output_tokens_per_s_per_chip),
                    format!("{:.1}", p.output_tokens_per_s_per_user),
                    format!("{:.3}", p.ttft_s),
                    format!("{:.2}", p.tpot_s * 1e3),
                    if meets(p) { "yes" } else { "no" }.to_string(),
                ]);
            }
            writeln!(out, "{t}")?;
            Ok(())
        }
    }
}

pub fn run_perf(args: &PerfArgs, catalog: &CatalogArgs, out: &mut dyn Write) -> Result<()> {
    let ctx = Context::load(catalog, args.spec.as_slice())?;
    let chip = ctx.chip(args.chip.as_ref())?;
    if args.workload.sweep.is_some() {
        return run_sweep(chip, &args.workload, args.format, out);
    }
    let p = predict(chip, &args.workload)?;
    match args.format {
        OutputFormat::Json => output::json(out, &p),
        OutputFormat::Csv => output::csv(
            out,
            &[
                "chip",
                "model",
                "engine",
                "gpus",
                "batch",
                "fits",
                "latency_s",
                "ttft_s",
                "tpot_s",
                "output_tokens_per_s",
                "total_tokens_per_s",
                "weights_gb",
                "kv_cache_gb",
                "total_gb",
            ],
            &[vec![
                chip.spec.id.clone(),
                p.prediction.model.clone(),
                p.prediction.engine.to_string(),
                p.prediction.gpus.to_string(),
                p.prediction.batch.to_string(),
                p.prediction.fits.to_string(),
                output::cell(p.prediction.latency_s),
                output::cell(p.prediction.ttft_s),
                output::cell(p.prediction.tpot_s),
                output::cell(p.prediction.output_tokens_per_s),
                output::cell(p.prediction.total_tokens_per_s),
                p.prediction.memory_gb.weights.to_string(),
                p.prediction.memory_gb.kv_cache.to_string(),
                p.prediction.memory_gb.total.to_string(),
            ]],
        ),
        OutputFormat::Table => {
            let r = &p.prediction;
            writeln!(
                out,
                "{} × {} serving {} ({}), engine {}, {} in / {} out tokens, batch {}{}",
                r.gpus,
                chip.spec.label(),
                r.model,
                if r.weight_precision == r.precision {
                    r.precision.to_string()
                } else {
                    format!("{}, requested {}", r.weight_precision, r.precision)
                },
                r.engine,
                r.input_len,
                r.output_len,
                r.batch,
                if r.fits {
                    String::new()
                } else if r.max_batch == 0 {
                    " (does not fit: not even one sequence)".to_string()
                } else {
                    format!(" (does not fit: {} waves, max batch {})", r.waves, r.max_batch)
                }
            )?;
            let mut t = output::table(&["", "value"]);
            let unit = |v: Option<f64>, scale: f64, decimals: usize, unit: &str| {
                v.map_or_else(|| "does not fit".to_string(), |x| format!("{:.decimals$}{unit}", x * scale))
            };
            if let Some(c) = p.concurrency {
                t.add_row(vec!["concurrency (sequences in flight)".into(), c.to_string()]);
            }
            t.add_row(vec!["time to first token".into(), unit(r.ttft_s, 1.0, 3, " s")]);
            t.add_row(vec!["time per output token".into(), unit(r.tpot_s, 1e3, 2, " ms")]);
            let latency_label = if p.serving.is_some() { "one request's latency" } else { "whole batch latency" };
            t.add_row(vec![latency_label.into(), unit(r.latency_s, 1.0, 2, " s")]);
            t.add_row(vec!["output tokens/s (system)".into(), unit(r.output_tokens_per_s, 1.0, 0, "")]);
            t.add_row(vec!["total tokens/s (system)".into(), unit(r.total_tokens_per_s, 1.0, 0, "")]);
            t.add_row(vec!["output tokens/s per chip".into(), unit(r.output_tokens_per_s_per_chip, 1.0, 0, "")]);
            t.add_row(vec![
                "memory per chip (weights / KV / total)".into(),
                format!("{:.1} / {:.1} / {:.1} GB", r.memory_gb.weights, r.memory_gb.kv_cache, r.memory_gb.total),
            ]);
            t.add_row(vec!["max batch that fits".into(), r.max_batch.to_string()]);
            t.add_row(vec!["prefill bound by".into(), format!("{:?}", r.prefill.bound).to_lowercase()]);
            t.add_row(vec!["decode bound by".into(), format!("{:?}", r.decode.bound).to_lowercase()]);
            t.add_row(vec![
                "cost per million output tokens".into(),
                p.cost
                    .usd_per_million_output_tokens
                    .map_or("unknown (price or power missing)".into(), |c| format!("${c:.3}")),
            ]);
            t.add_row(vec!["efficiency factors from".into(), format!("{} / {}", r.engine, r.efficiency_source)]);
            writeln!(out, "{t}")?;
            if let Some(sm) = &p.serving {
                writeln!(
                    out,
                    "{} scenario{}: concurrency limited by {}{}",
                    sm.scenario,
                    sm.mlperf.map_or(String::new(), |b| format!(" (MLPerf {})", b.id)),
                    sm.limited_by,
                    if sm.meets_limits { "" } else { " (limits not met)" }
                )?;
            }
            if let Some(tm) = &p.throughput_mode {
                writeln!(
                    out,
                    "throughput mode: batch limited by {}{}",
                    tm.limited_by,
                    if tm.meets_limits { "" } else { " (limits not met even at batch 1)" }
                )?;
            }
            if !p.weak_evidence.is_empty() {
                writeln!(
                    out,
                    "caution: {} for this chip are press-reported or estimated (see `redline show {}`)",
                    p.weak_evidence.join(", "),
                    chip.spec.id
                )?;
            }
            for n in &r.notes {
                writeln!(out, "note: {n}")?;
            }
            writeln!(out, "cost assumptions: {}", serde_json::to_string(&p.cost.inputs)?)?;
            Ok(())
        }
    }
}
