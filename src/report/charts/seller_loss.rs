//! `seller_loss`: what selling cost each holder that sold ($B): the realised
//! cost of its own sales at depressed prices, and the mark-to-market loss on
//! its holdings at the worst step, stacked to the total in summary.json's
//! `seller_mtm_loss_bn`. Holders with a sale that never happened (a trigger
//! that never fired) are left out; a negative total is a gain and says so.

use super::RunData;
use super::bars::{Bar, BarChart, Segment};
use super::frame::{LegendItem, Swatch};
use crate::report::format::money;
use plotters::style::RGBColor;

/// The realised cost of selling (the darker part of each bar).
const SELLING: RGBColor = RGBColor(213, 94, 0);
/// The mark-to-market loss on holdings (the lighter part).
const MARKED: RGBColor = RGBColor(240, 178, 122);

/// The chart, or `None` when no holder sold (nothing to show).
pub fn chart(d: &RunData) -> Option<BarChart> {
    let f = &d.det.figures;
    let sold = d.holders_that_sold();
    if sold.is_empty() {
        return None;
    }
    let bars: Vec<Bar> = sold
        .iter()
        .map(|name| {
            let total = f.seller_mtm_loss_bn.get(*name).copied().unwrap_or(0.0);
            let realised = f.seller_realised_cost_bn.get(*name).copied().unwrap_or(0.0);
            let word = |v: f64| if v < 0.0 { "gain" } else { "loss" };
            Bar {
                label: d.holder_label(name).to_string(),
                segments: vec![
                    Segment {
                        value: realised,
                        colour: SELLING,
                    },
                    Segment {
                        value: total - realised,
                        colour: MARKED,
                    },
                ],
                value_label: Some(format!("{} {}", word(total), money(total.abs(), 1))),
                segment_labels: vec![
                    format!("selling: {} {}", word(realised), money(realised.abs(), 1)),
                    format!(
                        "holdings: {} {}",
                        word(total - realised),
                        money((total - realised).abs(), 1)
                    ),
                ],
            }
        })
        .collect();
    let any_gain = sold
        .iter()
        .any(|n| f.seller_mtm_loss_bn.get(*n).is_some_and(|v| *v < 0.0));
    Some(BarChart {
        titles: d.titles("What selling cost the holders that sold ($B)"),
        y_label: if any_gain {
            "Loss ($B; below zero a gain)".into()
        } else {
            "Loss ($B)".into()
        },
        x_label: "Holder that sold".into(),
        legend: [
            LegendItem::new(
                "Realised cost of its own sales at depressed prices",
                SELLING,
                Swatch::Fill,
            ),
            LegendItem::new(
                "Mark-to-market loss on its holdings at the worst step",
                MARKED,
                Swatch::Fill,
            ),
        ]
        .into_iter()
        .enumerate()
        // A part that is zero for every holder has no legend entry.
        .filter(|(k, _)| {
            bars.iter()
                .any(|b| b.segments.get(*k).is_some_and(|g| g.value.abs() > 1e-9))
        })
        .map(|(_, item)| item)
        .collect(),
        bars,
        note: None,
    })
}
