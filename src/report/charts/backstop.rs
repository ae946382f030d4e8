//! `backstop`: what the central-bank backstop buys each step ($B, bars) and
//! what it holds of its purchases, cumulated at purchase prices ($B, line),
//! with its threshold and limits in the title and legend.

use super::RunData;
use super::palette;
use super::timechart::{Band, Marker, Place, Series, TimeChart};
use crate::report::format::{signed, thousands};
use chrono::{Duration, NaiveDate};

/// Half the width of a bar drawn at each step, in whole days (at least one
/// day wide overall, so daily bars still show).
pub fn bar_days(dates: &[NaiveDate]) -> (i64, i64) {
    let step = dates
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .min()
        .unwrap_or(30)
        .max(1);
    let half = (step as f64 * 0.35).floor() as i64;
    if half == 0 { (0, 1) } else { (half, half) }
}

/// A bar from zero to `v` at `date` as a band (`left`/`right` days either side).
pub fn bar(colour: plotters::style::RGBColor, date: NaiveDate, v: f64, w: (i64, i64)) -> Band {
    let (a, z) = (date - Duration::days(w.0), date + Duration::days(w.1));
    let mut b = Band::new("", colour, vec![(a, 0.0), (z, 0.0)], vec![(a, v), (z, v)]);
    b.in_legend = false;
    b
}

/// `c` mixed half-way to white.
pub fn light(c: plotters::style::RGBColor) -> plotters::style::RGBColor {
    let f = |v: u8| ((u16::from(v) + 255) / 2) as u8;
    plotters::style::RGBColor(f(c.0), f(c.1), f(c.2))
}

/// The 10-year threshold in words: "at or below +100 bp against the baseline".
pub fn threshold_words(bp: f64) -> String {
    format!("at or below {} bp against the baseline", signed(bp, 0))
}

/// The chart, when the scenario has a backstop.
pub fn chart(d: &RunData) -> Option<TimeChart> {
    let p = &d.r.params;
    let b = p.backstop.as_ref()?;
    let who = d.holder_label(&p.holders[b.holder].name).to_string();
    let colour = palette::holder(&p.holders[b.holder].name);
    let bought = d.det.figures.reactions.backstop_bought_bn.unwrap_or(0.0);
    let mut c = TimeChart::new(
        d.titles(&format!(
            "{who} backstop: purchases ($B), keeping the 10-year {}",
            threshold_words(b.threshold_bp)
        )),
        "Purchases and holdings ($B)",
        d.span(),
    );
    // Purchases over a few months of a ten-year run would be slivers: show
    // the active period and as long again (at least twelve steps) when it ends early.
    let active: Vec<usize> = d
        .det
        .steps
        .iter()
        .filter(|s| s.backstop_bn.abs() > 1e-9)
        .map(|s| s.t)
        .collect();
    let shown = active
        .last()
        .map(|l| (2 * l).max(l + 6).max(12))
        .unwrap_or(usize::MAX)
        .min(d.dates.len().saturating_sub(1));
    if let Some(last) = d.dates.get(shown) {
        c.dates.1 = *last;
    }
    let dates = &d.dates[..=shown.min(d.dates.len().saturating_sub(1))];
    c.zero_line = true;
    c.legend_title = Some(format!(
        "Limits: ${}B a {}, ${}B in all",
        thousands(b.max_per_step, 0),
        d.r.step.name(),
        thousands(b.max_total, 0)
    ));
    let w = bar_days(dates);
    let light = light(colour);
    let mut listed = false;
    let sold_back = d.det.steps.iter().any(|s| s.backstop_bn < -1e-9);
    for (s, date) in d.det.steps.iter().zip(dates) {
        if s.backstop_bn.abs() > 1e-9 {
            let mut band = bar(light, *date, s.backstop_bn, w);
            if !listed {
                band.label = format!(
                    "Bought each {}{}: ${}B in all",
                    d.r.step.name(),
                    if sold_back {
                        " (below zero: sold back)"
                    } else {
                        ""
                    },
                    thousands(bought, 1)
                );
                band.in_legend = true;
                listed = true;
            }
            c.bands.push(band);
        }
    }
    let mut acc = 0.0;
    let held: Vec<(NaiveDate, f64)> = d
        .det
        .steps
        .iter()
        .zip(dates)
        .map(|(s, date)| {
            acc += s.backstop_bn;
            (*date, acc)
        })
        .collect();
    let (peak_i, peak) = held
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.1.total_cmp(&b.1.1))
        .map(|(i, p)| (i, p.1))
        .unwrap_or((0, 0.0));
    let end: f64 = d.det.steps.iter().map(|s| s.backstop_bn).sum();
    let mut line = Series::line(
        format!(
            "Held of its purchases, at purchase prices: ${}B at the end of the run ({})",
            thousands(end, 1),
            d.span().1.format("%b %Y")
        ),
        colour,
        held.clone(),
    );
    line.width = 3.5;
    c.series.push(line);
    if peak > 1e-9 && (peak - end).abs() > 0.05 * peak {
        c.markers.push(
            Marker::new(
                held[peak_i],
                colour,
                Some(format!("most held ${}B", thousands(peak, 0))),
            )
            .placed(Place::AboveRight),
        );
    }
    if !listed {
        c.note = Some(format!(
            "The 10-year never passes the threshold: the {who} buys nothing"
        ));
    }
    Some(c)
}
