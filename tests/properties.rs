//! No panics, no NaN (issue 6): scenarios with extreme but syntactically valid
//! values either fail with a located error or run to finite figures that keep
//! the model's identities:
//! - conservation of holdings: Σ holdings is the same at every step (what
//!   sellers sell, buyers buy);
//! - the debt identity: debt_t = debt_{t-1} + borrowing_t.
//!
//! Scenarios are written as TOML text and go through the real loader
//! (`selloff::scenario::open`), validation and `engine::run_deterministic`,
//! then the CSV renderer (which refuses non-finite values).
//!
//! `SELLOFF_PROP_STATS=1 cargo test --test properties -- --nocapture` prints
//! one `STAT` line per case (ran, or the error), for docs/RELIABILITY.md.

use proptest::prelude::*;
use selloff::engine::{budget, calendar::step_dates, run_deterministic};
use selloff::scenario::validate::MAX_TERM_PREMIUM_BP;
use selloff::scenario::{self, ErrorKind};
use std::fmt::Write;

fn log_uniform(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    (lo.ln()..hi.ln()).prop_map(f64::exp)
}

#[derive(Debug, Clone)]
struct Sale {
    /// Share of the holding sold (above 1 is invalid on purpose).
    frac: f64,
    /// Start as a share of the horizon (above 1: outside it, on purpose).
    start: f64,
    /// Length as a share of what is left of the horizon (above 1: past it).
    len: f64,
    shape: &'static str,
}

#[derive(Debug, Clone)]
struct Holder {
    holdings: f64,
    duration: f64,
    elasticity: f64,
    adjustment: f64,
    sale: Option<Sale>,
}

#[derive(Debug, Clone)]
struct Gen {
    step: &'static str,
    steps: u64,
    holders: Vec<Holder>,
    elasticity_scale: f64,
    calibration: &'static str,
    shock_bp: Option<f64>,
    growth: f64,
    feedback: bool,
    noise: f64,
    seed: u64,
}

fn sale() -> impl Strategy<Value = Sale> {
    (
        0.0..1.05f64,
        0.0..1.03f64,
        0.0..1.03f64,
        prop::sample::select(vec!["even", "front_loaded", "back_loaded", "once"]),
    )
        .prop_map(|(frac, start, len, shape)| Sale {
            frac,
            start,
            len,
            shape,
        })
}

fn holder() -> impl Strategy<Value = Holder> {
    (
        // Holdings from the smallest valid (1e-5: 1e7 / 1e12) to the largest.
        log_uniform(1e-5, 1e7),
        log_uniform(1e-3, 30.0),
        prop_oneof![1 => Just(0.0), 4 => log_uniform(1e-9, 1000.0)],
        log_uniform(1e-3, 1200.0),
        prop::option::weighted(0.3, sale()),
    )
        .prop_map(
            |(holdings, duration, elasticity, adjustment, sale)| Holder {
                holdings,
                duration,
                elasticity,
                adjustment,
                sale,
            },
        )
}

fn scenario(
    steps: std::ops::Range<u64>,
    holders: std::ops::Range<usize>,
    steps_kind: Vec<&'static str>,
) -> impl Strategy<Value = Gen> {
    (
        prop::sample::select(steps_kind),
        steps,
        prop::collection::vec(holder(), holders),
        log_uniform(1e-6, 1000.0),
        prop::sample::select(vec!["low", "central", "high"]),
        prop::option::of(-2000.0..2000.0f64),
        0.0..50.0f64,
        any::<bool>(),
        prop_oneof![Just(0.0), 0.0..1000.0f64],
        0..i64::MAX as u64,
    )
        .prop_map(
            |(
                step,
                steps,
                holders,
                elasticity_scale,
                calibration,
                shock_bp,
                growth,
                feedback,
                noise,
                seed,
            )| Gen {
                step,
                steps,
                holders,
                elasticity_scale,
                calibration,
                shock_bp,
                growth,
                feedback,
                noise,
                seed,
            },
        )
}

