//! Charts and report of `selloff run`: files exist, PNGs decode at the
//! requested size with real content, SVGs parse and carry their texts,
//! rendering is byte-identical, and no system font is needed.

use assert_cmd::Command;
use tempfile::TempDir;

mod common;
use common::{decode, money, run, svg_text};

const CHARTS: [&str; 6] = [
    "yields",
    "yield_change",
    "interest",
    "interest_cumulative",
    "holdings",
    "seller_loss",
];

fn selloff() -> Command {
    Command::cargo_bin("selloff").expect("the selloff binary is built")
}

#[test]
fn every_chart_of_a_run_exists_decodes_and_has_content() {
    let tmp = TempDir::new().unwrap();
    let out = run(&tmp, "japan-fire-sale", &[]);
    for name in CHARTS {
        let (w, h, colours) = decode(&out.join(format!("{name}.png")));
        assert_eq!((w, h), (1200, 700), "{name}.png has the default size");
        assert!(
            colours >= 40,
            "{name}.png has real content: {colours} colours"
        );
        let text = svg_text(&out.join(format!("{name}.svg")));
        assert!(
            text.contains("Japan sells $1,130B in 3 months"),
            "{name}.svg names the scenario"
        );
        assert!(
            text.contains("japan-fire-sale"),
            "{name}.svg names the scenario file"
        );
        assert!(text.contains("seed"), "{name}.svg has the footer");
        let units = ["(percent)", "(bp)", "($B"];
        assert!(
            units.iter().any(|u| text.contains(u)),
            "{name}.svg has an axis label with a unit"
        );
    }
    let yields = svg_text(&out.join("yields.svg"));
    assert!(yields.contains("Yield (percent)") && yields.contains("Date"));
    let change = svg_text(&out.join("yield_change.svg"));
    assert!(change.contains("Change against baseline (bp)"));
    assert!(change.contains("10y peak"), "the 10-year peak is labelled");
    let interest = svg_text(&out.join("interest.svg"));
    assert!(interest.contains("Extra interest ($B a year)"));
    assert!(
        interest.contains("Rule of thumb"),
        "the rule of thumb is drawn"
    );
    let holdings = svg_text(&out.join("holdings.svg"));
    assert!(holdings.contains("Change in holdings ($B)") && holdings.contains("Japan"));
    assert!(svg_text(&out.join("seller_loss.svg")).contains("Loss ($B)"));
    // Colours are fixed per name: Japan's vermillion and the 10-year's blue in every chart that shows them.
    let raw = |f: &str| std::fs::read_to_string(out.join(f)).unwrap().to_uppercase();
    for f in ["holdings.svg", "seller_loss.svg"] {
        assert!(raw(f).contains("#D55E00"), "{f} draws Japan in its colour");
    }
    for f in ["yields.svg", "yield_change.svg"] {
        assert!(
            raw(f).contains("#0072B2"),
            "{f} draws the 10-year in its colour"
        );
    }
    let svg = std::fs::read_to_string(out.join("yields.svg")).unwrap();
    assert!(
        svg.contains("font-family=\"'Liberation Sans', Arial, Helvetica, sans-serif\""),
        "SVGs name the bundled family first, then metric-compatible fallbacks"
    );
    assert!(!svg.contains("font-family=\"sans-serif\""));
}

/// Charts with nothing to show: no sale, so no holdings and no sellers' chart.
const NOTHING_TO_SHOW: [&str; 2] = ["holdings", "seller_loss"];

#[test]
fn size_and_format_options_are_obeyed() {
    let tmp = TempDir::new().unwrap();
    let out = run(
        &tmp,
        "rate-shock-1pct",
        &["--format", "png", "--size", "800x450"],
    );
    for name in NOTHING_TO_SHOW {
        assert!(!out.join(format!("{name}.png")).exists(), "{name}.png");
    }
    for name in CHARTS.into_iter().filter(|c| !NOTHING_TO_SHOW.contains(c)) {
        let (w, h, colours) = decode(&out.join(format!("{name}.png")));
        assert_eq!((w, h), (800, 450), "{name}.png has the requested size");
        assert!(colours >= 20, "{name}.png is not blank: {colours} colours");
        assert!(
            !out.join(format!("{name}.svg")).exists(),
            "no SVG with --format png"
        );
    }
    let tmp = TempDir::new().unwrap();
    let out = run(&tmp, "rate-shock-1pct", &["--format", "svg"]);
    for name in CHARTS.into_iter().filter(|c| !NOTHING_TO_SHOW.contains(c)) {
        assert!(out.join(format!("{name}.svg")).is_file());
        assert!(
            !out.join(format!("{name}.png")).exists(),
            "no PNG with --format svg"
        );
    }
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("](yields.svg)"),
        "the report embeds the SVGs then"
    );
    assert!(
        report.contains("No chart: nobody sells in this scenario.")
            && !report.contains("](seller_loss.svg)"),
        "the report says why a chart is missing:\n{report}"
    );
}

