//! The seller's best schedule under the model's own impact dynamics.
//!
//! With the other holders' demand linear and their bases fixed, the term
//! premium is a linear, time-invariant response to what is sold: selling
//! `S` (10y-eq $B) at step j moves it by `G(t − j) · S` at step t ≥ j, where
//! `G` is the impulse response of the market (a transient impact kernel, as
//! in Obizhaeva–Wang, here computed from the model itself). A schedule `s`
//! ($B per step) then has an expected cost of selling
//!
//! `E[C] = Σ_t s_t · c · Σ_{j ≤ t} G(t − j) · s_j`,  with `c = (D/D10) · D · L / 10⁴`
//!
//! (each dollar sold at step t loses `D · Δy_t` in price, Δy at the seller's
//! duration point) and a variance from yield volatility σ on what is still
//! held, `Var[C] = Σ_t (X_t · D / 10⁴)² · σ² · dt`. The best schedule
//! minimises `E[C] + λ · Var[C]` subject to `Σ s = total`, `s ≥ 0`: a
//! quadratic programme, solved exactly by an active-set method. With a
//! permanent-only kernel and λ > 0 this is Almgren–Chriss (2000).

use super::curve::Interp;
use super::market::{MarketState, StepInputs};
use super::params::{HolderParams, Params};

/// Yield volatility used for the risk term when the scenario has no noise (bp per √year).
pub const DEFAULT_VOLATILITY_BP: f64 = 100.0;

/// The longest sale window (steps) whose optimal schedule is solved.
///
/// The active-set method solves a dense system of the window's size, O(n³)
/// time and O(n²) memory per pass: 520 steps (two years of trading days, ten
/// years of weeks) take a few tens of milliseconds and 2 MB. Validation refuses
/// `shape = "optimal"` over longer windows, and the report's comparison with
/// the cheapest schedule is left out for them (docs/RELIABILITY.md).
pub const MAX_STEPS: usize = 520;

/// The quadratic cost model of one seller's sale window.
#[derive(Debug, Clone, PartialEq)]
pub struct CostModel {
    /// Impulse response of the seller's yield-change cost over the window ($B per $B²).
    kernel: Vec<f64>,
    /// Weight of Σ X_t² in the variance ($B⁻¹ … per $B² held).
    var_weight: f64,
    /// Each window step's impact divided by the buyers' capacity then
    /// (`1 / Params::capacity_at`): the market's response is the kernel's,
    /// scaled at the step it is felt (exact without a backstop).
    row_scale: Vec<f64>,
}

impl CostModel {
    /// The cost model of holder `seller` selling over `n` steps from `start`,
    /// against the other holders of `p` (their own sales, triggers, purchase
    /// programmes and any backstop left out).
    pub fn new(p: &Params, seller: usize, start: usize, n: usize) -> CostModel {
        let n = n.max(1);
        let mut q = p.clone();
        q.steps = start + n;
        q.backstop = None;
        q.issuance = None;
        q.purchases.clear();
        q.fx = None;
        for h in &mut q.holders {
            h.sales = vec![0.0; q.steps + 1];
            h.trigger = None;
        }
        // The seller stays out of the market; a probe sells one 10y-eq dollar at `start`.
        q.holders[seller].adjust_per_step = 0.0;
        let d10 = p.market.ten_year_duration;
        let mut probe = vec![0.0; q.steps + 1];
        probe[start] = 1.0;
        q.holders.push(HolderParams {
            name: "probe".into(),
            label: "probe".into(),
            holdings: 1.0,
            duration: d10,
            elasticity_per_bp: 0.0,
            adjustment_years: 1.0,
            adjust_per_step: 0.0,
            sales: probe,
            trigger: None,
        });
        let mut m = MarketState::new(&q);
        for t in 1..start {
            m.clear(&q, t, StepInputs::selling());
        }
        let h = &p.holders[seller];
        let loading = Interp::at(&p.curve.tenor_years, h.duration).apply(&p.curve.loadings);
        let c = (h.duration / d10) * h.duration * loading / 10_000.0;
        let kernel = (start..start + n)
            .map(|t| c * m.clear(&q, t, StepInputs::selling()).tp_bp)
            .collect();
        let row_scale = (start..start + n).map(|t| 1.0 / p.capacity_at(t)).collect();
        let sigma = if p.market.noise_bp_per_sqrt_year > 0.0 {
            p.market.noise_bp_per_sqrt_year
        } else {
            DEFAULT_VOLATILITY_BP
        };
        let var_weight = (h.duration / 10_000.0).powi(2) * sigma * sigma * p.dt;
        CostModel {
            kernel,
            var_weight,
            row_scale,
        }
    }

    /// Expected cost of selling `s` ($B per step of the window) ($B).
    pub fn expected_cost(&self, s: &[f64]) -> f64 {
        let mut cost = 0.0;
        for t in 0..s.len() {
            let impact: f64 = (0..=t).map(|j| self.kernel[t - j] * s[j]).sum();
            cost += s[t] * impact * self.row_scale[t];
        }
        cost
    }

    /// Variance of the cost of selling `s` from yield volatility ($B²).
    pub fn variance(&self, s: &[f64]) -> f64 {
        let total: f64 = s.iter().sum();
        let mut left = total;
        let mut v = 0.0;
        for x in s {
            left -= x;
            v += left.max(0.0).powi(2);
        }
        v * self.var_weight
    }

