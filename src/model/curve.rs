//! The yield curve: baseline levels plus the term-premium move, shocks and noise.

use super::params::CurveParams;

/// Linear interpolation weights at a point of a curve: value = (1−w)·v\[lo\] + w·v\[hi\].
/// Flat beyond the first and last tenor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interp {
    /// Index of the tenor at or below the point.
    pub lo: usize,
    /// Index of the tenor at or above the point.
    pub hi: usize,
    /// Weight of `hi` (0..=1).
    pub w: f64,
}

impl Interp {
    /// Weights for `x` years on the increasing tenor grid `grid` (years; non-empty).
    pub fn at(grid: &[f64], x: f64) -> Interp {
        let last = grid.len() - 1;
        if x <= grid[0] {
            return Interp {
                lo: 0,
                hi: 0,
                w: 0.0,
            };
        }
        if x >= grid[last] {
            return Interp {
                lo: last,
                hi: last,
                w: 0.0,
            };
        }
        let hi = grid.partition_point(|g| *g < x);
        let lo = hi - 1;
        let w = (x - grid[lo]) / (grid[hi] - grid[lo]);
        Interp { lo, hi, w }
    }

    /// The interpolated value of `values` (one per grid point).
    #[inline]
    pub fn apply(&self, values: &[f64]) -> f64 {
        (1.0 - self.w) * values[self.lo] + self.w * values[self.hi]
    }
}

/// Change of curve tenor `k` against the baseline (bp): its loading times the
/// term-premium change `tp_bp` plus the shock `shock_bp`. The yield noise is
/// common to a run and its baseline, so it cancels out of the change.
#[inline]
pub fn change_bp(c: &CurveParams, k: usize, tp_bp: f64, shock_bp: f64) -> f64 {
    c.loadings[k] * tp_bp + shock_bp
}

/// Yield of curve tenor `k` (percent) whose change is `change_bp` (bp), with
/// the common noise `noise_bp` (bp).
#[inline]
fn yield_pct(c: &CurveParams, k: usize, change_bp: f64, noise_bp: f64) -> f64 {
    c.base_pct[k] + (change_bp + noise_bp) / 100.0
}

/// Yields of every curve tenor (percent) into `out`, given the term-premium
/// change `tp_bp`, the per-tenor shock `shock_bp(k)` and a common noise (bp).
pub fn yields_into(
    c: &CurveParams,
    tp_bp: f64,
    shock_bp: impl Fn(usize) -> f64,
    noise_bp: f64,
    out: &mut [f64],
) {
    for (k, y) in out.iter_mut().enumerate() {
        *y = yield_pct(c, k, change_bp(c, k, tp_bp, shock_bp(k)), noise_bp);
    }
}

/// Like [`yields_into`], also writing each tenor's change against the
/// baseline ([`change_bp`], bp) into `changes`: the exact change, which
/// the difference of the two runs' yields would only approximate.
pub fn yields_and_changes_into(
    c: &CurveParams,
    tp_bp: f64,
    shock_bp: impl Fn(usize) -> f64,
    noise_bp: f64,
    out: &mut [f64],
    changes: &mut [f64],
) {
    for (k, (y, d)) in out.iter_mut().zip(changes.iter_mut()).enumerate() {
        *d = change_bp(c, k, tp_bp, shock_bp(k));
        *y = yield_pct(c, k, *d, noise_bp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_linearly_and_flat_outside() {
        let grid = [0.25, 2.0, 10.0];
        let v = [1.0, 2.0, 4.0];
        assert_eq!(Interp::at(&grid, 0.1).apply(&v), 1.0);
        assert_eq!(Interp::at(&grid, 30.0).apply(&v), 4.0);
        assert!((Interp::at(&grid, 6.0).apply(&v) - 3.0).abs() < 1e-12);
        assert_eq!(Interp::at(&grid, 2.0).apply(&v), 2.0);
    }

    #[test]
    fn yields_add_loaded_term_premium_and_shock() {
        let c = CurveParams {
            tenors: vec!["2y".into(), "10y".into()],
            tenor_years: vec![2.0, 10.0],
            base_pct: vec![4.0, 4.5],
            loadings: vec![0.5, 1.0],
        };
        let mut out = [0.0; 2];
        yields_into(
            &c,
            20.0,
            |k| if k == 1 { 100.0 } else { 0.0 },
            0.0,
            &mut out,
        );
        assert!((out[0] - 4.10).abs() < 1e-12);
        assert!((out[1] - 5.70).abs() < 1e-12);
    }

    #[test]
    fn changes_are_exact_and_the_yields_the_same() {
        let c = CurveParams {
            tenors: vec!["3m".into(), "2y".into(), "10y".into()],
            tenor_years: vec![0.25, 2.0, 10.0],
            base_pct: vec![4.31, 3.93, 4.37],
            loadings: vec![0.3, 0.65, 1.0],
        };
        let shock = |k: usize| [0.0, 12.5, -7.25][k];
        for (tp, noise) in [(37.3, 0.0), (-11.9, 4.1), (0.0, -2.2), (758.1, 0.3)] {
            let (mut y, mut d, mut y_only, mut base) = ([0.0; 3], [0.0; 3], [0.0; 3], [0.0; 3]);
            yields_and_changes_into(&c, tp, shock, noise, &mut y, &mut d);
            yields_into(&c, tp, shock, noise, &mut y_only);
            yields_into(&c, 0.0, |_| 0.0, noise, &mut base);
            // Bit for bit the yields of `yields_into`.
            assert_eq!(y.map(f64::to_bits), y_only.map(f64::to_bits));
            for k in 0..3 {
                let exact = c.loadings[k] * tp + shock(k);
                assert_eq!(d[k], exact);
                // The difference of the yields (percent to bp) rounds: within 1e-9 bp of it.
                assert!(((y[k] - base[k]) * 100.0 - d[k]).abs() < 1e-9, "{k}: {d:?}");
            }
        }
    }
}
