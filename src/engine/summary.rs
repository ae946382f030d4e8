//! The summary figures of a path, accumulated step by step (no per-step memory).
//!
//! Definitions follow the interface contract in BRIEF.md:
//! - `peak_d_yield_bp`: the change against the baseline of largest magnitude,
//!   with its sign; `peak_step` where it first happens; `end_d_yield_bp` at the last step.
//! - `d_interest_first_year_bn`: extra interest *paid* over the first twelve
//!   months (Σ annual rate × dt); `_10y_` over ten years (or the horizon);
//!   `d_interest_cumulative_bn` over the horizon.
//! - `rule_of_thumb_annual_bn`: gross debt at the start × the peak 10-year change (pp).
//! - `absorbed_by`: each holder's net purchases ($B; negative for a net seller).
//! - `seller_mtm_loss_bn`: worst-step mark-to-market loss on what the seller
//!   still holds, plus the realised cost of its own sales at depressed prices.

use super::path::{Observer, PathStep};
use crate::model::Params;
use crate::model::curve::Interp;
use indexmap::IndexMap;
use serde::Serialize;

/// Index of the 10-year tenor on the curve (validation guarantees one).
pub fn ten_year_index(p: &Params) -> usize {
    p.curve
        .tenor_years
        .iter()
        .position(|y| (*y - 10.0).abs() < 1e-9)
        .unwrap_or(p.curve.tenor_years.len() - 1)
}

/// The summary figures of one path ($B, bp, steps).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// Largest change against the baseline by tenor, with its sign (bp).
    pub peak_d_yield_bp: IndexMap<String, f64>,
    /// Step of that peak by tenor.
    pub peak_step: IndexMap<String, usize>,
    /// Change at the last step by tenor (bp).
    pub end_d_yield_bp: IndexMap<String, f64>,
    /// Extra interest paid in the first twelve months ($B).
    pub d_interest_first_year_bn: f64,
    /// Extra interest paid over the horizon ($B).
    pub d_interest_cumulative_bn: f64,
    /// Extra interest paid over the first ten years or the horizon ($B).
    pub d_interest_10y_cumulative_bn: f64,
    /// Extra interest paid in each year of the horizon ($B; the last may be partial).
    pub d_interest_by_year_bn: Vec<f64>,
    /// Extra annual interest at the last step ($B a year).
    pub d_interest_annual_end_bn: f64,
    /// Gross debt × peak 10-year change in percentage points ($B a year).
    pub rule_of_thumb_annual_bn: f64,
    /// Everything all sellers sold ($B).
    pub total_sold_bn: f64,
    /// Net purchases by holder over the horizon ($B).
    pub absorbed_by: IndexMap<String, f64>,
    /// Worst mark-to-market loss plus realised selling cost, by seller ($B).
    pub seller_mtm_loss_bn: IndexMap<String, f64>,
    /// Realised cost of each seller's own sales ($B).
    pub seller_realised_cost_bn: IndexMap<String, f64>,
    /// Scenario marketable debt at the end ($B).
    pub debt_end_bn: f64,
    /// Baseline marketable debt at the end ($B).
    pub base_debt_end_bn: f64,
    /// Reactions, when the scenario has any.
    #[serde(flatten)]
    pub reactions: Reactions,
}

/// Figures of the reactions a scenario uses (empty maps and `None` when it uses none).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reactions {
    /// Step at which each holder with a contagion trigger fired (null: never).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub trigger_fired_step: IndexMap<String, Option<usize>>,
    /// What the backstop bought in all ($B).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backstop_bought_bn: Option<f64>,
    /// Share of the scenario's debt repricing within a year at the end (0..1).
    pub share_repricing_1y_end: f64,
    /// The same for the baseline (0..1).
    pub baseline_share_repricing_1y_end: f64,
    /// Largest change of the exchange rate against its start (percent, with its sign).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fx_peak_change_pct: Option<f64>,
    /// Change of the exchange rate at the end (percent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fx_end_change_pct: Option<f64>,
    /// Expected cost of each planned seller's own schedule, alone in the market ($B).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub seller_schedule_cost_bn: IndexMap<String, f64>,
    /// Expected cost of the cheapest schedule of the same total over the same window ($B).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub seller_optimal_cost_bn: IndexMap<String, f64>,
    /// That cheapest schedule, step by step from the window's start ($B).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub seller_optimal_schedule_bn: IndexMap<String, Vec<f64>>,
}

