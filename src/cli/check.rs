//! `selloff list` and `selloff check`.

use super::{CheckArgs, CliError, open};
use crate::scenario;
use crate::scenario::error::printable;
use std::io::Write;

/// Prints every named scenario with its title.
pub fn list() -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    for (name, path) in scenario::list() {
        let title = match scenario::load::load(path.to_str().unwrap_or(&name), &[]) {
            Ok(l) => l.scenario.title.unwrap_or_default(),
            Err(e) => format!("(invalid: {e})"),
        };
        // A title may hold control characters (refused at validation, but
        // `list` shows invalid files too): escaped, never sent raw.
        let _ = writeln!(out, "{:<24} {}", printable(&name), printable(&title));
    }
    Ok(())
}

/// Validates a scenario and prints it resolved, as TOML that parses back to the same scenario.
pub fn check(a: CheckArgs) -> Result<(), CliError> {
    let r = open(&a.scenario, &a.set, None)?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "# {}: valid. Resolved from {} with defaults and `extends` applied.",
        printable(&r.name),
        printable(&r.path.display().to_string())
    );
    let _ = write!(out, "{}", scenario::to_toml(&r));
    Ok(())
}
