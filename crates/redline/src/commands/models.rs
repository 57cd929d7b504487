//! `redline models`: the embedded model zoo, with the numbers that decide memory and speed.

use std::io::Write;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use redline_perf::{Attention, Precision, ZOO, zoo_model};

use crate::args::OutputFormat;
use crate::output;

/// `redline models`.
#[derive(Debug, Args)]
pub struct ModelsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
}

#[derive(Serialize)]
struct Row {
    id: &'static str,
    hf_repo: &'static str,
    params: f64,
    active_params: f64,
    attention: String,
    experts: Option<String>,
    context: Option<u64>,
    kv_bytes_per_token_bf16: f64,
    native_precision: Precision,
}

fn rows() -> Result<Vec<Row>> {
    ZOO.iter()
        .map(|e| {
            let m = zoo_model(e.id)?;
            let p = m.params();
            let attention = match m.attention {
                Attention::Gqa { heads, kv_heads, .. } if heads == kv_heads => format!("MHA {heads} heads"),
                Attention::Gqa { heads, kv_heads, .. } => format!("GQA {heads}/{kv_heads}"),
                Attention::Mla { heads, .. } => format!("MLA {heads} heads"),
            };
            let window =
                m.attention_window.map_or(String::new(), |w| format!(", window {w} on {} layers", m.windowed_layers));
            Ok(Row {
                id: e.id,
                hf_repo: e.hf_repo,
                params: p.total,
                active_params: p.active,
                attention: format!("{attention}{window}"),
                experts: m.moe.map(|x| format!("{} routed, top {}", x.experts, x.top_k)),
                context: m.max_position_embeddings,
                kv_bytes_per_token_bf16: m.kv_bytes_per_token(Precision::Bf16),
                native_precision: m.native_precision,
            })
        })
        .collect()
}

pub fn run(args: &ModelsArgs, out: &mut dyn Write) -> Result<()> {
    let rows = rows()?;
    let b = |x: f64| format!("{:.1}B", x / 1e9);
    match args.format {
        OutputFormat::Json => output::json(out, &rows),
        OutputFormat::Csv => output::csv(
            out,
            &["id", "hf_repo", "params", "active_params", "attention", "experts", "context", "kv_bytes_per_token_bf16"],
            &rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.hf_repo.to_string(),
                        r.params.to_string(),
                        r.active_params.to_string(),
                        r.attention.clone(),
                        r.experts.clone().unwrap_or_default(),
                        r.context.map_or(String::new(), |c| c.to_string()),
                        r.kv_bytes_per_token_bf16.to_string(),
                    ]
                })
                .collect::<Vec<_>>(),
        ),
        OutputFormat::Table => {
            let mut t =
                output::table(&["id", "params", "active", "attention", "experts", "context", "KV/token (bf16)"]);
            for r in &rows {
                t.add_row(vec![
                    r.id.to_string(),
                    b(r.params),
                    b(r.active_params),
                    r.attention.clone(),
                    r.experts.clone().unwrap_or_else(|| "dense".into()),
                    r.context.map_or("?".into(), |c| c.to_string()),
                    format!("{:.0} KiB", r.kv_bytes_per_token_bf16 / 1024.0),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(
                out,
                "{} models embedded; `--model ID` (or a Hugging Face repository name) in perf, compare, train",
                rows.len()
            )?;
            Ok(())
        }
    }
}
