//! Visual regression of every chart type, against references in tests/visual/.
//!
//! Two checks, so that a later recalibration of the model does not break them
//! while a broken chart does:
//! - **Pixels, on fixed data.** Each chart builder (time chart, bar chart, fan,
//!   histogram, sweep lines, heat map, tornado) draws made-up data that never
//!   changes; the picture is rasterised as the PNGs are (resvg, bundled font)
//!   and compared with `tests/visual/<name>.png` within a tolerance (anti-aliasing
//!   may differ a little between platforms; a moved legend, a lost title or a
//!   label over a line does not pass).
//! - **Structure, on real runs.** The charts of real scenarios (every run
//!   chart, every reaction chart, the comparison) are reduced to the texts they
//!   show with every number written `#`, and compared with
//!   `tests/visual/<scenario>.<chart>.txt`: a missing legend, title, axis label
//!   or chart fails; the model's numbers moving does not.
//!
//! After an intended change, regenerate the references and review the diff:
//! `UPDATE_VISUAL=1 cargo test --release --test visual`.

use assert_cmd::Command;
use chrono::NaiveDate;
use selloff::report::charts::bars::{Bar, BarChart, Segment};
use selloff::report::charts::frame::{LegendItem, Swatch, Titles};
use selloff::report::charts::mc::{self, Chart, Fan, Heat, Histogram, Lines, Tornado};
use selloff::report::charts::timechart::{Band, Marker, Series, TimeChart};
use selloff::report::charts::{ChartOptions, Format, palette, raster, svg_document};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Pictures are compared at half the default size: fast, and every element still shows.
const SIZE: (u32, u32) = (600, 350);

fn reference(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/visual")
        .join(name)
}

fn updating() -> bool {
    std::env::var_os("UPDATE_VISUAL").is_some_and(|v| v == "1")
}

/// Compares `svg` rasterised with `tests/visual/<name>.png` (or rewrites it when updating).
fn check_pixels(name: &str, svg: &str) {
    let pixmap = raster::pixels(svg, SIZE).expect("the chart rasterises");
    let path = reference(&format!("{name}.png"));
    if updating() {
        std::fs::write(&path, pixmap.encode_png().unwrap()).unwrap();
        return;
    }
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_VISUAL=1 writes it)", path.display()));
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut want = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut want).unwrap();
    assert_eq!((info.width, info.height), SIZE, "{name}: reference size");
    assert_eq!(
        info.color_type,
        png::ColorType::Rgba,
        "{name}: reference is RGBA"
    );
    let got = pixmap.data();
    assert_eq!(got.len(), info.buffer_size(), "{name}: pixel count");
    let (mut differ, mut total) = (0usize, 0u64);
    for (a, b) in got.chunks(4).zip(want[..info.buffer_size()].chunks(4)) {
        let d = (0..3).map(|k| a[k].abs_diff(b[k])).max().unwrap_or(0);
        total += u64::from(d);
        if d > 64 {
            differ += 1;
        }
    }
    let n = (SIZE.0 * SIZE.1) as usize;
    let share = differ as f64 / n as f64;
    let mean = total as f64 / n as f64;
    // Tolerance: anti-aliasing of glyph and line edges may differ between
    // platforms by a few levels; a moved element changes thousands of pixels
    // (a 100-pixel label moved by 10 pixels changes about 0.5% of the picture).
    assert!(
        share < 0.002 && mean < 1.5,
        "{name}: {:.3}% of pixels differ (mean {mean:.2} levels) from {}; if intended, UPDATE_VISUAL=1",
        100.0 * share,
        path.display()
    );
}

fn d(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap()
}

fn titles(heading: &str) -> Titles {
    Titles {
        heading: heading.into(),
        subtitle: "visual-test: fixed data, with --set a.b=1".into(),
        footer: "Scenario file: tests/visual · seed 1".into(),
    }
}

/// Forty months of made-up values: a spike that decays to a plateau.
fn months() -> Vec<NaiveDate> {
    (0..40)
        .map(|i| d(2026 + i / 12, (i % 12) as u32 + 1))
        .collect()
}

fn spike(scale: f64) -> Vec<f64> {
    (0..40)
        .map(|i| {
            let t = i as f64;
            scale * (1.0 - (-t / 2.0).exp()) * (0.4 + 0.6 * (-t / 8.0).exp())
        })
        .collect()
}

