//! The policy reactions that live outside the market's clearing, each a small
//! step struct: the Treasury's issuance response and the yen channel
//! (docs/MODEL.md, "Policy reactions"). The Fed backstop and the contagion
//! triggers act inside the clearing and live in [`super::market`].
//!
//! Each is reset at the start of a run and stepped once per step by the
//! engine, in the order of MODEL.md.

use super::debt::{Ledger, par_duration};
use super::params::{FxParams, Params};

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
        // Only the response reads durations (each an `exp`).
        if p.issuance.is_some() {
            self.durations
                .extend(years.iter().map(|y| par_duration(*y)));
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
