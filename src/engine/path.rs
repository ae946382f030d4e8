//! One simulated path: the scenario run and its baseline run, stepped in lockstep.
//!
//! Both runs use the same engine and share every random draw (the yield
//! noise); the baseline has no sales and no shock. Every `d_` figure is the
//! difference of the two. Observers see each step as a [`PathStep`] and keep
//! what they need, so a Monte Carlo path costs no memory per step.

use crate::model::Params;
use crate::model::curve::{AtMaturities, changes_into, yields_from_changes_into, yields_into};
use crate::model::debt::{Ledger, par_duration};
use crate::model::market::{MarketState, StepInputs};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// What one step of a path looks like, to an observer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathStep {
    /// Step index (0 = the start).
    pub t: usize,
    /// Term-premium change of the scenario run (bp).
    pub tp_bp: f64,
    /// Scenario yields by curve tenor (percent). Empty after step 0 when the
    /// observer does not read levels ([`Observer::reads_yield_levels`]).
    pub yields_pct: Vec<f64>,
    /// Baseline yields by curve tenor (percent). Empty after step 0 when the
    /// observer does not read levels ([`Observer::reads_yield_levels`]).
    pub base_yields_pct: Vec<f64>,
    /// Change of each curve tenor against the baseline (bp): the loaded term
    /// premium plus the shock ([`change_bp`](crate::model::curve::change_bp)), exactly; the difference of
    /// the two yields would round it.
    pub d_yields_bp: Vec<f64>,
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

/// Receives every step of a path, in order, from step 0.
pub trait Observer {
    /// Called once per step, step 0 first.
    fn observe(&mut self, p: &Params, s: &PathStep);

    /// Whether this observer reads every holder's [`PathStep::holdings`] at
    /// every step (the default). When it does not, the path keeps them up to
    /// date at every step only for the holders that may sell
    /// ([`MarketState::sellers`]), and for every holder at step 0 and at the
    /// last step: a Monte Carlo path skips the rest.
    fn all_holdings_each_step(&self) -> bool {
        true
    }

    /// Whether this observer reads [`PathStep::yields_pct`] and
    /// [`PathStep::base_yields_pct`] (the default). When it does not, the
    /// path fills them at step 0 only and leaves them empty from step 1, and
    /// computes each step's changes against the baseline alone: a Monte
    /// Carlo path, whose observers read only changes, skips the levels.
    fn reads_yield_levels(&self) -> bool {
        true
    }
}

