//! One simulated path: the scenario run and its baseline run, stepped in lockstep.
//!
//! Both runs use the same engine and share every random draw (the yield
//! noise); the baseline has no sales and no shock. Every `d_` figure is the
//! difference of the two. Observers see each step as a [`PathStep`] and keep
//! what they need, so a Monte Carlo path costs no memory per step.

use crate::model::Params;
use crate::model::curve::{AtMaturities, changes_into, yields_from_changes_into, yields_into};
use crate::model::debt::Ledger;
use crate::model::market::{Cleared, MarketState, StepInputs};
use crate::model::reactions::{FxChannel, IssuanceResponse};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// What one step of a path looks like, to an observer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathStep {
    /// Step index (0 = the start).
    pub t: usize,
    /// Term-premium change of the scenario run (bp).
    pub tp_bp: f64,
    /// Scenario yields by curve tenor (percent).
    pub yields_pct: Vec<f64>,
    /// Baseline yields by curve tenor (percent).
    pub base_yields_pct: Vec<f64>,
    /// Change of each curve tenor against the baseline (bp): the loaded term
    /// premium plus the shock ([`change_bp`](crate::model::curve::change_bp)), exactly; the difference of
    /// the two yields would round it.
    pub d_yields_bp: Vec<f64>,
    /// Scenario holdings by holder ($B), every holder at every step.
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
    /// Backstop purchases this step ($B; negative when it sells back).
    pub backstop_bn: f64,
    /// Whether the Treasury's issuance response is on this step.
    pub issuance_shift_on: bool,
    /// Duration the Treasury has withheld so far by issuing bills instead (10y-eq $B).
    pub withheld_eq_bn: f64,
    /// Exchange rate of the scenario's fx channel, if any (foreign currency per dollar).
    pub fx_level: Option<f64>,
    /// Share of the (scenario, baseline) debt repricing within a year after this
    /// step (0..1); tracked only when the scenario has an issuance response.
    pub repricing_1y: Option<(f64, f64)>,
}

/// What a path leaves at its end, beyond its steps.
#[derive(Debug, Clone, PartialEq)]
pub struct PathEnd {
    /// Share of the scenario's debt that reprices within a year after the last step (0..1).
    pub share_repricing_1y: f64,
    /// The same for the baseline (0..1).
    pub base_share_repricing_1y: f64,
    /// Step at which each holder's contagion trigger fired, if it did.
    pub fired_at: Vec<Option<usize>>,
    /// What the backstop bought in all ($B).
    pub backstop_bought_bn: f64,
}

impl PathEnd {
    /// The end of a path that has not run: nothing fired, nothing bought.
    pub fn empty(p: &Params) -> PathEnd {
        PathEnd {
            share_repricing_1y: 0.0,
            base_share_repricing_1y: 0.0,
            fired_at: vec![None; p.holders.len()],
            backstop_bought_bn: 0.0,
        }
    }
}

impl PathStep {
    /// Change of curve tenor `k` against the baseline (bp).
    #[inline]
    pub fn d_yield_bp(&self, k: usize) -> f64 {
        self.d_yields_bp[k]
    }

    /// Extra annual interest against the baseline ($B a year).
    #[inline]
    pub fn d_interest_annual(&self) -> f64 {
        self.interest_annual - self.base_interest_annual
    }
}

/// Receives every step of a path, in order, from step 0. Every field of
/// the [`PathStep`] it is given is up to date.
pub trait Observer {
    /// Called once per step, step 0 first.
    fn observe(&mut self, p: &Params, s: &PathStep);
}

/// One run's state (scenario or baseline).
#[derive(Debug)]
struct Run {
    ledger: Ledger,
    /// The yield of each debt tenor this step (percent).
    debt_yields: Vec<f64>,
}

/// The baseline run of `p` when nothing random touches it (no yield noise):
/// it has no sales, so its yields, ledger and interest are the same on every
/// path. Computed once per run and shared by the paths whose curve and debt
/// are the ones it was computed for, it halves the ledger work of a path.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// Baseline yields by curve tenor (percent), the same at every step.
    yields_pct: Vec<f64>,
    /// By step from 1 (index `t − 1`): borrowing decided at the start of the step ($B).
    borrowing: Vec<f64>,
    /// By step: annual interest after the rollover ($B a year).
    interest: Vec<f64>,
    /// By step: marketable debt after the step's issuance ($B).
    debt: Vec<f64>,
    /// By step: share of the debt repricing within a year after the step (0..1).
    repricing_1y: Vec<f64>,
}

