//! The outputs of `selloff sweep`: sweep.csv and its line chart or heat maps
//! for a grid, tornado.csv and its chart for the tornado, and the terminal
//! text of each.

use super::charts::mc::{self, Chart, Heat, Lines, Tornado};
use super::format::{fixed, thousands};
use super::output_dir::Staging;
use super::{ReportError, chart_footer};
use crate::engine::sweep::{Bar, Point, Vary};
use crate::report::charts::ChartOptions;
use crate::scenario::Resolved;
use std::fmt::Write as _;

/// The figure the tornado ranks parameters by.
pub const TORNADO_FIGURE: &str = "d_interest_10y_cumulative_bn";

/// The ten-year extra interest, the second figure of every sweep chart.
const TEN: &str = "d_interest_10y_cumulative_bn";

/// The value of summary figure `name` at grid point `pt` (NaN when it has none).
fn value(pt: &Point, name: &str) -> f64 {
    pt.figures
        .scalars()
        .into_iter()
        .find(|(n, _)| n == name)
        .map_or(f64::NAN, |(_, v)| v)
}

/// The 10-year tenor's name and the dotted name of its peak change.
fn peak_of_10y(r: &Resolved) -> (String, String) {
    let t10 = r.params.curve.tenors[r.params.ten_year_index()].clone();
    let peak = format!("peak_d_yield_bp.{t10}");
    (t10, peak)
}

/// Writes sweep.csv and the grid's charts (a line chart of the key figures
/// for one varied key, two heat maps for two) into `staging`; `paths` is the
/// Monte Carlo's paths at each point, if any.
pub fn write_grid(
    staging: &Staging,
    r: &Resolved,
    vary: &[Vary],
    points: &[Point],
    paths: Option<u64>,
    charts: &ChartOptions,
) -> Result<(), ReportError> {
    staging.write("sweep.csv", &sweep_csv(vary, points)?)?;
    let footer = chart_footer(r, paths);
    let (t10, peak) = peak_of_10y(r);
    let step = r.step.name();
    if let [key] = vary {
        let band = |name: &str| {
            let quantiles = |pt: &Point| {
                pt.mc.as_ref().map_or((f64::NAN, f64::NAN), |mc| {
                    (
                        mc.scalar_quantile(name, 0.05),
                        mc.scalar_quantile(name, 0.95),
                    )
                })
            };
            paths.map(|_| points.iter().map(quantiles).collect())
        };
        let panel = |title: String, name: &str| {
            let values = points.iter().map(|p| value(p, name)).collect();
            (title, values, band(name))
        };
        let chart = Lines {
            title: format!("Sweep of {}: key figures against {}", r.name, key.key),
            x_desc: describe_key(&key.key, step),
            x_labels: key.values.clone(),
            panels: vec![
                panel(format!("Peak {t10} change (bp)"), &peak),
                panel("Extra interest, 10 years ($B)".into(), TEN),
            ],
        };
        mc::write(
            staging.dir(),
            "sweep",
            &Chart::Lines(chart),
            &footer,
            charts,
        )?;
        return Ok(());
    }
    let (nx, ny) = (vary[0].values.len(), vary[1].values.len());
    let heat_maps = [
        (
            "heatmap_d_interest_10y",
            TEN,
            "Extra interest\nover 10 years ($B)".to_string(),
        ),
        (
            "heatmap_peak_d_yield_10y",
            peak.as_str(),
            format!("Peak {t10}\nchange (bp)"),
        ),
    ];
    for (stem, name, desc) in heat_maps {
        let z = (0..nx)
            .map(|ix| {
                (0..ny)
                    .map(|iy| value(&points[ix * ny + iy], name))
                    .collect()
            })
            .collect();
        let chart = Heat {
            title: format!("Sweep of {}: {}", r.name, desc.replace('\n', " ")),
            x_desc: describe_key(&vary[0].key, step),
            y_desc: describe_key(&vary[1].key, step),
            xs: vary[0].values.clone(),
            ys: vary[1].values.clone(),
            z,
            z_desc: desc,
        };
        mc::write(staging.dir(), stem, &Chart::Heat(chart), &footer, charts)?;
    }
    Ok(())
}

/// The terminal summary of a grid: one line per point with its peak
/// 10-year change and ten-year extra interest.
pub fn grid_text(r: &Resolved, vary: &[Vary], points: &[Point]) -> String {
    let (t10, peak) = peak_of_10y(r);
    let mut out = format!("Sweep of {}: {} grid points\n", r.name, points.len());
    for pt in points {
        let at: Vec<String> = vary
            .iter()
            .zip(&pt.values)
            .map(|(v, x)| format!("{}={x}", v.key))
            .collect();
        let _ = writeln!(
            out,
            "  {:<40} peak {t10} {:>+9.1} bp   extra interest 10y ${:>10}B",
            at.join(" "),
            value(pt, &peak),
            thousands(value(pt, TEN), 1)
        );
    }
    out
}

