//! The summary figures of a path, accumulated step by step (no per-step memory).
//!
//! Definitions follow the interface contract in BRIEF.md:
//! - `peak_d_yield_bp`: the change against the baseline of largest magnitude,
//!   with its sign; `peak_step` where it first happens (changes within
//!   [`PEAK_TIE_BP`] of each other count as equal, so a plateau, such as a
//!   backstop holding the 10-year at its threshold, is dated at its first
//!   step whatever the rounding); `end_d_yield_bp` at the last step.
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

/// Two yield changes closer than this count as equal when the peak is found
/// (bp): far above the rounding of a change (~10⁻¹² bp), far below anything
/// a report shows.
pub const PEAK_TIE_BP: f64 = 1e-9;

/// Index of the 10-year tenor on the curve: [`Params::ten_year_index`],
/// kept as a function for the report's callers.
pub fn ten_year_index(p: &Params) -> usize {
    p.ten_year_index()
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
///
/// Built for one [`Params`] ([`SummaryAcc::new`] or [`SummaryAcc::reset`]) and
/// fed that parameter set's steps, in order, from step 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SummaryAcc {
    /// Per curve tenor: peak change, its step, change at the last step.
    tenors: Vec<TenorAcc>,
    /// Extra interest paid in the first twelve months so far ($B).
    first_year: f64,
    /// Extra interest paid in the first ten years so far ($B).
    ten_year: f64,
    /// Extra interest paid so far ($B).
    cumulative: f64,
    /// Extra interest paid so far in each year ($B).
    by_year: Vec<f64>,
    /// Extra annual interest at the last step ($B a year).
    d_annual_end: f64,
    total_sold: f64,
    start_holdings: Vec<f64>,
    end_holdings: Vec<f64>,
    /// The sellers, in holder order.
    sellers: Vec<SellerAcc>,
    /// Index of the 10-year tenor ([`ten_year_index`]).
    k10: usize,
    debt_end: f64,
    base_debt_end: f64,
    fx_peak: f64,
    fx_end: f64,
}

/// What a [`SummaryAcc`] keeps for one curve tenor (bp, step).
#[derive(Debug, Clone, Copy, PartialEq)]
struct TenorAcc {
    /// Change of largest magnitude so far, with its sign (bp).
    peak: f64,
    /// `|peak| + PEAK_TIE_BP`: a change of larger magnitude is a new peak (bp).
    beat: f64,
    /// Step where it first happened.
    peak_t: usize,
    /// Change at the last step seen (bp).
    end: f64,
}

impl Default for TenorAcc {
    /// No change yet: a peak of 0 at step 0.
    fn default() -> TenorAcc {
        TenorAcc {
            peak: 0.0,
            beat: PEAK_TIE_BP, // |0| + PEAK_TIE_BP, exactly
            peak_t: 0,
            end: 0.0,
        }
    }
}

/// What a [`SummaryAcc`] keeps for one seller ($B).
#[derive(Debug, Clone, Copy, PartialEq)]
struct SellerAcc {
    /// Index of the holder.
    i: usize,
    /// Interpolation of the holder's duration on the curve.
    ip: Interp,
    /// The holder's duration (years).
    duration: f64,
    /// Worst mark-to-market loss so far ($B).
    mtm_worst: f64,
    /// Realised cost of its sales so far ($B).
    realised: f64,
}

/// Whether step `t` of `p` is within the first year, within the first ten
/// years, and the index of the year it is in, as the figures define them.
fn step_interest_slots(p: &Params, t: usize) -> (bool, bool, usize) {
    let elapsed = t as f64 * p.dt;
    let year = ((elapsed - 1e-9).ceil() as usize).saturating_sub(1);
    (elapsed <= 1.0 + 1e-9, elapsed <= 10.0 + 1e-9, year)
}

impl SummaryAcc {
    /// A fresh accumulator for paths of `p`.
    pub fn new(p: &Params) -> SummaryAcc {
        let mut acc = SummaryAcc::default();
        acc.reset(p);
        acc
    }

