//! A reusable chart of values over dates: lines (solid or dashed), filled
//! bands (stacked areas, percentile fans), labelled markers, an optional zero
//! line and a legend column, inside the shared [`frame`](super::frame).
//!
//! ```ignore
//! let mut c = TimeChart::new(titles, "Change against the baseline (bp)");
//! c.series.push(Series::line("10y", palette::tenor("10y"), points));
//! c.bands.push(Band::new("p5–p95", palette::tenor("10y"), lower, upper));
//! charts::render(dir, "fan_10y", &opts, &c)?;
//! ```

use super::axis::{FixedTicks, TimeAxis, extent, padded, value_label};
use super::font::text;
use super::frame::{
    LegendItem, Scale, Swatch, Titles, draw_note, layout, legend, mesh_style, plot_builder,
};
use super::palette::{GREY, INK};
use super::{ChartError, Draw, de};
use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// Values over dates, in date order.
pub type Points = Vec<(NaiveDate, f64)>;

/// A line over dates.
#[derive(Debug, Clone)]
pub struct Series {
    /// Legend text.
    pub label: String,
    /// Line colour.
    pub colour: RGBColor,
    /// Dashed (baselines, reference lines) or solid.
    pub dashed: bool,
    /// Line width in default-size pixels.
    pub width: f64,
    /// The points, in date order.
    pub points: Vec<(NaiveDate, f64)>,
    /// Whether the line has its own legend entry.
    pub in_legend: bool,
}

impl Series {
    /// A solid line with a legend entry.
    pub fn line(
        label: impl Into<String>,
        colour: RGBColor,
        points: Vec<(NaiveDate, f64)>,
    ) -> Series {
        Series {
            label: label.into(),
            colour,
            dashed: false,
            width: 2.5,
            points,
            in_legend: true,
        }
    }
    /// A dashed line with a legend entry.
    pub fn dashed(
        label: impl Into<String>,
        colour: RGBColor,
        points: Vec<(NaiveDate, f64)>,
    ) -> Series {
        Series {
            dashed: true,
            ..Series::line(label, colour, points)
        }
    }
    /// The same line without a legend entry.
    pub fn unlisted(mut self) -> Series {
        self.in_legend = false;
        self
    }
}

/// A filled band between two lines over the same dates.
#[derive(Debug, Clone)]
pub struct Band {
    /// Legend text.
    pub label: String,
    /// Fill colour.
    pub colour: RGBColor,
    /// Opacity of the fill (0..1).
    pub opacity: f64,
    /// Lower edge, in date order.
    pub lower: Vec<(NaiveDate, f64)>,
    /// Upper edge, over the same dates.
    pub upper: Vec<(NaiveDate, f64)>,
    /// Whether the band has its own legend entry.
    pub in_legend: bool,
}

impl Band {
    /// An opaque band with a legend entry.
    pub fn new(
        label: impl Into<String>,
        colour: RGBColor,
        lower: Vec<(NaiveDate, f64)>,
        upper: Vec<(NaiveDate, f64)>,
    ) -> Band {
        Band {
            label: label.into(),
            colour,
            opacity: 1.0,
            lower,
            upper,
            in_legend: true,
        }
    }
}

/// Where a marker's label goes relative to its dot: the first choice; when
/// the label would cross a line or leave the plot, the other places are tried
/// and the one crossing the fewest line points wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// No preference: below and to the right first, then the others.
    #[default]
    Auto,
    /// Up and to the right (clears a line that is flat or falling).
    AboveRight,
    /// Down and to the right (clears a line that rises).
    BelowRight,
    /// Up and to the left.
    AboveLeft,
    /// Straight to the right, at the dot's height (for a peak).
    Right,
    /// High above the dot, to the right (clears a line that rises slowly).
    WellAbove,
    /// Down and to the left.
    BelowLeft,
    /// Straight to the left, at the dot's height.
    Left,
    /// To the right at the dot's height, well clear of it (past a steep line beside a spike).
    FarRight,
}

/// A dot at a point with an optional label beside it (kept inside the plot).
#[derive(Debug, Clone)]
pub struct Marker {
    /// Where.
    pub at: (NaiveDate, f64),
    /// Dot colour.
    pub colour: RGBColor,
    /// Text beside the dot.
    pub label: Option<String>,
    /// Where the label goes.
    pub place: Place,
}

