//! Batch screening: a shipments file (CSV) checked line by line.
//!
//! Columns `chip,to,on` are required; `quantity,end_user,end_user_hq,end_user_approved` are
//! optional; any other column is carried through and echoed. The whole file is validated
//! before anything is screened: the first bad field is reported as `file:line:column`, so a
//! caller never prints a partial result as if the file had been screened.

use redline_catalog::{Catalog, Chip};

use crate::check::{Check, FactInput, check_with};
use crate::country::Countries;
use crate::date::Date;
use crate::editions;

/// The columns a shipments file must have.
pub const REQUIRED: [&str; 3] = ["chip", "to", "on"];
/// The optional columns Redline reads.
pub const OPTIONAL: [&str; 5] = ["quantity", "end_user", "end_user_hq", "end_user_approved", "subject_to_ear"];

/// A bad shipments file.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {field}: {message}")]
pub struct ShipmentError {
    /// File name as given.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column (field number).
    pub column: usize,
    /// Column name.
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

/// One validated line of a shipments file.
#[derive(Clone, Debug)]
pub struct Shipment<'c> {
    /// 1-based line in the file.
    pub line: u64,
    /// Every input column, name and value, in file order.
    pub columns: Vec<(String, String)>,
    /// The chip.
    pub chip: &'c Chip,
    /// Destination as given.
    pub to: String,
    /// Date.
    pub on: Date,
    /// Units, when given.
    pub quantity: Option<u64>,
    /// Facts given for the end user.
    pub facts: FactInput,
}

/// Parses a yes/no cell (`true/false`, `yes/no`, `1/0`, `y/n`; blank: not given).
#[must_use]
pub fn parse_bool(s: &str) -> Option<Option<bool>> {
    match s.trim().to_ascii_lowercase().as_str() {
        "" => Some(None),
        "true" | "yes" | "y" | "1" => Some(Some(true)),
        "false" | "no" | "n" | "0" => Some(Some(false)),
        _ => None,
    }
}

/// Reads and validates a shipments file's text.
///
/// # Errors
/// The first bad line, field or header, as `file:line:column`.
pub fn parse<'c>(
    text: &str,
    file: &str,
    catalog: &'c Catalog,
    countries: &Countries,
) -> Result<Vec<Shipment<'c>>, ShipmentError> {
    let err = |line: u64, column: usize, field: &str, message: String| ShipmentError {
        file: file.to_string(),
        line,
        column,
        field: field.to_string(),
        message,
    };
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(false).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| err(1, 1, "header", format!("not CSV: {e}")))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    for (i, name) in header.iter().enumerate() {
        if header[..i].contains(name) {
            return Err(err(1, i + 1, name, "column given twice".into()));
        }
    }
    for required in REQUIRED {
        if !header.iter().any(|h| h == required) {
            return Err(err(
                1,
                header.len() + 1,
                required,
                format!(
                    "missing column; a shipments file needs the columns {} (optional: {})",
                    REQUIRED.join(","),
                    OPTIONAL.join(",")
                ),
            ));
        }
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut out = Vec::new();
    for record in reader.records() {
        let r = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            err(line, 1, "row", format!("{e}"))
        })?;
        let line = r.position().map_or(0, csv::Position::line);
        if r.iter().all(str::is_empty) {
            continue;
        }
        let cell = |name: &str| col(name).and_then(|i| r.get(i)).unwrap_or_default();
        let at = |name: &str| col(name).map_or(1, |i| i + 1);
        let chip_name = cell("chip");
        if chip_name.is_empty() {
            return Err(err(
                line,
                at("chip"),
                "chip",
                "empty; expected a chip id or name (see `redline chips`)".into(),
            ));
        }
        let chip = catalog.get(chip_name).map_err(|e| err(line, at("chip"), "chip", e.to_string()))?;
        let to = cell("to");
        countries.get(to).map_err(|e| err(line, at("to"), "to", e.to_string()))?;
        let on: Date = cell("on")
            .parse()
            .map_err(|_| err(line, at("on"), "on", format!("{:?} is not a date; expected YYYY-MM-DD", cell("on"))))?;
        if on < editions::FIRST {
            return Err(err(
                line,
                at("on"),
                "on",
                format!("{on} is before the first chip rule ({}); expected a later date", editions::FIRST),
            ));
        }
        let quantity = match cell("quantity") {
            "" => None,
            q => Some(q.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| {
                err(
                    line,
                    at("quantity"),
                    "quantity",
                    format!("{q:?} is not a whole number of units (expected 1 or more)"),
                )
            })?),
        };
        let hq = cell("end_user_hq");
        if !hq.is_empty() {
            countries.get(hq).map_err(|e| err(line, at("end_user_hq"), "end_user_hq", e.to_string()))?;
        }
        let approved = parse_bool(cell("end_user_approved")).ok_or_else(|| {
            err(
                line,
                at("end_user_approved"),
                "end_user_approved",
                format!("{:?} is not yes/no; expected true, false, yes, no, 1, 0 or blank", cell("end_user_approved")),
            )
        })?;
        let subject = parse_bool(cell("subject_to_ear")).ok_or_else(|| {
            err(
                line,
                at("subject_to_ear"),
                "subject_to_ear",
                format!("{:?} is not yes/no; expected true, false, yes, no, 1, 0 or blank", cell("subject_to_ear")),
            )
        })?;
        out.push(Shipment {
            line,
            columns: header.iter().cloned().zip(r.iter().map(str::to_string)).collect(),
            chip,
            to: to.to_string(),
            on,
            quantity,
            facts: FactInput {
                end_user_hq: (!hq.is_empty()).then(|| hq.to_string()),
                end_user_approved: approved,
                subject_to_ear: subject,
            },
        });
    }
    Ok(out)
}

/// Screens validated shipments, in input order.
///
/// # Errors
/// None in practice (every field was validated); a rules error is passed on.
pub fn screen(shipments: &[Shipment<'_>], countries: &Countries) -> Result<Vec<Check>, crate::RulesError> {
    shipments.iter().map(|s| check_with(s.chip, countries, &s.to, s.on, &s.facts)).collect()
}
