//! `redline serve [--bind 127.0.0.1] [--port 8080]`: the local web app and its JSON API, from
//! `redline-web`, over the same catalogue the other commands see (plus `--spec` files).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use clap::Args;

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
    let mut state = redline_web::AppState::new(ctx.catalog, ctx.countries, limits);
    if let Some(dir) = &args.models_dir {
        state = state.with_models_dir(dir.clone());
    }
    redline_web::serve(&args.bind, args.port, state, |addr| {
        let _ = writeln!(out, "Redline web app on http://{addr}/ (Ctrl-C to stop)");
        let _ = out.flush();
    })
    .with_context(|| format!("cannot serve on {}:{}", args.bind, args.port))
}
