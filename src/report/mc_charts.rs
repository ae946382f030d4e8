//! Charts of Monte Carlo runs and sweeps (PNG and SVG), drawn with plotters:
//! fan charts, a histogram, sweep line charts, a heat map and a tornado.
//!
//! Self-contained (own font registration and colours) so it can switch to the
//! shared chart helpers when the branches merge. Every chart has a title
//! naming the scenario, axes with units and a footer with the scenario file,
//! seed and version.

use chrono::{Datelike, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

use super::charts::ChartOptions;
const FONT: &str = super::charts::font::FAMILY;
/// The 10-year's colour in every chart (`charts::palette::tenor("10y")`).
const BLUE: RGBColor = RGBColor(0, 114, 178);
const ORANGE: RGBColor = RGBColor(230, 120, 20);
const GREY: RGBColor = RGBColor(90, 90, 90);

/// A title's font size (px) that fits `width` pixels: 22 px, smaller for long titles
/// (Liberation Sans averages about half an em per character).
fn title_px(title: &str, width: u32) -> f64 {
    let chars = title.chars().count().max(1) as f64;
    (0.95 * width as f64 / (0.5 * chars)).clamp(11.0, 22.0)
}

/// Registers the bundled font (shared with every other chart) once.
fn ensure_font() {
    // A failure shows as plotters' own font error when the chart is drawn.
    let _ = super::charts::font::register();
}

/// A chart that could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("could not draw chart {file}: {message}")]
pub struct ChartError {
    /// The file being drawn.
    pub file: String,
    /// What went wrong.
    pub message: String,
}

/// A fan chart: percentile bands over time, the median and the central run.
pub struct Fan {
    /// Title (names the scenario).
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
    /// Vertical markers: (label, value).
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
    /// What the colour means, with unit.
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

/// Writes `chart` as `<stem>.png` and `<stem>.svg` into `dir`; returns the paths.
pub fn write(
    dir: &Path,
    stem: &str,
    chart: &Chart,
    footer: &str,
    opts: &ChartOptions,
) -> Result<Vec<PathBuf>, ChartError> {
    ensure_font();
    let (w, h) = opts.size;
    let png = dir.join(format!("{stem}.png"));
    let svg = dir.join(format!("{stem}.svg"));
    let mut files = Vec::new();
    let fail = |file: &Path, message: String| ChartError {
        file: file
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default(),
        message,
    };
    if opts.format.png() {
        {
            let root = BitMapBackend::new(&png, (w, h)).into_drawing_area();
            render(&root, chart, footer).map_err(|m| fail(&png, m))?;
            root.present().map_err(|e| fail(&png, e.to_string()))?;
        }
        files.push(png);
    }
    if opts.format.svg() {
        {
            let root = SVGBackend::new(&svg, (w, h)).into_drawing_area();
            render(&root, chart, footer).map_err(|m| fail(&svg, m))?;
            root.present().map_err(|e| fail(&svg, e.to_string()))?;
        }
        files.push(svg);
    }
    Ok(files)
}

fn e2s<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Fractional year of a date (2026.0 = 1 January 2026).
fn frac_year(d: NaiveDate) -> f64 {
    let days = if NaiveDate::from_ymd_opt(d.year(), 12, 31).map(|x| x.ordinal()) == Some(366) {
        366.0
    } else {
        365.0
    };
    d.year() as f64 + (d.ordinal0() as f64) / days
}

fn from_frac(x: f64) -> NaiveDate {
    let y = x.floor() as i32;
    let start = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MIN);
    start + chrono::Days::new(((x - x.floor()) * 365.25).round().max(0.0) as u64)
}

/// Range with a little headroom, never empty.
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let span = (hi - lo).abs().max(1e-6 * hi.abs().max(1.0));
    (lo - 0.05 * span, hi + 0.05 * span)
}