impl Marker {
    /// A dot with a label placed automatically.
    pub fn new(at: (NaiveDate, f64), colour: RGBColor, label: Option<String>) -> Marker {
        Marker {
            at,
            colour,
            label,
            place: Place::Auto,
        }
    }
    /// The same marker with its label at `place`.
    pub fn placed(mut self, place: Place) -> Marker {
        self.place = place;
        self
    }
}

/// A chart of values over dates. Fill the public fields, then [`super::render`] it.
#[derive(Debug, Clone)]
pub struct TimeChart {
    /// Heading, subtitle, footer.
    pub titles: Titles,
    /// The y axis description, with its unit.
    pub y_label: String,
    /// First and last date of the time axis.
    pub dates: (NaiveDate, NaiveDate),
    /// Filled bands, drawn first, in order.
    pub bands: Vec<Band>,
    /// Lines, drawn over the bands, in order.
    pub series: Vec<Series>,
    /// Markers, drawn last.
    pub markers: Vec<Marker>,
    /// Legend entries after those of bands and series.
    pub extra_legend: Vec<LegendItem>,
    /// A title over the legend.
    pub legend_title: Option<String>,
    /// Draw a grey line at zero and keep zero in the y range.
    pub zero_line: bool,
    /// A fixed y range instead of one fitted to the data.
    pub y_range: Option<Range<f64>>,
    /// A note written across the plot (for example "no seller in this scenario").
    pub note: Option<String>,
}

impl TimeChart {
    /// An empty chart over `dates`.
    pub fn new(
        titles: Titles,
        y_label: impl Into<String>,
        dates: (NaiveDate, NaiveDate),
    ) -> TimeChart {
        TimeChart {
            titles,
            y_label: y_label.into(),
            dates,
            bands: Vec::new(),
            series: Vec::new(),
            markers: Vec::new(),
            extra_legend: Vec::new(),
            legend_title: None,
            zero_line: false,
            y_range: None,
            note: None,
        }
    }

    /// The y range: fixed, or the data's with room above and below.
    fn fitted_range(&self) -> Range<f64> {
        if let Some(r) = &self.y_range {
            return r.clone();
        }
        let vals = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .chain(
                self.bands
                    .iter()
                    .flat_map(|b| b.lower.iter().chain(b.upper.iter()).map(|p| p.1)),
            )
            .chain(self.markers.iter().map(|m| m.at.1));
        let (lo, hi) = extent(vals).unwrap_or((0.0, 1.0));
        padded(lo, hi, 0.08, self.zero_line)
    }

    fn legend_items(&self) -> Vec<LegendItem> {
        let mut items: Vec<LegendItem> = self
            .bands
            .iter()
            .filter(|b| b.in_legend)
            .map(|b| LegendItem::new(&b.label, b.colour.mix(b.opacity).to_rgb(), Swatch::Fill))
            .collect();
        items.extend(self.series.iter().filter(|s| s.in_legend).map(|s| {
            LegendItem::new(
                &s.label,
                s.colour,
                if s.dashed {
                    Swatch::Dashed
                } else {
                    Swatch::Line
                },
            )
        }));
        items.extend(self.extra_legend.iter().cloned());
        items
    }
}

/// An RGBA colour flattened on white, for legend swatches of translucent fills.
pub(crate) trait ToRgb {
    fn to_rgb(&self) -> RGBColor;
}

impl ToRgb for RGBAColor {
    fn to_rgb(&self) -> RGBColor {
        let a = self.3;
        let f = |c: u8| (f64::from(c) * a + 255.0 * (1.0 - a)).round() as u8;
        RGBColor(f(self.0), f(self.1), f(self.2))
    }
}

impl TimeChart {
    /// Draws the uncertainty bands, then the lines (dashed where asked), on `chart`.
    fn draw_bands_and_lines<DB: DrawingBackend>(
        &self,
        chart: &mut ChartContext<
            '_,
            DB,
            Cartesian2d<FixedTicks, plotters::coord::types::RangedCoordf64>,
        >,
        axis: &TimeAxis,
        s: Scale,
    ) -> Result<(), ChartError> {
        for b in &self.bands {
            let mut pts: Vec<(f64, f64)> = b.upper.iter().map(|(d, v)| (axis.x(*d), *v)).collect();
            pts.extend(b.lower.iter().rev().map(|(d, v)| (axis.x(*d), *v)));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    pts,
                    b.colour.mix(b.opacity).filled(),
                )))
                .map_err(de)?;
        }
        for l in &self.series {
            let pts: Vec<(f64, f64)> = l.points.iter().map(|(d, v)| (axis.x(*d), *v)).collect();
            let style = l.colour.stroke_width(s.width(l.width));
            if l.dashed {
                chart
                    .draw_series(DashedLineSeries::new(pts, s.ipx(10.0), s.ipx(6.0), style))
                    .map_err(de)?;
            } else {
                chart.draw_series(LineSeries::new(pts, style)).map_err(de)?;
            }
        }
        Ok(())
    }
}

