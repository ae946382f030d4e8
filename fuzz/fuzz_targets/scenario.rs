//! Fuzzes parse → validate → simulate: any text either fails with a located
//! scenario error or runs to finite figures that conserve holdings and keep
//! the debt identity. A panic, a non-finite value or a broken identity is a
//! crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use selloff::engine::{budget, calendar::step_dates, run_deterministic};
use selloff::scenario;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Runs larger than this (MiB) are skipped to keep the fuzzer fast.
const FUZZ_MAX_MEMORY_MB: u64 = 16;

fn scratch() -> &'static PathBuf {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| std::env::temp_dir().join(format!("selloff-fuzz-{}.toml", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = scratch();
    std::fs::write(path, text).expect("scratch file is writable");
    let r = match scenario::open(path.to_str().expect("utf-8 temp path"), &[]) {
        Ok(r) => r,
        Err(e) => {
            assert!(e.origin.is_some(), "unlocated error: {e}");
            let _ = e.to_string();
            return;
        }
    };
    let p = &r.params;
    if budget::check(p, 1, FUZZ_MAX_MEMORY_MB).is_err() {
        return;
    }
    let det = run_deterministic(p, r.seed);
    let total0: f64 = p.holders.iter().map(|h| h.holdings).sum();
    let mut prev = det.steps[0].debt;
    for s in &det.steps {
        assert!(s.tp_bp.is_finite() && s.interest_annual.is_finite() && s.debt.is_finite());
        assert!(
            s.yields_pct
                .iter()
                .chain(&s.holdings)
                .all(|v| v.is_finite())
        );
        let total: f64 = s.holdings.iter().sum();
        assert!(
            (total - total0).abs() <= 1e-9 * total0.max(1.0),
            "holdings not conserved"
        );
        if s.t > 0 {
            assert!((s.debt - prev - s.borrowing).abs() <= 1e-9 * s.debt.abs().max(1.0));
        }
        prev = s.debt;
    }
    let figures = format!("{:?}", det.figures);
    assert!(
        !figures.contains("NaN") && !figures.contains("inf"),
        "{figures}"
    );
    let dates = step_dates(r.start_date, r.step, p.steps);
    selloff::report::series::to_csv(p, &det, &dates).expect("finite series");
    let _ = scenario::to_toml(&r);
});
