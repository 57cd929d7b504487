//! `redline perf`: what a chip does serving an LLM; and the flags and helpers the other
//! performance commands (`compare`, `train`, `plot roofline|compare`, the web API) share.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use clap::Args;
use serde::Serialize;

use redline_catalog::{Chip, Grade};
use redline_perf::{
    Batch, CostEstimate, CostInputs, Engine, InferencePrediction, InferenceRequest, MlperfBenchmark, ModelConfig,
    OperatingPoint, Precision, Scenario, ThroughputLimits, best_serving, best_throughput, cost_per_million_tokens,
    hardware_from_chip, mlperf_benchmark, predict_inference, sweep_concurrency, zoo_model,
};

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

/// Defaults a preset (`--mlperf`) gives the model flags.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Zoo model id.
    pub model: &'static str,
    /// Mean prompt tokens.
    pub input: u32,
    /// Mean output tokens.
    pub output: u32,
    /// Format.
    pub precision: Precision,
    /// Engine.
    pub engine: Engine,
}

impl ModelFlags {
    /// The model and the request these flags describe, for a given batch.
    ///
    /// # Errors
    /// Unknown model, format or engine; zero chips or tokens.
    pub fn resolve(&self, batch: Batch) -> Result<(ModelConfig, InferenceRequest)> {
        self.resolve_with(batch, None)
    }

