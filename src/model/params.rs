//! Validated model parameters: plain numbers in model units, nothing optional.

/// Everything one simulated path needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Number of steps after step 0.
    pub steps: usize,
    /// Length of one step (years).
    pub dt: f64,
    /// Steps per year (1/dt), for yearly aggregates.
    pub steps_per_year: f64,
    /// The yield curve.
    pub curve: CurveParams,
    /// Market-wide parameters.
    pub market: MarketParams,
    /// Holders in scenario order.
    pub holders: Vec<HolderParams>,
    /// The debt and its financing.
    pub debt: DebtParams,
    /// The exogenous shock on the scenario run.
    pub shock: ShockParams,
    /// A central-bank backstop, if any.
    pub backstop: Option<BackstopParams>,
    /// The Treasury's issuance response, if any.
    pub issuance: Option<IssuanceParams>,
    /// An exchange-rate channel, if any.
    pub fx: Option<FxParams>,
    /// Purchase programmes, in holder order (empty when none).
    pub purchases: Vec<PurchaseParams>,
}

/// A holder's purchase programme: price-insensitive purchases on a schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct PurchaseParams {
    /// Index of the buying holder.
    pub holder: usize,
    /// Bought at each step ($B), indexed by step (index 0 unused, length steps + 1).
    pub amounts: Vec<f64>,
}

impl Params {
    /// The label of the holder named `name`, or the name itself when there is none.
    pub fn holder_label<'a>(&'a self, name: &'a str) -> &'a str {
        self.holders
            .iter()
            .find(|h| h.name == name)
            .map_or(name, |h| h.label.as_str())
    }

    /// Index of the 10-year tenor on the curve (validation guarantees there is one).
    pub fn ten_year_index(&self) -> usize {
        self.curve
            .tenor_years
            .iter()
            .position(|y| (*y - 10.0).abs() < 1e-9)
            .unwrap_or(self.curve.tenor_years.len() - 1)
    }

    /// Buyers' capacity at step `t` relative to the start (dimensionless):
    /// the baseline's marketable debt at the end of step `t − 1` over its
    /// start, `(1 + growth per step)^(t−1)`, when capacity grows with the
    /// debt; else 1. Every term-premium change of a run without a backstop
    /// is its no-growth value divided by this (docs/MODEL.md §3).
    /// Computed by the same repeated multiplication as a path's
    /// [`Params::capacity_growth`], so the two agree to the bit.
    pub fn capacity_at(&self, t: usize) -> f64 {
        let growth = self.capacity_growth();
        (1..t).fold(1.0, |c, _| c * growth)
    }

    /// The buyers' capacity's growth per step (1 + the debt's growth per step
    /// when capacity grows with the debt, else 1): a path multiplies its
    /// capacity by it from step 2 on.
    #[inline]
    pub fn capacity_growth(&self) -> f64 {
        if self.market.capacity_grows_with_debt {
            1.0 + self.debt.growth_per_step
        } else {
            1.0
        }
    }

    /// Standard deviation of the shared yield noise over one step (bp):
    /// `noise_bp_per_sqrt_year × √dt`; 0 when the yields have no noise.
    pub fn noise_sd_bp_per_step(&self) -> f64 {
        self.market.noise_bp_per_sqrt_year * self.dt.sqrt()
    }
}

/// Contagion: a sale set off by the 10-year's rise or another holder's sales.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerParams {
    /// 10-year rise above the baseline that sets it off (bp).
    pub d10_bp: Option<f64>,
    /// (holder index, cumulative $B sold) that sets it off.
    pub after: Option<(usize, f64)>,
    /// Share of holdings at that moment to sell (0..1].
    pub share: f64,
    /// Steps the sale is spread over.
    pub steps: usize,
    /// Shape of the spread.
    pub spread: crate::model::schedule::Spread,
    /// Scale of the sale once set off: the probability in the deterministic
    /// run (the expected sale), 0 or 1 in a Monte Carlo path.
    pub weight: f64,
}

/// A central-bank backstop.
#[derive(Debug, Clone, PartialEq)]
pub struct BackstopParams {
    /// Index of the buying holder.
    pub holder: usize,
    /// 10-year rise it holds the market to (bp).
    pub threshold_bp: f64,
    /// Most it buys per step ($B).
    pub max_per_step: f64,
    /// Most it buys in all ($B).
    pub max_total: f64,
    /// Step at which it starts selling back, if ever.
    pub unwind_start: Option<usize>,
    /// Steps over which it sells back.
    pub unwind_steps: usize,
}