impl Draw for TimeChart {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let s = Scale::of(root.dim_in_pixel());
        let items = self.legend_items();
        let (plot, legend_area) = layout(
            root,
            &self.titles,
            if items.is_empty() { 0.0 } else { 270.0 },
            s,
        )?;
        let axis = TimeAxis::new(self.dates.0, self.dates.1);
        let yr = self.fitted_range();
        let span = yr.end - yr.start;
        let mut chart = plot_builder(&plot, s)
            .build_cartesian_2d(FixedTicks::new(axis.range(), axis.ticks()), yr.clone())
            .map_err(de)?;
        let xfmt = |x: &f64| axis.label(*x);
        let yfmt = |v: &f64| value_label(*v, span);
        let mut mesh = chart.configure_mesh();
        mesh.x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt)
            .y_labels(8)
            .x_desc(axis.description())
            .y_desc(&self.y_label)
            .x_label_offset(0);
        mesh_style(&mut mesh, s).draw().map_err(de)?;
        let range = axis.range();
        if self.zero_line && yr.start <= 0.0 && yr.end >= 0.0 {
            chart
                .draw_series(LineSeries::new(
                    vec![(range.start, 0.0), (range.end, 0.0)],
                    GREY.stroke_width(s.width(1.5)),
                ))
                .map_err(de)?;
        }
        self.draw_bands_and_lines(&mut chart, &axis, s)?;
        // Every line in pixels, to keep marker labels off them.
        let coord = chart.as_coord_spec().clone();
        let lines_px: Vec<Vec<(i32, i32)>> = self
            .series
            .iter()
            .map(|l| {
                l.points
                    .iter()
                    .map(|(d, v)| coord.translate(&(axis.x(*d), *v)))
                    .collect()
            })
            .collect();
        let (xr, yr_px) = chart.plotting_area().get_pixel_range();
        // Every dot in pixels, and the labels placed so far: a label keeps off both.
        let dots: Vec<(i32, i32)> = self
            .markers
            .iter()
            .map(|m| coord.translate(&(axis.x(m.at.0), m.at.1)))
            .collect();
        let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
        let r = s.ipx(7.0);
        for m in &self.markers {
            let x = axis.x(m.at.0);
            let dot = coord.translate(&(x, m.at.1));
            let label = m.label.clone().unwrap_or_default();
            let style = text(s.px(16.0), INK);
            let (tw, th) = if label.is_empty() {
                (0, 0)
            } else {
                plot.estimate_text_size(&label, &style).map_err(de)?
            };
            let (tw, th) = (tw as i32, th as i32);
            let obstacles = Obstacles {
                lines: &lines_px,
                dots: &dots,
                labels: &placed,
                dot_radius: r,
                area: (xr.clone(), yr_px.clone()),
            };
            let off = obstacles.best_offset(dot, (tw, th), m.place, s);
            if tw > 0 {
                placed.push((
                    dot.0 + off.0,
                    dot.1 + off.1,
                    dot.0 + off.0 + tw,
                    dot.1 + off.1 + th,
                ));
            }
            let font = style.pos(Pos::new(HPos::Left, VPos::Top));
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((x, m.at.1))
                        + Circle::new((0, 0), s.ipx(6.0), m.colour.filled())
                        + Circle::new((0, 0), s.ipx(6.0), WHITE.stroke_width(s.width(1.5)))
                        + Text::new(label, off, font),
                ))
                .map_err(de)?;
        }
        if let Some(note) = &self.note {
            draw_note(&plot, note, s)?;
        }
        if !items.is_empty() {
            legend(&legend_area, self.legend_title.as_deref(), &items, s)?;
        }
        Ok(())
    }
}

