//! Market clearing with slow-moving, price-sensitive buyers.
//!
//! Every quantity that moves the term premium is in 10-year-equivalent
//! dollars: an amount × its duration ÷ the 10-year note's duration.
//!
//! Holder `i` has a demand deviation `b_i` (10y-eq $B bought since the start
//! because of the sell-off). Its long-run target at a term-premium change `x`
//! (bp) is `T_i(x) = H_i · e_i · x`, where `H_i` is its 10y-eq holdings net of
//! its own sales and `e_i` its elasticity per bp. Each step it closes a share
//! `a_i` of the gap: `p_i = a_i (T_i(x) − b_i)`. A holder inside its own sale
//! window does not buy (`a_i = 0` then).
//!
//! Clearing sets `Σ p_i = S` (this step's 10y-eq net supply), one linear
//! equation in `x`:  `x = (S + Σ a_i b_i) / Σ a_i H_i e_i`.  Slow buyers (small
//! `a_i`) make the first-step impact larger than the long-run one
//! (`x_∞ = cumulative S / Σ H_i e_i`), which is the flow-versus-stock pattern
//! of the literature.
//!
//! On top of the holders' (stock) clearing sits the flow premium
//! (docs/MODEL.md §3): `x = x_stock + φ`, where `x_stock` clears the holders'
//! market above and `φ = k · J` (or `k R sign(J) (|J|/R)^β` when concave) is
//! the price of the dealers' balance sheet that carries a net flow until the
//! buyers arrive: `J` is the net 10y-eq flow, decaying with time constant τ_f
//! (`J_t = δ J_{t−1} + w N_t`, `δ = e^(−dt/τ_f)`, `w = (τ_f/dt)(1 − δ)` the
//! decay within the step of a flow spread evenly over it). Holders respond to
//! `x_stock` only; with capacity growing with the debt (factor `g_t`), every
//! holder's target and the flow premium are divided by it. The backstop's
//! purchases relieve both: they are negative supply in the clearing and a
//! negative flow in `J`.
//!
//! Dollar holdings: what buyers absorb is the securities sellers sold, so a
//! 10y-eq position converts to dollars at the ratio of cumulative dollars to
//! cumulative 10y-eq sold. With that, Σ dollar purchases = dollars sold at
//! every step, exactly.

use super::params::{BackstopParams, Params};
use super::reactions::{Backstop, Triggers};

