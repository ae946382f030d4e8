//! The `selloff` binary: parses arguments, runs the command, maps errors to exit codes.

use clap::Parser;
use selloff::cli::{Cli, execute};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr (exit 2).
            e.exit();
        }
    };
    if let Err(e) = execute(cli) {
        eprintln!("error: {}", e.message);
        std::process::exit(e.code);
    }
}
