//! Chart builders: library results in, [`Figure`](crate::Figure) out.

pub mod bandwidth;
pub mod compliance;
pub mod frontier;
pub mod perf;
pub mod timeline;

pub use bandwidth::bandwidth;
pub use compliance::compliance;
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
    tooltip.extend(extra);
    Point {
        id: Some(chip.spec.id.clone()),
        label: chip.spec.label().to_string(),
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
        ("not controlled", palette::GREEN)
    }
}

pub(crate) fn class_keys() -> Vec<Key> {
    [
        ("3A090.a (or 2022 3A090)", palette::RED),
        ("3A090.b", palette::ORANGE),
        ("meets a paragraph, excluded (Note 2)", palette::TEAL),
        ("not controlled", palette::GREEN),
        ("cannot decide (unknown values)", palette::GREY),
    ]
    .into_iter()
    .map(|(n, c)| Key { name: n.to_string(), color: c.to_string(), shape: Shape::Circle, filled: true })
    .collect()
}

pub(crate) fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "unknown".to_string(), number)
}
