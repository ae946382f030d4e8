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
//!
//! # How a bucket index is computed, exactly and without a logarithm
//!
//! The bucket of a magnitude `m ≥ ZERO_BELOW` is *defined* by
//! `index_reference`: `⌈clamp(ln m · (1/ln γ), INDEX_MIN, INDEX_MAX)⌉`,
//! computed in `f64` with the platform's `ln`. The multiplication, clamp and
//! ceiling are monotone (non-decreasing) in `m`, and so is `ln` in any sound
//! libm (glibc's is accurate to well under an ulp); the tests check it
//! around every threshold. So each bucket `i` is a contiguous run of `f64`s
//! ending at a threshold `thr[i]`, the largest `f64` whose reference index is
//! `i` (`thr[INDEX_MAX]` = +∞). The thresholds are found once per process
//! (a [`OnceLock`]) by searching the bit patterns near `γ^i` with the
//! reference function itself, so they reproduce its rounding exactly (about a
//! millisecond). Each sketch keeps a reference to the tables, taken when it is
//! created, so `add` makes no initialisation check.
//!
//! The hot path never calls `ln`. The exponent and the top `SLOT_BITS` (7)
//! mantissa bits of `m` name a *slot* `[2^e (1 + k/128), 2^e (1 + (k+1)/128))`,
//! whose width in `ln` is at most `ln(1 + 1/128) ≈ 0.0078`, less than a
//! bucket's `ln γ ≈ 0.0100`; so a slot meets at most two buckets. A slot
//! table gives `i0`, the index of the slot's smallest value, and then
//! `index(m) = i0 + (m > thr[i0])`. This equals the reference because, by
//! monotonicity, `i0 ≤ index_reference(m) ≤ i0 + 1` on the slot, and
//! `index_reference(m) > i0` exactly when `m > thr[i0]`. Slots above the one
//! holding [`MAX_VALUE`] all map to `INDEX_MAX`, as the clamp does. The tests
//! check the assumptions (monotonicity around every threshold, at most two
//! buckets per slot) and compare the two functions on millions of values.

use std::sync::OnceLock;

/// Relative accuracy α of every quantile.
pub const RELATIVE_ACCURACY: f64 = 0.005;
/// Magnitudes below this count as zero.
pub const ZERO_BELOW: f64 = 1e-6;
/// Magnitudes above this share the top bucket.
pub const MAX_VALUE: f64 = 1e15;

const GAMMA: f64 = (1.0 + RELATIVE_ACCURACY) / (1.0 - RELATIVE_ACCURACY);

/// ln γ, written out (checked against `GAMMA.ln()` in the tests).
const LN_GAMMA: f64 = 0.010_000_083_334_583_179;
/// 1 / ln γ.
const INV_LN_GAMMA: f64 = 99.999_166_661_112_81;
/// Bucket index of `ZERO_BELOW` and of `MAX_VALUE`.
const INDEX_MIN: i32 = -1381;
const INDEX_MAX: i32 = 3454;

fn ln_gamma() -> f64 {
    LN_GAMMA
}

/// Number of buckets per sign.
const N_BUCKETS: usize = (INDEX_MAX - INDEX_MIN + 1) as usize;
/// Length of the threshold table: `N_BUCKETS` rounded up to a power of two.
const THR_LEN: usize = N_BUCKETS.next_power_of_two();
/// Mantissa bits (below the exponent) that name a slot.
const SLOT_BITS: u32 = 7;
/// Shift from an `f64`'s bits to its slot key (exponent and top mantissa bits).
const SLOT_SHIFT: u32 = 52 - SLOT_BITS;
/// Slot key of `ZERO_BELOW` (the smallest magnitude that is indexed).
const KEY_BASE: u64 = ZERO_BELOW.to_bits() >> SLOT_SHIFT;
/// First slot above the one holding `MAX_VALUE`: it and every higher slot hold
/// only magnitudes above `MAX_VALUE`, which all land in `INDEX_MAX`.
const KEY_TOP: u64 = (MAX_VALUE.to_bits() >> SLOT_SHIFT) + 1;
/// Number of slots in the table.
const N_SLOTS: usize = (KEY_TOP - KEY_BASE + 1) as usize;

