//! `redline frontier`: the best design a red line allows for a workload, and how far real
//! chips sit from it; `redline frontier merge`: combine the CSVs of a sharded sweep.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Subcommand};

use redline_search::table::{FileSink, merge};
use redline_search::{
    DesignSpace, FrontierReport, Query, Request, Row, SearchError, Shard, ShiftMetric, frontier, reference_line, vary,
};

use crate::args::{CatalogArgs, OutputFormat};
use crate::context::{Context, date};
use crate::output;

/// `redline frontier` arguments.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct FrontierArgs {
    /// Combine shard outputs.
    #[command(subcommand)]
    pub command: Option<FrontierCommand>,
    #[command(flatten)]
    pub query: QueryArgs,
    /// Sweep only shard I of N (1-based; contiguous index ranges) for array jobs.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Write every evaluated design to FILE (.csv, or .parquet in builds with the parquet feature).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Move a line and rerun: METRIC=FROM..TO[:STEPS], METRIC one of tpp, density, dram, c2c.
    #[arg(long, value_name = "SPEC")]
    pub vary: Option<String>,
    /// The line --vary moves (default: the one of that metric the best design touches).
    #[arg(long, value_name = "VALUE")]
    pub vary_line: Option<f64>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

/// The flags that say what to search (shared by `redline frontier` and `redline plot frontier`).
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Date of the rules (default: today).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// Destination country (ISO alpha-2).
    #[arg(long, default_value = "CN")]
    pub to: String,
    /// Model id from the zoo (e.g. deepseek-v3, llama-3.1-70b).
    #[arg(long)]
    pub model: Option<String>,
    /// decode, prefill or train.
    #[arg(long, default_value = "decode")]
    pub phase: String,
    /// Sequences in flight, whole system (inference; default 64).
    #[arg(long)]
    pub batch: Option<u32>,
    /// Prompt tokens (inference, default 1024) or sequence length (training, default 4096).
    #[arg(long)]
    pub input: Option<u32>,
    /// Generated tokens (inference, default 1024).
    #[arg(long)]
    pub output: Option<u32>,
    /// Chips in the system (default 16 for inference, 1024 for training).
    #[arg(long)]
    pub gpus: Option<u32>,
    /// Weight and matrix format (default fp8).
    #[arg(long)]
    pub precision: Option<String>,
    /// Inference engine profile (default trtllm).
    #[arg(long)]
    pub engine: Option<String>,
    /// What the design must get: no-licence (default), licence-exception, case-by-case.
    #[arg(long, default_value = "no-licence")]
    pub constraint: String,
    /// Divide the objective by board power (watt) or unit price (dollar).
    #[arg(long)]
    pub per: Option<String>,
    /// Second axis of the Pareto front: tpp (default), density, dram, tdp, price, per-watt, per-dollar.
    #[arg(long, default_value = "tpp")]
    pub pareto: String,
    /// Vendor the designs are judged as (company-specific letters name vendors).
    #[arg(long, default_value = "NVIDIA")]
    pub vendor: String,
    /// Performance-model family of the designs (engine efficiency profile).
    #[arg(long, default_value = "hopper")]
    pub family: String,
    /// Logic dies per package to consider, e.g. `--dies 1` (default: the space's list).
    #[arg(long, value_delimiter = ',')]
    pub dies: Vec<u32>,
    /// Also consider consumer-marketed designs (3A090 Note 2), not only datacenter ones.
    #[arg(long)]
    pub consumer: bool,
    /// A design-space file (default: data/design-space/default.toml, embedded).
    #[arg(long, value_name = "FILE")]
    pub space: Option<PathBuf>,
}