/// The market's state along one run.
///
/// Besides the state proper (what each holder bought and sold, the
/// backstop's book), it keeps each holder's clearing terms in plain arrays,
/// one element per holder, updated only when a seller's sale or pause
/// changes them: a step's clearing is then two in-order sums and one pass
/// over the buyers (these arrays bought ~9% of a Monte Carlo path-step,
/// docs/PERFORMANCE.md). Every cache is set in [`MarketState::reset`] and
/// changed only in [`MarketState::sell_scheduled`] and [`close_gaps`].
#[derive(Debug, Clone, PartialEq)]
pub struct MarketState {
    /// Demand-driven purchases since the start by holder (10y-eq $B).
    bought: Vec<f64>,
    /// Cumulative sales by holder ($B).
    pub sold: Vec<f64>,
    /// Cumulative sales of all holders ($B).
    sold_total: f64,
    /// Cumulative sales of all holders (10y-eq $B).
    sold_eq_total: f64,
    /// Dollars per 10y-eq dollar sold so far ([`MarketState::dollars_per_eq`]):
    /// cached because every holding read divides by it, and the totals change
    /// only in steps with a sale.
    per_eq: f64,
    /// Term-premium change of the last step (bp): stock part plus flow premium.
    pub tp_bp: f64,
    /// The decaying net flow `J` behind the flow premium (10y-eq $B).
    flow_eq: f64,
    /// Share of `J` left after one step, `e^(−dt/τ_f)`.
    flow_decay: f64,
    /// Weight of this step's net flow in `J`, `(τ_f/dt)(1 − e^(−dt/τ_f))`.
    flow_within: f64,
    /// The contagion triggers: which fired when, and the sales they set off.
    pub triggers: Triggers,
    /// The Fed backstop's book.
    pub backstop: Backstop,
    /// Duration the Treasury has not issued because of its issuance response (10y-eq $B).
    pub withheld_eq_total: f64,
    /// What each holder's purchase programme has bought (10y-eq $B, one per
    /// holder; 0 for holders without one), held like the backstop's purchases.
    purchased_eq: Vec<f64>,
    /// Each holder's holdings at the start ($B), a copy of its parameter
    /// beside `sold` and `bought`, so the holdings are one pass over three arrays.
    start: Vec<f64>,
    /// Each holder's share of its gap closed this step (1 per step): its
    /// `adjust_per_step`, or 0 while it is scheduled to sell.
    adjust_now: Vec<f64>,
    /// Each holder's 10y-eq holdings net of its own sales, the base of its
    /// demand (10y-eq $B): kept up to date as it sells, so a step does not
    /// recompute it for holders that never sell.
    base_eq: Vec<f64>,
    /// Each holder's demand per bp of term premium, `base_eq × e_i`
    /// (10y-eq $B per bp): its long-run target is this times `x`.
    demand_per_bp: Vec<f64>,
    /// Each holder's term of the clearing numerator, `adjust_now × bought`
    /// (10y-eq $B): written by the pass that changes `bought`, so a step only
    /// adds them up.
    products: Vec<f64>,
    /// Each holder's term of the clearing denominator,
    /// `adjust_now × base_eq × e_i` (10y-eq $B per bp).
    denominator_terms: Vec<f64>,
    /// The sum of `denominator_terms` in holder order (10y-eq $B per bp):
    /// recomputed only in steps where a seller's terms change.
    denominator: f64,
    /// Holders that may sell ([`HolderParams::is_seller`]), in holder order:
    /// the only ones whose schedule a step looks at (most holders never sell).
    ///
    /// [`HolderParams::is_seller`]: super::params::HolderParams::is_seller
    sellers: Vec<usize>,
    /// The first step (1 per step) from which no seller has a planned sale
    /// (0 when none has one); without triggers, a step from then on sells nothing.
    quiet_from: usize,
    /// Whether a seller sold in the last step it looked at its schedule, so
    /// its `adjust_now` may still be 0 instead of its `adjust_per_step`.
    /// This, `quiet_from` and whether any trigger can fire let a step skip
    /// the seller loop once every sale is over
    /// ([`MarketState::schedules_idle`]): most steps of a short sale.
    paused: bool,
}

/// What one clearing step did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cleared {
    /// Dollars sold by holders this step ($B).
    pub sold: f64,
    /// Term-premium change that cleared the market (bp).
    pub tp_bp: f64,
    /// Backstop purchases this step ($B; negative when it sells back).
    pub backstop_bn: f64,
    /// The flow premium's part of `tp_bp` (bp).
    pub flow_bp: f64,
}

/// What a clearing step needs to know from outside the market.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepInputs {
    /// Whether scheduled sales happen (false for a baseline run).
    pub sell: bool,
    /// Change of the 10-year against the baseline at the previous step (bp).
    pub prev_d10_bp: f64,
    /// This step's exogenous shock at the 10-year (bp).
    pub shock10_bp: f64,
    /// Duration the Treasury withholds this step by issuing bills instead (10y-eq $B).
    pub withheld_eq: f64,
    /// Buyers' capacity relative to the start (the debt's growth when it
    /// grows with the debt; 1 otherwise; > 0).
    pub capacity: f64,
}

impl StepInputs {
    /// A step with sales and nothing else going on.
    pub fn selling() -> StepInputs {
        StepInputs {
            sell: true,
            prev_d10_bp: 0.0,
            shock10_bp: 0.0,
            withheld_eq: 0.0,
            capacity: 1.0,
        }
    }
}

