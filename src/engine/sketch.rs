//! A mergeable, bounded-memory quantile sketch (DDSketch-style).
//!
//! Values are counted in logarithmic buckets: bucket `i` of each sign holds
//! magnitudes in `(γ^(i−1), γ^i]` with `γ = (1 + α) / (1 − α)`, and reports
//! the representative `2γ^i / (γ + 1)`. With `α` = [`RELATIVE_ACCURACY`]
//! (0.5%), the quantile it reports is within 0.5% (relative) of the exact
//! order statistic of rank `⌊q · (n − 1)⌋` of everything added. Magnitudes
//! below [`ZERO_BELOW`] are counted as zero; magnitudes above [`MAX_VALUE`]
//! land in the top bucket (accuracy is lost only there).
//!
//! Counts are integers, so merging two sketches is exact, associative and
//! commutative: the result does not depend on how paths were split among
//! threads. Memory is bounded by the span of magnitudes, not by the number of
//! values: at most ~4,900 buckets per sign (4-byte counts: up to 4 × 10⁹ values
//! per sketch), usually a few hundred.

/// Relative accuracy α of every quantile.
pub const RELATIVE_ACCURACY: f64 = 0.005;
/// Magnitudes below this count as zero.
pub const ZERO_BELOW: f64 = 1e-6;
/// Magnitudes above this share the top bucket.
pub const MAX_VALUE: f64 = 1e15;

const GAMMA: f64 = (1.0 + RELATIVE_ACCURACY) / (1.0 - RELATIVE_ACCURACY);

/// ln γ, written out so the hot path computes one logarithm per value
/// (checked against `GAMMA.ln()` in the tests).
const LN_GAMMA: f64 = 0.010_000_083_334_583_179;
/// 1 / ln γ.
const INV_LN_GAMMA: f64 = 99.999_166_661_112_81;
/// Bucket index of `ZERO_BELOW` and of `MAX_VALUE`.
const INDEX_MIN: i32 = -1381;
const INDEX_MAX: i32 = 3454;

fn ln_gamma() -> f64 {
    LN_GAMMA
}

/// Dense counts over a contiguous range of bucket indices.
#[derive(Debug, Clone, Default, PartialEq)]
struct Store {
    offset: i32,
    counts: Vec<u32>,
}

impl Store {
    #[inline]
    fn add(&mut self, i: i32, n: u32) {
        if self.counts.is_empty() {
            self.offset = i;
            self.counts.push(n);
            return;
        }
        if i < self.offset {
            let grow = (self.offset - i) as usize;
            let mut c = vec![0; grow + self.counts.len()];
            c[grow..].copy_from_slice(&self.counts);
            self.counts = c;
            self.offset = i;
        }
        let j = (i - self.offset) as usize;
        if j >= self.counts.len() {
            self.counts.resize(j + 1, 0);
        }
        self.counts[j] += n;
    }

    fn merge(&mut self, o: &Store) {
        if o.counts.is_empty() {
            return;
        }
        if self.counts.is_empty() {
            *self = o.clone();
            return;
        }
        // Make room for both ends first, then add.
        self.add(o.offset, 0);
        self.add(o.offset + o.counts.len() as i32 - 1, 0);
        let start = (o.offset - self.offset) as usize;
        for (a, b) in self.counts[start..].iter_mut().zip(&o.counts) {
            *a += b;
        }
    }

    fn total(&self) -> u64 {
        self.counts.iter().map(|c| u64::from(*c)).sum()
    }
}

/// A quantile sketch of a stream of real numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Sketch {
    pos: Store,
    neg: Store,
    zero: u64,
    count: u64,
    /// Exact smallest and largest values added (quantiles are clamped to them,
    /// so a figure equal on every path is reported exactly).
    min: f64,
    max: f64,
}

/// The value every value of bucket `i` is reported as.
fn representative(i: i32) -> f64 {
    2.0 * (i as f64 * ln_gamma()).exp() / (GAMMA + 1.0)
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch {
            pos: Store::default(),
            neg: Store::default(),
            zero: 0,
            count: 0,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
        }
    }
}

impl Sketch {
    /// An empty sketch.
    pub fn new() -> Sketch {
        Sketch::default()
    }

    #[inline]
    fn index(m: f64) -> i32 {
        // ceil without a libm call: truncate, then step up for a positive fraction.
        let y = (m.ln() * INV_LN_GAMMA).clamp(INDEX_MIN as f64, INDEX_MAX as f64);
        let i = y as i32;
        if (i as f64) < y { i + 1 } else { i }
    }

