//! Text metrics from the embedded font, so label boxes are measured, not guessed.
//!
//! The SVG names `DejaVu Sans` first; the PNG renderer loads the same embedded file. A viewer
//! without DejaVu falls back to Verdana or a narrower sans-serif, so boxes measured here are
//! never too small.

use std::sync::LazyLock;

/// The embedded font file (DejaVu Sans; licence in `assets/fonts/DejaVu-LICENSE.txt`).
pub static FONT_DATA: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// CSS font stack written into SVGs.
pub const FONT_FAMILY: &str = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";

struct Metrics {
    units_per_em: f64,
    advances: Vec<(char, f64)>,
    fallback: f64,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let face = ttf_parser::Face::parse(FONT_DATA, 0).expect("the embedded font parses");
    let units_per_em = f64::from(face.units_per_em());
    let advance = |c: char| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map(f64::from);
    let fallback = advance('M').unwrap_or(units_per_em);
    // Printable ASCII and the few non-ASCII characters labels use; others are measured lazily
    // as the widest glyph (never too small).
    let advances = (' '..='~').chain("²×≥≤–—·…µ°±→".chars()).filter_map(|c| advance(c).map(|a| (c, a))).collect();
    Metrics { units_per_em, advances, fallback }
});

/// Width in pixels of `text` set at `size` pixels in the embedded font (no kerning: a little
/// wider than rendered, which is the safe side for collision tests).
#[must_use]
pub fn width(text: &str, size: f64) -> f64 {
    let m = &*METRICS;
    let units: f64 =
        text.chars().map(|c| m.advances.iter().find(|(k, _)| *k == c).map_or(m.fallback, |(_, a)| *a)).sum();
    units / m.units_per_em * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_size() {
        let a = width("H20", 11.0);
        assert!(a > 15.0 && a < 30.0, "{a}");
        assert!(width("H20 141GB", 11.0) > a);
        assert!((width("H20", 22.0) - 2.0 * a).abs() < 1e-9);
    }
}
