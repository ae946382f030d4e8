//! `issuance`: the share of the debt that reprices within a year, scenario
//! against baseline (percent), with the steps when the Treasury's issuance
//! response (coupons shifted to bills) is on shaded.

use super::RunData;
use super::axis::{extent, padded};
use super::frame::{LegendItem, Swatch};
use super::palette::{self, GREY};
use super::timechart::{Band, Series, TimeChart};
use crate::report::format::thousands;
use chrono::NaiveDate;

/// Light amber for the periods when the response is on.
const ON: plotters::style::RGBColor = plotters::style::RGBColor(250, 225, 170);

/// The chart, when the scenario has an issuance response.
pub fn chart(d: &RunData) -> Option<TimeChart> {
    let p = &d.r.params;
    let iss = p.issuance.as_ref()?;
    let r = &d.det.figures.reactions;
    let mut scen = Vec::new();
    let mut base = Vec::new();
    for (s, date) in d.det.steps.iter().zip(d.dates) {
        if let Some((a, b)) = s.repricing_1y {
            scen.push((*date, 100.0 * a));
            base.push((*date, 100.0 * b));
        }
    }
    let mut c = TimeChart::new(
        d.titles(&format!(
            "Debt repricing within a year (percent): bills replace {}% of coupons while the 10-year is over +{} bp",
            thousands(100.0 * iss.bills_shift, 0),
            thousands(iss.threshold_bp, 0)
        )),
        "Share of debt repricing within a year (percent)",
        d.span(),
    );
    let (lo, hi) = extent(scen.iter().chain(&base).map(|p| p.1)).unwrap_or((0.0, 1.0));
    let yr = padded(lo, hi, 0.1, false);
    c.y_range = Some(yr.clone());
    // Shade each run of steps with the response on, from half a step before to half after.
    let steps = &d.det.steps;
    let mut on_steps = 0usize;
    let mut t = 0;
    let mid = |a: NaiveDate, b: NaiveDate| a + (b - a) / 2;
    while t < steps.len() {
        if !steps[t].issuance_shift_on {
            t += 1;
            continue;
        }
        let first = t;
        while t < steps.len() && steps[t].issuance_shift_on {
            t += 1;
        }
        on_steps += t - first;
        let a = if first > 0 {
            mid(d.dates[first - 1], d.dates[first])
        } else {
            d.dates[first]
        };
        let z = if t < steps.len() {
            mid(d.dates[t - 1], d.dates[t])
        } else {
            d.dates[t - 1]
        };
        let mut b = Band::new(
            "",
            ON,
            vec![(a, yr.start), (z, yr.start)],
            vec![(a, yr.end), (z, yr.end)],
        );
        b.in_legend = false;
        c.bands.push(b);
    }
    c.extra_legend.push(LegendItem::new(
        format!("Response on ({on_steps} {}s in all)", d.r.step.name()),
        ON,
        Swatch::Fill,
    ));
    c.series.push(Series::dashed(
        format!(
            "Baseline: {:.1}% at the end",
            100.0 * r.baseline_share_repricing_1y_end
        ),
        GREY,
        base,
    ));
    let mut line = Series::line(
        format!(
            "Scenario: {:.1}% at the end",
            100.0 * r.share_repricing_1y_end
        ),
        palette::series(0),
        scen,
    );
    line.width = 3.0;
    c.series.push(line);
    if on_steps == 0 {
        c.note = Some("The 10-year never passes the threshold: the response stays off".into());
    }
    Some(c)
}