    /// Adds one value (non-finite values are ignored).
    #[inline]
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.count += 1;
        self.min = self.min.min(x);
        self.max = self.max.max(x);
        let m = x.abs();
        if m < ZERO_BELOW {
            self.zero += 1;
        } else if x > 0.0 {
            self.pos.add(Self::index(m), 1);
        } else {
            self.neg.add(Self::index(m), 1);
        }
    }

    /// Adds everything counted in `o` (exact: counts are integers).
    pub fn merge(&mut self, o: &Sketch) {
        self.pos.merge(&o.pos);
        self.neg.merge(&o.neg);
        self.zero += o.zero;
        self.count += o.count;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    /// How many values were added.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Buckets in increasing order of value: (representative value, count).
    pub fn buckets(&self) -> Vec<(f64, u64)> {
        let mut out = Vec::new();
        for (j, c) in self.neg.counts.iter().enumerate().rev() {
            if *c > 0 {
                out.push((-representative(self.neg.offset + j as i32), u64::from(*c)));
            }
        }
        if self.zero > 0 {
            out.push((0.0, self.zero));
        }
        for (j, c) in self.pos.counts.iter().enumerate() {
            if *c > 0 {
                out.push((representative(self.pos.offset + j as i32), u64::from(*c)));
            }
        }
        out
    }

    /// The `q` quantile (0 ≤ q ≤ 1), within [`RELATIVE_ACCURACY`] of the
    /// exact order statistic of rank `⌊q · (n − 1)⌋`, and within the exact
    /// smallest and largest values; NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        self.bucket_quantile(q).clamp(self.min, self.max)
    }

    fn bucket_quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        let rank = (q.clamp(0.0, 1.0) * (self.count - 1) as f64).floor() as u64;
        let mut seen = 0u64;
        let neg_total = self.neg.total();
        if rank < neg_total {
            for (j, c) in self.neg.counts.iter().enumerate().rev() {
                seen += u64::from(*c);
                if seen > rank {
                    return -representative(self.neg.offset + j as i32);
                }
            }
        }
        seen = neg_total + self.zero;
        if rank < seen {
            return 0.0;
        }
        for (j, c) in self.pos.counts.iter().enumerate() {
            seen += u64::from(*c);
            if seen > rank {
                return representative(self.pos.offset + j as i32);
            }
        }
        representative(self.pos.offset + self.pos.counts.len() as i32 - 1)
    }

    /// Bytes of memory the counts use.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.pos.counts.capacity() + self.neg.counts.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    fn exact(v: &mut [f64], q: f64) -> f64 {
        v.sort_by(f64::total_cmp);
        v[(q * (v.len() - 1) as f64).floor() as usize]
    }

    #[test]
    fn quantiles_are_within_the_relative_accuracy() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut v: Vec<f64> = (0..10_001)
            .map(|_| {
                let x: f64 = rng.random();
                (x - 0.3) * 1000.0 * rng.random::<f64>()
            })
            .collect();
        let mut s = Sketch::new();
        for x in &v {
            s.add(*x);
        }
        for q in [0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0] {
            let e = exact(&mut v, q);
            let a = s.quantile(q);
            assert!(
                (a - e).abs() <= RELATIVE_ACCURACY * e.abs() + 1e-12,
                "q {q}: {a} vs {e}"
            );
        }
    }

    #[test]
    fn constants_match_gamma() {
        assert!((LN_GAMMA - GAMMA.ln()).abs() < 1e-15);
        assert!((INV_LN_GAMMA * GAMMA.ln() - 1.0).abs() < 1e-12);
        assert_eq!(INDEX_MIN, (ZERO_BELOW.ln() / GAMMA.ln()).ceil() as i32);
        assert_eq!(INDEX_MAX, (MAX_VALUE.ln() / GAMMA.ln()).ceil() as i32);
        let mut s = Sketch::new();
        for _ in 0..5 {
            s.add(-1130.0);
        }
        assert_eq!(s.quantile(0.5), -1130.0);
    }

    #[test]
    fn merging_is_exact_and_order_independent() {
        let v: Vec<f64> = (0..1000).map(|i| (i as f64 - 300.0) * 1.7).collect();
        let mut all = Sketch::new();
        v.iter().for_each(|x| all.add(*x));
        let (mut a, mut b) = (Sketch::new(), Sketch::new());
        v[..123].iter().for_each(|x| a.add(*x));
        v[123..].iter().for_each(|x| b.add(*x));
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab.buckets(), all.buckets());
        assert_eq!(ab.quantile(0.37), all.quantile(0.37));
    }

    #[test]
    fn quantiles_are_ordered_and_zero_is_exact() {
        let mut s = Sketch::new();
        for x in [0.0, 0.0, 5.0, -2.0, 1e-9] {
            s.add(x);
        }
        assert_eq!(s.quantile(0.5), 0.0);
        let qs: Vec<f64> = [0.0, 0.1, 0.5, 0.9, 1.0]
            .iter()
            .map(|q| s.quantile(*q))
            .collect();
        assert!(qs.windows(2).all(|w| w[0] <= w[1]), "{qs:?}");
    }
}
