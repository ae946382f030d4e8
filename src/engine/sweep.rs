//! Sweeps: a scenario over a grid of one or two parameters, and the tornado
//! (each uncertain parameter swung between its p10 and p90).

use super::montecarlo::{self, McError, McOptions, McResult};
use super::run_deterministic;
use super::sampler::{QuantileSampler, uncertain_parameters};
use super::summary::Figures;
use crate::scenario::num::Dist;
use crate::scenario::{self, Origin, Resolved, ScenarioError};

/// One varied parameter: a dotted key and the values it takes (TOML literals).
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    /// Dotted scenario key, as for `--set`.
    pub key: String,
    /// The values, as TOML text (`3`, `0.5`).
    pub values: Vec<String>,
}

/// Formats a grid value: integers without a decimal point (for integer fields).
fn literal(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.10}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Parses `KEY=V1,V2,…` or `KEY=LOW..HIGH:POINTS` (POINTS evenly spaced values, ends included).
pub fn parse_vary(s: &str) -> Result<Vary, String> {
    let (key, rest) = s
        .split_once('=')
        .ok_or_else(|| format!("`--vary {s}`: write KEY=V1,V2,… or KEY=LOW..HIGH:POINTS, for example holders.japan.sale.steps=1..36:36"))?;
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("`--vary {s}`: the key before `=` is empty"));
    }
    let rest = rest.trim();
    let values = if let Some((range, points)) = rest.split_once(':') {
        let (lo, hi) = range.split_once("..").ok_or_else(|| {
            format!("`--vary {s}`: a range is LOW..HIGH:POINTS, for example 1..36:36")
        })?;
        let num = |t: &str, what: &str| {
            t.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("`--vary {s}`: {what} \"{}\" is not a number", t.trim()))
        };
        let (lo, hi) = (num(lo, "LOW")?, num(hi, "HIGH")?);
        let n: usize = points
            .trim()
            .parse()
            .ok()
            .filter(|n| (2..=1000).contains(n))
            .ok_or_else(|| {
                format!(
                    "`--vary {s}`: POINTS \"{}\" must be a whole number from 2 to 1000",
                    points.trim()
                )
            })?;
        if lo >= hi {
            return Err(format!(
                "`--vary {s}`: LOW {lo} must be less than HIGH {hi}"
            ));
        }
        (0..n)
            .map(|i| literal(lo + (hi - lo) * i as f64 / (n - 1) as f64))
            .collect()
    } else {
        let v: Vec<String> = rest.split(',').map(|t| t.trim().to_string()).collect();
        if v.iter().any(|t| t.is_empty()) {
            return Err(format!("`--vary {s}`: a value in the list is empty"));
        }
        v
    };
    Ok(Vary {
        key: key.to_string(),
        values,
    })
}

/// Refuses a grid that varies one key twice (the second would silently win).
pub fn distinct_keys(vary: &[Vary]) -> Result<(), String> {
    for (i, v) in vary.iter().enumerate() {
        if vary[..i].iter().any(|w| w.key == v.key) {
            return Err(format!(
                "`--vary {}` is given twice; vary each key once (list all its values in one flag: KEY=V1,V2,…)",
                v.key
            ));
        }
    }
    Ok(())
}

/// Most path-steps a sweep may ask for: grid points × paths (at least 1) ×
/// steps. At about a microsecond per path-step (docs/PERFORMANCE.md) 10^11
/// is more than a day of computing; beyond it a job is refused before it starts.
pub const MAX_PATH_STEPS: f64 = 1e11;

/// Refuses a sweep of `points` grid points × `paths` paths × `steps` steps
/// beyond [`MAX_PATH_STEPS`], with the estimate.
pub fn check_job_size(points: u64, paths: u64, steps: usize) -> Result<(), String> {
    let work = points as f64 * paths.max(1) as f64 * steps as f64;
    if work > MAX_PATH_STEPS {
        return Err(format!(
            "this sweep would simulate {points} grid points × {} paths × {steps} steps = {work:.1e} path-steps, more than the {MAX_PATH_STEPS:.0e} selloff runs (about a day of computing): use fewer grid points or paths",
            paths.max(1)
        ));
    }
    Ok(())
}

/// Why a sweep failed.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// A grid point's scenario does not validate.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// A value of the grid itself does not validate at its key (for example
    /// a fractional value of a whole-number key).
    #[error(
        "in flag `--vary`: grid point {point}: {}. A range LOW..HIGH:POINTS gives evenly spaced values: for a whole-number key choose POINTS so that they are whole (1..36:36) or list the values (1,3,6,12)",
        error.message
    )]
    GridValue {
        /// The point's varied values, as `KEY=VALUE, KEY=VALUE`.
        point: String,
        /// What the scenario said about the value (its origin is the grid's own flag).
        error: ScenarioError,
    },
    /// A grid point's Monte Carlo failed.
    #[error(transparent)]
    MonteCarlo(#[from] McError),
}

