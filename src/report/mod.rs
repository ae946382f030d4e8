//! Outputs of a run: CSV series, JSON summary, charts, Markdown report, and
//! the terminal summary. Everything is rendered to bytes here and written
//! through a [`output_dir::Staging`] folder, so an output folder is complete
//! or untouched.

pub mod charts;
pub mod compare;
pub mod format;
pub mod markdown;
pub mod output_dir;
pub mod series;
pub mod summary_json;
pub mod text;

use crate::engine::Deterministic;
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
