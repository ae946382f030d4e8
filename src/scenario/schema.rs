//! The scenario file format: what a TOML scenario may contain.
//!
//! Every field is optional here: a file states only what it changes, and the
//! loader fills the rest from the file it `extends` and from the built-in
//! defaults (the commented `scenarios/baseline.toml`, embedded in the binary).
//! After loading, every field that has a default is present; required fields
//! without a default (a holder's `holdings_bn`) are checked by validation.
//!
//! Units are in the field names: `_bn` is $ billions, `_pct` percent, `_bp`
//! basis points, `_years` and `_months` time.

use super::num::Num;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// A whole scenario, as written in a TOML file or resolved from its chain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name of a scenario (file stem in `scenarios/`) or a path whose values this one starts from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// One-line title shown by `selloff list` and on every chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the scenario tests and where its numbers come from (a paragraph).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Seed for every random draw (Monte Carlo, noise, triggers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Named calibration of demand elasticities: `low`, `central` or `high` impact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
    /// Time steps and horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<Time>,
    /// Market-wide parameters of clearing and derived figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<Market>,
    /// The baseline yield curve and each tenor's loading on the term premium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curve: Option<Curve>,
    /// The marketable debt, its maturity profile, deficits and issuance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debt: Option<Debt>,
    /// Holders of Treasuries by name (lower-case kebab form), in file order.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub holders: IndexMap<String, Holder>,
    /// An exogenous yield shock applied to the scenario run only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shock: Option<Shock>,
    /// A central-bank backstop that buys once the 10-year rise passes a threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backstop: Option<Backstop>,
    /// The Treasury shortening issuance when long yields spike.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuance_response: Option<IssuanceResponse>,
    /// An exchange-rate channel of a holder's sales (yen per dollar for Japan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fx: Option<Fx>,
}

/// The `low` calibration's multipliers (docs/MODEL.md §7): the smallest
/// ratio of published to central over the anchors (FEDS 2012-57, 0.53),
/// rounded down to a half, for the flow and the stock alike.
pub const LOW_IMPACT: Impact = Impact {
    flow: 0.5,
    stock: 0.5,
};
/// The `high` calibration's multipliers (docs/MODEL.md §7): the flow's is the
/// largest ratio over the stock studies (D'Amico & King, 2.31, rounded up to a half), which also
/// covers Ahmed & Rebucci's "over 100 bp on impact"; the stock's is Beltran
/// et al.'s long run over the central (20 ÷ 1.83 = 10.9), rounded up to a half.
pub const HIGH_IMPACT: Impact = Impact {
    flow: 2.5,
    stock: 11.0,
};

/// Multipliers of the price impact relative to the central calibration
/// (dimensionless): the flow premium is multiplied by `flow`, every
/// holder's elasticity divided by `stock` (so the stock effect × `stock`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Impact {
    /// Multiplier of the flow premium.
    pub flow: f64,
    /// Multiplier of the stock effect (every elasticity ÷ it).
    pub stock: f64,
}

impl Impact {
    /// The central calibration: both 1.
    pub const CENTRAL: Impact = Impact {
        flow: 1.0,
        stock: 1.0,
    };
}

/// Named calibrations of the price impact, the literature's range around the
/// fitted central one (docs/MODEL.md §7; FACTS.md: the literature spans more
/// than an order of magnitude).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Calibration {
    /// The smallest impacts of the literature: flow and stock × 0.5.
    Low,
    /// The fit across the anchors (calibration/anchors.toml).
    Central,
    /// The largest: flow × 2.5, stock × 11 (Beltran et al.'s long run).
    High,
}

impl Calibration {
    /// The calibration's flow and stock multipliers. `low` and `high` are the
    /// smallest and largest ratios of published to central over the anchors,
    /// rounded outward to a half, so the band brackets every one.
    pub fn impact(self) -> Impact {
        match self {
            Calibration::Low => LOW_IMPACT,
            Calibration::Central => Impact::CENTRAL,
            Calibration::High => HIGH_IMPACT,
        }
    }

    /// Name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Calibration::Low => "low",
            Calibration::Central => "central",
            Calibration::High => "high",
        }
    }
}

/// Length of one simulation step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepKind {
    /// A business day: 1/252 year; dates skip weekends.
    Day,
    /// A week: 1/52 year.
    Week,
    /// A month: 1/12 year.
    Month,
    /// A quarter: 1/4 year.
    Quarter,
}

impl StepKind {
    /// Steps per year.
    pub fn per_year(self) -> f64 {
        match self {
            StepKind::Day => 252.0,
            StepKind::Week => 52.0,
            StepKind::Month => 12.0,
            StepKind::Quarter => 4.0,
        }
    }

    /// Name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            StepKind::Day => "day",
            StepKind::Week => "week",
            StepKind::Month => "month",
            StepKind::Quarter => "quarter",
        }
    }
}

