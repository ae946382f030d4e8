//! `schedule`: each planned seller's sales per step ($B, bars) and, beside
//! them, the cheapest schedule of the same total over the same window
//! (lighter bars), with both expected costs in the legend.

use super::RunData;
use super::axis::{FixedTicks, padded, value_label};
use super::backstop::light;
use super::frame::{LegendItem, Scale, Swatch, Titles, layout, legend, mesh_style, plot_builder};
use super::palette;
use super::{ChartError, Draw, de};
use crate::report::format::thousands;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One series of bars: a value per step of the chart's window.
#[derive(Debug, Clone)]
pub struct BarSeries {
    /// Fill.
    pub colour: RGBColor,
    /// Value per step of the window (`None`: no bar).
    pub values: Vec<Option<f64>>,
}

/// Bars side by side at each step of a window, one per series.
#[derive(Debug, Clone)]
pub struct ScheduleChart {
    /// Heading, subtitle, footer.
    pub titles: Titles,
    /// The y axis description, with its unit.
    pub y_label: String,
    /// The x axis description.
    pub x_label: String,
    /// Label of each step of the window (a date).
    pub steps: Vec<String>,
    /// The series, drawn left to right at each step.
    pub series: Vec<BarSeries>,
    /// Legend entries.
    pub legend: Vec<LegendItem>,
}

impl Draw for ScheduleChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let s = Scale::of(root.dim_in_pixel());
        let (plot, legend_area) = layout(root, &self.titles, 270.0, s)?;
        let n = self.steps.len().max(1);
        let hi = self
            .series
            .iter()
            .flat_map(|b| b.values.iter().flatten())
            .copied()
            .fold(0.0f64, f64::max);
        let mut yr = padded(0.0, hi.max(1e-9), 0.1, true);
        yr.start = 0.0;
        let span = yr.end - yr.start;
        // At most about eight labelled steps.
        let every = n.div_ceil(8).max(1);
        let ticks: Vec<f64> = (0..n).step_by(every).map(|i| i as f64 + 0.5).collect();
        let mut chart = plot_builder(&plot, s)
            .build_cartesian_2d(FixedTicks::new(0.0..n as f64, ticks), yr.clone())
            .map_err(de)?;
        let xfmt = |x: &f64| {
            self.steps
                .get(x.floor() as usize)
                .cloned()
                .unwrap_or_default()
        };
        let yfmt = |v: &f64| value_label(*v, span);
        let mut mesh = chart.configure_mesh();
        mesh.disable_x_mesh()
            .x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .y_labels(8)
            .x_desc(&self.x_label)
            .y_desc(&self.y_label);
        mesh_style(&mut mesh, s).draw().map_err(de)?;
        let k = self.series.len().max(1) as f64;
        let group = 0.8;
        let w = group / k;
        for (j, b) in self.series.iter().enumerate() {
            for (i, v) in b.values.iter().enumerate() {
                let Some(v) = v.filter(|v| *v > 0.0) else {
                    continue;
                };
                let x0 = i as f64 + (1.0 - group) / 2.0 + j as f64 * w;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, 0.0), (x0 + w * 0.92, v)],
                        b.colour.filled(),
                    )))
                    .map_err(de)?;
            }
        }
        legend(&legend_area, None, &self.legend, s)?;
        Ok(())
    }
}

/// True when the scenario asks for the holder's optimal schedule (`shape = "optimal"`).
pub fn chose_optimal(r: &crate::scenario::Resolved, name: &str) -> bool {
    r.scenario
        .holders
        .get(name)
        .and_then(|h| h.sale.as_ref())
        .and_then(|s| s.shape)
        .is_some_and(|s| s == crate::scenario::schema::Shape::Optimal)
}

/// The chart, when some holder has planned sales (so summary.json has its costs).
pub fn chart(d: &RunData) -> Option<ScheduleChart> {
    let p = &d.r.params;
    let r = &d.det.figures.reactions;
    if r.seller_optimal_schedule_bn.is_empty() {
        return None;
    }
    // The window of every seller: from the first planned sale to the last.
    let mut first = usize::MAX;
    let mut last = 0;
    let mut sellers = Vec::new();
    for h in &p.holders {
        let Some(best) = r.seller_optimal_schedule_bn.get(&h.name) else {
            continue;
        };
        let Some(a) = h.sales.iter().position(|v| *v > 0.0) else {
            continue;
        };
        first = first.min(a);
        last = last.max(a + best.len().saturating_sub(1));
        sellers.push((h, a, best));
    }
    if sellers.is_empty() {
        return None;
    }
    let fmt = match d.r.step.name() {
        "day" | "week" => "%d %b",
        _ => "%b %Y",
    };
    let steps: Vec<String> = (first..=last)
        .map(|t| {
            d.dates
                .get(t)
                .map(|x| x.format(fmt).to_string())
                .unwrap_or_else(|| format!("step {t}"))
        })
        .collect();
    let mut series = Vec::new();
    let mut items = Vec::new();
    for (h, a, best) in &sellers {
        let colour = palette::holder(&h.name);
        let own: Vec<Option<f64>> = (first..=last)
            .map(|t| h.sales.get(t).copied().filter(|v| *v > 0.0))
            .collect();
        let cheap: Vec<Option<f64>> = (first..=last)
            .map(|t| t.checked_sub(*a).and_then(|j| best.get(j).copied()))
            .collect();
        series.push(BarSeries {
            colour,
            values: own,
        });
        series.push(BarSeries {
            colour: light(colour),
            values: cheap,
        });
        let cost = r
            .seller_schedule_cost_bn
            .get(&h.name)
            .copied()
            .unwrap_or(0.0);
        let best_cost = r
            .seller_optimal_cost_bn
            .get(&h.name)
            .copied()
            .unwrap_or(0.0);
        let total: f64 = h.sales.iter().sum();
        items.push(LegendItem::new(
            format!(
                "{}'s {} (${}B): expected cost ${}B",
                h.label,
                if chose_optimal(d.r, &h.name) {
                    "chosen schedule"
                } else {
                    "schedule"
                },
                thousands(total, 0),
                thousands(cost, 1)
            ),
            colour,
            Swatch::Fill,
        ));
        items.push(LegendItem::new(
            format!(
                "Cheapest over the same window: expected cost ${}B",
                thousands(best_cost, 1)
            ),
            light(colour),
            Swatch::Fill,
        ));
    }
    let names: Vec<&str> = sellers.iter().map(|(h, _, _)| h.label.as_str()).collect();
    Some(ScheduleChart {
        titles: d.titles(&format!(
            "The seller's schedule: {} sales per {} ($B) against the cheapest",
            names.join(" and "),
            d.r.step.name()
        )),
        y_label: format!("Sold per {} ($B)", d.r.step.name()),
        x_label: match (d.dates.get(first), d.dates.get(last)) {
            (Some(a), Some(z))
                if fmt == "%d %b" && a.format("%Y").to_string() == z.format("%Y").to_string() =>
            {
                format!("Date ({})", a.format("%Y"))
            }
            _ => "Date".into(),
        },
        steps,
        series,
        legend: items,
    })
}
