//! Destinations: ISO 3166 alpha-2 codes resolved to EAR Country Groups on a date.
//!
//! Membership comes from `data/rules/country-groups.csv` (15 CFR part 740 Supp. No. 1 as of the
//! eCFR of 2026-07-23, copied from the project's reference research) and is wound back to
//! earlier dates through the dated changes in [`CHANGES`]. Hong Kong is treated as China
//! (85 FR 83765, 2020-12-23); Macau is a destination of its own that the rules name.

use serde::Serialize;

use crate::country_table;
use crate::date::Date;

// `GROUP_ROWS` (from `data/rules/country-groups.csv`) and `ISO_ROWS`: every ISO 3166-1 entry,
// alpha-2 code, short English name, ISO name and aliases (official names, common names such as
// "South Korea", "Vietnam", "UAE"), from `data/rules/iso-3166-1.csv`, generated from Debian's
// `iso-codes` 4.15.0 (`iso_3166-1.json`, which follows ISO 3166-1) plus common English short
// forms (see docs/design.md). Both are read by build.rs with `country_table`.
include!(concat!(env!("OUT_DIR"), "/embedded_countries.rs"));

/// The Country Groups that matter for advanced computing items.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Groups {
    /// A:5.
    pub a5: bool,
    /// A:6.
    pub a6: bool,
    /// D:1.
    pub d1: bool,
    /// D:4.
    pub d4: bool,
    /// D:5.
    pub d5: bool,
}

impl Groups {
    /// Names of the groups the country is in, e.g. `["D:1", "D:4", "D:5"]`.
    #[must_use]
    pub fn names(self) -> Vec<&'static str> {
        [(self.a5, "A:5"), (self.a6, "A:6"), (self.d1, "D:1"), (self.d4, "D:4"), (self.d5, "D:5")]
            .into_iter()
            .filter_map(|(on, n)| on.then_some(n))
            .collect()
    }
}

/// Which group a dated change touches.
#[derive(Clone, Copy, Debug)]
pub enum Group {
    /// A:5.
    A5,
    /// D:1.
    D1,
    /// D:4.
    D4,
    /// D:5.
    D5,
}

/// A dated change of membership: from `effective`, `iso2` is (`joined`) or is not in `group`.
#[derive(Clone, Copy, Debug)]
pub struct Change {
    /// Country.
    pub iso2: &'static str,
    /// Group.
    pub group: Group,
    /// True: added on that date; false: removed.
    pub joined: bool,
    /// Effective date.
    pub effective: Date,
    /// Citation.
    pub citation: &'static str,
}

/// Changes between the first chip rule (2022-10-07) and the table's as-of date.
pub const CHANGES: &[Change] = &[
    Change {
        iso2: "NI",
        group: Group::D1,
        joined: true,
        effective: Date::ymd(2024, 3, 15),
        citation: "BIS FR Doc 2024-05696 (Nicaragua to D:1 and D:5)",
    },
    Change {
        iso2: "NI",
        group: Group::D5,
        joined: true,
        effective: Date::ymd(2024, 3, 15),
        citation: "BIS FR Doc 2024-05696 (Nicaragua to D:1 and D:5)",
    },
    Change {
        iso2: "CY",
        group: Group::D5,
        joined: false,
        effective: Date::ymd(2024, 5, 30),
        citation: "89 FR 40369, FR Doc 2024-10280 (Cyprus out of D:5)",
    },
    Change {
        iso2: "KH",
        group: Group::D5,
        joined: false,
        effective: Date::ymd(2025, 11, 7),
        citation: "State FR Doc 2025-19822 (ITAR §126.1; effective for D:5 at once), BIS conforming rule FR Doc 2026-02262",
    },
    Change {
        iso2: "AE",
        group: Group::A5,
        joined: true,
        effective: Date::ymd(2026, 7, 10),
        citation: "91 FR 43034, FR Doc 2026-14132 (UAE to A:5)",
    },
    Change {
        iso2: "AE",
        group: Group::D4,
        joined: false,
        effective: Date::ymd(2026, 7, 10),
        citation: "91 FR 43034, FR Doc 2026-14132 (UAE out of D:4)",
    },
];

