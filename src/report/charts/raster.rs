//! PNG from a chart's SVG: every chart is drawn once, with plotters' SVG
//! backend, and the PNG is that SVG rasterised by resvg with the bundled font.
//!
//! Why: plotters' bitmap backend places ab_glyph glyphs on whole pixels
//! without their advances, so at the default size text reads "Extr a
//! interest", "+1 00 bp". resvg lays text out with the font's advances and
//! kerning and anti-aliases it, so the PNG and the SVG are the same picture
//! (docs/PERFORMANCE.md has the cost: about 25 ms a chart).

use super::ChartError;
use super::font::{FONT_BYTES, FONT_NAME};
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// The parsing options, with only the bundled font in the font database
/// (built once: loading the font costs more than a small chart).
fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut opt = usvg::Options::default();
        let db = Arc::make_mut(&mut opt.fontdb);
        db.load_font_data(FONT_BYTES.to_vec());
        db.set_sans_serif_family(FONT_NAME);
        db.set_serif_family(FONT_NAME);
        db.set_monospace_family(FONT_NAME);
        opt.font_family = FONT_NAME.to_string();
        opt
    })
}

/// Parses an SVG document with the bundled font (for rasterising and for tests).
pub fn parse(svg: &str) -> Result<usvg::Tree, ChartError> {
    usvg::Tree::from_str(svg, options()).map_err(|e| ChartError::Draw(format!("SVG: {e}")))
}

/// Rasterises `svg` to RGBA pixels of `size` (width, height), white where nothing is drawn.
pub fn pixels(svg: &str, size: (u32, u32)) -> Result<tiny_skia::Pixmap, ChartError> {
    let tree = parse(svg)?;
    let mut pixmap = tiny_skia::Pixmap::new(size.0, size.1)
        .ok_or_else(|| ChartError::Draw(format!("empty picture {}x{}", size.0, size.1)))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let t = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        size.0 as f32 / t.width().max(1.0),
        size.1 as f32 / t.height().max(1.0),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap)
}

/// The PNG bytes of `svg` rasterised at `size`; identical input gives identical bytes.
///
/// Written as 8-bit RGB (the picture is opaque: white under everything) with
/// the `png` crate's fast deflate: tiny-skia's own RGBA encoder at default
/// compression spent 40% of a run's time compressing (docs/PERFORMANCE.md).
pub fn png(svg: &str, size: (u32, u32)) -> Result<Vec<u8>, ChartError> {
    let pixmap = pixels(svg, size)?;
    // Opaque pixels: premultiplied RGBA is plain RGBA, and the alpha is dropped.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let fail = |e: png::EncodingError| ChartError::Draw(format!("PNG: {e}"));
    {
        let mut enc = png::Encoder::new(&mut out, size.0, size.1);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let mut w = enc.write_header().map_err(fail)?;
        w.write_image_data(&rgb).map_err(fail)?;
        w.finish().map_err(fail)?;
    }
    Ok(out)
}
