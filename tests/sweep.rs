//! Sweeps and the tornado through the binary.

use assert_cmd::Command;
use serde_json::Value;

fn selloff() -> Command {
    Command::cargo_bin("selloff").expect("binary builds")
}

fn csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut l = text.lines();
    let head = l.next().unwrap().split(',').map(String::from).collect();
    (
        head,
        l.map(|r| r.split(',').map(String::from).collect())
            .collect(),
    )
}

#[test]
fn sweep_rows_equal_individual_runs_with_the_same_set() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("sweep");
    selloff()
        .args([
            "sweep",
            "japan-fire-sale",
            "--vary",
            "holders.japan.sale.steps=1,6,24",
            "-q",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let (head, rows) = csv(&out.join("sweep.csv"));
    assert_eq!(head[0], "holders.japan.sale.steps");
    assert_eq!(rows.len(), 3);
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    for row in &rows {
        let run = d.path().join(format!("run-{}", row[0]));
        selloff()
            .args(["run", "japan-fire-sale", "-q", "--set"])
            .arg(format!("holders.japan.sale.steps={}", row[0]))
            .arg("--out")
            .arg(&run)
            .assert()
            .success();
        let s: Value =
            serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).unwrap())
                .unwrap();
        for (name, want, tol) in [
            ("peak_d_yield_bp.10y", &s["peak_d_yield_bp"]["10y"], 1e-4),
            (
                "d_interest_10y_cumulative_bn",
                &s["d_interest_10y_cumulative_bn"],
                1e-3,
            ),
            ("absorbed_by.banks", &s["absorbed_by"]["banks"], 1e-3),
            ("total_sold_bn", &s["total_sold_bn"], 1e-3),
        ] {
            let got: f64 = row[col(name)].parse().unwrap();
            let want = want.as_f64().unwrap();
            assert!(
                (got - want).abs() <= tol,
                "{name} at steps={}: {got} vs {want}",
                row[0]
            );
        }
    }
    // A slower sale moves the 10-year less.
    let peak: Vec<f64> = rows
        .iter()
        .map(|r| r[col("peak_d_yield_bp.10y")].parse().unwrap())
        .collect();
    assert!(peak[0] > peak[1] && peak[1] > peak[2], "{peak:?}");
    assert!(out.join("sweep.png").exists() && out.join("sweep.svg").exists());
}

#[test]
fn a_two_parameter_sweep_writes_a_grid_and_heat_maps() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("grid");
    selloff()
        .args([
            "sweep",
            "japan-fire-sale",
            "--vary",
            "holders.japan.sale.steps=1..7:3",
            "--vary",
            "market.elasticity_scale=0.5,1,2",
            "-q",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let (head, rows) = csv(&out.join("sweep.csv"));
    assert_eq!(
        &head[..2],
        ["holders.japan.sale.steps", "market.elasticity_scale"]
    );
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[0][..2], ["1", "0.5"]);
    assert_eq!(rows[8][..2], ["7", "2"]);
    for f in ["heatmap_d_interest_10y.png", "heatmap_peak_d_yield_10y.svg"] {
        assert!(out.join(f).exists(), "{f}");
    }
}

