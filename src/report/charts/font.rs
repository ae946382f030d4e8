//! The bundled font, registered once so text renders with no system fonts.
//!
//! plotters is built with `default-features = false` and `ab_glyph`: it never
//! looks for system fonts, and every text (titles, ticks, legends) is drawn
//! with the font registered under the family name [`FAMILY`]. SVG files name
//! that generic family (`font-family="sans-serif"`), so they render anywhere.

use super::ChartError;
use plotters::style::{FontFamily, FontStyle, IntoFont, TextStyle, register_font};
use std::sync::OnceLock;

/// Liberation Sans Regular (SIL Open Font License 1.1; licence beside it in assets/fonts/).
pub const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");

/// The family name every chart uses; SVG readers substitute their own sans-serif.
pub const FAMILY: &str = "sans-serif";

static REGISTERED: OnceLock<bool> = OnceLock::new();

/// Registers the bundled font under [`FAMILY`] (normal, bold and italic all map
/// to the same face). Idempotent and thread-safe: call it before any drawing.
pub fn register() -> Result<(), ChartError> {
    let ok = *REGISTERED.get_or_init(|| {
        [
            FontStyle::Normal,
            FontStyle::Bold,
            FontStyle::Italic,
            FontStyle::Oblique,
        ]
        .into_iter()
        .all(|style| register_font(FAMILY, style, FONT_BYTES).is_ok())
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// A text style of the bundled font at `px` pixels in `colour`.
pub fn text(px: f64, colour: plotters::style::RGBColor) -> TextStyle<'static> {
    (FontFamily::Name(FAMILY), px).into_font().color(&colour)
}
