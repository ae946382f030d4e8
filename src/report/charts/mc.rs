//! The charts of Monte Carlo runs and sweeps, in the same frame, palette,
//! legend column and number formats as every other chart: fan charts (built
//! on [`TimeChart`]), a histogram, sweep lines, a heat map and a tornado.
//!
//! Callers describe a chart with one title, "CONTEXT: what it shows"; the
//! context becomes the subtitle and the rest the heading ([`split_title`]),
//! as in the run charts. Dotted scenario keys in any text are shown in words
//! ([`super::labels::humanise_keys`]).

use super::axis::{FixedTicks, extent, padded, value_label};
use super::font::text;
use super::frame::{LegendItem, Scale, Swatch, Titles, layout, legend, mesh_style, plot_builder};
use super::labels::{humanise_keys, unit_of, with_unit};
use super::palette::{GREY, INK, tenor};
use super::timechart::{Band, Series, TimeChart, ToRgb};
use super::{ChartError, ChartOptions, Draw, de, render};
use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::{Path, PathBuf};

/// The colour of the Monte Carlo bands and lines: the 10-year's.
fn blue() -> RGBColor {
    tenor("10y")
}
/// The central (deterministic) run, in every Monte Carlo and sweep chart.
const CENTRAL: RGBColor = RGBColor(213, 94, 0);

/// A fan chart: percentile bands over time, the median and the central run.
pub struct Fan {
    /// Title, "CONTEXT: what it shows (unit)".
    pub title: String,
    /// Y axis description with unit.
    pub y_desc: String,
    /// Date of each step.
    pub dates: Vec<NaiveDate>,
    /// p5, p25, p50, p75, p95 at each step.
    pub bands: Vec<[f64; 5]>,
    /// The deterministic (central) run at each step.
    pub central: Vec<f64>,
}

/// A histogram of one figure across paths.
pub struct Histogram {
    /// Title.
    pub title: String,
    /// X axis description with unit.
    pub x_desc: String,
    /// Bins: (low, high, paths).
    pub bins: Vec<(f64, f64, u64)>,
    /// Vertical markers: (label, value); the last one is the central run.
    pub markers: Vec<(String, f64)>,
}

/// Key figures against one parameter, one panel per figure.
pub struct Lines {
    /// Title.
    pub title: String,
    /// X axis description.
    pub x_desc: String,
    /// Labels of the x values (ticks); numeric when they all parse.
    pub x_labels: Vec<String>,
    /// Panels: (y description, values, optional p5/p95 band).
    pub panels: Vec<Panel>,
}

/// One panel of [`Lines`]: y description, values, optional p5/p95 band.
pub type Panel = (String, Vec<f64>, Option<Vec<(f64, f64)>>);

/// A heat map of one figure over two parameters.
pub struct Heat {
    /// Title.
    pub title: String,
    /// X axis description (first parameter).
    pub x_desc: String,
    /// Y axis description (second parameter).
    pub y_desc: String,
    /// Values of the first parameter.
    pub xs: Vec<String>,
    /// Values of the second parameter.
    pub ys: Vec<String>,
    /// The figure at `[ix][iy]`.
    pub z: Vec<Vec<f64>>,
    /// What the colour means, with unit (may hold line breaks).
    pub z_desc: String,
}

/// A tornado: a figure's swing as each parameter moves from p10 to p90.
pub struct Tornado {
    /// Title.
    pub title: String,
    /// X axis description with unit.
    pub x_desc: String,
    /// The central run's figure.
    pub central: f64,
    /// (label, figure at p10, figure at p90), largest swing first.
    pub bars: Vec<(String, f64, f64)>,
}

/// Any of the charts above.
pub enum Chart {
    /// Fan chart.
    Fan(Fan),
    /// Histogram.
    Histogram(Histogram),
    /// Sweep lines.
    Lines(Lines),
    /// Heat map.
    Heat(Heat),
    /// Tornado.
    Tornado(Tornado),
}

impl Chart {
    fn title(&self) -> &str {
        match self {
            Chart::Fan(c) => &c.title,
            Chart::Histogram(c) => &c.title,
            Chart::Lines(c) => &c.title,
            Chart::Heat(c) => &c.title,
            Chart::Tornado(c) => &c.title,
        }
    }
}

