//! Destinations: ISO 3166 alpha-2 codes resolved to EAR Country Groups on a date.
//!
//! Membership comes from `data/rules/country-groups.csv` (15 CFR part 740 Supp. No. 1 as of the
//! eCFR of 2026-07-23, copied from the project's reference research) and is wound back to
//! earlier dates through the dated changes in [`CHANGES`]. Hong Kong is treated as China
//! (85 FR 83765, 2020-12-23); Macau is a destination of its own that the rules name.

use serde::Serialize;

use crate::date::Date;

static CSV: &str = include_str!("../../../data/rules/country-groups.csv");

/// Every ISO 3166-1 alpha-2 code, to tell a valid code missing from the groups table (member of
/// no relevant group) from a typo.
static ISO_CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

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
#[derive(Clone, Debug, Serialize)]
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

/// An unknown destination code.
#[derive(Debug, thiserror::Error)]
#[error("unknown destination {input:?}: expected an ISO 3166 alpha-2 country code such as CN, HK, MO, AE, US{}", hint.as_ref().map(|h| format!(" (did you mean {h}?)")).unwrap_or_default())]
pub struct CountryError {
    /// What was given.
    pub input: String,
    /// A code whose name matches, if any.
    pub hint: Option<String>,
}

/// The destination table.
#[derive(Clone, Debug)]
pub struct Countries {
    rows: Vec<Country>,
}

impl Countries {
    /// The embedded table.
    ///
    /// # Errors
    /// Only if the embedded CSV is malformed (a test guards it).
    pub fn embedded() -> Result<Countries, csv::Error> {
        let mut reader = csv::Reader::from_reader(CSV.as_bytes());
        let mut rows = Vec::new();
        for record in reader.records() {
            let r = record?;
            let flag = |i: usize| r.get(i) == Some("1");
            rows.push(Country {
                iso2: r.get(0).unwrap_or_default().to_string(),
                name: r.get(1).unwrap_or_default().to_string(),
                current: Groups { a5: flag(2), a6: flag(3), d1: flag(4), d4: flag(5), d5: flag(6) },
                diffusion_tier: r.get(7).and_then(|t| t.parse().ok()).unwrap_or(2),
            });
        }
        Ok(Countries { rows })
    }

    /// Resolves an ISO code (any case). A valid code missing from the table is in no group
    /// that matters here (Tier 2 under the 2025 diffusion rule).
    ///
    /// # Errors
    /// When the code is not an ISO 3166 alpha-2 code.
    pub fn get(&self, code: &str) -> Result<Country, CountryError> {
        let upper = code.trim().to_ascii_uppercase();
        if let Some(c) = self.rows.iter().find(|c| c.iso2 == upper) {
            return Ok(c.clone());
        }
        if upper.len() == 2 && ISO_CODES.split(' ').any(|c| c == upper) {
            return Ok(Country { iso2: upper.clone(), name: upper, current: Groups::default(), diffusion_tier: 2 });
        }
        let lower = code.trim().to_ascii_lowercase();
        let hint = self
            .rows
            .iter()
            .find(|c| !lower.is_empty() && c.name.to_ascii_lowercase().starts_with(&lower))
            .map(|c| c.iso2.clone());
        Err(CountryError { input: code.to_string(), hint })
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
        assert_eq!(t.get("China").unwrap_err().hint.as_deref(), Some("CN"));
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
