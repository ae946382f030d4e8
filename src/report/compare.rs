//! `selloff compare`: several scenarios side by side: overlay charts of the
//! 10-year change and of the extra interest (one line per scenario), and the
//! summary figures in `compare.csv` and `compare.md`.
//!
//! The figures are taken from each scenario's own `summary.json` value (same
//! rounding), so a `compare.csv` cell equals the individual run's summary
//! exactly; `compare.md` shows them in words, with units and rounded for
//! reading ([`describe`]). User text (titles, names) is escaped in both.

use super::charts::frame::Titles;
use super::charts::timechart::{Series, TimeChart};
use super::charts::{self, ChartOptions, palette};
use super::format::{markdown_text, number, signed, spreadsheet_safe};
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

/// The keys of summary.json compared, in table order (objects are expanded
/// by their keys; a key a scenario lacks, or whose value is not a number, as
/// a trigger that never fired, is left empty).
pub const FIGURES: [&str; 20] = [
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
    "backstop_bought_bn",
    "trigger_fired_step",
    "fx_peak_change_pct",
    "fx_end_change_pct",
    "share_repricing_1y_end",
    "baseline_share_repricing_1y_end",
    "seller_schedule_cost_bn",
    "seller_optimal_cost_bn",
];

/// The compared figures of one summary.json value: (dotted name, number).
pub fn flatten(summary: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for key in FIGURES {
        match summary.get(key) {
            Some(Value::Object(m)) => {
                for (k, v) in m.iter().filter(|(_, v)| v.is_number()) {
                    out.push((format!("{key}.{k}"), v.clone()));
                }
            }
            Some(v) if v.is_number() => out.push((key.to_string(), v.clone())),
            _ => {}
        }
    }
    out
}

