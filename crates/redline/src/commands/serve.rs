//! `redline serve [--bind 127.0.0.1] [--port 8080]`: the local web app and its JSON API, from
//! `redline-web`, over the same catalogue the other commands see (plus `--spec` files).

use std::io::Write;
use std::path::PathBuf;

use std::sync::Arc;

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser};
use serde_json::Value;

use redline_catalog::Chip;
use redline_web::ApiError;

use crate::args::CatalogArgs;
use crate::context::Context;

/// `redline serve` arguments.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Loopback by default: anything else exposes the app to the network
    /// and needs --allow-remote.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Allow binding a non-loopback address.
    #[arg(long)]
    pub allow_remote: bool,
    /// Sustained requests per second per client address.
    #[arg(long, default_value_t = 500.0)]
    pub rate_limit: f64,
    /// A chip spec file (TOML) to add; may be repeated.
    #[arg(long, value_name = "FILE")]
    pub spec: Vec<PathBuf>,
}

fn is_loopback(bind: &str) -> bool {
    bind == "localhost" || bind.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

pub fn run(args: &ServeArgs, catalog: &CatalogArgs, out: &mut dyn Write) -> Result<()> {
    if !is_loopback(&args.bind) && !args.allow_remote {
        bail!(
            "--bind {} is not a loopback address: the app has no authentication; add --allow-remote to expose it anyway",
            args.bind
        );
    }
    if !(args.rate_limit.is_finite() && args.rate_limit > 0.0) {
        bail!("--rate-limit must be a positive number of requests per second");
    }
    let ctx = Context::load(catalog, &args.spec)?;
    let limits = redline_web::Limits {
        rate_per_second: args.rate_limit,
        rate_burst: (args.rate_limit * 10.0).max(10.0),
        ..redline_web::Limits::default()
    };
    let state = redline_web::AppState::new(ctx.catalog, ctx.countries, limits).with_perf(Arc::new(perf_hook));
    redline_web::serve(&args.bind, args.port, state, |addr| {
        let _ = writeln!(out, "Redline web app on http://{addr}/ (Ctrl-C to stop)");
        let _ = out.flush();
    })
    .with_context(|| format!("cannot serve on {}:{}", args.bind, args.port))
}

/// `redline perf`'s workload flags, parsed from query pairs by the same clap definitions.
#[derive(Debug, Parser)]
#[command(no_binary_name = true)]
struct PerfQuery {
    #[command(flatten)]
    workload: crate::commands::perf::Workload,
}

/// The flag a message is about (`--batch "x": ...` → `batch`), as a query parameter name.
fn field_of(message: &str) -> String {
    message
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '`' || c == '"' || c == ':')
        .find_map(|w| w.strip_prefix("--"))
        .map(|f| f.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()).replace('-', "_"))
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| "model".to_string())
}

/// `/api/perf`: exactly `redline perf --format json` for one chip and the query's flags.
fn perf_hook(chip: &Chip, pairs: &[(String, String)]) -> Result<Value, ApiError> {
    let mut argv: Vec<String> = Vec::new();
    for (key, value) in pairs {
        let flag = format!("--{}", key.replace('_', "-"));
        if key == "format" {
            return Err(ApiError::bad(key, "the API always answers JSON"));
        }
        if key == "model" && (value.contains(['/', '\\']) || value.ends_with(".json")) {
            return Err(ApiError::bad(key, "give a model id of the embedded zoo (see /api/models)"));
        }
        if key == "weight_only" {
            match value.as_str() {
                "true" | "1" => argv.push(flag),
                "false" | "0" => {}
                _ => return Err(ApiError::bad(key, "expected true or false")),
            }
            continue;
        }
        // `--flag=value`, so a negative number is a value, not a flag.
        argv.push(format!("{flag}={value}"));
    }
    let query = PerfQuery::try_parse_from(&argv).map_err(|e| {
        let text = e.to_string();
        let first = text
            .lines()
            .take_while(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
            .trim_start_matches("error: ")
            .to_string();
        ApiError::bad(&field_of(&first), first)
    })?;
    let out = crate::commands::perf::predict(chip, &query.workload).map_err(|e| {
        let text = format!("{e:#}");
        ApiError::bad(&field_of(&text), text)
    })?;
    serde_json::to_value(out).map_err(|e| ApiError::status(axum_status_500(), e.to_string()))
}

fn axum_status_500() -> redline_web::StatusCode {
    redline_web::StatusCode::INTERNAL_SERVER_ERROR
}
