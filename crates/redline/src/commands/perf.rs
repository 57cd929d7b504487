//! `redline perf`: what a chip does serving an LLM; and the flags and helpers the other
//! performance commands (`compare`, `train`, `plot roofline|compare`, the web API) share.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use clap::Args;
use serde::Serialize;

use redline_catalog::{Chip, Grade};
use redline_perf::{
    Batch, CostEstimate, CostInputs, Engine, InferencePrediction, InferenceRequest, ModelConfig, Precision,
    ThroughputLimits, best_throughput, cost_per_million_tokens, hardware_from_chip, predict_inference, zoo_model,
};

use crate::args::{CatalogArgs, OutputFormat};
use crate::context::Context;
use crate::output;

/// The model and system flags every performance command shares (`perf`, `compare`, `plot
/// roofline|compare`).
#[derive(Debug, Args)]
pub struct ModelFlags {
    /// Model: an id of the embedded zoo or a path to a Hugging Face config.json.
    #[arg(long)]
    pub model: String,
    /// Chips in the system (alone: tensor parallelism over N for dense models, a default layout for MoE).
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
    /// Prompt tokens per sequence.
    #[arg(long, default_value_t = 1024)]
    pub input: u32,
    /// Generated tokens per sequence.
    #[arg(long, default_value_t = 1024)]
    pub output: u32,
    /// Weight (and compute) format: bf16 fp16 fp8 int8 int4 fp4.
    #[arg(long, default_value = "bf16")]
    pub precision: String,
    /// KV-cache format (default: bf16, fp16 with --precision fp16).
    #[arg(long)]
    pub kv_precision: Option<String>,
    /// Engine profile: ideal trtllm vllm sglang.
    #[arg(long, default_value = "trtllm")]
    pub engine: String,
    /// Weights stored in --precision, math in 16-bit (GPTQ/AWQ style).
    #[arg(long)]
    pub weight_only: bool,
}

