//! Charts rendered with plotters, as PNG and SVG, with no system fonts.
//!
//! Reusable pieces, for the charts of a run and for later ones (Monte Carlo
//! fans, sweeps):
//! - [`font::register`]: registers the bundled Liberation Sans once; call it
//!   before drawing ([`render`] does).
//! - [`palette`]: a stable colour per tenor ([`palette::tenor`]), per holder
//!   ([`palette::holder`]) and per numbered series ([`palette::series`]).
//! - [`axis::TimeAxis`]: a date axis with calendar-aligned ticks.
//! - [`frame`]: the shared layout: heading, subtitle, legend column, footer
//!   ([`frame::footer`]).
//! - [`timechart::TimeChart`]: lines, bands (stacked areas, fans) and
//!   labelled markers over dates; [`bars::BarChart`]: stacked bars.
//! - [`render`]: draws anything that implements [`Draw`] to `<stem>.png`
//!   and/or `<stem>.svg` in a folder, byte-identical for identical input.
//!
//! The charts of a run ([`write_run_charts`]) are one small module each.

pub mod axis;
pub mod bars;
pub mod font;
pub mod frame;
pub mod labels;
pub mod mc;
pub mod palette;
pub mod raster;
pub mod timechart;

mod backstop;
mod fx;
mod holdings;
mod interest;
mod issuance;
mod schedule;
mod seller_loss;
mod yield_change;
mod yields;

use crate::engine::Deterministic;
use crate::scenario::Resolved;
use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::{Path, PathBuf};

/// Errors while drawing charts.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The bundled font could not be registered.
    #[error("the bundled chart font could not be loaded")]
    Font,
    /// plotters failed while drawing.
    #[error("cannot draw the chart: {0}")]
    Draw(String),
    /// A chart file could not be written.
    #[error("cannot write the chart `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Maps a plotters drawing error (which has no `Debug`) to a [`ChartError`].
pub fn de<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// Which files to write for each chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// PNG only.
    Png,
    /// SVG only.
    Svg,
    /// Both PNG and SVG.
    #[default]
    Both,
}

impl Format {
    /// True when PNG files are written.
    pub fn png(self) -> bool {
        matches!(self, Format::Png | Format::Both)
    }
    /// True when SVG files are written.
    pub fn svg(self) -> bool {
        matches!(self, Format::Svg | Format::Both)
    }
    /// The extension to embed in reports (PNG when there is one).
    pub fn preferred_ext(self) -> &'static str {
        if self.png() { "png" } else { "svg" }
    }
}

/// Default picture size in pixels: a 12:7 picture that fits a report page at 150 dpi.
pub const DEFAULT_SIZE: (u32, u32) = (1200, 700);

/// How charts are rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartOptions {
    /// PNG, SVG or both.
    pub format: Format,
    /// Width and height in pixels.
    pub size: (u32, u32),
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            format: Format::Both,
            size: DEFAULT_SIZE,
        }
    }
}

/// Parses `WxH` (for example `1600x900`), each between 320 and 8000 pixels.
pub fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s.split_once(['x', 'X', '×']).ok_or_else(|| {
        format!("`{s}` is not a size: write WIDTHxHEIGHT in pixels, e.g. 1600x900")
    })?;
    let num = |v: &str| {
        v.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (320..=8000).contains(n))
            .ok_or_else(|| {
                format!("`{s}`: each side must be a whole number of pixels from 320 to 8000")
            })
    };
    Ok((num(w)?, num(h)?))
}

/// Something that draws itself on a plotters drawing area of any backend.
pub trait Draw {
    /// Draws the whole picture on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError>;
}

/// Draws `chart` once, as the SVG document every chart file comes from (the
/// bundled font named first, [`font::SVG_FAMILIES`]).
pub fn svg_document(size: (u32, u32), chart: &impl Draw) -> Result<String, ChartError> {
    font::register()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        chart.draw(&root)?;
        root.present().map_err(de)?;
    }
    Ok(font::svg_families(&svg))
}

