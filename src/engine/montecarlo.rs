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
    /// The sketches outgrew the memory allowed them: the run was stopped.
    #[error(
        "stopped after {paths_done} of {paths} paths: the Monte Carlo's bands had grown to {used_mb} MB, over the {limit_mb} MB this run may use (the estimate was too low for this scenario's spread); nothing was written. Run fewer steps (a longer `time.step` or a shorter `time.horizon_years`) or raise the limit with `--max-memory-mb`"
    )]
    Memory {
        /// Paths finished when it stopped.
        paths_done: u64,
        /// Paths asked for.
        paths: u64,
        /// Memory of the sketches when it stopped (MiB).
        used_mb: u64,
        /// What they were allowed (MiB).
        limit_mb: u64,
    },
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
    /// Bytes of sketches last added to the run's memory count ([`Guard`]).
    counted: u64,
}

impl Acc {
    fn new(n_steps: usize, n_scalars: usize) -> Acc {
        Acc {
            steps: vec![Sketch::new(); n_steps],
            scalars: vec![Sketch::new(); n_scalars],
            values: Vec::with_capacity(n_scalars),
            ws: Workspace::default(),
            summary: SummaryAcc::default(),
            counted: 0,
        }
    }

    /// Heap bytes of the sketches' counts, plus their fixed size.
    fn sketch_bytes(&self) -> u64 {
        let counts: usize = self
            .steps
            .iter()
            .chain(&self.scalars)
            .map(Sketch::heap_bytes)
            .sum();
        (counts + (self.steps.len() + self.scalars.len()) * std::mem::size_of::<Sketch>()) as u64
    }

    /// True when no path has been added (the reduction's starting value).
    fn is_empty(&self) -> bool {
        self.steps
            .iter()
            .chain(&self.scalars)
            .all(|s| s.count() == 0)
    }