impl MarketState {
    /// The state of a market of `p`'s holders at step 0: nothing bought or sold.
    pub fn new(p: &Params) -> MarketState {
        let mut m = MarketState {
            bought: Vec::new(),
            sold: Vec::new(),
            sold_total: 0.0,
            sold_eq_total: 0.0,
            per_eq: 1.0,
            tp_bp: 0.0,
            flow_eq: 0.0,
            flow_decay: 1.0,
            flow_within: 1.0,
            triggers: Triggers::default(),
            backstop: Backstop::default(),
            withheld_eq_total: 0.0,
            purchased_eq: Vec::new(),
            start: Vec::new(),
            adjust_now: Vec::new(),
            base_eq: Vec::new(),
            demand_per_bp: Vec::new(),
            products: Vec::new(),
            denominator_terms: Vec::new(),
            denominator: 0.0,
            sellers: Vec::new(),
            quiet_from: 0,
            paused: false,
        };
        m.reset(p);
        m
    }

    /// Makes this state equal to [`MarketState::new`]`(p)`, reusing its
    /// memory (a Monte Carlo resets one state from path to path).
    pub fn reset(&mut self, p: &Params) {
        fn fill<T: Clone>(v: &mut Vec<T>, n: usize, x: T) {
            v.clear();
            v.resize(n, x);
        }
        let n = p.holders.len();
        fill(&mut self.bought, n, 0.0);
        fill(&mut self.sold, n, 0.0);
        fill(&mut self.purchased_eq, n, 0.0);
        self.triggers.reset(p);
        let d10 = p.market.ten_year_duration;
        // Every holder's element of these is set below.
        self.start.resize(n, 0.0);
        self.adjust_now.resize(n, 0.0);
        self.base_eq.resize(n, 0.0);
        self.demand_per_bp.resize(n, 0.0);
        self.denominator_terms.resize(n, 0.0);
        let rows = self.start.iter_mut().zip(&mut self.adjust_now);
        let rows = rows.zip(self.base_eq.iter_mut().zip(&mut self.demand_per_bp));
        for ((h, ((start, adjust), (base, demand))), term) in
            p.holders.iter().zip(rows).zip(&mut self.denominator_terms)
        {
            *start = h.holdings;
            *adjust = h.adjust_per_step;
            *base = base_eq_of(h.holdings, h.duration, d10, 0.0);
            *demand = *base * h.elasticity_per_bp;
            *term = h.adjust_per_step * *base * h.elasticity_per_bp;
        }
        self.products.clear();
        let products = self.adjust_now.iter().zip(&self.bought).map(|(a, b)| a * b);
        self.products.extend(products);
        self.denominator = sum_in_order(&self.denominator_terms);
        self.sellers.clear();
        self.sellers
            .extend((0..n).filter(|&i| p.holders[i].is_seller()));
        self.quiet_from = if self.triggers.any() {
            0
        } else {
            let ends = self
                .sellers
                .iter()
                .map(|&i| end_of_positive(&p.holders[i].sales));
            ends.max().unwrap_or(0)
        };
        self.paused = false;
        self.sold_total = 0.0;
        self.sold_eq_total = 0.0;
        self.per_eq = 1.0;
        self.tp_bp = 0.0;
        self.flow_eq = 0.0;
        let steps_per_decay = p.dt / p.market.flow.decay_years;
        self.flow_decay = (-steps_per_decay).exp();
        self.flow_within = -(-steps_per_decay).exp_m1() / steps_per_decay;
        self.backstop = Backstop::default();
        self.withheld_eq_total = 0.0;
    }

    /// Demand-driven purchases since the start by holder (10y-eq $B, one per holder).
    pub fn bought_eq(&self) -> &[f64] {
        &self.bought
    }

    /// Dollars per 10y-eq dollar of what the market has absorbed so far.
    pub fn dollars_per_eq(&self) -> f64 {
        self.per_eq
    }

    /// [`MarketState::dollars_per_eq`] from the totals.
    fn per_eq_of_totals(&self) -> f64 {
        if self.sold_eq_total > 0.0 {
            self.sold_total / self.sold_eq_total
        } else {
            1.0
        }
    }

