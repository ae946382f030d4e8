//! The yield curve: baseline levels plus the term-premium move, shocks and noise.

use super::params::{CurveParams, ShockParams};

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

/// A yield (percent) whose baseline level is `base_pct` (percent), moved by
/// `change_bp` (bp) and the common noise `noise_bp` (bp).
#[inline]
fn yield_pct(base_pct: f64, change_bp: f64, noise_bp: f64) -> f64 {
    base_pct + (change_bp + noise_bp) / 100.0
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
        *y = yield_pct(c.base_pct[k], change_bp(c, k, tp_bp, shock_bp(k)), noise_bp);
    }
}

/// Each tenor's change against the baseline ([`change_bp`], bp) into
/// `changes`: the exact change, which the difference of the two runs'
/// yields would only approximate.
pub fn changes_into(
    c: &CurveParams,
    tp_bp: f64,
    shock_bp: impl Fn(usize) -> f64,
    changes: &mut [f64],
) {
    for (k, d) in changes.iter_mut().enumerate() {
        *d = change_bp(c, k, tp_bp, shock_bp(k));
    }
}

/// Yields of every curve tenor (percent) into `out` from their changes
/// against the baseline `changes_bp` ([`changes_into`], bp) and a common
/// noise (bp): the same bits as [`yields_into`] with the same term premium
/// and shock.
pub fn yields_from_changes_into(
    c: &CurveParams,
    changes_bp: &[f64],
    noise_bp: f64,
    out: &mut [f64],
) {
    for ((y, base), d) in out.iter_mut().zip(&c.base_pct).zip(changes_bp) {
        *y = yield_pct(*base, *d, noise_bp);
    }
}

/// The curve seen at other maturities (the debt's tenors): its baseline
/// level, term-premium loading and shock interpolated there once, so that a
/// step's yields at those maturities are one linear expression each, the
/// same in exact arithmetic as interpolating the step's curve yields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AtMaturities {
    /// Baseline yield at each maturity (percent).
    base_pct: Vec<f64>,
    /// Term-premium loading at each maturity.
    loadings: Vec<f64>,
    /// The shock at each maturity while it applies (bp); 0 without a shock.
    shock_bp: Vec<f64>,
}

impl AtMaturities {
    /// The curve `c` with shock `shock` seen at `years` (each in years).
    pub fn new(c: &CurveParams, shock: &ShockParams, years: &[f64]) -> AtMaturities {
        let mut at = AtMaturities::default();
        at.reset(c, shock, years);
        at
    }

    /// Makes this equal to [`AtMaturities::new`], reusing its memory.
    pub fn reset(&mut self, c: &CurveParams, shock: &ShockParams, years: &[f64]) {
        self.base_pct.clear();
        self.loadings.clear();
        self.shock_bp.clear();
        for y in years {
            let ip = Interp::at(&c.tenor_years, *y);
            self.base_pct.push(ip.apply(&c.base_pct));
            self.loadings.push(ip.apply(&c.loadings));
            self.shock_bp.push(if shock.tenor_bp.is_empty() {
                0.0
            } else {
                ip.apply(&shock.tenor_bp)
            });
        }
    }

    /// Yields at each maturity (percent) into `out`, for the term-premium
    /// change `tp_bp`, the shock if `shocked`, and the common noise (bp).
    #[inline]
    pub fn yields_into(&self, tp_bp: f64, shocked: bool, noise_bp: f64, out: &mut [f64]) {
        let at = self.base_pct.iter().zip(&self.loadings).zip(&self.shock_bp);
        for (y, ((base, l), s)) in out.iter_mut().zip(at) {
            let shock = if shocked { *s } else { 0.0 };
            *y = yield_pct(*base, l * tp_bp + shock, noise_bp);
        }
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
    fn yields_at_maturities_are_the_interpolated_curve_yields() {
        let c = CurveParams {
            tenors: vec!["3m".into(), "2y".into(), "10y".into(), "30y".into()],
            tenor_years: vec![0.25, 2.0, 10.0, 30.0],
            base_pct: vec![4.31, 3.93, 4.37, 4.93],
            loadings: vec![0.3, 0.65, 1.0, 1.1],
        };
        let shock = ShockParams {
            tenor_bp: vec![5.0, 12.5, -7.25, 3.0],
            from_step: 2,
            until_step: 4,
        };
        let years = [0.1, 0.25, 1.0, 5.0, 7.5, 20.0, 30.0, 40.0];
        let at = AtMaturities::new(&c, &shock, &years);
        let mut curve = [0.0; 4];
        let mut out = [0.0; 8];
        for (tp, t, noise) in [
            (0.0, 0, 0.0),
            (37.3, 3, 0.0),
            (-11.9, 1, 4.1),
            (758.1, 4, -0.3),
        ] {
            yields_into(&c, tp, |k| shock.at(t, k), noise, &mut curve);
            at.yields_into(tp, shock.applies(t), noise, &mut out);
            for (j, y) in years.iter().enumerate() {
                let interpolated = Interp::at(&c.tenor_years, *y).apply(&curve);
                // The same linear function, rounded differently: within 1e-12 percent.
                assert!((out[j] - interpolated).abs() < 1e-12, "{y}y at {tp} bp");
                if tp == 0.0 && noise == 0.0 && !shock.applies(t) {
                    // The baseline: bit for bit the interpolated baseline yield.
                    assert_eq!(out[j], interpolated, "{y}y");
                }
            }
        }
        // A step outside the shock's window, and a shock-free curve.
        assert!(!shock.applies(1) && shock.applies(2) && shock.applies(4) && !shock.applies(5));
        assert!(!ShockParams::default().applies(0));
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
            changes_into(&c, tp, shock, &mut d);
            yields_from_changes_into(&c, &d, noise, &mut y);
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
