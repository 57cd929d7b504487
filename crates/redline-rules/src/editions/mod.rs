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
pub mod e2026_01_15;
pub mod e2026_07_10;

use crate::date::Date;
use crate::edition::Edition;

/// Every edition, by effective date.
pub static ALL: [&Edition; 11] = [
    &e2022_10_07::EDITION,
    &e2023_01_17::EDITION,
    &e2023_11_17::EDITION,
    &e2024_04_04::EDITION,
    &e2024_12_02::EDITION,
    &e2025_01_13::EDITION,
    &e2025_04_09::EDITION,
    &e2025_05_13::EDITION,
    &e2025_08_11::EDITION,
    &e2026_01_15::EDITION,
    &e2026_07_10::EDITION,
];

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