/// The scenario as TOML text (everything not written comes from the built-in defaults).
fn render(g: &Gen) -> String {
    let mut s = String::new();
    writeln!(s, "seed = {}\ncalibration = \"{}\"", g.seed, g.calibration).unwrap();
    writeln!(s, "[time]\nstep = \"{}\"\nsteps = {}", g.step, g.steps).unwrap();
    writeln!(
        s,
        "[market]\nelasticity_scale = {:?}\nnoise_bp_per_sqrt_year = {:?}",
        g.elasticity_scale, g.noise
    )
    .unwrap();
    writeln!(
        s,
        "[debt]\ngrowth_pct_per_year = {:?}\nfiscal_feedback = {}",
        g.growth, g.feedback
    )
    .unwrap();
    if let Some(bp) = g.shock_bp {
        writeln!(s, "[shock]\nparallel_bp = {bp:?}").unwrap();
    }
    for (i, h) in g.holders.iter().enumerate() {
        writeln!(
            s,
            "[holders.h{i}]\nholdings_bn = {:?}\nduration_years = {:?}\nelasticity_pct_per_100bp = {:?}\nadjustment_months = {:?}",
            h.holdings, h.duration, h.elasticity, h.adjustment
        )
        .unwrap();
        if let Some(sale) = &h.sale {
            let start = (sale.start * g.steps as f64).ceil().max(0.0) as u64;
            let len = (sale.len * (g.steps + 1).saturating_sub(start) as f64).ceil() as u64;
            // A sale "once" is one step: it takes no `steps`.
            let steps = match sale.shape {
                "once" => String::new(),
                _ => format!("steps = {len}\n"),
            };
            writeln!(
                s,
                "[holders.h{i}.sale]\ntotal_bn = {:?}\nstart = {}\n{steps}shape = \"{}\"",
                h.holdings * sale.frac,
                start,
                sale.shape
            )
            .unwrap();
        }
    }
    s
}

