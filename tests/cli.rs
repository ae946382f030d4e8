//! End-to-end tests of the `selloff` binary: run, list, check, --set, errors.
//! Each test works in its own temporary folder.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn selloff(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("selloff").unwrap();
    c.current_dir(dir);
    c
}

fn scenario(name: &str) -> String {
    format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"))
}

fn run_summary(dir: &Path, out: &str, args: &[&str]) -> Value {
    let mut c = selloff(dir);
    c.arg("run").args(args).args(["--out", out, "--quiet"]);
    c.assert().success();
    serde_json::from_str(&fs::read_to_string(dir.join(out).join("summary.json")).unwrap()).unwrap()
}

#[test]
fn run_writes_series_and_summary_as_the_contract_names_them() {
    let tmp = TempDir::new().unwrap();
    let out = selloff(tmp.path())
        .args(["run", "japan-fire-sale"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for needle in [
        "Yield change vs baseline (bp)",
        "Rule of thumb",
        "Who absorbed",
        "first year",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in:\n{stdout}");
    }
    let dir = tmp.path().join("output/japan-fire-sale");
    let csv = fs::read_to_string(dir.join("series.csv")).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    for col in [
        "step",
        "date",
        "yield_10y_pct",
        "yield_3m_pct",
        "d_yield_10y_bp",
        "holdings_japan_bn",
        "holdings_other-foreign_bn",
        "interest_annual_bn",
        "d_interest_annual_bn",
        "d_interest_cumulative_bn",
        "rule_of_thumb_annual_bn",
    ] {
        assert!(header.contains(&col), "no column {col} in {header:?}");
    }
    assert_eq!(csv.lines().count(), 1 + 121, "a header and steps 0..=120");
    assert!(!csv.contains("NaN") && !csv.contains("inf"));
    let s: Value =
        serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    for key in [
        "scenario",
        "steps",
        "step",
        "peak_d_yield_bp",
        "peak_step",
        "end_d_yield_bp",
        "d_interest_first_year_bn",
        "d_interest_cumulative_bn",
        "d_interest_10y_cumulative_bn",
        "rule_of_thumb_annual_bn",
        "total_sold_bn",
        "absorbed_by",
        "seller_mtm_loss_bn",
    ] {
        assert!(s.get(key).is_some(), "summary.json lacks {key}");
    }
    assert_eq!(s["scenario"], "japan-fire-sale");
    assert_eq!(s["steps"], 120);
    assert_eq!(s["step"], "month");
    assert!((s["total_sold_bn"].as_f64().unwrap() - 1130.0).abs() < 1e-6);
    // Japan sells 1,130 of its 1,191.6; its elasticity on the 61.6 it keeps buys about $1B back later.
    let japan = s["absorbed_by"]["japan"].as_f64().unwrap() + 1130.0;
    assert!((0.0..2.0).contains(&japan), "{japan}");
    let peak = s["peak_d_yield_bp"]["10y"].as_f64().unwrap();
    let rule = s["rule_of_thumb_annual_bn"].as_f64().unwrap();
    assert!(
        (rule - 37_850.0 * peak / 10_000.0).abs() < 0.01,
        "rule {rule} vs peak {peak}"
    );
    // The peak happens at the end of the three-month sale.
    assert_eq!(s["peak_step"]["10y"], 3);
}

#[test]
fn every_run_gives_its_headline_figures_with_the_literature_range() {
    // japan-fire-sale under the low and high calibrations (flow and stock
    // × 0.5; flow × 2.5 and stock × 11): the figures bracket the central run's, in
    // summary.json, on the terminal and in report.md.
    let tmp = TempDir::new().unwrap();
    let out = selloff(tmp.path())
        .args(["run", "japan-fire-sale", "--out", "j"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let s: Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("j/summary.json")).unwrap())
            .unwrap();
    let r = &s["literature_range"];
    for (central, key) in [
        (
            s["peak_d_yield_bp"]["10y"].as_f64().unwrap(),
            "peak_d_yield_10y_bp",
        ),
        (
            s["end_d_yield_bp"]["10y"].as_f64().unwrap(),
            "end_d_yield_10y_bp",
        ),
        (
            s["d_interest_10y_cumulative_bn"].as_f64().unwrap(),
            "d_interest_10y_cumulative_bn",
        ),
    ] {
        let (lo, hi) = (
            r["low"][key].as_f64().unwrap(),
            r["high"][key].as_f64().unwrap(),
        );
        assert!(lo < central && central < hi, "{key}: {lo} {central} {hi}");
    }
    // Low multiplies flow and stock by 0.5, so every change halves (to 1%).
    // High multiplies the flow by 2.5 and the stock by 11: the end, after ten
    // years, is all stock (the flow premium has decayed to ~10⁻⁵), so it is
    // × 11; the peak, mostly flow premium, lies between × 2.5 and × 11.
    // summary.json states the multipliers it used.
    let m = |which: &str, part: &str| r["multipliers"][which][part].as_f64().unwrap();
    assert_eq!((m("low", "flow"), m("low", "stock")), (0.5, 0.5));
    assert_eq!((m("high", "flow"), m("high", "stock")), (2.5, 11.0));
    let peak = s["peak_d_yield_bp"]["10y"].as_f64().unwrap();
    let lo = r["low"]["peak_d_yield_10y_bp"].as_f64().unwrap();
    let hi = r["high"]["peak_d_yield_10y_bp"].as_f64().unwrap();
    assert!((lo / peak - 0.5).abs() < 0.01, "{lo} {peak}");
    assert!(2.5 * peak < hi && hi < 11.0 * peak, "{peak} {hi}");
    let end = s["end_d_yield_bp"]["10y"].as_f64().unwrap();
    let hi_end = r["high"]["end_d_yield_10y_bp"].as_f64().unwrap();
    assert!((hi_end / end - 11.0).abs() < 0.11, "{end} {hi_end}");
    // The sentence from the JSON's own figures (one decimal, thousands separated).
    let bp = |v: f64| {
        let s = format!("{:.1}", v.abs());
        let (int, frac) = s.split_once('.').unwrap();
        let mut with = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                with.push(',');
            }
            with.push(c);
        }
        format!("{}{with}.{frac}", if v < 0.0 { "−" } else { "+" })
    };
    let sentence = format!(
        "10-year peak {} bp (literature range {} to {})",
        bp(peak),
        bp(lo),
        bp(hi)
    );
    assert!(stdout.contains(&sentence), "{stdout}");
    let md = fs::read_to_string(tmp.path().join("j/report.md")).unwrap();
    assert!(md.contains(&sentence), "{md}");
    // The rule of thumb on the debt held by the public: $28,950B × the peak.
    let public = s["rule_of_thumb_public_annual_bn"].as_f64().unwrap();
    assert!(
        (public - 28_950.0 * peak / 10_000.0).abs() < 0.01,
        "{public}"
    );
    // A shock alone is the same under every calibration: no range is printed.
    let out = selloff(tmp.path())
        .args(["run", "rate-shock-1pct", "--out", "r"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!stdout.contains("literature range"), "{stdout}");
}

#[test]
fn run_accepts_a_path_and_out_chooses_the_folder() {
    let tmp = TempDir::new().unwrap();
    let s = run_summary(tmp.path(), "elsewhere/q3", &[&scenario("q3-2024")]);
    assert_eq!(s["scenario"], "q3-2024");
    assert!(tmp.path().join("elsewhere/q3/series.csv").is_file());
    assert!(!tmp.path().join("output").exists());
}

#[test]
fn set_overrides_a_value_like_editing_the_file() {
    let tmp = TempDir::new().unwrap();
    let via_flag = run_summary(
        tmp.path(),
        "a",
        &["japan-fire-sale", "--set", "holders.japan.sale.steps=24"],
    );
    let gradual = run_summary(tmp.path(), "b", &["japan-gradual"]);
    for key in [
        "peak_d_yield_bp",
        "d_interest_10y_cumulative_bn",
        "absorbed_by",
    ] {
        assert_eq!(via_flag[key], gradual[key], "{key}");
    }
    let fire = run_summary(tmp.path(), "c", &["japan-fire-sale"]);
    assert!(fire["peak_d_yield_bp"]["10y"].as_f64() > via_flag["peak_d_yield_bp"]["10y"].as_f64());
}

#[test]
fn list_shows_every_named_scenario_with_its_title() {
    let tmp = TempDir::new().unwrap();
    let out = selloff(tmp.path()).arg("list").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for (name, title) in [
        ("baseline", "Baseline: no sale"),
        ("japan-gradual", "Japan sells $1,130B over 24 months"),
        ("japan-fire-sale", "Japan sells $1,130B in 3 months"),
        ("japan-china", "Japan and China"),
        ("april-2025", "April 2025"),
        ("q3-2024", "Q3 2024"),
        ("auction-strike", "Auction strike"),
        ("rate-shock-1pct", "Every yield +100 bp"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} not listed:\n{stdout}"));
        assert!(line.contains(title), "{line}");
    }
}

#[test]
fn check_prints_a_resolved_scenario_that_parses_back_to_the_same_one() {
    let tmp = TempDir::new().unwrap();
    let first = selloff(tmp.path())
        .args(["check", "japan-china"])
        .assert()
        .success();
    let text = String::from_utf8(first.get_output().stdout.clone()).unwrap();
    assert!(text.contains("[holders.china.sale]"), "{text}");
    assert!(
        text.contains("wam_months = 71"),
        "defaults are applied:\n{text}"
    );
    assert!(
        !text.lines().skip(1).any(|l| l.starts_with("extends")),
        "the chain is resolved:\n{text}"
    );
    let file = tmp.path().join("resolved.toml");
    fs::write(&file, &text).unwrap();
    let second = selloff(tmp.path())
        .args(["check", file.to_str().unwrap()])
        .assert()
        .success();
    let again = String::from_utf8(second.get_output().stdout.clone()).unwrap();
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&text), body(&again));
    // And it runs to the same figures.
    let a = run_summary(tmp.path(), "a", &["japan-china"]);
    let b = run_summary(tmp.path(), "b", &[file.to_str().unwrap()]);
    assert_eq!(a["peak_d_yield_bp"], b["peak_d_yield_bp"]);
    assert_eq!(
        a["d_interest_10y_cumulative_bn"],
        b["d_interest_10y_cumulative_bn"]
    );
}