/// Renders `chart` to `<dir>/<stem>.png` and/or `.svg` and returns the files
/// written: one drawing, the PNG rasterised from the SVG ([`raster`]), so both
/// files show the same picture; byte-identical for identical input.
pub fn render(
    dir: &Path,
    stem: &str,
    opts: &ChartOptions,
    chart: &impl Draw,
) -> Result<Vec<PathBuf>, ChartError> {
    let svg = svg_document(opts.size, chart)?;
    let mut files = Vec::new();
    let mut write = |ext: &str, bytes: &[u8]| {
        let path = dir.join(format!("{stem}.{ext}"));
        std::fs::write(&path, bytes).map_err(|source| ChartError::Io {
            path: path.clone(),
            source,
        })?;
        files.push(path);
        Ok::<(), ChartError>(())
    };
    if opts.format.png() {
        write("png", &raster::png(&svg, opts.size)?)?;
    }
    if opts.format.svg() {
        write("svg", svg.as_bytes())?;
    }
    Ok(files)
}

/// The charts of a run, in report order: (file stem, caption). A chart with
/// nothing to show is not drawn: see [`run_charts`].
pub const RUN_CHARTS: [(&str, &str); 6] = [
    ("yields", "Yields by tenor, scenario against baseline"),
    ("yield_change", "Change of each yield against the baseline"),
    (
        "interest",
        "Extra annual interest against the rule of thumb",
    ),
    ("interest_cumulative", "Cumulative extra interest"),
    ("holdings", "Who absorbed the sale: change in holdings"),
    ("seller_loss", "What selling cost the holders that sold"),
];

/// The charts of a run that are drawn, in report order, each as (stem,
/// caption, `None`), or (stem, caption, `Some(why it is not drawn)`).
pub fn run_charts(data: &RunData) -> Vec<(&'static str, &'static str, Option<&'static str>)> {
    RUN_CHARTS
        .iter()
        .map(|(stem, caption)| {
            let why = match *stem {
                "seller_loss" if data.holders_that_sold().is_empty() => {
                    Some("nobody sells in this scenario")
                }
                "holdings" if !holdings::moves(data) => {
                    Some("nobody sells or buys in this scenario: holdings do not change")
                }
                _ => None,
            };
            (*stem, *caption, why)
        })
        .collect()
}

/// The reaction charts of a run, in report order: (file stem, caption), only
/// those of reactions the scenario uses (a backstop, an issuance response, an
/// exchange-rate channel, planned sales whose schedule can be compared).
pub fn reaction_charts(data: &RunData) -> Vec<(&'static str, &'static str)> {
    let p = &data.r.params;
    let f = &data.det.figures.reactions;
    let mut v = Vec::new();
    if p.backstop.is_some() {
        v.push(("backstop", "The backstop's purchases and holdings"));
    }
    if !f.seller_optimal_schedule_bn.is_empty() {
        v.push(("schedule", "The seller's schedule against the cheapest"));
    }
    if p.fx.is_some() {
        v.push(("fx", "The exchange rate"));
    }
    if p.issuance.is_some() {
        v.push(("issuance", "The Treasury's issuance response"));
    }
    v
}

pub use fx::pair_words as fx_words;
pub use schedule::chose_optimal;

/// What the charts of a run are drawn from.
pub struct RunData<'a> {
    /// The scenario.
    pub r: &'a Resolved,
    /// Its deterministic run.
    pub det: &'a Deterministic,
    /// The date of every step.
    pub dates: &'a [NaiveDate],
}

impl<'a> RunData<'a> {
    /// Heading and footer of a chart of this run; the subtitle names the scenario.
    pub fn titles(&self, heading: &str) -> frame::Titles {
        frame::Titles {
            heading: heading.to_string(),
            subtitle: subtitle(self.r),
            footer: frame::footer(&scenario_file(self.r), self.r.seed),
        }
    }

