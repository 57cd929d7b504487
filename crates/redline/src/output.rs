//! Writing results: JSON, CSV and tables, all to stdout.

use std::io::Write;

use anyhow::Result;
use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

/// Writes pretty JSON and a newline.
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Writes CSV from a header and rows.
pub fn csv(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.flush()?;
    Ok(())
}

/// A table in the house style.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_width(140);
    t.set_header(header.to_vec());
    t
}

/// Number for tables: thousands separators for big numbers, two decimals for small ones.
pub fn num(v: Option<f64>) -> String {
    redline_rules::classify::fmt_num(v)
}

/// `yes`, `no` or `?`.
pub fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "?",
    }
}

/// A fixed-point number scaled by `scale`, or `-` when there is none (nothing fits).
pub fn fixed(v: Option<f64>, scale: f64, decimals: usize) -> String {
    v.map_or_else(|| "-".to_string(), |x| format!("{:.decimals$}", x * scale))
}

/// A number for CSV: the value, or empty when there is none.
pub fn cell(v: Option<f64>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

/// A number for CSV at its source precision: at most 9 decimals, trailing zeros dropped, so
/// binary float noise (`-2.9299999999999997`) prints as written (`-2.93`).
pub fn csv_num(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let text = format!("{v:.9}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_string() } else { text.to_string() }
}

/// [`csv_num`] for an optional value (blank when unknown).
pub fn csv_opt(v: Option<f64>) -> String {
    v.map(csv_num).unwrap_or_default()
}
