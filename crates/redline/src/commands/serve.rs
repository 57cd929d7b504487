//! `redline serve`. Placeholder: owned by the web app work (issue 4).

use std::io::Write;

use anyhow::{Result, bail};
use clap::Args;

use crate::args::CatalogArgs;

/// `redline serve` arguments.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port.
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

pub fn run(_args: &ServeArgs, _catalog: &CatalogArgs, _out: &mut dyn Write) -> Result<()> {
    bail!("`redline serve` is not built yet")
}
