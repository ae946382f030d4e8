//! `seller_loss`: each seller's loss ($B): the realised cost of its own sales
//! at depressed prices, and the mark-to-market loss on its holdings at the
//! worst step, stacked to the total in summary.json's `seller_mtm_loss_bn`.

use super::RunData;
use super::bars::{Bar, BarChart, Segment};
use super::frame::{LegendItem, Swatch};
use super::palette::{self, GREY};
use crate::report::format::thousands;
use plotters::style::RGBColor;

/// `c` mixed half-way to white.
fn light(c: RGBColor) -> RGBColor {
    let f = |v: u8| ((u16::from(v) + 255) / 2) as u8;
    RGBColor(f(c.0), f(c.1), f(c.2))
}

/// The chart.
pub fn chart(d: &RunData) -> BarChart {
    let f = &d.det.figures;
    let bars: Vec<Bar> = f
        .seller_mtm_loss_bn
        .iter()
        .map(|(name, total)| {
            let realised = f.seller_realised_cost_bn.get(name).copied().unwrap_or(0.0);
            let colour = palette::holder(name);
            Bar {
                label: d.holder_label(name).to_string(),
                segments: vec![
                    Segment {
                        value: realised,
                        colour,
                    },
                    Segment {
                        value: total - realised,
                        colour: light(colour),
                    },
                ],
                value_label: Some(format!("total ${}B", thousands(*total, 1))),
                segment_labels: vec![
                    format!("selling cost ${}B", thousands(realised, 1)),
                    format!("mark-to-market ${}B", thousands(total - realised, 1)),
                ],
            }
        })
        .collect();
    let note = bars
        .is_empty()
        .then(|| "No seller in this scenario".to_string());
    BarChart {
        titles: d.titles("What selling costs the sellers ($B)"),
        y_label: "Loss ($B)".into(),
        x_label: "Seller".into(),
        legend: vec![
            LegendItem::new(
                "Dark: realised cost of selling at depressed prices",
                GREY,
                Swatch::Fill,
            ),
            LegendItem::new(
                "Light: mark-to-market loss on holdings at the worst step",
                light(GREY),
                Swatch::Fill,
            ),
        ],
        bars,
        note,
    }
}
