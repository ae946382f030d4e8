//! The command line: arguments (clap derive) and the commands that glue the
//! library together. No model logic lives here.

mod check;
mod compare;
mod data;
mod run;
mod sweep;

use crate::report::charts::{Format, parse_size};
use crate::scenario::{self, ScenarioError};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub use data::{BuildArgs, DataArgs, DataCommand};

/// Simulate a US Treasury sell-off: who buys, how far yields move, and what it costs in interest.
#[derive(Debug, Parser)]
#[command(name = "selloff", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and write series.csv, summary.json, charts and report.md.
    Run(RunArgs),
    /// List the named scenarios with their titles.
    List,
    /// Validate a scenario and print it fully resolved, as TOML.
    Check(CheckArgs),
    /// Run several scenarios and write them side by side: overlay charts, compare.csv, compare.md.
    Compare(CompareArgs),
    /// Run a scenario over a grid of one or two parameters (sweep.csv and
    /// charts), or with --tornado rank its uncertain parameters.
    Sweep(SweepArgs),
    /// Build a baseline from Treasury's and the Fed's published tables (`data build`).
    Data(DataArgs),
}

/// Arguments of `selloff run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// A named scenario (see `selloff list`) or a path to a .toml file.
    pub scenario: String,
    /// Output folder (default: output/SCENARIO, the scenario's name).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Override a scenario value: a dotted key and a TOML value, e.g. holders.japan.sale.steps=24.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Seed for every random draw (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Chart format and size.
    #[command(flatten)]
    pub charts: ChartArgs,
    /// Monte Carlo paths and threads.
    #[command(flatten)]
    pub mc: MonteCarloArgs,
    /// Print nothing but errors (and no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
    /// The memory limit.
    #[command(flatten)]
    pub memory: MemoryArgs,
}

/// Chart flags shared by `run`, `compare` and `sweep`.
#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// Chart files to write.
    #[arg(long, value_enum, default_value_t = Format::Both)]
    pub format: Format,
    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", value_parser = parse_size, default_value = "1200x700")]
    pub size: (u32, u32),
}

impl ChartArgs {
    /// The options the chart writers take.
    pub fn options(&self) -> crate::report::charts::ChartOptions {
        crate::report::charts::ChartOptions {
            format: self.format,
            size: self.size,
        }
    }
}

/// The memory limit shared by `run`, `sweep` and `compare`.
#[derive(Debug, clap::Args)]
pub struct MemoryArgs {
    /// Refuse runs estimated to need more memory than this (MiB).
    #[arg(long, value_name = "MB", default_value_t = crate::engine::budget::DEFAULT_MAX_MEMORY_MB)]
    pub max_memory_mb: u64,
}

/// Monte Carlo flags shared by `run` and `sweep`.
#[derive(Debug, clap::Args)]
pub struct MonteCarloArgs {
    /// Monte Carlo: run this many paths too, each against its own baseline (0: none).
    /// `run` writes bands.csv, percentiles in summary.json and fan charts; `sweep`
    /// adds p5/p50/p95 columns at each grid point.
    #[arg(long, default_value_t = 0, value_name = "N",
          value_parser = clap::value_parser!(u64).range(0..=1_000_000_000))]
    pub paths: u64,
    /// Worker threads for Monte Carlo (default: one per core). Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
}

/// Arguments of `selloff sweep`.
#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// A named scenario or a path to a .toml file.
    pub scenario: String,
    /// A parameter to vary: KEY=V1,V2,… or KEY=LOW..HIGH:POINTS (POINTS evenly
    /// spaced values, ends included). Once or twice (a grid).
    #[arg(long, value_name = "KEY=VALUES")]
    pub vary: Vec<String>,
    /// Instead of a grid: swing each uncertain parameter between its p10 and
    /// p90 (all others central) and chart what moves the ten-year extra interest most.
    #[arg(long, conflicts_with = "vary")]
    pub tornado: bool,
    /// Output folder (default: output/SCENARIO-sweep or output/SCENARIO-tornado).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Override a scenario value at every grid point, as for `run`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Seed for every random draw (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Monte Carlo paths (at each grid point) and threads.
    #[command(flatten)]
    pub mc: MonteCarloArgs,
    /// Chart format and size.
    #[command(flatten)]
    pub charts: ChartArgs,
    /// Print nothing but errors (and no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
    /// The memory limit.
    #[command(flatten)]
    pub memory: MemoryArgs,
}

/// Arguments of `selloff compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Two or more named scenarios or paths to .toml files.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<String>,
    /// Output folder (default: output/compare-FIRST-SECOND…, from the scenario names).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Override a value in every scenario, as for `run`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Seed for every scenario (default: each scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Chart format and size.
    #[command(flatten)]
    pub charts: ChartArgs,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// The memory limit.
    #[command(flatten)]
    pub memory: MemoryArgs,
}

/// Arguments of `selloff check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A named scenario or a path to a .toml file.
    pub scenario: String,
    /// Override a scenario value, as for `run`.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// An error of the command line with its exit code (2: invalid input, 1: anything else).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    /// Process exit code.
    pub code: i32,
    /// One readable paragraph.
    pub message: String,
}

impl From<ScenarioError> for CliError {
    fn from(e: ScenarioError) -> Self {
        CliError {
            code: 2,
            message: e.to_string(),
        }
    }
}

pub(crate) fn failure(e: impl std::fmt::Display) -> CliError {
    CliError {
        code: 1,
        message: e.to_string(),
    }
}

/// Runs a parsed command line.
pub fn execute(cli: Cli) -> Result<(), CliError> {
    // The bundled chart font, registered once at start-up for every command that draws.
    if matches!(cli.command, Command::Run(_) | Command::Compare(_)) {
        crate::report::charts::font::register().map_err(failure)?;
    }
    match cli.command {
        Command::Run(a) => run::run(a),
        Command::List => check::list(),
        Command::Check(a) => check::check(a),
        Command::Compare(a) => compare::compare(a),
        Command::Sweep(a) => sweep::sweep(a),
        Command::Data(a) => data::data(a),
    }
}

/// A progress bar on stderr, hidden with `--quiet` or when stderr is not a terminal.
pub(crate) fn progress_bar(len: u64, quiet: bool, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
        "{{spinner}} {what} {{wide_bar}} {{pos}}/{{len}} ({{eta}} left)"
    )) {
        bar.set_style(style);
    }
    bar
}

/// Refuses a run whose estimated memory exceeds `limit_mb` (exit 2, with the estimate and the flag).
pub(crate) fn check_budget(r: &scenario::Resolved, limit_mb: u64) -> Result<(), CliError> {
    // Monte Carlo paths are not stored (bounded sketches), so one path is the estimate.
    crate::engine::budget::check(&r.params, 1, limit_mb)
        .map(|_| ())
        .map_err(|e| CliError {
            code: 2,
            message: e.to_string(),
        })
}

/// Loads and validates a scenario; `seed` overrides the scenario's seed.
pub(crate) fn open(
    name: &str,
    sets: &[String],
    seed: Option<u64>,
) -> Result<scenario::Resolved, CliError> {
    let mut r = scenario::open(name, sets)?;
    if let Some(s) = seed {
        r.seed = s;
    }
    Ok(r)
}
