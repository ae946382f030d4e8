//! Monte Carlo: many paths, each against its own baseline, summarised in
//! bounded memory.
//!
//! Path `i` takes its generator from [`path_rng`]`(seed, i)`: it first draws
//! the path's uncertain parameters (in validation order), then simulates
//! with the same generator (yield noise, shared with its baseline). Every
//! per-step value and every summary figure goes into a [`Sketch`], whose
//! integer counts merge exactly in any order, so the result is identical for
//! any number of threads. Memory grows with the number of steps and the
//! spread of values, never with the number of paths.

use super::path::{Baseline, Observer, PathEnd, PathStep, Workspace};
use super::sampler::RandomSampler;
use super::sketch::Sketch;
use super::summary::{Figures, SummaryAcc};
use super::{Ledger, path_rng};
use crate::model::Params;
use crate::scenario::validate::build_params;
use crate::scenario::{Resolved, ScenarioError};
use rayon::prelude::*;
use std::sync::Mutex;

/// Paths per work unit: the unit of scheduling and of progress reports.
const CHUNK: u64 = 64;

/// How to run a Monte Carlo.
#[derive(Debug, Clone)]
pub struct McOptions {
    /// Number of paths (at least 1).
    pub paths: u64,
    /// Seed of path generators.
    pub seed: u64,
    /// Worker threads (None: one per core). Results do not depend on it.
    pub threads: Option<usize>,
}

/// The distribution of a Monte Carlo run, per step and per summary figure.
#[derive(Debug, Clone)]
pub struct McResult {
    /// Number of paths.
    pub paths: u64,
    /// Seed of the path generators.
    pub seed: u64,
    /// Names of the per-step series: `d_yield_<tenor>_bp`…, `d_interest_annual_bn`, `d_interest_cumulative_bn`.
    pub series: Vec<String>,
    /// Number of steps after step 0.
    pub steps: usize,
    /// Sketches by step and series: index `t * series.len() + s`.
    pub step_sketches: Vec<Sketch>,
    /// Dotted names of the summary figures ([`Figures::scalars`]).
    pub scalar_names: Vec<String>,
    /// One sketch per summary figure.
    pub scalars: Vec<Sketch>,
}

impl McResult {
    /// The sketch of series `s` at step `t`.
    pub fn band(&self, s: usize, t: usize) -> &Sketch {
        &self.step_sketches[t * self.series.len() + s]
    }

    /// Index of a series by name.
    pub fn series_index(&self, name: &str) -> Option<usize> {
        self.series.iter().position(|n| n == name)
    }

    /// The sketch of a summary figure by dotted name.
    pub fn scalar(&self, name: &str) -> Option<&Sketch> {
        self.scalar_names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.scalars[i])
    }

    /// Share of paths (0..1) in which each holder's contagion trigger fired, by holder.
    pub fn trigger_fired_shares(&self) -> Vec<(String, f64)> {
        self.scalar_names
            .iter()
            .zip(&self.scalars)
            .filter_map(|(n, sk)| {
                let holder = n.strip_prefix("trigger_fired.")?;
                let fired: u64 = sk
                    .buckets()
                    .iter()
                    .filter(|(v, _)| *v > 0.5)
                    .map(|(_, c)| c)
                    .sum();
                Some((holder.to_string(), fired as f64 / sk.count().max(1) as f64))
            })
            .collect()
    }

    /// Quantile `q` of a summary figure (NaN when unknown).
    pub fn scalar_quantile(&self, name: &str, q: f64) -> f64 {
        self.scalar(name).map_or(f64::NAN, |s| s.quantile(q))
    }

    /// Approximate heap memory of the sketches (bytes).
    pub fn heap_bytes(&self) -> usize {
        self.step_sketches
            .iter()
            .chain(&self.scalars)
            .map(Sketch::heap_bytes)
            .sum()
    }
}

/// Why a Monte Carlo run failed.
#[derive(Debug, thiserror::Error)]
pub enum McError {
    /// The worker threads could not be started.
    #[error("could not start the worker threads: {0}")]
    Pool(#[from] rayon::ThreadPoolBuildError),
    /// A path's drawn parameters are invalid even after clamping each to its
    /// range (e.g. drawn shares that no longer sum to 1): invalid input.
    #[error(
        "Monte Carlo path {path} drew parameters that do not validate: {error}. Make the distributions consistent (shares must still sum to 1) or write that value as a number."
    )]
    Draw {
        /// The first such path.
        path: u64,
        /// What is wrong with them.
        error: ScenarioError,
    },
}

