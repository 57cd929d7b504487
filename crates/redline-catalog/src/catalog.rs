//! The catalogue: the embedded chips plus any the user adds, and lookup by name.
//!
//! The embedded chips were parsed and checked when the crate was built (`build.rs`, see
//! [`crate::embed`]); here each is decoded from its stored form the first time it is asked
//! for, so a command that names one chip decodes one chip.

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

use crate::embed::{self, normalize};
use crate::load::{SpecError, read_spec, spec_files};
use crate::metrics::ChipMetrics;
use crate::spec::ChipSpec;

/// One embedded chip as `build.rs` stored it.
#[derive(Debug)]
struct EmbeddedChip {
    /// The chip's id (its file name without `.toml`).
    id: &'static str,
    /// Normalised names it answers to: id, name, label, aliases.
    keys: &'static [&'static str],
    /// Byte range of its stored spec in [`STORED`].
    json: (usize, usize),
}

/// The embedded chips, sorted by id.
static EMBEDDED: &[EmbeddedChip] = include!(concat!(env!("OUT_DIR"), "/embedded_chips.rs"));

/// The stored specs, one after the other.
static STORED: &str = include_str!(concat!(env!("OUT_DIR"), "/embedded_chips.json"));

impl EmbeddedChip {
    fn decode(&self) -> Chip {
        let (start, end) = self.json;
        match STORED.get(start..end).map(embed::decode) {
            Some(Ok(spec)) => Chip::new(spec, "embedded"),
            // build.rs decoded these exact bytes and compared them with the TOML parse.
            Some(Err(e)) => panic!("the stored spec of {} does not decode ({e}): the binary is damaged", self.id),
            None => panic!("the stored spec of {} is out of range: the binary is damaged", self.id),
        }
    }
}

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

/// One chip of a catalogue: an embedded one, decoded when first used, or one given whole.
#[derive(Clone, Debug)]
enum Entry {
    Embedded(&'static EmbeddedChip, OnceLock<Box<Chip>>),
    Given(Box<Chip>),
}

impl Entry {
    fn id(&self) -> &str {
        match self {
            Entry::Embedded(e, _) => e.id,
            Entry::Given(c) => &c.spec.id,
        }
    }

    /// Normalised names, id first.
    fn keys(&self) -> Box<dyn Iterator<Item = Cow<'_, str>> + '_> {
        match self {
            Entry::Embedded(e, _) => Box::new(e.keys.iter().map(|k| Cow::Borrowed(*k))),
            Entry::Given(c) => Box::new(embed::names(&c.spec).map(|n| Cow::Owned(normalize(n)))),
        }
    }

    fn chip(&self) -> &Chip {
        match self {
            Entry::Embedded(e, once) => once.get_or_init(|| Box::new(e.decode())),
            Entry::Given(c) => c,
        }
    }

    fn to_chip(&self) -> Chip {
        match self {
            Entry::Embedded(e, once) => once.get().map_or_else(|| e.decode(), |c| Chip::clone(c)),
            Entry::Given(c) => Chip::clone(c),
        }
    }
}

/// A set of chips.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
    /// Every chip, in entry order, made on the first [`Catalog::chips`].
    all: OnceLock<Vec<Chip>>,
}

impl Catalog {
    /// The catalogue embedded in the binary, checked with full provenance when it was built.
    ///
    /// # Errors
    /// None since the catalogue is checked at build time (a wrong file fails the build); the
    /// `Result` stays for callers written when it was parsed here.
    pub fn embedded() -> Result<Catalog, SpecError> {
        let entries = EMBEDDED.iter().map(|e| Entry::Embedded(e, OnceLock::new())).collect();
        Ok(Catalog { entries, all: OnceLock::new() })
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
        self.all = OnceLock::new();
        if let Some(slot) = self.entries.iter_mut().find(|e| e.id() == chip.spec.id) {
            *slot = Entry::Given(Box::new(chip));
        } else {
            self.entries.push(Entry::Given(Box::new(chip)));
        }
    }

    /// All chips, in catalogue order (sorted by id for the embedded set). The first call
    /// decodes every embedded chip not yet decoded.
    #[must_use]
    pub fn chips(&self) -> &[Chip] {
        self.all.get_or_init(|| self.entries.iter().map(Entry::to_chip).collect())
    }

    /// Number of chips.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no chips.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn at(&self, i: usize) -> &Chip {
        match self.all.get() {
            Some(all) => &all[i],
            None => self.entries[i].chip(),
        }
    }

    /// Finds a chip by id, label, name or alias, ignoring case, spaces and punctuation.
    ///
    /// # Errors
    /// A [`LookupError`] with the closest names when nothing matches.
    pub fn get(&self, name: &str) -> Result<&Chip, LookupError> {
        let wanted = normalize(name);
        if !wanted.is_empty() {
            // Exact id first, then any of the other names.
            let by_id = || self.entries.iter().position(|e| e.keys().next().is_some_and(|k| k == wanted.as_str()));
            let by_name = || self.entries.iter().position(|e| e.keys().any(|k| k == wanted.as_str()));
            if let Some(i) = by_id().or_else(by_name) {
                return Ok(self.at(i));
            }
        }
        let mut scored: Vec<(f64, &str)> = self
            .entries
            .iter()
            .map(|e| {
                let best = e.keys().map(|k| strsim::jaro_winkler(&k, &wanted)).fold(0.0_f64, f64::max);
                (best, e.id())
            })
            .filter(|(s, _)| *s >= 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        Err(LookupError {
            name: name.to_string(),
            suggestions: scored.into_iter().take(3).map(|(_, id)| id.to_string()).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_version_is_a_date() {
        assert!(crate::load::is_partial_date(DATA_VERSION.trim()));
    }
}