/// Time steps and horizon.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Time {
    /// Step length: `day`, `week`, `month` or `quarter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<StepKind>,
    /// Horizon in years; the number of steps follows from it unless `steps` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_years: Option<f64>,
    /// Number of steps (overrides `horizon_years`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<u64>,
    /// Date of step 0, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
}

/// Market-wide parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Market {
    /// Modified duration of the 10-year note (years): the unit of 10-year-equivalent dollars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ten_year_duration_years: Option<Num>,
    /// Multiplier on every holder's elasticity (dimensionless; on top of `calibration`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity_scale: Option<Num>,
    /// Duration of the reference foreign-official portfolio used for the implied bp per $100B (years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_duration_years: Option<Num>,
    /// Spread of the 30-year mortgage rate over the 10-year yield (bp), for the mortgage-rate proxy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mortgage_spread_bp: Option<Num>,
    /// Random yield noise shared by the scenario and its baseline (bp per √year; 0 = none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise_bp_per_sqrt_year: Option<Num>,
    /// Short-run (flow) impact: bp of 10-year term premium per $100B of
    /// 10-year-equivalent net flow in one step, before it decays (in the reference market).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_bp_per_100bn: Option<Num>,
    /// Time constant of the flow premium's decay (months); unset: the buyers'
    /// capacity-weighted mean `adjustment_months`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_decay_months: Option<Num>,
    /// Multiplier of every holder's long-run (stock) elasticity from the fit
    /// to the stock studies (dimensionless; on top of `elasticity_scale`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_elasticity_scale: Option<Num>,
    /// Whether the flow impact carries across markets per dollar or per share of the market.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_scaling: Option<SizeScaling>,
    /// Whether the stock impact carries across markets per dollar or per share of the market.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_scaling: Option<SizeScaling>,
    /// Marketable debt held by the public of the market the impact
    /// coefficients are stated in ($B): the unit a per-share scaling measures against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_market_bn: Option<Num>,
    /// Shape of the flow impact: `"linear"` (exponent 1) or `"concave"`
    /// (exponent 0.5, the square-root law).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<ImpactShape>,
    /// Exponent of the flow impact in the decaying net flow, in (0, 1]:
    /// overrides `impact` when set (dimensionless).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_exponent: Option<Num>,
    /// Whether buyers' capacity grows with the marketable debt along the path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_grows_with_debt: Option<bool>,
}

/// How an impact estimated in one market carries to a market of another size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeScaling {
    /// The same bp per dollar, whatever the market's size.
    PerDollar,
    /// The same bp per share of the market (marketable debt held by the public).
    PerShare,
}

impl SizeScaling {
    /// Name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            SizeScaling::PerDollar => "per_dollar",
            SizeScaling::PerShare => "per_share",
        }
    }
}

/// Named shapes of the flow impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImpactShape {
    /// Impact proportional to the decaying net flow (exponent 1).
    Linear,
    /// The square-root law of metaorder impact (exponent 0.5; Tóth et al. 2011).
    Concave,
}

impl ImpactShape {
    /// The exponent of the shape (dimensionless).
    pub fn exponent(self) -> f64 {
        match self {
            ImpactShape::Linear => 1.0,
            ImpactShape::Concave => 0.5,
        }
    }
}

/// The baseline yield curve.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curve {
    /// Tenors in increasing maturity, written like `3m`, `2y`, `10y`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenors: Option<Vec<String>>,
    /// Baseline yield of each tenor (percent), one per tenor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yields_pct: Option<Vec<Num>>,
    /// Each tenor's move per 1 bp of the 10-year term premium (1 at 10 years), one per tenor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loadings: Option<Vec<Num>>,
}

/// The federal debt.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Debt {
    /// Gross federal debt at the start ($B): the base of the rule of thumb.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross_bn: Option<Num>,
    /// Marketable debt held by the public at the start ($B): what rolls over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketable_bn: Option<Num>,
    /// Weighted average maturity of the marketable debt at the start (months).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wam_months: Option<Num>,
    /// Tenors the debt is issued at, like `3m` or `10y` (need not be curve tenors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenors: Option<Vec<String>>,
    /// Share of the starting stock at each debt tenor (fractions summing to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shares: Option<Vec<Num>>,
    /// Average coupon of the starting stock at each debt tenor (percent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coupons_pct: Option<Vec<Num>>,
    /// Share of new borrowing issued at each debt tenor (fractions summing to 1; default `shares`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuance_shares: Option<Vec<Num>>,
    /// Growth of marketable debt in the baseline (percent a year; CBO's path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth_pct_per_year: Option<Num>,
    /// Whether extra interest is itself borrowed (raising debt and issuance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_feedback: Option<bool>,
}

