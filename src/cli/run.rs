//! `selloff run`: simulate a scenario and write its output folder.

use super::{CliError, RunArgs, failure, open};
use crate::engine::{self, budget, calendar::step_dates};
use crate::report::{self, charts::ChartOptions, output_dir::Staging};
use std::io::Write;
use std::path::Path;

/// Runs a scenario: validate, check the output folder, simulate, write, print the summary.
pub fn run(a: RunArgs) -> Result<(), CliError> {
    let r = open(&a.scenario, &a.set, a.seed)?;
    // Everything that can be known before simulating is checked first: the
    // scenario (above), its size, and the output location.
    budget::check(&r.params, 1, a.max_memory_mb).map_err(|e| CliError {
        code: 2,
        message: e.to_string(),
    })?;
    let target = a
        .out
        .clone()
        .unwrap_or_else(|| Path::new("output").join(&r.name));
    check_not_through_a_file(&target)?;
    let staging = Staging::begin(&target).map_err(failure)?;
    let det = engine::run_deterministic(&r.params, r.seed);
    let dates = step_dates(r.start_date, r.step, r.params.steps);
    let charts = ChartOptions {
        format: a.format,
        size: a.size,
    };
    report::write_run(&staging, &r, &det, &dates, None, &charts).map_err(failure)?;
    test_pause_before_commit();
    let dir = staging.commit().map_err(failure)?;
    if !a.quiet {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{}", report::text::summary(&r, &det, &dates));
        let _ = writeln!(out, "\nWrote {}/", dir.display());
    }
    Ok(())
}

/// Sleeps for `SELLOFF_TEST_PAUSE_BEFORE_COMMIT_MS` milliseconds, when set:
/// a window in which tests kill the process with every file staged but the
/// output folder not yet swapped in. Unset in normal use.
fn test_pause_before_commit() {
    if let Some(ms) = std::env::var("SELLOFF_TEST_PAUSE_BEFORE_COMMIT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

/// Fails when the output path, or a folder on the way to it, is a file.
fn check_not_through_a_file(target: &Path) -> Result<(), CliError> {
    for a in target.ancestors().filter(|a| !a.as_os_str().is_empty()) {
        if a.exists() {
            if a.is_dir() {
                return Ok(());
            }
            return Err(failure(format!(
                "cannot write the output folder `{}`: `{}` is a file, not a folder; choose another `--out` or move the file",
                target.display(),
                a.display()
            )));
        }
    }
    Ok(())
}