/// Names of the per-step series of `p`.
pub fn series_names(p: &Params) -> Vec<String> {
    let mut v: Vec<String> = p
        .curve
        .tenors
        .iter()
        .map(|t| format!("d_yield_{t}_bp"))
        .collect();
    v.push("d_interest_annual_bn".into());
    v.push("d_interest_cumulative_bn".into());
    v
}

/// What a group of paths has accumulated.
struct Acc {
    steps: Vec<Sketch>,
    scalars: Vec<Sketch>,
    /// A path's summary values: scratch space reused from path to path.
    values: Vec<f64>,
    /// The memory paths run in, reused from path to path.
    ws: Workspace,
    /// A path's summary accumulator: reset and reused from path to path.
    summary: SummaryAcc,
}

impl Acc {
    fn new(n_steps: usize, n_scalars: usize) -> Acc {
        Acc {
            steps: vec![Sketch::new(); n_steps],
            scalars: vec![Sketch::new(); n_scalars],
            values: Vec::with_capacity(n_scalars),
            ws: Workspace::default(),
            summary: SummaryAcc::default(),
        }
    }

    fn merge(mut self, o: Acc) -> Acc {
        for (a, b) in self.steps.iter_mut().zip(&o.steps) {
            a.merge(b);
        }
        for (a, b) in self.scalars.iter_mut().zip(&o.scalars) {
            a.merge(b);
        }
        self
    }
}

/// Feeds one path's steps into the per-step sketches and its summary accumulator.
struct PathObs<'a> {
    nk: usize,
    cumulative: f64,
    /// The sketches of the steps not yet seen, one row of
    /// [`series_names`] per step: steps come in order from 0.
    rows: std::slice::ChunksExactMut<'a, Sketch>,
    summary: &'a mut SummaryAcc,
}

impl Observer for PathObs<'_> {
    #[inline]
    fn observe(&mut self, p: &Params, s: &PathStep) {
        let row = self.rows.next().expect("one row of sketches per step");
        let (tenor_sketches, interest_sketches) = row.split_at_mut(self.nk);
        // Each tenor's change (`d_yield_bp`).
        for (sk, d) in tenor_sketches.iter_mut().zip(&s.d_yields_bp) {
            sk.add(*d);
        }
        let d = s.d_interest_annual();
        if s.t > 0 {
            self.cumulative += d * p.dt;
        }
        if let [annual, cumulative] = interest_sketches {
            annual.add(d);
            cumulative.add(self.cumulative);
        }
        self.summary.observe(p, s);
    }
}

/// Everything shared by the paths of a run.
struct Shared<'a> {
    r: &'a Resolved,
    uncertain: bool,
    ledger: Ledger,
    /// The central parameters' baseline, when it is the same on every path (no yield noise).
    baseline: Option<Baseline>,
    seed: u64,
    series: usize,
    scalar_names: Vec<String>,
    /// The first (lowest-index) path whose draws did not validate.
    failed: Mutex<Option<(u64, ScenarioError)>>,
}

impl Shared<'_> {
    /// Runs path `i` into `acc`.
    fn path(&self, i: u64, acc: &mut Acc) {
        let mut rng = path_rng(self.seed, i);
        let drawn;
        let p = if self.uncertain {
            let mut sampler = RandomSampler::new(&mut rng);
            match build_params(&self.r.scenario, &self.r.origins, &mut sampler) {
                Ok(p) => drawn = p,
                Err(e) => {
                    let mut f = self.failed.lock().unwrap_or_else(|p| p.into_inner());
                    if f.as_ref().is_none_or(|(j, _)| i < *j) {
                        *f = Some((i, e));
                    }
                    return;
                }
            }
            &drawn
        } else {
            &self.r.params
        };
        let own;
        let central = &self.r.params;
        let (ledger, baseline) = if p.debt == central.debt {
            // The shared baseline fits a path with the central curve, debt, time grid and noise.
            let fits = |_: &&Baseline| {
                p.market.noise_bp_per_sqrt_year == central.market.noise_bp_per_sqrt_year
                    && p.steps == central.steps
                    && p.dt == central.dt
                    && p.steps_per_year == central.steps_per_year
                    && p.curve == central.curve
            };
            (&self.ledger, self.baseline.as_ref().filter(fits))
        } else {
            own = Ledger::initial(&p.debt, p.dt);
            (&own, None)
        };
        acc.summary.reset(p);
        let nk = p.curve.tenors.len();
        debug_assert_eq!(self.series, nk + 2);
        let mut obs = PathObs {
            nk,
            cumulative: 0.0,
            rows: acc.steps.chunks_exact_mut(self.series),
            summary: &mut acc.summary,
        };
        let end = acc.ws.simulate(p, ledger, baseline, &mut rng, &mut obs);
        // Values by position when the path has the central figures (the
        // usual case); by name otherwise (e.g. a drawn trigger that cannot fire).
        obs.summary.scalar_values(p, &end, &mut acc.values);
        if acc.values.len() == self.scalar_names.len() {
            for (x, s) in acc.values.iter().zip(acc.scalars.iter_mut()) {
                s.add(*x);
            }
        } else {
            let mut figures = obs.summary.finish(p);
            figures.add_path_end(p, &end);
            add_scalars(&figures, &self.scalar_names, &mut acc.scalars);
        }
    }
}