/// The Treasury's issuance response.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuanceParams {
    /// 10-year rise above the baseline that sets it off (bp).
    pub threshold_bp: f64,
    /// Share of coupon issuance moved to bills while on (0..1).
    pub bills_shift: f64,
}

/// An exchange-rate channel of a holder's sales.
#[derive(Debug, Clone, PartialEq)]
pub struct FxParams {
    /// Pair name (`usdjpy`).
    pub pair: String,
    /// Index of the holder whose sales move it.
    pub holder: usize,
    /// Level at the start.
    pub start_level: f64,
    /// Percent change per $B sold.
    pub pct_per_bn: f64,
    /// Share of the effect left after one step (0..1).
    pub decay_per_step: f64,
}

/// The baseline curve and its loadings.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveParams {
    /// Tenor labels as written in the scenario (`3m`, `10y`, …).
    pub tenors: Vec<String>,
    /// Tenor lengths (years), strictly increasing.
    pub tenor_years: Vec<f64>,
    /// Baseline yields (percent).
    pub base_pct: Vec<f64>,
    /// Move of each tenor per 1 bp of the 10-year term premium (dimensionless).
    pub loadings: Vec<f64>,
}

/// Market-wide parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketParams {
    /// Modified duration of the 10-year note (years).
    pub ten_year_duration: f64,
    /// Duration of the reference foreign-official portfolio (years), for implied impacts.
    pub reference_duration: f64,
    /// Mortgage-rate spread over the 10-year yield (bp).
    pub mortgage_spread_bp: f64,
    /// Yield noise shared by scenario and baseline (bp per √year).
    pub noise_bp_per_sqrt_year: f64,
    /// The short-run (flow) premium (docs/MODEL.md §3).
    pub flow: FlowParams,
    /// Whether buyers' capacity grows with the marketable debt along the path.
    pub capacity_grows_with_debt: bool,
    /// The named calibration's flow multiplier these parameters carry (1: central).
    pub flow_multiplier: f64,
    /// The named calibration's stock multiplier these parameters carry (1: central).
    pub stock_multiplier: f64,
}

/// The flow premium: a transient term-premium change from the net flow in
/// 10-year equivalents, decaying as buyers arrive (docs/MODEL.md §3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowParams {
    /// Impact of a decaying net flow of 1 10y-eq $B (bp per 10y-eq $B), in
    /// this market (its calibration, scaling and `elasticity_scale` applied); 0: no flow premium.
    pub bp_per_eq_bn: f64,
    /// Time constant of its decay (years, > 0).
    pub decay_years: f64,
    /// Exponent of the impact in the decaying flow (1 linear, 0.5 square root; in (0, 1]).
    pub exponent: f64,
}

impl FlowParams {
    /// The decaying flow (10y-eq $B) at which the concave and linear impacts
    /// agree: the size of the calibrating flow, $100B of 10y-eq.
    pub const REFERENCE_EQ_BN: f64 = 100.0;

    /// No flow premium.
    pub fn none() -> FlowParams {
        FlowParams {
            bp_per_eq_bn: 0.0,
            decay_years: 1.0,
            exponent: 1.0,
        }
    }

    /// The flow premium (bp) of a decaying net flow `j` (10y-eq $B):
    /// `k·j` when linear, else `k·R·sign(j)·(|j|/R)^β` with R = [`FlowParams::REFERENCE_EQ_BN`].
    #[inline]
    pub fn premium_bp(&self, j: f64) -> f64 {
        if self.exponent == 1.0 {
            self.bp_per_eq_bn * j
        } else {
            let r = Self::REFERENCE_EQ_BN;
            self.bp_per_eq_bn * r * j.signum() * (j.abs() / r).powf(self.exponent)
        }
    }
}