#[test]
fn a_bad_size_is_invalid_input() {
    let tmp = TempDir::new().unwrap();
    selloff()
        .args(["run", "japan-fire-sale", "--size", "big", "--out"])
        .arg(tmp.path().join("out"))
        .assert()
        .code(2);
    selloff()
        .args(["run", "japan-fire-sale", "--size", "10x10", "--out"])
        .arg(tmp.path().join("out"))
        .assert()
        .code(2);
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn rendering_the_same_scenario_twice_is_byte_identical() {
    let (a, b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let (oa, ob) = (run(&a, "japan-china", &[]), run(&b, "japan-china", &[]));
    for name in CHARTS {
        for ext in ["png", "svg"] {
            let f = format!("{name}.{ext}");
            let (x, y) = (
                std::fs::read(oa.join(&f)).unwrap(),
                std::fs::read(ob.join(&f)).unwrap(),
            );
            assert!(x == y, "{f} differs between two runs");
        }
    }
    let holdings = std::fs::read_to_string(oa.join("holdings.svg"))
        .unwrap()
        .to_uppercase();
    assert!(
        holdings.contains("#D55E00") && holdings.contains("#AA3377"),
        "Japan and China keep their colours in another scenario"
    );
    assert_eq!(
        std::fs::read(oa.join("report.md")).unwrap(),
        std::fs::read(ob.join("report.md")).unwrap()
    );
}

#[test]
fn charts_render_with_no_system_fonts() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    let nowhere = tmp.path().join("no-fonts-here");
    selloff()
        .args([
            "run",
            "japan-fire-sale",
            "--quiet",
            "--format",
            "png",
            "--out",
        ])
        .arg(&out)
        .env("FONTCONFIG_FILE", &nowhere)
        .env("FONTCONFIG_PATH", &nowhere)
        .env("XDG_DATA_HOME", &nowhere)
        .env("XDG_DATA_DIRS", &nowhere)
        .env("HOME", &nowhere)
        .assert()
        .success();
    let (_, _, colours) = decode(&out.join("yields.png"));
    assert!(colours >= 40, "text and lines are drawn: {colours} colours");
    // The binary links no font library and names no system font folder.
    let bin = std::fs::read(assert_cmd::cargo::cargo_bin("selloff")).unwrap();
    for needle in [&b"libfontconfig"[..], b"/usr/share/fonts", b"libfreetype"] {
        assert!(
            !bin.windows(needle.len()).any(|w| w == needle),
            "the binary mentions {}",
            String::from_utf8_lossy(needle)
        );
    }
    // Where strace works, check that no font file or folder is ever opened.
    let log = tmp.path().join("strace.log");
    let traced = std::process::Command::new("strace")
        .args(["-f", "-e", "trace=open,openat,stat,newfstatat,access", "-o"])
        .arg(&log)
        .arg(assert_cmd::cargo::cargo_bin("selloff"))
        .args([
            "run",
            "japan-fire-sale",
            "--quiet",
            "--format",
            "svg",
            "--out",
        ])
        .arg(tmp.path().join("traced"))
        .output();
    match traced {
        Ok(o) if o.status.success() => {
            let calls = std::fs::read_to_string(&log).unwrap_or_default();
            assert!(!calls.is_empty(), "strace wrote its log");
            for bad in ["/usr/share/fonts", "fontconfig", ".ttf", ".otf"] {
                assert!(!calls.contains(bad), "the run touched {bad}:\n{calls}");
            }
        }
        _ => eprintln!("strace unavailable here: checked the environment and the binary only"),
    }
}

#[test]
fn the_report_embeds_every_chart_and_reads_the_figures() {
    let tmp = TempDir::new().unwrap();
    let out = run(&tmp, "japan-fire-sale", &[]);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert!(report.starts_with("# Japan sells $1,130B in 3 months"));
    for name in CHARTS {
        let link = format!("]({name}.png)");
        assert!(report.contains(&link), "report.md embeds {name}.png");
        assert!(out.join(format!("{name}.png")).is_file());
    }
    let peak = summary["peak_d_yield_bp"]["10y"].as_f64().unwrap();
    assert!(
        report.contains(&format!("rises {:.0} bp at the peak", peak)),
        "the reading quotes the 10-year peak"
    );
    let first = summary["d_interest_first_year_bn"].as_f64().unwrap();
    let rule = summary["rule_of_thumb_annual_bn"].as_f64().unwrap();
    assert!(report.contains(&format!("paid in the first year is {}", money(first))));
    assert!(report.contains(&format!("rule of thumb's {} a year", money(rule))));
    assert!(report.contains("## Method: key assumptions") && report.contains("Japan"));
    // The answer first: headline figures, reading, charts, then the method.
    let at = |h: &str| {
        report
            .find(h)
            .unwrap_or_else(|| panic!("{h} in report.md:\n{report}"))
    };
    assert!(at("## Headline figures") < at("## What the run says"));
    assert!(at("## What the run says") < at("## Charts"));
    assert!(at("## Charts") < at("## Method: key assumptions"));
    // Each headline figure says from when to when.
    assert!(report.contains(&format!(
        "| Extra federal interest paid in the first year | {} | 2026-01-01 to 2027-01-01 |",
        money(first)
    )));
    assert!(report.contains("a year after the start (January 2027)"));
    // No empty section (the seller's schedule is not a reaction), no duplicate row.
    assert!(!report.contains("## Reactions"), "{report}");
    let rows: Vec<&str> = report.lines().filter(|l| l.starts_with("| ")).collect();
    let mut unique = rows.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), rows.len(), "duplicate table rows:\n{report}");
    // The fire sale is far beyond the $100B a month the calibration rests on.
    assert!(report.contains("**Beyond the calibration's range.**"));
}

