//! The calibration anchors: published estimates of how Treasury supply moves
//! yields, as data (`calibration/anchors.toml`), and the probe scenarios that
//! reproduce each one in its own era's market.
//!
//! This module knows the anchors' TOML format and how a probe is written as
//! `--set` flags on its era scenario; the engine (`engine::scorecard`) runs the
//! resolved probes and compares. A probe's flow is a holder's `sale` when
//! `amount_bn > 0` and its `purchase` programme when `amount_bn < 0`, the
//! amount spread evenly over the months ([`probe_flags`] is the one place
//! that translation lives). Units: $ billions, bp, months.

use super::validate::Resolved;
use super::{ScenarioError, schema::Calibration};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Horizon of a probe run when the anchor does not say (years).
pub const DEFAULT_HORIZON_YEARS: f64 = 10.0;
/// The three named calibrations, in the scorecard's column order (low, central, high impact).
pub const CALIBRATIONS: [Calibration; 3] =
    [Calibration::Low, Calibration::Central, Calibration::High];

/// Errors in the anchors file or its probes (all invalid input: exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum AnchorError {
    /// The file could not be read.
    #[error("cannot read the anchors file `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or not of the anchors format.
    #[error("{path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The TOML parser's message, with line and column.
        message: String,
    },
    /// A value that parses but makes no sense.
    #[error("{path}: anchor `{id}`, key `{key}`: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The anchor's id (or `today`).
        id: String,
        /// The offending key.
        key: String,
        /// What is wrong and what would be valid.
        message: String,
    },
    /// A probe scenario that does not validate.
    #[error("anchor `{id}`: its probe scenario is invalid: {source}")]
    Probe {
        /// The anchor's id.
        id: String,
        /// The scenario error.
        source: ScenarioError,
    },
}

/// Whether an estimate is of a flow or of a stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The response while or just after the amount is sold or bought.
    Flow,
    /// The lasting effect of a change in who holds the debt.
    Stock,
}

impl Kind {
    /// Name as written in the file.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Flow => "flow",
            Kind::Stock => "stock",
        }
    }
}

/// What the published figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The yield of the anchor's `tenor` (bp).
    Yield,
    /// The 10-year term premium: the model's clearing variable (bp).
    TermPremium,
    /// The 5-year rate five years ahead: 2·Δy10 − Δy5 (bp).
    #[serde(rename = "forward_5y5y")]
    Forward5y5y,
}

/// Which step of the probe run is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Read {
    /// The last month of the flow.
    EndOfFlow,
    /// The last step of the horizon, once slow buyers have arrived.
    LongRun,
}

/// How an anchor is reproduced: a holder sells (or buys) an amount over months.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    /// The holder of the era market that sells or buys.
    pub holder: String,
    /// $B: > 0 sold, < 0 bought.
    pub amount_bn: f64,
    /// Months the amount is spread over, evenly, from the first month.
    pub months: u32,
    /// Which step is read.
    pub read: Read,
    /// Horizon of the run (years; default [`DEFAULT_HORIZON_YEARS`]).
    #[serde(default)]
    pub horizon_years: Option<f64>,
    /// What the probe stands for, in words.
    pub note: String,
}

/// One published estimate with its market and its probe.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// Short kebab-case name.
    pub id: String,
    /// Authors and year.
    pub study: String,
    /// Title, journal or working-paper number.
    pub citation: String,
    /// Where the abstract can be read.
    pub url: String,
    /// What of the figure was checked, and where.
    pub verified: String,
    /// Flow or stock.
    pub kind: Kind,
    /// What the figure measures.
    pub measure: Measure,
    /// The tenor of a `yield` measure, as written on the curve (`5y`).
    #[serde(default)]
    pub tenor: Option<String>,
    /// Date of the estimate's market (YYYY-MM).
    pub date: String,
    /// The era scenario, relative to the anchors file.
    pub era: String,
    /// Why this era, in words.
    pub era_note: String,
    /// Marketable debt held by the public then ($B); equals the era's `debt.marketable_bn`.
    pub market_bn: f64,
    /// Its source.
    pub market_source: String,
    /// GDP then ($B, annual).
    pub gdp_bn: f64,
    /// Its source.
    pub gdp_source: String,
    /// The published figure (bp, signed).
    pub published_bp: f64,
    /// Lower end of the published range (bp; the figure itself for a point estimate).
    pub low_bp: f64,
    /// Upper end of the published range (bp).
    pub high_bp: f64,
    /// How the figure was read from the study.
    pub published_note: String,
    /// What was sold or bought, and the duration the probe gives it.
    pub maturity: String,
    /// The probe.
    pub probe: Probe,
}

