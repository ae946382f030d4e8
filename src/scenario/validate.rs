//! Validation: a resolved [`Scenario`] becomes model [`Params`], or a located error.
//!
//! Every rule names the dotted key, the value given and what would be valid.
//! The same code builds the parameters of Monte Carlo paths: there a
//! [`Sampler`] draws each uncertain number, and a draw outside a field's valid
//! range is clamped to it (the central value is always checked strictly).

use super::error::{ErrorKind, Origin, ScenarioError};
use super::load::{Loaded, Origins};
use super::num::{Num, show};
use super::schema::{Calibration, Holder, Sale, Scenario, Shape, StepKind, Trigger};
use crate::model::debt::feasible_wam_months;
use crate::model::optimal::{self, CostModel};
use crate::model::params::{BackstopParams, FlowParams, FxParams, IssuanceParams, TriggerParams};
use crate::model::schedule::{Spread, spread};
use crate::model::tenor::tenor_years;
use crate::model::{CurveParams, DebtParams, HolderParams, MarketParams, Params, ShockParams};
use chrono::{Datelike, NaiveDate};
use std::path::PathBuf;

mod impact;
mod purchase;

pub use impact::mean_adjustment_years;

/// Most steps a run may have (a century of business days is 25,200).
pub const MAX_STEPS: u64 = 30_000;
/// Most holders a scenario may have.
pub const MAX_HOLDERS: usize = 10_000;

/// The dotted key of a scenario number, formatted only when needed (an error
/// is reported, or a [`Sampler`] asks for it): `head`, `name`, `tail`, then
/// `[index]` when there is one, as in `holders.japan.sale.amounts_bn[2]`.
#[derive(Clone, Copy, Debug)]
pub struct Key<'a> {
    head: &'a str,
    name: &'a str,
    tail: &'a str,
    index: Option<usize>,
}

impl<'a> Key<'a> {
    /// A fixed key, as in `debt.gross_bn`.
    pub const fn new(key: &'a str) -> Self {
        Key {
            head: key,
            name: "",
            tail: "",
            index: None,
        }
    }

    /// A key with a name in it: `head`, `name` then `tail`, as in
    /// `Key::named("holders.", "japan", ".holdings_bn")`.
    pub const fn named(head: &'a str, name: &'a str, tail: &'a str) -> Self {
        Key {
            head,
            name,
            tail,
            index: None,
        }
    }

    /// Element `i` (0-based) of the list at this key: `key[i]`.
    pub const fn at(self, i: usize) -> Self {
        Key {
            index: Some(i),
            ..self
        }
    }

    /// True when the key's text is `text`, checked without allocating.
    pub fn is(&self, text: &str) -> bool {
        let Some(rest) = text
            .strip_prefix(self.head)
            .and_then(|r| r.strip_prefix(self.name))
            .and_then(|r| r.strip_prefix(self.tail))
        else {
            return false;
        };
        match self.index {
            None => rest.is_empty(),
            Some(i) => {
                let mut m = Matcher { rest };
                std::fmt::Write::write_fmt(&mut m, format_args!("[{i}]")).is_ok()
                    && m.rest.is_empty()
            }
        }
    }
}

/// A [`std::fmt::Write`] that checks the text written against `rest`, piece by piece.
struct Matcher<'s> {
    rest: &'s str,
}

impl std::fmt::Write for Matcher<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        match self.rest.strip_prefix(s) {
            Some(r) => {
                self.rest = r;
                Ok(())
            }
            None => Err(std::fmt::Error),
        }
    }
}

impl std::fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.head)?;
        f.write_str(self.name)?;
        f.write_str(self.tail)?;
        match self.index {
            Some(i) => write!(f, "[{i}]"),
            None => Ok(()),
        }
    }
}

impl<'a> From<&'a str> for Key<'a> {
    fn from(key: &'a str) -> Self {
        Key::new(key)
    }
}

/// Picks the value of each number of a scenario.
pub trait Sampler {
    /// The value to use for `num`, found at dotted `key`.
    fn value(&mut self, key: Key<'_>, num: &Num) -> f64;
    /// True when values are checked strictly (the deterministic run); false
    /// when draws are clamped into range (Monte Carlo).
    fn strict(&self) -> bool;
    /// Whether an event of probability `p` (found at `key`) happens, as a
    /// weight: the deterministic run uses `p` itself (the expected value);
    /// a Monte Carlo sampler returns 0 or 1.
    fn event(&mut self, _key: Key<'_>, p: f64) -> f64 {
        p
    }
}

/// The deterministic sampler: every distribution's central value, checked strictly.
pub struct Central;

impl Sampler for Central {
    fn value(&mut self, _key: Key<'_>, num: &Num) -> f64 {
        num.central()
    }
    fn strict(&self) -> bool {
        true
    }
}

/// A validated scenario, ready to run.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Scenario name (file stem).
    pub name: String,
    /// The file it came from.
    pub path: PathBuf,
    /// The resolved scenario, with defaults and flags applied.
    pub scenario: Scenario,
    /// Where each key was set.
    pub origins: Origins,
    /// The `--set KEY=VALUE` flags applied to the scenario, in order (empty without flags).
    pub overrides: Vec<String>,
    /// One-line title.
    pub title: String,
    /// Description paragraph.
    pub description: String,
    /// Seed of every random draw.
    pub seed: u64,
    /// Step length.
    pub step: StepKind,
    /// Date of step 0.
    pub start_date: NaiveDate,
    /// Calibration preset.
    pub calibration: Calibration,
    /// The deterministic run's parameters (central values).
    pub params: Params,
}

impl Resolved {
    /// Parameters for a Monte Carlo path, drawing each uncertain number with `sampler`.
    pub fn sample_params(&self, sampler: &mut dyn Sampler) -> Params {
        build_params(&self.scenario, &self.origins, sampler)
            .expect("a scenario whose central values validate gives valid clamped draws")
    }

    /// True when any number of the scenario is a distribution, found from
    /// the parsed values (never from the text: a title may say "dist =").
    /// Every number of the schema is used by validation, so this is the same
    /// as asking validation, without building the parameters again.
    pub fn is_uncertain(&self) -> bool {
        toml::Value::try_from(&self.scenario).is_ok_and(|v| holds_dist(&v))
    }
}

/// True when `v` is, or contains, a number written as a distribution: a
/// table whose `dist` is a string (a holder named `dist` is a table, not a string).
fn holds_dist(v: &toml::Value) -> bool {
    match v {
        toml::Value::Table(t) => {
            t.get("dist").is_some_and(toml::Value::is_str) || t.values().any(holds_dist)
        }
        toml::Value::Array(a) => a.iter().any(holds_dist),
        _ => false,
    }
}

/// The title as run: the file's title, or the scenario's name, followed by
/// the `--set` flags that changed what the title and description describe
/// (all but those setting `title` or `description` themselves).
fn title_as_run(s: &Scenario, name: &str, overrides: &[String]) -> String {
    let title = s.title.clone().unwrap_or_else(|| name.to_string());
    let changes = value_overrides(overrides);
    if changes.is_empty() {
        title
    } else {
        format!("{title} (with --set {})", changes.join(", --set "))
    }
}

