//! Samplers of uncertain scenario numbers (see [`Sampler`]).
//!
//! - [`RandomSampler`] draws every distribution from a path's own generator
//!   (Monte Carlo). Draws happen in the fixed order in which validation visits
//!   the fields, so path `i` gets the same parameters on any thread.
//! - [`QuantileSampler`] puts one named parameter at a quantile of its
//!   distribution and every other one at its central value (the tornado).
//! - [`Collector`] lists the uncertain parameters of a scenario.

use crate::scenario::Resolved;
use crate::scenario::num::{Dist, Num};
use crate::scenario::validate::{Key, Sampler};
use rand::{Rng, RngExt};
use rand_distr::{Distribution, LogNormal, Normal, Triangular, Uniform};

/// Draws one value from `d` with `rng`. Parameters were checked at load time.
/// A truncated normal or log-normal is drawn by its quantile function at a
/// uniform probability (one draw, never rejected); the others as rand_distr
/// samples them.
pub fn draw<R: Rng + ?Sized>(d: &Dist, rng: &mut R) -> f64 {
    if d.truncation().is_some() {
        let p: f64 = rng.random();
        return d.quantile(p.max(f64::MIN_POSITIVE));
    }
    match *d {
        Dist::Normal { mean, sd, .. } => {
            Normal::new(mean, sd).map(|n| n.sample(rng)).unwrap_or(mean)
        }
        Dist::LogNormal { median, sigma, .. } => LogNormal::new(median.ln(), sigma)
            .map(|n| n.sample(rng))
            .unwrap_or(median),
        Dist::Uniform { low, high } => Uniform::new(low, high)
            .map(|u| u.sample(rng))
            .unwrap_or(0.5 * (low + high)),
        Dist::Triangular { low, mode, high } => Triangular::new(low, high, mode)
            .map(|t| t.sample(rng))
            .unwrap_or(mode),
    }
}

/// Monte Carlo: each distribution is drawn from the path's generator; draws
/// outside a field's range are clamped by validation.
pub struct RandomSampler<'a, R: Rng + ?Sized> {
    rng: &'a mut R,
}

impl<'a, R: Rng + ?Sized> RandomSampler<'a, R> {
    /// A sampler drawing from `rng`.
    pub fn new(rng: &'a mut R) -> Self {
        RandomSampler { rng }
    }
}

impl<R: Rng + ?Sized> Sampler for RandomSampler<'_, R> {
    fn value(&mut self, _key: Key<'_>, num: &Num) -> f64 {
        match num {
            Num::Value(v) => *v,
            Num::Dist(d) => draw(d, self.rng),
        }
    }
    fn strict(&self) -> bool {
        false
    }
    /// A contagion trigger reacts on this path with probability `p`: 1 or 0.
    fn event(&mut self, _key: Key<'_>, p: f64) -> f64 {
        if p >= 1.0 {
            1.0
        } else if p <= 0.0 {
            0.0
        } else if self.rng.random::<f64>() < p {
            1.0
        } else {
            0.0
        }
    }
}

/// The tornado: parameter `key` at quantile `p` of its distribution, every other at its centre.
pub struct QuantileSampler<'a> {
    /// Dotted key of the swung parameter.
    pub key: &'a str,
    /// Probability in (0, 1).
    pub p: f64,
}

impl Sampler for QuantileSampler<'_> {
    fn value(&mut self, key: Key<'_>, num: &Num) -> f64 {
        match num {
            Num::Dist(d) if key.is(self.key) => d.quantile(self.p),
            _ => num.central(),
        }
    }
    fn strict(&self) -> bool {
        false
    }
}

/// Records every uncertain parameter (dotted key and distribution), in validation order.
#[derive(Default)]
pub struct Collector {
    /// The uncertain parameters found.
    pub found: Vec<(String, Dist)>,
}

impl Sampler for Collector {
    fn value(&mut self, key: Key<'_>, num: &Num) -> f64 {
        if let Num::Dist(d) = num {
            self.found.push((key.to_string(), *d));
        }
        num.central()
    }
    fn strict(&self) -> bool {
        true
    }
}

/// The uncertain parameters of a scenario, in validation order.
pub fn uncertain_parameters(r: &Resolved) -> Vec<(String, Dist)> {
    let mut c = Collector::default();
    let _ = r.sample_params(&mut c);
    c.found
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn draws_follow_their_distributions() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let n = 20_000;
        let d = Dist::LogNormal {
            median: 2.0,
            sigma: 0.5,
            low: 0.0,
            high: f64::INFINITY,
        };
        let mut v: Vec<f64> = (0..n).map(|_| draw(&d, &mut rng)).collect();
        v.sort_by(f64::total_cmp);
        assert!((v[n / 2] - 2.0).abs() < 0.05, "median {}", v[n / 2]);
        let t = Dist::Triangular {
            low: 1.0,
            mode: 2.0,
            high: 5.0,
        };
        for _ in 0..1000 {
            let x = draw(&t, &mut rng);
            assert!((1.0..=5.0).contains(&x));
        }
        let u = Dist::Uniform {
            low: -1.0,
            high: 1.0,
        };
        let mean: f64 = (0..n).map(|_| draw(&u, &mut rng)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.03);
    }

    #[test]
    fn truncated_draws_stay_inside_and_follow_the_restricted_distribution() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2);
        let d = Dist::LogNormal {
            median: 1.0,
            sigma: 0.7,
            low: 0.25,
            high: 4.0,
        };
        let n = 20_000;
        let mut v: Vec<f64> = (0..n).map(|_| draw(&d, &mut rng)).collect();
        assert!(v.iter().all(|x| (0.25..=4.0).contains(x)));
        v.sort_by(f64::total_cmp);
        // The bounds sit at z = ±1.98 (ln 4 / 0.7), symmetric, so the median
        // stays 1; 20,000 draws put the sample median within ~1% of it.
        assert!((v[n / 2] - 1.0).abs() < 0.03, "median {}", v[n / 2]);
        // 2.4% of the untruncated mass lies below 0.25 and none is kept there:
        // the restricted 5th percentile is exp(0.7 z) with Φ(z) = 0.0238 + 0.05 × 0.952,
        // z = −1.466: 0.358.
        let p5 = v[n / 20];
        let want = d.quantile(0.05);
        assert!((p5 - want).abs() < 0.02, "p5 {p5} against {want}");
        assert!((want - 0.358).abs() < 0.003, "restricted p5 {want}");
    }
}
