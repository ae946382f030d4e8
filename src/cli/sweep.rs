//! `selloff sweep`: a scenario over a grid of one or two parameters, or the tornado.

use super::{CliError, SweepArgs, check_budget, failure, folder_name, open, progress_bar};
use crate::engine::montecarlo::McResult;
use crate::engine::sweep::{self, Point, Vary};
use crate::report::chart_footer;
use crate::report::format::{fixed, thousands};
use crate::report::mc_charts::{self, Chart, Heat, Lines, Tornado};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

/// The figure the tornado ranks parameters by.
pub const TORNADO_FIGURE: &str = "d_interest_10y_cumulative_bn";

fn invalid(message: String) -> CliError {
    CliError { code: 2, message }
}

/// Runs `selloff sweep`.
pub fn sweep(a: SweepArgs) -> Result<(), CliError> {
    if a.tornado {
        return tornado(a);
    }
    if a.vary.is_empty() || a.vary.len() > 2 {
        return Err(invalid(format!(
            "`selloff sweep` needs one or two --vary KEY=V1,V2,… or KEY=LOW..HIGH:POINTS (got {}), or --tornado",
            a.vary.len()
        )));
    }
    let vary: Vec<Vary> = a
        .vary
        .iter()
        .map(|v| sweep::parse_vary(v))
        .collect::<Result<_, _>>()
        .map_err(invalid)?;
    sweep::distinct_keys(&vary).map_err(invalid)?;
    let r = open(&a.scenario, &a.set, a.seed)?;
    let points: u64 = vary.iter().map(|v| v.values.len() as u64).product();
    sweep::check_job_size(points, a.mc.paths, r.params.steps).map_err(invalid)?;
    let opts = crate::engine::montecarlo::McOptions {
        paths: a.mc.paths,
        seed: r.seed,
        threads: a.mc.threads.map(|t| t as usize),
    };
    check_budget(&r, Some(&opts), a.memory.max_memory_mb)?;
    let keys: Vec<&str> = vary.iter().map(|v| v.key.as_str()).collect();
    let default =
        Path::new("output").join(folder_name(&format!("{}-sweep-{}", r.name, keys.join("+"))));
    let staging = a.output.begin(default, "sweep")?;
    let n: u64 = vary.iter().map(|v| v.values.len() as u64).product();
    let bar = progress_bar(n, a.quiet || n * a.mc.paths.max(1) < 200, "grid points");
    let points = sweep::grid(
        &a.scenario,
        &a.set,
        a.seed,
        &vary,
        a.mc.paths,
        a.mc.threads.map(|t| t as usize),
        &|k| bar.inc(k),
    )
    .map_err(|e| match e {
        sweep::SweepError::Scenario(e) => CliError::from(e),
        e @ sweep::SweepError::GridValue { .. } => invalid(e.to_string()),
        sweep::SweepError::MonteCarlo(e) => super::run::mc_error(e),
    })?;
    bar.finish_and_clear();
    staging
        .write("sweep.csv", sweep_csv(&vary, &points).as_bytes())
        .map_err(failure)?;
    let paths = (a.mc.paths > 0).then_some(a.mc.paths);
    let footer = chart_footer(&r, paths);
    let k10 = crate::engine::summary::ten_year_index(&r.params);
    let t10 = r.params.curve.tenors[k10].clone();
    let peak = format!("peak_d_yield_bp.{t10}");
    let ten = "d_interest_10y_cumulative_bn";
    let value = |pt: &Point, name: &str| {
        pt.figures
            .scalars()
            .into_iter()
            .find(|(n, _)| n == name)
            .map_or(f64::NAN, |(_, v)| v)
    };
    if vary.len() == 1 {
        let band = |name: &str| {
            paths.map(|_| {
                points
                    .iter()
                    .map(|pt| {
                        let mc: &McResult = pt.mc.as_ref().expect("paths were run");
                        (
                            mc.scalar_quantile(name, 0.05),
                            mc.scalar_quantile(name, 0.95),
                        )
                    })
                    .collect()
            })
        };
        let chart = Lines {
            title: format!("Sweep of {}: key figures against {}", r.name, vary[0].key),
            x_desc: describe_key(&vary[0].key, r.step.name()),
            x_labels: vary[0].values.clone(),
            panels: vec![
                (
                    format!("Peak {t10} change (bp)"),
                    points.iter().map(|p| value(p, &peak)).collect(),
                    band(&peak),
                ),
                (
                    "Extra interest, 10 years ($B)".into(),
                    points.iter().map(|p| value(p, ten)).collect(),
                    band(ten),
                ),
            ],
        };
        mc_charts::write(
            staging.dir(),
            "sweep",
            &Chart::Lines(chart),
            &footer,
            &a.charts.options(),
        )
        .map_err(failure)?;
    } else {
        let (nx, ny) = (vary[0].values.len(), vary[1].values.len());
        for (stem, name, desc) in [
            (
                "heatmap_d_interest_10y",
                ten,
                "Extra interest\nover 10 years ($B)".to_string(),
            ),
            (
                "heatmap_peak_d_yield_10y",
                peak.as_str(),
                format!("Peak {t10}\nchange (bp)"),
            ),
        ] {
            let z: Vec<Vec<f64>> = (0..nx)
                .map(|ix| {
                    (0..ny)
                        .map(|iy| value(&points[ix * ny + iy], name))
                        .collect()
                })
                .collect();
            let chart = Heat {
                title: format!("Sweep of {}: {}", r.name, desc.replace('\n', " ")),
                x_desc: describe_key(&vary[0].key, r.step.name()),
                y_desc: describe_key(&vary[1].key, r.step.name()),
                xs: vary[0].values.clone(),
                ys: vary[1].values.clone(),
                z,
                z_desc: desc,
            };
            mc_charts::write(
                staging.dir(),
                stem,
                &Chart::Heat(chart),
                &footer,
                &a.charts.options(),
            )
            .map_err(failure)?;
        }
    }
    let dir = staging.commit().map_err(failure)?;
    if !a.quiet {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Sweep of {}: {} grid points", r.name, points.len());
        for pt in &points {
            let _ = writeln!(
                out,
                "  {:<40} peak {t10} {:>+9.1} bp   extra interest 10y ${:>10}B",
                vary.iter()
                    .zip(&pt.values)
                    .map(|(v, x)| format!("{}={x}", v.key))
                    .collect::<Vec<_>>()
                    .join(" "),
                value(pt, &peak),
                thousands(value(pt, ten), 1)
            );
        }
        let _ = writeln!(out, "\nWrote {}/", dir.display());
    }
    Ok(())
}

