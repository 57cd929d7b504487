//! `redline train`: a training step's time, MFU and memory per chip; time to train.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use redline_perf::{Recompute, TrainingRequest, ZeroStage, hardware_from_chip, predict_training};

use crate::args::{CatalogArgs, OutputFormat};
use crate::commands::perf::{model, parse};
use crate::context::Context;
use crate::output;

/// `redline train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Chip id, label or alias (or --spec FILE).
    #[arg(long)]
    pub chip: Option<String>,
    /// A chip spec file instead of --chip.
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// Model id or config.json path.
    #[arg(long)]
    pub model: String,
    /// Chips.
    #[arg(long, default_value_t = 8)]
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
    /// Data parallelism.
    #[arg(long)]
    pub dp: Option<u32>,
    /// Tokens per optimizer step, whole system.
    #[arg(long)]
    pub global_batch_tokens: Option<f64>,
    /// Sequence length.
    #[arg(long)]
    pub seq_len: Option<u32>,
    /// Sequences per micro-batch.
    #[arg(long)]
    pub micro_batch: Option<u32>,
    /// Tokens to train on (gives time_to_train_s).
    #[arg(long)]
    pub tokens: Option<f64>,
    /// Matrix format: bf16, fp16 or fp8.
    #[arg(long, default_value = "bf16")]
    pub precision: String,
    /// ZeRO stage 0-3.
    #[arg(long)]
    pub zero: Option<u8>,
    /// Activation recomputation: none, selective, full.
    #[arg(long)]
    pub recompute: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

pub fn run_train(args: &TrainArgs, catalog: &CatalogArgs, out: &mut dyn Write) -> Result<()> {
    let ctx = Context::load(catalog, args.spec.as_slice())?;
    let chip = ctx.chip(args.chip.as_ref())?;
    let hw = hardware_from_chip(chip);
    let m = model(&args.model)?;
    let mut req = TrainingRequest {
        gpus: args.gpus,
        tp: args.tp,
        pp: args.pp,
        ep: args.ep,
        dp: args.dp,
        tokens: args.tokens,
        ..TrainingRequest::default()
    };
    if args.gpus == 0 {
        bail!("--gpus must be at least 1");
    }
    req.precision = parse("precision", &args.precision)?;
    if let Some(t) = args.global_batch_tokens {
        if !t.is_finite() || t < 1.0 {
            bail!("--global-batch-tokens must be a positive number of tokens");
        }
        req.global_batch_tokens = t;
    }
    if args.tokens.is_some_and(|t| !t.is_finite() || t <= 0.0) {
        bail!("--tokens must be a positive number of tokens");
    }
    if let Some(s) = args.seq_len {
        req.seq_len = s;
    }
    if let Some(mb) = args.micro_batch {
        req.micro_batch = mb;
    }
    if let Some(z) = args.zero {
        req.zero = match z {
            0 => ZeroStage::Zero0,
            1 => ZeroStage::Zero1,
            2 => ZeroStage::Zero2,
            3 => ZeroStage::Zero3,
            _ => bail!("--zero is a ZeRO stage: 0, 1, 2 or 3"),
        };
    }
    if let Some(r) = &args.recompute {
        req.recompute = match r.as_str() {
            "none" => Recompute::None,
            "selective" => Recompute::Selective,
            "full" => Recompute::Full,
            _ => bail!("--recompute is none, selective or full"),
        };
    }
    let p = predict_training(&hw, &m, &req)?;
    match args.format {
        OutputFormat::Json => output::json(out, &p),
        OutputFormat::Csv => output::csv(
            out,
            &[
                "chip",
                "model",
                "tp",
                "pp",
                "ep",
                "dp",
                "step_time_s",
                "mfu",
                "memory_gb_per_chip",
                "fits",
                "time_to_train_s",
            ],
            &[vec![
                chip.spec.id.clone(),
                p.model.clone(),
                p.tp.to_string(),
                p.pp.to_string(),
                p.ep.to_string(),
                p.dp.to_string(),
                p.step_time_s.to_string(),
                p.mfu.to_string(),
                p.memory_gb_per_chip.to_string(),
                p.fits.to_string(),
                p.time_to_train_s.map(|t| t.to_string()).unwrap_or_default(),
            ]],
        ),
        OutputFormat::Table => {
            writeln!(
                out,
                "training {} on {} × {} (TP {} PP {} EP {} DP {})",
                p.model,
                args.gpus,
                chip.spec.label(),
                p.tp,
                p.pp,
                p.ep,
                p.dp
            )?;
            let mut t = output::table(&["", "value"]);
            t.add_row(vec!["step time".into(), format!("{:.3} s", p.step_time_s)]);
            t.add_row(vec!["MFU".into(), format!("{:.1}%", p.mfu * 100.0)]);
            t.add_row(vec!["tokens/s (system)".into(), format!("{:.0}", p.tokens_per_s)]);
            t.add_row(vec![
                "memory per chip".into(),
                format!("{:.1} GB{}", p.memory_gb_per_chip, if p.fits { "" } else { " (DOES NOT FIT)" }),
            ]);
            if let Some(s) = p.time_to_train_s {
                t.add_row(vec!["time to train".into(), format!("{:.1} days ({s:.0} s)", s / 86_400.0)]);
            }
            writeln!(out, "{t}")?;
            for n in &p.notes {
                writeln!(out, "note: {n}")?;
            }
            Ok(())
        }
    }
}
