//! The impact calibration of a scenario (docs/MODEL.md §3 and §7): the flow
//! premium and the stock elasticities, scaled from the reference market to
//! the scenario's own by the chosen size scaling (per dollar or per share of
//! the market), and the named calibration's multiplier.
//!
//! It is settled in two stages: the `[market]` keys are read in file order
//! with the rest of `[market]` ([`read`]), and applied once the debt's
//! starting size is known ([`Setting::apply`]).

use super::{Ctx, above, between};
use crate::model::params::FlowParams;
use crate::model::{HolderParams, Params};
use crate::scenario::ScenarioError;
use crate::scenario::schema::{Calibration, Market, SizeScaling};

/// The `[market]` impact keys, read and checked, waiting for the debt's size.
#[derive(Debug, Clone, Copy)]
pub(super) struct Setting {
    /// Flow impact (bp per $100B of 10y-eq net flow in the reference market).
    flow_bp_per_100bn: f64,
    /// Decay time of the flow premium (months), if set.
    decay_months: Option<f64>,
    /// Exponent of the flow impact, in (0, 1].
    exponent: f64,
    /// How the flow impact carries across markets.
    flow_scaling: SizeScaling,
    /// How the stock impact carries across markets.
    stock_scaling: SizeScaling,
    /// Marketable debt of the reference market ($B).
    reference_market_bn: f64,
    /// The flow premium's multiplier: the named calibration's flow multiplier ÷ `elasticity_scale`.
    flow_multiplier: f64,
}

/// Reads the impact keys of `m` (after the rest of `[market]`, in file
/// order); `elasticity_scale` is the market's, `calibration` the scenario's.
/// Returns the setting and the factor every holder's elasticity is scaled
/// by before the market's size is known.
pub(super) fn read(
    c: &mut Ctx,
    m: &Market,
    elasticity_scale: f64,
    calibration: Calibration,
) -> Result<(Setting, f64), ScenarioError> {
    let flow_bp_per_100bn = c.num(
        "market.flow_bp_per_100bn",
        m.flow_bp_per_100bn.as_ref(),
        between(0.0, 10_000.0),
    )?;
    let decay_months = match m.flow_decay_months.as_ref() {
        Some(n) => Some(c.num("market.flow_decay_months", Some(n), above(0.0, 1200.0))?),
        None => None,
    };
    let stock_scale = c.num(
        "market.stock_elasticity_scale",
        m.stock_elasticity_scale.as_ref(),
        above(0.0, 1.0e6),
    )?;
    let reference_market_bn = c.num(
        "market.reference_market_bn",
        m.reference_market_bn.as_ref(),
        above(0.0, 1e7),
    )?;
    let exponent = match m.impact_exponent.as_ref() {
        Some(n) => c.num("market.impact_exponent", Some(n), above(0.0, 1.0))?,
        None => m.impact.map_or(1.0, |s| s.exponent()),
    };
    let impact = calibration.impact();
    let setting = Setting {
        flow_bp_per_100bn,
        decay_months,
        exponent,
        flow_scaling: m.flow_scaling.unwrap_or(SizeScaling::PerDollar),
        stock_scaling: m.stock_scaling.unwrap_or(SizeScaling::PerDollar),
        reference_market_bn,
        flow_multiplier: impact.flow / elasticity_scale,
    };
    Ok((setting, elasticity_scale * stock_scale / impact.stock))
}

impl Setting {
    /// Settles the impact of `p`, whose debt and holders are built: scales
    /// every holder's elasticity to the market's size (per dollar: as if the
    /// market were the reference market, with its own mix of holders; per
    /// share: as its holdings say) and sets the flow premium.
    pub(super) fn apply(&self, p: &mut Params) {
        let size = self.reference_market_bn / p.debt.marketable;
        if self.stock_scaling == SizeScaling::PerDollar {
            for h in &mut p.holders {
                h.elasticity_per_bp *= size;
            }
        }
        let per_share = match self.flow_scaling {
            SizeScaling::PerDollar => 1.0,
            SizeScaling::PerShare => size,
        };
        let decay_years = match self.decay_months {
            Some(m) => m / 12.0,
            None => mean_adjustment_years(&p.holders, p.market.ten_year_duration),
        };
        p.market.flow = FlowParams {
            bp_per_eq_bn: self.flow_bp_per_100bn / 100.0 * self.flow_multiplier * per_share,
            decay_years,
            exponent: self.exponent,
        };
    }
}

/// The buyers' mean adjustment time weighted by their long-run capacity
/// `H_i·(D_i/D_10)·e_i` (years): how long the flow takes to reach the
/// buyers who carry the stock. One year when no holder buys.
pub fn mean_adjustment_years(holders: &[HolderParams], d10: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for h in holders {
        let w = h.holdings * h.duration / d10 * h.elasticity_per_bp;
        if w > 0.0 {
            num += w * h.adjustment_years;
            den += w;
        }
    }
    if den > 0.0 && num > 0.0 {
        num / den
    } else {
        1.0
    }
}