    /// Holdings of holder `i` now ($B): start − own sales + purchases (and backstop purchases).
    pub fn holdings(&self, p: &Params, i: usize) -> f64 {
        let backstop = backstop_of(p, &self.backstop, i) + self.purchased_eq[i];
        holding(
            p.holders[i].holdings,
            self.sold[i],
            self.bought[i],
            backstop,
            self.per_eq,
        )
    }

    /// Every holder's [`MarketState::holdings`] into `out` ($B, one per holder).
    pub fn holdings_into(&self, p: &Params, out: &mut [f64]) {
        let n = out.len().min(self.start.len());
        let (out, start) = (&mut out[..n], &self.start[..n]);
        let (sold, bought) = (&self.sold[..n], &self.bought[..n]);
        // Every holder as if it held none of the backstop's purchases (it
        // holds 0 of them) ...
        holdings_without_backstop(start, sold, bought, self.per_eq, out);
        // ... then the backstop with them.
        if let Some(b) = &p.backstop {
            let i = b.holder;
            if i < n {
                let backstop = self.backstop.held_eq;
                out[i] = holding(start[i], sold[i], bought[i], backstop, self.per_eq);
            }
        }
        // ... and the purchase programmes' holders with what they bought.
        for pr in &p.purchases {
            if pr.holder < n {
                out[pr.holder] += self.per_eq * self.purchased_eq[pr.holder];
            }
        }
    }

    /// Holders that may sell, in holder order: the others' cumulative sales stay 0.
    pub fn sellers(&self) -> &[usize] {
        &self.sellers
    }

    /// Fires the contagion triggers whose condition held at the end of step `t − 1`.
    /// Kept out of [`MarketState::clear`], which most steps do not call it from.
    #[inline(never)]
    fn fire_triggers(&mut self, p: &Params, t: usize, prev_d10_bp: f64) {
        let MarketState {
            triggers,
            sold,
            bought,
            per_eq,
            backstop,
            ..
        } = self;
        let holding = |i: usize| {
            let backstop = backstop_of(p, backstop, i);
            holding(p.holders[i].holdings, sold[i], bought[i], backstop, *per_eq)
        };
        triggers.fire(p, t, prev_d10_bp, sold, holding);
    }

    /// Whether step `t` (with scheduled sales if `sell`) provably changes no
    /// seller: no triggers, no seller paused by a sale, and no planned sale
    /// from `t` on (or none at all when not `sell`).
    #[inline]
    fn schedules_idle(&self, t: usize, sell: bool) -> bool {
        !self.triggers.any() && !self.paused && (!sell || t >= self.quiet_from)
    }

    /// Sellers sell what their schedules say at step `t` (`sell`: whether
    /// planned sales happen), never more than they hold, and stop buying
    /// while they do. Returns the dollars sold ($B) and their 10y-eq supply
    /// (10y-eq $B). Kept out of [`MarketState::clear`], which most steps of
    /// a sale that ends early do not call it from.
    #[inline(never)]
    fn sell_scheduled(&mut self, p: &Params, t: usize, sell: bool) -> (f64, f64) {
        let d10 = p.market.ten_year_duration;
        let k_prev = self.dollars_per_eq();
        let mut supply_eq = 0.0;
        let mut sold_now = 0.0;
        // Whether a seller's denominator term may have changed this step.
        let mut changed = false;
        let mut paused = false;
        // Holders that never sell have no schedule (their scheduled sale stays 0).
        let MarketState {
            sellers,
            sold,
            bought,
            triggers,
            start,
            adjust_now,
            base_eq,
            demand_per_bp,
            products,
            denominator_terms,
            ..
        } = self;
        for &i in sellers.iter() {
            let h = &p.holders[i];
            let planned = if sell { h.sales[t] } else { 0.0 };
            let scheduled = planned + triggers.sale(i, t);
            // A holder selling this step does not buy.
            let adjust = if scheduled > 0.0 {
                0.0
            } else {
                h.adjust_per_step
            };
            let mut term_changed = adjust.to_bits() != adjust_now[i].to_bits();
            adjust_now[i] = adjust;
            products[i] = adjust * bought[i];
            if scheduled > 0.0 {
                paused = true;
                let held = (start[i] - sold[i] + k_prev * bought[i]).max(0.0);
                let s = scheduled.min(held);
                sold[i] += s;
                base_eq[i] = base_eq_of(h.holdings, h.duration, d10, sold[i]);
                demand_per_bp[i] = base_eq[i] * h.elasticity_per_bp;
                term_changed = true;
                sold_now += s;
                supply_eq += s * h.duration / d10;
            }
            if term_changed {
                denominator_terms[i] = adjust * base_eq[i] * h.elasticity_per_bp;
                changed = true;
            }
        }
        self.paused = paused;
        if changed {
            self.denominator = sum_in_order(&self.denominator_terms);
        }
        if sold_now != 0.0 || supply_eq != 0.0 {
            self.sold_total += sold_now;
            self.sold_eq_total += supply_eq;
            self.per_eq = self.per_eq_of_totals();
        }
        (sold_now, supply_eq)
    }