impl QueryArgs {
    /// The request these flags make (the date defaults to today).
    ///
    /// # Errors
    /// No `--model`, a bad date, an unreadable space file.
    pub fn request(&self) -> Result<Request> {
        let Some(model) = &self.model else {
            bail!("give --model (e.g. --model deepseek-v3; `redline frontier --help` lists the options)");
        };
        let space = match &self.space {
            Some(p) => Some(
                DesignSpace::parse(&crate::context::read_input(p, crate::context::MAX_SPACE_BYTES, "design space")?)
                    .with_context(|| p.display().to_string())?,
            ),
            None => None,
        };
        let mut r = Request::new(date(self.on.as_ref())?, &self.to, model, &self.phase);
        r.batch = self.batch;
        r.input = self.input;
        r.output = self.output;
        r.gpus = self.gpus;
        r.precision.clone_from(&self.precision);
        r.engine.clone_from(&self.engine);
        r.constraint.clone_from(&self.constraint);
        r.per.clone_from(&self.per);
        r.pareto.clone_from(&self.pareto);
        r.vendor.clone_from(&self.vendor);
        r.family.clone_from(&self.family);
        r.dies.clone_from(&self.dies);
        r.consumer = self.consumer;
        r.space = space;
        Ok(r)
    }
}

/// A checked request as a query; errors name the flag.
///
/// # Errors
/// Any bad flag.
pub fn query_of(r: &Request) -> Result<Query> {
    r.query().map_err(|e| anyhow::anyhow!("--{}: {}", e.field, e.message))
}

/// `redline frontier` subcommands.
#[derive(Debug, Subcommand)]
pub enum FrontierCommand {
    /// Merge the CSV files of a sharded sweep into one, in index order, and report the best row.
    Merge(MergeArgs),
}

/// `redline frontier merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard CSV files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Merged file (.csv, or .parquet in builds with the parquet feature).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

fn parse_vary(s: &str) -> Result<(ShiftMetric, Vec<f64>)> {
    let bad = || anyhow::anyhow!("bad --vary {s:?}: use METRIC=FROM..TO[:STEPS], e.g. tpp=2000..6000:9");
    let (metric, range) = s.split_once('=').ok_or_else(bad)?;
    let metric = ShiftMetric::parse(metric.trim())?;
    let (range, steps) = match range.split_once(':') {
        Some((r, n)) => (r, n.trim().parse::<u32>().map_err(|_| bad())?),
        None => (range, 9),
    };
    let (from, to) = range.split_once("..").ok_or_else(bad)?;
    let from: f64 = from.trim().parse().map_err(|_| bad())?;
    let to: f64 = to.trim().parse().map_err(|_| bad())?;
    if from <= 0.0 || to <= from || !from.is_finite() || !to.is_finite() || to > 1e12 || !(2..=101).contains(&steps) {
        bail!("bad --vary {s:?}: need 0 < FROM < TO ≤ 1e12 (the line's unit) and 2 to 101 steps");
    }
    let positions = (0..steps).map(|i| from + (to - from) * f64::from(i) / f64::from(steps - 1)).collect();
    Ok((metric, positions))
}

fn progress_bar(len: u64, quiet: bool, what: &str) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} designs ({per_sec}, eta {eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_string());
    bar
}