/// A destination.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub iso2: String,
    /// English name.
    pub name: String,
    /// Membership as of the table date (2026-07-23).
    pub current: Groups,
    /// AI Diffusion tier (1, 2 or 3) as published in January 2025.
    pub diffusion_tier: u8,
}

impl Country {
    /// Group membership on a date.
    #[must_use]
    pub fn groups_on(&self, date: Date) -> Groups {
        let mut g = self.current;
        // Undo every change that had not yet happened on `date`.
        for c in CHANGES.iter().filter(|c| c.iso2 == self.iso2 && date < c.effective) {
            let slot = match c.group {
                Group::A5 => &mut g.a5,
                Group::D1 => &mut g.d1,
                Group::D4 => &mut g.d4,
                Group::D5 => &mut g.d5,
            };
            *slot = !c.joined;
        }
        g
    }

    /// True for China and Hong Kong (treated as China).
    #[must_use]
    pub fn is_china(&self) -> bool {
        self.iso2 == "CN" || self.iso2 == "HK"
    }

    /// True for Macau, which the rules name separately.
    #[must_use]
    pub fn is_macau(&self) -> bool {
        self.iso2 == "MO"
    }
}

/// An unknown destination.
#[derive(Debug, thiserror::Error)]
#[error("unknown country {input:?}: expected an ISO 3166-1 alpha-2 code or an English country name (e.g. CN, MY, \"South Korea\", Vietnam, UAE){}", hint.as_ref().map(|h| format!(" (did you mean {h}?)")).unwrap_or_default())]
pub struct CountryError {
    /// What was given.
    pub input: String,
    /// The closest code and name, e.g. `MY (Malaysia)`, if one is close.
    pub hint: Option<String>,
}

/// An ISO 3166-1 entry.
#[derive(Clone, Debug, PartialEq)]
struct IsoEntry {
    iso2: String,
    name: String,
    /// The ISO name and the `;`-separated aliases, as the table gives them.
    iso_name: String,
    aliases: String,
}

/// Lower case, accents folded, punctuation dropped, spaces collapsed, a leading "the" dropped.
fn normalise(s: &str) -> String {
    let folded: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'Å' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    let words = if words.first() == Some(&"the") { &words[1..] } else { &words[..] };
    words.join(" ")
}

/// Edit distance with adjacent transpositions (optimal string alignment), for did-you-mean.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// The destination table.
#[derive(Clone, Debug, PartialEq)]
pub struct Countries {
    rows: Vec<Country>,
    iso: Vec<IsoEntry>,
    /// Normalised names each ISO entry answers to (name, ISO name, aliases, group-table name),
    /// in `iso` order: made on the first lookup by name, which most commands never do.
    keys: std::sync::OnceLock<Vec<Vec<String>>>,
}

impl Countries {
    /// The embedded tables, read from `data/rules/*.csv` when the crate was built.
    ///
    /// # Errors
    /// None since the tables are read at build time (a malformed file fails the build); the
    /// `Result` stays for callers written when they were parsed here.
    pub fn embedded() -> Result<Countries, csv::Error> {
        let rows = GROUP_ROWS
            .iter()
            .map(|&(iso2, name, [a5, a6, d1, d4, d5], diffusion_tier)| Country {
                iso2: iso2.to_string(),
                name: name.to_string(),
                current: Groups { a5, a6, d1, d4, d5 },
                diffusion_tier,
            })
            .collect();
        let iso = ISO_ROWS
            .iter()
            .map(|&(iso2, name, iso_name, aliases)| IsoEntry {
                iso2: iso2.into(),
                name: name.into(),
                iso_name: iso_name.into(),
                aliases: aliases.into(),
            })
            .collect();
        Ok(Countries { rows, iso, keys: std::sync::OnceLock::new() })
    }

