//! `selloff data build`: a baseline from fixtures of the five published tables,
//! from local files and with `--fetch` against a server on the loopback address,
//! and the bad-file cases (exit 2 naming the file, line and what was expected;
//! nothing written).
//!
//! The fixtures in tests/fixtures/data/ copy the published formats as seen in
//! public parsers and fixtures of these files (search of public code, Dec 2026):
//! - `slt_table5.txt`: TIC Table 5, tab-separated, CRLF, title lines and a
//!   `Link:` line, `Country<TAB>2026-07<TAB>2026-06…` header (months newest
//!   first), `Grand Total`, `Of Which: Foreign Official` rows: seen in a Python
//!   pipeline's test fixture ("a trimmed copy of the real file") and in a Node
//!   fetcher that stops at `Grand Total` and skips `All Other`; footnote suffixes
//!   such as `United Kingdom 2/`, `Belgium  5/` and `n.a.` cells: named in a TIC
//!   adapter's notes and a research log reading `slt_table3.txt`.
//! - `mfhhis01.txt`: the history layout, a block per year with the header split
//!   over a row of month names and a row of years, then a rule of dashes: seen in
//!   the same Python fixture and in a notebook that parses it.
//! - `mspd_table_1.csv`, `avg_interest_rates.csv`: Fiscal Data's columns and
//!   labels (`record_date` "Record Date", `debt_held_public_mil_amt` "Debt Held by
//!   the Public (in Millions)", …) from the API's own `meta.labels`; summary rows
//!   carry `_` as their class; rate rows named "Treasury Bills" … "Total
//!   Marketable" (a TypeScript copy of the May 2025 rows: 4.316, 3.008, 3.278).
//! - `par_yields_2026.csv`: `Date,"1 Mo","1.5 Month",…,"30 Yr"`, MM/DD/YYYY,
//!   newest first, blank cells when a tenor was not quoted: seen in several fetchers.
//! - `fred_yields.csv`: FRED's multi-series CSV (`fredgraph.csv?id=DGS3MO,DGS2,…`),
//!   `observation_date,DGS3MO,…`, oldest first, `.` on a holiday: as a skill's
//!   notes describe FRED's export (header `observation_date,<ID1>,<ID2>`).
//! - `fred_treast.csv`: FRED's `observation_date,SERIES` CSV, `.` for missing.
//!
//! Figures: Japan, the UK and China for 2026-03, 2025-09 and 2025-03 are TIC's
//! (../shared/FACTS.md); every other number in the fixtures is illustrative, chosen
//! to have the published magnitudes. Thousands separators were not seen in any
//! example of these five files, so no fixture has them (the parser accepts them;
//! see the unit tests in src/data/text.rs).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/data")
        .join(name)
}

const FILES: [(&str, &str); 5] = [
    ("--tic", "slt_table5.txt"),
    ("--mspd", "mspd_table_1.csv"),
    ("--rates", "avg_interest_rates.csv"),
    ("--yields", "par_yields_2026.csv"),
    ("--soma", "fred_treast.csv"),
];

fn selloff(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_selloff"))
        .current_dir(dir)
        .env_remove("SELLOFF_DATA_BASE_URL")
        .args(args)
        .output()
        .expect("the selloff binary runs")
}

/// `data build` with the five fixtures, `replace` swapping in other files, and `extra` flags.
fn build(dir: &Path, replace: &[(&str, PathBuf)], extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["data".into(), "build".into()];
    for (flag, name) in FILES {
        let p = replace
            .iter()
            .find(|r| r.0 == flag)
            .map_or_else(|| fixture(name), |r| r.1.clone());
        args.push(flag.into());
        args.push(p.display().to_string());
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    selloff(dir, &refs)
}

fn text(o: &Output) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn read(path: &Path) -> toml::Table {
    let s = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&s).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn assert_contains(path: &Path, needle: &str) {
    let s = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        s.contains(needle),
        "{} has no `{needle}`:\n{s}",
        path.display()
    );
}

