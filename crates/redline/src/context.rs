//! Turns arguments into loaded data: the catalogue (embedded, plus a directory and spec files),
//! chips resolved by name, dates parsed. Errors here are input errors (exit code 2).

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};

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

/// Parses `--on`/`--until`, defaulting to today.
pub fn date(arg: Option<&String>) -> Result<Date> {
    match arg {
        Some(s) => Ok(s.parse::<Date>()?),
        None => Ok(Date::today()),
    }
}
