//! The calibration scorecard (issue 15): the criteria as a test (ignored until
//! the flow/stock calibration lands), the machinery checked on the shipped
//! anchors, and `selloff calibrate` run as a user runs it.

mod common;

use assert_cmd::Command;
use selloff::engine::scorecard::{self, Scorecard};
use selloff::scenario::anchors::{self, AnchorSet};
use std::path::PathBuf;

fn anchors_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("calibration/anchors.toml")
}

fn shipped() -> (AnchorSet, Scorecard) {
    let set =
        anchors::load(&anchors_file()).expect("the shipped anchors load and their probes validate");
    let sc = scorecard::run(&set);
    (set, sc)
}

fn row<'a>(sc: &'a Scorecard, id: &str) -> &'a scorecard::Row {
    sc.rows
        .iter()
        .find(|r| r.anchor.id == id)
        .unwrap_or_else(|| panic!("no anchor `{id}`"))
}

/// Issue 15's "done when": the central calibration inside the published range
/// or within 1.5× of a point estimate for at least three-quarters of the
/// anchors, within 2× of every one, and the low–high band bracketing each.
#[test]
#[ignore = "issue 15: fails honestly: 3 of 8 anchors meet their range (6 needed) and beltran-long-run is 12x off (docs/MODEL.md §7); run with --ignored"]
fn the_calibration_meets_the_literature() {
    let (_, sc) = shipped();
    let table = selloff::report::scorecard::text_table(&sc);
    assert!(
        sc.share_meeting_range() >= scorecard::REQUIRED_SHARE,
        "too few anchors inside their range:\n{table}"
    );
    for r in &sc.rows {
        assert!(
            r.within_max_factor(),
            "`{}` is more than 2× off:\n{table}",
            r.anchor.id
        );
        assert!(
            r.bracketed(),
            "`{}` is outside the low–high band:\n{table}",
            r.anchor.id
        );
    }
    assert!(sc.passes());
}

/// Where the calibration stands against issue 15's criteria, so that a
/// change that loses ground fails: the low–high band brackets every anchor
/// (the high stock multiplier is Beltran et al.'s long run), every anchor
/// but Beltran's long run is within 2× of the central figure, and at least
/// the three that meet their range today still do.
#[test]
fn the_scorecard_keeps_the_ground_it_has() {
    let (_, sc) = shipped();
    let table = selloff::report::scorecard::text_table(&sc);
    for r in &sc.rows {
        assert!(
            r.bracketed(),
            "`{}` outside the band:\n{table}",
            r.anchor.id
        );
        if r.anchor.id != "beltran-long-run" {
            assert!(
                r.within_max_factor(),
                "`{}` > 2x off:\n{table}",
                r.anchor.id
            );
        }
    }
    for id in ["beltran-short-run", "gagnon-lsap1", "swanson-qe2"] {
        assert!(row(&sc, id).meets_range(), "`{id}`:\n{table}");
    }
    // Beltran's long run is 10 to 14 times the central figure (11.7 today).
    let r = row(&sc, "beltran-long-run");
    assert!((10.0..14.0).contains(&(1.0 / r.ratio())), "{}", r.ratio());
}