/// The defining bucket index of a magnitude `m ≥ ZERO_BELOW` (one logarithm):
/// the table-driven `Tables::index` must agree with it on every `f64`.
fn index_reference(m: f64) -> i32 {
    // ceil without a libm call: truncate, then step up for a positive fraction.
    let y = (m.ln() * INV_LN_GAMMA).clamp(INDEX_MIN as f64, INDEX_MAX as f64);
    let i = y as i32;
    if (i as f64) < y { i + 1 } else { i }
}

/// Lookup tables of the exact, logarithm-free index (see the module doc).
struct Tables {
    /// `thr[i − INDEX_MIN]`: the largest `f64` whose reference index is `i`
    /// (+∞ for `INDEX_MAX`).
    /// Padded with +∞ to a power of two, so a mask replaces the bounds check.
    thr: [f64; THR_LEN],
    /// `slot[k − KEY_BASE]`: the reference index, minus `INDEX_MIN`, of the
    /// smallest magnitude `≥ ZERO_BELOW` in slot `k`.
    slot: [u16; N_SLOTS],
}

/// The largest `f64` whose reference index is `i` (`INDEX_MIN ≤ i < INDEX_MAX`),
/// assuming `index_reference` is monotone: a gallop from `γ^i` to bracket the
/// step, then a bisection on the bit pattern.
fn threshold(i: i32) -> f64 {
    let start = (f64::from(i) * LN_GAMMA).exp().to_bits();
    // lo has index ≤ i, hi has index > i.
    let (mut lo, mut hi);
    if index_reference(f64::from_bits(start)) <= i {
        lo = start;
        let mut step = 1u64;
        loop {
            hi = lo + step;
            if index_reference(f64::from_bits(hi)) > i {
                break;
            }
            lo = hi;
            step *= 2;
        }
    } else {
        hi = start;
        let mut step = 1u64;
        loop {
            lo = hi - step;
            if index_reference(f64::from_bits(lo)) <= i {
                break;
            }
            hi = lo;
            step *= 2;
        }
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if index_reference(f64::from_bits(mid)) <= i {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    f64::from_bits(lo)
}

impl Tables {
    fn build() -> Box<Tables> {
        let mut t = Box::new(Tables {
            thr: [f64::INFINITY; THR_LEN],
            slot: [0; N_SLOTS],
        });
        for (j, thr) in t.thr[..N_BUCKETS - 1].iter_mut().enumerate() {
            *thr = threshold(INDEX_MIN + j as i32);
        }
        // i0 of a slot: the first bucket whose threshold reaches the slot's
        // smallest magnitude (thresholds increase with i).
        let mut j = 0;
        for (k, i0) in t.slot.iter_mut().enumerate() {
            let low = f64::from_bits((KEY_BASE + k as u64) << SLOT_SHIFT).max(ZERO_BELOW);
            while t.thr[j] < low {
                j += 1;
            }
            *i0 = j as u16;
        }
        t
    }

    /// The tables, built on first use.
    fn get() -> &'static Tables {
        static TABLES: OnceLock<Box<Tables>> = OnceLock::new();
        TABLES.get_or_init(Tables::build)
    }

    /// The bucket index of `m ≥ ZERO_BELOW`, equal to `index_reference(m)`.
    #[inline]
    fn index(&self, m: f64) -> i32 {
        // One unsigned `min`: keys above KEY_TOP share its slot (INDEX_MAX);
        // keys below KEY_BASE (m < ZERO_BELOW, never passed) would wrap to it too.
        let k = (m.to_bits() >> SLOT_SHIFT)
            .wrapping_sub(KEY_BASE)
            .min(KEY_TOP - KEY_BASE);
        let i0 = usize::from(self.slot[k as usize]);
        let j = i0 + usize::from(m > self.thr[i0 & (THR_LEN - 1)]);
        INDEX_MIN + j as i32
    }
}

/// The shared tables, held by every sketch so that `add` needs no
/// initialisation check. Always equal: the tables are one per process.
#[derive(Clone, Copy)]
struct TablesRef(&'static Tables);

impl Default for TablesRef {
    fn default() -> Self {
        TablesRef(Tables::get())
    }
}

impl PartialEq for TablesRef {
    fn eq(&self, _: &TablesRef) -> bool {
        true
    }
}

impl std::fmt::Debug for TablesRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tables")
    }
}

