//! `yields`: the yield of each tenor over time, scenario solid, baseline dashed (percent).

use super::RunData;
use super::frame::{LegendItem, Swatch};
use super::palette::{self, GREY};
use super::timechart::{Series, TimeChart};

/// The chart.
pub fn chart(d: &RunData) -> TimeChart {
    let mut c = TimeChart::new(
        d.titles("Treasury yields by tenor: scenario (solid) against baseline (dashed)"),
        "Yield (percent)",
        d.span(),
    );
    for (k, t) in d.r.params.curve.tenors.iter().enumerate() {
        let colour = palette::tenor(t);
        c.series
            .push(Series::dashed(t.clone(), colour, d.points(|s| s.base_yields_pct[k])).unlisted());
        c.series.push(Series::line(
            t.clone(),
            colour,
            d.points(|s| s.yields_pct[k]),
        ));
    }
    c.legend_title = Some("Tenor".into());
    c.extra_legend
        .push(LegendItem::new("Scenario", GREY, Swatch::Line));
    c.extra_legend.push(LegendItem::new(
        "Baseline (nobody sells)",
        GREY,
        Swatch::Dashed,
    ));
    c
}