    /// The purchase programmes buy their step-`t` amounts, at the dollars per
    /// 10y-eq dollar of what the market has absorbed (the 10-year's duration
    /// when nothing has been sold: docs/MODEL.md §6b). Returns what they
    /// bought in all this step (10y-eq $B), negative supply.
    #[inline(never)]
    fn buy_programmes(&mut self, p: &Params, t: usize) -> f64 {
        let mut eq = 0.0;
        for pr in &p.purchases {
            let bn = pr.amounts.get(t).copied().unwrap_or(0.0);
            if bn > 0.0 {
                let e = bn / self.per_eq;
                self.purchased_eq[pr.holder] += e;
                eq += e;
            }
        }
        eq
    }

    /// Clears step `t`: triggers fire, holders sell what their schedules say
    /// (never more than they hold), the backstop buys or sells back, buyers
    /// respond, and the term premium moves. The rarer work (triggers, the
    /// seller loop, the backstop) is in functions of its own.
    pub fn clear(&mut self, p: &Params, t: usize, inputs: StepInputs) -> Cleared {
        if inputs.sell && self.triggers.any() {
            self.fire_triggers(p, t, inputs.prev_d10_bp);
        }
        let (sold_now, mut supply_eq) = if self.schedules_idle(t, inputs.sell) {
            (0.0, 0.0)
        } else {
            self.sell_scheduled(p, t, inputs.sell)
        };
        if inputs.sell && !p.purchases.is_empty() {
            supply_eq -= self.buy_programmes(p, t);
        }
        // The net flow decays, then this step's holders' flow and the
        // backstop's purchases (or sales back) join it.
        let g = inputs.capacity;
        let net_eq = supply_eq - inputs.withheld_eq;
        let decayed = self.flow_eq * self.flow_decay;
        let (x, backstop_bn, backstop_eq) = match p.backstop.as_ref().filter(|_| inputs.sell) {
            Some(b) => self.clear_with_backstop(b, p, t, inputs, net_eq, decayed),
            None => (self.clearing(net_eq, g).1, 0.0, 0.0),
        };
        self.flow_eq = decayed + (net_eq + backstop_eq) * self.flow_within;
        let flow_bp = self.flow_bp(p, self.flow_eq, g);
        // Buyers close part of their gap to a target that grows with capacity
        // (a holder selling this step has `adjust_now` 0).
        close_gaps(
            &self.adjust_now,
            &self.demand_per_bp,
            g * x,
            &mut self.bought,
            &mut self.products,
        );
        self.withheld_eq_total += inputs.withheld_eq;
        self.tp_bp = x + flow_bp;
        Cleared {
            sold: sold_now,
            tp_bp: self.tp_bp,
            backstop_bn,
            flow_bp,
        }
    }

