//! `yield_change`: the change of each tenor against the baseline (bp), with
//! every tenor's peak marked and the 10-year peak labelled.

use super::RunData;
use super::palette;
use super::timechart::{Marker, Place, Series, TimeChart};
use crate::engine::summary::ten_year_index;
use crate::report::format::signed;

/// The chart.
pub fn chart(d: &RunData) -> TimeChart {
    let p = &d.r.params;
    let f = &d.det.figures;
    let mut c = TimeChart::new(
        d.titles("Change of each yield against the baseline (bp), peaks marked"),
        "Change against baseline (bp)",
        d.span(),
    );
    c.zero_line = true;
    c.legend_title = Some("Tenor (peak change)".into());
    let k10 = ten_year_index(p);
    for (k, t) in p.curve.tenors.iter().enumerate() {
        let colour = palette::tenor(t);
        let peak = f.peak_d_yield_bp.get(t).copied().unwrap_or(0.0);
        let step = f.peak_step.get(t).copied().unwrap_or(0);
        let w = if k == k10 { 3.5 } else { 2.5 };
        let mut line = Series::line(
            format!("{t} ({} bp)", signed(peak, 0)),
            colour,
            d.points(|s| s.d_yield_bp(k)),
        );
        line.width = w;
        c.series.push(line);
        if peak.abs() >= 0.05
            && let Some(date) = d.dates.get(step)
        {
            let label = (k == k10)
                .then(|| format!("{t} peak {} bp, {}", signed(peak, 1), date.format("%b %Y")));
            c.markers
                .push(Marker::new((*date, peak), colour, label).placed(Place::Right));
        }
    }
    // Draw the 10-year again last, so it stays on top; the legend keeps tenor order.
    if let Some(ten) = c.series.get(k10).cloned() {
        c.series.push(ten.unlisted());
    }
    if f.peak_d_yield_bp.values().all(|v| v.abs() < 0.05) {
        c.note = Some("No yield moves against the baseline in this scenario".into());
    }
    c
}