#[test]
fn time_and_bar_charts_match_their_references() {
    let dates = months();
    let pts = |v: Vec<f64>| -> Vec<(NaiveDate, f64)> { dates.iter().copied().zip(v).collect() };
    let mut c = TimeChart::new(
        titles("Change of each yield against the baseline (bp)"),
        "Change against baseline (bp)",
        (dates[0], dates[39]),
    );
    c.zero_line = true;
    c.legend_title = Some("Tenor (peak change)".into());
    let lo: Vec<f64> = spike(500.0).iter().map(|v| v * 0.8).collect();
    let hi: Vec<f64> = spike(500.0).iter().map(|v| v * 1.2).collect();
    let mut band = Band::new("10y range", palette::tenor("10y"), pts(lo), pts(hi));
    band.opacity = 0.2;
    c.bands.push(band);
    c.series.push(Series::line(
        "10y (+500 bp)",
        palette::tenor("10y"),
        pts(spike(500.0)),
    ));
    c.series.push(Series::dashed(
        "2y (+200 bp)",
        palette::tenor("2y"),
        pts(spike(200.0)),
    ));
    c.markers.push(Marker::new(
        (dates[3], spike(500.0)[3]),
        palette::tenor("10y"),
        Some("10y peak +500 bp".into()),
    ));
    c.extra_legend.push(LegendItem::new(
        "1: a trigger fires",
        plotters::style::RGBColor(200, 30, 30),
        Swatch::Dot,
    ));
    check_pixels("timechart", &svg_document(SIZE, &c).unwrap());

    let bars = BarChart {
        titles: titles("What selling cost the holders that sold ($B)"),
        y_label: "Loss ($B)".into(),
        x_label: "Holder that sold".into(),
        bars: [("Japan", 280.0, 90.0), ("United Kingdom", 10.0, 170.0)]
            .into_iter()
            .map(|(l, a, b)| Bar {
                label: l.into(),
                segments: vec![
                    Segment {
                        value: a,
                        colour: plotters::style::RGBColor(213, 94, 0),
                    },
                    Segment {
                        value: b,
                        colour: plotters::style::RGBColor(240, 178, 122),
                    },
                ],
                value_label: Some(format!("loss ${}B", a + b)),
                segment_labels: vec![
                    format!("selling: loss ${a}B"),
                    format!("holdings: loss ${b}B"),
                ],
            })
            .collect(),
        legend: vec![LegendItem::new(
            "Realised cost of its own sales",
            plotters::style::RGBColor(213, 94, 0),
            Swatch::Fill,
        )],
        note: None,
    };
    check_pixels("bars", &svg_document(SIZE, &bars).unwrap());
}

/// Draws a Monte Carlo or sweep chart to SVG through the same path as `selloff`.
fn mc_svg(name: &str, chart: &Chart) -> String {
    let dir = tempfile::tempdir().unwrap();
    let opts = ChartOptions {
        format: Format::Svg,
        size: SIZE,
    };
    mc::write(
        dir.path(),
        name,
        chart,
        "Scenario file: tests/visual · seed 1",
        &opts,
    )
    .unwrap();
    std::fs::read_to_string(dir.path().join(format!("{name}.svg"))).unwrap()
}

