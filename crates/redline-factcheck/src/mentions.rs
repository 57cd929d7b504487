//! Chip mentions: the catalogue's ids, names, labels and aliases, plus Chinese renderings used
//! only for extraction here (the catalogue files are not changed for them).
//!
//! Names match ignoring case, spaces, hyphens and dots between their letters and digits
//! (`RTX Pro 6000D`, `rtx-pro-6000d`, `RTX6000D`), longest first, and only on word
//! boundaries (`H20` never matches inside `H200`). Short names (four letters and digits or
//! fewer, such as `H20`, `L2`, `B30A`) must be written in capitals, and names that are only
//! digits (`4090`) are not used, so prose and numbers do not turn into chips.

use std::collections::HashMap;

use redline_catalog::Catalog;

use crate::text::is_cjk;

/// Chinese and informal renderings, `(name, chip id)`: extraction aliases only.
pub const EXTRA_ALIASES: &[(&str, &str)] = &[
    ("昇腾910B", "ascend-910b"),
    ("昇腾910C", "ascend-910c"),
    ("华为910B", "ascend-910b"),
    ("华为910C", "ascend-910c"),
    ("英伟达H20", "h20"),
    ("英伟达H100", "h100-sxm"),
    ("英伟达H200", "h200"),
    ("英伟达B30A", "b30a"),
    ("RTX 6000 D", "rtx-pro-6000d"),
    ("6000D", "rtx-pro-6000d"),
    ("H20芯片", "h20"),
];

/// Words that say "the China-specific edition" without naming a chip.
pub const CHINA_EDITION_WORDS: &[&str] = &["特供版", "中国特供", "china-specific version", "china-only version"];

struct Alias {
    key: Vec<char>,
    chip: usize,
    strict_case: bool,
}

/// All names, indexed by their first compact char.
pub(crate) struct ChipIndex {
    by_first: HashMap<char, Vec<Alias>>,
    ids: Vec<String>,
}

/// A chip named in the text: byte range of the normalised text.
#[derive(Clone, Debug)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub chip: usize,
}

fn compact(s: &str) -> Vec<char> {
    s.chars().filter(|c| c.is_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

fn is_gap(c: char) -> bool {
    matches!(c, ' ' | '-' | '_' | '.')
}

impl ChipIndex {
    pub fn new(catalog: &Catalog) -> ChipIndex {
        let mut by_first: HashMap<char, Vec<Alias>> = HashMap::new();
        let mut ids = Vec::new();
        let mut add = |name: &str, chip: usize| {
            let key = compact(name);
            if key.is_empty() || key.iter().all(char::is_ascii_digit) {
                return;
            }
            let strict_case = key.len() <= 4 && key.iter().all(char::is_ascii_alphanumeric);
            let list = by_first.entry(key[0]).or_default();
            if !list.iter().any(|a| a.key == key && a.chip == chip) {
                list.push(Alias { key, chip, strict_case });
            }
        };
        for (i, c) in catalog.chips().iter().enumerate() {
            let s = &c.spec;
            ids.push(s.id.clone());
            add(&s.id, i);
            add(&s.name, i);
            if let Some(l) = &s.label {
                add(l, i);
            }
            for a in &s.aliases {
                add(a, i);
            }
        }
        for (name, id) in EXTRA_ALIASES {
            if let Some(i) = ids.iter().position(|x| x == id) {
                add(name, i);
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|a| std::cmp::Reverse(a.key.len()));
        }
        ChipIndex { by_first, ids }
    }

    pub fn id(&self, chip: usize) -> &str {
        &self.ids[chip]
    }

    /// Chip mentions in `text[start..end]`, left to right, not overlapping.
    pub fn find(&self, text: &str, start: usize, end: usize) -> Vec<Mention> {
        let seg = &text[start..end];
        let chars: Vec<(usize, char)> = seg.char_indices().collect();
        let mut out = Vec::new();
        let mut k = 0;
        while k < chars.len() {
            let (b, c) = chars[k];
            let prev = if k == 0 { None } else { Some(chars[k - 1].1) };
            let at_boundary = prev.is_none_or(|p| !p.is_ascii_alphanumeric()) || is_cjk(c);
            let first = c.to_ascii_lowercase();
            if at_boundary
                && c.is_alphanumeric()
                && let Some(list) = self.by_first.get(&first)
                && let Some((alias, last)) = list.iter().find_map(|a| matches_at(&chars, k, a).map(|l| (a, l)))
            {
                let end_b = chars[last].0 + chars[last].1.len_utf8();
                out.push(Mention { start: start + b, end: start + end_b, chip: alias.chip });
                k = last + 1;
                continue;
            }
            k += 1;
        }
        out
    }
}

/// Index of the last char of a match of `a` starting at `k`, if it matches there.
fn matches_at(chars: &[(usize, char)], k: usize, a: &Alias) -> Option<usize> {
    let mut i = k;
    let mut j = 0;
    let mut last = k;
    while j < a.key.len() {
        let mut gaps = 0;
        while j > 0 && i < chars.len() && is_gap(chars[i].1) && gaps < 2 {
            i += 1;
            gaps += 1;
        }
        let (_, c) = *chars.get(i)?;
        if !c.is_alphanumeric() || c.to_ascii_lowercase() != a.key[j] {
            return None;
        }
        if a.strict_case && c.is_ascii_lowercase() {
            return None;
        }
        if gaps > 0 && a.strict_case {
            // Short names are written together (`H20`), or with one space (`B30A`): `a 10` is prose.
            let prev = chars[i - gaps - 1].1;
            if !(prev.is_ascii_uppercase() && c.is_ascii_digit() && gaps == 1) {
                return None;
            }
        }
        last = i;
        i += 1;
        j += 1;
    }
    let after = chars.get(last + 1).map(|&(_, c)| c);
    if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let cat = Catalog::embedded().unwrap();
        let idx = ChipIndex::new(&cat);
        idx.find(text, 0, text.len()).iter().map(|m| idx.id(m.chip).to_string()).collect()
    }

    #[test]
    fn names_and_boundaries() {
        assert_eq!(ids("The H20, not the H200 or H20-141GB"), ["h20", "h200", "h20-141gb"]);
        assert_eq!(ids("rtx pro 6000d and RTX6000D and RTX 6000D"), ["rtx-pro-6000d"; 3]);
        assert_eq!(ids("英伟达H20与昇腾910B"), ["h20", "ascend-910b"]);
        assert_eq!(ids("the H100's compute"), ["h100-sxm"]);
        // Prose and numbers are not chips.
        assert!(ids("a 10 percent cut, h20 in lowercase, 4090 units, an l2 cache").is_empty());
    }
}
