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
        *y = c.base_pct[k] + (c.loadings[k] * tp_bp + shock_bp(k) + noise_bp) / 100.0;
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
}
