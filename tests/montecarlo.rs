//! Monte Carlo through the binary: determinism across thread counts and runs,
//! ordered percentiles consistent with the central run, bands.csv, charts,
//! and located errors for invalid distributions.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn selloff() -> Command {
    Command::cargo_bin("selloff").expect("binary builds")
}

fn run(args: &[&str], out: &Path) {
    selloff()
        .arg("run")
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .assert()
        .success();
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON")
}

#[test]
fn output_is_byte_identical_across_thread_counts_and_runs() {
    let d = tempfile::tempdir().unwrap();
    let (a, b, c) = (d.path().join("a"), d.path().join("b"), d.path().join("c"));
    run(&["uncertain-japan", "--paths", "150", "--threads", "1"], &a);
    run(&["uncertain-japan", "--paths", "150", "--threads", "2"], &b);
    run(&["uncertain-japan", "--paths", "150", "--threads", "2"], &c);
    for f in ["bands.csv", "summary.json", "series.csv"] {
        let x = std::fs::read(a.join(f)).unwrap();
        assert_eq!(x, std::fs::read(b.join(f)).unwrap(), "{f}: 1 vs 2 threads");
        assert_eq!(x, std::fs::read(c.join(f)).unwrap(), "{f}: two runs");
    }
    // A different seed gives different bands.
    let e = d.path().join("e");
    run(&["uncertain-japan", "--paths", "150", "--seed", "7"], &e);
    assert_ne!(
        std::fs::read(a.join("bands.csv")).unwrap(),
        std::fs::read(e.join("bands.csv")).unwrap()
    );
}

#[test]
fn percentiles_are_ordered_and_bracket_the_central_run_for_a_symmetric_prior() {
    let d = tempfile::tempdir().unwrap();
    let scen = d.path().join("symmetric.toml");
    std::fs::write(
        &scen,
        "extends = \"japan-fire-sale\"\n[market]\nelasticity_scale = { dist = \"normal\", mean = 1.0, sd = 0.15 }\n\
         [holders.pensions-insurers]\nadjustment_months = { dist = \"uniform\", low = 18, high = 30 }\n",
    )
    .unwrap();
    let out = d.path().join("out");
    run(&[scen.to_str().unwrap(), "--paths", "200"], &out);
    let s = json(&out.join("summary.json"));
    let pc = &s["percentiles"];
    assert_eq!(pc["paths"], 200);
    let labels = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"];
    let mut checked = 0;
    for (name, v) in pc.as_object().unwrap() {
        let leaves: Vec<&Value> = if v.get("p50").is_some() {
            vec![v]
        } else if let Some(m) = v.as_object() {
            m.values().collect()
        } else {
            continue; // paths, seed, relative_accuracy
        };
        for leaf in leaves {
            let q: Vec<f64> = labels.iter().map(|l| leaf[*l].as_f64().unwrap()).collect();
            assert!(q.windows(2).all(|w| w[0] <= w[1]), "{name}: {q:?}");
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
    for (figure, central) in [
        ("10y", s["peak_d_yield_bp"]["10y"].as_f64().unwrap()),
        ("30y", s["peak_d_yield_bp"]["30y"].as_f64().unwrap()),
    ] {
        let p = &pc["peak_d_yield_bp"][figure];
        let (p5, p95) = (p["p5"].as_f64().unwrap(), p["p95"].as_f64().unwrap());
        assert!(
            p5 < central && central < p95,
            "{figure}: {p5} {central} {p95}"
        );
    }
    let central = s["d_interest_10y_cumulative_bn"].as_f64().unwrap();
    let p = &pc["d_interest_10y_cumulative_bn"];
    assert!(p["p5"].as_f64().unwrap() < central && central < p["p95"].as_f64().unwrap());
    // Figures equal on every path are reported exactly.
    assert_eq!(pc["total_sold_bn"]["p5"], s["total_sold_bn"]);
}

#[test]
fn bands_csv_has_every_step_and_ordered_bands_and_charts_are_written() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    run(&["uncertain-japan", "--paths", "100"], &out);
    let text = std::fs::read_to_string(out.join("bands.csv")).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&head[..2], ["step", "date"]);
    for col in [
        "d_yield_10y_bp_p5",
        "d_yield_10y_bp_p95",
        "d_interest_annual_bn_p50",
        "d_interest_cumulative_bn_p95",
    ] {
        assert!(head.contains(&col), "{col}");
    }
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 121);
    for r in &rows {
        for g in r[2..].chunks(5) {
            let v: Vec<f64> = g.iter().map(|x| x.parse().unwrap()).collect();
            assert!(v.windows(2).all(|w| w[0] <= w[1]), "{v:?}");
        }
    }
    for stem in [
        "fan_d_yield_10y",
        "fan_d_interest_cumulative",
        "hist_d_interest_10y",
    ] {
        let png = std::fs::read(out.join(format!("{stem}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{stem}");
        let svg = std::fs::read_to_string(out.join(format!("{stem}.svg"))).unwrap();
        let doc = roxmltree::Document::parse(&svg).expect("valid SVG");
        let text: String = doc
            .descendants()
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains("Japan sells"),
            "{stem}: title names the scenario"
        );
        assert!(text.contains("seed 42"), "{stem}: footer");
    }
}

#[test]
fn a_run_without_paths_writes_no_bands() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("out");
    run(&["uncertain-japan"], &out);
    assert!(!out.join("bands.csv").exists());
    assert!(json(&out.join("summary.json")).get("percentiles").is_none());
}