/// The description as run: the file's, with a sentence naming the `--set`
/// flags that changed the scenario after it was written.
fn description_as_run(s: &Scenario, overrides: &[String]) -> String {
    let text = s.description.clone().unwrap_or_default();
    let changes = value_overrides(overrides);
    if changes.is_empty() || text.trim().is_empty() {
        return text;
    }
    format!(
        "{} (Run with --set {}: where the text above differs, these values were run.)",
        text.trim_end(),
        changes.join(", --set ")
    )
}

/// The flags that set a value of the model, not the title or description.
fn value_overrides(overrides: &[String]) -> Vec<&str> {
    overrides
        .iter()
        .filter(|f| {
            let key = f.split_once('=').map_or(f.as_str(), |(k, _)| k).trim();
            !matches!(key, "title" | "description")
        })
        .map(String::as_str)
        .collect()
}

/// Validates a loaded scenario.
pub fn resolve(loaded: Loaded) -> Result<Resolved, ScenarioError> {
    let s = &loaded.scenario;
    let o = &loaded.origins;
    check_texts(s, o)?;
    // An error with no place in any file (a required table left out) is
    // reported against the scenario file itself.
    let in_file = |mut e: ScenarioError| {
        if e.origin.is_none() {
            e.origin = Some(Origin::File {
                path: loaded.path.clone(),
                line: 1,
                col: 1,
            });
        }
        e
    };
    let params = build_params(s, o, &mut Central).map_err(in_file)?;
    let time = s.time.clone().unwrap_or_default();
    let start_text = time
        .start_date
        .clone()
        .unwrap_or_else(|| "2026-01-01".into());
    let start_date = NaiveDate::parse_from_str(&start_text, "%Y-%m-%d").map_err(|e| {
        err(
            o,
            "time.start_date",
            ErrorKind::InvalidValue,
            format!("\"{start_text}\" is not a date ({e}); write it as \"YYYY-MM-DD\", for example \"2026-01-01\""),
        )
    })?;
    // Every step's date must exist (chrono's calendar ends in year 262142).
    let last_year = start_date.year() as f64 + params.steps as f64 / params.steps_per_year + 1.0;
    if !(1000.0..=9999.0).contains(&(start_date.year() as f64)) || last_year > 9999.0 {
        return Err(in_file(err(
            o,
            "time.start_date",
            ErrorKind::InvalidValue,
            format!(
                "\"{start_text}\" is out of range: the start must be in the years 1000 to 9999 and the horizon must end by 9999"
            ),
        )));
    }
    Ok(Resolved {
        name: loaded.name.clone(),
        path: loaded.path.clone(),
        title: title_as_run(s, &loaded.name, &loaded.overrides),
        description: description_as_run(s, &loaded.overrides),
        seed: s.seed.unwrap_or(42),
        step: time.step.unwrap_or(StepKind::Month),
        start_date,
        calibration: s.calibration.unwrap_or(Calibration::Central),
        scenario: loaded.scenario,
        origins: loaded.origins,
        overrides: loaded.overrides,
        params,
    })
}

/// Longest `title` (characters): one line on a chart.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest `description` (characters): a paragraph.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// Longest holder `label` (characters): a legend entry.
pub const MAX_LABEL_CHARS: usize = 80;
/// Longest holder name (characters): a CSV column and a TOML table name.
pub const MAX_NAME_CHARS: usize = 40;

/// Checks the scenario's words before anything else: lengths within the
/// limits above, and no control characters (escape, bell, NUL, carriage
/// return, C1 codes: they would act on a terminal or break a report), except
/// newlines and tabs in the description.
fn check_texts(s: &Scenario, o: &Origins) -> Result<(), ScenarioError> {
    let text = |key: Key<'_>, v: Option<&String>, max: usize, paragraph: bool| {
        let Some(v) = v else { return Ok(()) };
        let n = v.chars().count();
        if n > max {
            return Err(err(
                o,
                key,
                ErrorKind::InvalidValue,
                format!("{n} characters is too long: at most {max}"),
            ));
        }
        match v
            .chars()
            .position(|ch| ch.is_control() && !(paragraph && matches!(ch, '\n' | '\t')))
        {
            Some(i) => Err(err(
                o,
                key,
                ErrorKind::InvalidValue,
                format!(
                    "character {} is the control character {:?}; write plain text ({})",
                    i + 1,
                    v.chars().nth(i).expect("found at i"),
                    if paragraph {
                        "newlines and tabs are allowed"
                    } else {
                        "one line, no tabs"
                    }
                ),
            )),
            None => Ok(()),
        }
    };
    text(Key::new("title"), s.title.as_ref(), MAX_TITLE_CHARS, false)?;
    text(
        Key::new("description"),
        s.description.as_ref(),
        MAX_DESCRIPTION_CHARS,
        true,
    )?;
    for (name, h) in &s.holders {
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(err(
                o,
                Key::named("holders.", name, ""),
                ErrorKind::InvalidValue,
                format!(
                    "the holder name is {} characters long: at most {MAX_NAME_CHARS}",
                    name.chars().count()
                ),
            ));
        }
        let key = Key::named("holders.", name, ".label");
        text(key, h.label.as_ref(), MAX_LABEL_CHARS, false)?;
    }
    Ok(())
}

/// The error `msg` of `kind` at `key` (the key is formatted here, once the error is certain).
fn err<'k>(
    o: &Origins,
    key: impl Into<Key<'k>>,
    kind: ErrorKind,
    msg: impl Into<String>,
) -> ScenarioError {
    let key = key.into().to_string();
    ScenarioError::new(kind, o.of(&key), Some(key), msg)
}

/// Helper carrying the origins and the sampler through validation.
struct Ctx<'a> {
    o: &'a Origins,
    sampler: &'a mut dyn Sampler,
    /// Draws of a non-strict sampler (dotted key, value), so an error caused
    /// by a draw can name the distributions behind it.
    drawn: Vec<(String, f64)>,
}

/// A range of valid values, with how to say it.
#[derive(Clone, Copy)]
struct Range {
    lo: f64,
    hi: f64,
    lo_open: bool,
}

const NON_NEGATIVE: Range = Range {
    lo: 0.0,
    hi: f64::INFINITY,
    lo_open: false,
};

fn between(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        hi,
        lo_open: false,
    }
}

fn above(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        hi,
        lo_open: true,
    }
}

/// Smallest value of a field that must be greater than 0, relative to its
/// largest: `hi / 1e12` ($10,000 for an amount of at most $10,000,000B).
/// Below it a value is zero in all but name, and a denormal such as 5e-324
/// overflows to infinity when the model divides by it.
const TINY_RATIO: f64 = 1e12;

impl Range {
    /// The least value in range: `lo`, or for a range open at `lo` the
    /// smallest value that still means something.
    fn least(&self) -> f64 {
        if !self.lo_open {
            self.lo
        } else if self.lo == 0.0 && self.hi.is_finite() {
            self.hi / TINY_RATIO
        } else {
            self.lo + 1e-9 * self.lo.abs().max(1.0)
        }
    }
    fn contains(&self, v: f64) -> bool {
        let above_lo = if self.lo_open {
            v > self.lo && (self.lo != 0.0 || v >= self.least())
        } else {
            v >= self.lo
        };
        v.is_finite() && above_lo && v <= self.hi
    }
    /// What the range allows, for a message about `given` (the value
    /// refused, if any): the smallest meaningful value of a range open at 0
    /// is named only when `given` is a positive value below it.
    fn describe(&self, given: Option<f64>) -> String {
        let tiny = given.is_some_and(|v| v > 0.0 && v < self.least());
        let lo = if !self.lo_open {
            format!("at least {}", show(self.lo))
        } else if self.lo == 0.0 && self.hi.is_finite() && tiny {
            format!("greater than 0 (at least {})", show(self.least()))
        } else {
            format!("greater than {}", show(self.lo))
        };
        if self.hi.is_finite() {
            format!("{lo} and at most {}", show(self.hi))
        } else {
            lo
        }
    }
    fn clamp(&self, v: f64) -> f64 {
        let lo = self.least();
        if v.is_nan() { lo } else { v.clamp(lo, self.hi) }
    }
}

