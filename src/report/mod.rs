//! Outputs of a run: CSV series, JSON summary, charts, Markdown report, and
//! the terminal summary. Everything is rendered to bytes here and written
//! through a [`output_dir::Staging`] folder, so an output folder is complete
//! or untouched.

pub mod bands;
pub mod charts;
pub mod compare;
pub mod format;
pub mod markdown;
pub mod output_dir;
pub mod scorecard;
pub mod series;
pub mod summary_json;
pub mod sweep;
pub mod text;
pub mod uncertainty;

use crate::engine::Deterministic;
use crate::engine::montecarlo::McResult;
use crate::engine::summary::ten_year_index;
use crate::scenario::Resolved;
use chrono::NaiveDate;
use output_dir::{OutputError, Staging};
use std::path::PathBuf;

/// Errors while writing outputs.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output folder could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A value that should be finite was not (a model bug; nothing is written).
    #[error("refusing to write {file}: {detail}")]
    NonFinite {
        /// The file being rendered.
        file: String,
        /// Which column and step.
        detail: String,
    },
    /// A chart could not be drawn or written.
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
    /// A CSV file could not be rendered.
    #[error("could not render a CSV file: {0}")]
    Csv(#[from] csv::Error),
    /// A fault injected by a test through `SELLOFF_INJECT_FAULT`.
    #[error("injected fault after writing {0} (SELLOFF_INJECT_FAULT)")]
    Injected(String),
}

/// Fails when the environment asks for a fault at this point (tests of atomic output).
fn fault_point(after: &str) -> Result<(), ReportError> {
    match std::env::var("SELLOFF_INJECT_FAULT") {
        Ok(v) if v == after => Err(ReportError::Injected(after.to_string())),
        _ => Ok(()),
    }
}

/// Writes the outputs of one deterministic run into `staging` (series.csv,
/// summary.json, the charts of [`charts::RUN_CHARTS`], report.md) and returns the file names.
pub fn write_run(
    staging: &Staging,
    r: &Resolved,
    det: &Deterministic,
    dates: &[NaiveDate],
    percentiles: Option<serde_json::Value>,
    chart_options: &charts::ChartOptions,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut files = Vec::new();
    let csv = series::to_csv(&r.params, det, dates).map_err(|detail| ReportError::NonFinite {
        file: "series.csv".into(),
        detail,
    })?;
    files.push(staging.write("series.csv", csv.as_bytes())?);
    fault_point("series.csv")?;
    let json = summary_json::summary(r, det, dates, percentiles);
    let text = serde_json::to_string_pretty(&json).expect("JSON values always serialise") + "\n";
    files.push(staging.write("summary.json", text.as_bytes())?);
    fault_point("summary.json")?;
    let data = charts::RunData { r, det, dates };
    files.extend(charts::write_run_charts(
        staging.dir(),
        &data,
        chart_options,
    )?);
    fault_point("charts")?;
    let md = markdown::report(r, det, dates, chart_options);
    files.push(staging.write("report.md", md.as_bytes())?);
    fault_point("report.md")?;
    Ok(files)
}

/// The footer line of every Monte Carlo and sweep chart: that of the run
/// charts ([`charts::frame::footer`]) with the number of paths.
pub fn chart_footer(r: &Resolved, paths: Option<u64>) -> String {
    let mut s = charts::frame::footer(&charts::scenario_file(r), r.seed);
    if let Some(n) = paths {
        s.push_str(&format!("  ·  {} paths", format::thousands(n as f64, 0)));
    }
    s
}