/// Dense counts over a contiguous range of bucket indices.
#[derive(Debug, Clone, Default, PartialEq)]
struct Store {
    offset: i32,
    counts: Vec<u32>,
}

impl Store {
    /// Adds `n` to bucket `i`: one comparison when `i` is already in range.
    #[inline]
    fn add(&mut self, i: i32, n: u32) {
        // Wrapping: below `offset` becomes huge, so one comparison covers both ends.
        let j = i.wrapping_sub(self.offset) as u32 as usize;
        match self.counts.get_mut(j) {
            Some(c) => *c += n,
            None => self.add_grow(i, n),
        }
    }

    /// Adds `n` to bucket `i` outside the current range (growing it).
    #[cold]
    #[inline(never)]
    fn add_grow(&mut self, i: i32, n: u32) {
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
    tables: TablesRef,
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
            tables: TablesRef::default(),
        }
    }
}

impl Sketch {
    /// An empty sketch.
    pub fn new() -> Sketch {
        Sketch::default()
    }

    /// Adds one value (non-finite values are ignored).
    #[inline]
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        self.count += 1;
        // x is finite and min, max are never NaN, so no NaN handling; the
        // branches are rarely taken once a few paths are in. A tie (e.g. −0
        // after +0) keeps the earlier value, as `f64::min` does on x86-64.
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
        let m = x.abs();
        if m < ZERO_BELOW {
            self.zero += 1;
        } else {
            let i = self.tables.0.index(m);
            // x ≠ 0 here, so its sign bit tells x > 0 from x < 0.
            let store = if x.is_sign_negative() {
                &mut self.neg
            } else {
                &mut self.pos
            };
            store.add(i, 1);
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
        if self.count == 0 {
            // min > max here, which `clamp` would panic on.
            return f64::NAN;
        }
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

    /// The table-driven index of a magnitude `m ≥ ZERO_BELOW`.
    fn fast_index(m: f64) -> i32 {
        Tables::get().index(m)
    }

    /// The `f64` `d` ulps from positive finite `x` (by bit pattern).
    fn ulps_from(x: f64, d: i64) -> f64 {
        f64::from_bits(x.to_bits().wrapping_add_signed(d))
    }

    /// The sketch the code before the lookup tables built: `ln` per value, and
    /// the general (growing) store update for every value.
    fn add_reference(s: &mut Sketch, x: f64) {
        if !x.is_finite() {
            return;
        }
        s.count += 1;
        s.min = s.min.min(x);
        s.max = s.max.max(x);
        let m = x.abs();
        if m < ZERO_BELOW {
            s.zero += 1;
        } else if x > 0.0 {
            s.pos.add_grow(index_reference(m), 1);
        } else {
            s.neg.add_grow(index_reference(m), 1);
        }
    }

    #[test]
    fn thresholds_are_exact_and_the_reference_is_monotone_around_them() {
        let t = Tables::get();
        for (j, thr) in t.thr[..N_BUCKETS - 1].iter().enumerate() {
            let i = INDEX_MIN + j as i32;
            assert_eq!(index_reference(*thr), i, "thr[{i}]");
            assert_eq!(
                index_reference(ulps_from(*thr, 1)),
                i + 1,
                "thr[{i}] + 1 ulp"
            );
            let mut prev = i32::MIN;
            for d in -64..=64 {
                let m = ulps_from(*thr, d);
                let r = index_reference(m);
                assert!(r >= prev, "not monotone at {m:e}");
                prev = r;
                if m >= ZERO_BELOW {
                    assert_eq!(fast_index(m), r, "{m:e} ({d} ulps from thr[{i}])");
                }
            }
        }
        assert!(t.thr[..N_BUCKETS].windows(2).all(|w| w[0] < w[1]));
        assert!(t.thr[N_BUCKETS - 1..].iter().all(|x| *x == f64::INFINITY));
    }

    #[test]
    fn a_slot_meets_at_most_two_buckets() {
        let t = Tables::get();
        for (k, i0) in t.slot.iter().enumerate() {
            let key = KEY_BASE + k as u64;
            let low = f64::from_bits(key << SLOT_SHIFT).max(ZERO_BELOW);
            let high = f64::from_bits(((key + 1) << SLOT_SHIFT) - 1);
            let i0 = INDEX_MIN + i32::from(*i0);
            assert_eq!(index_reference(low), i0, "slot {key} low {low:e}");
            assert!(index_reference(high) <= i0 + 1, "slot {key} high {high:e}");
        }
        // Every slot from KEY_TOP on is above MAX_VALUE (all in the top bucket).
        assert!(f64::from_bits(KEY_TOP << SLOT_SHIFT) > MAX_VALUE);
        assert_eq!(t.slot[N_SLOTS - 1], (N_BUCKETS - 1) as u16);
    }

    #[test]
    fn the_fast_index_equals_the_reference() {
        let mut specials = vec![
            ZERO_BELOW,
            ulps_from(ZERO_BELOW, 1),
            1.0,
            ulps_from(1.0, -1),
            ulps_from(1.0, 1),
            MAX_VALUE,
            ulps_from(MAX_VALUE, -1),
            ulps_from(MAX_VALUE, 1),
            MAX_VALUE * 1.0001,
            MAX_VALUE * 2.0,
            1e300,
            f64::MAX,
        ];
        for i in INDEX_MIN..=INDEX_MAX {
            let p = (f64::from(i) * GAMMA.ln()).exp();
            specials.extend([p, GAMMA.powi(i), ulps_from(p, -1), ulps_from(p, 1)]);
        }
        for m in specials.into_iter().filter(|m| *m >= ZERO_BELOW) {
            assert_eq!(fast_index(m), index_reference(m), "{m:e}");
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let (lo, hi) = (ZERO_BELOW.ln(), (10.0 * MAX_VALUE).ln());
        for _ in 0..2_000_000 {
            let m = (lo + (hi - lo) * rng.random::<f64>()).exp().max(ZERO_BELOW);
            assert_eq!(fast_index(m), index_reference(m), "{m:e}");
        }
    }

    #[test]
    fn the_fast_add_builds_the_same_sketch() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let mut v: Vec<f64> = (0..200_000)
            .map(|_| {
                let e = 40.0 * rng.random::<f64>() - 20.0;
                let sign = if rng.random::<bool>() { 1.0 } else { -1.0 };
                sign * 10f64.powf(e)
            })
            .collect();
        v.extend([
            0.0,
            -0.0,
            1e-9,
            -1e-9,
            ZERO_BELOW,
            -ZERO_BELOW,
            MAX_VALUE,
            -2.0 * MAX_VALUE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
        ]);
        let (mut fast, mut slow) = (Sketch::new(), Sketch::new());
        for x in &v {
            fast.add(*x);
            add_reference(&mut slow, *x);
        }
        assert_eq!(fast, slow);
        assert_eq!(fast.heap_bytes(), slow.heap_bytes());
        assert_eq!(fast.buckets(), slow.buckets());
    }

    /// Signed zeros and ties: the exact min and max keep the same bits as
    /// the old `f64::min` / `f64::max` path (x86-64 semantics).
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn min_and_max_keep_the_same_signed_zero() {
        for v in [[0.0, -0.0], [-0.0, 0.0], [0.0, 0.0], [-0.0, -0.0]] {
            let (mut fast, mut slow) = (Sketch::new(), Sketch::new());
            for x in v {
                fast.add(x);
                add_reference(&mut slow, x);
            }
            assert_eq!(fast.min.to_bits(), slow.min.to_bits(), "{v:?}");
            assert_eq!(fast.max.to_bits(), slow.max.to_bits(), "{v:?}");
        }
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

    #[test]
    fn an_empty_sketch_has_nan_quantiles() {
        let mut s = Sketch::new();
        assert!(s.quantile(0.5).is_nan());
        s.add(f64::NAN);
        assert!(s.quantile(0.0).is_nan());
    }
}