impl Baseline {
    /// The baseline of `p` starting from `ledger`, or `None` when the yield
    /// noise makes it differ from path to path. Every figure is computed by
    /// the same operations, in the same order, as in the lockstep run.
    pub fn compute(p: &Params, ledger: &Ledger) -> Option<Baseline> {
        if p.noise_sd_bp_per_step() > 0.0 {
            return None;
        }
        let at_debt = AtMaturities::new(&p.curve, &p.shock, &p.debt.tenor_years);
        let year = p.steps_per_year.round() as usize;
        let mut ledger = ledger.clone();
        let mut yields_pct = p.curve.base_pct.clone();
        yields_into(&p.curve, 0.0, |_| 0.0, 0.0, &mut yields_pct);
        let mut debt_yields = vec![0.0; p.debt.tenor_years.len()];
        at_debt.yields_into(0.0, false, 0.0, &mut debt_yields);
        let n = p.steps;
        let mut b = Baseline {
            yields_pct,
            borrowing: Vec::with_capacity(n),
            interest: Vec::with_capacity(n),
            debt: Vec::with_capacity(n),
            repricing_1y: Vec::with_capacity(n),
        };
        for t in 1..=n {
            let borrowing = ledger.face() * p.debt.growth_per_step;
            ledger.roll(t, &debt_yields);
            b.borrowing.push(borrowing);
            b.interest.push(ledger.annual_interest());
            ledger.issue(t, borrowing, &p.debt.issuance_shares, &debt_yields);
            b.debt.push(ledger.face());
            b.repricing_1y.push(ledger.share_maturing_within(t, year));
        }
        Some(b)
    }
}

/// The baseline a path is measured against: shared by every path, or run
/// in lockstep with the scenario (when the yield noise, which both runs
/// share, makes it differ from path to path).
enum BaselineRun<'a> {
    /// Computed beforehand ([`Baseline::compute`]).
    Shared(&'a Baseline),
    /// Stepped here, with the scenario's noise.
    Lockstep(&'a mut Run),
}

impl BaselineRun<'_> {
    /// Borrowing decided at the start of step `t` ($B): the deficit, a share of the debt.
    fn borrowing(&self, p: &Params, t: usize) -> f64 {
        match self {
            BaselineRun::Shared(b) => b.borrowing[t - 1],
            BaselineRun::Lockstep(run) => run.ledger.face() * p.debt.growth_per_step,
        }
    }

    /// Rolls step `t` over at the baseline's yields, writes them (percent by
    /// curve tenor) to `yields_pct` (which holds step `t − 1`'s), and returns the annual interest after
    /// the rollover ($B a year).
    fn roll(
        &mut self,
        p: &Params,
        t: usize,
        at_debt: &AtMaturities,
        noise_bp: f64,
        yields_pct: &mut [f64],
    ) -> f64 {
        match self {
            BaselineRun::Shared(b) => {
                // The same at every step: written once, at the first.
                if t == 1 {
                    yields_pct.copy_from_slice(&b.yields_pct);
                }
                b.interest[t - 1]
            }
            BaselineRun::Lockstep(run) => {
                yields_into(&p.curve, 0.0, |_| 0.0, noise_bp, yields_pct);
                at_debt.yields_into(0.0, false, noise_bp, &mut run.debt_yields);
                run.ledger.roll(t, &run.debt_yields);
                run.ledger.annual_interest()
            }
        }
    }

    /// Issues step `t`'s `borrowing` ($B) in the scenario's own mix.
    fn issue(&mut self, p: &Params, t: usize, borrowing: f64) {
        if let BaselineRun::Lockstep(run) = self {
            let shares = &p.debt.issuance_shares;
            run.ledger.issue(t, borrowing, shares, &run.debt_yields);
        }
    }

    /// Marketable debt after step `t`'s issuance ($B).
    fn debt(&self, t: usize) -> f64 {
        match self {
            BaselineRun::Shared(b) => b.debt[t - 1],
            BaselineRun::Lockstep(run) => run.ledger.face(),
        }
    }

    /// Share of the debt repricing within `year` steps after step `t` (0..1);
    /// `start` is the ledger the path started from.
    fn repricing(&self, t: usize, year: usize, start: &Ledger) -> f64 {
        match self {
            BaselineRun::Shared(b) if t > 0 => b.repricing_1y[t - 1],
            BaselineRun::Shared(_) => start.share_maturing_within(t, year),
            BaselineRun::Lockstep(run) => run.ledger.share_maturing_within(t, year),
        }
    }
}

