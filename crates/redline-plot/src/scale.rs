//! Mapping data values to pixels, and choosing tick marks that read well.

use crate::figure::{Axis, Scale};

/// Maps an axis' values onto a pixel interval.
#[derive(Clone, Copy, Debug)]
pub struct Mapper {
    scale: Scale,
    d0: f64,
    d1: f64,
    p0: f64,
    p1: f64,
}

impl Mapper {
    /// `p0` is the pixel of `axis.min`, `p1` that of `axis.max` (p1 < p0 for a y axis).
    #[must_use]
    pub fn new(axis: &Axis, p0: f64, p1: f64) -> Mapper {
        let (d0, d1) = match axis.scale {
            Scale::Log => (axis.min.log10(), axis.max.log10()),
            Scale::Linear | Scale::Time => (axis.min, axis.max),
        };
        Mapper { scale: axis.scale, d0, d1, p0, p1 }
    }

    /// Pixel of a value.
    #[must_use]
    pub fn px(&self, v: f64) -> f64 {
        let t = match self.scale {
            Scale::Log => v.max(1e-300).log10(),
            Scale::Linear | Scale::Time => v,
        };
        self.p0 + (t - self.d0) / (self.d1 - self.d0) * (self.p1 - self.p0)
    }

    /// Value at a pixel.
    #[must_use]
    pub fn value(&self, p: f64) -> f64 {
        let t = self.d0 + (p - self.p0) / (self.p1 - self.p0) * (self.d1 - self.d0);
        match self.scale {
            Scale::Log => 10f64.powf(t),
            Scale::Linear | Scale::Time => t,
        }
    }
}

/// Tick values with their labels.
#[must_use]
pub fn ticks(axis: &Axis) -> Vec<(f64, String)> {
    if !axis.categories.is_empty() {
        return axis.categories.iter().enumerate().map(|(i, c)| (f64_from(i), c.clone())).collect();
    }
    // Bounded whatever the data: an infinite or NaN end (a density over a denormal area) used
    // to make the log ticks loop until memory ran out.
    if !(axis.min.is_finite() && axis.max.is_finite()) || axis.min > axis.max {
        return Vec::new();
    }
    match axis.scale {
        Scale::Log => log_ticks(axis.min, axis.max),
        Scale::Linear => linear_ticks(axis.min, axis.max),
        Scale::Time => time_ticks(axis.min, axis.max),
    }
}

#[allow(clippy::cast_precision_loss)]
fn f64_from(i: usize) -> f64 {
    i as f64
}

fn log_ticks(min: f64, max: f64) -> Vec<(f64, String)> {
    // f64 spans decades -324..308: at most ~640 candidate ticks.
    let lo = (min.log10().floor() as i32).max(-330);
    let hi = (max.log10().ceil() as i32).clamp(lo, 310);
    let decades = hi - lo;
    // Few decades: 1-2-5 steps; many: decades only.
    let mults: &[f64] = if decades <= 2 {
        &[1.0, 2.0, 5.0]
    } else if decades <= 4 {
        &[1.0, 3.0]
    } else {
        &[1.0]
    };
    let mut out = Vec::new();
    for e in lo..=hi {
        for m in mults {
            let v = m * 10f64.powi(e);
            if v >= min * 0.999_999 && v <= max * 1.000_001 {
                out.push((v, number(v)));
            }
        }
    }
    out
}

fn linear_ticks(min: f64, max: f64) -> Vec<(f64, String)> {
    let span = (max - min).abs().max(1e-12);
    let raw = span / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| span / s <= 8.0).unwrap_or(10.0 * mag);
    let mut v = (min / step).ceil() * step;
    let mut out = Vec::new();
    while v <= max + step * 1e-9 {
        out.push((v, number(v)));
        v += step;
    }
    out
}

fn time_ticks(min: f64, max: f64) -> Vec<(f64, String)> {
    let (y0, _, _) = civil(min as i64);
    let (y1, _, _) = civil(max as i64);
    let years = y1 - y0;
    if years > 10_000 {
        return Vec::new();
    }
    let months: &[u32] = if years <= 3 { &[1, 7] } else { &[1] };
    let mut out = Vec::new();
    for y in y0..=y1 + 1 {
        for &m in months {
            #[allow(clippy::cast_precision_loss)]
            let d = days_from_civil(y, m, 1) as f64;
            if d >= min && d <= max {
                let label = if m == 1 { y.to_string() } else { format!("{y}-{m:02}") };
                out.push((d, label));
            }
        }
    }
    out
}

/// A number for an axis or a label: thousands separators, no trailing zeros.
#[must_use]
pub fn number(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        let rounded = v.round() as i64;
        let s = rounded.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, ch) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        if rounded < 0 { format!("-{out}") } else { out }
    } else if a >= 100.0 || a == 0.0 || (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        trim(format!("{v:.2}"))
    } else {
        trim(format!("{v:.3}"))
    }
}

fn trim(s: String) -> String {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
#[must_use]
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date of a day number.
#[must_use]
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub fn civil(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// Day number of a `YYYY-MM-DD` string (as `Date` prints).
#[must_use]
pub fn days_of(date: &str) -> Option<i64> {
    let mut it = date.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    Some(days_from_civil(y, m, d))
}

/// The 1-2-5 value at or below `v` (for log axis bounds).
#[must_use]
pub fn nice_floor(v: f64) -> f64 {
    let e = v.log10().floor();
    let base = 10f64.powf(e);
    let m = v / base;
    let pick = if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    };
    pick * base
}

/// The 1-2-5 value at or above `v`.
#[must_use]
pub fn nice_ceil(v: f64) -> f64 {
    let e = v.log10().floor();
    let base = 10f64.powf(e);
    let m = v / base;
    let pick = if m <= 1.0 + 1e-12 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    pick * base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(number(15832.0), "15,832");
        assert_eq!(number(5.92), "5.92");
        assert_eq!(number(2.0), "2");
        assert_eq!(number(0.5), "0.5");
    }

    #[test]
    fn dates_round_trip() {
        let d = days_from_civil(2025, 8, 11);
        assert_eq!(civil(d), (2025, 8, 11));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_of("2023-11-17"), Some(days_from_civil(2023, 11, 17)));
    }

    #[test]
    fn ticks_are_bounded_whatever_the_ends() {
        // Regression: a what-if with a denormal die area made the density axis end at
        // infinity and the tick loop allocate without bound (the server was killed at ~24 GB).
        let mut axis = Axis::new("y", Scale::Log, 1.0, f64::INFINITY);
        assert!(ticks(&axis).is_empty());
        axis.max = f64::NAN;
        assert!(ticks(&axis).is_empty());
        axis.min = 5e-324;
        axis.max = f64::MAX;
        assert!(ticks(&axis).len() <= 700, "{}", ticks(&axis).len());
        axis.scale = Scale::Time;
        axis.min = 0.0;
        axis.max = 1e15;
        assert!(ticks(&axis).is_empty());
        axis.scale = Scale::Linear;
        axis.min = -f64::MAX;
        axis.max = f64::MAX;
        assert!(ticks(&axis).len() <= 20);
    }

    #[test]
    fn log_ticks_cover_decades() {
        let t = log_ticks(1000.0, 100_000.0);
        assert_eq!(t.first().unwrap().1, "1,000");
        assert_eq!(t.last().unwrap().1, "100,000");
        assert_eq!(nice_floor(1544.0), 1000.0);
        assert_eq!(nice_ceil(36.9), 50.0);
    }
}