fn bad(tmp: &TempDir, name: &str, body: &str) -> (String, String) {
    let path = tmp.path().join(name);
    fs::write(&path, body).unwrap();
    let out = selloff(tmp.path())
        .args(["run", path.to_str().unwrap(), "--out", "o"])
        .assert()
        .code(2);
    assert!(
        !tmp.path().join("o").exists(),
        "nothing is written for invalid input"
    );
    (
        path.display().to_string(),
        String::from_utf8(out.get_output().stderr.clone()).unwrap(),
    )
}

#[test]
fn an_unknown_key_names_file_line_key_and_the_closest_valid_key() {
    let tmp = TempDir::new().unwrap();
    let (path, err) = bad(
        &tmp,
        "typo.toml",
        "extends = \"baseline\"\n\n[holders.japan.sale]\ntotal_bn = 100\nstepz = 3\n",
    );
    assert!(err.contains(&format!("{path}:5:1")), "{err}");
    assert!(err.contains("holders.japan.sale.stepz"), "{err}");
    assert!(err.contains("did you mean `steps`"), "{err}");
}

#[test]
fn a_wrong_type_names_file_line_and_key() {
    let tmp = TempDir::new().unwrap();
    let (path, err) = bad(
        &tmp,
        "type.toml",
        "extends = \"baseline\"\n[holders.japan]\nholdings_bn = \"a lot\"\n",
    );
    assert!(err.contains(&format!("{path}:3:15")), "{err}");
    assert!(err.contains("holders.japan.holdings_bn"), "{err}");
    assert!(err.contains("invalid type: string \"a lot\""), "{err}");
}