    /// Makes the accumulator equal to [`SummaryAcc::new`]`(p)`, without
    /// allocating when `p` has no more tenors, holders, sellers or years
    /// than the accumulator had room for (e.g. from path to path of a run).
    pub fn reset(&mut self, p: &Params) {
        let nk = p.curve.tenors.len();
        let years = (p.steps as f64 * p.dt - 1e-9).ceil().max(1.0) as usize;
        self.tenors.clear();
        self.tenors.resize(nk, TenorAcc::default());
        self.first_year = 0.0;
        self.ten_year = 0.0;
        self.cumulative = 0.0;
        self.by_year.clear();
        self.by_year.resize(years, 0.0);
        self.d_annual_end = 0.0;
        self.total_sold = 0.0;
        self.start_holdings.clear();
        self.start_holdings
            .extend(p.holders.iter().map(|h| h.holdings));
        self.end_holdings.clear();
        self.end_holdings.extend_from_slice(&self.start_holdings);
        self.sellers.clear();
        self.sellers.extend(
            p.holders
                .iter()
                .enumerate()
                .filter(|(_, h)| h.is_seller())
                .map(|(i, h)| SellerAcc {
                    i,
                    ip: Interp::at(&p.curve.tenor_years, h.duration),
                    duration: h.duration,
                    mtm_worst: 0.0,
                    realised: 0.0,
                }),
        );
        self.k10 = ten_year_index(p);
        self.debt_end = p.debt.marketable;
        self.base_debt_end = p.debt.marketable;
        self.fx_peak = 0.0;
        self.fx_end = 0.0;
    }

    /// Adds `paid` ($B), the extra interest paid at step `t` (from 1, in
    /// order), to the sums it belongs to.
    #[inline]
    fn add_interest(&mut self, p: &Params, t: usize, paid: f64) {
        let (first_year, ten_year, year) = step_interest_slots(p, t);
        self.cumulative += paid;
        if first_year {
            self.first_year += paid;
        }
        if ten_year {
            self.ten_year += paid;
        }
        if let Some(y) = self.by_year.get_mut(year) {
            *y += paid;
        }
    }

    /// The figures, named by tenor and holder.
    pub fn finish(&self, p: &Params) -> Figures {
        let tenors = &p.curve.tenors;
        let by_tenor = |f: &dyn Fn(&TenorAcc) -> f64| -> IndexMap<String, f64> {
            tenors
                .iter()
                .zip(&self.tenors)
                .map(|(n, a)| (n.clone(), f(a)))
                .collect()
        };
        let sellers = |v: &dyn Fn(&SellerAcc) -> f64| -> IndexMap<String, f64> {
            self.sellers
                .iter()
                .map(|s| (p.holders[s.i].name.clone(), v(s)))
                .collect()
        };
        Figures {
            peak_d_yield_bp: by_tenor(&|a| a.peak),
            peak_step: tenors
                .iter()
                .zip(&self.tenors)
                .map(|(n, a)| (n.clone(), a.peak_t))
                .collect(),
            end_d_yield_bp: by_tenor(&|a| a.end),
            d_interest_first_year_bn: self.first_year,
            d_interest_cumulative_bn: self.cumulative,
            d_interest_10y_cumulative_bn: self.ten_year,
            d_interest_by_year_bn: self.by_year.clone(),
            d_interest_annual_end_bn: self.d_annual_end,
            rule_of_thumb_annual_bn: self.rule_of_thumb(p),
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
            seller_mtm_loss_bn: sellers(&|s| s.mtm_worst + s.realised),
            seller_realised_cost_bn: sellers(&|s| s.realised),
            debt_end_bn: self.debt_end,
            base_debt_end_bn: self.base_debt_end,
            reactions: Reactions {
                fx_peak_change_pct: p.fx.as_ref().map(|_| self.fx_peak),
                fx_end_change_pct: p.fx.as_ref().map(|_| self.fx_end),
                ..Reactions::default()
            },
        }
    }

    /// Gross debt × peak 10-year change in percentage points ($B a year).
    fn rule_of_thumb(&self, p: &Params) -> f64 {
        p.debt.gross * self.tenors[self.k10].peak / 10_000.0
    }
}