pub fn run(args: &FrontierArgs, catalog_args: &CatalogArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(FrontierCommand::Merge(m)) = &args.command {
        return run_merge(m, out);
    }
    let mut request = args.query.request()?;
    request.shard = args.shard.as_deref().map(Shard::parse).transpose()?.unwrap_or(Shard::ALL);
    let shard = request.shard;
    let vary_spec = args.vary.as_deref().map(parse_vary).transpose()?;
    if let Some(v) = args.vary_line {
        crate::context::bounded("vary-line", v, f64::MIN_POSITIVE, 1e12, "(the line's own unit)")?;
    }
    let query = query_of(&request)?;
    let ctx = Context::load(catalog_args, &[])?;
    let problem_len = query.problem(None)?.grid.len();
    let shard_len = shard.range(problem_len).end - shard.range(problem_len).start;
    let steps = vary_spec.as_ref().map_or(0, |(_, p)| p.len() as u64);
    redline_search::check_work(problem_len, shard_len, steps)
        .map_err(|e| anyhow::anyhow!("--{}: {}", e.field, e.message))?;
    let bar = progress_bar(shard_len, args.quiet, "sweep");
    let tick = |n: u64| bar.set_position(n);
    let mut sink = args.out.as_deref().map(FileSink::create).transpose()?;
    let mut write_rows = |rows: &[Row]| -> Result<(), SearchError> {
        match sink.as_mut() {
            Some(s) => s.rows(rows),
            None => Ok(()),
        }
    };
    let mut report = if args.out.is_some() {
        frontier(&query, &ctx.catalog, &tick, Some(&mut write_rows))?
    } else {
        frontier(&query, &ctx.catalog, &tick, None)?
    };
    bar.finish_and_clear();
    if let Some(s) = sink {
        s.finish()?;
    }
    if let Some((metric, positions)) = vary_spec {
        let reference = match args.vary_line {
            Some(v) => v,
            None => reference_line(&query, metric, report.best.as_ref())?,
        };
        let bar = progress_bar(problem_len * positions.len() as u64, args.quiet, "vary");
        let base = std::sync::atomic::AtomicU64::new(0);
        let tick = |n: u64| bar.set_position(base.load(std::sync::atomic::Ordering::Relaxed) + n);
        let _ = &base;
        let baseline = report.best.as_ref().map(|b| b.objective);
        report.vary = Some(vary(&query, metric, reference, &positions, baseline, &tick)?);
        bar.finish_and_clear();
    }
    print_report(&report, args.format, out)
}

fn num(v: f64) -> String {
    output::num(Some(v))
}

fn print_report(r: &FrontierReport, format: OutputFormat, out: &mut dyn Write) -> Result<()> {
    match format {
        OutputFormat::Json => output::json(out, r),
        OutputFormat::Csv => output::csv(
            out,
            &[
                "id",
                "label",
                "objective",
                "gap_percent",
                "allowed",
                "tpp",
                "memory_bandwidth_gbs",
                "verdict",
                "position",
            ],
            &r.chips
                .iter()
                .map(|c| {
                    vec![
                        c.id.clone(),
                        c.label.clone(),
                        c.objective.to_string(),
                        c.gap_percent.to_string(),
                        c.allowed.to_string(),
                        c.tpp.map(|v| v.to_string()).unwrap_or_default(),
                        c.memory_bandwidth_gbs.map(|v| v.to_string()).unwrap_or_default(),
                        c.verdict.clone(),
                        c.position.to_string(),
                    ]
                })
                .collect::<Vec<_>>(),
        ),
        OutputFormat::Table => {
            writeln!(out, "Constraint: {}", r.constraint_text)?;
            writeln!(out, "Objective:  {}", r.objective)?;
            writeln!(
                out,
                "Searched:   {} designs evaluated ({} grid points, {} allowed), space `{}`, designs judged as {} and modelled as {}",
                r.evaluated, r.grid_points, r.allowed, r.space, r.vendor, r.family
            )?;
            match &r.best {
                None => writeln!(out, "\nNo allowed design can run this workload.")?,
                Some(b) => {
                    writeln!(out, "\nBest allowed design ({}): objective {}", b.origin, num(b.objective))?;
                    if let Some(d) = &b.design {
                        writeln!(
                            out,
                            "  {} x {} mm2 logic, {} dense BF16 TFLOP/s ({} FP8), TPP {}, density {:.3}",
                            d.dies,
                            num(d.die_area_mm2),
                            num(d.bf16_tflops),
                            num(d.fp8_tflops),
                            num(d.tpp),
                            d.performance_density
                        )?;
                        writeln!(
                            out,
                            "  {} x {} {} ({} GB/unit, speed {:.3}): {} GB/s, {} GB; chip-to-chip {} GB/s, host {} GB/s; {}; ~{} W, ~{} USD",
                            d.memory_units,
                            d.memory_type,
                            if d.memory_type.starts_with("HBM") { "stacks" } else { "units" },
                            num(d.memory_unit_gb),
                            d.memory_speed,
                            num(d.memory_bandwidth_gbs),
                            num(d.memory_capacity_gb),
                            num(d.chip_to_chip_gbs),
                            num(d.host_gbs),
                            if d.datacenter { "datacenter" } else { "consumer-marketed" },
                            num(d.tdp_w),
                            num(d.price_usd)
                        )?;
                    }
                    writeln!(out, "  verdict: {}", b.verdict)?;
                    if b.binding_detail.is_empty() {
                        writeln!(out, "  binding lines: none within 2% (the design space's bounds bind)")?;
                    }
                    for l in &b.binding_detail {
                        writeln!(
                            out,
                            "  binding: {} ({}) line {} vs {} ({:.2}% under)",
                            l.id,
                            l.metric,
                            num(l.line),
                            num(l.value),
                            l.margin_percent
                        )?;
                    }
                }
            }
            let mut t = output::table(&["chip", "objective", "gap to best", "allowed", "TPP", "DRAM GB/s"]);
            for c in &r.chips {
                t.add_row(vec![
                    c.label.clone(),
                    num(c.objective),
                    match c.position {
                        "at" => "best".to_string(),
                        side => format!(
                            "{:.1}% {side}{}",
                            c.gap_percent,
                            if c.gpus == r.workload.gpus { String::new() } else { format!(" (on {} chips)", c.gpus) }
                        ),
                    },
                    output::yes_no(Some(c.allowed)).to_string(),
                    output::num(c.tpp),
                    output::num(c.memory_bandwidth_gbs),
                ]);
            }
            writeln!(out, "\n{t}")?;
            if !r.unscored.is_empty() {
                writeln!(
                    out,
                    "Not scored: {}",
                    r.unscored.iter().map(|u| format!("{} ({})", u.id, u.reason)).collect::<Vec<_>>().join("; ")
                )?;
            }
            if let Some(v) = &r.vary {
                writeln!(
                    out,
                    "\nSensitivity: the {:?} line at {} moved (other {:?} lines in proportion)",
                    v.metric,
                    num(v.reference),
                    v.metric
                )?;
                let mut t =
                    output::table(&["line", "best objective", "change", "best TPP", "best DRAM GB/s", "binding"]);
                for p in &v.points {
                    t.add_row(vec![
                        num(p.line),
                        output::num(p.objective),
                        p.change_percent.map_or("-".into(), |c| format!("{c:+.1}%")),
                        output::num(p.tpp),
                        output::num(p.memory_bandwidth_gbs),
                        p.binding.join(", "),
                    ]);
                }
                writeln!(out, "{t}")?;
            }
            Ok(())
        }
    }
}

