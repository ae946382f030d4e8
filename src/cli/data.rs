//! `selloff data build`: a baseline scenario from the published tables.

use super::CliError;
use crate::data::baseline::{self, Inputs, Options};
use crate::data::{DataError, Month, Text, fetch};
use crate::scenario;
use chrono::NaiveDate;
use clap::Subcommand;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `selloff data`.
#[derive(Debug, clap::Args)]
pub struct DataArgs {
    /// What to do with the data.
    #[command(subcommand)]
    pub command: DataCommand,
}

/// The `data` subcommands.
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Build a dated baseline scenario from Treasury's and the Fed's published
    /// tables (local files, or --fetch from the official addresses).
    Build(BuildArgs),
}

/// Arguments of `selloff data build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// TIC "Major Foreign Holders of Treasury Securities": slt_table5.txt (or the history, mfhhis01.txt).
    #[arg(long, value_name = "FILE")]
    pub tic: Option<PathBuf>,
    /// Monthly Statement of the Public Debt, table 1 (Fiscal Data CSV, mspd_table_1).
    #[arg(long, value_name = "FILE")]
    pub mspd: Option<PathBuf>,
    /// Average interest rates on Treasury securities (Fiscal Data CSV, avg_interest_rates).
    #[arg(long, value_name = "FILE")]
    pub rates: Option<PathBuf>,
    /// Treasury's daily par yield curve rates (CSV), or FRED's CSV of DGS3MO, DGS2, … (one column per tenor).
    #[arg(long, value_name = "FILE")]
    pub yields: Option<PathBuf>,
    /// The Fed's Treasury holdings: FRED series CSV of the H.4.1 (TREAST, $ millions).
    #[arg(long, value_name = "FILE")]
    pub soma: Option<PathBuf>,
    /// Download every table not given as a file from its official address.
    #[arg(long)]
    pub fetch: bool,
    /// With --fetch: replace the scheme and host of the official addresses
    /// (default: the environment variable SELLOFF_DATA_BASE_URL, else none).
    #[arg(long, value_name = "URL", requires = "fetch")]
    pub base_url: Option<String>,
    /// Month of the holdings and the debt, YYYY-MM (default: each table's newest).
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub month: Option<Month>,
    /// Day of the yield curve and the Fed's holdings, YYYY-MM-DD: the newest on or before it (default: the newest).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// The baseline whose assumptions are kept (a named scenario or a path).
    #[arg(long, value_name = "NAME|PATH", default_value = "baseline")]
    pub from: String,
    /// The holder that takes the residual, so holders sum to marketable debt held by the public.
    #[arg(long, value_name = "HOLDER", default_value = "other-domestic")]
    pub residual: String,
    /// The file to write (default: scenarios/baseline-YYYY-MM.toml, the TIC month).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

fn parse_month(s: &str) -> Result<Month, String> {
    Month::parse(s).ok_or_else(|| format!("`{s}` is not a month: expected YYYY-MM, e.g. 2026-03"))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: expected YYYY-MM-DD, e.g. 2026-03-31"))
}

fn invalid(message: String) -> CliError {
    CliError { code: 2, message }
}

impl From<DataError> for CliError {
    fn from(e: DataError) -> Self {
        CliError {
            code: e.exit_code(),
            message: e.to_string(),
        }
    }
}

/// Runs `selloff data …`.
pub fn data(a: DataArgs) -> Result<(), CliError> {
    match a.command {
        DataCommand::Build(b) => build(b),
    }
}

/// The current calendar year (for the par yield curve's yearly file).
fn this_year() -> i32 {
    use chrono::Datelike;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0).map_or(2026, |t| t.year())
}

/// Reads every table: the files given, and with --fetch the others from their addresses.
fn inputs(a: &BuildArgs) -> Result<Inputs, CliError> {
    let base = a.base_url.clone().or_else(|| {
        std::env::var(fetch::BASE_URL_ENV)
            .ok()
            .filter(|s| !s.is_empty())
    });
    let year = a
        .date
        .map_or_else(this_year, |d| chrono::Datelike::year(&d));
    let sources: [(&str, &Option<PathBuf>, String); 5] = [
        ("--tic", &a.tic, fetch::TIC_URL.to_string()),
        ("--mspd", &a.mspd, fetch::MSPD_URL.to_string()),
        ("--rates", &a.rates, fetch::RATES_URL.to_string()),
        ("--yields", &a.yields, fetch::yields_url(year)),
        ("--soma", &a.soma, fetch::SOMA_URL.to_string()),
    ];
    let missing: Vec<&str> = sources
        .iter()
        .filter(|s| s.1.is_none())
        .map(|s| s.0)
        .collect();
    if !a.fetch && !missing.is_empty() {
        return Err(invalid(format!(
            "missing {}: give each published table as a file, or --fetch to download those not given",
            missing.join(", ")
        )));
    }
    let mut texts = Vec::new();
    for (_, path, official) in sources {
        texts.push(match path {
            Some(p) => Text::read(p)?,
            None => {
                let url = fetch::address(&official, base.as_deref())?;
                let body = fetch::get(&url)?;
                Text::new(url, &body)
            }
        });
    }
    let mut t = texts.into_iter();
    let mut next = || t.next().expect("five sources");
    Ok(Inputs {
        tic: next(),
        mspd: next(),
        rates: next(),
        yields: next(),
        soma: next(),
    })
}

/// Builds, validates as a scenario, then writes the baseline (whole or not at all).
fn build(a: BuildArgs) -> Result<(), CliError> {
    let template_path = scenario::load::find(&a.from, None)?;
    let template = Text::read(&template_path)?;
    let inputs = inputs(&a)?;
    let opts = Options {
        month: a.month,
        date: a.date,
        residual: a.residual.clone(),
    };
    let built = baseline::build(&template, &inputs, &opts)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("scenarios/baseline-{}.toml", built.month)));
    if out.exists() && !a.force {
        return Err(invalid(format!(
            "{} exists; give --force to replace it, or --out another file",
            out.display()
        )));
    }
    write_checked(&out, &built.text)?;
    let mut so = std::io::stdout().lock();
    let _ = writeln!(
        so,
        "wrote {} (valid: the same checks as `selloff check`)",
        out.display()
    );
    for l in &built.report {
        let _ = writeln!(so, "{l}");
    }
    Ok(())
}

/// Writes `text` to a hidden file beside `out`, validates it as a scenario, and renames it into place.
fn write_checked(out: &Path, text: &str) -> Result<(), CliError> {
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| super::failure(format!("cannot create {}: {e}", dir.display())))?;
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("baseline.toml");
    let tmp = dir.join(format!(".{name}.partial.toml"));
    std::fs::write(&tmp, text)
        .map_err(|e| super::failure(format!("cannot write {}: {e}", tmp.display())))?;
    let checked = tmp
        .to_str()
        .ok_or_else(|| super::failure("the output path is not UTF-8"))
        .and_then(|p| {
            scenario::open(p, &[]).map_err(|e| {
                invalid(format!(
                    "the built baseline is not a valid scenario, so nothing was written: {e}"
                ))
            })
        });
    if let Err(e) = checked {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, out).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        super::failure(format!("cannot write {}: {e}", out.display()))
    })
}