fn num(t: &toml::Table, dotted: &str) -> f64 {
    let mut v: &toml::Value = &t[dotted.split('.').next().unwrap()];
    for k in dotted.split('.').skip(1) {
        v = v.get(k).unwrap_or_else(|| panic!("no {dotted}"));
    }
    v.as_float()
        .or_else(|| v.as_integer().map(|i| i as f64))
        .unwrap_or_else(|| panic!("{dotted} is not a number"))
}

fn nums(t: &toml::Table, dotted: &str) -> Vec<f64> {
    let (sec, key) = dotted.split_once('.').unwrap();
    t[sec][key]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect()
}

fn holders(t: &toml::Table) -> Vec<(String, f64)> {
    t["holders"]
        .as_table()
        .unwrap()
        .iter()
        .map(|(k, _)| (k.clone(), num(t, &format!("holders.{k}.holdings_bn"))))
        .collect()
}

// The 2026-03-31 fixture's marketable rows held by the public, $ millions.
const MARKETABLE_2026: [f64; 5] = [
    6650123.4567,
    15320456.789,
    5210987.6543,
    2080345.1234,
    640234.5678,
];

#[test]
fn builds_from_local_files_with_a_comment_per_number() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b.toml");
    let o = build(tmp.path(), &[], &["--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let t = read(&out);
    // TIC 2026-03 (FACTS: Japan 1,191.6, UK 926.9, China 652.3; Grand Total 9,300.0 in the fixture).
    assert_eq!(num(&t, "holders.japan.holdings_bn"), 1191.6);
    assert_eq!(num(&t, "holders.uk.holdings_bn"), 926.9);
    assert_eq!(num(&t, "holders.china.holdings_bn"), 652.3);
    assert!(
        (num(&t, "holders.other-foreign.holdings_bn") - (9300.0 - 1191.6 - 926.9 - 652.3)).abs()
            < 1e-9
    );
    // The Fed: the newest observation, 2026-04-01, 4,208,543 $M.
    assert_eq!(num(&t, "holders.fed.holdings_bn"), 4208.5);
    // MSPD: marketable held by the public is the sum of the classes (FFB holds none), in $B to 0.1.
    let marketable: f64 = MARKETABLE_2026.iter().sum::<f64>() / 1000.0;
    assert!((num(&t, "debt.marketable_bn") - marketable).abs() < 0.05 + 1e-9);
    // Holders sum to it exactly, to the 0.1 $B the file is written in.
    let sum: f64 = holders(&t).iter().map(|h| h.1).sum();
    assert!(
        (sum - num(&t, "debt.marketable_bn")).abs() < 0.051,
        "holders sum to {sum}"
    );
    // Shares: bills' share of marketable to 3m, and the whole sums to 1 (rounded to 4 decimals each).
    let shares = nums(&t, "debt.shares");
    assert!((shares[0] - MARKETABLE_2026[0] / MARKETABLE_2026.iter().sum::<f64>()).abs() < 6e-5);
    assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-3);
    assert_eq!(
        nums(&t, "debt.coupons_pct"),
        vec![3.912, 3.187, 3.187, 3.187, 3.187, 3.402, 3.402]
    );
    // The newest curve, 03/31/2026, at the template's tenors 3m 2y 5y 10y 30y.
    assert_eq!(
        nums(&t, "curve.yields_pct"),
        vec![3.74, 3.58, 3.71, 4.12, 4.70]
    );
    // Assumptions kept from scenarios/baseline.toml.
    assert_eq!(num(&t, "holders.japan.duration_years"), 5.5);
    assert_eq!(num(&t, "holders.banks.holdings_bn"), 2200.0);
    assert_eq!(num(&t, "debt.wam_months"), 71.0);
    assert_eq!(
        nums(&t, "curve.loadings"),
        vec![0.10, 0.45, 0.75, 1.00, 1.15]
    );
    // A comment on every number from a table: its table, date and row.
    let body = std::fs::read_to_string(&out).unwrap();
    let line_of = |needle: &str| {
        body.lines()
            .find(|l| l.starts_with(needle))
            .unwrap_or_else(|| panic!("no line {needle}"))
            .to_string()
    };
    assert!(line_of("gross_bn").contains("# MSPD table 1, 2026-03-31, row `Total Public Debt Outstanding` (mspd_table_1.csv, line 16)"));
    assert!(line_of("marketable_bn").contains("row `Total Marketable` (mspd_table_1.csv, line 8)"));
    assert!(line_of("    4.12,").contains("# Daily Treasury Par Yield Curve Rates, 2026-03-31, column `10 Yr` (par_yields_2026.csv, line 2)"));
    assert!(line_of("    3.912,").contains(
        "Average Interest Rates on U.S. Treasury Securities, 2026-03-31, row `Treasury Bills`"
    ));
    let holdings: Vec<&str> = body
        .lines()
        .filter(|l| l.starts_with("holdings_bn"))
        .collect();
    assert_eq!(holdings.len(), 12);
    assert!(holdings.iter().all(|l| l.contains("  # ")), "{holdings:?}");
    assert!(
        holdings[1].contains("2026-03, row `China, Mainland` (slt_table5.txt, line 9)"),
        "{}",
        holdings[1]
    );
    assert!(body.contains("the residual: marketable debt held by the public"));
    // The terminal names the residual, and `selloff check` passes on the file.
    assert!(text(&o).contains("other-domestic"));
    let c = selloff(tmp.path(), &["check", out.to_str().unwrap()]);
    assert!(c.status.success(), "{}", text(&c));
}

