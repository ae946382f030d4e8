//! `selloff completions SHELL` and `selloff man`: a shell completion script
//! and the man page, both generated from the clap definitions of [`super::Cli`]
//! (clap_complete, clap_mangen), so they never drift from the real flags.

use super::{Cli, CliError, failure};
use clap::CommandFactory;
use std::io::Write;

/// Arguments of `selloff completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the completion script for `a.shell` to stdout.
pub fn completions(a: CompletionsArgs) -> Result<(), CliError> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "selloff", &mut out);
    std::io::stdout().lock().write_all(&out).map_err(failure)
}

/// Writes the man page (roff, section 1) of `selloff` and its commands to stdout.
pub fn man() -> Result<(), CliError> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .map_err(failure)?;
    // The commands' own pages, one after another, so one file documents every flag.
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("selloff-{}", sub.get_name());
        let page = sub.clone().display_name(name).version(crate::VERSION);
        clap_mangen::Man::new(page)
            .render(&mut out)
            .map_err(failure)?;
    }
    std::io::stdout().lock().write_all(&out).map_err(failure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completions_and_man_page_come_from_the_real_flags() {
        let mut cmd = Cli::command();
        let mut bash = Vec::new();
        clap_complete::generate(clap_complete::Shell::Bash, &mut cmd, "selloff", &mut bash);
        let bash = String::from_utf8(bash).unwrap();
        for flag in [
            "--paths",
            "--vary",
            "--tornado",
            "--format",
            "sweep",
            "compare",
        ] {
            assert!(bash.contains(flag), "bash completion offers {flag}");
        }
        let mut roff = Vec::new();
        clap_mangen::Man::new(Cli::command().find_subcommand("run").unwrap().clone())
            .render(&mut roff)
            .unwrap();
        let roff = String::from_utf8(roff).unwrap();
        assert!(roff.starts_with(".ie") || roff.contains(".TH"), "{roff}");
        assert!(roff.contains("paths"), "the run page documents --paths");
    }
}
