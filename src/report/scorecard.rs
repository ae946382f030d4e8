//! The calibration scorecard rendered: the terminal table, `scorecard.csv`,
//! `scorecard.md` and the chart `scorecard.png`/`.svg` (published against
//! model, log axes), written through a [`Staging`] folder.

use super::ReportError;
use super::charts::axis::FixedTicks;
use super::charts::font::text;
use super::charts::frame::{self, LegendItem, Scale, Swatch, Titles};
use super::charts::palette::{self, GREY, GRID, INK};
use super::charts::{ChartError, ChartOptions, Draw, de, render};
use super::format::{fixed, signed, thousands};
use super::output_dir::Staging;
use crate::engine::scorecard::{MAX_FACTOR, POINT_FACTOR, REQUIRED_SHARE, Row, Scorecard};
use crate::scenario::anchors::{AnchorSet, Kind, Measure};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fmt::Write as _;
use std::path::PathBuf;

/// The probe in a few words: "sell $100B in 1 month, 5y at month 1".
pub fn probe_label(r: &Row) -> String {
    let a = &r.anchor;
    let p = &a.probe;
    let verb = if p.amount_bn > 0.0 { "sells" } else { "buys" };
    let what = match a.measure {
        Measure::Yield => a.tenor.clone().unwrap_or_default(),
        Measure::TermPremium => "10y term premium".into(),
        Measure::Forward5y5y => "5y5y forward".into(),
    };
    let when = match p.read {
        crate::scenario::anchors::Read::EndOfFlow => format!("month {}", p.months),
        crate::scenario::anchors::Read::LongRun => format!("{} years", fixed(a.horizon_years(), 0)),
    };
    format!(
        "{} {verb} ${}B in {} mo, {} ({what}, {when})",
        p.holder,
        thousands(p.amount_bn.abs(), 1).trim_end_matches(".0"),
        p.months,
        a.date
    )
}

fn published(r: &Row) -> String {
    let a = &r.anchor;
    if a.is_point() {
        format!("{} (point)", signed(a.published_bp, 1))
    } else {
        format!(
            "{} ({} to {})",
            signed(a.published_bp, 1),
            signed(a.low_bp, 1),
            signed(a.high_bp, 1)
        )
    }
}

fn mark(ok: bool) -> &'static str {
    if ok { "yes" } else { "no" }
}

/// The table's rows as text cells: study | probe | published (range) | central | low | high | ratio.
fn cells(r: &Row) -> [String; 7] {
    [
        format!("{} [{}]", r.anchor.study, r.anchor.kind.name()),
        probe_label(r),
        published(r),
        signed(r.central_bp, 1),
        signed(r.low_bp, 1),
        signed(r.high_bp, 1),
        format!(
            "{}{}",
            fixed(r.ratio(), 2),
            if r.capped { " *" } else { "" }
        ),
    ]
}

/// The footnote of a capped row.
const CAPPED_NOTE: &str = "* a purchase programme that the always-binding backstop could not place whole in some run (its threshold reached the format's lowest, −2,000 bp): that run's figure is a lower bound of the model's magnitude.";

const HEADER: [&str; 7] = [
    "study",
    "probe",
    "published bp (range)",
    "central bp",
    "low bp",
    "high bp",
    "ratio",
];

/// The criteria in one paragraph.
pub fn verdict(sc: &Scorecard) -> String {
    let n = sc.rows.len();
    let meets = sc.rows.iter().filter(|r| r.meets_range()).count();
    let within = sc.rows.iter().filter(|r| r.within_max_factor()).count();
    let bracketed = sc.rows.iter().filter(|r| r.bracketed()).count();
    format!(
        "Criteria (issue 15): central inside the published range or within {POINT_FACTOR}× of a point estimate: {meets} of {n} (needs {:.0}%); within {MAX_FACTOR}× of every anchor: {within} of {n}; low–high band brackets the published figure: {bracketed} of {n}. Scorecard {}.",
        REQUIRED_SHARE * 100.0,
        if sc.passes() { "PASSES" } else { "FAILS" }
    )
}

/// The terminal table and verdict.
pub fn text_table(sc: &Scorecard) -> String {
    let rows: Vec<[String; 7]> = sc.rows.iter().map(cells).collect();
    let mut w = HEADER.map(|h| h.chars().count());
    for r in &rows {
        for (k, c) in r.iter().enumerate() {
            w[k] = w[k].max(c.chars().count());
        }
    }
    let mut s = String::new();
    let line = |s: &mut String, c: &[String]| {
        let parts: Vec<String> = c
            .iter()
            .enumerate()
            .map(|(k, v)| {
                let pad = w[k] - v.chars().count();
                if k < 3 {
                    format!("{v}{}", " ".repeat(pad))
                } else {
                    format!("{}{v}", " ".repeat(pad))
                }
            })
            .collect();
        let _ = writeln!(s, "{}", parts.join("  ").trim_end());
    };
    line(&mut s, &HEADER.map(String::from));
    for r in &rows {
        line(&mut s, r);
    }
    let _ = writeln!(s, "\n{}", verdict(sc));
    if sc.rows.iter().any(|r| r.capped) {
        let _ = writeln!(s, "{CAPPED_NOTE}");
    }
    s
}