#[test]
fn month_and_date_choose_the_column_and_the_day() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b.toml");
    let o = build(
        tmp.path(),
        &[],
        &[
            "--month",
            "2025-03",
            "--date",
            "2026-03-28",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let t = read(&out);
    // TIC Mar 2025 (FACTS): the last of the thirteen columns.
    assert_eq!(num(&t, "holders.japan.holdings_bn"), 1130.8);
    assert_eq!(num(&t, "holders.china.holdings_bn"), 765.4);
    assert_eq!(num(&t, "holders.uk.holdings_bn"), 779.3);
    // MSPD and rates of 2025-03-31.
    assert_eq!(nums(&t, "debt.coupons_pct")[0], 4.339);
    // 2026-03-28 is a Saturday: the curve of Friday 03/27/2026, and the Fed's
    // holdings of 2026-03-25 (2026-04-01 is later; 2026-03-18 is `.`).
    assert_eq!(
        nums(&t, "curve.yields_pct"),
        vec![3.76, 3.63, 3.76, 4.17, 4.74]
    );
    assert_eq!(num(&t, "holders.fed.holdings_bn"), 4206.1);
}

#[test]
fn the_history_file_builds_too() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b.toml");
    let o = build(
        tmp.path(),
        &[("--tic", fixture("mfhhis01.txt"))],
        &["--month", "2025-03", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let t = read(&out);
    // The 2025 block: "Mar" is the tenth month name over the row of years.
    assert_eq!(num(&t, "holders.japan.holdings_bn"), 1098.6);
    assert_eq!(num(&t, "holders.china.holdings_bn"), 746.9);
    assert_contains(&out, "(mfhhis01.txt, line 9)");
}

#[test]
fn the_curve_can_come_from_fred_series_too() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b.toml");
    let o = build(
        tmp.path(),
        &[("--yields", fixture("fred_yields.csv"))],
        &["--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    // 2026-04-03 (Good Friday) is all `.`: the newest quoted day is 2026-03-31,
    // the same curve as Treasury's file gives that day.
    assert_eq!(
        nums(&read(&out), "curve.yields_pct"),
        vec![3.74, 3.58, 3.71, 4.12, 4.70]
    );
    assert_contains(&out, "2026-03-31, column `DGS10` (fred_yields.csv, line 5)");
}

/// Every shipped scenario, with `extends = "baseline"` finding the built file
/// (a scenario's own folder is searched first), validates; two of them run.
#[test]
fn every_shipped_scenario_runs_on_a_built_baseline() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("scenarios");
    std::fs::create_dir(&dir).unwrap();
    let built = dir.join("baseline.toml");
    // March 2025 (China held 765.4): every shipped sale fits the holdings of that month too.
    let o = build(
        tmp.path(),
        &[],
        &["--month", "2025-03", "--out", built.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let residual = num(&read(&built), "holders.other-domestic.holdings_bn");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut names = Vec::new();
    for e in std::fs::read_dir(&shipped).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".toml") && name != "baseline.toml" {
            std::fs::copy(&p, dir.join(&name)).unwrap();
            names.push(name);
        }
    }
    assert!(names.len() >= 10, "{names:?}");
    // march-2020 runs in the market of February 2020 (calibration/eras/),
    // which extends the baseline and then sets every holder's size itself.
    let eras = tmp.path().join("calibration/eras");
    std::fs::create_dir_all(&eras).unwrap();
    let shipped_eras = Path::new(env!("CARGO_MANIFEST_DIR")).join("calibration/eras");
    for e in std::fs::read_dir(&shipped_eras).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, eras.join(p.file_name().unwrap())).unwrap();
    }
    for name in &names {
        let path = dir.join(name);
        let c = selloff(tmp.path(), &["check", path.to_str().unwrap()]);
        assert!(c.status.success(), "{name}: {}", text(&c));
        if name == "march-2020.toml" {
            continue;
        }
        // The resolved scenario carries the built file's figures.
        let resolved: toml::Table = toml::from_str(&String::from_utf8_lossy(&c.stdout)).unwrap();
        assert_eq!(
            num(&resolved, "holders.other-domestic.holdings_bn"),
            residual,
            "{name}"
        );
    }
    for name in ["japan-china.toml", "rate-shock-1pct.toml"] {
        let out = tmp.path().join(format!("out-{name}"));
        let r = selloff(
            tmp.path(),
            &[
                "run",
                dir.join(name).to_str().unwrap(),
                "--quiet",
                "--format",
                "svg",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert!(r.status.success(), "{name}: {}", text(&r));
        let summary: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                .unwrap();
        assert!(
            summary["peak_d_yield_bp"]["10y"].as_f64().unwrap() > 0.0,
            "{name}: {summary}"
        );
    }
}

/// A server on the loopback address that serves the fixtures by path, records
/// what was asked, and stops by itself after `max` requests or 60 seconds.
fn serve(
    routes: Vec<(&'static str, PathBuf)>,
    max: usize,
) -> (String, Arc<Mutex<Vec<String>>>, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let h = std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut served = 0;
        while served < max && Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            loop {
                let mut l = String::new();
                if reader.read_line(&mut l).unwrap_or(0) == 0 || l == "\r\n" {
                    break;
                }
            }
            let target = first.split_whitespace().nth(1).unwrap_or("/").to_string();
            log.lock().unwrap().push(target.clone());
            let path = target.split('?').next().unwrap().to_string();
            let (status, body) = match routes.iter().find(|r| r.0 == path) {
                Some((_, f)) => ("200 OK", std::fs::read(f).unwrap()),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
            served += 1;
        }
    });
    (base, seen, h)
}

fn routes() -> Vec<(&'static str, PathBuf)> {
    vec![
        (
            "/resource-center/data-chart-center/tic/Documents/slt_table5.txt",
            fixture("slt_table5.txt"),
        ),
        (
            "/services/api/fiscal_service/v1/debt/mspd/mspd_table_1",
            fixture("mspd_table_1.csv"),
        ),
        (
            "/services/api/fiscal_service/v2/accounting/od/avg_interest_rates",
            fixture("avg_interest_rates.csv"),
        ),
        (
            "/resource-center/data-chart-center/interest-rates/daily-treasury-rates.csv/2026/all",
            fixture("par_yields_2026.csv"),
        ),
        ("/graph/fredgraph.csv", fixture("fred_treast.csv")),
    ]
}

#[test]
fn fetch_from_a_loopback_server_gives_the_same_baseline_as_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let local = tmp.path().join("local.toml");
    let o = build(
        tmp.path(),
        &[],
        &["--date", "2026-03-31", "--out", local.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let (base, seen, h) = serve(routes(), 5);
    let fetched = tmp.path().join("fetched.toml");
    let o = selloff(
        tmp.path(),
        &[
            "data",
            "build",
            "--fetch",
            "--base-url",
            &base,
            "--date",
            "2026-03-31",
            "--out",
            fetched.to_str().unwrap(),
        ],
    );
    h.join().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let (a, b) = (read(&local), read(&fetched));
    assert_eq!(holders(&a), holders(&b));
    for k in ["debt.shares", "debt.coupons_pct", "curve.yields_pct"] {
        assert_eq!(nums(&a, k), nums(&b, k), "{k}");
    }
    assert_eq!(num(&a, "debt.gross_bn"), num(&b, "debt.gross_bn"));
    // The official paths and queries, with the year of --date for the curve.
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert!(
        seen.iter()
            .any(|s| s
                .starts_with("/services/api/fiscal_service/v1/debt/mspd/mspd_table_1?format=csv")),
        "{seen:?}"
    );
    assert!(
        seen.iter().any(
            |s| s.contains("daily-treasury-rates.csv/2026/all?type=daily_treasury_yield_curve")
        ),
        "{seen:?}"
    );
    assert!(
        seen.iter().any(|s| s == "/graph/fredgraph.csv?id=TREAST"),
        "{seen:?}"
    );
    // The comments name the address each figure came from.
    assert_contains(&fetched, "(slt_table5.txt, line 7)");
}

#[test]
fn fetch_takes_the_base_address_from_the_environment_and_files_given_win() {
    let tmp = tempfile::tempdir().unwrap();
    let (base, seen, h) = serve(routes(), 4);
    let out = tmp.path().join("b.toml");
    let o = Command::new(env!("CARGO_BIN_EXE_selloff"))
        .current_dir(tmp.path())
        .env("SELLOFF_DATA_BASE_URL", &base)
        .args(["data", "build", "--fetch", "--date", "2026-03-31", "--tic"])
        .arg(fixture("mfhhis01.txt"))
        .args(["--month", "2025-03", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    h.join().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    // The local history file, not the served Table 5.
    assert_eq!(num(&read(&out), "holders.japan.holdings_bn"), 1098.6);
    assert!(
        !seen
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.contains("slt_table5"))
    );
}

#[test]
fn fetch_failures_are_clear() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b.toml");
    // Nobody listening: a closed port on the loopback address.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = selloff(
        tmp.path(),
        &[
            "data",
            "build",
            "--fetch",
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains(&format!("cannot fetch http://127.0.0.1:{port}/resource-center/data-chart-center/tic/Documents/slt_table5.txt")), "{e}");
    assert!(e.contains("offline"), "{e}");
    // A server without the files: HTTP 404.
    let (base, _, h) = serve(vec![], 1);
    let o = selloff(
        tmp.path(),
        &[
            "data",
            "build",
            "--fetch",
            "--base-url",
            &base,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    h.join().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("HTTP 404"),
        "{}",
        text(&o)
    );
    // An address that is not one: invalid input.
    let o = selloff(
        tmp.path(),
        &[
            "data",
            "build",
            "--fetch",
            "--base-url",
            "ftp://127.0.0.1",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("invalid address ftp://127.0.0.1"),
        "{}",
        text(&o)
    );
    assert!(!out.exists());
}

/// A fixture with `from` replaced by `to` (once; it must be there), written
/// into a fresh folder under `dir` (so each case keeps its own file).
fn altered(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let s = std::fs::read_to_string(fixture(name)).unwrap();
    assert!(s.contains(from), "{name} has no `{from}`");
    let sub = tempfile::tempdir_in(dir).unwrap().keep();
    let p = sub.join(name);
    std::fs::write(&p, s.replacen(from, to, 1)).unwrap();
    p
}

#[test]
fn bad_files_exit_2_naming_file_line_and_what_was_expected_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let out = d.join("out").join("b.toml");
    let out_s = out.to_str().unwrap().to_string();
    type Case = (&'static str, PathBuf, Vec<&'static str>, Vec<&'static str>);
    let cases: Vec<Case> = vec![
        (
            "--tic",
            altered(d, "slt_table5.txt", "Japan\t1191.6", "Japan\t11x1.6"),
            vec![],
            vec![
                "slt_table5.txt, line 7",
                "`Japan`, 2026-03: expected a number ($ billions) or n.a., found `11x1.6`",
            ],
        ),
        (
            "--tic",
            altered(d, "slt_table5.txt", "Japan\t1191.6", "Japan\tn.a."),
            vec![],
            vec!["slt_table5.txt: `Japan` for 2026-03 is not published (n.a., line 7)"],
        ),
        (
            "--tic",
            altered(
                d,
                "slt_table5.txt",
                "Grand Total\t9300.0",
                "Grand Total\t9400.0",
            ),
            vec![],
            vec![
                "slt_table5.txt, line 17",
                "Grand Total for 2026-03 is 9400, but the 10 rows above it",
            ],
        ),
        (
            "--tic",
            altered(d, "slt_table5.txt", "Country\t", "Countries\t"),
            vec![],
            vec!["slt_table5.txt, line 1", "no `Country` header row"],
        ),
        (
            "--tic",
            altered(d, "slt_table5.txt", "Grand Total", "Grand Totals"),
            vec![],
            vec!["slt_table5.txt", "without a `Grand Total` row"],
        ),
        (
            "--tic",
            altered(d, "slt_table5.txt", "Canada\t", "Canada\t1.0\t"),
            vec![],
            vec![
                "slt_table5.txt, line 13",
                "`Canada` has 14 values; the header has 13 months",
            ],
        ),
        (
            "--tic",
            fixture("slt_table5.txt"),
            vec!["--month", "2024-01"],
            vec![
                "slt_table5.txt",
                "no column for 2024-01; the table has 2026-03,",
            ],
        ),
        (
            "--tic",
            altered(d, "mfhhis01.txt", "\tDec\tNov", "\tDez\tNov"),
            vec!["--month", "2025-03"],
            vec![
                "mfhhis01.txt, line 6",
                "expected a month name (Jan … Dec), found `Dez`",
            ],
        ),
        (
            "--mspd",
            altered(
                d,
                "mspd_table_1.csv",
                "Debt Held by the Public (in Millions)",
                "Held (in Millions)",
            ),
            vec![],
            vec![
                "mspd_table_1.csv, line 1",
                "no column `debt_held_public_mil_amt` or `Debt Held by the Public (in Millions)`",
            ],
        ),
        (
            "--mspd",
            altered(
                d,
                "mspd_table_1.csv",
                "2026-03-31,Marketable,Notes,15320456.7890",
                "2026-03-31,Marketable,Notes,15320456.7890,1",
            ),
            vec![],
            vec![
                "mspd_table_1.csv, line 3",
                "expected 13 fields as in the header, found 14",
            ],
        ),
        (
            "--mspd",
            altered(
                d,
                "mspd_table_1.csv",
                "Marketable,Notes,15320456.7890",
                "Marketable,Notes,abc",
            ),
            vec![],
            vec![
                "mspd_table_1.csv, line 3",
                "`Notes`: expected an amount in $ millions, found `abc`",
            ],
        ),
        (
            "--mspd",
            altered(
                d,
                "mspd_table_1.csv",
                "Marketable,Bonds,5210987.6543",
                "Marketable,Bonds,5310987.6543",
            ),
            vec![],
            vec![
                "mspd_table_1.csv, line 8",
                "Total Marketable held by the public on 2026-03-31",
            ],
        ),
        (
            "--mspd",
            altered(
                d,
                "mspd_table_1.csv",
                "2026-03-31,Marketable,Bills",
                "03-31-2026,Marketable,Bills",
            ),
            vec![],
            vec![
                "mspd_table_1.csv, line 2",
                "expected a record date (YYYY-MM-DD), found `03-31-2026`",
            ],
        ),
        (
            "--rates",
            altered(
                d,
                "avg_interest_rates.csv",
                "2026-03-31,Marketable,Treasury Bonds",
                "2026-02-28,Marketable,Treasury Bonds",
            ),
            vec![],
            vec![
                "avg_interest_rates.csv",
                "no `Treasury Bonds` row dated 2026-03-31",
            ],
        ),
        (
            "--yields",
            altered(d, "par_yields_2026.csv", "4.66,4.70", "4.66,"),
            vec![],
            vec![
                "par_yields_2026.csv, line 2",
                "`30 Yr` on 2026-03-31: expected a yield in percent, found ``",
            ],
        ),
        (
            "--yields",
            altered(d, "par_yields_2026.csv", "03/30/2026", "2026/03/30"),
            vec![],
            vec![
                "par_yields_2026.csv, line 3",
                "expected a date (MM/DD/YYYY or YYYY-MM-DD), found `2026/03/30`",
            ],
        ),
        (
            "--yields",
            fixture("par_yields_2026.csv"),
            vec!["--date", "2025-12-31"],
            vec!["par_yields_2026.csv", "no curve on or before 2025-12-31"],
        ),
        // The wrong file: the par yield curve given as the Fed's holdings.
        (
            "--soma",
            fixture("par_yields_2026.csv"),
            vec![],
            vec![
                "par_yields_2026.csv, line 1",
                "expected a FRED series CSV with two columns (observation_date and a series such as TREAST), found 15",
            ],
        ),
        (
            "--soma",
            altered(
                d,
                "fred_treast.csv",
                "2026-03-25,4206115",
                "2026-03-25,4.2e",
            ),
            vec![],
            vec![
                "fred_treast.csv, line 9",
                "expected an amount in $ millions or `.`, found `4.2e`",
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (flag, file, extra, fragments) in &cases {
        let mut args = extra.clone();
        args.extend(["--out", out_s.as_str()]);
        let o = build(d, &[(flag, file.clone())], &args);
        let err = String::from_utf8_lossy(&o.stderr);
        if o.status.code() != Some(2) || fragments.iter().any(|f| !err.contains(f)) {
            failures.push(format!(
                "{flag} {} {extra:?}: exit {:?}, expected 2 and {fragments:?}\n{err}",
                file.display(),
                o.status.code()
            ));
        }
        // Nothing written: neither the file nor a partial one.
        let left: Vec<_> = std::fs::read_dir(out.parent().unwrap())
            .map(|r| r.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        if !left.is_empty() {
            failures.push(format!("{flag} {}: left {left:?}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("slt_table5.txt");
    std::fs::write(&p, b"Table 5\r\nCountry\t2026-03\r\nJapan\t\xff\r\n").unwrap();
    let o = build(tmp.path(), &[("--tic", p)], &["--out", "b.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("slt_table5.txt, line 3: the file is not UTF-8 text"),
        "{}",
        text(&o)
    );
}

#[test]
fn holders_larger_than_the_debt_are_refused_with_the_residual_named() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml"),
    )
    .unwrap();
    let big = tpl.replacen("holdings_bn = 2200", "holdings_bn = 22200", 1);
    assert_ne!(big, tpl);
    let from = tmp.path().join("big.toml");
    std::fs::write(&from, big).unwrap();
    let o = build(
        tmp.path(),
        &[],
        &["--from", from.to_str().unwrap(), "--out", "b.toml"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("the holders other than `other-domestic` hold"),
        "{e}"
    );
    assert!(
        e.contains(
            "more than the 29902.1 $B of marketable debt held by the public (MSPD 2026-03-31)"
        ),
        "{e}"
    );
    assert!(!tmp.path().join("b.toml").exists());
}

#[test]
fn command_line_mistakes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Files missing and no --fetch.
    let o = selloff(
        d,
        &[
            "data",
            "build",
            "--tic",
            fixture("slt_table5.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing --mspd, --rates, --yields, --soma: give each published table as a file, or --fetch"), "{}", text(&o));
    // A missing file.
    let o = build(d, &[("--soma", d.join("nope.csv"))], &["--out", "b.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot read"),
        "{}",
        text(&o)
    );
    // A month that is not one.
    let o = build(d, &[], &["--month", "March"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("expected YYYY-MM"),
        "{}",
        text(&o)
    );
    // The default output, then a refusal to overwrite it without --force.
    let o = build(d, &[], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let written = d.join("scenarios/baseline-2026-03.toml");
    let first = std::fs::read_to_string(&written).unwrap();
    let o = build(
        d,
        &[],
        &[
            "--month",
            "2025-03",
            "--out",
            "scenarios/baseline-2026-03.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("exists; give --force"),
        "{}",
        text(&o)
    );
    assert_eq!(std::fs::read_to_string(&written).unwrap(), first);
    let o = build(
        d,
        &[],
        &[
            "--month",
            "2025-03",
            "--out",
            "scenarios/baseline-2026-03.toml",
            "--force",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_ne!(std::fs::read_to_string(&written).unwrap(), first);
}
