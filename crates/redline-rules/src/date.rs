//! Calendar dates (proleptic Gregorian), enough for effective dates and `--on`.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// A date string that is not `YYYY-MM-DD` or not a real day.
#[derive(Debug, thiserror::Error)]
#[error("invalid date {input:?}: {}", why(input))]
pub struct DateError {
    /// What was given.
    pub input: String,
}

/// Why a date is refused: a well-formed day outside the years kept, or not a day at all.
fn why(input: &str) -> &'static str {
    let year = input.trim().get(..4).and_then(|y| y.parse::<i32>().ok());
    let shaped = input.trim().len() == 10 && input.trim().as_bytes().get(4) == Some(&b'-');
    match year {
        Some(y) if shaped && !(1900..=2200).contains(&y) => "dates run from 1900-01-01 to 2200-12-31 (YYYY-MM-DD)",
        _ => "expected YYYY-MM-DD, a real calendar day",
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A date from parts, checked.
    ///
    /// # Errors
    /// When the day does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month) && (1900..=2200).contains(&year) {
            Ok(Date { year, month, day })
        } else {
            Err(DateError { input: format!("{year:04}-{month:02}-{day:02}") })
        }
    }

    /// A date known to be valid at compile time (panics in const evaluation otherwise).
    #[must_use]
    pub const fn ymd(year: i32, month: u8, day: u8) -> Date {
        assert!(month >= 1 && month <= 12 && day >= 1 && day <= 31);
        Date { year, month, day }
    }

    /// Today in UTC, from the system clock.
    #[must_use]
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    #[must_use]
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = if m <= 2 { y + 1 } else { y };
        Date { year: y as i32, month: m, day: d }
    }

    /// The day before.
    #[must_use]
    pub fn pred(self) -> Date {
        if self.day > 1 {
            Date { day: self.day - 1, ..self }
        } else if self.month > 1 {
            Date { month: self.month - 1, day: days_in_month(self.year, self.month - 1), ..self }
        } else {
            Date { year: self.year - 1, month: 12, day: 31 }
        }
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let err = || DateError { input: s.to_string() };
        let mut parts = s.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        let year = y.parse().map_err(|_| err())?;
        let month = m.parse().map_err(|_| err())?;
        let day = d.parse().map_err(|_| err())?;
        Date::new(year, month, day).map_err(|_| err())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        let d: Date = "2023-11-17".parse().unwrap();
        assert_eq!(d.to_string(), "2023-11-17");
        assert!("2023-02-30".parse::<Date>().is_err());
        // Regression: a date after 2200 was called "not a real calendar day".
        let e = "2201-01-01".parse::<Date>().unwrap_err().to_string();
        assert!(e.contains("from 1900-01-01 to 2200-12-31"), "{e}");
        assert!("1899-12-31".parse::<Date>().unwrap_err().to_string().contains("to 2200-12-31"));
        assert!("2023-02-30".parse::<Date>().unwrap_err().to_string().contains("a real calendar day"));
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("23-11-17".parse::<Date>().is_err());
        assert!("yesterday".parse::<Date>().is_err());
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        // 2026-11-29 is 20,786 days after 1970-01-01.
        assert_eq!(Date::from_days_since_epoch(20_786).to_string(), "2026-11-29");
        assert_eq!(Date::ymd(2024, 3, 1).pred().to_string(), "2024-02-29");
        assert_eq!(Date::ymd(2024, 1, 1).pred().to_string(), "2023-12-31");
    }
}