impl Ctx<'_> {
    fn num<'k>(
        &mut self,
        key: impl Into<Key<'k>>,
        n: Option<&Num>,
        range: Range,
    ) -> Result<f64, ScenarioError> {
        let key = key.into();
        let n = n.ok_or_else(|| {
            err(
                self.o,
                key,
                ErrorKind::Missing,
                format!("a value is required here ({})", range.describe(None)),
            )
        })?;
        let central = n.central();
        if !range.contains(central) {
            let what = if n.is_dist() {
                "the distribution's central value"
            } else {
                "the value"
            };
            return Err(err(
                self.o,
                key,
                ErrorKind::InvalidValue,
                format!(
                    "{what} {} is out of range: it must be {}",
                    show(central),
                    range.describe(Some(central))
                ),
            ));
        }
        let v = self.sampler.value(key, n);
        if self.sampler.strict() {
            return Ok(v);
        }
        let v = range.clamp(v);
        if n.is_dist() {
            self.drawn.push((key.to_string(), v));
        }
        Ok(v)
    }

    fn nums<'k>(
        &mut self,
        key: impl Into<Key<'k>>,
        ns: &[Num],
        range: Range,
    ) -> Result<Vec<f64>, ScenarioError> {
        let key = key.into();
        ns.iter()
            .enumerate()
            .map(|(i, n)| self.num(key.at(i), Some(n), range))
            .collect()
    }

    fn missing<'k>(&self, key: impl Into<Key<'k>>, what: &str) -> ScenarioError {
        err(
            self.o,
            key,
            ErrorKind::Missing,
            format!("a value is required here: {what}"),
        )
    }

    fn invalid<'k>(&self, key: impl Into<Key<'k>>, msg: impl Into<String>) -> ScenarioError {
        err(self.o, key, ErrorKind::InvalidValue, msg)
    }
}

fn parse_tenors(c: &Ctx, key: &str, tenors: &[String]) -> Result<Vec<f64>, ScenarioError> {
    tenors
        .iter()
        .enumerate()
        .map(|(i, t)| {
            tenor_years(t).ok_or_else(|| {
                c.invalid(
                    Key::new(key).at(i),
                    format!("\"{t}\" is not a tenor; write a positive number and a unit: d, w, m or y, as in \"3m\" or \"10y\""),
                )
            })
        })
        .collect()
}

fn check_len(c: &Ctx, key: &str, got: usize, want: usize, of: &str) -> Result<(), ScenarioError> {
    if got == want {
        return Ok(());
    }
    let tenors_key = if of.starts_with("curve") {
        "curve.tenors"
    } else {
        "debt.tenors"
    };
    let here = c.o.of(key);
    let there = c.o.of(tenors_key);
    // Report at whichever of the two the user changed last: a flag, or the
    // scenario's own value rather than an inherited default.
    let tenors_newer = matches!(there, Some(Origin::Flag(_)))
        && !matches!(here, Some(Origin::Flag(_)))
        || matches!(here, Some(Origin::Default) | None) && there.is_some();
    let place = |o: &Option<Origin>| match o {
        Some(Origin::File { .. }) => format!(" (set at {})", o.as_ref().expect("matched Some")),
        Some(Origin::Flag(f)) => format!(" (set by `--set {f}`)"),
        Some(Origin::Default) => " (from the built-in defaults)".to_string(),
        None => String::new(),
    };
    let msg = if tenors_newer {
        format!(
            "has {got} values{} but `{tenors_key}`{} has {want}; give one value per tenor",
            place(&here),
            place(&there)
        )
    } else {
        format!("has {got} values but there are {want} {of}; give one per tenor")
    };
    let origin = if tenors_newer { there } else { here };
    Err(ScenarioError::new(
        ErrorKind::InvalidValue,
        origin,
        Some(key.to_string()),
        msg,
    ))
}

fn check_shares(c: &Ctx, key: &str, shares: &[f64]) -> Result<(), ScenarioError> {
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > 1e-3 {
        return Err(c.invalid(
            key,
            format!(
                "shares sum to {}; they must sum to 1",
                if sum.abs() < 1e9 {
                    format!("{sum:.4}")
                } else {
                    show(sum)
                }
            ),
        ));
    }
    Ok(())
}

/// Largest rise of the 10-year term premium (bp) a scenario may need to clear
/// its sales. Beyond it yields stop meaning anything and, compounded over a
/// long horizon, interest overflows to infinity.
pub const MAX_TERM_PREMIUM_BP: f64 = 5_000.0;

/// The same bound for a Monte Carlo path's draws (bp). The check is an upper
/// bound, not the clearing itself, so a legitimate tail draw (uncertain-japan's
/// elasticity at its 0.5th percentile bounds at about 5,200 bp) must pass;
/// ten times the central limit still refuses the draws near zero that gave
/// paths of 10^11 bp.
pub const MAX_DRAWN_TERM_PREMIUM_BP: f64 = 10.0 * MAX_TERM_PREMIUM_BP;

/// Refuses sales the buyers cannot absorb within [`MAX_TERM_PREMIUM_BP`]
/// ([`MAX_DRAWN_TERM_PREMIUM_BP`] for a Monte Carlo draw).
///
/// At step `t` the market clears at `x = (S_t + Σ a_i b_i) / D_t`, where
/// `D_t = Σ a_i H_i e_i` over the holders not selling at `t` and `Σ b_i` is
/// everything bought so far, so `x ≤ cumulative sales / D_t` (all in
/// 10-year-equivalent dollars), and the flow premium is at most its impact
/// of the cumulative sales. The check bounds the two before any simulation.
fn check_absorption(
    c: &Ctx,
    holders: &[HolderParams],
    steps: usize,
    market: &MarketParams,
) -> Result<(), ScenarioError> {
    let d10 = market.ten_year_duration;
    let term = |h: &HolderParams, sold: f64| {
        h.adjust_per_step * ((h.holdings - sold) * h.duration / d10).max(0.0) * h.elasticity_per_bp
    };
    let limit = if c.sampler.strict() {
        MAX_TERM_PREMIUM_BP
    } else {
        MAX_DRAWN_TERM_PREMIUM_BP
    };
    let sellers: Vec<usize> = (0..holders.len())
        .filter(|&i| holders[i].is_seller())
        .collect();
    if sellers.is_empty() {
        return Ok(());
    }
    let others: f64 = holders
        .iter()
        .filter(|h| !h.is_seller())
        .map(|h| term(h, 0.0))
        .sum();
    let mut sold = vec![0.0; holders.len()];
    let mut cum_eq = 0.0;
    for t in 1..=steps {
        let mut d = others;
        for &i in &sellers {
            let h = &holders[i];
            let s = h.sales[t];
            sold[i] += s;
            cum_eq += s * h.duration / d10;
            if s <= 0.0 {
                d += term(h, sold[i]);
            }
        }
        if cum_eq <= 0.0 {
            continue;
        }
        // The flow premium's decaying flow is at most the cumulative flow.
        let flow = market.flow.premium_bp(cum_eq);
        let bound = if d > 0.0 {
            cum_eq / d + flow
        } else {
            f64::INFINITY
        };
        if bound.is_nan() || bound > limit {
            let i = *sellers
                .iter()
                .max_by(|a, b| sold[**a].total_cmp(&sold[**b]))
                .expect("there is a seller");
            let name = &holders[i].name;
            let shown = if bound.is_finite() {
                format!("{bound:.4e} bp")
            } else {
                "an unbounded amount".to_string()
            };
            return Err(c.invalid(
                Key::named("holders.", name, ".sale"),
                format!(
                    "the holders still buying cannot absorb the sales: by step {t} the 10-year term premium could have to rise by up to {shown}, beyond the {limit} bp the model handles; sell less or more slowly, or give the buyers more `holdings_bn`, a larger `elasticity_pct_per_100bp` or a shorter `adjustment_months`"
                ),
            ));
        }
    }
    Ok(())
}