fn footer_area<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    footer: &str,
) -> Result<DrawingArea<DB, Shift>, String> {
    root.fill(&WHITE).map_err(e2s)?;
    let h = root.dim_in_pixel().1;
    let (main, foot) = root.split_vertically(h.saturating_sub(26));
    foot.draw(&Text::new(
        footer.to_string(),
        (12, 6),
        (FONT, 14).into_font().color(&GREY),
    ))
    .map_err(e2s)?;
    Ok(main)
}

fn render<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
    footer: &str,
) -> Result<(), String> {
    let main = footer_area(root, footer)?;
    match chart {
        Chart::Fan(f) => fan(&main, f),
        Chart::Histogram(h) => histogram(&main, h),
        Chart::Lines(l) => lines(&main, l),
        Chart::Heat(h) => heat(&main, h),
        Chart::Tornado(t) => tornado(&main, t),
    }
}

fn fan<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, f: &Fan) -> Result<(), String> {
    let xs: Vec<f64> = f.dates.iter().map(|d| frac_year(*d)).collect();
    let (x0, x1) = (xs[0], *xs.last().unwrap_or(&xs[0]));
    let x1 = if x1 > x0 { x1 } else { x0 + 1.0 };
    let lo = f
        .bands
        .iter()
        .map(|b| b[0])
        .chain(f.central.iter().copied())
        .fold(0.0, f64::min);
    let hi = f
        .bands
        .iter()
        .map(|b| b[4])
        .chain(f.central.iter().copied())
        .fold(0.0, f64::max);
    let (y0, y1) = padded(lo, hi);
    let span = x1 - x0;
    let fmt = move |x: &f64| {
        let d = from_frac(*x);
        if span > 3.0 {
            d.format("%Y").to_string()
        } else if span > 0.5 {
            d.format("%b %Y").to_string()
        } else {
            d.format("%d %b %Y").to_string()
        }
    };
    let mut c = ChartBuilder::on(area)
        .caption(&f.title, (FONT, title_px(&f.title, area.dim_in_pixel().0)))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(80)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(e2s)?;
    c.configure_mesh()
        .x_desc("Date")
        .y_desc(&f.y_desc)
        .x_labels(if span > 3.0 {
            (span as usize + 1).min(12)
        } else {
            8
        })
        .x_label_formatter(&fmt)
        .y_label_formatter(&|y| crate::report::format::thousands(*y, 0))
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(e2s)?;
    let band = |a: usize, b: usize| -> Vec<(f64, f64)> {
        let mut pts: Vec<(f64, f64)> = xs.iter().zip(&f.bands).map(|(x, v)| (*x, v[a])).collect();
        pts.extend(xs.iter().zip(&f.bands).rev().map(|(x, v)| (*x, v[b])));
        pts
    };
    c.draw_series(std::iter::once(Polygon::new(
        band(0, 4),
        BLUE.mix(0.18).filled(),
    )))
    .map_err(e2s)?
    .label("5th–95th percentile")
    .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], BLUE.mix(0.18).filled()));
    c.draw_series(std::iter::once(Polygon::new(
        band(1, 3),
        BLUE.mix(0.38).filled(),
    )))
    .map_err(e2s)?
    .label("25th–75th percentile")
    .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], BLUE.mix(0.38).filled()));
    c.draw_series(LineSeries::new(
        xs.iter().zip(&f.bands).map(|(x, v)| (*x, v[2])),
        BLUE.stroke_width(3),
    ))
    .map_err(e2s)?
    .label("median of paths")
    .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLUE.stroke_width(3)));
    c.draw_series(DashedLineSeries::new(
        xs.iter().zip(&f.central).map(|(x, v)| (*x, *v)),
        6,
        4,
        ORANGE.stroke_width(2),
    ))
    .map_err(e2s)?
    .label("central run (deterministic)")
    .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], ORANGE.stroke_width(2)));
    // The legend goes in the upper corner the bands leave free: where the
    // highest band of the right half is lower than that of the left half.
    let half = f.bands.len() / 2;
    let top = |b: &[[f64; 5]]| b.iter().map(|v| v[4]).fold(f64::MIN, f64::max);
    let corner = if top(&f.bands[half..]) > top(&f.bands[..half]) {
        SeriesLabelPosition::UpperLeft
    } else {
        SeriesLabelPosition::UpperRight
    };
    c.configure_series_labels()
        .position(corner)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .label_font((FONT, 14))
        .draw()
        .map_err(e2s)
}