#[test]
fn every_anchor_runs_and_the_table_matches_the_data_file() {
    let (set, sc) = shipped();
    // The rows are the file's `[[anchor]]` tables, in order, read independently of the loader.
    let text = std::fs::read_to_string(anchors_file()).unwrap();
    let raw: toml::Table = toml::from_str(&text).unwrap();
    let ids: Vec<&str> = raw["anchor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let rows: Vec<&str> = sc.rows.iter().map(|r| r.anchor.id.as_str()).collect();
    assert_eq!(rows, ids);
    assert!(ids.len() >= 7, "the brief's studies are all scored");
    assert_eq!(set.runs.len(), ids.len());
    for r in &sc.rows {
        for v in r.figures() {
            assert!(v.is_finite() && v != 0.0, "`{}`: figure {v}", r.anchor.id);
        }
        // The named calibrations order the impact: low < central < high in magnitude,
        // except where a capped purchase pins two of them at the backstop's floor.
        let (l, c, h) = (r.low_bp.abs(), r.central_bp.abs(), r.high_bp.abs());
        assert!(
            l < c && (c < h || r.capped),
            "`{}`: {l} {c} {h}",
            r.anchor.id
        );
        // A sale raises yields and a purchase lowers them, as the published signs say.
        assert_eq!(
            r.central_bp.signum(),
            r.anchor.published_bp.signum(),
            "`{}`",
            r.anchor.id
        );
    }
    // Each probe runs in its own era's market: the market the row states is its era's.
    for (a, runs) in set.anchors.iter().zip(&set.runs) {
        for r in &runs.era {
            assert!(
                (r.params.debt.marketable - a.market_bn).abs() < 0.5,
                "`{}`",
                a.id
            );
        }
    }
}

/// The flow is fitted to Beltran et al.'s short run in their own (2010) market
/// and carries per dollar: the same dollars today give nearly the same short
/// run (40–60 bp), while their long run (~20 bp) is not met: the stock is
/// fitted to the stock studies, which disagree with it (docs/MODEL.md §7).
#[test]
fn the_flow_reproduces_beltran_et_al_in_their_market_and_today() {
    let (_, sc) = shipped();
    let short = row(&sc, "beltran-short-run");
    for v in [short.central_bp, short.today_per_dollar_bp] {
        assert!((40.0..=60.0).contains(&v), "{v}");
    }
    // Per dollar: the era's and today's markets differ only by their holders' mix,
    // so the two figures agree within 10% (50.0 against 52.2).
    assert!(
        (short.central_bp - short.today_per_dollar_bp).abs() < 0.1 * short.central_bp,
        "{} {}",
        short.central_bp,
        short.today_per_dollar_bp
    );
    // Per share, the same share of today's 3.2-times larger market is 3.2 times
    // the dollars: about three times the impact.
    assert!(
        short.today_per_share_bp > 2.5 * short.today_per_dollar_bp,
        "{}",
        short.today_per_share_bp
    );
    // It is the calibration's own check (src/engine/calibration.rs), read another way:
    // a $100B one-month sale of the 5-year reference portfolio, 5-year at month 1.
    let r = selloff::scenario::open("baseline", &[]).unwrap();
    let implied = selloff::engine::calibration::implied_per_100bn(&r.params);
    assert!(
        (short.today_per_dollar_bp - implied.one_month_5y_bp).abs() < 0.1 * implied.one_month_5y_bp,
        "probe {} against the implied {}",
        short.today_per_dollar_bp,
        implied.one_month_5y_bp
    );
    // Beltran's long run is the disagreement the fit leaves: the model's stock
    // effect for $100B of 5-year paper is a few bp (1.7), not ~20.
    let long = row(&sc, "beltran-long-run");
    assert!(
        (1.0..=5.0).contains(&long.central_bp),
        "{}",
        long.central_bp
    );
}

#[test]
fn calibrate_writes_the_table_the_csv_the_markdown_and_the_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("cal");
    let assert = Command::cargo_bin("selloff")
        .unwrap()
        .args(["calibrate", "--out"])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for h in [
        "study",
        "probe",
        "published bp (range)",
        "central bp",
        "low bp",
        "high bp",
        "ratio",
    ] {
        assert!(stdout.contains(h), "{h} missing:\n{stdout}");
    }
    let (set, sc) = shipped();
    let csv = std::fs::read_to_string(out.join("scorecard.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), set.anchors.len());
    for (rec, r) in records.iter().zip(&sc.rows) {
        assert_eq!(&rec[col("id")], r.anchor.id);
        let central: f64 = rec[col("central_bp")].parse().unwrap();
        assert!(
            (central - r.central_bp).abs() < 1e-3,
            "{central} vs {}",
            r.central_bp
        );
        let published: f64 = rec[col("published_bp")].parse().unwrap();
        assert_eq!(published, r.anchor.published_bp);
    }
    let md = std::fs::read_to_string(out.join("scorecard.md")).unwrap();
    assert!(md.contains("| study | probe |") && md.contains("Per dollar or per share"));
    for a in &set.anchors {
        assert!(md.contains(&a.url), "{} not cited", a.id);
    }
    let (w, h, colours) = common::decode(&out.join("scorecard.png"));
    assert_eq!((w, h), (1200, 700));
    assert!(colours > 10, "the chart has content");
    let svg = common::svg_text(&out.join("scorecard.svg"));
    assert!(svg.contains("beltran-short-run") && svg.contains("Published effect"));
    // Same anchors, same bytes.
    let again = tmp.path().join("again");
    Command::cargo_bin("selloff")
        .unwrap()
        .args(["calibrate", "--quiet", "--out"])
        .arg(&again)
        .assert()
        .success();
    for f in [
        "scorecard.csv",
        "scorecard.md",
        "scorecard.png",
        "scorecard.svg",
    ] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn a_bad_anchors_file_is_invalid_input_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(anchors_file()).unwrap();
    let cases = [
        // A typo'd key: the TOML parser's line and column, and the valid keys.
        (
            text.replacen("published_bp = 50", "publishd_bp = 50", 1),
            "publishd_bp",
        ),
        // A range that does not contain its figure.
        (
            text.replacen("low_bp = 40", "low_bp = 55", 1),
            "must contain the figure",
        ),
        // A market that is not its era's.
        (
            text.replacen("market_bn = 5726", "market_bn = 6000", 1),
            "differs from its era",
        ),
        // A date that is not a month.
        (
            text.replacen("date = \"2009-03\"", "date = \"March 2009\"", 1),
            "YYYY-MM",
        ),
        // A holder the era does not have.
        (
            text.replacen("holder = \"china\"", "holder = \"chnia\"", 1),
            "is not a holder",
        ),
    ];
    // A copy of the calibration folder and today's market, so the eras resolve
    // as they do beside the shipped file.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(tmp.path().join("calibration/eras")).unwrap();
    std::fs::create_dir_all(tmp.path().join("scenarios")).unwrap();
    for e in std::fs::read_dir(root.join("calibration/eras"))
        .unwrap()
        .flatten()
    {
        std::fs::copy(
            e.path(),
            tmp.path().join("calibration/eras").join(e.file_name()),
        )
        .unwrap();
    }
    std::fs::copy(
        root.join("scenarios/baseline.toml"),
        tmp.path().join("scenarios/baseline.toml"),
    )
    .unwrap();
    for (i, (bad, expect)) in cases.iter().enumerate() {
        let file = tmp.path().join(format!("calibration/bad-{i}.toml"));
        std::fs::write(&file, bad).unwrap();
        let dir = tmp.path().join(format!("out-{i}"));
        let out = Command::cargo_bin("selloff")
            .unwrap()
            .args(["calibrate", "--anchors"])
            .arg(&file)
            .arg("--out")
            .arg(&dir)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{expect}: {err}");
        assert!(err.contains(expect), "expected `{expect}` in: {err}");
        assert!(!dir.exists(), "nothing is written for invalid input");
    }
}

/// A purchase probe is, for now, an always-binding backstop: in a market
/// where it stays within the format's threshold it buys the amount evenly
/// over the months, and nothing after; a sale probe sells its amount evenly.
#[test]
fn probes_buy_and_sell_exactly_what_the_anchor_says() {
    let (set, _) = shipped();
    let dk = set
        .anchors
        .iter()
        .position(|a| a.id == "damico-king-stock")
        .unwrap();
    let r = &set.runs[dk].today_per_dollar;
    // A purchase programme of the Fed: $300B evenly over seven months.
    let fed = r
        .params
        .holders
        .iter()
        .position(|h| h.name == "fed")
        .unwrap();
    assert_eq!(r.params.purchases.len(), 1);
    assert_eq!(r.params.purchases[0].holder, fed);
    let d = selloff::engine::run_deterministic(&r.params, r.seed);
    // What the Fed holds rises by exactly that (its elasticity is 0: it buys nothing else).
    for (t, w) in d.steps.windows(2).enumerate() {
        let b = w[1].holdings[fed] - w[0].holdings[fed];
        let t = t + 1;
        let expect = if (1..=7).contains(&t) {
            300.0 / 7.0
        } else {
            0.0
        };
        assert!(
            (b - expect).abs() < 1e-6,
            "step {t}: bought {b}, expected {expect}"
        );
    }
    let beltran = set
        .anchors
        .iter()
        .position(|a| a.id == "beltran-short-run")
        .unwrap();
    // China's planned sales ($B by step) in a resolved probe.
    let china_sales = |r: &selloff::scenario::Resolved| -> Vec<f64> {
        let h = r.params.holders.iter().find(|h| h.name == "china");
        h.expect("China is a holder of every era").sales.clone()
    };
    let sales = china_sales(&set.runs[beltran].era[1]);
    assert_eq!(sales.iter().sum::<f64>(), 100.0);
    assert_eq!(sales[1], 100.0);
    // Per share scales the dollars by today's market over the era's.
    let sold: f64 = china_sales(&set.runs[beltran].today_per_share).iter().sum();
    assert!((sold - 100.0 * 28950.0 / 8943.0).abs() < 1e-6, "{sold}");
}
