//! `bands.csv`: per-step percentile bands of a Monte Carlo run.
//!
//! One row per step: `step`, `date`, then for each series (`d_yield_<tenor>_bp`
//! for each tenor, `d_interest_annual_bn`, `d_interest_cumulative_bn`) its
//! `_p5`, `_p25`, `_p50`, `_p75`, `_p95` across paths.

use super::format::fixed;
use super::uncertainty::BAND_PROBS;
use crate::engine::montecarlo::McResult;
use chrono::NaiveDate;
use std::fmt::Write;

/// The header of bands.csv.
pub fn columns(mc: &McResult) -> Vec<String> {
    let mut c = vec!["step".to_string(), "date".to_string()];
    for s in &mc.series {
        for (label, _) in BAND_PROBS {
            c.push(format!("{s}_{label}"));
        }
    }
    c
}

/// bands.csv as text.
pub fn to_csv(mc: &McResult, dates: &[NaiveDate]) -> String {
    let mut out = columns(mc).join(",");
    out.push('\n');
    for (t, date) in dates.iter().enumerate().take(mc.steps + 1) {
        let _ = write!(out, "{t},{date}");
        for (s, name) in mc.series.iter().enumerate() {
            let d = if name.ends_with("_bp") { 4 } else { 3 };
            let sk = mc.band(s, t);
            for (_, p) in BAND_PROBS {
                let _ = write!(out, ",{}", fixed(sk.quantile(p), d));
            }
        }
        out.push('\n');
    }
    out
}