    /// The tables read from CSV text (the Country Groups table and the ISO 3166-1 table, in the
    /// format of `data/rules/`): what [`Countries::embedded`] holds, read at run time.
    ///
    /// # Errors
    /// When a text is not CSV with a header row.
    pub fn from_csv(groups: &str, iso: &str) -> Result<Countries, csv::Error> {
        let rows = country_table::group_rows(groups)?
            .into_iter()
            .map(|r| {
                let [a5, a6, d1, d4, d5] = r.groups;
                Country {
                    iso2: r.iso2,
                    name: r.name,
                    current: Groups { a5, a6, d1, d4, d5 },
                    diffusion_tier: r.diffusion_tier,
                }
            })
            .collect();
        let iso = country_table::iso_rows(iso)?
            .into_iter()
            .map(|r| IsoEntry { iso2: r.iso2, name: r.name, iso_name: r.iso_name, aliases: r.aliases })
            .collect();
        Ok(Countries { rows, iso, keys: std::sync::OnceLock::new() })
    }

    /// The normalised names of every ISO entry, in `iso` order.
    fn keys(&self) -> &[Vec<String>] {
        self.keys.get_or_init(|| {
            self.iso
                .iter()
                .map(|e| {
                    let mut keys = vec![normalise(&e.name), normalise(&e.iso_name)];
                    keys.extend(e.aliases.split(';').filter(|a| !a.is_empty()).map(normalise));
                    if let Some(group_name) = self.rows.iter().find(|c| c.iso2 == e.iso2).map(|c| normalise(&c.name)) {
                        keys.push(group_name);
                    }
                    keys.sort();
                    keys.dedup();
                    keys
                })
                .collect()
        })
    }