    /// The clearing numerator (10y-eq $B) for a net supply `supply_eq`
    /// (10y-eq $B) with buyers' capacity `g` (relative to the start), and
    /// the stock term-premium change that clears it (bp; 0 when no one buys).
    #[inline]
    fn clearing(&self, supply_eq: f64, g: f64) -> (f64, f64) {
        let numerator = self.products.iter().fold(supply_eq, |sum, x| sum + x);
        let x = if self.denominator > 0.0 {
            numerator / (g * self.denominator)
        } else {
            0.0
        };
        (numerator, x)
    }

    /// The flow premium (bp) of a decaying net flow `j` (10y-eq $B) with
    /// buyers' capacity `g` (relative to the start).
    #[inline]
    fn flow_bp(&self, p: &Params, j: f64, g: f64) -> f64 {
        if j == 0.0 {
            0.0
        } else {
            p.market.flow.premium_bp(j) / g
        }
    }

    /// Step `t` with backstop `b`, which sells back on its schedule or buys
    /// what holds the 10-year rise (stock part plus flow premium) at its
    /// threshold, within its limits. `net_eq` is the holders' net 10y-eq
    /// supply and `decayed` the net flow left from earlier steps (10y-eq $B).
    /// Returns the stock term-premium change (bp), the backstop's purchases
    /// ($B; negative when it sells back) and its net supply (10y-eq $B; < 0 when it buys).
    /// Kept out of [`MarketState::clear`], which most scenarios do not call it from.
    #[inline(never)]
    fn clear_with_backstop(
        &mut self,
        b: &BackstopParams,
        p: &Params,
        t: usize,
        inputs: StepInputs,
        net_eq: f64,
        decayed: f64,
    ) -> (f64, f64, f64) {
        let k = self.per_eq;
        let g = inputs.capacity;
        // The backstop sells back on its schedule ...
        if let Some(sell_eq) = self.backstop.unwind(b, t) {
            let (_, x) = self.clearing(net_eq + sell_eq, g);
            return (x, -sell_eq * k, sell_eq);
        }
        // ... or buys what holds the 10-year rise at its threshold, within its limits.
        let (mut numerator, mut x) = self.clearing(net_eq, g);
        let denominator = g * self.denominator;
        let l10 = p.curve.loadings[p.ten_year_index()];
        let w = self.flow_within;
        let flow_after = |buy_eq: f64| self.flow_bp(p, decayed + (net_eq - buy_eq) * w, g);
        let d10_now = l10 * (x + flow_after(0.0)) + inputs.shock10_bp;
        if !(l10 > 0.0 && denominator > 0.0 && d10_now > b.threshold_bp) {
            return (x, 0.0, 0.0);
        }
        let x_target = (b.threshold_bp - inputs.shock10_bp) / l10;
        // The 10y-eq purchase F at which stock part + flow premium = target:
        // the stock part falls by F / denominator, the flow premium with F too.
        let excess = |f: f64| (numerator - f) / denominator + flow_after(f) - x_target;
        let need_eq =
            purchase_to_hold(excess, x + flow_after(0.0) - x_target, denominator, p, w, g);
        let buy_eq = self.backstop.buy(b, need_eq, k);
        numerator -= buy_eq;
        x = numerator / denominator;
        (x, buy_eq * k, -buy_eq)
    }
}