impl Figures {
    /// Adds what the path left at its end (triggers, backstop, repricing share).
    pub fn add_path_end(&mut self, p: &Params, end: &super::path::PathEnd) {
        let r = &mut self.reactions;
        r.trigger_fired_step = p
            .holders
            .iter()
            .enumerate()
            .filter(|(_, h)| h.trigger.is_some())
            .map(|(i, h)| (h.name.clone(), end.fired_at[i]))
            .collect();
        r.backstop_bought_bn = p.backstop.as_ref().map(|_| end.backstop_bought_bn);
        r.share_repricing_1y_end = end.share_repricing_1y;
        r.baseline_share_repricing_1y_end = end.base_share_repricing_1y;
    }
}

impl Figures {
    /// Every figure as a (dotted name, value) pair, in a stable order: for
    /// percentiles, sweeps and comparisons.
    pub fn scalars(&self) -> Vec<(String, f64)> {
        let mut v = Vec::new();
        let mut map = |prefix: &str, m: &IndexMap<String, f64>| {
            for (k, x) in m {
                v.push((format!("{prefix}.{k}"), *x));
            }
        };
        map("peak_d_yield_bp", &self.peak_d_yield_bp);
        map("end_d_yield_bp", &self.end_d_yield_bp);
        map("absorbed_by", &self.absorbed_by);
        map("seller_mtm_loss_bn", &self.seller_mtm_loss_bn);
        map("seller_realised_cost_bn", &self.seller_realised_cost_bn);
        for (k, s) in &self.peak_step {
            v.push((format!("peak_step.{k}"), *s as f64));
        }
        v.push((
            "d_interest_first_year_bn".into(),
            self.d_interest_first_year_bn,
        ));
        v.push((
            "d_interest_10y_cumulative_bn".into(),
            self.d_interest_10y_cumulative_bn,
        ));
        v.push((
            "d_interest_cumulative_bn".into(),
            self.d_interest_cumulative_bn,
        ));
        v.push((
            "d_interest_annual_end_bn".into(),
            self.d_interest_annual_end_bn,
        ));
        v.push((
            "rule_of_thumb_annual_bn".into(),
            self.rule_of_thumb_annual_bn,
        ));
        v.push(("total_sold_bn".into(), self.total_sold_bn));
        v.push(("debt_end_bn".into(), self.debt_end_bn));
        let r = &self.reactions;
        for (k, fired) in &r.trigger_fired_step {
            v.push((
                format!("trigger_fired.{k}"),
                if fired.is_some() { 1.0 } else { 0.0 },
            ));
        }
        if let Some(b) = r.backstop_bought_bn {
            v.push(("backstop_bought_bn".into(), b));
        }
        if let Some(x) = r.fx_peak_change_pct {
            v.push(("fx_peak_change_pct".into(), x));
        }
        v
    }
}

/// Accumulates [`Figures`] as a path runs.
#[derive(Debug, Clone)]
pub struct SummaryAcc {
    peak: Vec<(f64, usize)>,
    end: Vec<f64>,
    first_year: f64,
    ten_year: f64,
    cumulative: f64,
    by_year: Vec<f64>,
    d_annual_end: f64,
    total_sold: f64,
    start_holdings: Vec<f64>,
    end_holdings: Vec<f64>,
    seller_interp: Vec<Option<Interp>>,
    mtm_worst: Vec<f64>,
    realised: Vec<f64>,
    debt_end: f64,
    base_debt_end: f64,
    fx_peak: f64,
    fx_end: f64,
}

