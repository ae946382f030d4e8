//! The reactions (docs/MODEL.md, "Policy reactions" and "Contagion"), each
//! a small step struct: the Treasury's issuance response and the yen
//! channel, stepped by the engine around the market's clearing; the Fed
//! backstop and the contagion triggers, stepped by the market inside it
//! ([`super::market::MarketState::clear`]). Each starts empty (or is
//! reset) at the start of a run.

use super::debt::{Ledger, par_duration};
use super::params::{BackstopParams, FxParams, Params};
use super::schedule::spread;

/// The Treasury's issuance response along one run: once the 10-year has
/// risen past a threshold, a share of what would have been issued (and
/// refinanced) in longer tenors is issued as bills instead.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssuanceResponse {
    /// Each debt tenor's duration (years); empty when the scenario has no response.
    durations: Vec<f64>,
    /// Index of the shortest debt tenor (the bills).
    bills: usize,
    /// This step's issuance shares with the shift applied (0..1 by debt tenor).
    shares: Vec<f64>,
}

/// What the issuance response decides at one step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IssuanceStep {
    /// Share of longer-tenor issuance and refinancing moved into bills (0..1; 0: off).
    pub shift: f64,
    /// Duration withheld from the market this step by that shift (10y-eq $B).
    pub withheld_eq: f64,
}

impl IssuanceResponse {
    /// Makes this the response of `p` at the start of a run, reusing its memory.
    pub fn reset(&mut self, p: &Params) {
        let years = &p.debt.tenor_years;
        self.bills = years
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map_or(0, |(k, _)| k);
        self.durations.clear();
        // Only the response reads durations (each an `exp`). Par-bond
        // durations at 4% are scaled so the 10-year's is the market's own
        // (8.0, not 8.24): one 10-year duration throughout (issue 15, item 7).
        if p.issuance.is_some() {
            let scale = p.market.ten_year_duration / par_duration(10.0);
            self.durations
                .extend(years.iter().map(|y| par_duration(*y) * scale));
        }
    }

    /// Index of the shortest debt tenor (the bills).
    pub fn bills(&self) -> usize {
        self.bills
    }

    /// Step `t`'s decision, on the previous step's 10-year change `prev_d10_bp`
    /// (bp): the shift, and the duration it withholds from what `ledger` has
    /// maturing plus new borrowing `borrowing` ($B) issued in `p`'s mix.
    pub fn step(
        &self,
        p: &Params,
        t: usize,
        prev_d10_bp: f64,
        ledger: &Ledger,
        borrowing: f64,
    ) -> IssuanceStep {
        let shift = match &p.issuance {
            Some(r) if prev_d10_bp >= r.threshold_bp => r.bills_shift,
            _ => 0.0,
        };
        let mut withheld_eq = 0.0;
        if shift > 0.0 {
            let maturing = ledger.maturing(t);
            let bills = self.bills;
            for (k, d) in self.durations.iter().enumerate() {
                if k != bills {
                    let face = maturing[k] + borrowing * p.debt.issuance_shares[k];
                    withheld_eq +=
                        shift * face * (d - self.durations[bills]) / p.market.ten_year_duration;
                }
            }
        }
        IssuanceStep { shift, withheld_eq }
    }

    /// The issuance shares of a step with `shift` (0..1 by debt tenor): `p`'s
    /// own when the shift is 0, else the bills' share raised by the shift.
    pub fn shares<'a>(&'a mut self, p: &'a Params, shift: f64) -> &'a [f64] {
        if shift == 0.0 {
            return &p.debt.issuance_shares;
        }
        let bills = self.bills;
        self.shares.clear();
        self.shares
            .extend(p.debt.issuance_shares.iter().enumerate().map(|(k, own)| {
                if k == bills {
                    own + shift * (1.0 - own)
                } else {
                    own * (1.0 - shift)
                }
            }));
        &self.shares
    }
}

/// The exchange rate of the seller's currency along one run (the yen
/// channel): each dollar sold moves it by `pct_per_bn`, an effect that
/// decays by `decay_per_step` each step. It starts at `start_level`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FxChannel {
    /// The accumulated effect on the rate (percent of its start level).
    effect_pct: f64,
}

impl FxChannel {
    /// The rate after a step in which the channel's holder sold `sold_bn` ($B),
    /// never below 1% of its start level (foreign currency per dollar).
    pub fn step(&mut self, fx: &FxParams, sold_bn: f64) -> f64 {
        self.effect_pct = self.effect_pct * fx.decay_per_step + fx.pct_per_bn * sold_bn;
        fx.start_level * (1.0 + self.effect_pct / 100.0).max(0.01)
    }
}

/// The Fed backstop's book along one run: it buys what holds the 10-year
/// rise at its threshold, within its limits per step and in all, and sells
/// back evenly over its unwind window.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Backstop {
    /// What it holds of its purchases (10y-eq $B).
    pub held_eq: f64,
    /// What it has bought in all ($B): the amount its total limit applies to.
    pub bought_bn: f64,
}