/// sweep.csv: one row per grid point: the varied values, every summary
/// figure of the central run, and with Monte Carlo each figure's p5/p50/p95.
pub fn sweep_csv(vary: &[Vary], points: &[Point]) -> String {
    let mut out = String::new();
    let names: Vec<String> = points
        .first()
        .map(|p| p.figures.scalars().into_iter().map(|(n, _)| n).collect())
        .unwrap_or_default();
    let mc = points.first().is_some_and(|p| p.mc.is_some());
    let mut head: Vec<String> = vary.iter().map(|v| v.key.clone()).collect();
    head.extend(names.iter().cloned());
    if mc {
        for n in &names {
            for q in ["p5", "p50", "p95"] {
                head.push(format!("{n}.{q}"));
            }
        }
    }
    out.push_str(&head.join(","));
    out.push('\n');
    for pt in points {
        let mut row: Vec<String> = pt.values.iter().map(|v| csv_text(v)).collect();
        let vals = pt.figures.scalars();
        for n in &names {
            let v = vals.iter().find(|(m, _)| m == n).map_or(f64::NAN, |x| x.1);
            row.push(fixed(v, 6));
        }
        if let Some(m) = &pt.mc {
            for n in &names {
                for q in [0.05, 0.5, 0.95] {
                    row.push(fixed(m.scalar_quantile(n, q), 6));
                }
            }
        }
        let _ = writeln!(out, "{}", row.join(","));
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

fn csv_text(v: &str) -> String {
    if v.contains([',', '"', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

fn tornado(a: SweepArgs) -> Result<(), CliError> {
    let r = open(&a.scenario, &a.set, a.seed)?;
    check_budget(&r, None, a.memory.max_memory_mb)?;
    let default = Path::new("output").join(folder_name(&format!("{}-tornado", r.name)));
    let (central, bars) = sweep::tornado(&r, TORNADO_FIGURE);
    if bars.is_empty() {
        return Err(invalid(format!(
            "scenario `{}` has no uncertain parameter: write a number as a distribution, e.g. elasticity_scale = {{ dist = \"lognormal\", median = 1.0, sigma = 0.5 }}",
            r.name
        )));
    }
    let staging = a.output.begin(default, "tornado")?;
    let mut csv =
        String::from("parameter,distribution,p10,p90,figure,at_p10,at_p90,central,swing\n");
    for b in &bars {
        let _ = writeln!(
            csv,
            "{},{},{},{},{TORNADO_FIGURE},{},{},{},{}",
            b.key,
            b.dist.name(),
            fixed(b.low_value, 6),
            fixed(b.high_value, 6),
            fixed(b.at_low, 3),
            fixed(b.at_high, 3),
            fixed(central, 3),
            fixed(b.swing(), 3)
        );
    }
    staging
        .write("tornado.csv", csv.as_bytes())
        .map_err(failure)?;
    let years = (r.params.steps as f64 * r.params.dt).min(10.0);
    let chart = Tornado {
        title: format!("{}: what moves the {years:.0}-year extra interest", r.title),
        x_desc: format!("Extra federal interest over the first {years:.0} years ($B)"),
        central,
        bars: bars
            .iter()
            .map(|b| {
                (
                    format!("{} ({}–{})", b.key, short(b.low_value), short(b.high_value)),
                    b.at_low,
                    b.at_high,
                )
            })
            .collect(),
    };
    mc_charts::write(
        staging.dir(),
        "tornado",
        &Chart::Tornado(chart),
        &chart_footer(&r, None),
        &a.charts.options(),
    )
    .map_err(failure)?;
    let dir = staging.commit().map_err(failure)?;
    if !a.quiet {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "{}: ten-year extra interest ${}B in the central run; each parameter from its p10 to its p90:",
            r.title,
            thousands(central, 1)
        );
        for b in &bars {
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
        let _ = writeln!(out, "\nWrote {}/", dir.display());
    }
    Ok(())
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