impl SummaryAcc {
    /// A fresh accumulator for paths of `p`.
    pub fn new(p: &Params) -> SummaryAcc {
        let nk = p.curve.tenors.len();
        let nh = p.holders.len();
        let years = (p.steps as f64 * p.dt - 1e-9).ceil().max(1.0) as usize;
        SummaryAcc {
            peak: vec![(0.0, 0); nk],
            end: vec![0.0; nk],
            first_year: 0.0,
            ten_year: 0.0,
            cumulative: 0.0,
            by_year: vec![0.0; years],
            d_annual_end: 0.0,
            total_sold: 0.0,
            start_holdings: p.holders.iter().map(|h| h.holdings).collect(),
            end_holdings: p.holders.iter().map(|h| h.holdings).collect(),
            seller_interp: p
                .holders
                .iter()
                .map(|h| {
                    h.is_seller()
                        .then(|| Interp::at(&p.curve.tenor_years, h.duration))
                })
                .collect(),
            mtm_worst: vec![0.0; nh],
            realised: vec![0.0; nh],
            debt_end: p.debt.marketable,
            base_debt_end: p.debt.marketable,
            fx_peak: 0.0,
            fx_end: 0.0,
        }
    }

    /// The figures, named by tenor and holder.
    pub fn finish(&self, p: &Params) -> Figures {
        let tenors = &p.curve.tenors;
        let by_tenor = |f: &dyn Fn(usize) -> f64| -> IndexMap<String, f64> {
            tenors
                .iter()
                .enumerate()
                .map(|(k, n)| (n.clone(), f(k)))
                .collect()
        };
        let sellers = |v: &dyn Fn(usize) -> f64| -> IndexMap<String, f64> {
            p.holders
                .iter()
                .enumerate()
                .filter(|(_, h)| h.is_seller())
                .map(|(i, h)| (h.name.clone(), v(i)))
                .collect()
        };
        let k10 = ten_year_index(p);
        Figures {
            peak_d_yield_bp: by_tenor(&|k| self.peak[k].0),
            peak_step: tenors
                .iter()
                .enumerate()
                .map(|(k, n)| (n.clone(), self.peak[k].1))
                .collect(),
            end_d_yield_bp: by_tenor(&|k| self.end[k]),
            d_interest_first_year_bn: self.first_year,
            d_interest_cumulative_bn: self.cumulative,
            d_interest_10y_cumulative_bn: self.ten_year,
            d_interest_by_year_bn: self.by_year.clone(),
            d_interest_annual_end_bn: self.d_annual_end,
            rule_of_thumb_annual_bn: p.debt.gross * self.peak[k10].0 / 10_000.0,
            total_sold_bn: self.total_sold,
            absorbed_by: p
                .holders
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    (
                        h.name.clone(),
                        self.end_holdings[i] - self.start_holdings[i],
                    )
                })
                .collect(),
            seller_mtm_loss_bn: sellers(&|i| self.mtm_worst[i] + self.realised[i]),
            seller_realised_cost_bn: sellers(&|i| self.realised[i]),
            debt_end_bn: self.debt_end,
            base_debt_end_bn: self.base_debt_end,
            reactions: Reactions {
                fx_peak_change_pct: p.fx.as_ref().map(|_| self.fx_peak),
                fx_end_change_pct: p.fx.as_ref().map(|_| self.fx_end),
                ..Reactions::default()
            },
        }
    }
}