/// Splits "CONTEXT: what it shows" at its last ": " into (heading, subtitle),
/// the heading capitalised; a title without ": " is all heading.
pub fn split_title(title: &str) -> (String, String) {
    match title.rsplit_once(": ") {
        Some((context, what)) => {
            let what = humanise_keys(what);
            let mut c = what.chars();
            let heading = c
                .next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default();
            (heading, humanise_keys(context))
        }
        None => (humanise_keys(title), String::new()),
    }
}

/// True when a figure's spread across paths (`lo`..`hi`, for example its
/// 1st and 99th percentiles) is wide enough to draw: more than $1B or unit,
/// and more than 0.1% of its size. Narrower, the paths agree and a histogram
/// would be one bar with identical tick labels.
pub fn spread_is_visible(lo: f64, hi: f64) -> bool {
    let size = lo.abs().max(hi.abs());
    hi - lo > 1.0_f64.max(1e-3 * size)
}

/// A chart with its frame texts, ready for [`render`].
struct Framed<'a> {
    chart: &'a Chart,
    titles: Titles,
}

/// Writes `chart` as `<stem>.png` and/or `<stem>.svg` into `dir` with `footer`
/// under it; returns the files written.
pub fn write(
    dir: &Path,
    stem: &str,
    chart: &Chart,
    footer: &str,
    opts: &ChartOptions,
) -> Result<Vec<PathBuf>, ChartError> {
    let (heading, subtitle) = split_title(chart.title());
    let titles = Titles {
        heading,
        subtitle,
        footer: footer.to_string(),
    };
    render(dir, stem, opts, &Framed { chart, titles })
}

impl Draw for Framed<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        match self.chart {
            Chart::Fan(f) => fan(f, &self.titles).draw(root),
            Chart::Histogram(h) => histogram(root, h, &self.titles),
            Chart::Lines(l) => lines(root, l, &self.titles),
            Chart::Heat(h) => heat(root, h, &self.titles),
            Chart::Tornado(t) => tornado(root, t, &self.titles),
        }
    }
}

/// The fan chart as a [`TimeChart`]: two bands, the median and the central run.
fn fan(f: &Fan, titles: &Titles) -> TimeChart {
    let first = f.dates.first().copied().unwrap_or_default();
    let last = f.dates.last().copied().unwrap_or(first);
    let mut c = TimeChart::new(titles.clone(), humanise_keys(&f.y_desc), (first, last));
    let edge = |k: usize| -> Vec<(NaiveDate, f64)> {
        f.dates
            .iter()
            .zip(&f.bands)
            .map(|(d, b)| (*d, b[k]))
            .collect()
    };
    for (label, lo, hi, opacity) in [
        ("5th–95th percentile of paths", 0, 4, 0.18),
        ("25th–75th percentile of paths", 1, 3, 0.38),
    ] {
        let mut b = Band::new(label, blue(), edge(lo), edge(hi));
        b.opacity = opacity;
        c.bands.push(b);
    }
    c.series
        .push(Series::line("Median of paths", blue(), edge(2)));
    let central = f.dates.iter().copied().zip(f.central.iter().copied());
    c.series.push(Series::dashed(
        "Central run (every input at its central value)",
        CENTRAL,
        central.collect(),
    ));
    c.zero_line = true;
    c
}

/// Style of a histogram marker: (colour, dashed), by its position in the list
/// (5th percentile, median, 95th percentile, central run).
fn marker_style(i: usize, n: usize) -> (RGBColor, bool) {
    if i + 1 == n {
        (CENTRAL, false)
    } else if i == 1 {
        (INK, true)
    } else {
        (GREY, true)
    }
}

