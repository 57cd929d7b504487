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

/// The rounding step of a number as written, for approximate wording ("about 20%"): the
/// place value of its last non-zero digit (`20` → 10, `2,000` → 1,000, `96` → 1, `4.0` → 0.1,
/// a written decimal zero counts), five times that when the number ends in a 5 after other
/// digits (`25` → 5, `250` → 50, `1.5` → 0.5: a round multiple of 5). `None` for zero.
pub(crate) fn round_step(s: &str) -> Option<f64> {
    let clean: String = s.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect();
    let (int, frac) = clean.split_once('.').unwrap_or((clean.as_str(), ""));
    let digits: Vec<u32> = int.chars().chain(frac.chars()).filter_map(|c| c.to_digit(10)).collect();
    let frac_len = i32::try_from(frac.len().min(12)).ok()?;
    // Index (from the right, in units of the last written place) of the digit that sets the step:
    // the last non-zero digit of the integer part when there is no decimal part, else the last
    // written digit.
    let (place, last) = if frac.is_empty() {
        let k = digits.iter().rev().take_while(|d| **d == 0).count();
        let last = *digits.iter().rev().nth(k)?;
        (i32::try_from(k.min(30)).ok()?, last)
    } else {
        (-frac_len, *digits.last()?)
    };
    let significant = digits.iter().skip_while(|d| **d == 0).count();
    let significant_before = significant.saturating_sub(usize::try_from(place.max(0)).unwrap_or(0) + 1);
    if !digits.iter().any(|d| *d != 0) {
        return None;
    }
    let unit = 10f64.powi(place);
    Some(if last == 5 && significant_before > 0 { 5.0 * unit } else { unit })
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

/// A number for display: thousands separators for whole numbers from 1,000, else up to four
/// decimals with trailing zeros dropped.
pub(crate) fn fmt(v: f64) -> String {
    if v.abs() >= 1000.0 {
        let r = v.round();
        if (r - v).abs() < 1e-9 {
            // Thousands separators.
            let s = format!("{}", r.abs() as u64);
            let mut out = String::new();
            for (i, ch) in s.chars().enumerate() {
                if i > 0 && (s.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(ch);
            }
            return if v < 0.0 { format!("-{out}") } else { out };
        }
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
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
    fn rounding_steps() {
        // "20" is a round multiple of 10, "25" of 5, "250" of 50; "50" of 10; decimals as written.
        for (s, step) in [
            ("20%", 10.0),
            ("25", 5.0),
            ("250", 50.0),
            ("50", 10.0),
            ("2,000", 1000.0),
            ("96", 1.0),
            ("4.0", 0.1),
            ("1.5", 0.5),
            ("0.5", 0.1),
            ("1,296", 1.0),
        ] {
            assert_eq!(round_step(s), Some(step), "{s}");
        }
        assert_eq!(round_step("0"), None);
        assert_eq!(round_step("%"), None);
    }

    #[test]
    fn dates() {
        let d = PartialDate::new(2025, 2, None).unwrap();
        assert_eq!(d.text(), "2025-02");
        assert_eq!(d.last_day().to_string(), "2025-02-28");
        assert!(PartialDate::new(2025, 2, Some(30)).is_none());
    }
}