fn histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    h: &Histogram,
) -> Result<(), String> {
    let lo = h.bins.first().map_or(0.0, |b| b.0);
    let hi = h.bins.last().map_or(1.0, |b| b.1);
    let (x0, x1) = padded(lo, hi);
    let top = h.bins.iter().map(|b| b.2).max().unwrap_or(1).max(1) as f64 * 1.15;
    let mut c = ChartBuilder::on(area)
        .caption(&h.title, (FONT, title_px(&h.title, area.dim_in_pixel().0)))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(80)
        .build_cartesian_2d(x0..x1, 0.0..top)
        .map_err(e2s)?;
    c.configure_mesh()
        .x_desc(&h.x_desc)
        .y_desc("Paths")
        .x_label_formatter(&|x| crate::report::format::thousands(*x, 0))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(e2s)?;
    c.draw_series(
        h.bins
            .iter()
            .map(|(a, b, n)| Rectangle::new([(*a, 0.0), (*b, *n as f64)], BLUE.mix(0.6).filled())),
    )
    .map_err(e2s)?;
    let colours = [GREY, BLACK, GREY, ORANGE];
    for (i, (label, v)) in h.markers.iter().enumerate() {
        let col = colours[i.min(3)];
        c.draw_series(DashedLineSeries::new(
            vec![(*v, 0.0), (*v, top / 1.15)],
            5,
            4,
            col.stroke_width(2),
        ))
        .map_err(e2s)?
        .label(label.clone())
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], col.stroke_width(2)));
    }
    c.configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .label_font((FONT, 14))
        .draw()
        .map_err(e2s)
}

/// X positions: the values when all numeric, else 0, 1, 2…
fn positions(labels: &[String]) -> (Vec<f64>, bool) {
    let v: Vec<Option<f64>> = labels.iter().map(|s| s.parse::<f64>().ok()).collect();
    if v.iter().all(Option::is_some) {
        (v.into_iter().flatten().collect(), true)
    } else {
        ((0..labels.len()).map(|i| i as f64).collect(), false)
    }
}

fn lines<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, l: &Lines) -> Result<(), String> {
    let area = area
        .titled(&l.title, (FONT, title_px(&l.title, area.dim_in_pixel().0)))
        .map_err(e2s)?;
    let panels = area.split_evenly((l.panels.len().max(1), 1));
    let (xs, numeric) = positions(&l.x_labels);
    let (x0, x1) = padded(
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    for (i, ((desc, ys, band), pa)) in l.panels.iter().zip(&panels).enumerate() {
        let mut lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
        let mut hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if let Some(b) = band {
            lo = b.iter().map(|p| p.0).fold(lo, f64::min);
            hi = b.iter().map(|p| p.1).fold(hi, f64::max);
        }
        let (y0, y1) = padded(lo.min(0.0), hi.max(0.0));
        let mut c = ChartBuilder::on(pa)
            .margin(12)
            .x_label_area_size(if i + 1 == l.panels.len() { 44 } else { 24 })
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(e2s)?;
        let labels = l.x_labels.clone();
        let fmt = move |x: &f64| {
            if numeric {
                let s = format!("{x:.2}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                let j = x.round();
                if (x - j).abs() < 1e-6 && j >= 0.0 {
                    labels.get(j as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            }
        };
        let mut mesh = c.configure_mesh();
        mesh.y_desc(desc)
            .x_label_formatter(&fmt)
            .y_label_formatter(&|y| crate::report::format::thousands(*y, 0))
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 15))
            .light_line_style(WHITE.mix(0.0));
        if i + 1 == l.panels.len() {
            mesh.x_desc(&l.x_desc);
        }
        mesh.draw().map_err(e2s)?;
        if let Some(b) = band {
            let mut pts: Vec<(f64, f64)> = xs.iter().zip(b).map(|(x, p)| (*x, p.0)).collect();
            pts.extend(xs.iter().zip(b).rev().map(|(x, p)| (*x, p.1)));
            c.draw_series(std::iter::once(Polygon::new(pts, BLUE.mix(0.2).filled())))
                .map_err(e2s)?
                .label("5th–95th percentile of paths")
                .legend(|(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 20, y + 6)], BLUE.mix(0.2).filled())
                });
        }
        c.draw_series(LineSeries::new(
            xs.iter().copied().zip(ys.iter().copied()),
            BLUE.stroke_width(2),
        ))
        .map_err(e2s)?
        .label("central run")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLUE.stroke_width(2)));
        c.draw_series(
            xs.iter()
                .zip(ys)
                .map(|(x, y)| Circle::new((*x, *y), 3, BLUE.filled())),
        )
        .map_err(e2s)?;
        if band.is_some() {
            c.configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .background_style(WHITE.mix(0.85))
                .border_style(GREY)
                .label_font((FONT, 13))
                .draw()
                .map_err(e2s)?;
        }
    }
    Ok(())
}