/// Loads, validates and runs `text`; checks the outcome. Returns whether it ran.
fn check(text: &str) -> Result<bool, TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gen.toml");
    std::fs::write(&path, text).unwrap();
    let r = match scenario::open(path.to_str().unwrap(), &[]) {
        Err(e) => {
            if std::env::var_os("SELLOFF_PROP_STATS").is_some() {
                eprintln!("STAT error {e}");
            }
            prop_assert!(e.origin.is_some(), "unlocated error: {e}");
            prop_assert!(
                e.key.is_some() || e.kind == ErrorKind::Syntax,
                "error without a key: {e}"
            );
            return Ok(false);
        }
        Ok(r) => r,
    };
    let p = &r.params;
    if budget::check(p, 1, budget::DEFAULT_MAX_MEMORY_MB).is_err() {
        return Ok(false);
    }
    let det = run_deterministic(p, r.seed);
    prop_assert_eq!(det.steps.len(), p.steps + 1);
    let total0: f64 = p.holders.iter().map(|h| h.holdings).sum();
    let mut prev_debt = det.steps[0].debt;
    for s in &det.steps {
        let finite = s.tp_bp.is_finite()
            && s.yields_pct.iter().all(|v| v.is_finite())
            && s.base_yields_pct.iter().all(|v| v.is_finite())
            && s.holdings.iter().all(|v| v.is_finite())
            && s.sold.iter().all(|v| v.is_finite())
            && s.interest_annual.is_finite()
            && s.base_interest_annual.is_finite()
            && s.debt.is_finite()
            && s.base_debt.is_finite()
            && s.borrowing.is_finite();
        prop_assert!(finite, "non-finite value at step {}: {:?}", s.t, s);
        // Validation refuses sales that would need more than this.
        prop_assert!(
            s.tp_bp.abs() <= MAX_TERM_PREMIUM_BP * (1.0 + 1e-9),
            "term premium {} bp at step {} beyond the validated bound",
            s.tp_bp,
            s.t
        );
        let total: f64 = s.holdings.iter().sum();
        prop_assert!(
            (total - total0).abs() <= 1e-9 * total0.max(1.0),
            "holdings not conserved at step {}: {} vs {}",
            s.t,
            total,
            total0
        );
        prop_assert!(s.holdings.iter().all(|h| *h >= -1e-9 * total0.max(1.0)));
        if s.t > 0 {
            let gap = s.debt - prev_debt - s.borrowing;
            prop_assert!(
                gap.abs() <= 1e-9 * s.debt.abs().max(1.0),
                "debt identity off by {} at step {}",
                gap,
                s.t
            );
        }
        prev_debt = s.debt;
    }
    let figures = format!("{:?} {:?}", det.figures, det.implied);
    prop_assert!(
        !figures.contains("NaN") && !figures.contains("inf"),
        "non-finite figure: {figures}"
    );
    prop_assert!(det.share_maturing_first_year.is_finite() && det.initial_wam_months.is_finite());
    let dates = step_dates(r.start_date, r.step, p.steps);
    let csv = selloff::report::series::to_csv(p, &det, &dates);
    prop_assert!(csv.is_ok(), "CSV refused: {:?}", csv.err());
    if std::env::var_os("SELLOFF_PROP_STATS").is_some() {
        eprintln!("STAT ran {} steps {} holders", p.steps, p.holders.len());
    }
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Small scenarios with extreme values at every field the generator knows.
    #[test]
    fn extreme_values_give_a_located_error_or_finite_conserving_runs(
        g in scenario(1..60, 2..8, vec!["day", "week", "month", "quarter"])
    ) {
        check(&render(&g))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3, ..ProptestConfig::default() })]

    /// Thousands of holders over a few steps.
    #[test]
    fn thousands_of_holders(g in scenario(1..12, 1000..2000, vec!["month", "quarter"])) {
        check(&render(&g))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Day steps over decades (20 to 100 years of business days).
    #[test]
    fn day_steps_over_decades(g in scenario(5040..25200, 2..5, vec!["day"])) {
        check(&render(&g))?;
    }
}

/// Known edge cases, run every time: the smallest and largest valid values.
#[test]
fn edge_cases() {
    let cases = [
        // A tiny buyer cannot absorb a large sale: a located error, not NaN.
        "[time]\nstep = \"month\"\nsteps = 3\n[holders.a]\nholdings_bn = 1e7\nduration_years = 30\nelasticity_pct_per_100bp = 0\nadjustment_months = 1\n[holders.a.sale]\ntotal_bn = 1e7\nsteps = 1\n[holders.b]\nholdings_bn = 1e-5\nduration_years = 1e-3\nelasticity_pct_per_100bp = 1e-9\nadjustment_months = 1200\n",
        // Price-insensitive buyers only (elasticity 0 is valid, but someone must buy).
        "[time]\nstep = \"month\"\nsteps = 3\n[holders.a]\nholdings_bn = 10\nduration_years = 5\nelasticity_pct_per_100bp = 0\nadjustment_months = 1\n",
        // The largest valid run: 30,000 days of a tiny market.
        "[time]\nstep = \"day\"\nsteps = 30000\n[holders.a]\nholdings_bn = 1e-5\nduration_years = 30\nelasticity_pct_per_100bp = 1000\nadjustment_months = 1e-3\n[holders.a.sale]\ntotal_bn = 1e-5\nsteps = 30000\n[holders.b]\nholdings_bn = 1e7\nduration_years = 30\nelasticity_pct_per_100bp = 1000\nadjustment_months = 1200\n[debt]\ngrowth_pct_per_year = 50\n[shock]\nparallel_bp = 2000\n",
    ];
    for (i, text) in cases.iter().enumerate() {
        if let Err(e) = check(text) {
            panic!("edge case {i}: {e}");
        }
    }
}