impl SummaryAcc {
    /// The values of [`Figures::scalars`] of this path's figures with `end`
    /// added ([`SummaryAcc::finish`], then [`Figures::add_path_end`]), in the
    /// same order, into `out`: without building the figures and their names
    /// (the Monte Carlo's per-path summary).
    pub fn scalar_values(&self, p: &Params, end: &super::path::PathEnd, out: &mut Vec<f64>) {
        out.clear();
        out.extend(self.peak.iter().map(|(v, _)| *v));
        out.extend_from_slice(&self.end);
        out.extend(
            self.end_holdings
                .iter()
                .zip(&self.start_holdings)
                .map(|(e, s)| e - s),
        );
        // Sellers are the holders with an interpolation of their duration.
        for (i, ip) in self.seller_interp.iter().enumerate() {
            if ip.is_some() {
                out.push(self.mtm_worst[i] + self.realised[i]);
            }
        }
        for (i, ip) in self.seller_interp.iter().enumerate() {
            if ip.is_some() {
                out.push(self.realised[i]);
            }
        }
        out.extend(self.peak.iter().map(|(_, t)| *t as f64));
        let k10 = ten_year_index(p);
        out.extend_from_slice(&[
            self.first_year,
            self.ten_year,
            self.cumulative,
            self.d_annual_end,
            p.debt.gross * self.peak[k10].0 / 10_000.0,
            self.total_sold,
            self.debt_end,
        ]);
        for (i, h) in p.holders.iter().enumerate() {
            if h.trigger.is_some() {
                out.push(if end.fired_at[i].is_some() { 1.0 } else { 0.0 });
            }
        }
        if p.backstop.is_some() {
            out.push(end.backstop_bought_bn);
        }
        if p.fx.is_some() {
            out.push(self.fx_peak);
        }
    }
}

impl Observer for SummaryAcc {
    fn observe(&mut self, p: &Params, s: &PathStep) {
        if s.t == 0 {
            return;
        }
        for k in 0..self.peak.len() {
            let d = s.d_yield_bp(k);
            if d.abs() > self.peak[k].0.abs() {
                self.peak[k] = (d, s.t);
            }
            self.end[k] = d;
        }
        let paid = s.d_interest_annual() * p.dt;
        let elapsed = s.t as f64 * p.dt;
        self.cumulative += paid;
        if elapsed <= 1.0 + 1e-9 {
            self.first_year += paid;
        }
        if elapsed <= 10.0 + 1e-9 {
            self.ten_year += paid;
        }
        let year = ((elapsed - 1e-9).ceil() as usize).saturating_sub(1);
        if let Some(y) = self.by_year.get_mut(year) {
            *y += paid;
        }
        self.d_annual_end = s.d_interest_annual();
        self.total_sold += s.sold.iter().sum::<f64>();
        self.end_holdings.copy_from_slice(&s.holdings);
        for (i, ip) in self.seller_interp.iter().enumerate() {
            if let Some(ip) = ip {
                let d = p.holders[i].duration;
                let dy = (ip.apply(&s.yields_pct) - ip.apply(&s.base_yields_pct)) * 100.0;
                let mtm = s.holdings[i].max(0.0) * d * dy / 10_000.0;
                self.mtm_worst[i] = self.mtm_worst[i].max(mtm);
                self.realised[i] += s.sold[i] * d * dy / 10_000.0;
            }
        }
        self.debt_end = s.debt;
        self.base_debt_end = s.base_debt;
        if let (Some(fx), Some(level)) = (&p.fx, s.fx_level) {
            let change = (level / fx.start_level - 1.0) * 100.0;
            if change.abs() > self.fx_peak.abs() {
                self.fx_peak = change;
            }
            self.fx_end = change;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::path::{Both, Recorder, simulate};
    use crate::engine::{Ledger, path_rng};

    #[test]
    fn scalar_values_are_the_figures_scalars_in_order() {
        for name in [
            "japan-fire-sale",
            "contagion",
            "fed-backstop",
            "yen-intervention-2022",
            "uncertain-japan",
            "march-2020",
        ] {
            let p = crate::scenario::open(name, &[]).expect("loads").params;
            let ledger = Ledger::initial(&p.debt, p.dt);
            let mut acc = SummaryAcc::new(&p);
            let mut rec = Recorder::default();
            let end = simulate(
                &p,
                &ledger,
                &mut path_rng(3, 1),
                &mut Both(&mut acc, &mut rec),
            );
            let mut f = acc.finish(&p);
            f.add_path_end(&p, &end);
            let want: Vec<u64> = f.scalars().iter().map(|(_, v)| v.to_bits()).collect();
            let mut got = Vec::new();
            acc.scalar_values(&p, &end, &mut got);
            let got: Vec<u64> = got.iter().map(|v| v.to_bits()).collect();
            assert_eq!(got, want, "{name}");
        }
    }
}