/// One grid point's results.
#[derive(Debug, Clone)]
pub struct Point {
    /// The value of each varied key (TOML text), in `--vary` order.
    pub values: Vec<String>,
    /// The deterministic run's figures.
    pub figures: Figures,
    /// The Monte Carlo distribution, when paths were asked for.
    pub mc: Option<McResult>,
}

/// Runs `name` at every point of the grid (row-major: the last key varies fastest).
/// `sets` are applied first; `seed` overrides the scenario's; `paths` > 0 adds Monte Carlo.
pub fn grid(
    name: &str,
    sets: &[String],
    seed: Option<u64>,
    vary: &[Vary],
    paths: u64,
    threads: Option<usize>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<Point>, SweepError> {
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for v in vary {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                v.values.iter().map(move |x| {
                    let mut c = c.clone();
                    c.push(x.clone());
                    c
                })
            })
            .collect();
    }
    let mut out = Vec::with_capacity(combos.len());
    for values in combos {
        let mut all = sets.to_vec();
        let grid_flags: Vec<String> = vary
            .iter()
            .zip(&values)
            .map(|(v, x)| format!("{}={x}", v.key))
            .collect();
        all.extend(grid_flags.iter().cloned());
        let mut r = scenario::open(name, &all).map_err(|error| {
            // An error located at one of the grid's own flags is about the grid.
            match &error.origin {
                Some(Origin::Flag(f)) if grid_flags.contains(f) => SweepError::GridValue {
                    point: grid_flags.join(", "),
                    error,
                },
                _ => SweepError::Scenario(error),
            }
        })?;
        if let Some(s) = seed {
            r.seed = s;
        }
        let det = run_deterministic(&r.params, r.seed);
        let mc = if paths > 0 {
            let opts = McOptions {
                paths,
                seed: r.seed,
                threads,
            };
            Some(montecarlo::run(&r, &opts, &|_| {})?)
        } else {
            None
        };
        progress(1);
        out.push(Point {
            values,
            figures: det.figures,
            mc,
        });
    }
    Ok(out)
}

/// One bar of the tornado.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Dotted key of the parameter.
    pub key: String,
    /// Its distribution.
    pub dist: Dist,
    /// Its p10 and p90.
    pub low_value: f64,
    /// Its p90.
    pub high_value: f64,
    /// The figure with the parameter at its p10 (all else central).
    pub at_low: f64,
    /// The figure with the parameter at its p90.
    pub at_high: f64,
}

impl Bar {
    /// How far the figure moves between the two ends.
    pub fn swing(&self) -> f64 {
        (self.at_high - self.at_low).abs()
    }
}

/// The tornado of `figure` (a dotted name of [`Figures::scalars`]): the
/// central value and one bar per uncertain parameter, largest swing first.
pub fn tornado(r: &Resolved, figure: &str) -> (f64, Vec<Bar>) {
    let value = |f: &Figures| {
        f.scalars()
            .into_iter()
            .find(|(n, _)| n == figure)
            .map_or(f64::NAN, |(_, v)| v)
    };
    let central = value(&run_deterministic(&r.params, r.seed).figures);
    let mut bars: Vec<Bar> = uncertain_parameters(r)
        .into_iter()
        .map(|(key, dist)| {
            // A swing whose parameters do not validate (e.g. shares that no
            // longer sum to 1) has no figure (NaN), rather than a crash.
            let at = |p: f64| {
                crate::scenario::validate::build_params(
                    &r.scenario,
                    &r.origins,
                    &mut QuantileSampler { key: &key, p },
                )
                .map_or(f64::NAN, |params| {
                    value(&run_deterministic(&params, r.seed).figures)
                })
            };
            Bar {
                low_value: dist.quantile(0.1),
                high_value: dist.quantile(0.9),
                at_low: at(0.1),
                at_high: at(0.9),
                key,
                dist,
            }
        })
        .collect();
    let swing = |b: &Bar| if b.swing().is_nan() { -1.0 } else { b.swing() };
    bars.sort_by(|a, b| swing(b).total_cmp(&swing(a)).then(a.key.cmp(&b.key)));
    (central, bars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vary_lists_and_ranges() {
        let v = parse_vary("holders.japan.sale.steps=1..36:36").unwrap();
        assert_eq!(v.values.len(), 36);
        assert_eq!(v.values[0], "1");
        assert_eq!(v.values[35], "36");
        let v = parse_vary("market.elasticity_scale=0.5,1,2").unwrap();
        assert_eq!(v.values, ["0.5", "1", "2"]);
        let v = parse_vary("x=0..1:3").unwrap();
        assert_eq!(v.values, ["0", "0.5", "1"]);
        assert!(parse_vary("x").is_err());
        assert!(parse_vary("x=2..1:3").is_err());
        assert!(parse_vary("x=1..2:1").is_err());
        assert!(parse_vary("x=1,,2").is_err());
    }
}
