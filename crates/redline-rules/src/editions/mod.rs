//! The rule editions, one file each, oldest first. A file's doc comment is what
//! `redline rules EDITION` prints.

pub mod e2022_10_07;
pub mod e2023_01_17;
pub mod e2023_11_17;
pub mod e2024_04_04;
pub mod e2024_12_02;
pub mod e2025_01_13;
pub mod e2025_04_09;
pub mod e2025_05_13;
pub mod e2025_08_11;
pub mod e2025_09_29;
pub mod e2025_11_06;
pub mod e2025_11_10;
pub mod e2025_11_19;
pub mod e2026_01_15;
pub mod e2026_01_15_tariff;
pub mod e2026_03_03;
pub mod e2026_04_07;
pub mod e2026_07_10;
pub mod e2026_11_10;

use redline_catalog::Chip;

use crate::check::Check;
use crate::classify::Classification;
use crate::country::Country;
use crate::date::Date;
use crate::edition::Edition;

/// Every edition, by effective date.
pub static ALL: [&Edition; 19] = [
    &e2022_10_07::EDITION,
    &e2023_01_17::EDITION,
    &e2023_11_17::EDITION,
    &e2024_04_04::EDITION,
    &e2024_12_02::EDITION,
    &e2025_01_13::EDITION,
    &e2025_04_09::EDITION,
    &e2025_05_13::EDITION,
    &e2025_08_11::EDITION,
    &e2025_09_29::EDITION,
    &e2025_11_06::EDITION,
    &e2025_11_10::EDITION,
    &e2025_11_19::EDITION,
    &e2026_01_15::EDITION,
    &e2026_01_15_tariff::EDITION,
    &e2026_03_03::EDITION,
    &e2026_04_07::EDITION,
    &e2026_07_10::EDITION,
    &e2026_11_10::EDITION,
];

/// The editions that own their check (2025-09 onward): each adds its conditions, reasons or
/// press overlays to a check already decided by the editions above it, and none of them changes
/// `license_required`.
pub(crate) fn apply_owned(chip: &Chip, country: &Country, cls: &Classification, date: Date, check: &mut Check) {
    e2026_01_15_tariff::apply(chip, country, date, check);
    e2025_11_06::apply(chip, country, date, check);
    e2025_11_19::apply(chip, country, cls.controlled || !cls.decided, date, check);
    e2026_03_03::apply(chip, country, date, check);
    e2025_09_29::apply(date, check);
}

/// The edition with this id (its effective date), if any.
#[must_use]
pub fn find(id: &str) -> Option<&'static Edition> {
    ALL.iter().copied().find(|e| e.id == id)
}

/// Editions in effect on a date, oldest first.
pub fn in_effect(date: Date) -> impl Iterator<Item = &'static Edition> {
    ALL.iter().copied().filter(move |e| e.effective <= date)
}

/// The first edition's date: nothing to say before it.
pub const FIRST: Date = Date::ymd(2022, 10, 7);