/// Adds a path's figures to the scalar sketches, by position when the names line up.
fn add_scalars(f: &Figures, names: &[String], sketches: &mut [Sketch]) {
    let v = f.scalars();
    if v.len() == names.len() {
        for ((_, x), s) in v.iter().zip(sketches.iter_mut()) {
            s.add(*x);
        }
    } else {
        for (n, x) in &v {
            if let Some(i) = names.iter().position(|m| m == n) {
                sketches[i].add(*x);
            }
        }
    }
}

/// Runs `opts.paths` paths of `r`; `progress` is told how many paths finished, chunk by chunk.
pub fn run(
    r: &Resolved,
    opts: &McOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<McResult, McError> {
    let p = &r.params;
    let series = series_names(p);
    let mut central = SummaryAcc::new(p).finish(p);
    central.add_path_end(p, &PathEnd::empty(p));
    let scalar_names: Vec<String> = central.scalars().into_iter().map(|(n, _)| n).collect();
    let ledger = Ledger::initial(&p.debt, p.dt);
    let shared = Shared {
        r,
        uncertain: draws_per_path(r),
        baseline: Baseline::compute(p, &ledger),
        ledger,
        seed: opts.seed,
        series: series.len(),
        scalar_names,
        failed: Mutex::new(None),
    };
    let n_steps = (p.steps + 1) * series.len();
    let n_scalars = shared.scalar_names.len();
    let chunks = opts.paths.max(1).div_ceil(CHUNK);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()?;
    // At most four pieces of work per thread: each piece accumulates into an
    // `Acc` of its own until the pieces are merged, so finer splitting (which
    // rayon does when threads steal work) costs memory without balancing
    // the load any better.
    let min_len = chunks
        .div_ceil(4 * pool.current_num_threads() as u64)
        .max(1) as usize;
    let acc = pool.install(|| {
        (0..chunks as usize)
            .into_par_iter()
            .with_min_len(min_len)
            .fold(
                || Acc::new(n_steps, n_scalars),
                |mut acc, c| {
                    let c = c as u64;
                    let end = ((c + 1) * CHUNK).min(opts.paths.max(1));
                    for i in c * CHUNK..end {
                        shared.path(i, &mut acc);
                    }
                    progress(end - c * CHUNK);
                    acc
                },
            )
            .reduce(|| Acc::new(n_steps, n_scalars), Acc::merge)
    });
    if let Some((path, error)) = shared
        .failed
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
    {
        return Err(McError::Draw { path, error });
    }
    Ok(McResult {
        paths: opts.paths.max(1),
        seed: opts.seed,
        series,
        steps: p.steps,
        step_sketches: acc.steps,
        scalar_names: shared.scalar_names,
        scalars: acc.scalars,
    })
}

/// True when the paths of `r` can differ from one another: some number is a
/// distribution, the yields have noise, or a contagion trigger fires with a
/// probability strictly between 0 and 1. When false, every Monte Carlo path
/// is the central run, bit for bit.
pub fn paths_vary(r: &Resolved) -> bool {
    draws_per_path(r) || r.params.noise_sd_bp_per_step() > 0.0
}

/// True when each path draws something of its own: a number written as a
/// distribution, or whether a trigger with a probability below 1 fires.
fn draws_per_path(r: &Resolved) -> bool {
    r.is_uncertain() || has_random_triggers(&r.params)
}

/// True when a contagion trigger fires with a probability strictly between 0 and 1:
/// then every path draws whether it fires.
fn has_random_triggers(p: &crate::model::Params) -> bool {
    p.holders
        .iter()
        .filter_map(|h| h.trigger.as_ref())
        .any(|t| t.weight > 0.0 && t.weight < 1.0)
}