    /// Every ISO 3166-1 alpha-2 code with its English name.
    pub fn iso_entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iso.iter().map(|e| (e.iso2.as_str(), e.name.as_str()))
    }

    /// Resolves an ISO 3166-1 alpha-2 code or an English name (official or common), any case.
    /// A country in none of the groups that matter here is valid (Tier 2 under the 2025
    /// diffusion rule).
    ///
    /// # Errors
    /// When the input is neither; the error suggests the closest code or name.
    pub fn get(&self, input: &str) -> Result<Country, CountryError> {
        let trimmed = input.trim();
        let upper = trimmed.to_ascii_uppercase();
        let key = normalise(trimmed);
        let iso2 = if upper.len() == 2 && self.iso.iter().any(|e| e.iso2 == upper) {
            Some(upper)
        } else {
            self.iso.iter().zip(self.keys()).find(|(_, keys)| keys.contains(&key)).map(|(e, _)| e.iso2.clone())
        };
        let Some(iso2) = iso2 else {
            return Err(CountryError { input: input.to_string(), hint: self.suggest(&key) });
        };
        if let Some(c) = self.rows.iter().find(|c| c.iso2 == iso2) {
            return Ok(c.clone());
        }
        let name = self.iso.iter().find(|e| e.iso2 == iso2).map_or_else(|| iso2.clone(), |e| e.name.clone());
        Ok(Country { iso2, name, current: Groups::default(), diffusion_tier: 2 })
    }

    fn suggest(&self, key: &str) -> Option<String> {
        if key.is_empty() {
            return None;
        }
        let best = self
            .iso
            .iter()
            .zip(self.keys())
            .flat_map(|(e, keys)| keys.iter().map(move |k| (e, k)))
            .map(|(e, k)| {
                let d = if k.starts_with(key) && key.len() >= 3 { 0 } else { distance(key, k) };
                (d, e)
            })
            .min_by_key(|(d, _)| *d)?;
        let len = key.chars().count();
        let limit = if len < 4 { 1 } else { (len / 4).max(2) };
        (best.0 <= limit).then(|| format!("{} ({})", best.1.iso2, best.1.name))
    }

    /// Dates on which some country's membership changed.
    #[must_use]
    pub fn change_dates(iso2: &str) -> Vec<Date> {
        CHANGES.iter().filter(|c| c.iso2 == iso2).map(|c| c.effective).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables stored at build time are exactly what the CSV reader makes of `data/rules/`
    /// now: a data edit that did not rebuild the crate fails here.
    #[test]
    fn embedded_tables_equal_the_csv_files() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/rules/");
        let read = |name: &str| std::fs::read_to_string(format!("{dir}{name}")).unwrap();
        let from_files = Countries::from_csv(&read("country-groups.csv"), &read("iso-3166-1.csv")).unwrap();
        let embedded = Countries::embedded().unwrap();
        assert_eq!(embedded, from_files);
        assert!(
            embedded.rows.len() > 90 && embedded.iso.len() == 249,
            "{} {}",
            embedded.rows.len(),
            embedded.iso.len()
        );
    }

    #[test]
    fn resolves_and_winds_back() {
        let t = Countries::embedded().unwrap();
        let cn = t.get("cn").unwrap();
        assert!(cn.current.d1 && cn.current.d4 && cn.current.d5);
        let hk = t.get("HK").unwrap();
        assert!(hk.is_china() && hk.current.d5);
        let ae = t.get("AE").unwrap();
        assert!(ae.groups_on(Date::ymd(2026, 7, 10)).a5);
        let before = ae.groups_on(Date::ymd(2026, 7, 9));
        assert!(!before.a5 && before.d4);
        let ni = t.get("NI").unwrap();
        assert!(!ni.groups_on(Date::ymd(2024, 3, 14)).d5);
        assert!(ni.groups_on(Date::ymd(2024, 3, 15)).d5);
        assert!(t.get("BR").is_ok());
        assert!(t.get("XX").is_err());
        assert_eq!(t.get("China").unwrap().iso2, "CN");
        assert_eq!(t.get("Chian").unwrap_err().hint.as_deref(), Some("CN (China)"));
        assert_eq!(t.get("Malaysa").unwrap_err().hint.as_deref(), Some("MY (Malaysia)"));
        for (input, code) in [
            ("South Korea", "KR"),
            ("korea, republic of", "KR"),
            ("Vietnam", "VN"),
            ("Viet Nam", "VN"),
            ("UAE", "AE"),
            ("united arab emirates", "AE"),
            ("malaysia", "MY"),
            ("Thailand", "TH"),
            ("Macau", "MO"),
            ("Macao", "MO"),
            ("Hong Kong", "HK"),
            ("the Netherlands", "NL"),
            ("Côte d'Ivoire", "CI"),
            ("Türkiye", "TR"),
            ("Russia", "RU"),
            ("my", "MY"),
        ] {
            assert_eq!(t.get(input).unwrap().iso2, code, "{input}");
        }
    }

    #[test]
    fn every_iso_country_resolves_by_code_and_name() {
        let t = Countries::embedded().unwrap();
        let entries: Vec<(String, String)> = t.iso_entries().map(|(c, n)| (c.to_string(), n.to_string())).collect();
        // ISO 3166-1 has 249 entries (iso-codes 4.15.0).
        assert_eq!(entries.len(), 249);
        for (code, name) in &entries {
            assert_eq!(&t.get(code).unwrap().iso2, code);
            assert_eq!(&t.get(&code.to_ascii_lowercase()).unwrap().iso2, code);
            assert_eq!(&t.get(name).unwrap().iso2, code, "{name}");
            assert_eq!(&t.get(&name.to_uppercase()).unwrap().iso2, code, "{name}");
        }
        // Every row of the groups table is an ISO country.
        for c in &t.rows {
            assert!(entries.iter().any(|(code, _)| *code == c.iso2), "{}", c.iso2);
        }
        // Countries in no group are valid destinations with no groups.
        let my = t.get("Malaysia").unwrap();
        assert_eq!(my.current, Groups::default());
    }

    #[test]
    fn group_counts_match_the_reference() {
        // country-groups.md §1: eCFR 2026-07-23 has A:5 = 38, A:6 = 8, D:5 = 22 (the HK row
        // copies China's flags, so D:5 counts one more in the CSV).
        let t = Countries::embedded().unwrap();
        let count = |f: fn(&Groups) -> bool| t.rows.iter().filter(|c| f(&c.current)).count();
        assert_eq!(count(|g| g.a5), 38);
        assert_eq!(count(|g| g.a6), 8);
        assert_eq!(count(|g| g.d5), 23);
    }
}
