//! One simulated path: the scenario run and its baseline run, stepped in lockstep.
//!
//! Both runs use the same engine and share every random draw (the yield
//! noise); the baseline has no sales and no shock. Every `d_` figure is the
//! difference of the two. Observers see each step as a [`PathStep`] and keep
//! what they need, so a Monte Carlo path costs no memory per step.

use crate::model::Params;
use crate::model::curve::{Interp, yields_into};
use crate::model::debt::Ledger;
use crate::model::market::MarketState;
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// What one step of a path looks like, to an observer.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    /// Step index (0 = the start).
    pub t: usize,
    /// Term-premium change of the scenario run (bp).
    pub tp_bp: f64,
    /// Scenario yields by curve tenor (percent).
    pub yields_pct: Vec<f64>,
    /// Baseline yields by curve tenor (percent).
    pub base_yields_pct: Vec<f64>,
    /// Scenario holdings by holder ($B).
    pub holdings: Vec<f64>,
    /// Scenario sales this step by holder ($B).
    pub sold: Vec<f64>,
    /// Scenario annual interest on the ledger ($B a year).
    pub interest_annual: f64,
    /// Baseline annual interest ($B a year).
    pub base_interest_annual: f64,
    /// Scenario marketable debt ($B).
    pub debt: f64,
    /// Baseline marketable debt ($B).
    pub base_debt: f64,
    /// Scenario borrowing this step ($B).
    pub borrowing: f64,
}

impl PathStep {
    /// Change of curve tenor `k` against the baseline (bp).
    #[inline]
    pub fn d_yield_bp(&self, k: usize) -> f64 {
        (self.yields_pct[k] - self.base_yields_pct[k]) * 100.0
    }

    /// Extra annual interest against the baseline ($B a year).
    #[inline]
    pub fn d_interest_annual(&self) -> f64 {
        self.interest_annual - self.base_interest_annual
    }
}

/// Receives every step of a path, in order, from step 0.
pub trait Observer {
    /// Called once per step, step 0 first.
    fn observe(&mut self, p: &Params, s: &PathStep);
}

/// One run's state (scenario or baseline).
struct Run {
    ledger: Ledger,
    debt_yields: Vec<f64>,
}

/// Interpolation of the curve at each debt tenor.
fn debt_interps(p: &Params) -> Vec<Interp> {
    p.debt
        .tenor_years
        .iter()
        .map(|y| Interp::at(&p.curve.tenor_years, *y))
        .collect()
}

/// Runs one path of `p` against its baseline, feeding every step to `obs`.
/// `rng` drives the shared yield noise (unused when the noise is 0).
pub fn simulate<R: Rng + ?Sized>(
    p: &Params,
    ledger: &Ledger,
    rng: &mut R,
    obs: &mut impl Observer,
) {
    let nh = p.holders.len();
    let nk = p.curve.tenors.len();
    let interps = debt_interps(p);
    let mut market = MarketState::new(nh);
    let mut scen = Run {
        ledger: ledger.clone(),
        debt_yields: vec![0.0; interps.len()],
    };
    let mut base = Run {
        ledger: ledger.clone(),
        debt_yields: vec![0.0; interps.len()],
    };
    let interest0 = ledger.annual_interest();
    let debt0 = ledger.face();
    let mut step = PathStep {
        t: 0,
        tp_bp: 0.0,
        yields_pct: p.curve.base_pct.clone(),
        base_yields_pct: p.curve.base_pct.clone(),
        holdings: p.holders.iter().map(|h| h.holdings).collect(),
        sold: vec![0.0; nh],
        interest_annual: interest0,
        base_interest_annual: interest0,
        debt: debt0,
        base_debt: debt0,
        borrowing: 0.0,
    };
    obs.observe(p, &step);

    let noise_sd = p.market.noise_bp_per_sqrt_year * p.dt.sqrt();
    let mut noise_bp = 0.0;
    let mut prev_sold = vec![0.0; nh];
    for t in 1..=p.steps {
        if noise_sd > 0.0 {
            let z: f64 = StandardNormal.sample(rng);
            noise_bp += noise_sd * z;
        }
        // The market clears and yields move; the baseline has no sales, so
        // its term premium never moves.
        let cleared = market.clear(p, t, 1.0);
        yields_into(
            &p.curve,
            cleared.tp_bp,
            |k| p.shock.at(t, k),
            noise_bp,
            &mut step.yields_pct,
        );
        yields_into(&p.curve, 0.0, |_| 0.0, noise_bp, &mut step.base_yields_pct);
        for (j, ip) in interps.iter().enumerate() {
            scen.debt_yields[j] = ip.apply(&step.yields_pct);
            base.debt_yields[j] = ip.apply(&step.base_yields_pct);
        }
        // Maturing debt is refinanced; interest accrues over the step.
        scen.ledger.roll(t, &scen.debt_yields);
        base.ledger.roll(t, &base.debt_yields);
        let i_scen = scen.ledger.annual_interest();
        let i_base = base.ledger.annual_interest();
        // The step's deficit is borrowed at the end of the step.
        let base_debt_before = base.ledger.face();
        let base_borrowing = base_debt_before * p.debt.growth_per_step;
        let scen_borrowing = if p.debt.fiscal_feedback {
            base_borrowing + (i_scen - i_base) * p.dt
        } else {
            base_borrowing
        };
        base.ledger.issue(
            t,
            base_borrowing,
            &p.debt.issuance_shares,
            &base.debt_yields,
        );
        scen.ledger.issue(
            t,
            scen_borrowing,
            &p.debt.issuance_shares,
            &scen.debt_yields,
        );

        step.t = t;
        step.tp_bp = cleared.tp_bp;
        let dollars_per_eq = market.dollars_per_eq();
        for (i, (h, prev)) in p.holders.iter().zip(prev_sold.iter_mut()).enumerate() {
            step.holdings[i] = h.holdings - market.sold[i] + dollars_per_eq * market.bought_eq[i];
            step.sold[i] = market.sold[i] - *prev;
            *prev = market.sold[i];
        }
        step.interest_annual = i_scen;
        step.base_interest_annual = i_base;
        step.debt = scen.ledger.face();
        step.base_debt = base.ledger.face();
        step.borrowing = scen_borrowing;
        debug_assert_eq!(step.yields_pct.len(), nk);
        obs.observe(p, &step);
    }
}

/// An observer that keeps every step: for the deterministic run's CSV and charts.
#[derive(Debug, Default, Clone)]
pub struct Recorder {
    /// Every step, in order from step 0.
    pub steps: Vec<PathStep>,
}

impl Observer for Recorder {
    fn observe(&mut self, _p: &Params, s: &PathStep) {
        self.steps.push(s.clone());
    }
}

/// Feeds each step to two observers.
pub struct Both<'a, A: Observer, B: Observer>(pub &'a mut A, pub &'a mut B);

impl<A: Observer, B: Observer> Observer for Both<'_, A, B> {
    fn observe(&mut self, p: &Params, s: &PathStep) {
        self.0.observe(p, s);
        self.1.observe(p, s);
    }
}