#[test]
fn monte_carlo_and_sweep_charts_match_their_references() {
    let dates = months();
    let mid = spike(600.0);
    let fan = Fan {
        title: "Fixed data: change of the 10y yield against the baseline".into(),
        y_desc: "10y yield change (bp)".into(),
        dates: dates.clone(),
        bands: mid
            .iter()
            .map(|m| [0.3 * m, 0.7 * m, *m, 1.4 * m, 2.5 * m])
            .collect(),
        central: mid.iter().map(|m| 0.95 * m).collect(),
    };
    check_pixels("fan", &mc_svg("fan", &Chart::Fan(fan)));
    let bins: Vec<(f64, f64, u64)> = (0..30)
        .map(|i| {
            let x = 1000.0 + 500.0 * i as f64;
            let k = (40.0 * (-(i as f64 - 8.0).powi(2) / 30.0).exp()) as u64 + 1;
            (x, x + 500.0, k)
        })
        .collect();
    let hist = Histogram {
        title: "Fixed data: extra interest over 10 years, across paths".into(),
        x_desc: "Extra federal interest over the first 10 years ($B)".into(),
        bins,
        markers: vec![
            ("5th percentile $2,000B".into(), 2000.0),
            ("median $5,000B".into(), 5000.0),
            ("95th percentile $12,000B".into(), 12000.0),
            ("central run $4,800B".into(), 4800.0),
        ],
    };
    check_pixels("histogram", &mc_svg("histogram", &Chart::Histogram(hist)));
    let lines = Lines {
        title: "Sweep of fixed data: key figures against holders.japan.sale.steps".into(),
        x_desc: "holders.japan.sale.steps (months)".into(),
        x_labels: ["1", "3", "6", "12", "24"].map(String::from).to_vec(),
        panels: vec![
            (
                "Peak 10y change (bp)".into(),
                vec![880.0, 760.0, 650.0, 520.0, 440.0],
                Some(vec![
                    (600.0, 1300.0),
                    (500.0, 1100.0),
                    (420.0, 950.0),
                    (330.0, 800.0),
                    (280.0, 700.0),
                ]),
            ),
            (
                "Extra interest, 10 years ($B)".into(),
                vec![6800.0, 6730.0, 6630.0, 6430.0, 6010.0],
                None,
            ),
        ],
    };
    check_pixels("sweep", &mc_svg("sweep", &Chart::Lines(lines)));
    let heat = Heat {
        title: "Sweep of fixed data: extra interest over 10 years ($B)".into(),
        x_desc: "holders.japan.sale.steps (months)".into(),
        y_desc: "market.elasticity_scale (multiplier)".into(),
        xs: ["1", "3", "6", "12", "24"].map(String::from).to_vec(),
        ys: ["0.5", "1", "2"].map(String::from).to_vec(),
        z: (0..5)
            .map(|i| {
                (0..3)
                    .map(|j| 15000.0 / (1 << j) as f64 - 300.0 * i as f64)
                    .collect()
            })
            .collect(),
        z_desc: "Extra interest\nover 10 years ($B)".into(),
    };
    check_pixels("heatmap", &mc_svg("heatmap", &Chart::Heat(heat)));
    let tornado = Tornado {
        title: "Fixed data: what moves the 10-year extra interest".into(),
        x_desc: "Extra federal interest over the first 10 years ($B)".into(),
        central: 6800.0,
        bars: vec![
            (
                "market.elasticity_scale (0.41–2.45)".into(),
                19000.0,
                2600.0,
            ),
            (
                "holders.pensions-insurers.adjustment_months (18.6–38.7)".into(),
                6700.0,
                7000.0,
            ),
        ],
    };
    check_pixels("tornado", &mc_svg("tornado", &Chart::Tornado(tornado)));
}

/// The texts of an SVG with every number written `#`, as a sorted set.
fn signature(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).expect("the SVG parses");
    let mut set = BTreeSet::new();
    for t in doc.descendants().filter(|n| n.is_text()) {
        let text = t.text().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let mut out = String::new();
        let mut in_number = false;
        for c in text.chars() {
            let numeric = c.is_ascii_digit() || (in_number && matches!(c, ',' | '.'));
            if numeric {
                if !in_number {
                    out.push('#');
                }
                in_number = true;
            } else {
                in_number = false;
                out.push(c);
            }
        }
        set.insert(out);
    }
    let tags: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    let mut s = format!(
        "elements: {}\n",
        tags.into_iter().collect::<Vec<_>>().join(" ")
    );
    for t in set {
        s.push_str(&t);
        s.push('\n');
    }
    s
}

/// Compares every SVG chart in `dir` with `tests/visual/<prefix>.<chart>.txt`.
fn check_structure(prefix: &str, dir: &Path, expected: &[&str]) {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|f| f.ends_with(".svg"))
        .map(|f| f.trim_end_matches(".svg").to_string())
        .collect();
    found.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(found, want, "{prefix}: the charts written");
    for chart in found {
        let svg = std::fs::read_to_string(dir.join(format!("{chart}.svg"))).unwrap();
        let sig = signature(&svg);
        let path = reference(&format!("{prefix}.{chart}.txt"));
        if updating() {
            std::fs::write(&path, &sig).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_VISUAL=1 writes it)", path.display()));
        assert_eq!(
            sig,
            want,
            "{prefix}/{chart}.svg shows other texts than {}; if intended, UPDATE_VISUAL=1",
            path.display()
        );
    }
}

fn selloff() -> Command {
    Command::cargo_bin("selloff").expect("the selloff binary is built")
}

