//! The engine: runs paths of the model against their baselines.
//!
//! It owns every random number generator (seeded from the scenario seed and
//! the path index, never global) and turns step-by-step paths into series and
//! summary figures. It does no IO.

pub mod budget;
pub mod calendar;
pub mod calibration;
pub mod montecarlo;
pub mod path;
pub mod range;
pub mod sampler;
pub mod scorecard;
pub mod sketch;
pub mod summary;
pub mod sweep;

use crate::model::Params;
use crate::model::debt::Ledger;
use crate::model::optimal;
use calibration::ImpliedImpact;
use path::{Both, PathStep, Recorder};
use rand::SeedableRng;
use summary::{Figures, SummaryAcc};

/// The random number generator of one path: ChaCha8 seeded from (seed, path
/// index) with a distinct stream per path, so path `i` draws the same numbers
/// whichever thread runs it.
pub type PathRng = rand_chacha::ChaCha8Rng;

/// The generator of path `index` under `seed`.
pub fn path_rng(seed: u64, index: u64) -> PathRng {
    let mut rng = PathRng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

/// The result of the deterministic run: every step, the figures, the calibration probe.
#[derive(Debug, Clone)]
pub struct Deterministic {
    /// Every step from step 0.
    pub steps: Vec<PathStep>,
    /// Summary figures.
    pub figures: Figures,
    /// Implied impact of a standard $100B sale under these parameters.
    pub implied: ImpliedImpact,
    /// Share of the starting debt maturing within a year (0..1).
    pub share_maturing_first_year: f64,
    /// Weighted average maturity of the starting ledger (months).
    pub initial_wam_months: f64,
    /// The headline figures under the `low` and `high` calibrations, when
    /// computed ([`range::literature_range`]; `selloff run` does).
    pub range: Option<range::LiteratureRange>,
}

/// Runs the deterministic path of `p`: central values, trigger weights, and
/// no yield noise, so its figures do not depend on `seed` (a noise draw would
/// make the "central" run one random path: docs/MODEL.md, "The central run").
pub fn run_deterministic(p: &Params, seed: u64) -> Deterministic {
    // The path is simulated without noise; the seller's cost comparison
    // still takes the scenario's noise as its yield volatility.
    let quiet;
    let path_params = if p.market.noise_bp_per_sqrt_year != 0.0 {
        let mut q = p.clone();
        q.market.noise_bp_per_sqrt_year = 0.0;
        quiet = q;
        &quiet
    } else {
        p
    };
    let ledger = Ledger::initial(&p.debt, p.dt);
    let mut rec = Recorder::default();
    let mut acc = SummaryAcc::new(path_params);
    let mut rng = path_rng(seed, 0);
    let end = path::simulate(
        path_params,
        &ledger,
        &mut rng,
        &mut Both(&mut rec, &mut acc),
    );
    let year_steps = p.steps_per_year.round() as usize;
    let mut figures = acc.finish(path_params);
    figures.add_path_end(path_params, &end);
    add_schedule_costs(p, &mut figures);
    Deterministic {
        figures,
        steps: rec.steps,
        implied: calibration::implied_per_100bn(p),
        share_maturing_first_year: ledger.share_maturing_within(0, year_steps),
        initial_wam_months: ledger.wam_months(0, p.dt),
        range: None,
    }
}

/// Adds each planned seller's expected cost under its own schedule and under
/// the cheapest schedule of the same total over the same window (alone in the
/// market), for windows of at most [`optimal::MAX_STEPS`] steps.
fn add_schedule_costs(p: &Params, f: &mut Figures) {
    for (i, h) in p.holders.iter().enumerate() {
        let Some(first) = h.sales.iter().position(|v| *v > 0.0) else {
            continue;
        };
        let last = h.sales.iter().rposition(|v| *v > 0.0).unwrap_or(first);
        let window = &h.sales[first..=last];
        if window.len() > optimal::MAX_STEPS {
            continue;
        }
        let total: f64 = window.iter().sum();
        let model = optimal::CostModel::new(p, i, first, window.len());
        let best = model.optimal(total, 0.0);
        let r = &mut f.reactions;
        r.seller_schedule_cost_bn
            .insert(h.name.clone(), model.expected_cost(window));
        r.seller_optimal_cost_bn
            .insert(h.name.clone(), model.expected_cost(&best));
        r.seller_optimal_schedule_bn.insert(h.name.clone(), best);
    }
}