fn histogram<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    h: &Histogram,
    titles: &Titles,
) -> Result<(), ChartError> {
    let s = Scale::of(root.dim_in_pixel());
    let n = h.markers.len();
    let items: Vec<LegendItem> = h
        .markers
        .iter()
        .enumerate()
        .map(|(i, (label, _))| {
            let (c, dashed) = marker_style(i, n);
            let swatch = if dashed { Swatch::Dashed } else { Swatch::Line };
            LegendItem::new(label.clone(), c, swatch)
        })
        .chain(std::iter::once(LegendItem::new(
            "Paths in each bin",
            blue(),
            Swatch::Fill,
        )))
        .collect();
    let (plot, legend_area) = layout(root, titles, 270.0, s)?;
    let (lo, hi) = extent(
        h.bins
            .iter()
            .flat_map(|b| [b.0, b.1])
            .chain(h.markers.iter().map(|m| m.1)),
    )
    .unwrap_or((0.0, 1.0));
    let xr = padded(lo, hi, 0.04, false);
    let span = xr.end - xr.start;
    let top = h.bins.iter().map(|b| b.2).max().unwrap_or(1).max(1) as f64 * 1.1;
    let mut c = plot_builder(&plot, s)
        .build_cartesian_2d(xr.clone(), 0.0..top)
        .map_err(de)?;
    let xfmt = |x: &f64| value_label(*x, span);
    let yfmt = |y: &f64| value_label(*y, top);
    let x_desc = humanise_keys(&h.x_desc);
    let mut mesh = c.configure_mesh();
    mesh.x_desc(&x_desc)
        .y_desc("Paths")
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&xfmt)
        .y_label_formatter(&yfmt);
    mesh_style(&mut mesh, s).draw().map_err(de)?;
    c.draw_series(
        h.bins.iter().map(|(a, b, k)| {
            Rectangle::new([(*a, 0.0), (*b, *k as f64)], blue().mix(0.6).filled())
        }),
    )
    .map_err(de)?;
    for (i, (_, v)) in h.markers.iter().enumerate() {
        let (colour, dashed) = marker_style(i, n);
        let style = colour.stroke_width(s.width(2.5));
        let pts = vec![(*v, 0.0), (*v, top)];
        if dashed {
            c.draw_series(DashedLineSeries::new(pts, s.ipx(8.0), s.ipx(5.0), style))
                .map_err(de)?;
        } else {
            c.draw_series(LineSeries::new(pts, style)).map_err(de)?;
        }
    }
    legend(&legend_area, None, &items, s)
}

/// X positions of sweep values: the values when all numeric, else 0, 1, 2…
fn positions(labels: &[String]) -> Vec<f64> {
    let v: Vec<Option<f64>> = labels.iter().map(|s| s.parse::<f64>().ok()).collect();
    if v.iter().all(Option::is_some) {
        v.into_iter().flatten().collect()
    } else {
        (0..labels.len()).map(|i| i as f64).collect()
    }
}

/// The label of the tick at `x` among `xs` (the grid value's own text).
fn tick_label(xs: &[f64], labels: &[String], x: f64) -> String {
    xs.iter()
        .position(|v| (v - x).abs() < 1e-9)
        .and_then(|i| labels.get(i).cloned())
        .unwrap_or_default()
}

fn lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    l: &Lines,
    titles: &Titles,
) -> Result<(), ChartError> {
    let s = Scale::of(root.dim_in_pixel());
    let banded = l.panels.iter().any(|p| p.2.is_some());
    let mut items = Vec::new();
    if banded {
        items.push(LegendItem::new(
            "5th–95th percentile of paths",
            blue().mix(0.2).to_rgb(),
            Swatch::Fill,
        ));
    }
    items.push(LegendItem::new("Central run", blue(), Swatch::Line));
    let (plot, legend_area) = layout(root, titles, 270.0, s)?;
    let xs = positions(&l.x_labels);
    let (x0, x1) = extent(xs.iter().copied()).unwrap_or((0.0, 1.0));
    let xr = padded(x0, x1, 0.04, false);
    let x_desc = humanise_keys(&l.x_desc);
    let panels = plot.split_evenly((l.panels.len().max(1), 1));
    for (i, ((desc, ys, band), pa)) in l.panels.iter().zip(&panels).enumerate() {
        let last = i + 1 == l.panels.len();
        let vals = ys
            .iter()
            .copied()
            .chain(band.iter().flatten().flat_map(|b| [b.0, b.1]));
        let (lo, hi) = extent(vals).unwrap_or((0.0, 1.0));
        let yr = padded(lo, hi, 0.08, true);
        let span = yr.end - yr.start;
        let mut b = plot_builder(pa, s);
        if !last {
            b.x_label_area_size(s.ipx(24.0));
        }
        let mut c = b
            .build_cartesian_2d(FixedTicks::new(xr.clone(), xs.clone()), yr.clone())
            .map_err(de)?;
        let xfmt = |x: &f64| tick_label(&xs, &l.x_labels, *x);
        let yfmt = |y: &f64| value_label(*y, span);
        let mut mesh = c.configure_mesh();
        mesh.y_desc(humanise_keys(desc))
            .y_labels(5)
            .x_label_formatter(&xfmt)
            .y_label_formatter(&yfmt);
        if last {
            mesh.x_desc(&x_desc);
        }
        mesh_style(&mut mesh, s).draw().map_err(de)?;
        if let Some(b) = band {
            let mut pts: Vec<(f64, f64)> = xs.iter().zip(b).map(|(x, p)| (*x, p.0)).collect();
            pts.extend(xs.iter().zip(b).rev().map(|(x, p)| (*x, p.1)));
            c.draw_series(std::iter::once(Polygon::new(pts, blue().mix(0.2).filled())))
                .map_err(de)?;
        }
        let pts: Vec<(f64, f64)> = xs.iter().copied().zip(ys.iter().copied()).collect();
        c.draw_series(LineSeries::new(
            pts.clone(),
            blue().stroke_width(s.width(2.5)),
        ))
        .map_err(de)?;
        c.draw_series(
            pts.into_iter()
                .map(|p| Circle::new(p, s.ipx(4.0), blue().filled())),
        )
        .map_err(de)?;
    }
    legend(&legend_area, None, &items, s)
}

