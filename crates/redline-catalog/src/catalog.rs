//! The catalogue: the embedded chips plus any the user adds, and lookup by name.

use std::path::Path;

use serde::Serialize;

use crate::load::{Provenance, SpecError, parse_spec, read_spec, spec_files};
use crate::metrics::ChipMetrics;
use crate::spec::ChipSpec;

/// The embedded spec files, `(file name, contents)`.
static EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded_chips.rs"));

/// As-of date of the embedded data (catalogue, rules, country groups).
pub const DATA_VERSION: &str = include_str!("../../../data/VERSION");

/// A chip with its metrics computed once.
#[derive(Clone, Debug, Serialize)]
pub struct Chip {
    /// The spec as read.
    pub spec: ChipSpec,
    /// Derived metrics.
    pub metrics: ChipMetrics,
    /// Where it came from: `embedded` or a file path.
    pub origin: String,
}

impl Chip {
    /// Wraps a spec, computing its metrics.
    #[must_use]
    pub fn new(spec: ChipSpec, origin: impl Into<String>) -> Chip {
        let metrics = ChipMetrics::of(&spec);
        Chip { spec, metrics, origin: origin.into() }
    }
}

/// No chip matched a name.
#[derive(Debug, thiserror::Error)]
#[error("unknown chip {name:?}{}", suggestion_text(.suggestions))]
pub struct LookupError {
    /// What was asked for.
    pub name: String,
    /// Closest ids, best first.
    pub suggestions: Vec<String>,
}

fn suggestion_text(s: &[String]) -> String {
    if s.is_empty() {
        "; `redline chips` lists them all".to_string()
    } else {
        format!("; did you mean {}?", s.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", "))
    }
}

/// A set of chips.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    chips: Vec<Chip>,
}

/// Lowercase, alphanumerics only: `RTX Pro 6000D` and `rtx-pro-6000d` meet at `rtxpro6000d`.
fn normalize(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

impl Catalog {
    /// The catalogue embedded in the binary, checked with full provenance.
    ///
    /// # Errors
    /// When an embedded file is wrong (a test keeps this from shipping).
    pub fn embedded() -> Result<Catalog, SpecError> {
        let mut chips = Vec::with_capacity(EMBEDDED.len());
        for (name, text) in EMBEDDED {
            let spec = parse_spec(text, &format!("data/chips/{name}"), Provenance::Required)?;
            let expected = name.trim_end_matches(".toml");
            if spec.id != expected {
                return Err(SpecError {
                    file: format!("data/chips/{name}"),
                    line: None,
                    column: None,
                    field: Some("id".into()),
                    message: format!("id {:?} must match the file name {expected:?}", spec.id),
                });
            }
            chips.push(Chip::new(spec, "embedded"));
        }
        chips.sort_by(|a, b| a.spec.id.cmp(&b.spec.id));
        Ok(Catalog { chips })
    }

    /// An empty catalogue.
    #[must_use]
    pub fn empty() -> Catalog {
        Catalog::default()
    }

    /// Adds every `*.toml` in a directory (a user's own catalogue). A chip with the id of an
    /// existing one replaces it.
    ///
    /// # Errors
    /// When a file is wrong; nothing is added then.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), SpecError> {
        let mut new = Vec::new();
        for file in spec_files(dir)? {
            new.push(Chip::new(read_spec(&file)?, file.display().to_string()));
        }
        for chip in new {
            self.insert(chip);
        }
        Ok(())
    }

    /// Adds a chip, replacing one with the same id.
    pub fn insert(&mut self, chip: Chip) {
        if let Some(slot) = self.chips.iter_mut().find(|c| c.spec.id == chip.spec.id) {
            *slot = chip;
        } else {
            self.chips.push(chip);
        }
    }

    /// All chips, in catalogue order (sorted by id for the embedded set).
    #[must_use]
    pub fn chips(&self) -> &[Chip] {
        &self.chips
    }

    /// Number of chips.
    #[must_use]
    pub fn len(&self) -> usize {
        self.chips.len()
    }

    /// True when there are no chips.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.chips.is_empty()
    }

    /// Finds a chip by id, label, name or alias, ignoring case, spaces and punctuation.
    ///
    /// # Errors
    /// A [`LookupError`] with the closest names when nothing matches.
    pub fn get(&self, name: &str) -> Result<&Chip, LookupError> {
        let wanted = normalize(name);
        if !wanted.is_empty() {
            // Exact id first, then any of the other names.
            if let Some(c) = self.chips.iter().find(|c| normalize(&c.spec.id) == wanted) {
                return Ok(c);
            }
            if let Some(c) = self.chips.iter().find(|c| self.names(c).any(|n| normalize(n) == wanted)) {
                return Ok(c);
            }
        }
        let mut scored: Vec<(f64, &str)> = self
            .chips
            .iter()
            .map(|c| {
                let best = self.names(c).map(|n| strsim::jaro_winkler(&normalize(n), &wanted)).fold(0.0_f64, f64::max);
                (best, c.spec.id.as_str())
            })
            .filter(|(s, _)| *s >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        Err(LookupError {
            name: name.to_string(),
            suggestions: scored.into_iter().take(3).map(|(_, id)| id.to_string()).collect(),
        })
    }

    fn names<'a>(&self, c: &'a Chip) -> impl Iterator<Item = &'a str> {
        std::iter::once(c.spec.id.as_str())
            .chain(std::iter::once(c.spec.name.as_str()))
            .chain(c.spec.label.as_deref())
            .chain(c.spec.aliases.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization() {
        assert_eq!(normalize("RTX Pro 6000D"), "rtxpro6000d");
        assert_eq!(normalize("h100-sxm"), "h100sxm");
    }

    #[test]
    fn data_version_is_a_date() {
        assert!(crate::load::is_partial_date(DATA_VERSION.trim()));
    }
}
