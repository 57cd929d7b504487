//! `redline frontier`. Placeholder: owned by the frontier work (issue 5).

use std::io::Write;

use anyhow::{Result, bail};
use clap::Args;

use crate::args::CatalogArgs;

/// `redline frontier` arguments.
#[derive(Debug, Args)]
pub struct FrontierArgs {
    /// Destination.
    #[arg(long)]
    pub to: Option<String>,
}

pub fn run(_args: &FrontierArgs, _catalog: &CatalogArgs, _out: &mut dyn Write) -> Result<()> {
    bail!("`redline frontier` is not built yet")
}
