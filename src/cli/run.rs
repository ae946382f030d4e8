//! `selloff run`: simulate a scenario and write its output folder.

use super::{CliError, RunArgs, failure, open};
use crate::engine::{self, calendar::step_dates};
use crate::report::{self, charts::ChartOptions, output_dir::Staging};
use std::io::Write;
use std::path::Path;

/// Runs a scenario: validate, check the output folder, simulate, write, print the summary.
pub fn run(a: RunArgs) -> Result<(), CliError> {
    let r = open(&a.scenario, &a.set, a.seed)?;
    let target = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(&r.name));
    let staging = Staging::begin(&target).map_err(failure)?;
    let det = engine::run_deterministic(&r.params, r.seed);
    let dates = step_dates(r.start_date, r.step, r.params.steps);
    let charts = ChartOptions {
        format: a.format,
        size: a.size,
    };
    report::write_run(&staging, &r, &det, &dates, None, &charts).map_err(failure)?;
    let dir = staging.commit().map_err(failure)?;
    if !a.quiet {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{}", report::text::summary(&r, &det, &dates));
        let _ = writeln!(out, "\nWrote {}/", dir.display());
    }
    Ok(())
}