impl Anchor {
    /// True when the study gives a point estimate rather than a range.
    pub fn is_point(&self) -> bool {
        self.low_bp == self.high_bp
    }

    /// Horizon of the probe run (years).
    pub fn horizon_years(&self) -> f64 {
        self.probe.horizon_years.unwrap_or(DEFAULT_HORIZON_YEARS)
    }
}

/// Today's market, for the per-dollar / per-share comparison.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Today {
    /// The scenario of today's market, relative to the anchors file.
    pub scenario: String,
    /// Marketable debt held by the public ($B).
    pub market_bn: f64,
    /// Its source.
    pub market_source: String,
    /// GDP ($B).
    pub gdp_bn: f64,
    /// Its source.
    pub gdp_source: String,
}

/// The anchors file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    today: Today,
    anchor: Vec<Anchor>,
}

/// The resolved probe scenarios of one anchor.
#[derive(Debug, Clone)]
pub struct ProbeRuns {
    /// In the era's market, under the low, central and high calibrations ([`CALIBRATIONS`]).
    pub era: Vec<Resolved>,
    /// In today's market, the same dollars (central calibration).
    pub today_per_dollar: Resolved,
    /// In today's market, the same share of the market: dollars × today's ÷ the era's market (central).
    pub today_per_share: Resolved,
}

/// Every anchor with its resolved probes, ready for the engine.
#[derive(Debug, Clone)]
pub struct AnchorSet {
    /// The anchors file.
    pub path: PathBuf,
    /// Today's market.
    pub today: Today,
    /// The anchors, in file order.
    pub anchors: Vec<Anchor>,
    /// Each anchor's probes, in the same order.
    pub runs: Vec<ProbeRuns>,
}

/// Where the anchors file is when none is given: `./calibration/anchors.toml`,
/// else the project's own.
pub fn default_path() -> PathBuf {
    let local = PathBuf::from("calibration/anchors.toml");
    if local.is_file() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("calibration/anchors.toml")
}

/// Reads, validates and resolves every anchor's probes.
pub fn load(path: &Path) -> Result<AnchorSet, AnchorError> {
    load_with(path, &[])
}

