//! `redline plot KIND ... -o FILE`: draw a chart to SVG or PNG (by extension), or write its
//! Vega-Lite spec (`.json`). The charts are built by `redline-plot`; this file only resolves
//! the arguments and writes the file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};

use redline_catalog::Chip;
use redline_plot::{Figure, ImageFormat};

use crate::args::CatalogArgs;
use crate::context::{Context, date};

/// `redline plot` arguments.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// The chart.
    #[command(subcommand)]
    pub kind: PlotKind,
}

/// Where the chart goes, shared by every kind.
#[derive(Debug, Args)]
pub struct Output {
    /// Output file: .svg, .png (2× pixels) or .json (the Vega-Lite spec the web app draws).
    /// (`--out`, since `--output` is the perf charts' generated-token count, as in `redline perf`.)
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub file: PathBuf,
    /// Width in pixels (default: the chart's own).
    #[arg(long)]
    pub width: Option<u32>,
    /// Height in pixels (default: the chart's own).
    #[arg(long)]
    pub height: Option<u32>,
    /// A chip spec file (TOML) to add; may be repeated.
    #[arg(long, value_name = "FILE")]
    pub spec: Vec<PathBuf>,
}

/// Chart kinds.
#[derive(Debug, Subcommand)]
pub enum PlotKind {
    /// TPP × performance density, log-log, with the control regions of the edition in force.
    Compliance {
        /// Rules date (YYYY-MM-DD; default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Colour chips by their licence verdict for this destination (ISO alpha-2) instead of
        /// by 3A090 paragraph: the H20 is outside 3A090 yet needs a licence to China.
        #[arg(long, value_name = "COUNTRY")]
        to: Option<String>,
        /// Only these chips (ids, labels or aliases; comma-separated or repeated). Default:
        /// the whole catalogue (with --spec: only the spec files' chips, unless --chips too).
        #[arg(long, value_delimiter = ',', num_args = 1..)]
        chips: Vec<String>,
        #[command(flatten)]
        out: Output,
    },
    /// DRAM bandwidth × chip-to-chip bandwidth with the 2025 and 2026 lines.
    Bandwidth {
        /// Rules date (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Destination whose verdict colours the chips (default: CN).
        #[arg(long, value_name = "COUNTRY", default_value = "CN")]
        to: String,
        /// Only these chips.
        #[arg(long, value_delimiter = ',', num_args = 1..)]
        chips: Vec<String>,
        #[command(flatten)]
        out: Output,
    },
    /// Each chip's roofline with the model's prefill and decode placed on it.
    Roofline {
        /// Chips (comma-separated or repeated).
        #[arg(long, value_delimiter = ',', num_args = 1.., required = true)]
        chips: Vec<String>,
        #[command(flatten)]
        workload: PerfWorkload,
        #[command(flatten)]
        out: Output,
    },
    /// Throughput and latency against batch size, one line per chip.
    Compare {
        /// Chips (comma-separated or repeated).
        #[arg(long, value_delimiter = ',', num_args = 1.., required = true)]
        chips: Vec<String>,
        #[command(flatten)]
        workload: PerfWorkload,
        #[command(flatten)]
        out: Output,
    },
    /// Licence status and conditions for one chip and destination over time.
    Timeline {
        /// Chip.
        chip: String,
        /// Destination (ISO 3166 alpha-2).
        #[arg(long, value_name = "COUNTRY")]
        to: String,
        /// Last date (default: today).
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        #[command(flatten)]
        out: Output,
    },
    /// The compliance frontier (`redline frontier`): best allowed objective against TPP (or
    /// `--pareto`), the best design, every scored catalogue chip and the rule lines.
    Frontier {
        #[command(flatten)]
        query: crate::commands::frontier::QueryArgs,
        #[command(flatten)]
        out: Output,
    },
}

/// The workload flags of `redline perf` that the performance charts use.
#[derive(Debug, Args)]
pub struct PerfWorkload {
    #[command(flatten)]
    pub model: crate::commands::perf::ModelFlags,
    /// Sequences (roofline; the comparison sweeps batch sizes).
    #[arg(long, default_value_t = 1)]
    pub batch: u32,
}

impl PerfWorkload {
    fn resolve(&self) -> Result<(redline_perf::ModelConfig, redline_perf::InferenceRequest)> {
        if self.batch == 0 {
            anyhow::bail!("--batch must be at least 1");
        }
        self.model.resolve(redline_perf::Batch::Fixed(self.batch))
    }
}

fn selection<'a>(ctx: &'a Context, names: &[String]) -> Result<Vec<&'a Chip>> {
    if names.is_empty() && ctx.spec_ids.is_empty() {
        return Ok(ctx.catalog.chips().iter().collect());
    }
    ctx.chips(names)
}

pub fn run(args: &PlotArgs, catalog: &CatalogArgs, out: &mut dyn Write) -> Result<()> {
    let (fig, output) = match &args.kind {
        PlotKind::Compliance { on, to, chips, out } => {
            let ctx = Context::load(catalog, &out.spec)?;
            let on = date(on.as_ref())?;
            let chips = selection(&ctx, chips)?;
            let fig = match to {
                Some(dest) => redline_plot::compliance_to(&chips, &ctx.countries, dest, on)?,
                None => redline_plot::compliance(&chips, on)?,
            };
            (fig, out)
        }
        PlotKind::Bandwidth { on, to, chips, out } => {
            let ctx = Context::load(catalog, &out.spec)?;
            let on = date(on.as_ref())?;
            (redline_plot::bandwidth(&selection(&ctx, chips)?, &ctx.countries, to, on)?, out)
        }
        PlotKind::Roofline { chips, workload, out } => {
            let ctx = Context::load(catalog, &out.spec)?;
            let (model, req) = workload.resolve()?;
            (redline_plot::roofline(&ctx.chips(chips)?, &model, &req)?, out)
        }
        PlotKind::Compare { chips, workload, out } => {
            let ctx = Context::load(catalog, &out.spec)?;
            let (model, req) = workload.resolve()?;
            (redline_plot::compare(&ctx.chips(chips)?, &model, &req)?, out)
        }
        PlotKind::Timeline { chip, to, until, out } => {
            let ctx = Context::load(catalog, &out.spec)?;
            let until = date(until.as_ref())?;
            let chip = ctx.catalog.get(chip)?;
            (redline_plot::timeline(chip, &ctx.countries, to, until)?, out)
        }
        PlotKind::Frontier { query, out } => {
            let ctx = Context::load(catalog, &out.spec)?;
            let query = crate::commands::frontier::query_of(&query.request()?)?;
            let report = redline_search::frontier(&query, &ctx.catalog, &|_| {}, None)?;
            (redline_plot::frontier(&report, &ctx.catalog)?, out)
        }
    };
    write_figure(fig, output, out)
}

fn write_figure(mut fig: Figure, output: &Output, out: &mut dyn Write) -> Result<()> {
    if let Some(w) = output.width {
        fig.width = f64::from(w.clamp(400, 8000));
    }
    if let Some(h) = output.height {
        fig.height = f64::from(h.clamp(300, 8000));
    }
    let path = &output.file;
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let bytes = if is_json {
        let mut s = serde_json::to_string_pretty(&redline_plot::vega::spec(&fig))?;
        s.push('\n');
        s.into_bytes()
    } else {
        redline_plot::draw(&fig, ImageFormat::from_path(path)?)?
    };
    std::fs::write(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
    writeln!(out, "wrote {} ({} bytes)", path.display(), bytes.len())?;
    Ok(())
}