/// `scorecard.csv`: one row per anchor, units in the column names.
pub fn to_csv(sc: &Scorecard) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "study",
        "kind",
        "probe",
        "published_bp",
        "published_low_bp",
        "published_high_bp",
        "central_bp",
        "low_bp",
        "high_bp",
        "ratio",
        "today_per_dollar_bp",
        "today_per_share_bp",
        "market_then_bn",
        "meets_range_or_1_5x",
        "within_2x",
        "bracketed",
        "capped",
    ])
    .map_err(|e| e.to_string())?;
    for r in &sc.rows {
        let a = &r.anchor;
        if let Some(v) = r.figures().iter().find(|v| !v.is_finite()) {
            return Err(format!("anchor `{}` has a non-finite figure ({v})", a.id));
        }
        let n = |v: f64| fixed(v, 3);
        w.write_record([
            a.id.clone(),
            a.study.clone(),
            a.kind.name().into(),
            probe_label(r),
            n(a.published_bp),
            n(a.low_bp),
            n(a.high_bp),
            n(r.central_bp),
            n(r.low_bp),
            n(r.high_bp),
            n(r.ratio()),
            n(r.today_per_dollar_bp),
            n(r.today_per_share_bp),
            n(a.market_bn),
            mark(r.meets_range()).into(),
            mark(r.within_max_factor()).into(),
            mark(r.bracketed()).into(),
            mark(r.capped).into(),
        ])
        .map_err(|e| e.to_string())?;
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// `scorecard.md`: the table, the verdict, the per-dollar/per-share evidence and the sources.
pub fn to_markdown(sc: &Scorecard, set: &AnchorSet, opts: &ChartOptions) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Calibration scorecard\n");
    let _ = writeln!(
        s,
        "Every anchor of `{}` run in its own era's market at monthly steps, deterministic, under the low, central and high calibrations. Figures in bp against a run without the probe; ratio = central ÷ published.\n",
        set.path.display()
    );
    let _ = writeln!(
        s,
        "![published against model](scorecard.{})\n",
        opts.format.preferred_ext()
    );
    let _ = writeln!(s, "| {} |", HEADER.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(HEADER.len()));
    for r in &sc.rows {
        let _ = writeln!(s, "| {} |", cells(r).join(" | "));
    }
    let _ = writeln!(s, "\n{}\n", verdict(sc));
    if sc.rows.iter().any(|r| r.capped) {
        let _ = writeln!(s, "{CAPPED_NOTE}\n");
    }
    let _ = writeln!(s, "## Per dollar or per share of the market\n");
    let _ = writeln!(
        s,
        "Each anchor also runs in today's market (`{}`, ${}B) with the same dollars and with the same share of the market (dollars × today's market ÷ the era's). For each kind, the root mean square of ln(model ÷ published), and the one impact multiplier that fits best in logs (equal weights) with what is left after it:\n",
        set.today.scenario,
        thousands(set.today.market_bn, 0)
    );
    let _ = writeln!(
        s,
        "| kind | scaling | anchors | rms ln(model/published) | best multiplier | rms after |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for f in &sc.fits {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            f.kind.name(),
            f.scaling.label(),
            f.n,
            fixed(f.rms_log, 2),
            fixed(f.multiplier, 3),
            fixed(f.rms_log_after, 2)
        );
    }
    let _ = writeln!(s, "\n## Anchors and sources\n");
    for r in &sc.rows {
        let a = &r.anchor;
        let _ = writeln!(
            s,
            "- **{}** ({}, {}): {}. <{}>. Checked: {}. Market then ${}B ({}); GDP ${}B ({}). Maturity: {}. Probe: {}. Published: {}.",
            a.id,
            a.study,
            a.kind.name(),
            a.citation,
            a.url,
            a.verified,
            thousands(a.market_bn, 0),
            a.market_source,
            thousands(a.gdp_bn, 0),
            a.gdp_source,
            a.maturity,
            a.probe.note,
            a.published_note
        );
    }
    s
}

/// Published against model on log axes (magnitudes, bp).
pub struct ScatterChart<'a> {
    rows: &'a [Row],
    titles: Titles,
}

/// log10 of the decade at or below `v`, and at or above.
fn decades(lo: f64, hi: f64) -> (f64, f64) {
    (
        lo.log10().floor(),
        hi.log10().ceil().max(lo.log10().floor() + 1.0),
    )
}

