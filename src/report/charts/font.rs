//! The bundled font, registered once so text renders with no system fonts.
//!
//! plotters is built with `default-features = false` and `ab_glyph`: it never
//! looks for system fonts, and every text (titles, ticks, legends) is drawn
//! with the font registered under the family name [`FAMILY`]. The SVG that
//! plotters writes names that generic family; [`svg_families`] rewrites it to
//! [`SVG_FAMILIES`], the bundled family first and then metric-compatible
//! fallbacks, so a reader without Liberation Sans gets the same layout.

use super::ChartError;
use plotters::style::{FontFamily, FontStyle, IntoFont, TextStyle, register_font};
use std::sync::OnceLock;

/// Liberation Sans Regular (SIL Open Font License 1.1; licence beside it in assets/fonts/).
pub const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");

/// The family name every chart registers with plotters and draws with.
pub const FAMILY: &str = "sans-serif";

/// The bundled font's own family name (in its `name` table).
pub const FONT_NAME: &str = "Liberation Sans";

/// The `font-family` of every SVG text: the bundled font first, then Arial and
/// Helvetica (Liberation Sans is metric-compatible with them: same advances,
/// so the same line breaks and label widths), then any sans-serif.
pub const SVG_FAMILIES: &str = "'Liberation Sans', Arial, Helvetica, sans-serif";

/// Rewrites plotters' generic `font-family="sans-serif"` to [`SVG_FAMILIES`].
pub fn svg_families(svg: &str) -> String {
    svg.replace(
        &format!("font-family=\"{FAMILY}\""),
        &format!("font-family=\"{SVG_FAMILIES}\""),
    )
}

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
