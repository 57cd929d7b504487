//! The rule editions, one file each, oldest first. A file's doc comment is what
//! `redline rules EDITION` prints, and its `apply` is what the edition does to a check.
//!
//! Adding an edition or overlay: a new file here declaring `pub static EDITION` (with its
//! `apply`), plus one line in the `register!` list below, in date order.

use crate::date::Date;
use crate::edition::Edition;

/// Declares the edition modules and [`ALL`] from one list.
macro_rules! register {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every edition, by effective date.
        pub static ALL: &[&Edition] = &[$(&$module::EDITION),*];
    };
}

register! {
    e2022_10_07,
    e2023_01_17,
    e2023_11_17,
    e2024_04_04,
    e2024_12_02,
    e2025_01_13,
    e2025_04_09,
    e2025_05_13,
    e2025_08_11,
    e2025_09_29,
    e2025_11_06,
    e2025_11_10,
    e2025_11_19,
    e2026_01_15,
    e2026_01_15_tariff,
    e2026_03_03,
    e2026_04_07,
    e2026_07_10,
    e2026_11_10,
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

/// The edition that took effect most recently on or before `date`.
#[must_use]
pub fn latest_on(date: Date) -> Option<&'static Edition> {
    in_effect(date).last()
}

/// The first edition's date: nothing to say before it.
pub const FIRST: Date = Date::ymd(2022, 10, 7);