fn run_merge(args: &MergeArgs, out: &mut dyn Write) -> Result<()> {
    let mut inputs: Vec<(String, Box<dyn std::io::Read>)> = Vec::new();
    for p in &args.inputs {
        crate::context::check_input(p, crate::context::MAX_CSV_BYTES, "shard CSV")?;
        let f = std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))?;
        inputs.push((p.display().to_string(), Box::new(std::io::BufReader::new(f))));
    }
    let summary = match &args.out {
        Some(path) => {
            let mut sink = FileSink::create(path)?;
            let s = merge(inputs, &mut |r| sink.record(r))?;
            sink.finish()?;
            s
        }
        None => merge(inputs, &mut |_| Ok(()))?,
    };
    match args.format {
        OutputFormat::Json => output::json(out, &summary),
        OutputFormat::Csv | OutputFormat::Table => {
            writeln!(out, "{} files, {} rows, {} allowed", summary.inputs, summary.rows, summary.allowed)?;
            if let Some(b) = &summary.best {
                let get = |k: &str| b.get(k).map_or("", String::as_str);
                writeln!(
                    out,
                    "best allowed row: index {}, objective {}, TPP {}, {} x {} at {} GB/s, chip-to-chip {} GB/s",
                    get("index"),
                    get("objective"),
                    get("tpp"),
                    get("memory_units"),
                    get("memory_type"),
                    get("memory_bandwidth_gbs"),
                    get("chip_to_chip_gbs")
                )?;
            }
            Ok(())
        }
    }
}