impl SummaryAcc {
    /// The values of [`Figures::scalars`] of this path's figures with `end`
    /// added ([`SummaryAcc::finish`], then [`Figures::add_path_end`]), in the
    /// same order, into `out`: without building the figures and their names
    /// (the Monte Carlo's per-path summary).
    pub fn scalar_values(&self, p: &Params, end: &super::path::PathEnd, out: &mut Vec<f64>) {
        out.clear();
        out.extend(self.tenors.iter().map(|a| a.peak));
        out.extend(self.tenors.iter().map(|a| a.end));
        out.extend(
            self.end_holdings
                .iter()
                .zip(&self.start_holdings)
                .map(|(e, s)| e - s),
        );
        out.extend(self.sellers.iter().map(|s| s.mtm_worst + s.realised));
        out.extend(self.sellers.iter().map(|s| s.realised));
        out.extend(self.tenors.iter().map(|a| a.peak_t as f64));
        out.extend_from_slice(&[
            self.first_year,
            self.ten_year,
            self.cumulative,
            self.d_annual_end,
            self.rule_of_thumb(p),
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

impl SummaryAcc {
    /// Keeps what only the last step `s` tells: the tenors' changes, the
    /// holdings, the interest and the debt.
    fn observe_last(&mut self, s: &PathStep) {
        for (a, &d) in self.tenors.iter_mut().zip(&s.d_yields_bp) {
            a.end = d;
        }
        self.end_holdings.copy_from_slice(&s.holdings);
        self.d_annual_end = s.d_interest_annual();
        self.debt_end = s.debt;
        self.base_debt_end = s.base_debt;
    }
}

impl SellerAcc {
    /// Updates the seller's losses with step `s`; returns what it sold ($B).
    #[inline]
    fn observe(&mut self, s: &PathStep) -> f64 {
        let d = self.duration;
        // The change of the yield at the seller's duration (bp), interpolated
        // from the tenors' changes: in exact arithmetic the difference of the
        // two runs' interpolated yields.
        let dy = self.ip.apply(&s.d_yields_bp);
        let mtm = s.holdings[self.i].max(0.0) * d * dy / 10_000.0;
        // `mtm_worst.max(mtm)`: `mtm_worst` starts at 0 and is never NaN.
        if mtm > self.mtm_worst {
            self.mtm_worst = mtm;
        }
        let sold = s.sold[self.i];
        self.realised += sold * d * dy / 10_000.0;
        sold
    }
}

impl Observer for SummaryAcc {
    fn observe(&mut self, p: &Params, s: &PathStep) {
        if s.t == 0 {
            return;
        }
        debug_assert_eq!(s.d_yields_bp.len(), self.tenors.len());
        // Zipped: no bounds checks.
        for (a, &d) in self.tenors.iter_mut().zip(&s.d_yields_bp) {
            if d.abs() > a.beat {
                a.peak = d;
                a.beat = d.abs() + PEAK_TIE_BP;
                a.peak_t = s.t;
            }
        }
        self.add_interest(p, s.t, s.d_interest_annual() * p.dt);
        // Only sellers have sales: this step's, summed in holder order, then added.
        let mut sold = 0.0;
        for sa in &mut self.sellers {
            sold += sa.observe(s);
        }
        self.total_sold += sold;
        if s.t == p.steps {
            self.observe_last(s);
        }
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
    use crate::engine::path::{Both, PathEnd, Recorder, simulate};
    use crate::engine::{Ledger, path_rng};

    /// Scenarios that between them use every reaction and an uncertain prior.
    const SCENARIOS: [&str; 6] = [
        "japan-fire-sale",
        "contagion",
        "fed-backstop",
        "yen-intervention-2022",
        "uncertain-japan",
        "march-2020",
    ];

    /// The figures of a finished path: the accumulator's, with the path's end added.
    fn figures(acc: &SummaryAcc, p: &Params, end: &PathEnd) -> Figures {
        let mut f = acc.finish(p);
        f.add_path_end(p, end);
        f
    }

    #[test]
    fn scalar_values_are_the_figures_scalars_in_order() {
        for name in SCENARIOS {
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
            let want: Vec<u64> = figures(&acc, &p, &end)
                .scalars()
                .iter()
                .map(|(_, v)| v.to_bits())
                .collect();
            let mut got = Vec::new();
            acc.scalar_values(&p, &end, &mut got);
            let got: Vec<u64> = got.iter().map(|v| v.to_bits()).collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn a_reset_accumulator_equals_a_fresh_one() {
        let names = SCENARIOS;
        let all: Vec<Params> = names
            .iter()
            .map(|n| crate::scenario::open(n, &[]).expect("loads").params)
            .collect();
        let run = |p: &Params, acc: &mut SummaryAcc| {
            let ledger = Ledger::initial(&p.debt, p.dt);
            let end = simulate(p, &ledger, &mut path_rng(5, 2), acc);
            // Debug output tells every bit of every figure (and the sign of zero).
            format!("{:?}", figures(acc, p, &end))
        };
        // A used accumulator, reset for each scenario in turn (shapes growing
        // and shrinking), equals a fresh one and gives the same figures.
        let mut reused = SummaryAcc::new(&all[0]);
        for p in all.iter().chain(all.iter().rev()) {
            reused.reset(p);
            assert_eq!(reused, SummaryAcc::new(p));
            let mut fresh = SummaryAcc::new(p);
            assert_eq!(run(p, &mut reused), run(p, &mut fresh));
            assert_eq!(reused, fresh);
        }
        let mut empty = SummaryAcc::default();
        empty.reset(&all[0]);
        assert_eq!(empty, SummaryAcc::new(&all[0]));
    }
}