    /// The schedule of `total` ($B) over the window that minimises expected
    /// cost + `risk_aversion` × variance, every step's sale non-negative.
    pub fn optimal(&self, total: f64, risk_aversion: f64) -> Vec<f64> {
        let n = self.kernel.len();
        // Objective sᵀHs + gᵀs: H = sym(row-scaled lower Toeplitz kernel) + λ w LᵀL, g = −2 λ w T Lᵀ1.
        let lw = risk_aversion * self.var_weight;
        let mut h = vec![vec![0.0; n]; n];
        for (t, row) in h.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                // The cost weight of s_t·s_j is felt at the later of the two steps.
                let k = if t >= j {
                    self.kernel[t - j] * self.row_scale[t]
                } else {
                    self.kernel[j - t] * self.row_scale[j]
                };
                let sym = if t == j { k } else { 0.5 * k };
                // (LᵀL)_{tj} = number of steps u with u ≥ max(t, j) = n − max(t, j).
                *cell = sym + lw * (n - t.max(j)) as f64;
            }
        }
        let g: Vec<f64> = (0..n).map(|j| -2.0 * lw * total * (n - j) as f64).collect();
        let mut free: Vec<bool> = vec![true; n];
        let mut s = vec![0.0; n];
        for _ in 0..=n {
            let idx: Vec<usize> = (0..n).filter(|i| free[*i]).collect();
            let sol = solve_kkt(&h, &g, &idx, total);
            let Some(sol) = sol else { break };
            let worst = idx
                .iter()
                .zip(&sol)
                .filter(|(_, v)| **v < -1e-12)
                .min_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, _)| *i);
            s = vec![0.0; n];
            for (i, v) in idx.iter().zip(&sol) {
                s[*i] = v.max(0.0);
            }
            match worst {
                Some(i) => free[i] = false,
                None => break,
            }
        }
        let sum: f64 = s.iter().sum();
        if sum > 0.0 {
            s.iter_mut().for_each(|v| *v *= total / sum);
        }
        s
    }
}

/// Solves 2·H_FF·s + g_F + μ·1 = 0, 1ᵀs = total on the index set F, by Gaussian elimination.
fn solve_kkt(h: &[Vec<f64>], g: &[f64], idx: &[usize], total: f64) -> Option<Vec<f64>> {
    let m = idx.len();
    if m == 0 {
        return None;
    }
    let size = m + 1;
    let mut a = vec![vec![0.0; size + 1]; size];
    for (r, &i) in idx.iter().enumerate() {
        for (c, &j) in idx.iter().enumerate() {
            a[r][c] = 2.0 * h[i][j];
        }
        a[r][m] = 1.0;
        a[r][size] = -g[i];
    }
    a[m][..m].fill(1.0);
    a[m][size] = total;
    for col in 0..size {
        let pivot = (col..size).max_by(|x, y| a[*x][col].abs().total_cmp(&a[*y][col].abs()))?;
        if a[pivot][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, pivot);
        for r in 0..size {
            if r != col {
                let f = a[r][col] / a[col][col];
                if f != 0.0 {
                    let (pivot_row, row) = two_rows(&mut a, col, r);
                    for (cell, pv) in row[col..=size].iter_mut().zip(&pivot_row[col..=size]) {
                        *cell -= f * pv;
                    }
                }
            }
        }
    }
    Some((0..m).map(|r| a[r][size] / a[r][r]).collect())
}

/// Row `i` to read and row `j` to write of `a` (`i != j`), without copying either.
fn two_rows(a: &mut [Vec<f64>], i: usize, j: usize) -> (&[f64], &mut [f64]) {
    if i < j {
        let (lo, hi) = a.split_at_mut(j);
        (&lo[i], &mut hi[0])
    } else {
        let (lo, hi) = a.split_at_mut(i);
        (&hi[0], &mut lo[j])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::market::tests::toy;
    use crate::model::schedule::{Spread, spread};

    #[test]
    fn the_optimal_schedule_costs_no_more_than_the_simple_shapes() {
        let p = toy(&[]);
        let m = CostModel::new(&p, 2, 1, 6);
        let best = m.optimal(600.0, 0.0);
        assert!((best.iter().sum::<f64>() - 600.0).abs() < 1e-9);
        assert!(best.iter().all(|v| *v >= 0.0));
        let c = m.expected_cost(&best);
        for shape in [
            Spread::Even,
            Spread::FrontLoaded,
            Spread::BackLoaded,
            Spread::Once,
        ] {
            let other = m.expected_cost(&spread(600.0, 6, shape));
            assert!(c <= other + 1e-9, "{shape:?}: optimal {c} vs {other}");
        }
    }

    #[test]
    fn more_risk_aversion_sells_sooner() {
        let p = toy(&[]);
        let m = CostModel::new(&p, 2, 1, 6);
        let centre = |s: &[f64]| {
            s.iter().enumerate().map(|(i, v)| i as f64 * v).sum::<f64>() / s.iter().sum::<f64>()
        };
        let calm = m.optimal(600.0, 0.0);
        let wary = m.optimal(600.0, 50.0);
        assert!(centre(&wary) < centre(&calm), "{calm:?} vs {wary:?}");
        assert!(m.variance(&wary) < m.variance(&calm));
    }
}