/// A perceptually ordered colour for `t` in 0..1 (dark blue → yellow, viridis-like).
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

fn heat<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, h: &Heat) -> Result<(), String> {
    let area = area
        .titled(&h.title, (FONT, title_px(&h.title, area.dim_in_pixel().0)))
        .map_err(e2s)?;
    let w = area.dim_in_pixel().0;
    let (plot, legend) = area.split_horizontally(w.saturating_sub(150));
    let (nx, ny) = (h.xs.len(), h.ys.len());
    let all: Vec<f64> =
        h.z.iter()
            .flatten()
            .copied()
            .filter(|v| v.is_finite())
            .collect();
    let zmin = all.iter().copied().fold(f64::INFINITY, f64::min);
    let zmax = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let norm = |v: f64| {
        if zmax > zmin {
            (v - zmin) / (zmax - zmin)
        } else {
            0.5
        }
    };
    let mut c = ChartBuilder::on(&plot)
        .margin(14)
        .x_label_area_size(48)
        .y_label_area_size(80)
        .build_cartesian_2d(-0.5..nx as f64 - 0.5, -0.5..ny as f64 - 0.5)
        .map_err(e2s)?;
    let (xs, ys) = (h.xs.clone(), h.ys.clone());
    let pick = |v: &[String], x: f64| {
        let j = x.round();
        if (x - j).abs() < 1e-6 && j >= 0.0 {
            v.get(j as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    c.configure_mesh()
        .disable_mesh()
        .x_desc(&h.x_desc)
        .y_desc(&h.y_desc)
        .x_labels(nx.min(16))
        .y_labels(ny.min(16))
        .x_label_formatter(&|x| pick(&xs, *x))
        .y_label_formatter(&|y| pick(&ys, *y))
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .draw()
        .map_err(e2s)?;
    c.draw_series(h.z.iter().enumerate().flat_map(|(ix, col)| {
        col.iter().enumerate().map(move |(iy, v)| {
            Rectangle::new(
                [
                    (ix as f64 - 0.5, iy as f64 - 0.5),
                    (ix as f64 + 0.5, iy as f64 + 0.5),
                ],
                ramp(norm(*v)).filled(),
            )
        })
    }))
    .map_err(e2s)?;
    if nx <= 12 && ny <= 12 {
        c.draw_series(h.z.iter().enumerate().flat_map(|(ix, col)| {
            col.iter().enumerate().map(move |(iy, v)| {
                let colour = if norm(*v) > 0.6 { BLACK } else { WHITE };
                Text::new(
                    crate::report::format::thousands(*v, 0),
                    (ix as f64 - 0.2, iy as f64 + 0.05),
                    (FONT, 13).into_font().color(&colour),
                )
            })
        }))
        .map_err(e2s)?;
    }
    // Colour bar: one band per pixel row, so the ramp is continuous at any size.
    let (_, lh) = legend.dim_in_pixel();
    let (top, bottom) = (40i32, (lh as i32 - 80).max(41));
    for y in top..=bottom {
        let t = f64::from(bottom - y) / f64::from(bottom - top);
        legend
            .draw(&Rectangle::new([(20, y), (50, y + 1)], ramp(t).filled()))
            .map_err(e2s)?;
    }
    let label = |v: f64| crate::report::format::thousands(v, 0);
    legend
        .draw(&Text::new(label(zmax), (56, top - 6), (FONT, 13)))
        .map_err(e2s)?;
    legend
        .draw(&Text::new(label(zmin), (56, bottom - 6), (FONT, 13)))
        .map_err(e2s)?;
    for (i, line) in h.z_desc.split('\n').enumerate() {
        legend
            .draw(&Text::new(
                line.to_string(),
                (4, bottom + 20 + 16 * i as i32),
                (FONT, 13),
            ))
            .map_err(e2s)?;
    }
    Ok(())
}

fn tornado<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, t: &Tornado) -> Result<(), String> {
    let n = t.bars.len().max(1);
    let area_width = area.dim_in_pixel().0;
    let lo = t
        .bars
        .iter()
        .flat_map(|b| [b.1, b.2])
        .fold(t.central, f64::min);
    let hi = t
        .bars
        .iter()
        .flat_map(|b| [b.1, b.2])
        .fold(t.central, f64::max);
    let (x0, x1) = padded(lo, hi);
    let mut c = ChartBuilder::on(area)
        .caption(&t.title, (FONT, title_px(&t.title, area.dim_in_pixel().0)))
        .margin(14)
        .x_label_area_size(44)
        .y_label_area_size(
            (t.bars
                .iter()
                .map(|b| b.0.chars().count())
                .max()
                .unwrap_or(10) as u32
                * 7
                + 24)
                .min(area_width / 2),
        )
        .build_cartesian_2d(x0..x1, -0.5..n as f64 - 0.5)
        .map_err(e2s)?;
    let labels: Vec<String> = t.bars.iter().map(|b| b.0.clone()).collect();
    c.configure_mesh()
        .disable_y_mesh()
        .x_desc(&t.x_desc)
        .y_labels(n)
        .y_label_formatter(&|y| {
            let j = y.round();
            // Largest swing at the top.
            if (y - j).abs() < 1e-6 && j >= 0.0 && (j as usize) < n {
                labels.get(n - 1 - j as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_label_formatter(&|x| crate::report::format::thousands(*x, 0))
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16))
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(e2s)?;
    let row = |i: usize| (n - 1 - i) as f64;
    c.draw_series(t.bars.iter().enumerate().map(|(i, b)| {
        let y = row(i);
        Rectangle::new(
            [(t.central, y - 0.32), (b.1, y + 0.32)],
            BLUE.mix(0.75).filled(),
        )
    }))
    .map_err(e2s)?
    .label("parameter at its 10th percentile")
    .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], BLUE.mix(0.75).filled()));
    c.draw_series(t.bars.iter().enumerate().map(|(i, b)| {
        let y = row(i);
        Rectangle::new(
            [(t.central, y - 0.32), (b.2, y + 0.32)],
            ORANGE.mix(0.75).filled(),
        )
    }))
    .map_err(e2s)?
    .label("parameter at its 90th percentile")
    .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 20, y + 6)], ORANGE.mix(0.75).filled()));
    c.draw_series(std::iter::once(PathElement::new(
        vec![(t.central, -0.5), (t.central, n as f64 - 0.5)],
        BLACK.stroke_width(2),
    )))
    .map_err(e2s)?
    .label(format!(
        "central run: {}",
        crate::report::format::thousands(t.central, 0)
    ))
    .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.stroke_width(2)));
    c.configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.85))
        .border_style(GREY)
        .label_font((FONT, 14))
        .draw()
        .map_err(e2s)
}
