//! Every class of bad input gets one readable error and exit code 2, before
//! any output is written (issue 6). One small file per case in `tests/bad/`.
//!
//! Each case runs the real binary (`selloff run FILE --out DIR`) in its own
//! temporary folder and checks: exit code 2; stderr is one paragraph starting
//! `error: `; it names the file with `line:col` (where TOML has one), the
//! dotted key, and the value or valid range; no output folder appears.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn bad(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad")
        .join(name)
}

/// Runs `selloff run tests/bad/FILE` with `extra` arguments and returns a
/// description of what fell short, if anything.
fn check_args(file: &str, extra: &[&str], fragments: &[&str]) -> Option<String> {
    let tmp = tempfile::TempDir::new().unwrap();
    let out_dir = tmp.path().join("out");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_selloff"));
    cmd.current_dir(tmp.path()).arg("run");
    if !file.is_empty() {
        cmd.arg(bad(file));
    }
    cmd.arg("--out").arg(&out_dir).args(extra);
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let mut problems = Vec::new();
    if out.status.code() != Some(2) {
        problems.push(format!("exit code {:?}, not 2", out.status.code()));
    }
    if !err.starts_with("error: ") {
        problems.push("stderr does not start with `error: `".into());
    }
    if err.trim_end().lines().count() != 1 {
        problems.push("stderr is not one paragraph".into());
    }
    if err.contains("panicked") {
        problems.push("panic".into());
    }
    for f in fragments {
        if !err.contains(f) {
            problems.push(format!("missing `{f}`"));
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("something was written: {leftovers:?}"));
    }
    if problems.is_empty() {
        None
    } else {
        Some(format!(
            "{file} {extra:?}: {}\n    stderr: {err}",
            problems.join("; ")
        ))
    }
}

fn check(file: &str, fragments: &[&str]) -> Option<String> {
    check_args(file, &[], fragments)
}