/// One run's state (scenario or baseline).
#[derive(Debug)]
struct Run {
    ledger: Ledger,
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

/// Runs one path of `p` against its baseline, feeding every step to `obs`.
/// `rng` drives the shared yield noise (unused when the noise is 0).
pub fn simulate<R: Rng + ?Sized>(
    p: &Params,
    ledger: &Ledger,
    rng: &mut R,
    obs: &mut impl Observer,
) -> PathEnd {
    let base = Baseline::compute(p, ledger);
    simulate_with(p, ledger, base.as_ref(), rng, obs)
}

/// Like [`simulate`], with the baseline computed beforehand when it is the
/// same on every path: `base` must be [`Baseline::compute`]`(q, ledger)` for
/// a `q` with the same curve, debt, steps and step length as `p` (or `None`:
/// the baseline is then stepped in lockstep with the scenario). Results are
/// identical either way.
pub fn simulate_with<R: Rng + ?Sized>(
    p: &Params,
    ledger: &Ledger,
    base: Option<&Baseline>,
    rng: &mut R,
    obs: &mut impl Observer,
) -> PathEnd {
    Workspace::default().simulate(p, ledger, base, rng, obs)
}

/// The memory a path runs in, kept from path to path: a Monte Carlo gives
/// each worker one, so that a path allocates nothing. Nothing a previous
/// path left in it changes a result.
#[derive(Debug, Default)]
pub struct Workspace {
    market: Option<MarketState>,
    scen: Option<Run>,
    lockstep: Option<Run>,
    step: Option<PathStep>,
    at_debt: AtMaturities,
    durations: Vec<f64>,
    prev_sold: Vec<f64>,
    scen_shares: Vec<f64>,
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

impl Workspace {
    /// [`simulate_with`] in this workspace's memory: the same result.
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
            durations,
            prev_sold,
            scen_shares,
        } = self;
        let nh = p.holders.len();
        // The curve (and the shock) seen at each debt tenor.
        at_debt.reset(&p.curve, &p.shock, &p.debt.tenor_years);
        let at_debt: &AtMaturities = at_debt;
        let n_debt = p.debt.tenor_years.len();
        let k10 = p.ten_year_index();
        let bills = p
            .debt
            .tenor_years
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(k, _)| k)
            .unwrap_or(0);
        // Each debt tenor's duration, read only by the issuance response.
        durations.clear();
        if p.issuance.is_some() {
            durations.extend(p.debt.tenor_years.iter().map(|y| par_duration(*y)));
        }
        let durations: &[f64] = durations;
        let market = match market {
            Some(m) => {
                m.reset(p);
                m
            }
            None => market.insert(MarketState::new(p)),
        };
        let scen = run_from(scen, ledger, n_debt);
        // The baseline in lockstep, when it was not computed beforehand.
        let mut lockstep = match base {
            None => Some(run_from(lockstep, ledger, n_debt)),
            Some(_) => None,
        };
        let interest0 = ledger.annual_interest();
        let debt0 = ledger.face();
        let step = step.get_or_insert_with(PathStep::default);
        step.t = 0;
        step.tp_bp = 0.0;
        copy_into(&mut step.yields_pct, p.curve.base_pct.iter().copied());
        copy_into(&mut step.base_yields_pct, p.curve.base_pct.iter().copied());
        copy_into(
            &mut step.d_yields_bp,
            std::iter::repeat_n(0.0, p.curve.base_pct.len()),
        );
        copy_into(&mut step.holdings, p.holders.iter().map(|h| h.holdings));
        copy_into(&mut step.sold, std::iter::repeat_n(0.0, nh));
        step.interest_annual = interest0;
        step.base_interest_annual = interest0;
        step.debt = debt0;
        step.base_debt = debt0;
        step.borrowing = 0.0;
        step.backstop_bn = 0.0;
        step.issuance_shift_on = false;
        step.withheld_eq_bn = 0.0;
        step.fx_level = p.fx.as_ref().map(|f| f.start_level);
        step.repricing_1y = None;
        let year = p.steps_per_year.round() as usize;
        let all_holdings = obs.all_holdings_each_step();
        let levels = obs.reads_yield_levels();
        obs.observe(p, step);
        if !levels {
            step.yields_pct.clear();
            step.base_yields_pct.clear();
        }

