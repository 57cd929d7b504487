//! Numbers as written: digits with thousands separators, English and Chinese number words,
//! fractions ("half", "a fifth", 六分之一), and dates (2025年4月, April 2025, 2025-04-09).

/// A number read from digits, with the half-unit of its last written digit (its rounding).
pub(crate) fn parse_digits(s: &str) -> Option<(f64, f64)> {
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    let v: f64 = clean.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    let decimals = clean.split('.').nth(1).map_or(0, str::len);
    let half = 0.5 * 10f64.powi(-i32::try_from(decimals.min(12)).unwrap_or(12));
    Some((v, half))
}

/// English number words up to twelve.
pub(crate) fn english_word(w: &str) -> Option<f64> {
    let v = match w {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "twice" | "double" => 2.0,
        "triple" => 3.0,
        _ => return None,
    };
    Some(v)
}

/// Ordinal denominators: "third" is 3, "quarter" 4 ...
pub(crate) fn english_denominator(w: &str) -> Option<f64> {
    let v = match w {
        "half" => 2.0,
        "third" => 3.0,
        "quarter" | "fourth" => 4.0,
        "fifth" => 5.0,
        "sixth" => 6.0,
        "seventh" => 7.0,
        "eighth" => 8.0,
        "ninth" => 9.0,
        "tenth" => 10.0,
        _ => return None,
    };
    Some(v)
}

/// Chinese numerals up to 99 (一, 两, 十, 十五, 二十).
pub(crate) fn chinese(s: &str) -> Option<f64> {
    let digit = |c: char| match c {
        '零' => Some(0.0),
        '一' => Some(1.0),
        '二' | '两' => Some(2.0),
        '三' => Some(3.0),
        '四' => Some(4.0),
        '五' => Some(5.0),
        '六' => Some(6.0),
        '七' => Some(7.0),
        '八' => Some(8.0),
        '九' => Some(9.0),
        _ => None,
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        [d] => digit(*d).or(if *d == '十' { Some(10.0) } else { None }),
        ['十', d] => Some(10.0 + digit(*d)?),
        [d, '十'] => Some(digit(*d)? * 10.0),
        [a, '十', b] => Some(digit(*a)? * 10.0 + digit(*b)?),
        _ => None,
    }
}

/// A date as precise as the text gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PartialDate {
    pub year: i32,
    pub month: u8,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn new(year: i32, month: u8, day: Option<u8>) -> Option<PartialDate> {
        if !(1990..=2100).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if let Some(d) = day {
            redline_rules::Date::new(year, month, d).ok()?;
        }
        Some(PartialDate { year, month, day })
    }

    /// `YYYY-MM-DD` or `YYYY-MM`.
    pub fn text(self) -> String {
        match self.day {
            Some(d) => format!("{:04}-{:02}-{d:02}", self.year, self.month),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// The last day the date covers.
    pub fn last_day(self) -> redline_rules::Date {
        let day = self.day.unwrap_or(31);
        (1..=day)
            .rev()
            .find_map(|d| redline_rules::Date::new(self.year, self.month, d).ok())
            .unwrap_or(redline_rules::Date::ymd(self.year, self.month, 28))
    }

    /// The first day the date covers.
    pub fn first_day(self) -> redline_rules::Date {
        redline_rules::Date::new(self.year, self.month, self.day.unwrap_or(1)).unwrap_or(self.last_day())
    }
}

pub(crate) fn month(name: &str) -> Option<u8> {
    let m = match name.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_rounding() {
        assert_eq!(parse_digits("4.0"), Some((4.0, 0.05)));
        assert_eq!(parse_digits("2,368"), Some((2368.0, 0.5)));
        assert_eq!(parse_digits("1e999"), None);
    }

    #[test]
    fn words() {
        assert_eq!(chinese("六"), Some(6.0));
        assert_eq!(chinese("十五"), Some(15.0));
        assert_eq!(chinese("二十"), Some(20.0));
        assert_eq!(chinese("两"), Some(2.0));
        assert_eq!(english_word("six"), Some(6.0));
        assert_eq!(english_denominator("fifth"), Some(5.0));
    }

    #[test]
    fn dates() {
        let d = PartialDate::new(2025, 2, None).unwrap();
        assert_eq!(d.text(), "2025-02");
        assert_eq!(d.last_day().to_string(), "2025-02-28");
        assert!(PartialDate::new(2025, 2, Some(30)).is_none());
    }
}