/// [`check_absorption`] of `p`'s holders, naming the draws when a Monte
/// Carlo path's parameters fail it.
fn check_absorption_of(c: &Ctx, p: &Params) -> Result<(), ScenarioError> {
    // Draws too: an elasticity drawn near zero would otherwise give a path
    // with a term premium of 10^11 bp (the range clamp keeps it above 0 only).
    check_absorption(c, &p.holders, p.steps, &p.market).map_err(|mut e| {
        if !c.drawn.is_empty() {
            let draws: Vec<String> = c
                .drawn
                .iter()
                .map(|(k, v)| {
                    let v = if v.abs() >= 1e-4 {
                        show((v * 1e4).round() / 1e4)
                    } else {
                        show(*v)
                    };
                    format!("{k} = {v}")
                })
                .collect();
            e.message = format!(
                "{} (with the distributions drawn as {}: narrow the distribution that allows such a draw, or truncate it with `low`/`high`)",
                e.message,
                draws.join(", ")
            );
        }
        e
    })?;

    Ok(())
}

/// Refuses `time.steps` and `time.horizon_years` written in the same place
/// (one file, or both as `--set` flags) when they disagree. Across layers
/// there is no contradiction: `steps` set later overrides an inherited horizon.
fn check_steps_against_horizon(
    c: &Ctx,
    steps: Option<u64>,
    horizon: Option<f64>,
    per_year: f64,
    step: StepKind,
) -> Result<(), ScenarioError> {
    let (Some(n), Some(h)) = (steps, horizon) else {
        return Ok(());
    };
    let same_place = match (c.o.of("time.steps"), c.o.of("time.horizon_years")) {
        (Some(Origin::File { path: a, .. }), Some(Origin::File { path: b, .. })) => a == b,
        (Some(Origin::Flag(_)), Some(Origin::Flag(_))) => true,
        _ => false,
    };
    if !same_place || (h * per_year).round() == n as f64 {
        return Ok(());
    }
    Err(c.invalid(
        "time.steps",
        format!(
            "{n} steps contradicts `time.horizon_years` = {} set beside it, which gives {} steps of a {}; give one of the two",
            show(h),
            show((h * per_year).round()),
            step.name()
        ),
    ))
}

/// True for lower-case kebab names: `japan`, `other-foreign`, `fed2`.
pub fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Builds model parameters from a resolved scenario, section by section,
/// in the order of the file (a Monte Carlo sampler draws in this order).
pub fn build_params(
    s: &Scenario,
    o: &Origins,
    sampler: &mut dyn Sampler,
) -> Result<Params, ScenarioError> {
    let mut c = Ctx {
        o,
        sampler,
        drawn: Vec::new(),
    };
    let c = &mut c;
    let time = time_grid(c, s)?;
    let curve = curve_params(c, s)?;
    let (market, e_scale, impact) = market_params(c, s)?;
    let (holders, optimal) = holders_params(c, s, time, e_scale)?;
    let debt = debt_params(c, s, time.dt)?;
    let shock = shock_params(c, s, &curve.tenors, time.steps)?;
    let Reactions {
        backstop,
        issuance,
        fx,
    } = reaction_params(c, s, time)?;
    let purchases = purchase::purchases(c, s, time.steps)?;
    let mut params = Params {
        steps: time.steps,
        dt: time.dt,
        steps_per_year: time.per_year,
        curve,
        market,
        holders,
        debt,
        shock,
        backstop,
        issuance,
        fx,
        purchases,
    };
    impact.apply(&mut params);
    check_absorption_of(c, &params)?;
    for request in &optimal {
        request.apply(&mut params);
    }
    Ok(params)
}

/// The time grid of a scenario: its step length and number of steps.
#[derive(Debug, Clone, Copy)]
struct TimeGrid {
    /// Steps a year (252, 52, 12 or 4).
    per_year: f64,
    /// Steps after step 0.
    steps: usize,
    /// Years a step (1 / `per_year`).
    dt: f64,
}

/// The `[time]` section: the step length and the horizon in steps.
fn time_grid(c: &Ctx, s: &Scenario) -> Result<TimeGrid, ScenarioError> {
    let time = s.time.clone().unwrap_or_default();
    let step = time
        .step
        .ok_or_else(|| c.missing("time.step", "\"day\", \"week\", \"month\" or \"quarter\""))?;
    let per_year = step.per_year();
    check_steps_against_horizon(c, time.steps, time.horizon_years, per_year, step)?;
    let steps = match time.steps {
        Some(n) => {
            if n == 0 || n > MAX_STEPS {
                return Err(c.invalid(
                    "time.steps",
                    format!("{n} steps is out of range: it must be from 1 to {MAX_STEPS}"),
                ));
            }
            n as usize
        }
        None => {
            let h = time
                .horizon_years
                .ok_or_else(|| c.missing("time.horizon_years", "a horizon in years, such as 10"))?;
            let n = (h * per_year).round();
            if !(h.is_finite() && h > 0.0 && n >= 1.0) || n > MAX_STEPS as f64 {
                return Err(c.invalid(
                    "time.horizon_years",
                    format!(
                        "{} years is out of range: it must give from 1 to {MAX_STEPS} steps of a {} ({:.4} to {:.1} years)",
                        show(h),
                        step.name(),
                        1.0 / per_year,
                        MAX_STEPS as f64 / per_year
                    ),
                ));
            }
            n as usize
        }
    };
    Ok(TimeGrid {
        per_year,
        steps,
        dt: 1.0 / per_year,
    })
}

