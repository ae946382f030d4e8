//! A reusable stacked bar chart over named categories (sellers, scenarios,
//! histogram bins), inside the shared [`frame`](super::frame).

use super::axis::{FixedTicks, padded, value_label};
use super::font::text;
use super::frame::{
    LegendItem, Scale, Titles, draw_note, layout, legend, mesh_style, plot_builder,
};
use super::palette::INK;
use super::{ChartError, Draw, de};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One piece of a stacked bar.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Its size (positive segments stack up from zero, negative ones down).
    pub value: f64,
    /// Its fill.
    pub colour: RGBColor,
}

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Category label under the bar.
    pub label: String,
    /// Stacked pieces, bottom first.
    pub segments: Vec<Segment>,
    /// Text over the bar (for example its total).
    pub value_label: Option<String>,
    /// Text inside each segment tall enough to hold it, by segment.
    pub segment_labels: Vec<String>,
}

/// A stacked bar chart. Fill the public fields, then [`super::render`] it.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// Heading, subtitle, footer.
    pub titles: Titles,
    /// The y axis description, with its unit.
    pub y_label: String,
    /// The x axis description.
    pub x_label: String,
    /// The bars, left to right.
    pub bars: Vec<Bar>,
    /// Legend entries.
    pub legend: Vec<LegendItem>,
    /// A note written across the plot (for example when there are no bars).
    pub note: Option<String>,
}

/// Text colour readable on a fill: white on dark fills, ink on light ones.
pub fn ink_on(fill: RGBColor) -> RGBColor {
    let l = 0.299 * f64::from(fill.0) + 0.587 * f64::from(fill.1) + 0.114 * f64::from(fill.2);
    if l < 140.0 { WHITE } else { INK }
}

impl Draw for BarChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let s = Scale::of(root.dim_in_pixel());
        let (plot, legend_area) = layout(
            root,
            &self.titles,
            if self.legend.is_empty() { 0.0 } else { 270.0 },
            s,
        )?;
        let n = self.bars.len().max(1);
        let (mut lo, mut hi) = (0.0f64, 0.0f64);
        for b in &self.bars {
            let pos: f64 = b.segments.iter().map(|g| g.value.max(0.0)).sum();
            let neg: f64 = b.segments.iter().map(|g| g.value.min(0.0)).sum();
            hi = hi.max(pos);
            lo = lo.min(neg);
        }
        if hi - lo < 1e-9 {
            hi = 1.0;
        }
        let mut yr = padded(lo, hi, 0.12, true);
        if lo >= 0.0 {
            yr.start = 0.0;
        }
        if hi <= 0.0 {
            // Bars that only go down: room under them for their labels, none above.
            yr = (lo - 0.12 * (hi - lo))..0.0;
        }
        let span = yr.end - yr.start;
        let ticks: Vec<f64> = (0..n).map(|i| i as f64 + 0.5).collect();
        // At least three slots wide, so one bar is not a wall.
        let pad = (3.0 - n as f64).max(0.0) / 2.0;
        let mut chart = plot_builder(&plot, s)
            .build_cartesian_2d(FixedTicks::new(-pad..n as f64 + pad, ticks), yr.clone())
            .map_err(de)?;
        let xfmt = |x: &f64| {
            let i = x.floor() as usize;
            self.bars
                .get(i)
                .map(|b| b.label.clone())
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
        let half = 0.3;
        let coord = chart.as_coord_spec().clone();
        for (i, b) in self.bars.iter().enumerate() {
            let c = i as f64 + 0.5;
            let (mut up, mut down) = (0.0, 0.0);
            for (k, g) in b.segments.iter().enumerate() {
                let (a, z) = if g.value >= 0.0 {
                    let r = (up, up + g.value);
                    up += g.value;
                    r
                } else {
                    let r = (down + g.value, down);
                    down += g.value;
                    r
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(c - half, a), (c + half, z)],
                        g.colour.filled(),
                    )))
                    .map_err(de)?;
                // A segment label is drawn only inside a segment it fits in, with room
                // to spare; the figure is in report.md's table either way.
                let style = text(s.px(15.0), ink_on(g.colour));
                if let Some(l) = b.segment_labels.get(k) {
                    let (tw, th) = plot.estimate_text_size(l, &style).map_err(de)?;
                    let (x0, y0) = coord.translate(&(c - half, z));
                    let (x1, y1) = coord.translate(&(c + half, a));
                    let fits = f64::from(tw) + s.px(12.0) < f64::from(x1 - x0)
                        && f64::from(th) + s.px(10.0) < f64::from(y1 - y0);
                    if fits {
                        chart
                            .draw_series(std::iter::once(Text::new(
                                l.clone(),
                                (c, (a + z) / 2.0),
                                style.pos(Pos::new(HPos::Center, VPos::Center)),
                            )))
                            .map_err(de)?;
                    }
                }
            }
            if let Some(l) = &b.value_label {
                // Above a bar that goes up, below one that only goes down.
                let (at, v) = if up <= 0.0 && down < 0.0 {
                    (down, VPos::Top)
                } else {
                    (up, VPos::Bottom)
                };
                chart
                    .draw_series(std::iter::once(Text::new(
                        l.clone(),
                        (c, at),
                        text(s.px(16.0), INK).pos(Pos::new(HPos::Center, v)),
                    )))
                    .map_err(de)?;
            }
        }
        if let Some(note) = &self.note {
            draw_note(&plot, note, s)?;
        }
        if !self.legend.is_empty() {
            legend(&legend_area, None, &self.legend, s)?;
        }
        Ok(())
    }
}