/// What a marker's label keeps off, in pixels: the lines, the marker dots,
/// the labels placed before it, and the plot's edges.
struct Obstacles<'a> {
    lines: &'a [Vec<(i32, i32)>],
    dots: &'a [(i32, i32)],
    labels: &'a [(i32, i32, i32, i32)],
    dot_radius: i32,
    area: (std::ops::Range<i32>, std::ops::Range<i32>),
}

impl Obstacles<'_> {
    /// The offset from `dot` of a label of size `size` (pixels) that costs
    /// least: outside the plot worst, then covering a dot or a label, then
    /// each line it crosses; ties go to the placement asked for first.
    fn best_offset(&self, dot: (i32, i32), size: (i32, i32), first: Place, s: Scale) -> (i32, i32) {
        let (tw, th) = size;
        let (xr, yr) = &self.area;
        let r = self.dot_radius;
        placements(first)
            .into_iter()
            .map(|p| label_offset(p, tw, th, s))
            .map(|(dx, dy)| {
                let b = (dot.0 + dx, dot.1 + dy, dot.0 + dx + tw, dot.1 + dy + th);
                let outside = b.0 < xr.start || b.2 > xr.end || b.1 < yr.start || b.3 > yr.end;
                let hits = self
                    .lines
                    .iter()
                    .map(|l| crossings(l, b, s.ipx(3.0)))
                    .sum::<usize>();
                let covers = self
                    .dots
                    .iter()
                    .filter(|d| overlap(b, (d.0 - r, d.1 - r, d.0 + r, d.1 + r)))
                    .count()
                    + self.labels.iter().filter(|p| overlap(b, **p)).count();
                let cost = usize::from(outside) * 1_000_000 + covers * 10_000 + hits;
                ((dx, dy), cost)
            })
            .enumerate()
            .min_by_key(|(i, (_, cost))| (*cost, *i))
            .map(|(_, (o, _))| o)
            .unwrap_or((0, 0))
    }
}

/// Label placements to try, the asked-for one first.
fn placements(first: Place) -> Vec<Place> {
    let mut all = vec![
        first,
        Place::BelowRight,
        Place::AboveRight,
        Place::AboveLeft,
        Place::Right,
        Place::FarRight,
        Place::WellAbove,
        Place::BelowLeft,
        Place::Left,
    ];
    all.retain(|p| *p != Place::Auto);
    let mut seen = Vec::new();
    all.retain(|p| {
        let new = !seen.contains(p);
        seen.push(*p);
        new
    });
    all
}

/// The offset of a label's top-left corner from its dot, in pixels.
fn label_offset(p: Place, tw: i32, th: i32, s: Scale) -> (i32, i32) {
    let gap = s.ipx(12.0);
    match p {
        Place::Auto | Place::BelowRight => (gap, s.ipx(6.0)),
        Place::AboveRight => (gap, -th - s.ipx(6.0)),
        Place::AboveLeft => (-gap - tw, -th - s.ipx(6.0)),
        Place::BelowLeft => (-gap - tw, s.ipx(6.0)),
        Place::Right => (gap, -th / 2),
        Place::Left => (-gap - tw, -th / 2),
        Place::FarRight => (s.ipx(44.0), -th / 2),
        Place::WellAbove => (gap, -th - s.ipx(34.0)),
    }
}

/// True when two boxes (left, top, right, bottom) overlap.
fn overlap(a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// How many sample points of a polyline fall inside a box (grown by `pad`).
fn crossings(line: &[(i32, i32)], b: (i32, i32, i32, i32), pad: i32) -> usize {
    let inside = |x: f64, y: f64| {
        x >= f64::from(b.0 - pad)
            && x <= f64::from(b.2 + pad)
            && y >= f64::from(b.1 - pad)
            && y <= f64::from(b.3 + pad)
    };
    let mut n = 0;
    for w in line.windows(2) {
        let (a, z) = (w[0], w[1]);
        let len = f64::from((z.0 - a.0).abs().max((z.1 - a.1).abs())).max(1.0);
        let k = (len / 2.0).ceil() as usize;
        for i in 0..=k {
            let f = i as f64 / k as f64;
            let x = f64::from(a.0) + f * f64::from(z.0 - a.0);
            let y = f64::from(a.1) + f * f64::from(z.1 - a.1);
            if inside(x, y) {
                n += 1;
            }
        }
    }
    n
}