/// sweep.csv: one row per grid point: the varied values, every summary
/// figure of the central run, and with Monte Carlo each figure's p5/p50/p95
/// (a figure a point does not have is an empty cell).
pub fn sweep_csv(vary: &[Vary], points: &[Point]) -> Result<Vec<u8>, ReportError> {
    let names: Vec<String> = points
        .first()
        .map(|p| p.figures.scalars().into_iter().map(|(n, _)| n).collect())
        .unwrap_or_default();
    let mc = points.first().is_some_and(|p| p.mc.is_some());
    let mut head: Vec<String> = vary.iter().map(|v| v.key.clone()).collect();
    head.extend(names.iter().cloned());
    if mc {
        for n in &names {
            head.extend(["p5", "p50", "p95"].map(|q| format!("{n}.{q}")));
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&head)?;
    for pt in points {
        let mut row = pt.values.clone();
        let vals = pt.figures.scalars();
        for n in &names {
            let v = vals.iter().find(|(m, _)| m == n).map_or(f64::NAN, |x| x.1);
            row.push(fixed(v, 6));
        }
        if let Some(m) = &pt.mc {
            for n in &names {
                row.extend([0.05, 0.5, 0.95].map(|q| fixed(m.scalar_quantile(n, q), 6)));
            }
        }
        w.write_record(&row)?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Csv(e.into_error().into()))
}

/// Writes tornado.csv and the tornado chart of `bars` (the figure
/// [`TORNADO_FIGURE`], `central` in the central run) into `staging`.
pub fn write_tornado(
    staging: &Staging,
    r: &Resolved,
    central: f64,
    bars: &[Bar],
    charts: &ChartOptions,
) -> Result<(), ReportError> {
    staging.write("tornado.csv", &tornado_csv(central, bars)?)?;
    let years = (r.params.steps as f64 * r.params.dt).min(10.0);
    let label = |b: &Bar| {
        let range = format!("{}–{}", short(b.low_value), short(b.high_value));
        (format!("{} ({range})", b.key), b.at_low, b.at_high)
    };
    let chart = Tornado {
        title: format!("{}: what moves the {years:.0}-year extra interest", r.title),
        x_desc: format!("Extra federal interest over the first {years:.0} years ($B)"),
        central,
        bars: bars.iter().map(label).collect(),
    };
    let footer = chart_footer(r, None);
    mc::write(
        staging.dir(),
        "tornado",
        &Chart::Tornado(chart),
        &footer,
        charts,
    )?;
    Ok(())
}

/// tornado.csv: one row per uncertain parameter, largest swing first.
pub fn tornado_csv(central: f64, bars: &[Bar]) -> Result<Vec<u8>, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "parameter",
        "distribution",
        "p10",
        "p90",
        "figure",
        "at_p10",
        "at_p90",
        "central",
        "swing",
    ])?;
    for b in bars {
        w.write_record([
            b.key.clone(),
            b.dist.name().to_string(),
            fixed(b.low_value, 6),
            fixed(b.high_value, 6),
            TORNADO_FIGURE.to_string(),
            fixed(b.at_low, 3),
            fixed(b.at_high, 3),
            fixed(central, 3),
            fixed(b.swing(), 3),
        ])?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Csv(e.into_error().into()))
}

/// The terminal summary of a tornado: each parameter's swing of the figure.
pub fn tornado_text(r: &Resolved, central: f64, bars: &[Bar]) -> String {
    let mut out = format!(
        "{}: ten-year extra interest ${}B in the central run; each parameter from its p10 to its p90:\n",
        r.title,
        thousands(central, 1)
    );
    for b in bars {
        let _ = writeln!(
            out,
            "  {:<45} {:>10} → {:>10}   ${:>9}B → ${:>9}B  (swing ${}B)",
            b.key,
            short(b.low_value),
            short(b.high_value),
            thousands(b.at_low, 1),
            thousands(b.at_high, 1),
            thousands(b.swing(), 1)
        );
    }
    out
}

/// An axis description for a scenario key, with its unit where the key says it.
fn describe_key(key: &str, step: &str) -> String {
    let unit = if key.ends_with(".steps") || key.ends_with(".start") || key.ends_with("_step") {
        format!("{step}s")
    } else if key.ends_with("_bn") {
        "$B".into()
    } else if key.ends_with("_bp") || key.ends_with("_bp_per_sqrt_year") {
        "bp".into()
    } else if key.ends_with("_pct") || key.contains("_pct_") {
        "%".into()
    } else if key.ends_with("_months") {
        "months".into()
    } else if key.ends_with("_years") {
        "years".into()
    } else if key.ends_with("_scale") {
        "multiplier".into()
    } else {
        return key.to_string();
    };
    format!("{key} ({unit})")
}

/// A parameter value with three significant digits.
fn short(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::summary::SummaryAcc;

    #[test]
    fn sweep_csv_quotes_a_value_with_a_comma_and_keeps_the_rest_plain() {
        let p = crate::scenario::open("japan-fire-sale", &[])
            .expect("loads")
            .params;
        let point = |v: &str| Point {
            values: vec![v.into()],
            figures: SummaryAcc::new(&p).finish(&p),
            mc: None,
        };
        let vary = [Vary {
            key: "curve.base_pct".into(),
            values: vec!["[4, 5]".into(), "3".into()],
        }];
        let csv =
            String::from_utf8(sweep_csv(&vary, &[point("[4, 5]"), point("3")]).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("curve.base_pct,peak_d_yield_bp."));
        assert!(lines[1].starts_with("\"[4, 5]\",0.000000,"), "{}", lines[1]);
        assert!(lines[2].starts_with("3,0.000000,"), "{}", lines[2]);
    }
}
