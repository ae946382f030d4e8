//! The literature's range of a result: the scenario's deterministic run
//! again under the `low` and `high` calibrations (docs/MODEL.md §7), so every
//! headline figure can be given with the range the published estimates
//! span. Two more deterministic runs: cheap beside a Monte Carlo. No IO.

use super::run_deterministic;
use crate::model::Params;
use crate::scenario::schema::{HIGH_IMPACT, Impact, LOW_IMPACT};
use serde::Serialize;

/// The headline figures of one run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Headline {
    /// Largest 10-year change against the baseline, with its sign (bp).
    pub peak_d_yield_10y_bp: f64,
    /// 10-year change at the last step (bp).
    pub end_d_yield_10y_bp: f64,
    /// Extra interest paid in the first twelve months ($B).
    pub d_interest_first_year_bn: f64,
    /// Extra interest paid over the first ten years or the horizon ($B).
    pub d_interest_10y_cumulative_bn: f64,
}

/// The headline figures under the `low` and `high` calibrations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LiteratureRange {
    /// Under the `low` calibration.
    pub low: Headline,
    /// Under the `high` calibration.
    pub high: Headline,
}

/// `p` under the calibration multipliers `m` instead of its own: the flow
/// premium × `m.flow`, every elasticity ÷ `m.stock` (each relative to the
/// multipliers `p` carries).
pub fn with_impact(p: &Params, m: Impact) -> Params {
    let mut q = p.clone();
    q.market.flow.bp_per_eq_bn *= m.flow / p.market.flow_multiplier;
    q.market.flow_multiplier = m.flow;
    let stock = m.stock / p.market.stock_multiplier;
    q.market.stock_multiplier = m.stock;
    for h in &mut q.holders {
        h.elasticity_per_bp /= stock;
    }
    q
}

/// The headline figures of `p`'s deterministic run (10-year: tenor `10y`).
fn headline(p: &Params, seed: u64) -> Option<Headline> {
    let f = run_deterministic(p, seed).figures;
    let h = Headline {
        peak_d_yield_10y_bp: *f.peak_d_yield_bp.get("10y")?,
        end_d_yield_10y_bp: *f.end_d_yield_bp.get("10y")?,
        d_interest_first_year_bn: f.d_interest_first_year_bn,
        d_interest_10y_cumulative_bn: f.d_interest_10y_cumulative_bn,
    };
    let all = [
        h.peak_d_yield_10y_bp,
        h.end_d_yield_10y_bp,
        h.d_interest_first_year_bn,
        h.d_interest_10y_cumulative_bn,
    ];
    all.iter().all(|v| v.is_finite()).then_some(h)
}

/// The literature's range of `p`'s headline figures: its deterministic run
/// under the `low` and `high` calibrations; `None` when the curve has no
/// 10-year tenor or a run gives a figure that is not finite.
pub fn literature_range(p: &Params, seed: u64) -> Option<LiteratureRange> {
    Some(LiteratureRange {
        low: headline(&with_impact(p, LOW_IMPACT), seed)?,
        high: headline(&with_impact(p, HIGH_IMPACT), seed)?,
    })
}
