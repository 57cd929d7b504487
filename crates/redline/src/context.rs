//! Turns arguments into loaded data: the catalogue (embedded, plus a directory and spec files),
//! chips resolved by name, dates parsed. Errors here are input errors (exit code 2).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};

use redline_catalog::{Catalog, Chip, read_spec};
use redline_rules::{Countries, Date};

use crate::args::CatalogArgs;

/// Loaded data for one command.
#[allow(dead_code)]
pub struct Context {
    /// Embedded chips plus the user's.
    pub catalog: Catalog,
    /// Destinations.
    pub countries: Countries,
    /// Ids of chips that came from `--spec` files, in order.
    pub spec_ids: Vec<String>,
}

impl Context {
    /// Loads the catalogue and the user's spec files.
    pub fn load(args: &CatalogArgs, specs: &[PathBuf]) -> Result<Context> {
        let mut catalog = Catalog::embedded().context("the embedded catalogue is invalid")?;
        if let Some(dir) = &args.catalog_dir {
            catalog.add_dir(dir)?;
        }
        let mut spec_ids = Vec::new();
        for path in specs {
            let spec = read_spec(path)?;
            spec_ids.push(spec.id.clone());
            catalog.insert(Chip::new(spec, path.display().to_string()));
        }
        let countries = Countries::embedded().context("the embedded country table is invalid")?;
        Ok(Context { catalog, countries, spec_ids })
    }

    /// The chips a command names: positional names, then `--spec` files.
    pub fn chips(&self, names: &[String]) -> Result<Vec<&Chip>> {
        let mut out = Vec::new();
        for name in names {
            out.push(self.catalog.get(name)?);
        }
        for id in &self.spec_ids {
            out.push(self.catalog.get(id)?);
        }
        if out.is_empty() {
            bail!("name a chip (see `redline chips`) or give --spec FILE");
        }
        Ok(out)
    }

    /// Exactly one chip.
    pub fn chip(&self, name: Option<&String>) -> Result<&Chip> {
        let names: Vec<String> = name.cloned().into_iter().collect();
        let chips = self.chips(&names)?;
        if chips.len() > 1 {
            bail!("this command takes one chip: give a name or one --spec file, not both");
        }
        Ok(chips[0])
    }
}

/// Largest design-space file (`--space`), bytes.
pub const MAX_SPACE_BYTES: u64 = 1 << 20;
/// Largest model config (`--model FILE.json`), bytes; real config.json files are under 10 KiB.
pub const MAX_MODEL_BYTES: u64 = 1 << 20;
/// Largest shipments file (`check --shipments`), bytes.
pub const MAX_SHIPMENTS_BYTES: u64 = 64 << 20;
/// Largest CSV input (`frontier merge` shards, shipments), bytes.
pub const MAX_CSV_BYTES: u64 = 1 << 30;

/// Reads an input file the user named (`what` says which, for the message), refusing
/// non-regular files (devices, FIFOs, directories) and files over `max_bytes` before reading.
pub fn read_input(path: &Path, max_bytes: u64, what: &str) -> Result<String> {
    redline_catalog::load::read_capped(path, max_bytes).map_err(|e| anyhow!("{what} {}: {e}", path.display()))
}

/// Checks that a file is a regular file of at most `max_bytes` before it is streamed.
pub fn check_input(path: &Path, max_bytes: u64, what: &str) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(|e| anyhow!("{what} {}: cannot read the file: {e}", path.display()))?;
    if !meta.is_file() {
        bail!("{what} {}: not a regular file (a directory, device or pipe); give a file", path.display());
    }
    if meta.len() > max_bytes {
        bail!("{what} {}: the file is {} bytes, over the limit of {max_bytes} bytes", path.display(), meta.len());
    }
    Ok(())
}

/// A number given on the command line, checked against physical bounds: finite, in
/// `lo..=hi` (`-0.0` is refused along with negatives when `lo` is 0 or more).
pub fn bounded(flag: &str, value: f64, lo: f64, hi: f64, unit: &str) -> Result<f64> {
    if !value.is_finite() || value < lo || value > hi || (lo >= 0.0 && value.is_sign_negative()) {
        bail!("--{flag} {value:?}: expected a number from {lo} to {hi} {unit}");
    }
    Ok(value)
}

/// Parses `--on`/`--until`, defaulting to today.
pub fn date(arg: Option<&String>) -> Result<Date> {
    match arg {
        Some(s) => Ok(s.parse::<Date>()?),
        None => Ok(Date::today()),
    }
}