/// A compared figure in words, with its unit and how to round it for
/// reading: (label, unit, value formatted), for `compare.md`. `holder` gives
/// a holder's label from its name.
pub fn describe(
    name: &str,
    v: f64,
    holder: &dyn Fn(&str) -> String,
) -> (String, &'static str, String) {
    let (key, sub) = name.split_once('.').unwrap_or((name, ""));
    let h = || holder(sub);
    let bp = |v: f64| signed(v, if v.abs() < 10.0 { 1 } else { 0 });
    let bn = |v: f64| number(v, if v.abs() < 100.0 { 1 } else { 0 });
    let pct = |v: f64| number(v, 2);
    let share = |v: f64| number(100.0 * v, 1);
    let (label, unit, text) = match key {
        "peak_d_yield_bp" => (format!("Largest change of the {sub} yield"), "bp", bp(v)),
        "peak_step" => (
            format!("Step of the largest {sub} change"),
            "step",
            number(v, 0),
        ),
        "end_d_yield_bp" => (format!("Change of the {sub} yield at the end"), "bp", bp(v)),
        "d_interest_first_year_bn" => ("Extra interest paid in the first year".into(), "$B", bn(v)),
        "d_interest_10y_cumulative_bn" => (
            "Extra interest paid over ten years (or the run, if shorter)".into(),
            "$B",
            bn(v),
        ),
        "d_interest_cumulative_bn" => {
            ("Extra interest paid over the whole run".into(), "$B", bn(v))
        }
        "d_interest_annual_end_bn" => (
            "Extra interest at the end, annual rate".into(),
            "$B a year",
            bn(v),
        ),
        "rule_of_thumb_annual_bn" => (
            "Rule of thumb: gross debt × largest 10-year change".into(),
            "$B a year",
            bn(v),
        ),
        "total_sold_bn" => ("Sold by all holders that sold".into(), "$B", bn(v)),
        "absorbed_by" => (format!("Net purchases by {}", h()), "$B", signed(v, 1)),
        "seller_mtm_loss_bn" => (
            format!(
                "What selling cost {} at the worst step (negative: a gain)",
                h()
            ),
            "$B",
            bn(v),
        ),
        "seller_realised_cost_bn" => (
            format!("… of which {}'s cost of its own sales", h()),
            "$B",
            bn(v),
        ),
        "backstop_bought_bn" => ("Bought by the backstop".into(), "$B", bn(v)),
        "trigger_fired_step" => (
            format!("Step {}'s contagion trigger fired", h()),
            "step",
            number(v, 0),
        ),
        "fx_peak_change_pct" => ("Largest exchange-rate move".into(), "%", pct(v)),
        "fx_end_change_pct" => ("Exchange-rate change at the end".into(), "%", pct(v)),
        "share_repricing_1y_end" => (
            "Debt repricing within a year, at the end".into(),
            "%",
            share(v),
        ),
        "baseline_share_repricing_1y_end" => (
            "Debt repricing within a year, at the end, in the baseline".into(),
            "%",
            share(v),
        ),
        "seller_schedule_cost_bn" => (
            format!("{}'s schedule: expected selling cost", h()),
            "$B",
            bn(v),
        ),
        "seller_optimal_cost_bn" => (
            format!("{}'s cheapest schedule: expected selling cost", h()),
            "$B",
            bn(v),
        ),
        _ => (name.to_string(), "", number(v, 2)),
    };
    (label, unit, text)
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

fn raw(v: &Option<Value>) -> String {
    v.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

/// `compare.csv`: a `figure` column, then one column per scenario.
pub fn to_csv(entries: &[Entry]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["figure".to_string()];
    header.extend(entries.iter().map(|e| spreadsheet_safe(&e.r.name)));
    w.write_record(&header).map_err(|e| e.to_string())?;
    for (name, vals) in table(entries) {
        let mut rec = vec![spreadsheet_safe(&name)];
        rec.extend(vals.iter().map(raw));
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// `compare.md`: the scenarios, the two overlay charts and the table of
/// figures in words, with units and rounded for reading.
pub fn to_markdown(entries: &[Entry], opts: &ChartOptions) -> String {
    let mut s = String::new();
    let names: Vec<String> = entries.iter().map(|e| markdown_text(&e.r.name)).collect();
    let _ = writeln!(s, "# Comparison: {}", names.join(", "));
    let _ = writeln!(s);
    for e in entries {
        let line = format!(
            "- {}: {} ({}, seed {}",
            markdown_text(&e.r.name),
            markdown_text(&e.r.title),
            markdown_text(&charts::scenario_file(e.r)),
            e.r.seed
        );
        let _ = writeln!(s, "{line})");
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
    let holder = |n: &str| {
        let label = entries
            .iter()
            .flat_map(|e| e.r.params.holders.iter())
            .find(|h| h.name == n)
            .map_or(n, |h| h.label.as_str());
        markdown_text(label)
    };
    // "Seller" figures only for holders that sold in that scenario.
    let sold: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let data = charts::RunData {
                r: e.r,
                det: e.det,
                dates: e.dates,
            };
            data.holders_that_sold().into_iter().cloned().collect()
        })
        .collect();
    let _ = writeln!(s, "| Figure | Unit | {} |", names.join(" | "));
    let _ = writeln!(s, "|---|---|{}", "---:|".repeat(entries.len()));
    for (name, vals) in table(entries) {
        let mut label = String::new();
        let mut unit = "";
        let cells: Vec<String> = vals
            .iter()
            .zip(&sold)
            .map(|(v, sold)| match v.as_ref().and_then(Value::as_f64) {
                Some(x) => {
                    let (l, u, text) = describe(&name, x, &holder);
                    (label, unit) = (l, u);
                    if did_not_sell(&name, sold) {
                        "did not sell".into()
                    } else {
                        text
                    }
                }
                None => "–".into(),
            })
            .collect();
        let _ = writeln!(s, "| {label} | {unit} | {} |", cells.join(" | "));
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Rounded for reading; [compare.csv](compare.csv) has every figure unrounded, as in each run's summary.json, under its summary.json name. A step counts steps of that scenario; –: the scenario has no such figure."
    );
    s
}

/// True for a seller's figure (`seller_mtm_loss_bn.NAME`, `seller_realised_cost_bn.NAME`)
/// of a holder that is not among those that `sold`.
fn did_not_sell(name: &str, sold: &[String]) -> bool {
    match name.split_once('.') {
        Some(("seller_mtm_loss_bn" | "seller_realised_cost_bn", h)) => !sold.iter().any(|s| s == h),
        _ => false,
    }
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