        let noise_sd = p.noise_sd_bp_per_step();
        let mut noise_bp = 0.0;
        copy_into(prev_sold, std::iter::repeat_n(0.0, nh));
        let mut fx_effect_pct = 0.0;
        copy_into(scen_shares, p.debt.issuance_shares.iter().copied());
        let mut last_shift = 0.0;
        for t in 1..=p.steps {
            if noise_sd > 0.0 {
                let z: f64 = StandardNormal.sample(rng);
                noise_bp += noise_sd * z;
            }
            let prev_d10 = step.d_yield_bp(k10);
            let base_borrowing = match (base, &lockstep) {
                (Some(b), _) => b.borrowing[t - 1],
                (None, Some(run)) => run.ledger.face() * p.debt.growth_per_step,
                (None, None) => unreachable!("the baseline is either given or stepped"),
            };
            // The Treasury's issuance response, decided on last step's 10-year rise.
            let shift = match &p.issuance {
                Some(r) if prev_d10 >= r.threshold_bp => r.bills_shift,
                _ => 0.0,
            };
            let mut withheld_eq = 0.0;
            if shift > 0.0 {
                let maturing = scen.ledger.maturing(t);
                for (k, d) in durations.iter().enumerate() {
                    if k != bills {
                        let face = maturing[k] + base_borrowing * p.debt.issuance_shares[k];
                        withheld_eq +=
                            shift * face * (d - durations[bills]) / p.market.ten_year_duration;
                    }
                }
            }
            // The market clears and yields move; the baseline has no sales, so
            // its term premium never moves.
            let cleared = market.clear(
                p,
                t,
                StepInputs {
                    sell: true,
                    prev_d10_bp: prev_d10,
                    shock10_bp: p.shock.at(t, k10),
                    withheld_eq,
                },
            );
            changes_into(
                &p.curve,
                cleared.tp_bp,
                |k| p.shock.at(t, k),
                &mut step.d_yields_bp,
            );
            if levels {
                yields_from_changes_into(
                    &p.curve,
                    &step.d_yields_bp,
                    noise_bp,
                    &mut step.yields_pct,
                );
            }
            at_debt.yields_into(
                cleared.tp_bp,
                p.shock.applies(t),
                noise_bp,
                &mut scen.debt_yields,
            );
            // Maturing debt is refinanced; interest accrues over the step.
            if shift > 0.0 {
                scen.ledger.roll_shifted(t, &scen.debt_yields, shift, bills);
            } else {
                scen.ledger.roll(t, &scen.debt_yields);
            }
            let i_scen = scen.ledger.annual_interest();
            let i_base = match (base, &mut lockstep) {
                (Some(b), _) => {
                    if t == 1 && levels {
                        step.base_yields_pct.copy_from_slice(&b.yields_pct);
                    }
                    b.interest[t - 1]
                }
                (None, Some(run)) => {
                    if levels {
                        yields_into(&p.curve, 0.0, |_| 0.0, noise_bp, &mut step.base_yields_pct);
                    }
                    at_debt.yields_into(0.0, false, noise_bp, &mut run.debt_yields);
                    run.ledger.roll(t, &run.debt_yields);
                    run.ledger.annual_interest()
                }
                (None, None) => unreachable!("the baseline is either given or stepped"),
            };
            // The step's deficit is borrowed at the end of the step.
            let scen_borrowing = if p.debt.fiscal_feedback {
                base_borrowing + (i_scen - i_base) * p.dt
            } else {
                base_borrowing
            };
            if let Some(run) = &mut lockstep {
                run.ledger
                    .issue(t, base_borrowing, &p.debt.issuance_shares, &run.debt_yields);
            }
            if shift != last_shift || t == 1 {
                for (k, s) in scen_shares.iter_mut().enumerate() {
                    let own = p.debt.issuance_shares[k];
                    *s = if k == bills {
                        own + shift * (1.0 - own)
                    } else {
                        own * (1.0 - shift)
                    };
                }
                last_shift = shift;
            }
            scen.ledger
                .issue(t, scen_borrowing, scen_shares, &scen.debt_yields);

            step.t = t;
            step.tp_bp = cleared.tp_bp;
            let every_holding = all_holdings || t == p.steps;
            if every_holding {
                market.holdings_into(p, &mut step.holdings);
            }
            // Holders that never sell keep a cumulative sale of 0.
            for &i in market.sellers() {
                if !every_holding {
                    step.holdings[i] = market.holdings(p, i);
                }
                step.sold[i] = market.sold[i] - prev_sold[i];
                prev_sold[i] = market.sold[i];
            }
            step.interest_annual = i_scen;
            step.base_interest_annual = i_base;
            step.debt = scen.ledger.face();
            step.base_debt = match (base, &lockstep) {
                (Some(b), _) => b.debt[t - 1],
                (_, Some(run)) => run.ledger.face(),
                (None, None) => unreachable!("the baseline is either given or stepped"),
            };
            step.borrowing = scen_borrowing;
            step.backstop_bn = cleared.backstop_bn;
            step.issuance_shift_on = shift > 0.0;
            step.withheld_eq_bn = market.withheld_eq_total;
            if p.issuance.is_some() {
                let base_share = match (base, &lockstep) {
                    (Some(b), _) => b.repricing_1y[t - 1],
                    (_, Some(run)) => run.ledger.share_maturing_within(t, year),
                    (None, None) => unreachable!("the baseline is either given or stepped"),
                };
                step.repricing_1y = Some((scen.ledger.share_maturing_within(t, year), base_share));
            }
            if let Some(fx) = &p.fx {
                fx_effect_pct =
                    fx_effect_pct * fx.decay_per_step + fx.pct_per_bn * step.sold[fx.holder];
                step.fx_level = Some(fx.start_level * (1.0 + fx_effect_pct / 100.0).max(0.01));
            }
            obs.observe(p, step);
        }
        let base_share_repricing_1y = match (base, &lockstep) {
            (Some(b), _) if p.steps > 0 => b.repricing_1y[p.steps - 1],
            (_, Some(run)) => run.ledger.share_maturing_within(p.steps, year),
            _ => ledger.share_maturing_within(p.steps, year),
        };
        PathEnd {
            share_repricing_1y: scen.ledger.share_maturing_within(p.steps, year),
            base_share_repricing_1y,
            fired_at: market.fired_at.clone(),
            backstop_bought_bn: market.backstop_bought_bn,
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

    fn all_holdings_each_step(&self) -> bool {
        self.0.all_holdings_each_step() || self.1.all_holdings_each_step()
    }

    fn reads_yield_levels(&self) -> bool {
        self.0.reads_yield_levels() || self.1.reads_yield_levels()
    }
}
