//! `selloff sweep`: a scenario over a grid of one or two parameters, or the tornado.

use super::{CliError, SweepArgs, check_budget, failure, folder_name, open, progress_bar};
use crate::engine::sweep::{self, Vary};
use crate::report::{self, sweep::TORNADO_FIGURE};
use std::io::Write;
use std::path::Path;

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
    let r = open(&a.scenario, &a.common.set, a.common.seed)?;
    let points: u64 = vary.iter().map(|v| v.values.len() as u64).product();
    sweep::check_job_size(points, a.mc.paths, r.params.steps).map_err(invalid)?;
    let opts = crate::engine::montecarlo::McOptions {
        paths: a.mc.paths,
        seed: r.seed,
        threads: a.mc.threads.map(|t| t as usize),
    };
    check_budget(&r, Some(&opts), a.common.memory.max_memory_mb)?;
    let keys: Vec<&str> = vary.iter().map(|v| v.key.as_str()).collect();
    let default =
        Path::new("output").join(folder_name(&format!("{}-sweep-{}", r.name, keys.join("+"))));
    let staging = a.common.output.begin(default, "sweep")?;
    let n: u64 = vary.iter().map(|v| v.values.len() as u64).product();
    let bar = progress_bar(
        n,
        a.common.quiet || n * a.mc.paths.max(1) < 200,
        "grid points",
    );
    let points = sweep::grid(
        &a.scenario,
        &a.common.set,
        a.common.seed,
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
    let paths = (a.mc.paths > 0).then_some(a.mc.paths);
    let charts = a.common.charts.options();
    report::sweep::write_grid(&staging, &r, &vary, &points, paths, &charts).map_err(failure)?;
    let dir = staging.commit().map_err(failure)?;
    if !a.common.quiet {
        let text = report::sweep::grid_text(&r, &vary, &points);
        let _ = write!(
            std::io::stdout().lock(),
            "{text}\nWrote {}/\n",
            dir.display()
        );
    }
    Ok(())
}

fn tornado(a: SweepArgs) -> Result<(), CliError> {
    let r = open(&a.scenario, &a.common.set, a.common.seed)?;
    check_budget(&r, None, a.common.memory.max_memory_mb)?;
    let default = Path::new("output").join(folder_name(&format!("{}-tornado", r.name)));
    let (central, bars) = sweep::tornado(&r, TORNADO_FIGURE);
    if bars.is_empty() {
        return Err(invalid(format!(
            "scenario `{}` has no uncertain parameter: write a number as a distribution, e.g. elasticity_scale = {{ dist = \"lognormal\", median = 1.0, sigma = 0.5 }}",
            r.name
        )));
    }
    let staging = a.common.output.begin(default, "tornado")?;
    let charts = a.common.charts.options();
    report::sweep::write_tornado(&staging, &r, central, &bars, &charts).map_err(failure)?;
    let dir = staging.commit().map_err(failure)?;
    if !a.common.quiet {
        let text = report::sweep::tornado_text(&r, central, &bars);
        let _ = write!(
            std::io::stdout().lock(),
            "{text}\nWrote {}/\n",
            dir.display()
        );
    }
    Ok(())
}
