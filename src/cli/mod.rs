//! The command line: arguments (clap derive) and the commands that glue the
//! library together. No model logic lives here.

mod calibrate;
mod check;
mod compare;
mod completions;
mod data;
mod run;
mod sweep;

use crate::report::charts::{Format, parse_size};
use crate::report::output_dir::{OutputError, Staging, Writer};
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
    /// Run every calibration anchor in its own era's market and write the
    /// scorecard (published against model) to output/calibration/.
    Calibrate(CalibrateArgs),
    /// Print a shell completion script: `selloff completions bash > ~/.local/share/bash-completion/completions/selloff`.
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff): `selloff man > ~/.local/share/man/man1/selloff.1`.
    Man,
    /// Build a baseline from Treasury's and the Fed's published tables (`data build`).
    Data(DataArgs),
}

/// Arguments of `selloff calibrate`.
#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// The anchors file (default: calibration/anchors.toml).
    #[arg(long)]
    pub anchors: Option<PathBuf>,
    /// Set a scenario key in every probe, after the probe's own (repeatable),
    /// e.g. `--set market.stock_scaling=\"per_share\"` to score the other scaling.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Output folder (default: output/calibration) and whether to replace another command's.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Chart format and size.
    #[command(flatten)]
    pub charts: ChartArgs,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `selloff run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// A named scenario (see `selloff list`) or a path to a .toml file.
    pub scenario: String,
    /// The scenario's overrides and seed, the output folder, charts,
    /// quietness and the memory limit.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Monte Carlo paths and threads.
    #[command(flatten)]
    pub mc: MonteCarloArgs,
}

/// The flags `run`, `sweep` and `compare` share, flattened into each.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Output folder and whether to replace another command's.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Override a scenario value: a dotted key and a TOML value, e.g.
    /// holders.japan.sale.steps=24 (`sweep`: at every grid point; `compare`:
    /// in every scenario).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Seed for every random draw (default: the scenario's `seed`; `compare`:
    /// each scenario's).
    #[arg(long)]
    pub seed: Option<u64>,
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

/// The output folder flags shared by `run`, `sweep` and `compare`.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output folder (default: output/SCENARIO for `run`,
    /// output/SCENARIO-sweep-KEYS for `sweep`, output/SCENARIO-tornado for
    /// `sweep --tornado`, output/compare-A-B… for `compare`). selloff replaces
    /// only a folder it wrote itself, or an empty one.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an output folder written by another selloff command, or by an
    /// older selloff (without its manifest). Never replaces a user's files.
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// Checks the output folder (`--out`, or `default`) and takes it for
    /// `command`, before anything is simulated.
    pub(crate) fn begin(&self, default: PathBuf, command: &str) -> Result<Staging, CliError> {
        let target = self.out.clone().unwrap_or(default);
        let writer = Writer {
            command,
            force: self.force,
        };
        Staging::begin(&target, writer).map_err(output_error)
    }
}

/// A default output folder's name from `text`: characters other than
/// letters, digits, `.`, `_`, `+` and `-` become `-`, and a name longer than
/// 80 bytes keeps its first 60 and a hash of the whole (so it never exceeds a
/// file system's limit, and two long names stay apart).
pub(crate) fn folder_name(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    if clean.len() <= 80 {
        return clean;
    }
    // FNV-1a, 64 bits: stable across builds and platforms.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{}-{hash:016x}", &clean[..60])
}

/// Exit code 2 for a refused output folder (the user's to fix), 1 otherwise.
pub(crate) fn output_error(e: OutputError) -> CliError {
    CliError {
        code: if e.is_invalid_input() { 2 } else { 1 },
        message: e.to_string(),
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
    /// Deterministic runs only: refused with --paths.
    #[arg(long, conflicts_with_all = ["vary", "paths"])]
    pub tornado: bool,
    /// The scenario's overrides and seed, the output folder, charts,
    /// quietness and the memory limit.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Monte Carlo paths (at each grid point) and threads.
    #[command(flatten)]
    pub mc: MonteCarloArgs,
}

/// Arguments of `selloff compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Two or more named scenarios or paths to .toml files.
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<String>,
    /// The scenarios' overrides and seed, the output folder, charts,
    /// quietness and the memory limit.
    #[command(flatten)]
    pub common: CommonArgs,
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
    if matches!(
        cli.command,
        Command::Run(_) | Command::Compare(_) | Command::Calibrate(_)
    ) {
        crate::report::charts::font::register().map_err(failure)?;
    }
    match cli.command {
        Command::Run(a) => run::run(a),
        Command::List => check::list(),
        Command::Check(a) => check::check(a),
        Command::Compare(a) => compare::compare(a),
        Command::Sweep(a) => sweep::sweep(a),
        Command::Calibrate(a) => calibrate::calibrate(a),
        Command::Completions(a) => completions::completions(a),
        Command::Man => completions::man(),
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

/// Refuses a run whose estimated memory exceeds `limit_mb` (exit 2, with the
/// estimate and the flag); returns the bytes its Monte Carlo sketches may take.
pub(crate) fn check_budget(
    r: &scenario::Resolved,
    mc: Option<&crate::engine::montecarlo::McOptions>,
    limit_mb: u64,
) -> Result<u64, CliError> {
    use crate::engine::{budget, montecarlo};
    let over = |e: budget::OverBudget| CliError {
        code: 2,
        message: e.to_string(),
    };
    // The records alone first: a pilot of a run that cannot fit is not worth running.
    let records = budget::check(&r.params, 0, limit_mb).map_err(over)?;
    let sketches = match mc {
        Some(o) if o.paths > 0 => montecarlo::estimate_sketch_bytes(r, o),
        _ => 0,
    };
    let total = budget::check(&r.params, sketches, limit_mb).map_err(over)?;
    // For measuring the estimate against real peaks (docs/RELIABILITY.md, "Memory").
    if std::env::var_os("SELLOFF_PRINT_MEMORY_ESTIMATE").is_some() {
        eprintln!("memory estimate: {} bytes", total.bytes);
    }
    // What the Monte Carlo's sketches may take while it runs.
    Ok(limit_mb
        .saturating_mul(1 << 20)
        .saturating_sub(records.bytes))
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
