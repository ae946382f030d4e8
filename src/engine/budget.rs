//! A memory budget checked before a run starts.
//!
//! The deterministic run records every step of every series (the CSV, the
//! charts and the report are drawn from them), and Monte Carlo keeps per-step
//! figures for each path it summarises. A scenario with tens of thousands of
//! steps and thousands of holders can ask for more memory than the machine
//! has; such a run is refused up front with the estimate and the flag that
//! raises the limit, instead of running out of memory half-way.

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
/// text (~16 bytes a cell) and the chart and summary buffers. Measured peak
/// memory stays below this figure (docs/RELIABILITY.md).
pub const BYTES_PER_VALUE: u64 = 64;

/// The estimated size of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Steps recorded (including step 0).
    pub steps: u64,
    /// Series per step: curve tenors + holders + [`OTHER_SERIES`].
    pub series: u64,
    /// Paths kept (1 for a deterministic run).
    pub paths: u64,
    /// Estimated bytes.
    pub bytes: u64,
}

impl Estimate {
    /// The estimate in MiB, rounded up.
    pub fn mb(&self) -> u64 {
        self.bytes.div_ceil(1 << 20)
    }
}

/// Estimates the memory a run of `p` with `paths` paths needs.
pub fn estimate(p: &Params, paths: u64) -> Estimate {
    let steps = p.steps as u64 + 1;
    let series = (p.curve.tenors.len() + p.holders.len() + OTHER_SERIES) as u64;
    let paths = paths.max(1);
    let bytes = steps
        .saturating_mul(series)
        .saturating_mul(paths)
        .saturating_mul(BYTES_PER_VALUE);
    Estimate {
        steps,
        series,
        paths,
        bytes,
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
        write!(
            f,
            "this run would need about {} MB of memory ({} steps × {} series × {} path{} × {} bytes), more than the limit of {} MB; use fewer steps (a longer `time.step` or a shorter `time.horizon_years`), fewer holders or fewer paths, or raise the limit with `--max-memory-mb {}`",
            e.mb(),
            e.steps,
            e.series,
            e.paths,
            if e.paths == 1 { "" } else { "s" },
            BYTES_PER_VALUE,
            self.limit_mb,
            e.mb()
                .next_power_of_two()
                .max(self.limit_mb.saturating_mul(2))
        )
    }
}

/// Refuses a run whose estimate exceeds `limit_mb` MiB.
pub fn check(p: &Params, paths: u64, limit_mb: u64) -> Result<Estimate, OverBudget> {
    let e = estimate(p, paths);
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
        assert!(check(&p, 1, DEFAULT_MAX_MEMORY_MB).is_ok());
        p.steps = 30_000;
        let h = p.holders[0].clone();
        p.holders = vec![h; 10_000];
        let e = check(&p, 1, DEFAULT_MAX_MEMORY_MB).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("--max-memory-mb"), "{msg}");
        assert!(msg.contains("30001 steps × 10013 series"), "{msg}");
        assert!(check(&p, 1, 1 << 20).is_ok());
        assert_eq!(estimate(&p, u64::MAX).bytes, u64::MAX);
    }
}