    /// As [`ModelFlags::resolve`], with a preset filling the flags not given.
    ///
    /// # Errors
    /// As [`ModelFlags::resolve`].
    pub fn resolve_with(&self, batch: Batch, preset: Option<Preset>) -> Result<(ModelConfig, InferenceRequest)> {
        if self.gpus == 0 {
            bail!("--gpus must be at least 1");
        }
        let input = self.input.or(preset.map(|p| p.input)).unwrap_or(1024);
        let output = self.output.or(preset.map(|p| p.output)).unwrap_or(1024);
        if input == 0 || output == 0 {
            bail!("--input and --output must be at least 1 token");
        }
        // Bounds a request can be worked out within: far past any real deployment.
        if self.gpus > 1 << 20 {
            bail!("--gpus {}: expected 1 to 1048576 chips", self.gpus);
        }
        for (flag, v) in [("input", input), ("output", output)] {
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
        let precision = match &self.precision {
            Some(p) => parse("precision", p)?,
            None => preset.map_or(Precision::Bf16, |p| p.precision),
        };
        let engine = match &self.engine {
            Some(e) => parse::<Engine>("engine", e)?,
            None => preset.map_or(Engine::Trtllm, |p| p.engine),
        };
        let req = InferenceRequest {
            gpus: self.gpus,
            tp: self.tp,
            pp: self.pp,
            ep: self.ep,
            batch,
            input_len: input,
            output_len: output,
            precision,
            kv_precision: self.kv_precision.as_deref().map(|p| parse::<Precision>("kv-precision", p)).transpose()?,
            engine,
            weight_only: self.weight_only,
        };
        let name = match (&self.model, preset) {
            (Some(m), _) => m.as_str(),
            (None, Some(p)) => p.model,
            (None, None) => bail!("--model is required (an id from `redline models`, or --mlperf BENCH)"),
        };
        Ok((model(name)?, req))
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

/// What a workload asks for, after checking the flags against each other.
pub(crate) enum Mode {
    /// One static batch (`--batch N|max`).
    Static,
    /// The best static batch under limits (`--batch best`).
    Best(ThroughputLimits),
    /// Serving at a scenario's limits.
    Serving { scenario: Scenario, limits: ThroughputLimits, mlperf: Option<&'static MlperfBenchmark> },
}

/// The engine a chip's vendor submits MLPerf results with.
fn vendor_engine(family: &str) -> Engine {
    match family.to_ascii_lowercase().as_str() {
        "hopper" | "blackwell" | "ampere" | "ada" | "volta" | "turing" => Engine::Trtllm,
        _ => Engine::Vllm,
    }
}

pub(crate) fn request(w: &Workload) -> Result<(ModelConfig, InferenceRequest, Option<ThroughputLimits>)> {
    let (m, req, mode) = request_for(w, "")?;
    let limits = match mode {
        Mode::Static => None,
        Mode::Best(l) => Some(l),
        Mode::Serving { .. } => bail!("--scenario/--mlperf apply to `redline perf`"),
    };
    Ok((m, req, limits))
}

/// The model, the request and the mode, for a chip of `family` (which picks the MLPerf engine).
pub(crate) fn request_for(w: &Workload, family: &str) -> Result<(ModelConfig, InferenceRequest, Mode)> {
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
    for (flag, v) in [("max-ttft", w.max_ttft), ("max-tpot", w.max_tpot)] {
        if let Some(x) = v {
            crate::context::bounded(flag, x, 1e-9, 1e6, "seconds")?;
        }
    }
    let bench = w.mlperf.as_deref().map(mlperf_benchmark).transpose()?;
    let scenario = match (&w.scenario, bench) {
        (Some(s), _) => Some(parse::<Scenario>("scenario", s)?),
        (None, Some(_)) => Some(Scenario::Server),
        (None, None) => None,
    };
    let given = ThroughputLimits { ttft_s: w.max_ttft, tpot_s: w.max_tpot };
    let has_limits = given.ttft_s.is_some() || given.tpot_s.is_some();
    let mode = match scenario {
        None if best => Mode::Best(given),
        None if has_limits => bail!("--max-ttft/--max-tpot apply to --batch best or --scenario"),
        None => Mode::Static,
        Some(sc) => {
            if best {
                bail!("--batch best and --scenario are two different modes: pick one");
            }
            if w.batch != "1" {
                bail!(
                    "--batch {} does not apply to --scenario/--mlperf: serving mode chooses the concurrency",
                    w.batch
                );
            }
            let reference = bench.or_else(|| mlperf_benchmark("llama2-70b").ok());
            let limits = match (sc, has_limits) {
                (Scenario::Offline, _) | (_, true) => given,
                (_, false) => {
                    let Some((ttft, tpot)) = reference.and_then(|b| b.limits(sc)) else {
                        bail!(
                            "--mlperf {}: the recorded MLPerf rules give no {sc} latency limits; pass --max-ttft/--max-tpot",
                            bench.map_or("", |b| b.id)
                        );
                    };
                    ThroughputLimits { ttft_s: Some(ttft), tpot_s: Some(tpot) }
                }
            };
            Mode::Serving { scenario: sc, limits, mlperf: bench }
        }
    };
    let preset = bench.map(|b| Preset {
        model: b.model,
        input: b.mean_input_tokens,
        output: b.mean_output_tokens,
        precision: b.precision,
        engine: vendor_engine(family),
    });
    if let (Some(b), Some(m)) = (bench, &w.model.model)
        && zoo_model(m).map(|z| z.id.as_str()) != Ok(b.model)
    {
        bail!("--mlperf {} runs model `{}`; drop --model or pick another benchmark", b.id, b.model);
    }
    let (m, req) = w.model.resolve_with(batch, preset)?;
    Ok((m, req, mode))
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

/// What `redline perf --format json` prints: the prediction, plus cost, throughput-mode and
/// serving-mode details.
#[derive(Serialize)]
pub struct PerfOutput {
    #[serde(flatten)]
    prediction: InferencePrediction,
    /// Serving mode: sequences in flight at the chosen operating point, whole system (0 when
    /// nothing fits).
    #[serde(skip_serializing_if = "Option::is_none")]
    concurrency: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    serving: Option<ServingMode>,
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

#[derive(Serialize)]
struct ServingMode {
    scenario: Scenario,
    #[serde(skip_serializing_if = "Option::is_none")]
    mlperf: Option<&'static MlperfBenchmark>,
    limits: ThroughputLimits,
    max_concurrency: u32,
    limited_by: String,
    meets_limits: bool,
    request_latency_s: Option<f64>,
}

/// One prediction, as the CLI and the web API return it.
pub fn predict(chip: &Chip, w: &Workload) -> Result<PerfOutput> {
    let hw = hardware_from_chip(chip);
    let (m, req, mode) = request_for(w, &hw.family)?;
    let cost_in = cost_inputs(&w.cost)?;
    let (prediction, throughput_mode, serving, concurrency) = match mode {
        Mode::Best(limits) => {
            let t = best_throughput(&hw, &m, &req, limits)?;
            let tm = ThroughputMode { limits: t.limits, limited_by: t.limited_by, meets_limits: t.meets_limits };
            (t.best, Some(tm), None, None)
        }
        Mode::Static => (predict_inference(&hw, &m, &req)?, None, None, None),
        Mode::Serving { scenario, limits, mlperf } => {
            let s = best_serving(&hw, &m, &req, scenario, limits)?;
            let mut prediction = s.prediction;
            if let Some(b) = mlperf {
                prediction.notes.push(format!(
                    "MLPerf {}: mean input {} ({}), mean output {} ({}); limits from {}",
                    b.id,
                    req.input_len,
                    if w.model.input.is_some() { "--input" } else { b.input_source },
                    req.output_len,
                    if w.model.output.is_some() { "--output" } else { b.output_source },
                    b.limits_source()
                ));
            } else if scenario != Scenario::Offline && w.max_ttft.is_none() && w.max_tpot.is_none() {
                prediction
                    .notes
                    .push(format!("{scenario} limits default to MLPerf llama2-70b's (loadgen mlperf.conf)"));
            }
            let concurrency = Some(s.point.map_or(0, |p| p.concurrency));
            let sm = ServingMode {
                scenario,
                mlperf,
                limits: s.limits,
                max_concurrency: s.max_concurrency,
                limited_by: s.limited_by,
                meets_limits: s.meets_limits,
                request_latency_s: s.point.map(|p| p.request_latency_s),
            };
            (prediction, None, Some(sm), concurrency)
        }
    };
    let cost = cost_per_million_tokens(&hw, &prediction, &cost_in);
    Ok(PerfOutput { prediction, concurrency, serving, cost, throughput_mode, weak_evidence: weak_evidence(chip) })
}

fn run_sweep(chip: &Chip, w: &Workload, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    let hw = hardware_from_chip(chip);
    let (m, req, mode) = request_for(w, &hw.family)?;
    if matches!(mode, Mode::Best(_)) {
        bail!("--sweep concurrency and --batch best are two different modes: pick one");
    }
    let limits = match mode {
        Mode::Serving { limits, .. } => limits,
        _ => ThroughputLimits::default(),
    };
    let points = sweep_concurrency(&hw, &m, &req)?;
    if points.is_empty() {
        bail!("{} does not fit on {} × {}: no concurrency to sweep", m.id, req.gpus, chip.spec.label());
    }
    let meets =
        |p: &OperatingPoint| limits.ttft_s.is_none_or(|t| p.ttft_s <= t) && limits.tpot_s.is_none_or(|t| p.tpot_s <= t);
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
            for p in &points {
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