/// A perceptually ordered colour for `t` in 0..1 (viridis: dark blue → yellow).
fn ramp(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    } * 4.0;
    let i = (t.floor() as usize).min(3);
    let f = t - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let m = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// A colour scale by rank: the distinct values of a heat map spread evenly
/// over the ramp (interpolated between them), so a few large cells do not
/// leave every other cell the same colour, as a linear scale does with
/// skewed figures. The colour bar is labelled with the values it maps.
struct RankScale {
    sorted: Vec<f64>,
}

impl RankScale {
    fn new(values: impl IntoIterator<Item = f64>) -> RankScale {
        let mut sorted: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        sorted.dedup_by(|a, b| (*a - *b).abs() <= 1e-9 * b.abs().max(1.0));
        RankScale { sorted }
    }
    /// Position of `v` on the ramp, 0..1.
    fn position(&self, v: f64) -> f64 {
        let n = self.sorted.len();
        if n < 2 {
            return 0.5;
        }
        let i = self.sorted.partition_point(|x| *x < v).min(n - 1);
        if i == 0 {
            return 0.0;
        }
        let (a, b) = (self.sorted[i - 1], self.sorted[i]);
        let f = if b > a {
            ((v - a) / (b - a)).clamp(0.0, 1.0)
        } else {
            1.0
        };
        (i as f64 - 1.0 + f) / (n - 1) as f64
    }
    /// The value at ramp position `t` (the inverse of [`RankScale::position`]).
    fn value(&self, t: f64) -> f64 {
        let n = self.sorted.len();
        if n == 0 {
            return 0.0;
        }
        let x = t.clamp(0.0, 1.0) * (n - 1) as f64;
        let i = (x.floor() as usize).min(n - 1);
        let j = (i + 1).min(n - 1);
        self.sorted[i] + (self.sorted[j] - self.sorted[i]) * (x - i as f64)
    }
}