/// Runs one path of `p` against its baseline, feeding every step to `obs`.
/// `rng` drives the shared yield noise (unused when the noise is 0).
pub fn simulate<R: Rng + ?Sized>(
    p: &Params,
    ledger: &Ledger,
    rng: &mut R,
    obs: &mut impl Observer,
) -> PathEnd {
    let base = Baseline::compute(p, ledger);
    Workspace::default().simulate(p, ledger, base.as_ref(), rng, obs)
}

/// The memory a path runs in, kept from path to path: a Monte Carlo gives
/// each worker one, so that a path allocates nothing. Nothing a previous
/// path left in it changes a result.
#[derive(Debug, Default)]
pub struct Workspace {
    market: Option<MarketState>,
    scen: Option<Run>,
    lockstep: Option<Run>,
    step: PathStep,
    at_debt: AtMaturities,
    issuance: IssuanceResponse,
    /// Each holder's cumulative sales at the previous step ($B).
    prev_sold: Vec<f64>,
}

/// `slot`'s run, reset to start from `ledger` (allocated on first use).
fn run_from<'a>(slot: &'a mut Option<Run>, ledger: &Ledger, n_yields: usize) -> &'a mut Run {
    match slot {
        Some(run) => {
            run.ledger.clone_from(ledger);
            run.debt_yields.clear();
            run.debt_yields.resize(n_yields, 0.0);
            run
        }
        None => slot.insert(Run {
            ledger: ledger.clone(),
            debt_yields: vec![0.0; n_yields],
        }),
    }
}

/// Copies `src` into `dst`, reusing `dst`'s memory.
fn copy_into(dst: &mut Vec<f64>, src: impl IntoIterator<Item = f64>) {
    dst.clear();
    dst.extend(src);
}

impl PathStep {
    /// Makes this step 0 of a path of `p` from `ledger`: nothing sold, both
    /// runs at the starting curve and ledger.
    fn start(&mut self, p: &Params, ledger: &Ledger) {
        let nk = p.curve.base_pct.len();
        self.t = 0;
        self.tp_bp = 0.0;
        copy_into(&mut self.yields_pct, p.curve.base_pct.iter().copied());
        copy_into(&mut self.base_yields_pct, p.curve.base_pct.iter().copied());
        copy_into(&mut self.d_yields_bp, std::iter::repeat_n(0.0, nk));
        copy_into(&mut self.holdings, p.holders.iter().map(|h| h.holdings));
        copy_into(&mut self.sold, std::iter::repeat_n(0.0, p.holders.len()));
        self.interest_annual = ledger.annual_interest();
        self.base_interest_annual = self.interest_annual;
        self.debt = ledger.face();
        self.base_debt = self.debt;
        self.borrowing = 0.0;
        self.backstop_bn = 0.0;
        self.issuance_shift_on = false;
        self.withheld_eq_bn = 0.0;
        self.fx_level = p.fx.as_ref().map(|f| f.start_level);
        self.repricing_1y = None;
    }
}

impl PathStep {
    /// Records the market's side of step `t`, as `market` cleared it
    /// (`cleared`): holdings, this step's sales (from each seller's
    /// cumulative sales at the last step, `prev_sold`, then updated),
    /// the backstop and the duration withheld.
    fn record_market(
        &mut self,
        p: &Params,
        t: usize,
        market: &MarketState,
        cleared: &Cleared,
        prev_sold: &mut [f64],
    ) {
        self.t = t;
        self.tp_bp = cleared.tp_bp;
        market.holdings_into(p, &mut self.holdings);
        // Holders that never sell keep a sale of 0.
        for &i in market.sellers() {
            self.sold[i] = market.sold[i] - prev_sold[i];
            prev_sold[i] = market.sold[i];
        }
        self.backstop_bn = cleared.backstop_bn;
        self.withheld_eq_bn = market.withheld_eq_total;
    }
}