impl Backstop {
    /// Step `t` inside `b`'s unwind window: the 10y-eq amount it sells back
    /// (10y-eq $B; 0 once it holds nothing or the window is over), or `None`
    /// before the window, when it may buy.
    pub fn unwind(&mut self, b: &BackstopParams, t: usize) -> Option<f64> {
        let start = b.unwind_start.filter(|s| t >= *s)?;
        if t >= start + b.unwind_steps || self.held_eq <= 0.0 {
            return Some(0.0);
        }
        let left_steps = (start + b.unwind_steps - t) as f64;
        let sell_eq = self.held_eq / left_steps;
        self.held_eq -= sell_eq;
        Some(sell_eq)
    }

    /// What it buys (10y-eq $B) of the `need_eq` (10y-eq $B) that would
    /// hold the 10-year at its threshold: as much as its room per step and
    /// in all allows, at `per_eq` dollars per 10y-eq dollar.
    pub fn buy(&mut self, b: &BackstopParams, need_eq: f64, per_eq: f64) -> f64 {
        let room_bn = b.max_per_step.min(b.max_total - self.bought_bn).max(0.0);
        let buy_eq = need_eq.min(room_bn / per_eq);
        self.held_eq += buy_eq;
        self.bought_bn += buy_eq * per_eq;
        buy_eq
    }
}

/// The contagion triggers along one run: a holder whose trigger fires sells
/// a share of what it holds then, spread over the trigger's steps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Triggers {
    /// Step at which each holder's trigger fired, if it has.
    pub fired_at: Vec<Option<usize>>,
    /// The sales a fired trigger set off, by holder and step ($B; empty until it fires).
    sales: Vec<Vec<f64>>,
    /// Whether any holder has a trigger that can fire.
    any: bool,
}

impl Triggers {
    /// Makes these the unfired triggers of `p`'s holders, reusing their memory.
    pub fn reset(&mut self, p: &Params) {
        let n = p.holders.len();
        self.fired_at.clear();
        self.fired_at.resize(n, None);
        self.sales.resize_with(n, Vec::new);
        for s in &mut self.sales {
            s.clear();
        }
        let can_fire =
            |h: &super::params::HolderParams| h.trigger.as_ref().is_some_and(|t| t.weight > 0.0);
        self.any = p.holders.iter().any(can_fire);
    }

    /// Whether any holder has a trigger that can fire.
    pub fn any(&self) -> bool {
        self.any
    }

    /// The sale holder `i`'s fired trigger sets off at step `t` ($B; 0 if none).
    #[inline]
    pub fn sale(&self, i: usize, t: usize) -> f64 {
        self.sales[i].get(t).copied().unwrap_or(0.0)
    }

    /// Fires at step `t` the triggers whose condition held at the end of
    /// step `t − 1`: the 10-year's rise `prev_d10_bp` (bp) or another
    /// holder's cumulative sales `sold` ($B by holder); `holding(i)` is what
    /// holder `i` holds now ($B).
    pub fn fire(
        &mut self,
        p: &Params,
        t: usize,
        prev_d10_bp: f64,
        sold: &[f64],
        holding: impl Fn(usize) -> f64,
    ) {
        for (i, h) in p.holders.iter().enumerate() {
            let Some(tr) = &h.trigger else { continue };
            if self.fired_at[i].is_some() || tr.weight <= 0.0 || t < 2 {
                continue;
            }
            let by_yield = tr.d10_bp.is_some_and(|x| prev_d10_bp >= x);
            let by_sales = tr.after.is_some_and(|(j, amount)| sold[j] >= amount);
            if by_yield || by_sales {
                self.fired_at[i] = Some(t - 1);
                let amount = tr.share * tr.weight * holding(i).max(0.0);
                let sched = &mut self.sales[i];
                sched.clear();
                sched.resize(p.steps + 1, 0.0);
                for (j, a) in spread(amount, tr.steps, tr.spread).into_iter().enumerate() {
                    if let Some(slot) = sched.get_mut(t + j) {
                        *slot = a;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yen_effect_decays_and_is_floored() {
        let fx = FxParams {
            pair: "USDJPY".into(),
            holder: 0,
            start_level: 150.0,
            pct_per_bn: -0.1,
            decay_per_step: 0.5,
        };
        let mut c = FxChannel::default();
        // 100 $B sold: −10%.
        assert!((c.step(&fx, 100.0) - 135.0).abs() < 1e-12);
        // Half of it left a step later.
        assert!((c.step(&fx, 0.0) - 142.5).abs() < 1e-12);
        // A sale that would take the rate below 1% of its start is floored there.
        assert!((c.step(&fx, 1e6) - 1.5).abs() < 1e-12);
    }

    #[test]
    fn the_shift_moves_issuance_into_bills_and_keeps_the_total() {
        let mut p = super::super::market::tests::toy(&[]);
        p.debt.tenor_years = vec![0.25, 10.0];
        p.debt.issuance_shares = vec![0.25, 0.75];
        let mut r = IssuanceResponse::default();
        r.reset(&p);
        assert_eq!(r.bills(), 0);
        assert_eq!(r.shares(&p, 0.0), &[0.25, 0.75]);
        let s = r.shares(&p, 0.4).to_vec();
        assert!((s[0] - (0.25 + 0.4 * 0.75)).abs() < 1e-15);
        assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }
}