#[test]
fn user_text_is_escaped_and_overrides_are_shown() {
    let tmp = TempDir::new().unwrap();
    let file = tmp.path().join("evil.toml");
    std::fs::write(
        &file,
        "extends = \"japan-fire-sale\"\ntitle = \"<script>alert(1)</script> ![x](http://e.vil/a.png) a|b\"\ndescription = \"<img src=x onerror=alert(1)> [link](http://e.vil)\"\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    selloff()
        .args(["run", "--quiet", "--format", "svg", "--out"])
        .arg(&out)
        .arg(&file)
        .args(["--set", "holders.japan.sale.steps=24"])
        .assert()
        .success();
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    for bad in ["<script>", "<img", "![x](", "[link](http"] {
        assert!(!report.contains(bad), "report.md has {bad}:\n{report}");
    }
    // The flag is named once in the title and once in the description, not repeated.
    assert_eq!(
        report.matches("--set holders.japan.sale.steps=24").count(),
        2,
        "{report}"
    );
    let subtitle = svg_text(&out.join("interest.svg"));
    assert!(
        subtitle.contains("with --set holders.japan.sale.steps=24"),
        "the chart subtitle names the override"
    );
    let cmp = tmp.path().join("cmp");
    selloff()
        .args(["compare", "--quiet", "--format", "svg", "--out"])
        .arg(&cmp)
        .arg(&file)
        .arg("japan-gradual")
        .assert()
        .success();
    let md = std::fs::read_to_string(cmp.join("compare.md")).unwrap();
    assert!(!md.contains("<script>") && !md.contains("![x]("), "{md}");
    assert!(
        md.contains("a\\|b"),
        "a | in a title does not break the table:\n{md}"
    );
    // Every table row has as many unescaped `|` as the header.
    let bars = |l: &str| l.replace("\\|", "").matches('|').count();
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    assert!(rows.len() > 10);
    for line in &rows {
        assert_eq!(bars(line), bars(rows[0]), "{line}");
    }
}
