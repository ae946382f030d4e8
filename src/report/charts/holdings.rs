//! `holdings`: who absorbed what the sellers sold: each holder's holdings
//! against its start, as stacked areas (buyers above zero, sellers below).
//!
//! Levels stacked to ~$29T would hide a $1T sale in a sliver, so the chart
//! stacks changes; the legend gives each holder's level at the start.

use super::RunData;
use super::palette;
use super::timechart::{Band, TimeChart};
use crate::report::format::{signed, thousands};

/// True when some holder's holdings change during the run (else there is no chart).
pub fn moves(d: &RunData) -> bool {
    let steps = &d.det.steps;
    let Some(first) = steps.first() else {
        return false;
    };
    steps.iter().any(|s| {
        s.holdings
            .iter()
            .zip(&first.holdings)
            .any(|(h, h0)| (h - h0).abs() > 1e-6)
    })
}

/// The chart.
pub fn chart(d: &RunData) -> TimeChart {
    let p = &d.r.params;
    let steps = &d.det.steps;
    let start: Vec<f64> = steps
        .first()
        .map(|s| s.holdings.clone())
        .unwrap_or_default();
    let n = start.len();
    let mut c = TimeChart::new(
        d.titles(&format!(
            "Who absorbed the sale: change in holdings since {} ($B, stacked)",
            d.span().0.format("%b %Y")
        )),
        "Change in holdings ($B)",
        d.span(),
    );
    c.zero_line = true;
    c.legend_title = Some("Holder: change at the end (start)".into());
    let mut lower = vec![Vec::with_capacity(steps.len()); n];
    let mut upper = vec![Vec::with_capacity(steps.len()); n];
    for (s, date) in steps.iter().zip(d.dates) {
        let (mut up, mut down) = (0.0, 0.0);
        for i in 0..n {
            let delta = s.holdings.get(i).copied().unwrap_or(0.0) - start[i];
            if delta >= 0.0 {
                lower[i].push((*date, up));
                up += delta;
                upper[i].push((*date, up));
            } else {
                upper[i].push((*date, down));
                down += delta;
                lower[i].push((*date, down));
            }
        }
    }
    let biggest = steps
        .iter()
        .flat_map(|s| s.holdings.iter().zip(&start).map(|(h, h0)| (h - h0).abs()))
        .fold(0.0, f64::max);
    // Small sales get a decimal, so a buyer of $0.4B does not read "+0".
    let dec = if biggest < 100.0 { 1 } else { 0 };
    // The legend reads top to bottom as the stack does at the end: buyers
    // above zero from the top of their stack down, then sellers below zero.
    let end_delta = |i: usize| steps.last().map_or(0.0, |s| s.holdings[i] - start[i]);
    let mut order: Vec<usize> = (0..n.min(p.holders.len()))
        .filter(|i| end_delta(*i) >= 0.0)
        .rev()
        .collect();
    order.extend((0..n.min(p.holders.len())).filter(|i| end_delta(*i) < 0.0));
    for i in order {
        let h = &p.holders[i];
        let moved = steps
            .iter()
            .map(|s| (s.holdings[i] - start[i]).abs())
            .fold(0.0, f64::max);
        let end = steps
            .last()
            .map(|s| s.holdings[i] - start[i])
            .unwrap_or(0.0);
        let mut band = Band::new(
            format!(
                "{}: {} ({})",
                h.label,
                signed(end, dec),
                thousands(start[i], 0)
            ),
            palette::holder(&h.name),
            lower[i].clone(),
            upper[i].clone(),
        );
        band.opacity = 0.85;
        // Holders that never move by more than 0.5% of the largest move stay out of the legend.
        band.in_legend = biggest > 1e-9 && moved > 0.005 * biggest;
        c.bands.push(band);
    }
    if biggest < 1e-6 {
        c.note = Some("Nobody sells in this scenario: holdings do not change".into());
        c.y_range = Some(-1.0..1.0);
    }
    c
}
