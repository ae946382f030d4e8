//! No panics, no NaN (issue 6), the long runs: decades of daily steps and
//! the largest valid run. Each test is
//! `#[ignore]`d so that `cargo test` (a developer's loop) skips it; `.ci/run`
//! runs them with `cargo test --release --test properties_heavy -- --include-ignored`.
//! The generator and the check are `prop_gen/`'s, as for `tests/properties.rs`.

mod prop_gen;

use prop_gen::{check, render, scenario};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Day steps over decades (20 to 100 years of business days).
    #[test]
    #[ignore = "heavy: run by .ci/run with --include-ignored"]
    fn day_steps_over_decades(g in scenario(5040..25200, 2..5, vec!["day"])) {
        check(&render(&g))?;
    }
}

/// The largest valid run: 30,000 days of a tiny market.
#[test]
#[ignore = "heavy: run by .ci/run with --include-ignored"]
fn the_largest_valid_run() {
    let text = "[time]\nstep = \"day\"\nsteps = 30000\n[holders.a]\nholdings_bn = 1e-6\nduration_years = 30\nelasticity_pct_per_100bp = 1000\nadjustment_months = 1e-3\n[holders.a.sale]\ntotal_bn = 1e-6\nsteps = 30000\n[holders.b]\nholdings_bn = 1e7\nduration_years = 30\nelasticity_pct_per_100bp = 1000\nadjustment_months = 1200\n[debt]\ngrowth_pct_per_year = 50\n[shock]\nparallel_bp = 2000\n";
    if let Err(e) = check(text) {
        panic!("the largest valid run: {e}");
    }
}
