//! Redline's charts.
//!
//! Each chart kind (compliance map, bandwidth lines, roofline, licence timeline, comparison,
//! compliance frontier)
//! is built once from the libraries as a [`Figure`] (data coordinates, regions, labels,
//! legend, footer). Two faces draw it:
//! * [`svg::render`] lays it out (labels placed so none overlaps) and writes SVG, which
//!   [`png::svg_to_png`] rasterises with the embedded font;
//! * [`vega::spec`] turns the same figure, with the same label positions, into a Vega-Lite
//!   spec for the web app's interactive charts.
//!
//! The SVG is written by hand rather than through plotters: label placement needs exact text
//! metrics and control of every box, and a small writer keeps the output deterministic for
//! golden tests. Libraries never print: everything returns strings, bytes or JSON values.

pub mod charts;
pub mod figure;
pub mod layout;
pub mod png;
pub mod scale;
pub mod svg;
pub mod text;
pub mod vega;

pub use charts::{bandwidth, compare, compliance, compliance_to, frontier, roofline, timeline};
pub use figure::Figure;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlotError {
    /// The rules engine refused (date before the first edition, unknown destination).
    #[error(transparent)]
    Rules(#[from] redline_rules::RulesError),
    /// The performance model refused.
    #[error(transparent)]
    Perf(#[from] redline_perf::PerfError),
    /// Nothing to draw.
    #[error("nothing to draw: {0}")]
    Empty(String),
    /// The SVG did not parse (a bug).
    #[error("SVG error: {0}")]
    Svg(String),
    /// PNG encoding failed.
    #[error("PNG error: {0}")]
    Png(String),
    /// Unknown output type.
    #[error("unknown image type {0:?}: use a file name ending in .svg or .png")]
    Format(String),
}

/// Output image type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// SVG text.
    Svg,
    /// PNG at twice the nominal size.
    Png,
}

impl ImageFormat {
    /// The type a file name's extension asks for.
    ///
    /// # Errors
    /// [`PlotError::Format`] for any extension but `.svg` and `.png`.
    pub fn from_path(path: &std::path::Path) -> Result<ImageFormat, PlotError> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("svg") => Ok(ImageFormat::Svg),
            Some("png") => Ok(ImageFormat::Png),
            other => Err(PlotError::Format(other.unwrap_or("").to_string())),
        }
    }
}

/// Draws a figure as SVG text or PNG bytes.
///
/// # Errors
/// Only for PNG encoding failures.
pub fn draw(fig: &Figure, format: ImageFormat) -> Result<Vec<u8>, PlotError> {
    let svg = svg::render(fig).svg;
    match format {
        ImageFormat::Svg => Ok(svg.into_bytes()),
        ImageFormat::Png => png::svg_to_png(&svg, 2.0),
    }
}

/// The text of every `<text>` element of an SVG document, in order (for checks and tests).
///
/// # Errors
/// [`PlotError::Svg`] when the document is not well-formed XML.
pub fn svg_texts(svg: &str) -> Result<Vec<String>, PlotError> {
    let doc = roxmltree::Document::parse(svg).map_err(|e| PlotError::Svg(e.to_string()))?;
    Ok(doc.descendants().filter(|n| n.has_tag_name("text")).map(|n| n.text().unwrap_or_default().to_string()).collect())
}

/// Width and height of a PNG image, decoding it fully (for checks and tests).
///
/// # Errors
/// [`PlotError::Png`] when the bytes are not a PNG image.
pub fn png_size(bytes: &[u8]) -> Result<(u32, u32), PlotError> {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(bytes).map_err(|e| PlotError::Png(e.to_string()))?;
    Ok((pixmap.width(), pixmap.height()))
}

/// The footer line every chart carries: rules date and edition, data version.
#[must_use]
pub fn footer(on: redline_rules::Date, edition: &str) -> String {
    format!(
        "Rules in force on {on} (classification edition {edition}) · data {} · redline {}",
        redline_catalog::catalog::DATA_VERSION.trim(),
        env!("CARGO_PKG_VERSION")
    )
}
