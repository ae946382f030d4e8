//! `selloff run`: simulate a scenario and write its output folder.

use super::{CliError, RunArgs, check_budget, failure, open, progress_bar};
use crate::engine::montecarlo::{self, McOptions};
use crate::engine::{self, calendar::step_dates};
use crate::report::{self, uncertainty};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit code 2 for draws that do not validate (invalid input), 1 otherwise.
pub(crate) fn mc_error(e: montecarlo::McError) -> CliError {
    let code = match e {
        montecarlo::McError::Draw { .. } => 2,
        montecarlo::McError::Pool(_) | montecarlo::McError::Memory { .. } => 1,
    };
    CliError {
        code,
        message: e.to_string(),
    }
}

/// Runs a scenario: validate, check the output folder, simulate, write, print the summary.
pub fn run(a: RunArgs) -> Result<(), CliError> {
    let r = open(&a.scenario, &a.common.set, a.common.seed)?;
    // Everything that can be known before simulating is checked first: the
    // scenario (above), its size, and the output location.
    let opts = McOptions {
        paths: a.mc.paths,
        seed: r.seed,
        threads: a.mc.threads.map(|t| t as usize),
    };
    let sketch_limit = check_budget(&r, Some(&opts), a.common.memory.max_memory_mb)?;
    let staging = a.common.output.begin(default_folder(&r.name), "run")?;
    let mut det = engine::run_deterministic(&r.params, r.seed);
    det.range = engine::range::literature_range(&r.params, r.seed);
    let dates = step_dates(r.start_date, r.step, r.params.steps);
    if a.mc.paths > 0 && !a.common.quiet && !montecarlo::paths_vary(&r) {
        eprintln!(
            "note: `{}` has no uncertain assumption, so all {} paths will repeat the central run and every band is one line. {}",
            r.name,
            a.mc.paths,
            uncertainty::HOW_TO_VARY
        );
    }
    let mc = if a.mc.paths > 0 {
        // Show a bar only for runs long enough to notice (~0.1 s and more).
        let work = a.mc.paths.saturating_mul(r.params.steps as u64);
        let bar = progress_bar(a.mc.paths, a.common.quiet || work < 1_000_000, "paths");
        let mc = montecarlo::run_within(&r, &opts, sketch_limit, &|n| bar.inc(n));
        bar.finish_and_clear();
        let mc = mc.map_err(mc_error)?;
        Some(mc)
    } else {
        None
    };
    let percentiles = mc.as_ref().map(uncertainty::percentiles_json);
    let charts = a.common.charts.options();
    report::write_run(&staging, &r, &det, &dates, percentiles, &charts).map_err(failure)?;
    if let Some(mc) = &mc {
        report::write_mc(&staging, &r, &det, mc, &dates, &charts).map_err(failure)?;
    }
    test_pause_before_commit();
    let dir = staging.commit().map_err(failure)?;
    if !a.common.quiet {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{}", report::text::summary(&r, &det, &dates));
        if let Some(mc) = &mc {
            let _ = writeln!(
                out,
                "\n{}",
                uncertainty::spread_paragraph(&r, mc, &det.figures)
            );
        }
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

/// The default output folder of `selloff run NAME`: `output/NAME`.
fn default_folder(name: &str) -> PathBuf {
    Path::new("output").join(name)
}
