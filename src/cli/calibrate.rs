//! `selloff calibrate`: run every calibration anchor in its own era's market
//! and write the scorecard (table on the terminal, scorecard.csv,
//! scorecard.md, the chart) to output/calibration/.

use super::{CalibrateArgs, CliError, failure};
use crate::engine::scorecard;
use crate::scenario::anchors;
use std::io::Write;
use std::path::Path;

/// Runs the scorecard.
pub fn calibrate(a: CalibrateArgs) -> Result<(), CliError> {
    let path = a.anchors.clone().unwrap_or_else(anchors::default_path);
    let set = anchors::load_with(&path, &a.set).map_err(|e| CliError {
        code: 2,
        message: e.to_string(),
    })?;
    let staging = a
        .output
        .begin(Path::new("output").join("calibration"), "calibrate")?;
    let sc = scorecard::run(&set);
    crate::report::scorecard::write(&staging, &set, &sc, &a.charts.options()).map_err(failure)?;
    let dir = staging.commit().map_err(failure)?;
    if !a.quiet {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{}", crate::report::scorecard::text_table(&sc));
        let _ = writeln!(out, "\nWrote {}/", dir.display());
    }
    Ok(())
}
