//! `selloff compare`: several scenarios side by side: overlay charts of the
//! 10-year change and of the extra interest (one line per scenario), and the
//! summary figures in `compare.csv` and `compare.md`.
//!
//! The figures are taken from each scenario's own `summary.json` value (same
//! rounding), so a table cell equals the individual run's summary exactly.

use super::charts::frame::Titles;
use super::charts::timechart::{Series, TimeChart};
use super::charts::{self, ChartOptions, palette};
use super::output_dir::Staging;
use super::{ReportError, summary_json};
use crate::engine::Deterministic;
use crate::engine::summary::ten_year_index;
use crate::scenario::Resolved;
use chrono::NaiveDate;
use serde_json::Value;
use std::fmt::Write;
use std::path::PathBuf;

/// One scenario of a comparison and its run.
pub struct Entry<'a> {
    /// The scenario.
    pub r: &'a Resolved,
    /// Its deterministic run.
    pub det: &'a Deterministic,
    /// The date of every step.
    pub dates: &'a [NaiveDate],
}

/// The keys of summary.json compared, in table order (objects are expanded by their keys).
pub const FIGURES: [&str; 12] = [
    "peak_d_yield_bp",
    "peak_step",
    "end_d_yield_bp",
    "d_interest_first_year_bn",
    "d_interest_10y_cumulative_bn",
    "d_interest_cumulative_bn",
    "d_interest_annual_end_bn",
    "rule_of_thumb_annual_bn",
    "total_sold_bn",
    "absorbed_by",
    "seller_mtm_loss_bn",
    "seller_realised_cost_bn",
];

/// The compared figures of one summary.json value: (dotted name, number).
pub fn flatten(summary: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for key in FIGURES {
        match summary.get(key) {
            Some(Value::Object(m)) => {
                for (k, v) in m {
                    out.push((format!("{key}.{k}"), v.clone()));
                }
            }
            Some(v) => out.push((key.to_string(), v.clone())),
            None => {}
        }
    }
    out
}