fn heat<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    h: &Heat,
    titles: &Titles,
) -> Result<(), ChartError> {
    let s = Scale::of(root.dim_in_pixel());
    let (plot, bar) = layout(root, titles, 200.0, s)?;
    let (nx, ny) = (h.xs.len(), h.ys.len());
    let scale = RankScale::new(h.z.iter().flatten().copied());
    let unit = unit_of(&h.z_desc);
    let xs: Vec<f64> = (0..nx).map(|i| i as f64).collect();
    let ys: Vec<f64> = (0..ny).map(|i| i as f64).collect();
    let mut b = plot_builder(&plot, s);
    b.x_label_area_size(s.ipx(64.0));
    let mut c = b
        .build_cartesian_2d(
            FixedTicks::new(-0.5..nx as f64 - 0.5, xs.clone()),
            FixedTicks::new(-0.5..ny as f64 - 0.5, ys.clone()),
        )
        .map_err(de)?;
    let xfmt = |x: &f64| tick_label(&xs, &h.xs, *x);
    let yfmt = |y: &f64| tick_label(&ys, &h.ys, *y);
    let (x_desc, y_desc) = (humanise_keys(&h.x_desc), humanise_keys(&h.y_desc));
    let mut mesh = c.configure_mesh();
    mesh.disable_mesh()
        .x_desc(&x_desc)
        .y_desc(&y_desc)
        .x_label_formatter(&xfmt)
        .y_label_formatter(&yfmt);
    mesh_style(&mut mesh, s).draw().map_err(de)?;
    let cells = h.z.iter().enumerate().flat_map(|(ix, col)| {
        col.iter()
            .enumerate()
            .map(move |(iy, v)| (ix as f64, iy as f64, *v))
    });
    c.draw_series(cells.clone().map(|(x, y, v)| {
        Rectangle::new(
            [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
            ramp(scale.position(v)).filled(),
        )
    }))
    .map_err(de)?;
    if nx <= 12 && ny <= 12 {
        let centre = Pos::new(HPos::Center, VPos::Center);
        c.draw_series(cells.map(|(x, y, v)| {
            let ink = if scale.position(v) > 0.6 { INK } else { WHITE };
            Text::new(
                value_label(v, 100.0),
                (x, y),
                text(s.px(15.0), ink).pos(centre),
            )
        }))
        .map_err(de)?;
    }
    colour_bar(&bar, &scale, &h.z_desc, &unit, s)
}

/// The colour bar beside a heat map: the ramp, five labelled ticks (the values
/// at 0, ¼, ½, ¾ and all of the ramp) and what the colour means under it.
fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scale: &RankScale,
    desc: &str,
    unit: &str,
    s: Scale,
) -> Result<(), ChartError> {
    let (_, h) = area.dim_in_pixel();
    let (x0, x1) = (s.ipx(12.0), s.ipx(40.0));
    let top = s.ipx(24.0);
    let bottom = (h as i32 - s.ipx(140.0)).max(top + 20);
    for y in top..bottom {
        let t = f64::from(bottom - y) / f64::from(bottom - top);
        area.draw(&Rectangle::new([(x0, y), (x1, y + 1)], ramp(t).filled()))
            .map_err(de)?;
    }
    let (lo, hi) = (scale.value(0.0), scale.value(1.0));
    for k in 0..=4 {
        let t = f64::from(k) / 4.0;
        let y = bottom - (t * f64::from(bottom - top)).round() as i32;
        area.draw(&PathElement::new(
            vec![(x1, y), (x1 + s.ipx(5.0), y)],
            INK.stroke_width(s.width(1.0)),
        ))
        .map_err(de)?;
        area.draw(&Text::new(
            with_unit(scale.value(t), unit, hi - lo),
            (x1 + s.ipx(9.0), y),
            text(s.px(14.0), INK).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(de)?;
    }
    let lines: Vec<String> = desc
        .lines()
        .map(str::to_string)
        .chain([
            "(colour by rank:".to_string(),
            "equal steps between".to_string(),
            "the values shown)".to_string(),
        ])
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let style = text(
            s.px(14.0),
            if i < desc.lines().count() { INK } else { GREY },
        );
        area.draw(&Text::new(
            line.clone(),
            (s.ipx(8.0), bottom + s.ipx(16.0) + i as i32 * s.ipx(18.0)),
            style,
        ))
        .map_err(de)?;
    }
    Ok(())
}

fn tornado<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &Tornado,
    titles: &Titles,
) -> Result<(), ChartError> {
    let s = Scale::of(root.dim_in_pixel());
    let unit = unit_of(&t.x_desc);
    let low_colour = blue();
    let high_colour = RGBColor(230, 159, 0);
    let (lo, hi) =
        extent(t.bars.iter().flat_map(|b| [b.1, b.2]).chain([t.central])).unwrap_or((0.0, 1.0));
    let span = (hi - lo).max(1e-9);
    let items = vec![
        LegendItem::new("Parameter at its 10th percentile", low_colour, Swatch::Fill),
        LegendItem::new(
            "Parameter at its 90th percentile",
            high_colour,
            Swatch::Fill,
        ),
        LegendItem::new(
            format!("Central run: {}", with_unit(t.central, &unit, span)),
            INK,
            Swatch::Line,
        ),
    ];
    let (plot, legend_area) = layout(root, titles, 270.0, s)?;
    // Room on the right of the widest bar for its swing.
    let xr = padded(lo, hi + 0.22 * span, 0.04, false);
    let n = t.bars.len().max(1);
    let labels: Vec<String> = t.bars.iter().map(|b| humanise_keys(&b.0)).collect();
    let label_px = labels
        .iter()
        .map(|l| {
            plot.estimate_text_size(l, &text(s.px(15.0), INK))
                .map(|d| d.0)
        })
        .collect::<Result<Vec<u32>, _>>()
        .map_err(de)?
        .into_iter()
        .max()
        .unwrap_or(0) as f64;
    let rows: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let mut b = plot_builder(&plot, s);
    b.y_label_area_size(
        (label_px + s.px(20.0)).min(f64::from(plot.dim_in_pixel().0) * 0.45) as i32,
    );
    let mut c = b
        .build_cartesian_2d(xr.clone(), FixedTicks::new(-0.5..n as f64 - 0.5, rows))
        .map_err(de)?;
    // Largest swing at the top: bar i sits on row n-1-i.
    let row = |i: usize| (n - 1 - i) as f64;
    let yfmt = |y: &f64| {
        let j = y.round() as usize;
        labels
            .get(n - 1 - j.min(n - 1))
            .cloned()
            .unwrap_or_default()
    };
    let xfmt = |x: &f64| value_label(*x, span);
    let x_desc = humanise_keys(&t.x_desc);
    let mut mesh = c.configure_mesh();
    mesh.disable_y_mesh()
        .x_desc(&x_desc)
        .x_labels(8)
        .x_label_formatter(&xfmt)
        .y_label_formatter(&yfmt);
    mesh_style(&mut mesh, s).draw().map_err(de)?;
    for (end, colour) in [(1, low_colour), (2, high_colour)] {
        c.draw_series(t.bars.iter().enumerate().map(|(i, b)| {
            let v = if end == 1 { b.1 } else { b.2 };
            Rectangle::new(
                [(t.central, row(i) - 0.3), (v, row(i) + 0.3)],
                colour.filled(),
            )
        }))
        .map_err(de)?;
    }
    c.draw_series(std::iter::once(PathElement::new(
        vec![(t.central, -0.5), (t.central, n as f64 - 0.5)],
        INK.stroke_width(s.width(2.0)),
    )))
    .map_err(de)?;
    let right = Pos::new(HPos::Left, VPos::Center);
    c.draw_series(t.bars.iter().enumerate().map(|(i, b)| {
        let swing = (b.2 - b.1).abs();
        Text::new(
            format!("swing {}", with_unit(swing, &unit, span)),
            (b.1.max(b.2).max(t.central) + 0.01 * span, row(i)),
            text(s.px(14.0), INK).pos(right),
        )
    }))
    .map_err(de)?;
    legend(&legend_area, None, &items, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_split_into_heading_and_context() {
        let (h, c) = split_title("Japan sells: change of the 10y yield (bp)");
        assert_eq!(h, "Change of the 10y yield (bp)");
        assert_eq!(c, "Japan sells");
        assert_eq!(split_title("Plain").0, "Plain");
    }

    #[test]
    fn rank_scale_spreads_skewed_values() {
        let s = RankScale::new([1.0, 2.0, 3.0, 4.0, 1000.0]);
        // A linear scale would put 1..4 within 0.3% of each other.
        assert!((s.position(2.0) - 0.25).abs() < 1e-12);
        assert!((s.position(4.0) - 0.75).abs() < 1e-12);
        assert!((s.position(502.0) - 0.875).abs() < 1e-12);
        assert!((s.value(0.875) - 502.0).abs() < 1e-9);
        assert_eq!(RankScale::new([5.0, 5.0]).position(5.0), 0.5);
    }

    #[test]
    fn spread_threshold() {
        assert!(!spread_is_visible(6728.2, 6728.9));
        assert!(spread_is_visible(5000.0, 9000.0));
        assert!(!spread_is_visible(0.0, 0.5));
    }
}