/// Runs every case and reports all failures at once.
fn all(cases: Vec<Option<String>>) {
    let n = cases.len();
    let failures: Vec<String> = cases.into_iter().flatten().collect();
    assert!(
        failures.is_empty(),
        "{} of {n} cases fell short:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn toml_syntax_errors() {
    all(vec![
        check(
            "syntax_unclosed_header.toml",
            &[
                "syntax_unclosed_header.toml:1:6",
                "invalid TOML",
                "expected `]`",
            ],
        ),
        check(
            "syntax_unterminated_string.toml",
            &[
                "syntax_unterminated_string.toml:1:16",
                "`title`",
                "expected `\"`",
            ],
        ),
        check(
            "syntax_missing_value.toml",
            &[
                "syntax_missing_value.toml:2:7",
                "`seed`",
                "after `=` is missing",
            ],
        ),
        check(
            "not_utf8.toml",
            &[
                "not_utf8.toml:1:13",
                "not UTF-8",
                "0xe9",
                "save the file as UTF-8",
            ],
        ),
        check(
            "syntax_duplicate_key.toml",
            &[
                "syntax_duplicate_key.toml:3:1",
                "`seed`",
                "already set above",
            ],
        ),
    ]);
}

#[test]
fn unknown_keys_at_every_level() {
    all(vec![
        check(
            "unknown_key_top.toml",
            &[
                "unknown_key_top.toml:2:1",
                "`titel`",
                "did you mean `title`?",
            ],
        ),
        check(
            "unknown_key_time.toml",
            &[
                "unknown_key_time.toml:3:1",
                "`time.stepz`",
                "did you mean `steps`?",
            ],
        ),
        check(
            "unknown_key_market.toml",
            &[
                "unknown_key_market.toml:3:1",
                "`market.elasticity_scal`",
                "did you mean `elasticity_scale`?",
            ],
        ),
        check(
            "unknown_key_curve.toml",
            &[
                "unknown_key_curve.toml:3:1",
                "`curve.loading`",
                "did you mean `loadings`?",
            ],
        ),
        check(
            "unknown_key_debt.toml",
            &[
                "unknown_key_debt.toml:3:1",
                "`debt.gross`",
                "did you mean `gross_bn`?",
            ],
        ),
        check(
            "unknown_key_holder.toml",
            &[
                "unknown_key_holder.toml:3:1",
                "`holders.japan.holding_bn`",
                "did you mean `holdings_bn`?",
            ],
        ),
        check(
            "unknown_key_sale.toml",
            &[
                "unknown_key_sale.toml:3:1",
                "`holders.japan.sale.total`",
                "did you mean `total_bn`?",
            ],
        ),
        check(
            "unknown_key_shock.toml",
            &[
                "unknown_key_shock.toml:3:1",
                "`shock.paralel_bp`",
                "did you mean `parallel_bp`?",
            ],
        ),
        check(
            "unknown_key_dist.toml",
            &[
                "unknown_key_dist.toml:3:18",
                "`holders.japan.duration_years`",
                "`sdev`",
                "did you mean `sd`?",
            ],
        ),
        check(
            "unknown_variant_step.toml",
            &[
                "unknown_variant_step.toml:3:8",
                "`time.step`",
                "`months`",
                "did you mean `month`?",
            ],
        ),
        check(
            "unknown_variant_calibration.toml",
            &[
                "unknown_variant_calibration.toml:2:15",
                "`calibration`",
                "did you mean `central`?",
            ],
        ),
        check(
            "unknown_variant_shape.toml",
            &[
                "unknown_variant_shape.toml:5:9",
                "`holders.japan.sale.shape`",
                "did you mean `front_loaded`?",
            ],
        ),
    ]);
}

#[test]
fn wrong_types() {
    all(vec![
        check(
            "wrong_type_string_for_number.toml",
            &[
                "wrong_type_string_for_number.toml:3:15",
                "`holders.japan.holdings_bn`",
                "string \"lots\"",
                "expected a number",
            ],
        ),
        check(
            "wrong_type_float_steps.toml",
            &[
                "wrong_type_float_steps.toml:3:9",
                "`time.steps`",
                "`12.5`",
                "whole number",
            ],
        ),
        check(
            "wrong_type_tenors_not_list.toml",
            &[
                "wrong_type_tenors_not_list.toml:3:10",
                "`curve.tenors`",
                "\"10y\"",
                "expected a list",
            ],
        ),
        check(
            "wrong_type_bool.toml",
            &[
                "wrong_type_bool.toml:3:19",
                "`debt.fiscal_feedback`",
                "\"yes\"",
                "true or false",
            ],
        ),
        check(
            "wrong_type_negative_count.toml",
            &[
                "wrong_type_negative_count.toml:4:9",
                "`holders.japan.sale.start`",
                "`-1`",
                "whole number",
            ],
        ),
        check(
            "wrong_type_date_unquoted.toml",
            &[
                "wrong_type_date_unquoted.toml:3:14",
                "`time.start_date`",
                "in quotes",
            ],
        ),
    ]);
}

#[test]
fn missing_required_values() {
    all(vec![
        check(
            "missing_holdings.toml",
            &[
                "missing_holdings.toml:2:10",
                "`holders.korea.holdings_bn`",
                "required",
                "greater than 0",
            ],
        ),
        check(
            "missing_holders.toml",
            &[
                "missing_holders.toml:1:1",
                "`holders`",
                "no holders",
                "extends = \"baseline\"",
            ],
        ),
        check(
            "missing_sale_amount.toml",
            &[
                "missing_sale_amount.toml:2:16",
                "`holders.japan.sale.total_bn`",
                "required",
                "amounts_bn",
            ],
        ),
        check(
            "missing_dist_param.toml",
            &[
                "missing_dist_param.toml:3:28",
                "`holders.japan.elasticity_pct_per_100bp`",
                "needs `sd`",
            ],
        ),
    ]);
}

#[test]
fn non_positive_holdings_durations_elasticities_adjustments() {
    all(vec![
        check(
            "negative_holdings.toml",
            &[
                "negative_holdings.toml:3:1",
                "`holders.uk.holdings_bn`",
                "-50",
                "greater than 0",
            ],
        ),
        check(
            "zero_holdings.toml",
            &[
                "zero_holdings.toml:3:1",
                "`holders.uk.holdings_bn`",
                "value 0",
                "greater than 0",
            ],
        ),
        check(
            "zero_duration.toml",
            &[
                "zero_duration.toml:3:1",
                "`holders.china.duration_years`",
                "value 0",
                "greater than 0 and at most 30",
            ],
        ),
        check(
            "zero_ten_year_duration.toml",
            &[
                "zero_ten_year_duration.toml:3:1",
                "`market.ten_year_duration_years`",
                "value 0",
                "greater than 0",
            ],
        ),
        // Elasticity 0 is valid (a price-insensitive holder such as the Fed); negative is not.
        check(
            "negative_elasticity.toml",
            &[
                "negative_elasticity.toml:3:1",
                "`holders.banks.elasticity_pct_per_100bp`",
                "-2",
                "at least 0",
            ],
        ),
        check(
            "zero_adjustment.toml",
            &[
                "zero_adjustment.toml:3:1",
                "`holders.banks.adjustment_months`",
                "value 0",
                "greater than 0",
            ],
        ),
        check(
            "negative_adjustment.toml",
            &[
                "negative_adjustment.toml:3:1",
                "`holders.banks.adjustment_months`",
                "-3",
                "greater than 0",
            ],
        ),
    ]);
}

#[test]
fn sales_larger_than_holdings_or_outside_the_horizon() {
    all(vec![
        check(
            "sale_exceeds_holdings.toml",
            &[
                "sale_exceeds_holdings.toml:3:1",
                "`holders.japan.sale.total_bn`",
                "2000",
                "sell at most 1130.8",
            ],
        ),
        check(
            "sale_amounts_exceed_holdings.toml",
            &[
                "sale_amounts_exceed_holdings.toml:3:1",
                "`holders.uk.sale.amounts_bn`",
                "1200",
                "sell at most 779.3",
            ],
        ),
        check(
            "negative_sale.toml",
            &[
                "negative_sale.toml:3:1",
                "`holders.japan.sale.total_bn`",
                "-100",
                "at least 0",
            ],
        ),
        check(
            "sale_total_and_amounts.toml",
            &[
                "sale_total_and_amounts.toml:4:1",
                "`holders.japan.sale.amounts_bn`",
                "not both",
            ],
        ),
        check(
            "sale_start_outside_horizon.toml",
            &[
                "sale_start_outside_horizon.toml:4:1",
                "`holders.japan.sale.start`",
                "step 500",
                "from 1 to 120",
            ],
        ),
        check(
            "sale_start_zero.toml",
            &[
                "sale_start_zero.toml:4:1",
                "`holders.japan.sale.start`",
                "step 0",
                "from 1 to 120",
            ],
        ),
        check(
            "sale_window_past_horizon.toml",
            &[
                "sale_window_past_horizon.toml:5:1",
                "`holders.japan.sale.steps`",
                "step 110 to step 133",
                "at most 11 steps",
            ],
        ),
        check(
            "sale_zero_steps.toml",
            &[
                "sale_zero_steps.toml:4:1",
                "`holders.japan.sale.steps`",
                "0 steps",
                "at least 1 step",
            ],
        ),
        check(
            "sales_cannot_be_absorbed.toml",
            &[
                "sales_cannot_be_absorbed.toml:3:16",
                "`holders.japan.sale`",
                "cannot absorb",
                "beyond the 5000 bp",
            ],
        ),
    ]);
}

#[test]
fn tenors_and_lists() {
    all(vec![
        check(
            "empty_tenors.toml",
            &[
                "empty_tenors.toml:3:1",
                "`curve.tenors`",
                "the list is empty",
                "\"10y\"",
            ],
        ),
        check(
            "unsorted_tenors.toml",
            &[
                "unsorted_tenors.toml:3:1",
                "`curve.tenors`",
                "increasing maturity",
                "\"2y\" comes after \"5y\"",
            ],
        ),
        check(
            "bad_tenor_text.toml",
            &[
                "bad_tenor_text.toml:3:29",
                "`curve.tenors[3]`",
                "\"10 years\"",
                "\"10y\"",
            ],
        ),
        check(
            "yields_wrong_length.toml",
            &[
                "yields_wrong_length.toml:3:1",
                "`curve.yields_pct`",
                "has 3 values",
                "5 curve tenors",
            ],
        ),
        check(
            "loadings_wrong_length.toml",
            &[
                "loadings_wrong_length.toml:3:1",
                "`curve.loadings`",
                "has 6 values",
                "5 curve tenors",
            ],
        ),
        check(
            "debt_shares_wrong_length.toml",
            &[
                "debt_shares_wrong_length.toml:3:1",
                "`debt.shares`",
                "has 2 values",
                "7 debt tenors",
            ],
        ),
        check(
            "debt_shares_bad_sum.toml",
            &[
                "debt_shares_bad_sum.toml:3:1",
                "`debt.shares`",
                "1.3800",
                "must sum to 1",
            ],
        ),
        check(
            "no_ten_year_tenor.toml",
            &[
                "no_ten_year_tenor.toml:3:1",
                "`curve.tenors`",
                "no 10-year tenor",
                "add \"10y\"",
            ],
        ),
        check(
            "shock_unknown_tenor.toml",
            &[
                "shock_unknown_tenor.toml:5:1",
                "`shock.tenor_bp.7y`",
                "\"7y\"",
                "valid: \"3m\"",
            ],
        ),
        check(
            "shock_window_reversed.toml",
            &[
                "shock_window_reversed.toml:5:1",
                "`shock.until_step`",
                "step 6",
                "`from_step` (12)",
            ],
        ),
    ]);
}

#[test]
fn holder_names() {
    all(vec![
        // TOML itself rejects a second table of the same name.
        check(
            "duplicate_holder_table.toml",
            &[
                "duplicate_holder_table.toml:5:10",
                "`holders.korea`",
                "defined twice",
            ],
        ),
        // Names must be lower-case kebab, so `Japan`/`japan` or `other_foreign`/
        // `other-foreign` can never collide in CSV columns.
        check(
            "holder_name_case.toml",
            &[
                "holder_name_case.toml:2:10",
                "`holders.Japan`",
                "\"Japan\"",
                "lower-case kebab",
            ],
        ),
        check(
            "holder_name_underscore.toml",
            &[
                "holder_name_underscore.toml:2:10",
                "`holders.other_foreign`",
                "lower-case kebab",
            ],
        ),
    ]);
}

#[test]
fn extends_missing_or_circular() {
    all(vec![
        check(
            "extends_missing.toml",
            &[
                "extends_missing.toml:1:1",
                "`extends`",
                "`basline`",
                "did you mean `baseline`?",
            ],
        ),
        check(
            "extends_missing_path.toml",
            &[
                "extends_missing_path.toml:1:1",
                "`extends`",
                "parents/none.toml",
            ],
        ),
        check(
            "extends_circular.toml",
            &["b.toml:1:1", "`extends`", "circle", "a.toml → "],
        ),
    ]);
}

#[test]
fn steps_horizons_and_dates() {
    all(vec![
        check(
            "steps_zero.toml",
            &[
                "steps_zero.toml:3:1",
                "`time.steps`",
                "0 steps",
                "from 1 to 30000",
            ],
        ),
        check(
            "steps_huge.toml",
            &[
                "steps_huge.toml:3:1",
                "`time.steps`",
                "5000000 steps",
                "from 1 to 30000",
            ],
        ),
        check(
            "horizon_zero.toml",
            &[
                "horizon_zero.toml:3:1",
                "`time.horizon_years`",
                "0 years",
                "0.0833 to 2500.0 years",
            ],
        ),
        check(
            "horizon_huge.toml",
            &[
                "horizon_huge.toml:4:1",
                "`time.horizon_years`",
                "1000000000 years",
                "0.0040 to 119.0 years",
            ],
        ),
        check(
            "date_bad_month.toml",
            &[
                "date_bad_month.toml:3:1",
                "`time.start_date`",
                "\"2026-13-01\"",
                "YYYY-MM-DD",
            ],
        ),
        check(
            "date_not_a_date.toml",
            &[
                "date_not_a_date.toml:3:1",
                "`time.start_date`",
                "\"next monday\"",
                "YYYY-MM-DD",
            ],
        ),
        check(
            "date_out_of_range.toml",
            &[
                "date_out_of_range.toml:3:1",
                "`time.start_date`",
                "\"9995-01-01\"",
                "end by 9999",
            ],
        ),
    ]);
}

#[test]
fn distributions_with_invalid_parameters() {
    all(vec![
        check(
            "dist_normal_negative_sd.toml",
            &[
                "dist_normal_negative_sd.toml:3:28",
                "`holders.japan.elasticity_pct_per_100bp`",
                "`sd` = -0.1",
                "greater than 0",
            ],
        ),
        check(
            "dist_lognormal_zero_median.toml",
            &[
                "dist_lognormal_zero_median.toml:3:20",
                "`market.elasticity_scale`",
                "`median` = 0",
                "greater than 0",
            ],
        ),
        check(
            "dist_uniform_reversed.toml",
            &[
                "dist_uniform_reversed.toml:3:21",
                "`holders.uk.adjustment_months`",
                "`low` = 12",
                "less than `high` = 3",
            ],
        ),
        check(
            "dist_triangular_mode_outside.toml",
            &[
                "dist_triangular_mode_outside.toml:3:15",
                "`holders.uk.holdings_bn`",
                "`mode` = 900",
                "between `low` = 700",
            ],
        ),
        check(
            "dist_unknown_kind.toml",
            &[
                "dist_unknown_kind.toml:3:15",
                "`holders.uk.holdings_bn`",
                "\"gaussian\"",
                "valid: \"normal\"",
            ],
        ),
        check(
            "dist_central_out_of_range.toml",
            &[
                "dist_central_out_of_range.toml:3:1",
                "`holders.uk.duration_years`",
                "central value -1",
                "greater than 0",
            ],
        ),
    ]);
}

#[test]
fn non_finite_numbers() {
    all(vec![
        check(
            "nonfinite_nan.toml",
            &[
                "nonfinite_nan.toml:3:15",
                "`holders.japan.holdings_bn`",
                "NaN",
                "finite number",
            ],
        ),
        check(
            "nonfinite_inf.toml",
            &[
                "nonfinite_inf.toml:3:28",
                "`holders.banks.elasticity_pct_per_100bp`",
                "inf",
                "finite number",
            ],
        ),
        check(
            "nonfinite_in_list.toml",
            &[
                "nonfinite_in_list.toml:3:27",
                "`curve.yields_pct[2]`",
                "-inf",
                "finite number",
            ],
        ),
        check(
            "nonfinite_in_dist.toml",
            &[
                "nonfinite_in_dist.toml:3:18",
                "`holders.japan.duration_years`",
                "`mean` = NaN",
                "not a finite number",
            ],
        ),
        check(
            "nonfinite_horizon.toml",
            &[
                "nonfinite_horizon.toml:3:1",
                "`time.horizon_years`",
                "inf years",
                "0.0833 to 2500.0 years",
            ],
        ),
    ]);
}

#[test]
fn set_flags_are_named_and_checked_like_the_file() {
    let f = "valid_for_set.toml";
    all(vec![
        check_args(
            f,
            &["--set", "holders.japan.sale.stepz=3"],
            &[
                "--set holders.japan.sale.stepz=3",
                "`holders.japan.sale.stepz`",
                "did you mean `steps`?",
            ],
        ),
        check_args(
            f,
            &["--set", "holders.japan.sale.steps=abc"],
            &[
                "--set holders.japan.sale.steps=abc",
                "`holders.japan.sale.steps`",
                "\"abc\"",
                "whole number",
            ],
        ),
        check_args(
            f,
            &["--set", "holders.japan.sale.steps=500"],
            &[
                "--set holders.japan.sale.steps=500",
                "`holders.japan.sale.steps`",
                "at most 120 steps",
            ],
        ),
        check_args(
            f,
            &["--set", "holders.japan.sale.steps"],
            &["--set holders.japan.sale.steps`", "expected KEY=VALUE"],
        ),
        check_args(
            f,
            &["--set", "holders.japan.holdings_bn=nan"],
            &[
                "--set holders.japan.holdings_bn=nan",
                "`holders.japan.holdings_bn`",
                "NaN",
                "finite number",
            ],
        ),
        check_args(
            f,
            &["--set", "holders.uk.holdings_bn=-5"],
            &[
                "--set holders.uk.holdings_bn=-5",
                "`holders.uk.holdings_bn`",
                "-5",
                "greater than 0",
            ],
        ),
        check_args(
            f,
            &["--set", "curve.loadings.9=1"],
            &[
                "--set curve.loadings.9=1",
                "`curve.loadings.9`",
                "index 9",
                "5 items",
            ],
        ),
        check_args(
            f,
            &["--set", "curve.tenors=[\"3m\",\"10y\"]"],
            &[
                "--set curve.tenors=",
                "`curve.yields_pct`",
                "has 5 values",
                "has 2",
            ],
        ),
        check_args(
            f,
            &["--set", "holders.korea.holdings_bn=5"],
            &[
                "--set holders.korea.holdings_bn=5",
                "`holders.korea.duration_years`",
                "required",
            ],
        ),
        check_args(
            f,
            &["--set", "time.step=months"],
            &[
                "--set time.step=months",
                "`time.step`",
                "did you mean `month`?",
            ],
        ),
    ]);
}

/// Issue 13, section 6: words that are too long or hold control characters,
/// contradictions, absurd numbers and mistyped holder tables.
#[test]
fn hostile_text_contradictions_and_absurd_numbers() {
    all(vec![
        check(
            "title_too_long.toml",
            &[
                "title_too_long.toml:2:1",
                "`title`",
                "201 characters",
                "at most 200",
            ],
        ),
        check(
            "description_too_long.toml",
            &[
                "description_too_long.toml:3:1",
                "`description`",
                "at most 2000",
            ],
        ),
        check(
            "label_too_long.toml",
            &[
                "label_too_long.toml:4:1",
                "`holders.japan.label`",
                "at most 80",
            ],
        ),
        check(
            "holder_name_too_long.toml",
            &[
                "holder_name_too_long.toml:3:10",
                "41 characters",
                "at most 40",
            ],
        ),
        check(
            "title_control_char.toml",
            &[
                "title_control_char.toml:2:1",
                "`title`",
                "control character '\\u{1b}'",
            ],
        ),
        check(
            "label_control_char.toml",
            &["`holders.japan.label`", "control character '\\u{7}'"],
        ),
        check(
            "description_control_char.toml",
            &[
                "`description`",
                "control character '\\r'",
                "newlines and tabs are allowed",
            ],
        ),
        check(
            "sale_once_with_steps.toml",
            &[
                "sale_once_with_steps.toml:6:1",
                "`holders.japan.sale.steps`",
                "6 steps contradicts shape = \"once\"",
            ],
        ),
        check(
            "trigger_own_holder.toml",
            &[
                "trigger_own_holder.toml:4:1",
                "`holders.china.trigger.after_holder`",
                "waits on \"china\" itself",
            ],
        ),
        check(
            "time_steps_and_horizon.toml",
            &[
                "time_steps_and_horizon.toml:6:1",
                "`time.steps`",
                "24 steps contradicts `time.horizon_years` = 10",
                "120 steps of a month",
            ],
        ),
        check(
            "holder_table_typo.toml",
            &[
                "holder_table_typo.toml:3:10",
                "`holders.chna.holdings_bn`",
                "did you mean \"china\"?",
            ],
        ),
        check(
            "huge_number_message.toml",
            &[
                "`debt.gross_bn`",
                "the value 1e308 is out of range",
                "at most 10000000",
            ],
        ),
        // A normal elasticity multiplier with sd 3 draws values at or below 0,
        // clamped to 1e-9: before, such paths ran to a p95 of +7.6×10¹¹ bp.
        check_args(
            "absurd_draws.toml",
            &["--paths", "20"],
            &[
                "Monte Carlo path",
                "cannot absorb the sales",
                "market.elasticity_scale = 1e-9",
            ],
        ),
    ]);
}

#[test]
fn set_flags_that_cannot_apply_are_refused_at_the_flag() {
    let f = "valid_for_set.toml";
    all(vec![
        check_args(
            f,
            &["--set", "debt.marketable_bn=5e-324"],
            &[
                "in flag `--set debt.marketable_bn=5e-324`",
                "`debt.marketable_bn`",
                "greater than 0 (at least 1e-5)",
            ],
        ),
        check_args(
            f,
            &["--set", "extends=baseline"],
            &["--set extends=baseline", "cannot be set by a flag"],
        ),
        check_args(
            f,
            &["--set", "holders.japan.sale.steps=6\ntitle=\"x\""],
            &["`holders.japan.sale.steps`", "line break"],
        ),
        // The flag replaces the whole list: an item's error names the flag,
        // not the baseline.toml line of the list it replaced.
        check_args(
            f,
            &["--set", "curve.yields_pct=[4.3, 3.9, 3.9, 4.3, 500]"],
            &[
                "in flag `--set curve.yields_pct=[4.3, 3.9, 3.9, 4.3, 500]`",
                "`curve.yields_pct[4]`",
                "the value 500 is out of range",
            ],
        ),
        check_args(f, &["--set", "time=3"], &["`time`", "expected a table"]),
    ]);
}

/// Runs `selloff ARGS --out DIR` in a fresh folder: exit 2, the fragments on
/// stderr, nothing written.
fn refused(args: &[&str], fragments: &[&str]) -> Option<String> {
    let tmp = tempfile::TempDir::new().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_selloff"))
        .current_dir(tmp.path())
        .args(args)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let mut problems = Vec::new();
    if out.status.code() != Some(2) {
        problems.push(format!("exit code {:?}, not 2", out.status.code()));
    }
    for f in fragments {
        if !err.contains(f) {
            problems.push(format!("missing `{f}`"));
        }
    }
    if std::fs::read_dir(tmp.path()).unwrap().next().is_some() {
        problems.push("something was written".into());
    }
    (!problems.is_empty()).then(|| format!("{args:?}: {}\n    stderr: {err}", problems.join("; ")))
}

#[test]
fn sweeps_that_contradict_themselves_or_never_end_are_refused() {
    all(vec![
        refused(
            &[
                "sweep",
                "japan-fire-sale",
                "--vary",
                "holders.japan.sale.steps=1,2",
                "--vary",
                "holders.japan.sale.steps=3,4",
            ],
            &["`--vary holders.japan.sale.steps` is given twice"],
        ),
        refused(
            &["sweep", "uncertain-japan", "--tornado", "--paths", "100"],
            &["'--tornado' cannot be used with '--paths <N>'"],
        ),
        refused(
            &[
                "sweep",
                "japan-fire-sale",
                "--vary",
                "market.elasticity_scale=0.5..2:1000",
                "--vary",
                "debt.growth_pct_per_year=0..5:1000",
                "--paths",
                "1000000000",
            ],
            &["1000000 grid points × 1000000000 paths × 120 steps = 1.2e17 path-steps"],
        ),
    ]);
}

#[test]
fn command_line_mistakes() {
    all(vec![
        check_args(
            "",
            &["japan-fire-sal"],
            &[
                "`japan-fire-sal`",
                "did you mean `japan-fire-sale`?",
                "baseline",
            ],
        ),
        check_args(
            "",
            &["./no-such-file.toml"],
            &["no scenario file at `./no-such-file.toml`"],
        ),
    ]);
    // Usage errors come from clap: exit 2 and a usage line on stderr.
    let out = Command::new(env!("CARGO_BIN_EXE_selloff"))
        .args(["run", "baseline", "--max-memory-mb", "lots"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-memory-mb"));
}

#[test]
fn at_least_forty_bad_files_each_used() {
    let this = include_str!("bad_input.rs");
    let mut n = 0;
    for e in std::fs::read_dir(bad("")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.ends_with(".toml") {
            n += 1;
            assert!(
                this.contains(&format!("\"{name}\"")),
                "{name} is not used by any case"
            );
        }
    }
    assert!(n >= 40, "only {n} bad inputs");
}