#[test]
fn sweep_with_paths_adds_percentile_columns() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("mc");
    selloff()
        .args([
            "sweep",
            "uncertain-japan",
            "--vary",
            "holders.japan.sale.steps=1,12",
            "--paths",
            "40",
            "-q",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let (head, rows) = csv(&out.join("sweep.csv"));
    let i = head
        .iter()
        .position(|h| h == "peak_d_yield_bp.10y.p95")
        .unwrap();
    let j = head
        .iter()
        .position(|h| h == "peak_d_yield_bp.10y.p5")
        .unwrap();
    for r in rows {
        assert!(r[i].parse::<f64>().unwrap() > r[j].parse::<f64>().unwrap());
    }
}

#[test]
fn tornado_ranks_the_uncertain_parameters() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("t");
    selloff()
        .args(["sweep", "--tornado", "uncertain-japan", "-q", "--out"])
        .arg(&out)
        .assert()
        .success();
    let (head, rows) = csv(&out.join("tornado.csv"));
    assert_eq!(head[0], "parameter");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[0][0], "market.elasticity_scale");
    let swing: Vec<f64> = rows.iter().map(|r| r[8].parse().unwrap()).collect();
    assert!(swing.windows(2).all(|w| w[0] >= w[1]), "{swing:?}");
    assert!(out.join("tornado.png").exists());
    // A scenario without distributions has no tornado: exit 2.
    selloff()
        .args(["sweep", "--tornado", "japan-fire-sale", "-q", "--out"])
        .arg(d.path().join("none"))
        .assert()
        .code(2);
}

/// Runs `selloff sweep ARGS -q --out OUT` and expects success.
fn sweep_into(out: &std::path::Path, args: &[&str]) {
    selloff()
        .arg("sweep")
        .args(args)
        .args(["-q", "--out"])
        .arg(out)
        .assert()
        .success();
}

#[test]
fn sweep_charts_follow_format_and_size() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("svg-only");
    let grid = ["japan-fire-sale", "--vary", "holders.japan.sale.steps=1,12"];
    sweep_into(
        &out,
        &[&grid[..], &["--format", "svg", "--size", "900x500"]].concat(),
    );
    assert!(
        !out.join("sweep.png").exists(),
        "--format svg writes no PNG"
    );
    let svg = std::fs::read_to_string(out.join("sweep.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("the SVG parses");
    let root = doc.root_element();
    assert_eq!(
        (root.attribute("width"), root.attribute("height")),
        (Some("900"), Some("500"))
    );
    // Titled by the scenario's name: its title ("… in 3 months") states the value varied.
    let text: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    // Heading and subtitle as in every chart; the key varied is shown in words.
    for want in [
        "Key figures against Japan: sale length",
        "Sweep of japan-fire-sale",
    ] {
        assert!(text.iter().any(|t| t.trim() == want), "{want}: {text:?}");
    }
    // The tornado follows them too.
    let out = d.path().join("tornado-png");
    let tornado = ["--tornado", "uncertain-japan"];
    sweep_into(
        &out,
        &[&tornado[..], &["--format", "png", "--size", "800x600"]].concat(),
    );
    assert!(
        !out.join("tornado.svg").exists(),
        "--format png writes no SVG"
    );
    let png = png::Decoder::new(std::io::Cursor::new(
        std::fs::read(out.join("tornado.png")).unwrap(),
    ));
    let info = png.read_info().expect("a valid PNG");
    assert_eq!((info.info().width, info.info().height), (800, 600));
}

#[test]
fn bad_vary_arguments_exit_2() {
    for v in [
        "holders.japan.sale.steps",
        "x=3..1:4",
        "holders.japan.sale.steps=1..5:1",
    ] {
        selloff()
            .args(["sweep", "japan-fire-sale", "--vary", v])
            .assert()
            .code(2);
    }
    // An invalid value at a grid point is a located scenario error.
    selloff()
        .args([
            "sweep",
            "japan-fire-sale",
            "--vary",
            "market.elasticity_scale=1,-1",
            "-q",
            "--out",
            "/tmp/selloff-never",
        ])
        .assert()
        .code(2);
    // A range that gives fractional values of a whole-number key names the
    // grid point and the --vary flag, not a --set the user never wrote.
    let out = selloff()
        .args([
            "sweep",
            "japan-fire-sale",
            "--vary",
            "holders.japan.sale.steps=1..36:12",
            "-q",
            "--out",
            "/tmp/selloff-never",
        ])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("in flag `--vary`: grid point holders.japan.sale.steps=4.18")
            && err.contains("expected a whole number")
            && !err.contains("--set"),
        "{err}"
    );
    assert!(!std::path::Path::new("/tmp/selloff-never").exists());
}