    /// First and last date.
    pub fn span(&self) -> (NaiveDate, NaiveDate) {
        let first = self.dates.first().copied().unwrap_or_default();
        (first, self.dates.last().copied().unwrap_or(first))
    }

    /// `(date, f(step))` for every step.
    pub fn points(
        &self,
        f: impl Fn(&crate::engine::path::PathStep) -> f64,
    ) -> Vec<(NaiveDate, f64)> {
        self.det
            .steps
            .iter()
            .zip(self.dates)
            .map(|(s, d)| (*d, f(s)))
            .collect()
    }

    /// The holders that sold something in this run, in scenario order: those
    /// with a sale that never happened (a trigger that never fired, a schedule
    /// of zeros) have no realised cost of selling and are left out.
    pub fn holders_that_sold(&self) -> Vec<&'a String> {
        let f = &self.det.figures;
        f.seller_mtm_loss_bn
            .keys()
            .filter(|n| {
                let realised = f.seller_realised_cost_bn.get(*n).copied().unwrap_or(0.0);
                let scheduled: f64 = self
                    .r
                    .params
                    .holders
                    .iter()
                    .filter(|h| &h.name == *n)
                    .flat_map(|h| h.sales.iter())
                    .sum();
                realised.abs() > 1e-9 || scheduled > 1e-9
            })
            .collect()
    }

    /// The label of a holder (its name when unknown).
    pub fn holder_label<'b>(&'b self, name: &'b str) -> &'b str {
        self.r.params.holder_label(name)
    }
}

/// The subtitle of every chart of a scenario: "name: title". A run with
/// `--set` flags has them in its title already ("… (with --set
/// holders.japan.sale.steps=24)", `scenario::validate`).
pub fn subtitle(r: &Resolved) -> String {
    format!("{}: {}", r.name, r.title)
}

/// The scenario file as shown in footers: relative to the working folder when
/// it is inside it, so outputs do not depend on where the project lives.
pub fn scenario_file(r: &Resolved) -> String {
    let p = &r.path;
    let bases = [
        std::env::current_dir().ok(),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
    ];
    for base in bases.iter().flatten() {
        if let Ok(rel) = p.strip_prefix(base) {
            return rel.display().to_string();
        }
    }
    p.display().to_string()
}

/// Writes the six charts of a run, and those of its reactions
/// ([`reaction_charts`]), into `dir` and returns the files written.
pub fn write_run_charts(
    dir: &Path,
    data: &RunData,
    opts: &ChartOptions,
) -> Result<Vec<PathBuf>, ChartError> {
    let mut files = Vec::new();
    let drawn = |stem: &str| {
        run_charts(data)
            .iter()
            .any(|(s, _, why)| *s == stem && why.is_none())
    };
    files.extend(render(dir, "yields", opts, &yields::chart(data))?);
    files.extend(render(
        dir,
        "yield_change",
        opts,
        &yield_change::chart(data),
    )?);
    files.extend(render(dir, "interest", opts, &interest::annual(data))?);
    files.extend(render(
        dir,
        "interest_cumulative",
        opts,
        &interest::cumulative(data),
    )?);
    if drawn("holdings") {
        files.extend(render(dir, "holdings", opts, &holdings::chart(data))?);
    }
    if let Some(c) = seller_loss::chart(data).filter(|_| drawn("seller_loss")) {
        files.extend(render(dir, "seller_loss", opts, &c)?);
    }
    if let Some(c) = backstop::chart(data) {
        files.extend(render(dir, "backstop", opts, &c)?);
    }
    if let Some(c) = schedule::chart(data) {
        files.extend(render(dir, "schedule", opts, &c)?);
    }
    if let Some(c) = fx::chart(data) {
        files.extend(render(dir, "fx", opts, &c)?);
    }
    if let Some(c) = issuance::chart(data) {
        files.extend(render(dir, "issuance", opts, &c)?);
    }
    Ok(files)
}
