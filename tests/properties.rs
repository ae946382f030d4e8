//! No panics, no NaN (issue 6), the fast part run by `cargo test`:
//! small scenarios with extreme values at every field the generator knows,
//! thousands of holders, and the smallest valid values. The long runs
//! (decades of daily steps, the largest valid run: most of their time is
//! the seller's optimal schedule over thousands of steps) are in
//! `tests/properties_heavy.rs`; the generator and the check in `prop_gen/`.

mod prop_gen;

use prop_gen::{check, render, scenario};
use proptest::prelude::*;

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

/// Known edge cases, run every time: the smallest valid values (the
/// largest valid run is `properties_heavy`'s).
#[test]
fn edge_cases() {
    let cases = [
        // A tiny buyer cannot absorb a large sale: a located error, not NaN.
        "[time]\nstep = \"month\"\nsteps = 3\n[holders.a]\nholdings_bn = 1e7\nduration_years = 30\nelasticity_pct_per_100bp = 0\nadjustment_months = 1\n[holders.a.sale]\ntotal_bn = 1e7\nsteps = 1\n[holders.b]\nholdings_bn = 1e-6\nduration_years = 1e-3\nelasticity_pct_per_100bp = 1e-9\nadjustment_months = 1200\n",
        // Price-insensitive buyers only (elasticity 0 is valid, but someone must buy).
        "[time]\nstep = \"month\"\nsteps = 3\n[holders.a]\nholdings_bn = 10\nduration_years = 5\nelasticity_pct_per_100bp = 0\nadjustment_months = 1\n",
    ];
    for (i, text) in cases.iter().enumerate() {
        if let Err(e) = check(text) {
            panic!("edge case {i}: {e}");
        }
    }
}
