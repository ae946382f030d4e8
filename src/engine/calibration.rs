//! The implied price impact of a standard sale, so a calibration can be set
//! against the literature (Beltran et al. 2013: $100B less foreign official
//! demand in one month moves the 5-year yield +40–60 bp at first and about
//! +20 bp in the long run).

use crate::model::curve::Interp;
use crate::model::market::{MarketState, StepInputs};
use crate::model::{HolderParams, Params};
use serde::Serialize;

/// Size of the probe sale ($B).
pub const PROBE_BN: f64 = 100.0;
/// Months the probe runs to read the long-run effect.
const LONG_RUN_MONTHS: usize = 240;

/// Yield changes (bp) caused by selling $100B of the reference foreign-official
/// portfolio in one month, at monthly steps, with the scenario's buyers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ImpliedImpact {
    /// 5-year change at the end of the sale month (bp).
    pub one_month_5y_bp: f64,
    /// 10-year change at the end of the sale month (bp).
    pub one_month_10y_bp: f64,
    /// 5-year change once slow buyers have arrived (bp, after 20 years).
    pub long_run_5y_bp: f64,
    /// 10-year change once slow buyers have arrived (bp, after 20 years).
    pub long_run_10y_bp: f64,
}

/// Runs the probe sale against the buyers of `p` (their own sales, triggers,
/// purchase programmes and any backstop removed).
pub fn implied_per_100bn(p: &Params) -> ImpliedImpact {
    let dt = 1.0 / 12.0;
    let steps = LONG_RUN_MONTHS;
    let mut q = p.clone();
    q.dt = dt;
    q.steps = steps;
    q.steps_per_year = 12.0;
    for h in &mut q.holders {
        h.sales = vec![0.0; steps + 1];
        h.adjust_per_step = 1.0 - (-dt / h.adjustment_years).exp();
    }
    let mut sales = vec![0.0; steps + 1];
    sales[1] = PROBE_BN;
    q.holders.push(HolderParams {
        name: "probe".into(),
        label: "probe".into(),
        holdings: PROBE_BN,
        duration: p.market.reference_duration,
        elasticity_per_bp: 0.0,
        adjustment_years: 1.0,
        adjust_per_step: 0.0,
        sales,
        trigger: None,
    });
    q.backstop = None;
    q.issuance = None;
    q.purchases.clear();
    for h in &mut q.holders {
        h.trigger = None;
    }
    let mut m = MarketState::new(&q);
    let first = m.clear(&q, 1, StepInputs::selling()).tp_bp;
    let mut last = first;
    for t in 2..=steps {
        last = m.clear(&q, t, StepInputs::selling()).tp_bp;
    }
    let l5 = Interp::at(&p.curve.tenor_years, 5.0).apply(&p.curve.loadings);
    let l10 = Interp::at(&p.curve.tenor_years, 10.0).apply(&p.curve.loadings);
    ImpliedImpact {
        one_month_5y_bp: first * l5,
        one_month_10y_bp: first * l10,
        long_run_5y_bp: last * l5,
        long_run_10y_bp: last * l10,
    }
}
