//! `redline serve [--bind 127.0.0.1] [--port 8080]`: the local web app and its JSON API, from
//! `redline-web`, over the same catalogue the other commands see (plus `--spec` files).

use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// Also answer requests whose Host header is this name (besides the bound address, and
    /// localhost on loopback); may be repeated. Other hosts get a 421 (DNS-rebinding defence).
    #[arg(long, value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Offer the model configs (NAME.json) in this directory besides the embedded zoo.
    /// Without it the API answers zoo models only, and never reads the working directory.
    #[arg(long, value_name = "DIR")]
    pub models_dir: Option<PathBuf>,
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
    if args.rate_limit > 1e6 {
        bail!("--rate-limit {}: expected at most 1000000 requests per second", args.rate_limit);
    }
    for name in &args.allow_host {
        let ok = !name.is_empty()
            && name.len() <= 253
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':' | b'[' | b']'));
        if !ok {
            bail!("--allow-host {name:?}: expected a host name or address without port or scheme");
        }
    }
    if let Some(dir) = &args.models_dir
        && !dir.is_dir()
    {
        bail!("--models-dir {}: not a directory", dir.display());
    }
    let ctx = Context::load(catalog, &args.spec)?;
    let limits = redline_web::Limits {
        rate_per_second: args.rate_limit,
        rate_burst: (args.rate_limit * 10.0).max(10.0),
        allowed_hosts: args.allow_host.clone(),
        ..redline_web::Limits::default()
    };
    let models_dir = args.models_dir.clone();
    let hook = move |chip: &Chip, pairs: &[(String, String)]| perf_hook(models_dir.as_deref(), chip, pairs);
    let state = redline_web::AppState::new(ctx.catalog, ctx.countries, limits).with_perf(Arc::new(hook));
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

/// The model a web request names: a zoo id, or `NAME` of `NAME.json` in `--models-dir`.
/// Never a path, never the working directory; the answer for an unknown name is the same
/// whether or not a file of that name exists anywhere.
pub fn web_model(models_dir: Option<&Path>, name: &str) -> Result<String, ApiError> {
    if redline_perf::zoo_model(name).is_ok() {
        return Ok(name.to_string());
    }
    let unknown = || {
        ApiError::bad(
            "model",
            format!(
                "unknown model {name:?}; give a model id of the embedded zoo{} (see /api/models)",
                if models_dir.is_some() { " or a config name of --models-dir" } else { "" }
            ),
        )
    };
    let plain = !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    match models_dir {
        Some(dir) if plain => {
            let path = dir.join(format!("{name}.json"));
            if path.is_file() { Ok(path.display().to_string()) } else { Err(unknown()) }
        }
        _ => Err(unknown()),
    }
}

/// `/api/perf`: exactly `redline perf --format json` for one chip and the query's flags.
fn perf_hook(models_dir: Option<&Path>, chip: &Chip, pairs: &[(String, String)]) -> Result<Value, ApiError> {
    let mut argv: Vec<String> = Vec::new();
    for (key, value) in pairs {
        let flag = format!("--{}", key.replace('_', "-"));
        if key == "format" {
            return Err(ApiError::bad(key, "the API always answers JSON"));
        }
        if key == "model" {
            argv.push(format!("{flag}={}", web_model(models_dir, value)?));
            continue;
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