/// The `[curve]` section: tenors (increasing, with a 10-year), base
/// yields and loadings.
fn curve_params(c: &mut Ctx, s: &Scenario) -> Result<CurveParams, ScenarioError> {
    let curve = s.curve.clone().unwrap_or_default();
    let tenors = curve.tenors.clone().ok_or_else(|| {
        c.missing(
            "curve.tenors",
            "a list of tenors such as [\"3m\", \"2y\", \"10y\"]",
        )
    })?;
    if tenors.is_empty() {
        return Err(c.invalid(
            "curve.tenors",
            "the list is empty; give at least the 10-year tenor, as in [\"3m\", \"10y\"]",
        ));
    }
    let tenor_yrs = parse_tenors(c, "curve.tenors", &tenors)?;
    for i in 1..tenor_yrs.len() {
        if tenor_yrs[i] <= tenor_yrs[i - 1] {
            return Err(c.invalid(
                "curve.tenors",
                format!(
                    "tenors must be in increasing maturity without repeats, but \"{}\" comes after \"{}\"",
                    tenors[i],
                    tenors[i - 1]
                ),
            ));
        }
    }
    if !tenor_yrs.iter().any(|y| (*y - 10.0).abs() < 1e-9) {
        return Err(c.invalid(
            "curve.tenors",
            format!(
                "there is no 10-year tenor in [{}]; add \"10y\": the term premium, the rule of thumb and the mortgage proxy are measured on it",
                tenors.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let yields = curve
        .yields_pct
        .clone()
        .ok_or_else(|| c.missing("curve.yields_pct", "one yield (percent) per tenor"))?;
    check_len(
        c,
        "curve.yields_pct",
        yields.len(),
        tenors.len(),
        "curve tenors",
    )?;
    let base_pct = c.nums("curve.yields_pct", &yields, between(-5.0, 50.0))?;
    let loadings = curve
        .loadings
        .clone()
        .ok_or_else(|| c.missing("curve.loadings", "one loading per tenor"))?;
    check_len(
        c,
        "curve.loadings",
        loadings.len(),
        tenors.len(),
        "curve tenors",
    )?;
    let loadings = c.nums("curve.loadings", &loadings, between(0.0, 5.0))?;

    Ok(CurveParams {
        tenors,
        tenor_years: tenor_yrs,
        base_pct,
        loadings,
    })
}

/// The `[market]` section and the calibration: the market's parameters and
/// the factor every holder's elasticity is scaled by.
fn market_params(
    c: &mut Ctx,
    s: &Scenario,
) -> Result<(MarketParams, f64, impact::Setting), ScenarioError> {
    let m = s.market.clone().unwrap_or_default();
    let ten_year_duration = c.num(
        "market.ten_year_duration_years",
        m.ten_year_duration_years.as_ref(),
        above(0.0, 30.0),
    )?;
    let elasticity_scale = c.num(
        "market.elasticity_scale",
        m.elasticity_scale.as_ref(),
        above(0.0, 1000.0),
    )?;
    let reference_duration = c.num(
        "market.reference_duration_years",
        m.reference_duration_years.as_ref(),
        above(0.0, 30.0),
    )?;
    let mortgage_spread_bp = c.num(
        "market.mortgage_spread_bp",
        m.mortgage_spread_bp.as_ref(),
        between(-500.0, 1000.0),
    )?;
    let noise = c.num(
        "market.noise_bp_per_sqrt_year",
        m.noise_bp_per_sqrt_year.as_ref(),
        between(0.0, 1000.0),
    )?;
    let calibration = s.calibration.unwrap_or(Calibration::Central);
    let (impact, e_scale) = impact::read(c, &m, elasticity_scale, calibration)?;
    let market = MarketParams {
        ten_year_duration,
        reference_duration,
        mortgage_spread_bp,
        noise_bp_per_sqrt_year: noise,
        flow: FlowParams::none(),
        capacity_grows_with_debt: m.capacity_grows_with_debt.unwrap_or(true),
        flow_multiplier: calibration.impact().flow,
        stock_multiplier: calibration.impact().stock,
    };
    Ok((market, e_scale, impact))
}

/// The `[holders]` tables: every holder, and the sellers whose schedule is
/// to be worked out once the rest is known; at least one must be left to buy,
/// and the buyers must be able to absorb the sales.
fn holders_params(
    c: &mut Ctx,
    s: &Scenario,
    time: TimeGrid,
    e_scale: f64,
) -> Result<(Vec<HolderParams>, Vec<OptimalRequest>), ScenarioError> {
    if s.holders.is_empty() {
        return Err(err(
            c.o,
            "holders",
            ErrorKind::Missing,
            "the scenario has no holders; add [holders.NAME] tables or `extends = \"baseline\"`",
        ));
    }
    if s.holders.len() > MAX_HOLDERS {
        return Err(err(
            c.o,
            "holders",
            ErrorKind::InvalidValue,
            format!(
                "{} holders is too many: at most {MAX_HOLDERS}",
                s.holders.len()
            ),
        ));
    }
    let mut optimal = Vec::new();
    let mut holders = Vec::with_capacity(s.holders.len());
    for (index, (name, h)) in s.holders.iter().enumerate() {
        let holder = holder_params(c, s, (index, name, h), time, e_scale, &mut optimal)?;
        holders.push(holder);
    }
    let buyers = holders
        .iter()
        .filter(|h| h.elasticity_per_bp > 0.0 && !h.is_seller() && h.trigger.is_none())
        .count();
    if buyers == 0 {
        return Err(err(
            c.o,
            "holders",
            ErrorKind::InvalidValue,
            "no holder is left to buy: every holder either sells, has a contagion trigger, or has `elasticity_pct_per_100bp` = 0; give at least one holder that sells nothing a positive `elasticity_pct_per_100bp`",
        ));
    }

    Ok((holders, optimal))
}

/// The index of holder `name` in `s` (for `key`, a reference to it), or an
/// error naming the holders (with the closest as a suggestion).
fn holder_index(c: &Ctx, s: &Scenario, key: Key<'_>, name: &str) -> Result<usize, ScenarioError> {
    s.holders.get_index_of(name).ok_or_else(|| {
        let names: Vec<&str> = s.holders.keys().map(String::as_str).collect();
        let hint = super::suggest::closest(name, &names)
            .map(|n| format!(" (did you mean \"{n}\"?)"))
            .unwrap_or_default();
        c.invalid(
            key,
            format!(
                "there is no holder \"{name}\"{hint}; holders: {}",
                names.join(", ")
            ),
        )
    })
}

/// Holder `name` of scenario `s`, the `index`-th: its size, demand and
/// sales; elasticities are scaled by `e_scale`.
fn holder_params(
    c: &mut Ctx,
    s: &Scenario,
    (index, name, h): (usize, &str, &Holder),
    time: TimeGrid,
    e_scale: f64,
    optimal: &mut Vec<OptimalRequest>,
) -> Result<HolderParams, ScenarioError> {
    let TimeGrid { steps, dt, .. } = time;
    let hk = |tail: &'static str| Key::named("holders.", name, tail);
    if !is_kebab(name) {
        return Err(c.invalid(
            hk(""),
            format!("holder name \"{name}\" must be lower-case kebab form (letters, digits and single dashes), such as \"other-foreign\""),
        ));
    }
    if h.holdings_bn.is_none() {
        let others: Vec<&str> = s
            .holders
            .iter()
            .filter(|(n, o)| *n != name && o.holdings_bn.is_some())
            .map(|(n, _)| n.as_str())
            .collect();
        if let Some(near) = super::suggest::closest(name, &others) {
            return Err(c.missing(
                hk(".holdings_bn"),
                &format!(
                    "holdings at the start ($B), greater than 0; `holders.{name}` is a new holder (did you mean \"{near}\"? then write [holders.{near}...] instead)"
                ),
            ));
        }
    }
    let holdings = c.num(hk(".holdings_bn"), h.holdings_bn.as_ref(), above(0.0, 1e7))?;
    let duration = c.num(
        hk(".duration_years"),
        h.duration_years.as_ref(),
        above(0.0, 30.0),
    )?;
    let elasticity_pct = c.num(
        hk(".elasticity_pct_per_100bp"),
        h.elasticity_pct_per_100bp.as_ref(),
        between(0.0, 1000.0),
    )?;
    let adjustment_months = c.num(
        hk(".adjustment_months"),
        h.adjustment_months.as_ref(),
        above(0.0, 1200.0),
    )?;
    let adjustment_years = adjustment_months / 12.0;
    let sales = match &h.sale {
        Some(sale) => sale_schedule(c, name, sale, index, holdings, steps, optimal)?,
        None => vec![0.0; steps + 1],
    };
    let trigger = match &h.trigger {
        Some(tr) => Some(trigger_params(c, s, name, tr, steps)?),
        None => None,
    };
    Ok(HolderParams {
        name: name.to_string(),
        label: h.label.clone().unwrap_or_else(|| name.to_string()),
        holdings,
        duration,
        elasticity_per_bp: elasticity_pct / 100.0 / 100.0 * e_scale,
        adjustment_years,
        adjust_per_step: 1.0 - (-dt / adjustment_years).exp(),
        sales,
        trigger,
    })
}

/// A seller's request for its cheapest schedule (`shape = "optimal"`),
/// worked out once every parameter is known.
#[derive(Debug, Clone, Copy)]
struct OptimalRequest {
    /// Index of the holder.
    holder: usize,
    /// What it sells in all ($B).
    total_bn: f64,
    /// First step of the window.
    start: usize,
    /// Steps in the window.
    steps: usize,
    /// Its aversion to the risk of a slow sale (0: expected cost only).
    risk_aversion: f64,
}

impl OptimalRequest {
    /// Writes the cheapest schedule into the holder's sales in `p`.
    fn apply(&self, p: &mut Params) {
        let model = CostModel::new(p, self.holder, self.start, self.steps);
        let schedule = model.optimal(self.total_bn, self.risk_aversion);
        let sales = &mut p.holders[self.holder].sales;
        sales.iter_mut().for_each(|v| *v = 0.0);
        for (j, a) in schedule.into_iter().enumerate() {
            sales[self.start + j] = a;
        }
    }
}

/// Holder `name`'s `[holders.NAME.sale]`, holder `holder` with `holdings`
/// ($B), as sales by step over `steps` steps ($B); a sale shaped
/// `"optimal"` is left for `optimal` to schedule.
fn sale_schedule(
    c: &mut Ctx,
    name: &str,
    sale: &Sale,
    holder: usize,
    holdings: f64,
    steps: usize,
    optimal: &mut Vec<OptimalRequest>,
) -> Result<Vec<f64>, ScenarioError> {
    let hk = |tail: &'static str| Key::named("holders.", name, tail);
    let mut sales = vec![0.0; steps + 1];
    let start = sale.start.unwrap_or(1);
    if start == 0 || start > steps as u64 {
        return Err(c.invalid(
            hk(".sale.start"),
            format!(
                "step {start} is outside the horizon: the first sale step must be from 1 to {steps}"
            ),
        ));
    }
    let start = start as usize;
    let amounts: Vec<f64> = match (&sale.total_bn, &sale.amounts_bn) {
        (Some(_), Some(_)) => {
            return Err(c.invalid(
                hk(".sale.amounts_bn"),
                "give either `total_bn` (with `steps` and `shape`) or `amounts_bn`, not both",
            ));
        }
        (None, None) => {
            return Err(c.missing(
                hk(".sale.total_bn"),
                "the amount sold ($B), or `amounts_bn` per step",
            ));
        }
        (Some(total), None) => {
            let window = (start, steps);
            shaped_sale(c, name, sale, total, (holder, window), optimal)?
        }
        (None, Some(list)) => {
            if list.is_empty() {
                return Err(c.invalid(
                    hk(".sale.amounts_bn"),
                    "the list is empty; give at least one amount ($B)",
                ));
            }
            if sale.steps.is_some() || sale.shape.is_some() || sale.risk_aversion.is_some() {
                return Err(c.invalid(
                    hk(".sale.amounts_bn"),
                    "`steps`, `shape` and `risk_aversion` go with `total_bn`; with `amounts_bn` each amount is one step",
                ));
            }
            let last = start + list.len() - 1;
            if last > steps {
                return Err(c.invalid(
                    hk(".sale.amounts_bn"),
                    format!("{} amounts from step {start} end at step {last}, past the horizon of {steps} steps", list.len()),
                ));
            }
            c.nums(hk(".sale.amounts_bn"), list, NON_NEGATIVE)?
        }
    };
    let total: f64 = amounts.iter().sum();
    if total > holdings * (1.0 + 1e-9) && c.sampler.strict() {
        let which = if sale.total_bn.is_some() {
            ".sale.total_bn"
        } else {
            ".sale.amounts_bn"
        };
        return Err(c.invalid(
            hk(which),
            format!(
                "the sale of {} is larger than the holding of {} (holders.{name}.holdings_bn): a holder cannot sell more than it holds; sell at most {}",
                show(total),
                show(holdings),
                show(holdings)
            ),
        ));
    }
    for (j, a) in amounts.iter().enumerate() {
        sales[start + j] = *a;
    }
    Ok(sales)
}

/// A sale of `total` ($B, a number or a distribution) from step `start`
/// of a horizon of `steps` steps, spread by its `shape` over its `steps`:
/// the amounts by step from `start` ($B). A sale shaped `"optimal"` is
/// spread evenly here and left for `optimal` to schedule (holder `holder`).
fn shaped_sale(
    c: &mut Ctx,
    name: &str,
    sale: &Sale,
    total: &Num,
    (holder, (start, steps)): (usize, (usize, usize)),
    optimal: &mut Vec<OptimalRequest>,
) -> Result<Vec<f64>, ScenarioError> {
    let hk = |tail: &'static str| Key::named("holders.", name, tail);
    let n = sale.steps.unwrap_or(1);
    if n == 0 {
        return Err(c.invalid(hk(".sale.steps"), "0 steps: a sale lasts at least 1 step"));
    }
    let last = start as u64 + n - 1;
    if last > steps as u64 {
        return Err(c.invalid(
            hk(".sale.steps"),
            format!(
                "the sale runs from step {start} to step {last}, past the horizon of {steps} steps; use at most {} steps or start earlier",
                steps + 1 - start
            ),
        ));
    }
    let total = c.num(hk(".sale.total_bn"), Some(total), NON_NEGATIVE)?;
    let shape = sale.shape.unwrap_or(Shape::Even);
    if shape == Shape::Once && n > 1 {
        return Err(c.invalid(hk(".sale.steps"), once_with_steps(n)));
    }
    if shape == Shape::Optimal && n as usize > optimal::MAX_STEPS {
        return Err(c.invalid(
            hk(".sale.steps"),
            format!(
                "{n} steps: shape = \"optimal\" solves a dense problem of the window's size and is limited to {} steps; use longer steps (`time.step = \"week\"` or \"month\") or another shape (even, front_loaded, back_loaded, once)",
                optimal::MAX_STEPS
            ),
        ));
    }
    if shape == Shape::Optimal {
        let lambda = match &sale.risk_aversion {
            Some(r) => c.num(hk(".sale.risk_aversion"), Some(r), between(0.0, 1e9))?,
            None => 0.0,
        };
        optimal.push(OptimalRequest {
            holder,
            total_bn: total,
            start,
            steps: n as usize,
            risk_aversion: lambda,
        });
    } else if sale.risk_aversion.is_some() {
        return Err(c.invalid(
            hk(".sale.risk_aversion"),
            "`risk_aversion` applies only with shape = \"optimal\"",
        ));
    }
    Ok(spread(total, n as usize, spread_of(shape)))
}

/// Holder `name`'s `[holders.NAME.trigger]` in scenario `s` of `steps` steps.
fn trigger_params(
    c: &mut Ctx,
    s: &Scenario,
    name: &str,
    tr: &Trigger,
    steps: usize,
) -> Result<TriggerParams, ScenarioError> {
    let hk = |tail: &'static str| Key::named("holders.", name, tail);
    let d10_bp = match &tr.d_10y_bp {
        Some(n) => Some(c.num(hk(".trigger.d_10y_bp"), Some(n), between(-2000.0, 5000.0))?),
        None => None,
    };
    let after = match (&tr.after_holder, &tr.after_sold_bn) {
        (Some(other), Some(amount)) => {
            let j = holder_index(c, s, hk(".trigger.after_holder"), other)?;
            if other == name {
                return Err(c.invalid(
                    hk(".trigger.after_holder"),
                    format!(
                        "the trigger waits on \"{other}\" itself: a holder cannot start selling once it has sold; name another holder, or use `d_10y_bp`"
                    ),
                ));
            }
            Some((
                j,
                c.num(hk(".trigger.after_sold_bn"), Some(amount), NON_NEGATIVE)?,
            ))
        }
        (None, None) => None,
        (Some(_), None) => {
            return Err(c.missing(
                hk(".trigger.after_sold_bn"),
                "how much `after_holder` must have sold ($B)",
            ));
        }
        (None, Some(_)) => {
            return Err(c.missing(
                hk(".trigger.after_holder"),
                "the holder whose sales set this one off",
            ));
        }
    };
    if d10_bp.is_none() && after.is_none() {
        return Err(c.missing(
            hk(".trigger.d_10y_bp"),
            "a condition: `d_10y_bp` (10-year rise, bp) and/or `after_holder` with `after_sold_bn`",
        ));
    }
    let share = c.num(hk(".trigger.share"), tr.share.as_ref(), above(0.0, 1.0))?;
    let tsteps = tr.steps.unwrap_or(1);
    if tsteps == 0 || tsteps > steps as u64 {
        return Err(c.invalid(
            hk(".trigger.steps"),
            format!("{tsteps} steps: it must be from 1 to {steps}"),
        ));
    }
    let probability = match &tr.probability {
        Some(n) => c.num(hk(".trigger.probability"), Some(n), between(0.0, 1.0))?,
        None => 1.0,
    };
    if tr.shape == Some(Shape::Once) && tsteps > 1 {
        return Err(c.invalid(hk(".trigger.steps"), once_with_steps(tsteps)));
    }
    if tr.shape == Some(Shape::Optimal) {
        return Err(c.invalid(
            hk(".trigger.shape"),
            "a triggered sale can be even, front_loaded, back_loaded or once",
        ));
    }
    Ok(TriggerParams {
        d10_bp,
        after,
        share,
        steps: tsteps as usize,
        spread: spread_of(tr.shape.unwrap_or(Shape::Even)),
        weight: c.sampler.event(hk(".trigger.probability"), probability),
    })
}

/// The `[debt]` section: the debt's size, tenors, shares, coupons,
/// issuance and growth, for a grid of `dt` years a step.
fn debt_params(c: &mut Ctx, s: &Scenario, dt: f64) -> Result<DebtParams, ScenarioError> {
    let d = s.debt.clone().unwrap_or_default();
    let gross = c.num("debt.gross_bn", d.gross_bn.as_ref(), above(0.0, 1e7))?;
    let marketable = c.num(
        "debt.marketable_bn",
        d.marketable_bn.as_ref(),
        above(0.0, 1e7),
    )?;
    let wam_months = c.num("debt.wam_months", d.wam_months.as_ref(), above(0.0, 600.0))?;
    let dtenors = d
        .tenors
        .clone()
        .ok_or_else(|| c.missing("debt.tenors", "the tenors debt is issued at"))?;
    if dtenors.is_empty() {
        return Err(c.invalid(
            "debt.tenors",
            "the list is empty; give the tenors debt is issued at, as in [\"3m\", \"10y\"]",
        ));
    }
    let dyears = parse_tenors(c, "debt.tenors", &dtenors)?;
    let shares = d
        .shares
        .clone()
        .ok_or_else(|| c.missing("debt.shares", "one share per debt tenor"))?;
    check_len(c, "debt.shares", shares.len(), dtenors.len(), "debt tenors")?;
    let shares = c.nums("debt.shares", &shares, between(0.0, 1.0))?;
    check_shares(c, "debt.shares", &shares)?;
    let coupons = d
        .coupons_pct
        .clone()
        .ok_or_else(|| c.missing("debt.coupons_pct", "one coupon (percent) per debt tenor"))?;
    check_len(
        c,
        "debt.coupons_pct",
        coupons.len(),
        dtenors.len(),
        "debt tenors",
    )?;
    let coupons_pct = c.nums("debt.coupons_pct", &coupons, between(-5.0, 50.0))?;
    let issuance_shares = match &d.issuance_shares {
        Some(v) => {
            check_len(
                c,
                "debt.issuance_shares",
                v.len(),
                dtenors.len(),
                "debt tenors",
            )?;
            let v = c.nums("debt.issuance_shares", v, between(0.0, 1.0))?;
            check_shares(c, "debt.issuance_shares", &v)?;
            v
        }
        None => shares.clone(),
    };
    let growth = c.num(
        "debt.growth_pct_per_year",
        d.growth_pct_per_year.as_ref(),
        between(0.0, 50.0),
    )?;
    // Normalise shares so the ledger's size is exact even when they sum to 1 ± 1e-3.
    let norm = |v: Vec<f64>| {
        let s: f64 = v.iter().sum();
        v.into_iter().map(|x| x / s).collect::<Vec<f64>>()
    };
    let debt = DebtParams {
        gross,
        marketable,
        wam_months,
        tenors: dtenors,
        maturity_steps: dyears
            .iter()
            .map(|y| ((y / dt).round() as usize).max(1))
            .collect(),
        tenor_years: dyears,
        shares: norm(shares),
        coupons_pct,
        issuance_shares: norm(issuance_shares),
        growth_per_step: (1.0 + growth / 100.0).powf(dt) - 1.0,
        fiscal_feedback: d.fiscal_feedback.unwrap_or(true),
    };
    // Checked on the central values only (a draw is clamped instead), so a
    // Monte Carlo path does not pay for the two sums of exponentials.
    if c.sampler.strict() {
        let (lo, hi) = feasible_wam_months(&debt, dt);
        if wam_months < lo || wam_months > hi {
            return Err(c.invalid(
                "debt.wam_months",
                format!(
                    "{wam_months} months cannot be reached with these debt tenors and shares: it must be from {lo:.1} to {hi:.1} months"
                ),
            ));
        }
    }
    Ok(debt)
}

/// The `[shock]` section, on the curve's `tenors` over `steps` steps.
fn shock_params(
    c: &mut Ctx,
    s: &Scenario,
    tenors: &[String],
    steps: usize,
) -> Result<ShockParams, ScenarioError> {
    let shock = match &s.shock {
        None => ShockParams::default(),
        Some(sh) => {
            let parallel = match &sh.parallel_bp {
                Some(n) => c.num("shock.parallel_bp", Some(n), between(-2000.0, 2000.0))?,
                None => 0.0,
            };
            let mut per = vec![parallel; tenors.len()];
            for (t, n) in &sh.tenor_bp {
                let key = Key::named("shock.tenor_bp.", t, "");
                let Some(k) = tenors.iter().position(|x| x == t) else {
                    return Err(c.invalid(
                        key,
                        format!(
                            "\"{t}\" is not a curve tenor; valid: {}",
                            tenors
                                .iter()
                                .map(|t| format!("\"{t}\""))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                };
                per[k] += c.num(key, Some(n), between(-2000.0, 2000.0))?;
            }
            let from = sh.from_step.unwrap_or(1);
            if from == 0 || from > steps as u64 {
                return Err(c.invalid(
                    "shock.from_step",
                    format!("step {from} is outside the horizon: it must be from 1 to {steps}"),
                ));
            }
            let until = sh.until_step.unwrap_or(steps as u64);
            if until < from || until > steps as u64 {
                return Err(c.invalid(
                    "shock.until_step",
                    format!(
                        "step {until} must be from `from_step` ({from}) to the last step ({steps})"
                    ),
                ));
            }
            ShockParams {
                tenor_bp: per,
                from_step: from as usize,
                until_step: until as usize,
            }
        }
    };
    Ok(shock)
}

/// The reactions a scenario may have: the Fed backstop, the Treasury's
/// issuance response, the yen channel.
struct Reactions {
    backstop: Option<BackstopParams>,
    issuance: Option<IssuanceParams>,
    fx: Option<FxParams>,
}

/// The `[backstop]`, `[issuance_response]` and `[fx]` sections.
fn reaction_params(c: &mut Ctx, s: &Scenario, time: TimeGrid) -> Result<Reactions, ScenarioError> {
    let TimeGrid { steps, dt, .. } = time;
    let backstop = match &s.backstop {
        None => None,
        Some(b) => {
            let who = b.holder.clone().unwrap_or_else(|| "fed".into());
            let holder = holder_index(c, s, Key::new("backstop.holder"), &who)?;
            let threshold_bp = c.num(
                "backstop.threshold_bp",
                b.threshold_bp.as_ref(),
                between(-2000.0, 5000.0),
            )?;
            let max_per_step = c.num(
                "backstop.max_per_step_bn",
                b.max_per_step_bn.as_ref(),
                above(0.0, 1e7),
            )?;
            let max_total = c.num(
                "backstop.max_total_bn",
                b.max_total_bn.as_ref(),
                above(0.0, 1e7),
            )?;
            let unwind_start = match b.unwind_start_step {
                Some(u) if u == 0 || u > steps as u64 => {
                    return Err(c.invalid(
                        "backstop.unwind_start_step",
                        format!("step {u} is outside the horizon: it must be from 1 to {steps}"),
                    ));
                }
                other => other.map(|u| u as usize),
            };
            let unwind_steps = b.unwind_steps.unwrap_or(12);
            if unwind_steps == 0 {
                return Err(c.invalid(
                    "backstop.unwind_steps",
                    "0 steps: selling back takes at least 1 step",
                ));
            }
            Some(BackstopParams {
                holder,
                threshold_bp,
                max_per_step,
                max_total,
                unwind_start,
                unwind_steps: unwind_steps as usize,
            })
        }
    };
    let issuance = match &s.issuance_response {
        None => None,
        Some(r) => Some(IssuanceParams {
            threshold_bp: c.num(
                "issuance_response.threshold_bp",
                r.threshold_bp.as_ref(),
                between(0.0, 5000.0),
            )?,
            bills_shift: c.num(
                "issuance_response.bills_shift",
                r.bills_shift.as_ref(),
                between(0.0, 1.0),
            )?,
        }),
    };
    let fx = match &s.fx {
        None => None,
        Some(f) => {
            let pair = f.pair.clone().unwrap_or_else(|| "usdjpy".into());
            if pair.is_empty() || !pair.chars().all(|ch| ch.is_ascii_lowercase()) {
                return Err(c.invalid(
                    "fx.pair",
                    format!("\"{pair}\" must be lower-case letters, such as \"usdjpy\""),
                ));
            }
            let who = f.holder.clone().unwrap_or_else(|| "japan".into());
            let holder = holder_index(c, s, Key::new("fx.holder"), &who)?;
            let half_life = c.num(
                "fx.half_life_days",
                f.half_life_days.as_ref(),
                above(0.0, 1e5),
            )?;
            Some(FxParams {
                pair,
                holder,
                start_level: c.num("fx.start_level", f.start_level.as_ref(), above(0.0, 1e6))?,
                pct_per_bn: c.num("fx.pct_per_bn", f.pct_per_bn.as_ref(), between(-10.0, 10.0))?,
                decay_per_step: 0.5f64.powf(dt * 252.0 / half_life),
            })
        }
    };
    Ok(Reactions {
        backstop,
        issuance,
        fx,
    })
}

/// Why `shape = "once"` and `steps` > 1 cannot go together.
fn once_with_steps(n: u64) -> String {
    format!(
        "{n} steps contradicts shape = \"once\", which sells everything at the first step; remove `steps`, or spread the sale with shape = \"even\", \"front_loaded\" or \"back_loaded\""
    )
}

/// The model's spread for a scenario shape (`optimal` is computed separately; even as a placeholder).
fn spread_of(shape: Shape) -> Spread {
    match shape {
        Shape::Even | Shape::Optimal => Spread::Even,
        Shape::FrontLoaded => Spread::FrontLoaded,
        Shape::BackLoaded => Spread::BackLoaded,
        Shape::Once => Spread::Once,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_names() {
        assert!(is_kebab("other-foreign"));
        assert!(is_kebab("uk"));
        assert!(!is_kebab("Japan"));
        assert!(!is_kebab("other_foreign"));
        assert!(!is_kebab("-x"));
        assert!(!is_kebab(""));
    }

    #[test]
    fn keys_format_and_compare_without_allocating() {
        let k = Key::named("holders.", "japan", ".sale.amounts_bn");
        assert_eq!(k.to_string(), "holders.japan.sale.amounts_bn");
        assert_eq!(k.at(12).to_string(), "holders.japan.sale.amounts_bn[12]");
        assert_eq!(Key::new("debt.gross_bn").to_string(), "debt.gross_bn");
        assert!(k.is("holders.japan.sale.amounts_bn"));
        assert!(k.at(12).is("holders.japan.sale.amounts_bn[12]"));
        assert!(!k.at(1).is("holders.japan.sale.amounts_bn[12]"));
        assert!(!k.at(12).is("holders.japan.sale.amounts_bn[1]"));
        assert!(!k.at(1).is("holders.japan.sale.amounts_bn"));
        assert!(!k.is("holders.japan.sale.amounts_bn[1]"));
        assert!(!k.is("holders.japan.sale"));
        assert!(!k.is("holders.japanese.sale.amounts_bn"));
        assert!(Key::new("curve.loadings").at(0).is("curve.loadings[0]"));
    }
}