/// [`load`], with `extra` `--set` flags (`KEY=VALUE`) applied to every probe
/// after its own: to score another setting, such as the other size scaling.
pub fn load_with(path: &Path, extra: &[String]) -> Result<AnchorSet, AnchorError> {
    let text = std::fs::read_to_string(path).map_err(|source| AnchorError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let file: File = toml::from_str(&text).map_err(|e| AnchorError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    check_today(path, &file.today)?;
    let mut seen = std::collections::HashSet::new();
    let mut runs = Vec::with_capacity(file.anchor.len());
    for a in &file.anchor {
        if !seen.insert(a.id.clone()) {
            return Err(invalid(
                path,
                &a.id,
                "id",
                "the id is used twice; give each anchor its own",
            ));
        }
        check(path, a)?;
        runs.push(resolve_probes(path, dir, &file.today, a, extra)?);
    }
    if file.anchor.is_empty() {
        return Err(invalid(path, "-", "anchor", "the file has no `[[anchor]]`"));
    }
    Ok(AnchorSet {
        path: path.to_path_buf(),
        today: file.today,
        anchors: file.anchor,
        runs,
    })
}

fn invalid(path: &Path, id: &str, key: &str, message: impl Into<String>) -> AnchorError {
    AnchorError::Invalid {
        path: path.to_path_buf(),
        id: id.to_string(),
        key: key.to_string(),
        message: message.into(),
    }
}

fn check_today(path: &Path, t: &Today) -> Result<(), AnchorError> {
    for (key, v) in [("today.market_bn", t.market_bn), ("today.gdp_bn", t.gdp_bn)] {
        if !(v.is_finite() && v > 0.0) {
            return Err(invalid(
                path,
                "today",
                key,
                format!("{v} must be a positive number of $B"),
            ));
        }
    }
    Ok(())
}

/// Checks an anchor's numbers (not its scenarios).
fn check(path: &Path, a: &Anchor) -> Result<(), AnchorError> {
    let bad = |key: &str, m: String| Err(invalid(path, &a.id, key, m));
    if !super::validate::is_kebab(&a.id) {
        return bad(
            "id",
            "an id is lower-case kebab form, like `beltran-short-run`".into(),
        );
    }
    for (key, v) in [("market_bn", a.market_bn), ("gdp_bn", a.gdp_bn)] {
        if !(v.is_finite() && v > 0.0) {
            return bad(key, format!("{v} must be a positive number of $B"));
        }
    }
    if chrono::NaiveDate::parse_from_str(&format!("{}-01", a.date), "%Y-%m-%d").is_err() {
        return bad(
            "date",
            format!(
                "`{}` is not a month written YYYY-MM, like `2009-03`",
                a.date
            ),
        );
    }
    let (lo, p, hi) = (a.low_bp, a.published_bp, a.high_bp);
    if ![lo, p, hi].iter().all(|v| v.is_finite() && *v != 0.0) {
        return bad(
            "published_bp",
            "the figure and its range must be finite and non-zero (bp)".into(),
        );
    }
    if !(lo <= p && p <= hi) {
        return bad(
            "low_bp",
            format!("the range {lo}..{hi} must contain the figure {p}, low first"),
        );
    }
    if lo.signum() != hi.signum() {
        return bad(
            "low_bp",
            format!("the range {lo}..{hi} crosses zero: a scorecard ratio needs one sign"),
        );
    }
    if a.measure == Measure::Yield && a.tenor.is_none() {
        return bad(
            "tenor",
            "a `yield` measure names its tenor, like `tenor = \"5y\"`".into(),
        );
    }
    let pr = &a.probe;
    if !(pr.amount_bn.is_finite() && pr.amount_bn != 0.0) {
        return bad(
            "probe.amount_bn",
            "a non-zero $B: > 0 sold, < 0 bought".into(),
        );
    }
    if pr.months == 0 || pr.months > 600 {
        return bad(
            "probe.months",
            format!("{} months: from 1 to 600", pr.months),
        );
    }
    let h = a.horizon_years();
    if !(h.is_finite() && h * 12.0 >= f64::from(pr.months) && h <= 50.0) {
        return bad(
            "probe.horizon_years",
            format!("{h} years: at least the probe's months and at most 50"),
        );
    }
    Ok(())
}

/// The `--set` flags that turn an era scenario into the probe of `p` for
/// `amount_bn` under `calibration`, at monthly steps over `horizon_years`.
/// Buyers' capacity is held at the era's: a published effect is the effect
/// in the market of its date, not in the market a decade of deficits later
/// (with growth, a reading after ten years would be diluted 1.7-fold and the
/// fit would inflate every stock effect by as much).
pub fn probe_flags(p: &Probe, amount_bn: f64, horizon_years: f64, c: Calibration) -> Vec<String> {
    let mut flags = vec![
        format!("calibration=\"{}\"", c.name()),
        "time.step=\"month\"".to_string(),
        format!("time.horizon_years={horizon_years}"),
        "market.noise_bp_per_sqrt_year=0".to_string(),
        "market.capacity_grows_with_debt=false".to_string(),
    ];
    let h = &p.holder;
    if amount_bn > 0.0 {
        flags.extend([
            format!("holders.{h}.sale.total_bn={amount_bn}"),
            format!("holders.{h}.sale.steps={}", p.months),
            format!("holders.{h}.sale.start=1"),
            format!("holders.{h}.sale.shape=\"even\""),
        ]);
    } else {
        // A purchase programme: the holder buys the amount evenly over the months.
        flags.extend([
            format!("holders.{h}.purchase.total_bn={}", -amount_bn),
            format!("holders.{h}.purchase.steps={}", p.months),
            format!("holders.{h}.purchase.start=1"),
        ]);
    }
    flags
}

fn open_probe(
    a: &Anchor,
    file: &Path,
    amount: f64,
    c: Calibration,
    extra: &[String],
) -> Result<Resolved, AnchorError> {
    let mut flags = probe_flags(&a.probe, amount, a.horizon_years(), c);
    flags.extend(extra.iter().cloned());
    let name = file.to_string_lossy();
    super::open(&name, &flags).map_err(|source| AnchorError::Probe {
        id: a.id.clone(),
        source,
    })
}

/// Resolves an anchor's five probe scenarios and checks them against the anchor.
fn resolve_probes(
    path: &Path,
    dir: &Path,
    today: &Today,
    a: &Anchor,
    extra: &[String],
) -> Result<ProbeRuns, AnchorError> {
    let era_file = dir.join(&a.era);
    let today_file = dir.join(&today.scenario);
    for (key, f) in [("era", &era_file), ("today.scenario", &today_file)] {
        if !f.is_file() {
            return Err(invalid(
                path,
                &a.id,
                key,
                format!("no scenario file at `{}`", f.display()),
            ));
        }
    }
    let era_scenario =
        super::open(&era_file.to_string_lossy(), &[]).map_err(|source| AnchorError::Probe {
            id: a.id.clone(),
            source,
        })?;
    check_against_era(path, a, &era_scenario)?;
    let amount = a.probe.amount_bn;
    let era = CALIBRATIONS
        .iter()
        .map(|c| open_probe(a, &era_file, amount, *c, extra))
        .collect::<Result<Vec<_>, _>>()?;
    let per_share = amount * today.market_bn / a.market_bn;
    Ok(ProbeRuns {
        era,
        today_per_dollar: open_probe(a, &today_file, amount, Calibration::Central, extra)?,
        today_per_share: open_probe(a, &today_file, per_share, Calibration::Central, extra)?,
    })
}

/// The anchor's market must be its era's, its holder one of the era's, its tenors on the curve.
fn check_against_era(path: &Path, a: &Anchor, era: &Resolved) -> Result<(), AnchorError> {
    let p = &era.params;
    if (p.debt.marketable - a.market_bn).abs() > 0.5 {
        return Err(invalid(
            path,
            &a.id,
            "market_bn",
            format!(
                "{} differs from its era's debt.marketable_bn of {} ({}); the two must agree",
                a.market_bn, p.debt.marketable, a.era
            ),
        ));
    }
    if !p.holders.iter().any(|h| h.name == a.probe.holder) {
        let names: Vec<&str> = p.holders.iter().map(|h| h.name.as_str()).collect();
        return Err(invalid(
            path,
            &a.id,
            "probe.holder",
            format!(
                "`{}` is not a holder of {}; holders: {}",
                a.probe.holder,
                a.era,
                names.join(", ")
            ),
        ));
    }
    let needed: Vec<&str> = match a.measure {
        Measure::Yield => a.tenor.iter().map(String::as_str).collect(),
        Measure::TermPremium => vec![],
        Measure::Forward5y5y => vec!["5y", "10y"],
    };
    for t in needed {
        if !p.curve.tenors.iter().any(|x| x == t) {
            return Err(invalid(
                path,
                &a.id,
                "tenor",
                format!("`{t}` is not a tenor of {}'s curve", a.era),
            ));
        }
    }
    Ok(())
}
