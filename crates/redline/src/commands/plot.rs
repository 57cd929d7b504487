//! `redline plot KIND ... -o FILE`. Placeholder: owned by the charts work (issue 4).

use std::io::Write;

use anyhow::{Result, bail};
use clap::Args;

use crate::args::CatalogArgs;

/// `redline plot` arguments.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// Chart kind.
    pub kind: String,
}

pub fn run(_args: &PlotArgs, _catalog: &CatalogArgs, _out: &mut dyn Write) -> Result<()> {
    bail!("`redline plot` is not built yet")
}