/// The table: every figure name (in first-seen order) and each scenario's value, if it has one.
pub fn table(entries: &[Entry]) -> Vec<(String, Vec<Option<Value>>)> {
    let flat: Vec<Vec<(String, Value)>> = entries
        .iter()
        .map(|e| flatten(&summary_json::summary(e.r, e.det, e.dates, None)))
        .collect();
    let mut names: Vec<String> = Vec::new();
    for f in &flat {
        for (k, _) in f {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    names
        .into_iter()
        .map(|n| {
            let vals = flat
                .iter()
                .map(|f| f.iter().find(|(k, _)| *k == n).map(|(_, v)| v.clone()))
                .collect();
            (n, vals)
        })
        .collect()
}

fn number(v: &Option<Value>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

/// `compare.csv`: a `figure` column, then one column per scenario.
pub fn to_csv(entries: &[Entry]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["figure".to_string()];
    header.extend(entries.iter().map(|e| e.r.name.clone()));
    w.write_record(&header).map_err(|e| e.to_string())?;
    for (name, vals) in table(entries) {
        let mut rec = vec![name];
        rec.extend(vals.iter().map(number));
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// `compare.md`: the scenarios, the two overlay charts and the table.
pub fn to_markdown(entries: &[Entry], opts: &ChartOptions) -> String {
    let mut s = String::new();
    let names: Vec<&str> = entries.iter().map(|e| e.r.name.as_str()).collect();
    let _ = writeln!(s, "# Comparison: {}", names.join(", "));
    let _ = writeln!(s);
    for e in entries {
        let _ = writeln!(
            s,
            "- `{}`: {} (`{}`, seed {})",
            e.r.name,
            e.r.title,
            charts::scenario_file(e.r),
            e.r.seed
        );
    }
    let _ = writeln!(s);
    let ext = opts.format.preferred_ext();
    let _ = writeln!(
        s,
        "![10-year change against the baseline](compare_yield_change_10y.{ext})"
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "![Extra annual interest](compare_interest.{ext})");
    let _ = writeln!(s);
    let _ = writeln!(s, "| Figure | {} |", names.join(" | "));
    let _ = writeln!(s, "|---|{}", "---:|".repeat(entries.len()));
    for (name, vals) in table(entries) {
        let cells: Vec<String> = vals
            .iter()
            .map(|v| {
                let n = number(v);
                if n.is_empty() { "–".into() } else { n }
            })
            .collect();
        let _ = writeln!(s, "| `{name}` | {} |", cells.join(" | "));
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Units are in the names: `_bp` basis points, `_bn` $ billions; `peak_step` counts steps of each scenario. The same values are in [compare.csv](compare.csv)."
    );
    s
}

fn titles(entries: &[Entry], heading: &str) -> Titles {
    let files: Vec<String> = entries.iter().map(|e| charts::scenario_file(e.r)).collect();
    let mut seeds: Vec<String> = entries.iter().map(|e| e.r.seed.to_string()).collect();
    seeds.dedup();
    Titles {
        heading: heading.to_string(),
        subtitle: format!(
            "Scenarios: {}",
            entries
                .iter()
                .map(|e| e.r.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        footer: format!(
            "Scenario files: {}  ·  seed {}  ·  selloff {}",
            files.join(", "),
            seeds.join("/"),
            crate::VERSION
        ),
    }
}

fn span(entries: &[Entry]) -> (NaiveDate, NaiveDate) {
    let start = entries
        .iter()
        .filter_map(|e| e.dates.first())
        .min()
        .copied()
        .unwrap_or_default();
    let end = entries
        .iter()
        .filter_map(|e| e.dates.last())
        .max()
        .copied()
        .unwrap_or(start);
    (start, end)
}

/// One line per scenario of `f(step)`, coloured by position.
fn overlay(
    entries: &[Entry],
    heading: &str,
    y_label: &str,
    f: impl Fn(&Entry, &crate::engine::path::PathStep) -> f64,
) -> TimeChart {
    let mut c = TimeChart::new(titles(entries, heading), y_label, span(entries));
    c.zero_line = true;
    c.legend_title = Some("Scenario".into());
    for (i, e) in entries.iter().enumerate() {
        let pts = e
            .det
            .steps
            .iter()
            .zip(e.dates)
            .map(|(s, d)| (*d, f(e, s)))
            .collect();
        let mut line = Series::line(e.r.name.clone(), palette::series(i), pts);
        line.width = 3.0;
        c.series.push(line);
    }
    c
}

/// Writes the comparison into `staging` and returns the files written.
pub fn write_compare(
    staging: &Staging,
    entries: &[Entry],
    opts: &ChartOptions,
) -> Result<Vec<PathBuf>, ReportError> {
    let mut files = Vec::new();
    let csv = to_csv(entries).map_err(|detail| ReportError::NonFinite {
        file: "compare.csv".into(),
        detail,
    })?;
    files.push(staging.write("compare.csv", csv.as_bytes())?);
    let d10 = overlay(
        entries,
        "Change of the 10-year yield against the baseline (bp), by scenario",
        "Change against baseline (bp)",
        |e, s| s.d_yield_bp(ten_year_index(&e.r.params)),
    );
    files.extend(charts::render(
        staging.dir(),
        "compare_yield_change_10y",
        opts,
        &d10,
    )?);
    let interest = overlay(
        entries,
        "Extra federal interest along the rollover path ($B a year), by scenario",
        "Extra interest ($B a year)",
        |_, s| s.d_interest_annual(),
    );
    files.extend(charts::render(
        staging.dir(),
        "compare_interest",
        opts,
        &interest,
    )?);
    let md = to_markdown(entries, opts);
    files.push(staging.write("compare.md", md.as_bytes())?);
    Ok(files)
}