/// Bins of a sketch's values for a histogram: (low, high, count), `n` equal
/// bins from its 1st to its 99th percentile; the tails beyond are counted in
/// the end bins, so a few extreme paths do not squash the chart.
pub fn histogram_bins(sk: &crate::engine::sketch::Sketch, n: usize) -> Vec<(f64, f64, u64)> {
    let b = sk.buckets();
    if b.is_empty() {
        return Vec::new();
    }
    let (q1, q99) = (sk.quantile(0.01), sk.quantile(0.99));
    let (lo, hi) = if q99 > q1 {
        (q1, q99)
    } else {
        (q1 - 0.5, q1 + 0.5)
    };
    let w = (hi - lo) / n as f64;
    let mut bins: Vec<(f64, f64, u64)> = (0..n)
        .map(|i| (lo + w * i as f64, lo + w * (i + 1) as f64, 0))
        .collect();
    for (v, c) in b {
        let i = ((v - lo) / w).floor().clamp(0.0, (n - 1) as f64) as usize;
        bins[i].2 += c;
    }
    bins
}

/// Writes the Monte Carlo outputs: bands.csv, the fan charts of the 10-year
/// change and the cumulative extra interest, and the histogram of the ten-year
/// extra interest (PNG and SVG), and adds the spread to report.md.
pub fn write_mc(
    staging: &Staging,
    r: &Resolved,
    det: &Deterministic,
    mc: &McResult,
    dates: &[NaiveDate],
    opts: &charts::ChartOptions,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut files = Vec::new();
    files.push(staging.write("bands.csv", bands::to_csv(mc, dates).as_bytes())?);
    fault_point("bands.csv")?;
    let run = McRun {
        staging,
        r,
        det,
        mc,
        opts,
        footer: chart_footer(r, Some(mc.paths)),
    };
    files.extend(run.write_fans(dates)?);
    files.extend(run.write_histogram()?);
    fault_point("charts")?;
    files.extend(run.add_uncertainty_section()?);
    Ok(files)
}

/// The summary figure the histogram shows: the ten-year extra interest ($ billions).
const TEN_YEAR_INTEREST: &str = "d_interest_10y_cumulative_bn";

/// A Monte Carlo run and where its outputs go.
struct McRun<'a> {
    staging: &'a Staging,
    r: &'a Resolved,
    det: &'a Deterministic,
    mc: &'a McResult,
    opts: &'a charts::ChartOptions,
    /// The charts' footer: the scenario file, seed and paths.
    footer: String,
}