#[test]
fn invalid_distribution_parameters_are_located_errors() {
    let d = tempfile::tempdir().unwrap();
    let cases = [
        ("{ dist = \"normal\", mean = 1, sd = -0.2 }", "`sd`"),
        ("{ dist = \"lognormal\", median = 1, sigma = 0 }", "`sigma`"),
        (
            "{ dist = \"lognormal\", median = -1, sigma = 0.5 }",
            "`median`",
        ),
        ("{ dist = \"uniform\", low = 2, high = 1 }", "`low`"),
        (
            "{ dist = \"triangular\", low = 1, mode = 3, high = 2 }",
            "`mode`",
        ),
        (
            "{ dist = \"triangular\", low = 3, mode = 3, high = 2 }",
            "`low`",
        ),
    ];
    for (i, (dist, field)) in cases.iter().enumerate() {
        let f = d.path().join(format!("bad{i}.toml"));
        std::fs::write(
            &f,
            format!("extends = \"japan-fire-sale\"\n[market]\nelasticity_scale = {dist}\n"),
        )
        .unwrap();
        let out = selloff()
            .args(["run", f.to_str().unwrap(), "--paths", "10", "--out"])
            .arg(d.path().join("never"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{dist}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("bad{i}.toml:3:")), "{dist}: {err}");
        assert!(err.contains("market.elasticity_scale"), "{dist}: {err}");
        assert!(err.contains(field), "{dist}: {err}");
        assert!(!d.path().join("never").exists());
    }
}

#[test]
fn draws_that_do_not_validate_are_invalid_input_not_a_crash() {
    let d = tempfile::tempdir().unwrap();
    let f = d.path().join("shares.toml");
    // The central shares sum to 1; drawn ones do not.
    std::fs::write(
        &f,
        "extends = \"japan-fire-sale\"\n[debt]\nshares = [{ dist = \"uniform\", low = 0.11, high = 0.31 }, 0.15, 0.20, 0.08, 0.19, 0.05, 0.12]\n",
    )
    .unwrap();
    let out = selloff()
        .args(["run", f.to_str().unwrap(), "--paths", "5", "--out"])
        .arg(d.path().join("never"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("path 0") && err.contains("debt.shares"),
        "{err}"
    );
    assert!(!d.path().join("never").exists());
}

#[test]
fn the_report_gains_a_paragraph_on_the_spread_from_the_percentiles() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("u");
    run(&["uncertain-japan", "--paths", "300"], &out);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let s = json(&out.join("summary.json"));
    let q = |name: &str| {
        s["percentiles"]["peak_d_yield_bp"]["10y"][name]
            .as_f64()
            .unwrap()
    };
    let bp = |v: f64| {
        // Whole bp as the report prints them (`{:.0}`: a tie such as 214.5 goes to the even 214).
        let r: i64 = format!("{v:.0}").parse().unwrap();
        let digits = r.abs().to_string();
        let mut with = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                with.push(',');
            }
            with.push(c);
        }
        format!("{}{with}", if r < 0 { "−" } else { "+" })
    };
    assert!(md.contains("## Uncertainty"), "{md}");
    let sentence = format!(
        "in 90% of paths the 10y yield peaks between {} and {} bp",
        bp(q("p5")),
        bp(q("p95"))
    );
    assert!(md.contains(&sentence), "expected {sentence:?} in:\n{md}");
    assert!(md.contains("![Fan chart of the 10-year change](fan_d_yield_10y.png)"));
}

#[test]
fn paths_of_a_scenario_without_uncertainty_are_called_what_they_are() {
    // japan-fire-sale has no distribution, no yield noise and no trigger:
    // every path is the central run, and the tool says so instead of
    // reporting a "spread" from +713 to +713 bp.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("j");
    let a = selloff()
        .args(["run", "japan-fire-sale", "--paths", "40", "--format", "svg"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&a.get_output().stderr).to_string();
    assert!(
        err.contains("`japan-fire-sale` has no uncertain assumption, so all 40 paths will repeat the central run"),
        "{err}"
    );
    assert!(err.contains("dist = \"lognormal\""), "{err}");
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let s = json(&out.join("summary.json"));
    let peak = s["peak_d_yield_bp"]["10y"].as_f64().unwrap();
    assert!(md.contains("every path is the central run"), "{md}");
    assert!(
        md.contains(&format!("the 10y yield peaks at +{peak:.0} bp")),
        "central peak {peak} not in:\n{md}"
    );
    assert!(!md.contains("in 90% of paths"), "{md}");
    // The bands are indeed one line at the central run.
    let p5 = s["percentiles"]["peak_d_yield_bp"]["10y"]["p5"]
        .as_f64()
        .unwrap();
    let p95 = s["percentiles"]["peak_d_yield_bp"]["10y"]["p95"]
        .as_f64()
        .unwrap();
    assert_eq!(p5, p95);
    // With --quiet there is no note; a scenario with distributions has none either.
    let q = selloff()
        .args([
            "run",
            "japan-fire-sale",
            "--paths",
            "10",
            "--quiet",
            "--format",
            "svg",
        ])
        .arg("--out")
        .arg(tmp.path().join("q"))
        .assert()
        .success();
    assert!(q.get_output().stderr.is_empty());
    let u = selloff()
        .args(["run", "uncertain-japan", "--paths", "10", "--format", "svg"])
        .arg("--out")
        .arg(tmp.path().join("u"))
        .assert()
        .success();
    let err = String::from_utf8_lossy(&u.get_output().stderr).to_string();
    assert!(!err.contains("no uncertain assumption"), "{err}");
}