/// The purchase `F ≥ 0` (10y-eq $B) at which `excess(F) = 0`, where
/// `excess` (bp) falls with F: `excess0 = excess(0) > 0`, the stock part
/// falls by `F / denominator` and the flow premium by its own impact of
/// `F · w` (buyers' capacity `g`). Closed form when the flow impact is
/// linear; else bisection on `[0, excess0 · denominator]`, where the stock
/// part alone already brings the excess to zero or below (a scalar root).
fn purchase_to_hold(
    excess: impl Fn(f64) -> f64,
    excess0: f64,
    denominator: f64,
    p: &Params,
    w: f64,
    g: f64,
) -> f64 {
    let flow = &p.market.flow;
    if flow.exponent == 1.0 {
        return (excess0 / (1.0 / denominator + flow.bp_per_eq_bn * w / g)).max(0.0);
    }
    let (mut lo, mut hi) = (0.0, excess0 * denominator);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if excess(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Holdings ($B): `start` − own sales `sold` + purchases `bought_eq` (and
/// backstop purchases `backstop_eq`, 10y-eq $B) at `per_eq` dollars per 10y-eq dollar.
#[inline]
fn holding(start: f64, sold: f64, bought_eq: f64, backstop_eq: f64, per_eq: f64) -> f64 {
    start - sold + per_eq * (bought_eq + backstop_eq)
}

/// What holder `i` holds of the backstop's purchases (10y-eq $B; 0 unless
/// it is `p`'s backstop, whose book is `backstop`).
#[inline]
fn backstop_of(p: &Params, backstop: &Backstop, i: usize) -> f64 {
    match &p.backstop {
        Some(b) if b.holder == i => backstop.held_eq,
        _ => 0.0,
    }
}

/// The 10y-eq holdings (10y-eq $B), the base of a holder's demand, of a
/// holder that started with `holdings` ($B) of duration `duration` (years)
/// and has sold `sold` ($B), the 10-year note's duration being `d10` (years).
#[inline]
fn base_eq_of(holdings: f64, duration: f64, d10: f64, sold: f64) -> f64 {
    ((holdings - sold) * duration / d10).max(0.0)
}

/// Every holder's holdings ($B) into `out` by [`holding`] with no backstop
/// purchases, from its start `start` ($B), own sales `sold` ($B) and
/// purchases `bought` (10y-eq $B) at `per_eq` dollars per 10y-eq dollar.
#[inline]
fn holdings_without_backstop(
    start: &[f64],
    sold: &[f64],
    bought: &[f64],
    per_eq: f64,
    out: &mut [f64],
) {
    let rows = start.iter().zip(sold).zip(bought);
    for (((start, sold), bought), out) in rows.zip(out) {
        *out = holding(*start, *sold, *bought, 0.0, per_eq);
    }
}

/// Each buyer closes its share `adjust` of the gap between its target
/// `demand_per_bp × x` and its purchases `bought` (10y-eq $B), in place, and
/// its numerator term `products` becomes `adjust × bought` (10y-eq $B).
#[inline]
fn close_gaps(
    adjust: &[f64],
    demand_per_bp: &[f64],
    x: f64,
    bought: &mut [f64],
    products: &mut [f64],
) {
    let rows = adjust.iter().zip(demand_per_bp);
    let rows = rows.zip(bought.iter_mut().zip(products));
    for ((a, c), (b, ab)) in rows {
        *b += a * (c * x - *b);
        *ab = a * *b;
    }
}

/// One past the index of the last of `xs` that is > 0 (NaN is not), or 0
/// when none is.
fn end_of_positive(xs: &[f64]) -> usize {
    xs.iter().rposition(|x| *x > 0.0).map_or(0, |j| j + 1)
}

/// The sum of `terms` in order, from 0 (`Iterator::sum` starts from −0.0,
/// which would change the sign of an empty or all-zero sum).
#[inline]
fn sum_in_order(terms: &[f64]) -> f64 {
    terms.iter().fold(0.0, |sum, x| sum + x)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::params::*;

    /// A small market: two buyers (fast and slow) and one seller.
    pub(crate) fn toy(sales: &[f64]) -> Params {
        let steps = 24;
        let mut s = vec![0.0; steps + 1];
        for (j, v) in sales.iter().enumerate() {
            s[1 + j] = *v;
        }
        let buyer = |name: &str, h: f64, a: f64| HolderParams {
            name: name.into(),
            label: name.into(),
            holdings: h,
            duration: 6.0,
            elasticity_per_bp: 0.01 / 100.0,
            adjustment_years: -1.0 / 12.0 / (1.0f64 - a).ln(),
            adjust_per_step: a,
            sales: vec![0.0; steps + 1],
            trigger: None,
        };
        Params {
            steps,
            dt: 1.0 / 12.0,
            steps_per_year: 12.0,
            curve: CurveParams {
                tenors: vec!["10y".into()],
                tenor_years: vec![10.0],
                base_pct: vec![4.0],
                loadings: vec![1.0],
            },
            market: MarketParams {
                ten_year_duration: 8.0,
                reference_duration: 5.0,
                mortgage_spread_bp: 250.0,
                noise_bp_per_sqrt_year: 0.0,
                flow: FlowParams::none(),
                capacity_grows_with_debt: false,
                flow_multiplier: 1.0,
                stock_multiplier: 1.0,
            },
            holders: vec![
                buyer("fast", 10_000.0, 0.9),
                buyer("slow", 10_000.0, 0.1),
                HolderParams {
                    name: "seller".into(),
                    label: "Seller".into(),
                    holdings: 1_000.0,
                    duration: 5.0,
                    elasticity_per_bp: 0.0,
                    adjustment_years: 1.0,
                    adjust_per_step: 0.0,
                    sales: s,
                    trigger: None,
                },
            ],
            debt: DebtParams {
                gross: 36_000.0,
                marketable: 29_000.0,
                wam_months: 12.0,
                tenors: vec!["1y".into()],
                tenor_years: vec![1.0],
                maturity_steps: vec![12],
                shares: vec![1.0],
                coupons_pct: vec![4.0],
                issuance_shares: vec![1.0],
                growth_per_step: 0.0,
                fiscal_feedback: false,
            },
            shock: ShockParams::default(),
            backstop: None,
            issuance: None,
            fx: None,
            purchases: Vec::new(),
        }
    }

    fn run(p: &Params) -> (Vec<f64>, MarketState, Vec<Vec<f64>>) {
        let mut m = MarketState::new(p);
        let mut path = vec![];
        let mut holdings = vec![];
        for t in 1..=p.steps {
            path.push(m.clear(p, t, StepInputs::selling()).tp_bp);
            holdings.push((0..p.holders.len()).map(|i| m.holdings(p, i)).collect());
        }
        (path, m, holdings)
    }

    #[test]
    fn purchases_equal_sales_every_step() {
        let p = toy(&[300.0, 200.0, 100.0]);
        let (_, m, holdings) = run(&p);
        let start: f64 = p.holders.iter().map(|h| h.holdings).sum();
        for (t, hs) in holdings.iter().enumerate() {
            let total: f64 = hs.iter().sum();
            assert!(
                (total - start).abs() < 1e-9,
                "step {}: {total} vs {start}",
                t + 1
            );
        }
        assert!((m.sold_total - 600.0).abs() < 1e-12);
        // Per step: buyers' dollar purchases equal dollars sold.
        let mut prev: Vec<f64> = p.holders.iter().map(|h| h.holdings).collect();
        for (t, hs) in holdings.iter().enumerate() {
            let bought: f64 = (0..2).map(|i| hs[i] - prev[i]).sum();
            let sold = prev[2] - hs[2];
            assert!((bought - sold).abs() < 1e-9, "step {}", t + 1);
            prev = hs.clone();
        }
    }

    #[test]
    fn no_sale_moves_nothing() {
        let p = toy(&[]);
        let (path, m, _) = run(&p);
        assert!(path.iter().all(|x| *x == 0.0));
        assert!(m.bought_eq().iter().all(|b| *b == 0.0));
    }

    #[test]
    fn short_run_impact_exceeds_the_long_run_stock_effect() {
        let p = toy(&[100.0]);
        let (path, _, _) = run(&p);
        let eq = 100.0 * 5.0 / 8.0;
        let sum_he: f64 = p.holders[..2]
            .iter()
            .map(|h| h.holdings * h.duration / 8.0 * h.elasticity_per_bp)
            .sum();
        let long_run = eq / sum_he;
        assert!(path[0] > 1.5 * long_run, "{} vs {long_run}", path[0]);
        assert!((path[23] - long_run).abs() / long_run < 0.1);
    }

    #[test]
    fn a_holder_never_sells_more_than_it_holds() {
        let p = toy(&[800.0, 800.0]);
        let (_, m, holdings) = run(&p);
        assert!((m.sold[2] - 1000.0).abs() < 1e-9);
        assert!(holdings.last().unwrap()[2] >= -1e-9);
    }
}