impl ModelFlags {
    /// The model and the request these flags describe, for a given batch.
    ///
    /// # Errors
    /// Unknown model, format or engine; zero chips or tokens.
    pub fn resolve(&self, batch: Batch) -> Result<(ModelConfig, InferenceRequest)> {
        if self.gpus == 0 {
            bail!("--gpus must be at least 1");
        }
        if self.input == 0 || self.output == 0 {
            bail!("--input and --output must be at least 1 token");
        }
        // Bounds a request can be worked out within: far past any real deployment.
        if self.gpus > 1 << 20 {
            bail!("--gpus {}: expected 1 to 1048576 chips", self.gpus);
        }
        for (flag, v) in [("input", self.input), ("output", self.output)] {
            if v > 1 << 22 {
                bail!("--{flag} {v}: expected 1 to 4194304 tokens");
            }
        }
        for (flag, v) in [("tp", self.tp), ("pp", self.pp), ("ep", self.ep)] {
            if let Some(v) = v
                && !(1..=1 << 20).contains(&v)
            {
                bail!("--{flag} {v}: expected 1 to 1048576 chips");
            }
        }
        let req = InferenceRequest {
            gpus: self.gpus,
            tp: self.tp,
            pp: self.pp,
            ep: self.ep,
            batch,
            input_len: self.input,
            output_len: self.output,
            precision: parse("precision", &self.precision)?,
            kv_precision: self.kv_precision.as_deref().map(|p| parse::<Precision>("kv-precision", p)).transpose()?,
            engine: parse::<Engine>("engine", &self.engine)?,
            weight_only: self.weight_only,
        };
        Ok((model(&self.model)?, req))
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
    /// Throughput mode limit: largest time to first token, seconds.
    #[arg(long)]
    pub max_ttft: Option<f64>,
    /// Throughput mode limit: largest time per output token, seconds.
    #[arg(long)]
    pub max_tpot: Option<f64>,
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

pub(crate) fn request(w: &Workload) -> Result<(ModelConfig, InferenceRequest, Option<ThroughputLimits>)> {
    let (batch, best) = match w.batch.as_str() {
        "max" => (Batch::Max, false),
        "best" => (Batch::Max, true),
        n => {
            let b: u32 = parse("batch", n)?;
            if b == 0 || b > 1 << 20 {
                bail!("--batch {b}: expected 1 to 1048576 sequences, `max` or `best`");
            }
            (Batch::Fixed(b), false)
        }
    };
    if !best && (w.max_ttft.is_some() || w.max_tpot.is_some()) {
        bail!("--max-ttft/--max-tpot apply to --batch best");
    }
    for (flag, v) in [("max-ttft", w.max_ttft), ("max-tpot", w.max_tpot)] {
        if let Some(x) = v {
            crate::context::bounded(flag, x, 1e-9, 1e6, "seconds")?;
        }
    }
    let (m, req) = w.model.resolve(batch)?;
    Ok((m, req, best.then_some(ThroughputLimits { ttft_s: w.max_ttft, tpot_s: w.max_tpot })))
}

fn cost_inputs(c: &CostArgs) -> Result<CostInputs> {
    let mut inputs = CostInputs::default();
    // Physical bounds: a PUE under 1 is a data centre that makes energy; the other ceilings
    // are far above any real chip or tariff (so `--electricity 1e308` cannot print `$inf`).
    for (flag, v, lo, hi, unit) in [
        ("price-usd", c.price_usd, 1.0, 1e8, "USD"),
        ("power-w", c.power_w, 0.1, 1e5, "W"),
        ("pue", c.pue, 1.0, 5.0, "(facility power over IT power)"),
        ("electricity", c.electricity, 1e-6, 100.0, "USD per kWh"),
        ("utilization", c.utilization, 1e-6, 1.0, "(a fraction)"),
    ] {
        if let Some(x) = v {
            crate::context::bounded(flag, x, lo, hi, unit)?;
        }
    }
    inputs.price_usd = c.price_usd;
    inputs.power_w = c.power_w;
    if let Some(x) = c.pue {
        inputs.pue = x;
    }
    if let Some(x) = c.electricity {
        inputs.electricity_usd_per_kwh = x;
    }
    if let Some(x) = c.utilization {
        if x > 1.0 {
            bail!("--utilization is a fraction between 0 and 1");
        }
        inputs.utilization = x;
    }
    Ok(inputs)
}

/// The specs a buyer should not take at face value: values graded press or estimate.
pub fn weak_evidence(chip: &Chip) -> Vec<&'static str> {
    let weak = |g: Option<Grade>| g.is_some_and(|g| g >= Grade::Press);
    let m = &chip.metrics;
    let mut out = Vec::new();
    if weak(m.tpp.and_then(|x| x.grade)) {
        out.push("compute");
    }
    if weak(m.dram_bandwidth_gbs.and_then(|x| x.grade)) {
        out.push("DRAM bw");
    }
    if weak(m.memory_capacity_gb.and_then(|x| x.grade)) {
        out.push("capacity");
    }
    if weak(m.chip_to_chip_gbs.and_then(|x| x.grade)) {
        out.push("link");
    }
    out
}

/// What `redline perf --format json` prints: the prediction, plus cost and throughput-mode details.
#[derive(Serialize)]
pub struct PerfOutput {
    #[serde(flatten)]
    prediction: InferencePrediction,
    cost: CostEstimate,
    #[serde(skip_serializing_if = "Option::is_none")]
    throughput_mode: Option<ThroughputMode>,
    weak_evidence: Vec<&'static str>,
}

#[derive(Serialize)]
struct ThroughputMode {
    limits: ThroughputLimits,
    limited_by: String,
    meets_limits: bool,
}

/// One prediction, as the CLI and the web API return it.
pub fn predict(chip: &Chip, w: &Workload) -> Result<PerfOutput> {
    let hw = hardware_from_chip(chip);
    let (m, req, limits) = request(w)?;
    let cost_in = cost_inputs(&w.cost)?;
    let (prediction, throughput_mode) = match limits {
        Some(limits) => {
            let t = best_throughput(&hw, &m, &req, limits)?;
            (t.best, Some(ThroughputMode { limits: t.limits, limited_by: t.limited_by, meets_limits: t.meets_limits }))
        }
        None => (predict_inference(&hw, &m, &req)?, None),
    };
    let cost = cost_per_million_tokens(&hw, &prediction, &cost_in);
    Ok(PerfOutput { prediction, cost, throughput_mode, weak_evidence: weak_evidence(chip) })
}

pub fn run_perf(args: &PerfArgs, catalog: &CatalogArgs, out: &mut dyn Write) -> Result<()> {
    let ctx = Context::load(catalog, args.spec.as_slice())?;
    let chip = ctx.chip(args.chip.as_ref())?;
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
                p.prediction.latency_s.to_string(),
                p.prediction.ttft_s.to_string(),
                p.prediction.tpot_s.to_string(),
                p.prediction.output_tokens_per_s.to_string(),
                p.prediction.total_tokens_per_s.to_string(),
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
                r.precision.as_str(),
                r.engine,
                r.input_len,
                r.output_len,
                r.batch,
                if r.fits {
                    String::new()
                } else {
                    format!(" (does not fit: {} waves, max batch {})", r.waves, r.max_batch)
                }
            )?;
            let mut t = output::table(&["", "value"]);
            t.add_row(vec!["time to first token".into(), format!("{:.3} s", r.ttft_s)]);
            t.add_row(vec!["time per output token".into(), format!("{:.2} ms", r.tpot_s * 1e3)]);
            t.add_row(vec!["whole batch latency".into(), format!("{:.2} s", r.latency_s)]);
            t.add_row(vec!["output tokens/s (system)".into(), format!("{:.0}", r.output_tokens_per_s)]);
            t.add_row(vec!["total tokens/s (system)".into(), format!("{:.0}", r.total_tokens_per_s)]);
            t.add_row(vec!["output tokens/s per chip".into(), format!("{:.0}", r.output_tokens_per_s_per_chip)]);
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