/// One holder: a price-sensitive buyer and possibly a seller.
#[derive(Debug, Clone, PartialEq)]
pub struct HolderParams {
    /// Lower-case kebab name, used in column names.
    pub name: String,
    /// Label for charts and reports.
    pub label: String,
    /// Holdings at the start ($B).
    pub holdings: f64,
    /// Modified duration of its portfolio (years).
    pub duration: f64,
    /// Long-run demand: fraction of its 10-year-equivalent holdings added per 1 bp of term premium.
    pub elasticity_per_bp: f64,
    /// Time constant of its move toward its target (years).
    pub adjustment_years: f64,
    /// Fraction of the gap to its target it closes in one step (0..1]: 1 − exp(−dt / adjustment_years).
    pub adjust_per_step: f64,
    /// Scheduled sale at each step ($B), indexed by step (index 0 unused, length steps + 1).
    pub sales: Vec<f64>,
    /// Contagion trigger, if any.
    pub trigger: Option<TriggerParams>,
}

impl HolderParams {
    /// True when the holder has any scheduled sale or a trigger that may make it sell.
    pub fn is_seller(&self) -> bool {
        self.trigger.as_ref().is_some_and(|t| t.weight > 0.0) || any_positive(&self.sales)
    }
}

/// Whether any of `xs` is > 0 (NaN is not), by a scan the compiler turns
/// into packed maxima: it runs for every holder of every Monte Carlo path.
///
/// Exact: each lane keeps the largest value it has seen that is > 0.0 (or
/// 0.0), so it ends > 0 exactly when one of its values was.
fn any_positive(xs: &[f64]) -> bool {
    const LANES: usize = 4;
    let mut chunks = xs.chunks_exact(LANES);
    let mut top = [0.0f64; LANES];
    for c in &mut chunks {
        for (m, x) in top.iter_mut().zip(c) {
            *m = if *x > *m { *x } else { *m };
        }
    }
    top.iter().chain(chunks.remainder()).any(|x| *x > 0.0)
}

#[cfg(test)]
mod tests {
    use super::any_positive;

    #[test]
    fn any_positive_is_any_value_above_zero() {
        let specials = [0.0, -0.0, -1.0, f64::NAN, f64::NEG_INFINITY, 1e-300, 2.5];
        // Every length up to 11 (chunks and remainders), every special value at every place.
        for n in 0..12 {
            for &fill in &specials[..5] {
                for at in 0..n.max(1) {
                    for &x in &specials {
                        let mut v = vec![fill; n];
                        if n > 0 {
                            v[at] = x;
                        }
                        let want = v.iter().any(|s| *s > 0.0);
                        assert_eq!(any_positive(&v), want, "{v:?}");
                    }
                }
            }
        }
    }
}

/// The marketable debt and its financing.
#[derive(Debug, Clone, PartialEq)]
pub struct DebtParams {
    /// Gross federal debt at the start ($B): base of the rule of thumb.
    pub gross: f64,
    /// Marketable debt held by the public at the start ($B).
    pub marketable: f64,
    /// Target weighted average maturity of the starting ledger (months).
    pub wam_months: f64,
    /// Debt tenor labels.
    pub tenors: Vec<String>,
    /// Debt tenor lengths (years).
    pub tenor_years: Vec<f64>,
    /// Debt tenor lengths in whole steps (at least 1).
    pub maturity_steps: Vec<usize>,
    /// Shares of the starting stock by tenor (sum 1).
    pub shares: Vec<f64>,
    /// Average coupon of the starting stock by tenor (percent).
    pub coupons_pct: Vec<f64>,
    /// Shares of new borrowing by tenor (sum 1).
    pub issuance_shares: Vec<f64>,
    /// Baseline debt growth per step (fraction).
    pub growth_per_step: f64,
    /// Whether extra interest is borrowed.
    pub fiscal_feedback: bool,
}

/// Exogenous shock on the scenario run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShockParams {
    /// Shift by curve tenor (bp); empty when there is no shock.
    pub tenor_bp: Vec<f64>,
    /// First step it applies.
    pub from_step: usize,
    /// Last step it applies.
    pub until_step: usize,
}

impl ShockParams {
    /// Whether the shock applies at step `t`.
    #[inline]
    pub fn applies(&self, t: usize) -> bool {
        !self.tenor_bp.is_empty() && t >= self.from_step && t <= self.until_step
    }

    /// The shift of tenor `k` at step `t` (bp).
    pub fn at(&self, t: usize, k: usize) -> f64 {
        if self.applies(t) {
            self.tenor_bp[k]
        } else {
            0.0
        }
    }
}