impl McRun<'_> {
    /// Writes `chart` as `stem`.png and/or .svg with the run's footer.
    fn chart(&self, stem: &str, chart: charts::mc::Chart) -> Result<Vec<PathBuf>, ReportError> {
        let dir = self.staging.dir();
        Ok(charts::mc::write(
            dir,
            stem,
            &chart,
            &self.footer,
            self.opts,
        )?)
    }

    /// The fan charts of the 10-year change and of the cumulative extra interest.
    fn write_fans(&self, dates: &[NaiveDate]) -> Result<Vec<PathBuf>, ReportError> {
        use charts::mc::{Chart, Fan};
        let (r, det, mc) = (self.r, self.det, self.mc);
        let mut files = Vec::new();
        let p = &r.params;
        let k10 = ten_year_index(p);
        let t10 = &p.curve.tenors[k10];
        let band_of = |s: usize| -> Vec<[f64; 5]> {
            (0..=mc.steps)
                .map(|t| {
                    let sk = mc.band(s, t);
                    [0.05, 0.25, 0.5, 0.75, 0.95].map(|q| sk.quantile(q))
                })
                .collect()
        };
        let s10 = mc.series_index(&format!("d_yield_{t10}_bp")).unwrap_or(k10);
        let fan10 = Fan {
            title: format!(
                "{}: change of the {t10} yield against the baseline",
                charts::subtitle(r)
            ),
            y_desc: format!("{t10} yield change (bp)"),
            dates: dates.to_vec(),
            bands: band_of(s10),
            central: det.steps.iter().map(|s| s.d_yield_bp(k10)).collect(),
        };
        files.extend(self.chart("fan_d_yield_10y", Chart::Fan(fan10))?);
        let sc = mc
            .series_index("d_interest_cumulative_bn")
            .unwrap_or(mc.series.len() - 1);
        let mut cum = 0.0;
        let central_cum: Vec<f64> = det
            .steps
            .iter()
            .map(|s| {
                if s.t > 0 {
                    cum += s.d_interest_annual() * p.dt;
                }
                cum
            })
            .collect();
        let fan_cum = Fan {
            title: format!("{}: cumulative extra federal interest", charts::subtitle(r)),
            y_desc: "Cumulative extra interest ($B)".into(),
            dates: dates.to_vec(),
            bands: band_of(sc),
            central: central_cum,
        };
        files.extend(self.chart("fan_d_interest_cumulative", Chart::Fan(fan_cum))?);
        Ok(files)
    }

    /// The ten-year extra interest's sketch when its spread is wide enough
    /// to draw: a histogram of paths that agree would be one bar.
    fn histogram_sketch(&self) -> Option<&crate::engine::sketch::Sketch> {
        self.mc
            .scalar(TEN_YEAR_INTEREST)
            .filter(|sk| charts::mc::spread_is_visible(sk.quantile(0.01), sk.quantile(0.99)))
    }

    /// The histogram of the ten-year extra interest across paths (none when
    /// the run has no such figure or no visible spread).
    fn write_histogram(&self) -> Result<Vec<PathBuf>, ReportError> {
        use charts::mc::{Chart, Histogram};
        let (r, det) = (self.r, self.det);
        let mut files = Vec::new();
        let p = &r.params;
        if let Some(sk) = self.histogram_sketch() {
            let years = (p.steps as f64 * p.dt).min(10.0);
            let q = |x: f64| sk.quantile(x);
            let money = |v: f64| format!("${}B", format::thousands(v, 0));
            let h = Histogram {
                title: format!(
                    "{}: extra interest over {years:.0} years, across paths",
                    charts::subtitle(r)
                ),
                x_desc: format!(
                    "Extra federal interest over the first {years:.0} years ($B; 1st–99th percentile, tails in the end bins)"
                ),
                bins: histogram_bins(sk, 40),
                markers: vec![
                    (format!("5th percentile {}", money(q(0.05))), q(0.05)),
                    (format!("median {}", money(q(0.5))), q(0.5)),
                    (format!("95th percentile {}", money(q(0.95))), q(0.95)),
                    (
                        format!(
                            "central run {}",
                            money(det.figures.d_interest_10y_cumulative_bn)
                        ),
                        det.figures.d_interest_10y_cumulative_bn,
                    ),
                ],
            };
            files.extend(self.chart("hist_d_interest_10y", Chart::Histogram(h))?);
        }
        Ok(files)
    }

    /// report.md gains a section on the spread, with the fan charts and the
    /// histogram (when the run wrote a report).
    fn add_uncertainty_section(&self) -> Result<Vec<PathBuf>, ReportError> {
        let (staging, r, det, mc) = (self.staging, self.r, self.det, self.mc);
        let mut files = Vec::new();
        let report_path = staging.dir().join("report.md");
        if let Ok(mut md) = std::fs::read_to_string(&report_path) {
            let ext = self.opts.format.preferred_ext();
            let mut section = uncertainty::spread_paragraph(r, mc, &det.figures);
            section.push_str("\n\n");
            if let (None, Some(sk)) = (self.histogram_sketch(), mc.scalar(TEN_YEAR_INTEREST)) {
                section.push_str(&format!(
                    "No histogram of the ten-year extra interest: every path gives ${}B to within $1B (1st to 99th percentile), so there is no spread to draw.\n\n",
                    format::thousands(sk.quantile(0.5), 0)
                ));
            }
            for (stem, alt) in [
                ("fan_d_yield_10y", "Fan chart of the 10-year change"),
                (
                    "fan_d_interest_cumulative",
                    "Fan chart of the cumulative extra interest",
                ),
                (
                    "hist_d_interest_10y",
                    "Histogram of the ten-year extra interest",
                ),
            ] {
                if staging.dir().join(format!("{stem}.{ext}")).is_file() {
                    section.push_str(&format!("![{alt}]({stem}.{ext})\n\n"));
                }
            }
            md = markdown::with_uncertainty(&md, &section);
            files.push(staging.write("report.md", md.as_bytes())?);
        }
        Ok(files)
    }
}
