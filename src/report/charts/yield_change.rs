//! `yield_change`: the change of each tenor against the baseline (bp), with
//! every tenor's peak marked and the 10-year peak labelled.

use super::RunData;
use super::frame::{LegendItem, Swatch};
use super::palette;
use super::timechart::{Marker, Place, Series, TimeChart};
use crate::engine::summary::ten_year_index;
use crate::report::format::signed;
use plotters::style::RGBColor;

/// Colours of contagion triggers, unlike any tenor's: red, black, purple, brown.
const TRIGGERS: [RGBColor; 4] = [
    RGBColor(200, 30, 30),
    RGBColor(0, 0, 0),
    RGBColor(120, 60, 170),
    RGBColor(140, 90, 40),
];

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
    let mut ten_marker = None;
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
            // A spike leaves room beside its peak; a plateau does not: label below it then.
            let later = d.det.steps.get(step + 3).or(d.det.steps.last());
            let plateau = later.is_some_and(|s| (s.d_yield_bp(k) - peak).abs() < 0.1 * peak.abs());
            let place = if plateau {
                Place::BelowRight
            } else {
                Place::Right
            };
            let m = Marker::new((*date, peak), colour, label).placed(place);
            if k == k10 {
                ten_marker = Some(m);
            } else {
                c.markers.push(m);
            }
        }
    }
    c.markers.extend(ten_marker);
    // Contagion triggers: a dot on the 10-year line at the step each fired
    // (holders firing together share one dot).
    let mut fired: Vec<(usize, Vec<&str>)> = Vec::new();
    for (name, step) in &f.reactions.trigger_fired_step {
        let Some(t) = step else { continue };
        match fired.iter_mut().find(|(s, _)| s == t) {
            Some((_, who)) => who.push(d.holder_label(name)),
            None => fired.push((*t, vec![d.holder_label(name)])),
        }
    }
    fired.sort_by_key(|(t, _)| *t);
    let fmt = if d.r.step.name() == "day" || d.r.step.name() == "week" {
        "%d %b %Y"
    } else {
        "%b %Y"
    };
    // Each trigger has its own colour and a number beside its dot; the legend
    // says who starts selling, so no long label crowds the lines.
    for (i, (t, who)) in fired.iter().enumerate() {
        let (Some(date), Some(s)) = (d.dates.get(*t), d.det.steps.get(*t)) else {
            continue;
        };
        let colour = TRIGGERS[i % TRIGGERS.len()];
        let verb = if who.len() == 1 { "starts" } else { "start" };
        c.markers.push(Marker::new(
            (*date, s.d_yield_bp(k10)),
            colour,
            Some(format!("{}", i + 1)),
        ));
        c.extra_legend.push(LegendItem::new(
            format!(
                "{}: {} {verb} selling ({})",
                i + 1,
                who.join(" and "),
                date.format(fmt)
            ),
            colour,
            Swatch::Dot,
        ));
    }
    // Tenors that move together hide each other: say so.
    let n = p.curve.tenors.len();
    let together = n > 1
        && d.det.steps.iter().all(|s| {
            let v: Vec<f64> = (0..n).map(|k| s.d_yield_bp(k)).collect();
            let (lo, hi) = v
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(*x), b.max(*x)));
            hi - lo < 0.5
        });
    if together && f.peak_d_yield_bp.values().any(|v| v.abs() >= 0.05) {
        c.note =
            Some("Every tenor moves by the same amount: the lines lie on top of each other".into());
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
