//! `selloff compare A B [C…]`: runs each scenario and writes them side by side.

use super::{CliError, CompareArgs, check_budget, failure, folder_name, open};
use crate::engine::{self, calendar::step_dates};
use crate::report::compare::{Entry, table, write_compare};
use std::io::Write;
use std::path::Path;

/// Runs every scenario, then writes the comparison folder whole.
pub fn compare(a: CompareArgs) -> Result<(), CliError> {
    let resolved = a
        .scenarios
        .iter()
        .map(|s| open(s, &a.common.set, a.common.seed))
        .collect::<Result<Vec<_>, _>>()?;
    for r in &resolved {
        check_budget(r, None, a.common.memory.max_memory_mb)?;
    }
    let names: Vec<&str> = resolved.iter().map(|r| r.name.as_str()).collect();
    let default = Path::new("output").join(folder_name(&format!("compare-{}", names.join("-"))));
    let staging = a.common.output.begin(default, "compare")?;
    let runs: Vec<_> = resolved
        .iter()
        .map(|r| {
            (
                engine::run_deterministic(&r.params, r.seed),
                step_dates(r.start_date, r.step, r.params.steps),
            )
        })
        .collect();
    let entries: Vec<Entry> = resolved
        .iter()
        .zip(&runs)
        .map(|(r, (det, dates))| Entry {
            r,
            det,
            dates: dates.as_slice(),
        })
        .collect();
    let opts = a.common.charts.options();
    write_compare(&staging, &entries, &opts).map_err(failure)?;
    let dir = staging.commit().map_err(failure)?;
    if !a.common.quiet {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "{:<34}", "figure");
        for n in &names {
            let _ = write!(out, "{n:>22}");
        }
        let _ = writeln!(out);
        for (name, vals) in table(&entries) {
            if name.starts_with("peak_step") || name.starts_with("absorbed_by") {
                continue;
            }
            let _ = write!(out, "{name:<34}");
            for v in vals {
                let _ = write!(
                    out,
                    "{:>22}",
                    v.map(|v| v.to_string()).unwrap_or_else(|| "–".into())
                );
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "\nWrote {}/", dir.display());
    }
    Ok(())
}
