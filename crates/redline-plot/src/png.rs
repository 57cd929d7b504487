//! SVG to PNG with resvg, using the embedded font so text renders on any machine.

use std::sync::{Arc, LazyLock};

use resvg::{tiny_skia, usvg};

use crate::PlotError;
use crate::text::FONT_DATA;

static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(FONT_DATA.to_vec());
    // Every generic family resolves to the embedded face.
    db.set_sans_serif_family("DejaVu Sans");
    db.set_serif_family("DejaVu Sans");
    db.set_monospace_family("DejaVu Sans");
    Arc::new(db)
});

/// Rasterises an SVG document at `scale` × its size (2 gives print-quality pixels).
///
/// # Errors
/// [`PlotError::Svg`] when the SVG does not parse, [`PlotError::Png`] when encoding fails.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PlotError> {
    let opt =
        usvg::Options { fontdb: FONTS.clone(), font_family: "DejaVu Sans".to_string(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| PlotError::Svg(e.to_string()))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| PlotError::Png("empty image".into()))?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| PlotError::Png("image too large".into()))?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| PlotError::Png(e.to_string()))
}