    fn merge(mut self, o: Acc) -> Acc {
        // The reduction starts from an empty accumulator: it takes the first
        // piece whole instead of copying it into the empty one (the copy
        // held a second set of sketches at the peak; the result is the same).
        if self.is_empty() {
            return o;
        }
        if o.is_empty() {
            return self;
        }
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

/// Everything a run's paths share, with its sketch layout: (shared, series names).
fn prepare(r: &Resolved, seed: u64) -> (Shared<'_>, Vec<String>) {
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
        seed,
        series: series.len(),
        scalar_names,
        failed: Mutex::new(None),
    };
    (shared, series)
}

/// The worker pool of a run, and how many chunks of paths each piece of work takes.
fn pool_and_piece(opts: &McOptions) -> Result<(rayon::ThreadPool, usize), McError> {
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
    Ok((pool, min_len))
}

/// Paths a memory pilot runs ([`estimate_sketch_bytes`]): a quarter, then the rest.
const PILOT_PATHS: u64 = 32;

/// Estimates the peak memory (bytes) of a Monte Carlo run's sketches from a
/// pilot of [`PILOT_PATHS`] paths (fewer when the run has fewer).
///
/// A sketch's memory is the span of the values it has seen, which depends on
/// the scenario (noise, distributions, horizon) and widens as more paths
/// reach further into the tails: roughly by the same amount each time the
/// number of paths doubles. So the pilot measures its sketches after 8 and
/// after 32 paths, and each of the run's pieces of work (each with its own
/// sketches, `paths / pieces` paths) is projected as
/// `bytes(32) + (bytes(32) − bytes(8)) / 2 × log2(paths per piece / 32)`, capped
/// at the largest a sketch can be, times the pieces alive at once. The estimate is checked against measured
/// peaks in docs/RELIABILITY.md ("Memory").
pub fn estimate_sketch_bytes(r: &Resolved, opts: &McOptions) -> u64 {
    let (shared, series) = prepare(r, opts.seed);
    let n_steps = (r.params.steps + 1) * series.len();
    let n_sketches = (n_steps + shared.scalar_names.len()) as u64;
    let mut acc = Acc::new(n_steps, shared.scalar_names.len());
    let pilot = opts.paths.clamp(1, PILOT_PATHS);
    let quarter = pilot.div_ceil(4);
    (0..quarter).for_each(|i| shared.path(i, &mut acc));
    let at_quarter = acc.sketch_bytes() as f64;
    (quarter..pilot).for_each(|i| shared.path(i, &mut acc));
    let at_pilot = acc.sketch_bytes() as f64;
    // The growth per doubling, averaged over the pilot's two doublings: a
    // span that saturates early (contagion's few trigger outcomes) is not
    // projected from its first jump alone.
    let growth = (at_pilot - at_quarter).max(0.0) / 2.0;
    let Ok((pool, min_len)) = pool_and_piece(opts) else {
        return at_pilot as u64;
    };
    let chunks = opts.paths.max(1).div_ceil(CHUNK);
    let pieces = chunks.div_ceil(min_len as u64).max(1);
    // Pieces alive at once: rayon folds a piece per thread and merges each
    // finished pair as the halves of its split return, so about two per
    // thread (the one being filled and one finished, waiting for its pair).
    let alive = pieces.min(2 * pool.current_num_threads() as u64);
    let per_piece = opts.paths.max(1) as f64 / pieces as f64;
    let doublings = (per_piece / pilot as f64).max(1.0).log2();
    let cap = n_sketches as f64 * (Sketch::MAX_BYTES + std::mem::size_of::<Sketch>() as u64) as f64;
    let one = (at_pilot + growth * doublings).min(cap);
    (one * alive as f64) as u64
}

/// Runs `opts.paths` paths of `r`; `progress` is told how many paths finished, chunk by chunk.
pub fn run(
    r: &Resolved,
    opts: &McOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<McResult, McError> {
    run_within(r, opts, u64::MAX, progress)
}

/// Counts the memory of every piece's sketches as the run goes, and stops
/// the run once they pass the limit (checked after each chunk of paths).
struct Guard {
    limit: u64,
    used: std::sync::atomic::AtomicU64,
    paths_done: std::sync::atomic::AtomicU64,
    over: std::sync::atomic::AtomicBool,
}

impl Guard {
    /// Adds the change in `acc`'s sketch memory; false once over the limit.
    fn count(&self, acc: &mut Acc) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let now = acc.sketch_bytes();
        let used = if now >= acc.counted {
            self.used.fetch_add(now - acc.counted, Relaxed) + (now - acc.counted)
        } else {
            self.used.fetch_sub(acc.counted - now, Relaxed) - (acc.counted - now)
        };
        acc.counted = now;
        if used > self.limit {
            self.over.store(true, Relaxed);
        }
        !self.over.load(Relaxed)
    }
}

/// [`run`], stopped with [`McError::Memory`] if the sketches pass `limit_bytes`.
pub fn run_within(
    r: &Resolved,
    opts: &McOptions,
    limit_bytes: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<McResult, McError> {
    use std::sync::atomic::Ordering::Relaxed;
    let p = &r.params;
    let (shared, series) = prepare(r, opts.seed);
    let n_steps = (p.steps + 1) * series.len();
    let n_scalars = shared.scalar_names.len();
    let chunks = opts.paths.max(1).div_ceil(CHUNK);
    let (pool, min_len) = pool_and_piece(opts)?;
    let guard = Guard {
        limit: limit_bytes,
        used: 0.into(),
        paths_done: 0.into(),
        over: false.into(),
    };
    let acc = pool.install(|| {
        (0..chunks as usize)
            .into_par_iter()
            .with_min_len(min_len)
            .fold(
                || Acc::new(n_steps, n_scalars),
                |mut acc, c| {
                    if guard.over.load(Relaxed) {
                        return acc;
                    }
                    let c = c as u64;
                    let end = ((c + 1) * CHUNK).min(opts.paths.max(1));
                    for i in c * CHUNK..end {
                        shared.path(i, &mut acc);
                    }
                    guard.paths_done.fetch_add(end - c * CHUNK, Relaxed);
                    guard.count(&mut acc);
                    progress(end - c * CHUNK);
                    acc
                },
            )
            .reduce(|| Acc::new(n_steps, n_scalars), Acc::merge)
    });
    if guard.over.load(Relaxed) {
        return Err(McError::Memory {
            paths_done: guard.paths_done.load(Relaxed),
            paths: opts.paths.max(1),
            used_mb: guard.used.load(Relaxed).div_ceil(1 << 20),
            limit_mb: limit_bytes.div_ceil(1 << 20),
        });
    }
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