#[test]
fn a_sale_larger_than_the_holding_is_refused_with_its_location() {
    let tmp = TempDir::new().unwrap();
    let (path, err) = bad(
        &tmp,
        "oversold.toml",
        "extends = \"baseline\"\n\n[holders.china.sale]\ntotal_bn = 2000\nsteps = 3\n",
    );
    assert!(err.contains(&format!("{path}:4:1")), "{err}");
    assert!(err.contains("holders.china.sale.total_bn"), "{err}");
    assert!(err.contains("cannot sell more than it holds"), "{err}");
    assert!(err.contains("652.3"), "names the holding: {err}");
}

#[test]
fn a_bad_set_flag_is_named_in_the_error() {
    let tmp = TempDir::new().unwrap();
    let out = selloff(tmp.path())
        .args([
            "run",
            "japan-fire-sale",
            "--set",
            "holders.japan.sale.stepz=3",
        ])
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("--set holders.japan.sale.stepz=3"), "{err}");
    assert!(err.contains("did you mean `steps`"), "{err}");
    let out = selloff(tmp.path())
        .args([
            "run",
            "japan-fire-sale",
            "--set",
            "holders.japan.sale.total_bn=5000",
        ])
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("--set holders.japan.sale.total_bn=5000"),
        "{err}"
    );
    assert!(err.contains("cannot sell more than it holds"), "{err}");
}

#[test]
fn an_unknown_scenario_name_suggests_the_closest() {
    let tmp = TempDir::new().unwrap();
    let out = selloff(tmp.path())
        .args(["run", "japan-firesale"])
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("did you mean `japan-fire-sale`"), "{err}");
}

#[test]
fn the_impact_settings_refuse_what_is_not_valid_naming_file_line_and_key() {
    let tmp = TempDir::new().unwrap();
    let (path, err) = bad(
        &tmp,
        "shape.toml",
        "extends = \"baseline\"\n\n[market]\nimpact = \"sqrt\"\n",
    );
    assert!(err.contains(&format!("{path}:4:")), "{err}");
    assert!(
        err.contains("market.impact") && err.contains("`linear` or `concave`"),
        "{err}"
    );
    let (_, err) = bad(
        &tmp,
        "exponent.toml",
        "extends = \"baseline\"\n\n[market]\nimpact_exponent = 1.5\n",
    );
    assert!(err.contains("market.impact_exponent"), "{err}");
    let (_, err) = bad(
        &tmp,
        "scaling.toml",
        "extends = \"baseline\"\n\n[market]\nstock_scaling = \"per_gdp\"\n",
    );
    assert!(
        err.contains("market.stock_scaling") && err.contains("per_share"),
        "{err}"
    );
    let (_, err) = bad(
        &tmp,
        "flow.toml",
        "extends = \"baseline\"\n\n[market]\nflow_bp_per_100bn = -5\n",
    );
    assert!(err.contains("market.flow_bp_per_100bn"), "{err}");
}