impl Draw for ScatterChart<'_> {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), ChartError> {
        let s = Scale::of(root.dim_in_pixel());
        let (plot, legend_area) = frame::layout(root, &self.titles, 270.0, s)?;
        let plotted: Vec<&Row> = self.rows.iter().filter(|r| r.ratio() > 0.0).collect();
        let mags = plotted.iter().flat_map(|r| {
            let a = &r.anchor;
            [a.low_bp, a.high_bp, r.low_bp, r.central_bp, r.high_bp].map(f64::abs)
        });
        let (lo, hi) = mags
            .filter(|v| *v > 0.0 && v.is_finite())
            .fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let (d0, d1) = if lo.is_finite() {
            decades(lo, hi)
        } else {
            (0.0, 2.0)
        };
        let ticks: Vec<f64> = (d0 as i32..=d1 as i32)
            .flat_map(|d| [1.0, 2.0, 5.0].map(|m| (m * 10f64.powi(d)).log10()))
            .collect();
        let axis = || FixedTicks::new(d0..d1, ticks.clone());
        let mut chart = frame::plot_builder(&plot, s)
            .build_cartesian_2d(axis(), axis())
            .map_err(de)?;
        let label = |v: &f64| {
            let x = 10f64.powf(*v);
            if x < 1.0 { fixed(x, 1) } else { fixed(x, 0) }
        };
        let mut mesh = chart.configure_mesh();
        mesh.x_label_formatter(&label)
            .y_label_formatter(&label)
            .x_desc("Published effect (bp, magnitude; bar: published range)")
            .y_desc("Model, central (bp; bar: low to high)");
        frame::mesh_style(&mut mesh, s).draw().map_err(de)?;
        for (f, colour, width) in [
            (1.0, GREY, 2.0),
            (MAX_FACTOR, GRID, 2.0),
            (1.0 / MAX_FACTOR, GRID, 2.0),
        ] {
            let k = f64::log10(f);
            chart
                .draw_series(LineSeries::new(
                    [(d0, d0 + k), (d1, d1 + k)],
                    colour.stroke_width(s.width(width)),
                ))
                .map_err(de)?;
        }
        // A label that would overprint an earlier one (within a third of a
        // decade across and a tenth up or down) goes below and to the left.
        let mut placed: Vec<(f64, f64)> = Vec::new();
        for r in &plotted {
            let a = &r.anchor;
            let colour = palette::series(if a.kind == Kind::Flow { 0 } else { 1 });
            let (x, y) = (a.published_bp.abs().log10(), r.central_bp.abs().log10());
            let style = colour.stroke_width(s.width(2.0));
            let (xl, xh) = (a.low_bp.abs().log10(), a.high_bp.abs().log10());
            let ys: Vec<f64> = [r.low_bp, r.high_bp]
                .iter()
                .map(|v| v.abs().max(1e-9).log10())
                .collect();
            chart
                .draw_series(LineSeries::new([(xl, y), (xh, y)], style))
                .map_err(de)?;
            chart
                .draw_series(LineSeries::new([(x, ys[0]), (x, ys[1])], style))
                .map_err(de)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, y),
                    s.ipx(6.0),
                    colour.filled(),
                )))
                .map_err(de)?;
            let crowded = placed
                .iter()
                .any(|(px, py)| (px - x).abs() < 0.35 && (py - y).abs() < 0.1);
            let pos = if crowded {
                Pos::new(HPos::Right, VPos::Top)
            } else {
                Pos::new(HPos::Left, VPos::Bottom)
            };
            placed.push((x, y));
            chart
                .draw_series(std::iter::once(Text::new(
                    a.id.clone(),
                    (x, y),
                    text(s.px(14.0), INK).pos(pos),
                )))
                .map_err(de)?;
        }
        let legend = [
            LegendItem::new("Flow estimates", palette::series(0), Swatch::Dot),
            LegendItem::new("Stock estimates", palette::series(1), Swatch::Dot),
            LegendItem::new("Model = published", GREY, Swatch::Line),
            LegendItem::new(
                format!("Within {MAX_FACTOR}× either way"),
                GRID,
                Swatch::Line,
            ),
        ];
        frame::legend(&legend_area, None, &legend, s)
    }
}

/// Writes scorecard.csv, scorecard.md and the chart into `staging`; returns the files.
pub fn write(
    staging: &Staging,
    set: &AnchorSet,
    sc: &Scorecard,
    opts: &ChartOptions,
) -> Result<Vec<PathBuf>, ReportError> {
    let csv = to_csv(sc).map_err(|detail| ReportError::NonFinite {
        file: "scorecard.csv".into(),
        detail,
    })?;
    let mut files = vec![staging.write("scorecard.csv", csv.as_bytes())?];
    files.push(staging.write("scorecard.md", to_markdown(sc, set, opts).as_bytes())?);
    let chart = ScatterChart {
        rows: &sc.rows,
        titles: Titles {
            heading: "Calibration scorecard: published effect against the model (bp, log axes)"
                .into(),
            subtitle: format!(
                "{} anchors, each in its own era's market; central calibration, low–high bars",
                sc.rows.len()
            ),
            footer: format!(
                "Anchors: {}  ·  selloff {}",
                set.path.display(),
                crate::VERSION
            ),
        },
    };
    files.extend(render(staging.dir(), "scorecard", opts, &chart)?);
    Ok(files)
}
