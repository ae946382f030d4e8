//! Stable colours: a tenor or a holder has the same colour in every chart of
//! every run (and in the Monte Carlo and sweep charts built on these helpers).
//!
//! Shipped names have a fixed colour; any other name is hashed (FNV-1a, stable
//! across platforms and releases) into a colour-blind-friendly palette.

use plotters::style::RGBColor;

/// Dark grey for text and axes.
pub const INK: RGBColor = RGBColor(40, 40, 40);
/// Mid grey for footers, reference lines and baselines.
pub const GREY: RGBColor = RGBColor(120, 120, 120);
/// Light grey for grid lines.
pub const GRID: RGBColor = RGBColor(225, 225, 225);
/// Red for highlights (the peak marker).
pub const ACCENT: RGBColor = RGBColor(200, 30, 30);

/// A colour-blind-friendly qualitative palette (Okabe–Ito, then Paul Tol's
/// "muted" scheme), used for hashed names and for numbered series.
pub const QUALITATIVE: [RGBColor; 14] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
    RGBColor(51, 34, 136),   // indigo
    RGBColor(136, 204, 238), // cyan
    RGBColor(68, 170, 153),  // teal
    RGBColor(17, 119, 51),   // green
    RGBColor(153, 153, 51),  // olive
    RGBColor(204, 102, 119), // rose
    RGBColor(136, 34, 85),   // wine
];

/// Fixed colours of the shipped tenors.
const TENORS: [(&str, RGBColor); 5] = [
    ("3m", RGBColor(136, 204, 238)),
    ("2y", RGBColor(68, 170, 153)),
    ("5y", RGBColor(230, 159, 0)),
    ("10y", RGBColor(0, 114, 178)),
    ("30y", RGBColor(136, 34, 85)),
];

/// Fixed colours of the shipped holders.
const HOLDERS: [(&str, RGBColor); 13] = [
    ("japan", RGBColor(213, 94, 0)),
    ("china", RGBColor(170, 51, 119)),
    ("uk", RGBColor(238, 102, 119)),
    ("other-foreign", RGBColor(153, 153, 51)),
    ("fed", RGBColor(51, 34, 136)),
    ("money-funds", RGBColor(68, 119, 170)),
    ("mutual-funds", RGBColor(0, 114, 178)),
    ("banks", RGBColor(86, 180, 233)),
    ("pensions-insurers", RGBColor(0, 158, 115)),
    ("hedge-funds-dealers", RGBColor(230, 159, 0)),
    ("households", RGBColor(17, 119, 51)),
    ("other-domestic", RGBColor(170, 170, 170)),
    ("skipped-bids", RGBColor(102, 102, 102)),
];

/// FNV-1a hash of a name: stable across runs, platforms and Rust versions.
fn fnv1a(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The colour of a name from the hashed palette.
pub fn hashed(name: &str) -> RGBColor {
    QUALITATIVE[(fnv1a(name) % QUALITATIVE.len() as u64) as usize]
}

/// The colour of a curve tenor (`3m`, `10y`, …): fixed for shipped tenors, hashed otherwise.
pub fn tenor(name: &str) -> RGBColor {
    TENORS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
        .unwrap_or_else(|| hashed(name))
}

/// The colour of a holder (`japan`, `fed`, …): fixed for shipped holders, hashed otherwise.
pub fn holder(name: &str) -> RGBColor {
    HOLDERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
        .unwrap_or_else(|| hashed(name))
}

/// The colour of the `i`-th of several series (scenarios in `compare`, sweep values).
pub fn series(i: usize) -> RGBColor {
    QUALITATIVE[i % QUALITATIVE.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_colours() {
        assert_eq!(tenor("10y"), RGBColor(0, 114, 178));
        assert_eq!(holder("japan"), RGBColor(213, 94, 0));
        assert_eq!(hashed("some-new-holder"), hashed("some-new-holder"));
        assert_eq!(holder("some-new-holder"), hashed("some-new-holder"));
        let mut all: Vec<_> = HOLDERS.iter().map(|(_, c)| (c.0, c.1, c.2)).collect();
        all.sort();
        all.dedup();
        assert_eq!(
            all.len(),
            HOLDERS.len(),
            "shipped holders have distinct colours"
        );
    }
}