#[test]
fn charts_of_real_runs_keep_their_structure() {
    let tmp = tempfile::tempdir().unwrap();
    // (scenario, flags, the charts beyond the four every run draws): every
    // run chart and every reaction chart at least once.
    const ALWAYS: [&str; 4] = ["yields", "yield_change", "interest", "interest_cumulative"];
    let sold = ["holdings", "seller_loss", "schedule"];
    let issuance = [
        "--set",
        "issuance_response.threshold_bp=50",
        "--set",
        "issuance_response.bills_shift=0.5",
    ];
    let runs: [(&str, &[&str], Vec<&str>); 5] = [
        ("contagion", &[], sold.to_vec()),
        ("march-2020", &[], [&sold[..], &["backstop"]].concat()),
        ("yen-intervention-2022", &[], [&sold[..], &["fx"]].concat()),
        (
            "japan-fire-sale",
            &issuance,
            [&sold[..], &["issuance"]].concat(),
        ),
        ("rate-shock-1pct", &[], vec![]),
    ];
    for (scenario, extra, more) in runs {
        let charts: Vec<&str> = ALWAYS.iter().copied().chain(more).collect();
        let charts = charts.as_slice();
        let out = tmp.path().join(scenario);
        selloff()
            .args([
                "run", scenario, "--quiet", "--format", "svg", "--size", "600x350", "--out",
            ])
            .arg(&out)
            .args(extra)
            .assert()
            .success();
        check_structure(scenario, &out, charts);
    }
    let cmp = tmp.path().join("compare");
    selloff()
        .args([
            "compare",
            "japan-fire-sale",
            "march-2020",
            "--quiet",
            "--format",
            "svg",
        ])
        .args(["--size", "600x350", "--out"])
        .arg(&cmp)
        .assert()
        .success();
    check_structure(
        "compare",
        &cmp,
        &["compare_yield_change_10y", "compare_interest"],
    );
    // Monte Carlo, sweeps and the tornado of real runs (few paths: the
    // structure does not depend on how many).
    let small = ["--quiet", "--format", "svg", "--size", "600x350", "--out"];
    let mc = tmp.path().join("mc");
    selloff()
        .args(["run", "uncertain-japan", "--paths", "50"])
        .args(small)
        .arg(&mc)
        .assert()
        .success();
    let fans = [
        "fan_d_yield_10y",
        "fan_d_interest_cumulative",
        "hist_d_interest_10y",
    ];
    let mc_charts: Vec<&str> = ALWAYS.iter().chain(&sold).chain(&fans).copied().collect();
    check_structure("uncertain-japan-mc", &mc, &mc_charts);
    let sweeps: [(&str, &[&str], &[&str]); 3] = [
        ("tornado", &["uncertain-japan", "--tornado"], &["tornado"]),
        (
            "sweep-paths",
            &[
                "japan-fire-sale",
                "--vary",
                "holders.japan.sale.steps=1,3,6",
                "--paths",
                "10",
            ],
            &["sweep"],
        ),
        (
            "heatmap",
            &[
                "japan-fire-sale",
                "--vary",
                "holders.japan.sale.steps=1,3",
                "--vary",
                "market.elasticity_scale=0.5,1",
            ],
            &["heatmap_d_interest_10y", "heatmap_peak_d_yield_10y"],
        ),
    ];
    for (name, args, charts) in sweeps {
        let out = tmp.path().join(name);
        selloff()
            .arg("sweep")
            .args(args)
            .args(small)
            .arg(&out)
            .assert()
            .success();
        check_structure(name, &out, charts);
    }
}

#[test]
fn svg_text_renders_with_the_bundled_font() {
    // A real SVG renderer (resvg, as the PNGs are made) finds the family the
    // SVG names and draws its text: the heading's pixels are not blank.
    let c = TimeChart::new(titles("Heading"), "Y (bp)", (d(2026, 1), d(2027, 1)));
    let svg = svg_document(SIZE, &c).unwrap();
    assert!(svg.contains("font-family=\"'Liberation Sans', Arial, Helvetica, sans-serif\""));
    let tree = raster::parse(&svg).unwrap();
    let mut texts = 0;
    fn count(g: &resvg::usvg::Group, n: &mut usize) {
        for node in g.children() {
            match node {
                resvg::usvg::Node::Text(t) => {
                    assert!(
                        !t.flattened().children().is_empty(),
                        "a text was laid out with no glyphs"
                    );
                    *n += 1;
                }
                resvg::usvg::Node::Group(g) => count(g, n),
                _ => {}
            }
        }
    }
    count(tree.root(), &mut texts);
    assert!(
        texts >= 3,
        "heading, subtitle, footer and axis texts: {texts}"
    );
    let pixmap = raster::pixels(&svg, SIZE).unwrap();
    // The heading's band (top 40 pixels, left half) has dark glyph pixels.
    let dark = (0..40u32)
        .flat_map(|y| (0..300u32).map(move |x| (x, y)))
        .filter(|(x, y)| pixmap.pixel(*x, *y).is_some_and(|p| p.red() < 100))
        .count();
    assert!(dark > 50, "the heading is drawn: {dark} dark pixels");
}