/// A holder of Treasuries: a buyer whose demand responds to yields, and optionally a seller.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    /// Name shown in charts and the report (default: the key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Holdings at the start ($B, market value). Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holdings_bn: Option<Num>,
    /// Modified duration of the holder's portfolio (years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_years: Option<Num>,
    /// Long-run demand: percent of its (10-year-equivalent) holdings it adds per 100 bp rise of the term premium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elasticity_pct_per_100bp: Option<Num>,
    /// Time constant of moving toward that target (months): slow-moving capital.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment_months: Option<Num>,
    /// What the holder sells, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sale: Option<Sale>,
    /// Contagion: a sale the holder starts once a condition is met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    /// A purchase programme (quantitative easing), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase: Option<Purchase>,
}

/// A purchase programme: `total_bn` bought evenly over `steps` steps from
/// `start`, price-insensitively (what a central bank's QE does).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purchase {
    /// Total bought over the window ($B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_bn: Option<Num>,
    /// First step of the programme (1 = the first step after the start date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// Number of steps the total is spread over, evenly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<u64>,
}

/// Contagion: once the 10-year has risen `d_10y_bp` above its baseline, or a
/// named holder has sold `after_sold_bn`, the holder sells `share` of its
/// holdings over `steps` steps, with a probability.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// Rise of the 10-year yield above the baseline that sets the sale off (bp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub d_10y_bp: Option<Num>,
    /// Name of a holder whose cumulative sales set the sale off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_holder: Option<String>,
    /// Cumulative sales of `after_holder` that set the sale off ($B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_sold_bn: Option<Num>,
    /// Share of its holdings at that moment the holder sells (0..1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Num>,
    /// Steps the sale is spread over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<u64>,
    /// How the sale is spread (`even`, `front_loaded`, `back_loaded`, `once`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
    /// Probability that the holder reacts at all (0..1). The deterministic
    /// run sells probability × share (the expected sale); Monte Carlo draws it per path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<Num>,
}

/// A central-bank backstop (the Fed in March 2020, the Bank of England in 2022).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backstop {
    /// The holder that buys (default `fed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// Rise of the 10-year above the baseline at which it starts buying (bp);
    /// it then buys what holds the rise at this level, within its limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_bp: Option<Num>,
    /// Most it buys in one step ($B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_per_step_bn: Option<Num>,
    /// Most it buys in all ($B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_total_bn: Option<Num>,
    /// Step at which it starts selling its purchases back (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unwind_start_step: Option<u64>,
    /// Steps over which it sells them back, evenly (default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unwind_steps: Option<u64>,
}

/// The Treasury's issuance response: when the 10-year has risen past a
/// threshold, a share of coupon issuance (refinancing and new borrowing) is
/// issued as bills instead.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuanceResponse {
    /// Rise of the 10-year above the baseline that sets it off (bp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_bp: Option<Num>,
    /// Share of coupon issuance moved to bills while it is on (0..1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bills_shift: Option<Num>,
}

/// An exchange-rate channel: a holder sells dollars to buy its currency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fx {
    /// Currency pair, lower case (`usdjpy`): names the `fx_<pair>` columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pair: Option<String>,
    /// The holder whose sales fund the intervention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// Level at the start (units of foreign currency per dollar).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_level: Option<Num>,
    /// Percent change of the rate per $B sold (negative: the dollar falls).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pct_per_bn: Option<Num>,
    /// Half-life of the effect (business days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_life_days: Option<Num>,
}

/// Shape of a sale spread over a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// Equal amounts each step.
    Even,
    /// Linearly declining amounts: most at the start.
    FrontLoaded,
    /// Linearly rising amounts: most at the end.
    BackLoaded,
    /// Everything at the first step of the window.
    Once,
    /// The schedule that minimises expected selling cost + risk aversion × its variance.
    Optimal,
}

impl Shape {
    /// Name as written in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Even => "even",
            Shape::FrontLoaded => "front_loaded",
            Shape::BackLoaded => "back_loaded",
            Shape::Once => "once",
            Shape::Optimal => "optimal",
        }
    }
}

/// A sale schedule: a total over a window with a shape, or explicit amounts per step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sale {
    /// Total sold over the window ($B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_bn: Option<Num>,
    /// Explicit amounts sold at successive steps from `start` ($B each).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amounts_bn: Option<Vec<Num>>,
    /// First step of the sale (1 = the first step after the start date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// Number of steps the total is spread over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<u64>,
    /// How the total is spread: `even`, `front_loaded`, `back_loaded`, `once` or `optimal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Shape>,
    /// With `shape = "optimal"`: weight of the variance of the selling cost
    /// against its expected value (per $B; 0 = minimise the expected cost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_aversion: Option<Num>,
}

/// An exogenous yield shock on the scenario run (not on its baseline).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shock {
    /// Shift of every tenor (bp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallel_bp: Option<Num>,
    /// Extra shift of named tenors (bp), added to `parallel_bp`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tenor_bp: IndexMap<String, Num>,
    /// First step the shock applies (1 = first step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_step: Option<u64>,
    /// Last step the shock applies (default: to the end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_step: Option<u64>,
}