impl Workspace {
    /// Runs one path of `p` against its baseline, feeding every step to
    /// `obs`, with the baseline computed beforehand when it is the same on
    /// every path: `base` must be [`Baseline::compute`]`(q, ledger)` for a
    /// `q` with the same curve, debt, steps and step length as `p` (or
    /// `None`: the baseline is then stepped in lockstep with the scenario).
    /// Results are identical either way, and whatever a previous path left
    /// in the workspace; `rng` drives the shared yield noise.
    ///
    /// Each step follows docs/MODEL.md: the Treasury decides its issuance
    /// on the last step's 10-year change, the market clears, the curve
    /// moves, both runs roll their maturing debt over and issue the step's
    /// borrowing, and the reactions that follow a step (the yen) move.
    pub fn simulate<R: Rng + ?Sized>(
        &mut self,
        p: &Params,
        ledger: &Ledger,
        base: Option<&Baseline>,
        rng: &mut R,
        obs: &mut impl Observer,
    ) -> PathEnd {
        let Workspace {
            market,
            scen,
            lockstep,
            step,
            at_debt,
            issuance,
            prev_sold,
        } = self;
        at_debt.reset(&p.curve, &p.shock, &p.debt.tenor_years);
        issuance.reset(p);
        let market = match market {
            Some(m) => {
                m.reset(p);
                m
            }
            None => market.insert(MarketState::new(p)),
        };
        let n_debt = p.debt.tenor_years.len();
        let scen = run_from(scen, ledger, n_debt);
        let mut base = match base {
            Some(b) => BaselineRun::Shared(b),
            None => BaselineRun::Lockstep(run_from(lockstep, ledger, n_debt)),
        };
        copy_into(prev_sold, std::iter::repeat_n(0.0, p.holders.len()));
        let (k10, year) = (p.ten_year_index(), p.steps_per_year.round() as usize);
        let noise_sd = p.noise_sd_bp_per_step();
        let (mut noise_bp, mut fx) = (0.0, FxChannel::default());
        step.start(p, ledger);
        obs.observe(p, step);
        // Buyers' capacity relative to the start (Params::capacity_at, step by step).
        let (growth, mut capacity) = (p.capacity_growth(), 1.0);
        for t in 1..=p.steps {
            if t > 1 {
                capacity *= growth;
            }
            if noise_sd > 0.0 {
                let z: f64 = StandardNormal.sample(rng);
                noise_bp += noise_sd * z;
            }
            // The Treasury's issuance response, decided on the last step's 10-year rise.
            let prev_d10 = step.d_yields_bp[k10];
            let base_borrowing = base.borrowing(p, t);
            let issue = issuance.step(p, t, prev_d10, &scen.ledger, base_borrowing);
            // Sellers sell, buyers buy, the market clears (triggers and the
            // backstop inside); the baseline has no sales, so its term premium never moves.
            let inputs = StepInputs {
                sell: true,
                prev_d10_bp: prev_d10,
                shock10_bp: p.shock.at(t, k10),
                withheld_eq: issue.withheld_eq,
                capacity,
            };
            let cleared = market.clear(p, t, inputs);
            // The curve moves: the term premium by tenor, the shock, the shared noise.
            let shock = |k| p.shock.at(t, k);
            changes_into(&p.curve, cleared.tp_bp, shock, &mut step.d_yields_bp);
            yields_from_changes_into(&p.curve, &step.d_yields_bp, noise_bp, &mut step.yields_pct);
            let shocked = p.shock.applies(t);
            at_debt.yields_into(cleared.tp_bp, shocked, noise_bp, &mut scen.debt_yields);
            // Both runs refinance their maturing debt; interest accrues over the step.
            if issue.shift > 0.0 {
                let bills = issuance.bills();
                scen.ledger
                    .roll_shifted(t, &scen.debt_yields, issue.shift, bills);
            } else {
                scen.ledger.roll(t, &scen.debt_yields);
            }
            let i_scen = scen.ledger.annual_interest();
            let i_base = base.roll(p, t, at_debt, noise_bp, &mut step.base_yields_pct);
            // The step's deficit is borrowed at the end of the step.
            let mut scen_borrowing = base_borrowing;
            if p.debt.fiscal_feedback {
                scen_borrowing += (i_scen - i_base) * p.dt;
            }
            base.issue(p, t, base_borrowing);
            let shares = issuance.shares(p, issue.shift);
            scen.ledger
                .issue(t, scen_borrowing, shares, &scen.debt_yields);

            step.record_market(p, t, market, &cleared, prev_sold);
            step.interest_annual = i_scen;
            step.base_interest_annual = i_base;
            step.debt = scen.ledger.face();
            step.base_debt = base.debt(t);
            step.borrowing = scen_borrowing;
            step.issuance_shift_on = issue.shift > 0.0;
            if p.issuance.is_some() {
                let scen_share = scen.ledger.share_maturing_within(t, year);
                step.repricing_1y = Some((scen_share, base.repricing(t, year, ledger)));
            }
            // The yen moves with what its holder sold.
            if let Some(f) = &p.fx {
                step.fx_level = Some(fx.step(f, step.sold[f.holder]));
            }
            obs.observe(p, step);
        }
        PathEnd {
            share_repricing_1y: scen.ledger.share_maturing_within(p.steps, year),
            base_share_repricing_1y: base.repricing(p.steps, year, ledger),
            fired_at: market.triggers.fired_at.clone(),
            backstop_bought_bn: market.backstop.bought_bn,
        }
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
