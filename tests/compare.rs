//! `selloff compare`: overlay charts, and tables whose values equal the individual runs' summaries.

use assert_cmd::Command;
use std::path::Path;
use tempfile::TempDir;

fn selloff() -> Command {
    Command::cargo_bin("selloff").expect("the selloff binary is built")
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

/// A dotted figure name (`peak_d_yield_bp.10y`) looked up in a summary.json value.
fn lookup<'a>(v: &'a serde_json::Value, dotted: &str) -> Option<&'a serde_json::Value> {
    match dotted.split_once('.') {
        Some((a, b)) => v.get(a)?.get(b),
        None => v.get(dotted),
    }
}

#[test]
fn compare_values_equal_the_individual_runs() {
    let tmp = TempDir::new().unwrap();
    let names = ["japan-fire-sale", "japan-china", "rate-shock-1pct"];
    let mut summaries = Vec::new();
    for n in names {
        let out = tmp.path().join(n);
        selloff()
            .args(["run", n, "--quiet", "--format", "svg", "--out"])
            .arg(&out)
            .assert()
            .success();
        summaries.push(summary(&out));
    }
    let cmp = tmp.path().join("cmp");
    selloff()
        .arg("compare")
        .args(names)
        .args(["--quiet", "--out"])
        .arg(&cmp)
        .assert()
        .success();
    let mut rd = csv::Reader::from_path(cmp.join("compare.csv")).unwrap();
    let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["figure", names[0], names[1], names[2]]);
    let mut checked = 0;
    let mut figures = Vec::new();
    for rec in rd.records() {
        let rec = rec.unwrap();
        let figure = rec[0].to_string();
        for (i, s) in summaries.iter().enumerate() {
            let cell = &rec[i + 1];
            match lookup(s, &figure) {
                Some(v) => {
                    let want = v.as_f64().unwrap();
                    let got: f64 = cell
                        .parse()
                        .unwrap_or_else(|_| panic!("{figure}: `{cell}`"));
                    assert_eq!(got, want, "{figure} of {}", names[i]);
                    checked += 1;
                }
                None => assert!(cell.is_empty(), "{figure} of {} should be empty", names[i]),
            }
        }
        figures.push(figure);
    }
    assert!(checked > 30, "only {checked} values compared");
    for f in [
        "peak_d_yield_bp.10y",
        "d_interest_first_year_bn",
        "d_interest_10y_cumulative_bn",
        "rule_of_thumb_annual_bn",
        "seller_mtm_loss_bn.japan",
        "seller_mtm_loss_bn.china",
    ] {
        assert!(figures.iter().any(|x| x == f), "compare.csv has {f}");
    }
    assert!(
        figures.iter().any(|x| x == "seller_schedule_cost_bn.japan"),
        "compare.csv has the reactions' figures"
    );
    // compare.md: the same figures in words, with units, rounded for reading.
    let md = std::fs::read_to_string(cmp.join("compare.md")).unwrap();
    let peak = lookup(&summaries[0], "peak_d_yield_bp.10y")
        .unwrap()
        .as_f64()
        .unwrap();
    let row = format!("| Largest change of the 10y yield | bp | +{:.0} |", peak);
    assert!(md.contains(&row), "compare.md has {row:?}:\n{md}");
    let first = lookup(&summaries[0], "d_interest_first_year_bn")
        .unwrap()
        .as_f64()
        .unwrap();
    let row = format!("| Extra interest paid in the first year | $B | {first:.0} |");
    assert!(md.contains(&row), "compare.md has {row:?}:\n{md}");
    assert!(md.contains("| Japan's schedule: expected selling cost | $B |"));
    assert!(!md.contains('`'), "no raw keys in compare.md:\n{md}");
    for chart in ["compare_yield_change_10y", "compare_interest"] {
        assert!(cmp.join(format!("{chart}.png")).is_file(), "{chart}.png");
        let svg = std::fs::read_to_string(cmp.join(format!("{chart}.svg"))).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let text: String = doc.descendants().filter_map(|n| n.text()).collect();
        for n in names {
            assert!(text.contains(n), "{chart}.svg has a line for {n}");
        }
    }
}

#[test]
fn compare_needs_two_scenarios_and_a_known_name() {
    let tmp = TempDir::new().unwrap();
    selloff()
        .args(["compare", "japan-fire-sale", "--out"])
        .arg(tmp.path().join("x"))
        .assert()
        .code(2);
    selloff()
        .args(["compare", "japan-fire-sale", "no-such-scenario", "--out"])
        .arg(tmp.path().join("y"))
        .assert()
        .code(2);
    assert!(!tmp.path().join("x").exists() && !tmp.path().join("y").exists());
}
