//! Chart builders: library results in, [`Figure`](crate::Figure) out.

pub mod bandwidth;
pub mod compliance;
pub mod frontier;
pub mod perf;
pub mod timeline;

pub use bandwidth::bandwidth;
pub use compliance::{compliance, compliance_to};
pub use frontier::frontier;
pub use perf::{compare, roofline};
pub use timeline::timeline;

use redline_catalog::{Chip, Grade};
use redline_rules::Classification;

use crate::figure::{Key, Point, Shape, palette};
use crate::scale::number;

/// Marker shape and fill for a chip's TPP evidence: press-reported chips look different.
pub(crate) fn evidence(chip: &Chip) -> (&'static str, Shape, bool) {
    match chip.metrics.tpp.and_then(|m| m.grade) {
        Some(Grade::Press | Grade::Estimate) => ("press-reported or estimated", Shape::Diamond, false),
        Some(Grade::Official | Grade::Analyst) => ("official or analyst figures", Shape::Circle, true),
        None => ("user spec (no grade)", Shape::Square, true),
    }
}

/// A catalogue chip's marker: id, label and evidence shape from the chip; position, colour and
/// the tooltip's extra rows from the chart (the chip's name always comes first).
pub(crate) fn chip_point(
    chip: &Chip,
    (x, y): (f64, f64),
    (color_key, color): (&str, &str),
    extra: Vec<(String, String)>,
) -> Point {
    let (shape_key, shape, filled) = evidence(chip);
    let mut tooltip = vec![("chip".to_string(), chip.spec.name.clone())];
    if let Some(o) = &chip.spec.origin {
        tooltip.push(("origin".to_string(), o.to_string()));
    }
    tooltip.extend(extra);
    Point {
        id: Some(chip.spec.id.clone()),
        label: origin_label(chip),
        x,
        y,
        color_key: color_key.to_string(),
        color: color.to_string(),
        shape_key: shape_key.to_string(),
        shape,
        filled,
        tooltip,
    }
}

/// Chips designed outside the US carry their origin after the label, `BR100 (CN)`, so the
/// domestic Chinese accelerators stand out among the US designs they are weighed against.
pub(crate) fn origin_label(chip: &Chip) -> String {
    match chip.spec.origin.as_ref().map(redline_catalog::spec::Country::as_str) {
        Some(code) if code != "US" => format!("{} ({code})", chip.spec.label()),
        _ => chip.spec.label().to_string(),
    }
}

/// The note explaining the origin suffixes drawn, if any chip carries one.
pub(crate) fn origin_note(chips: &[&Chip]) -> Option<String> {
    let mut codes: Vec<&str> = chips
        .iter()
        .filter_map(|c| c.spec.origin.as_ref().map(redline_catalog::spec::Country::as_str))
        .filter(|c| *c != "US")
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.is_empty() {
        return None;
    }
    let named: Vec<String> = codes
        .iter()
        .map(|c| match *c {
            "CN" => "(CN): designed in China".to_string(),
            other => format!("({other}): designed in {other}"),
        })
        .collect();
    Some(format!("{}; chips without a suffix were designed in the US (catalogue field `origin`).", named.join("; ")))
}

pub(crate) fn evidence_keys() -> Vec<Key> {
    [
        ("official or analyst figures", Shape::Circle, true),
        ("press-reported or estimated", Shape::Diamond, false),
        ("user spec (no grade)", Shape::Square, true),
    ]
    .into_iter()
    .map(|(n, s, f)| Key { name: n.to_string(), color: palette::GREY.to_string(), shape: s, filled: f })
    .collect()
}

/// Colour key for a classification.
pub(crate) fn class_status(c: &Classification) -> (&'static str, &'static str) {
    if !c.decided {
        ("cannot decide (unknown values)", palette::GREY)
    } else if c.controlled {
        match c.eccn.map(redline_rules::Eccn::as_str) {
            Some("3A090.b") => ("3A090.b", palette::ORANGE),
            _ => ("3A090.a (or 2022 3A090)", palette::RED),
        }
    } else if !c.numerically_met.is_empty() {
        ("meets a paragraph, excluded (Note 2)", palette::TEAL)
    } else {
        (NOT_3A090, palette::GREEN)
    }
}

/// The key for chips outside every 3A090 paragraph: outside 3A090 is not "no licence" (the 2025
/// letters license the H20 to China), so the key says only what the colour shows.
pub(crate) const NOT_3A090: &str = "not 3A090 (a licence may still apply)";

pub(crate) fn class_keys() -> Vec<Key> {
    [
        ("3A090.a (or 2022 3A090)", palette::RED),
        ("3A090.b", palette::ORANGE),
        ("meets a paragraph, excluded (Note 2)", palette::TEAL),
        (NOT_3A090, palette::GREEN),
        ("cannot decide (unknown values)", palette::GREY),
    ]
    .into_iter()
    .map(|(n, c)| Key { name: n.to_string(), color: c.to_string(), shape: Shape::Circle, filled: true })
    .collect()
}

pub(crate) fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "unknown".to_string(), number)
}
