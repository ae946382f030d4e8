//! A memory budget checked before a run starts, and kept while it runs.
//!
//! The deterministic run records every step of every series (the CSV, the
//! charts and the report are drawn from them), and Monte Carlo keeps a
//! quantile sketch per step and series for each piece of work. A scenario
//! with tens of thousands of steps, thousands of holders or a wide spread of
//! outcomes can ask for more memory than the machine has; such a run is
//! refused up front with the estimate and the flag that raises the limit.
//! The Monte Carlo's share is estimated from a pilot of a few paths
//! (`montecarlo::estimate_sketch_bytes`) and also enforced while the run goes
//! (`montecarlo::run_within` stops it, and nothing is written). The estimate
//! is checked against measured peaks in docs/RELIABILITY.md ("Memory").

use crate::model::Params;
use std::fmt;

/// Default limit (MiB) when `--max-memory-mb` is not given.
pub const DEFAULT_MAX_MEMORY_MB: u64 = 2048;

/// Series kept per step besides one per curve tenor and one per holder: dates,
/// term premium, interest, debt, borrowing, the rule of thumb, cumulative
/// figures and the like.
pub const OTHER_SERIES: usize = 12;

/// Bytes one value of one series at one step costs, all copies included: the
/// scenario and baseline values (8 bytes each), the holder sales, the CSV
/// text (~16 bytes a cell) and the chart and summary buffers. Measured: 9,991
/// holders on business days for ten years peak at 3,084 MB, 122 bytes a value
/// (docs/RELIABILITY.md, "Memory guard"); this is that, rounded up, so that
/// the deterministic part of the estimate is an upper bound.
pub const BYTES_PER_VALUE: u64 = 125;

/// Memory of the program before it records anything (bytes): code, the chart
/// font, a chart's SVG and its rasterised pixel buffer (resvg). Measured: a
/// small monthly or quarterly run with its PNG charts peaks at 17.1–17.5 MB
/// (docs/RELIABILITY.md, "Memory guard").
pub const FIXED_BYTES: u64 = 17 << 20;

/// The estimated size of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Steps recorded (including step 0).
    pub steps: u64,
    /// Series per step: curve tenors + holders + [`OTHER_SERIES`].
    pub series: u64,
    /// Bytes of the deterministic run's records (steps × series × [`BYTES_PER_VALUE`]).
    pub record_bytes: u64,
    /// Bytes of the Monte Carlo's sketches (0 without Monte Carlo).
    pub sketch_bytes: u64,
    /// Estimated peak bytes in all: [`FIXED_BYTES`] + records + sketches.
    pub bytes: u64,
}

impl Estimate {
    /// The estimate in MiB, rounded up.
    pub fn mb(&self) -> u64 {
        self.bytes.div_ceil(1 << 20)
    }
}

/// Estimates the peak memory of a run of `p` whose Monte Carlo sketches
/// take `sketch_bytes` (0 without Monte Carlo).
pub fn estimate(p: &Params, sketch_bytes: u64) -> Estimate {
    let steps = p.steps as u64 + 1;
    let series = (p.curve.tenors.len() + p.holders.len() + OTHER_SERIES) as u64;
    let record_bytes = steps.saturating_mul(series).saturating_mul(BYTES_PER_VALUE);
    Estimate {
        steps,
        series,
        record_bytes,
        sketch_bytes,
        bytes: FIXED_BYTES
            .saturating_add(record_bytes)
            .saturating_add(sketch_bytes),
    }
}

/// A run refused because it would need more memory than allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct OverBudget {
    /// The estimate.
    pub estimate: Estimate,
    /// The limit it exceeds (MiB).
    pub limit_mb: u64,
}

impl fmt::Display for OverBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.estimate;
        let mc = if e.sketch_bytes > 0 {
            format!(
                ", the Monte Carlo's bands {} MB (measured on a pilot of a few paths)",
                e.sketch_bytes.div_ceil(1 << 20)
            )
        } else {
            String::new()
        };
        write!(
            f,
            "this run would need about {} MB of memory (the records {} MB: {} steps × {} series × {} bytes{mc}), more than the limit of {} MB; use fewer steps (a longer `time.step` or a shorter `time.horizon_years`), fewer holders or fewer paths, or raise the limit with `--max-memory-mb {}`",
            e.mb(),
            e.record_bytes.div_ceil(1 << 20),
            e.steps,
            e.series,
            BYTES_PER_VALUE,
            self.limit_mb,
            e.mb()
                .next_power_of_two()
                .max(self.limit_mb.saturating_mul(2))
        )
    }
}

/// Refuses a run whose estimate exceeds `limit_mb` MiB.
pub fn check(p: &Params, sketch_bytes: u64, limit_mb: u64) -> Result<Estimate, OverBudget> {
    let e = estimate(p, sketch_bytes);
    if e.bytes > limit_mb.saturating_mul(1 << 20) {
        Err(OverBudget {
            estimate: e,
            limit_mb,
        })
    } else {
        Ok(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::market::tests::toy;

    #[test]
    fn small_runs_pass_and_huge_ones_are_refused_with_the_flag() {
        let mut p = toy(&[100.0]);
        assert!(check(&p, 0, DEFAULT_MAX_MEMORY_MB).is_ok());
        p.steps = 30_000;
        let h = p.holders[0].clone();
        p.holders = vec![h; 10_000];
        let e = check(&p, 0, DEFAULT_MAX_MEMORY_MB).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("--max-memory-mb"), "{msg}");
        assert!(
            msg.contains("30001 steps × 10013 series × 125 bytes"),
            "{msg}"
        );
        assert!(check(&p, 0, 1 << 20).is_ok());
        assert_eq!(estimate(&p, u64::MAX).bytes, u64::MAX);
    }

    #[test]
    fn the_monte_carlo_share_counts_and_is_named() {
        let p = toy(&[100.0]);
        let e = check(&p, 3 << 30, DEFAULT_MAX_MEMORY_MB).unwrap_err();
        assert!(
            e.to_string().contains("the Monte Carlo's bands 3072 MB"),
            "{e}"
        );
    }
}
