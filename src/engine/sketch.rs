//! A mergeable, bounded-memory quantile sketch (log-linear buckets, in the
//! manner of an HDR histogram).
//!
//! # Buckets
//!
//! A value's bucket is read straight from its bits. For a magnitude
//! `m = |x| ≥` [`ZERO_BELOW`], the *key* is `m.to_bits() >> 45`: the 11
//! exponent bits and the top 7 mantissa bits. Key `k` holds the half-open
//! range `[lo_k, hi_k)` with `lo_k = f64::from_bits(k << 45)` and
//! `hi_k = lo_k'` of the next key: for `m` in the octave `[2^e, 2^(e+1))`
//! that is `[2^e (1 + j/128), 2^e (1 + (j+1)/128))`, `j = 0..=127`. So
//! each octave is split into 128 buckets of equal width `2^e / 128`. The
//! bucket index is the key minus the key of [`ZERO_BELOW`], clamped (one
//! unsigned `min`) at the index of [`MAX_VALUE`]'s bucket: magnitudes above
//! that bucket share it (accuracy is lost only there). Magnitudes below
//! [`ZERO_BELOW`] (subnormals and ±0 included) are counted as zero. Positive
//! and negative values are counted in separate stores; NaN and ±∞ are
//! ignored.
//!
//! # Accuracy
//!
//! Every value of bucket `k` is reported as its midpoint
//! `r_k = (lo_k + hi_k) / 2 = 2^e (1 + (2j+1)/256)`, which is exactly the
//! `f64` with bits `(k << 45) | (1 << 44)`. A magnitude `m` in the bucket is
//! within half a bucket width, `2^e / 256`, of `r_k`, and `m ≥ 2^e`, so
//! `|r_k − m| ≤ 2^−8 · m` ([`RELATIVE_ACCURACY`], about 0.39%; the bound is
//! reached at `m = 2^e`). Hence the quantile reported is within 2^−8
//! (relative) of the exact order statistic of rank `⌊q · (n − 1)⌋` of
//! everything added: the bucket that holds the order statistic is the one
//! whose representative is reported. The result is then clamped to the
//! exact smallest and largest values added, which can only bring it closer,
//! and makes a figure equal on every path come out exactly.
//!
//! # Merging and memory
//!
//! Counts are integers, so merging two sketches is exact, associative and
//! commutative: the result does not depend on how paths were split among
//! threads. Memory is bounded by the span of magnitudes, not by the number
//! of values: 128 buckets per octave, and about 70 octaves between
//! [`ZERO_BELOW`] and [`MAX_VALUE`], so at most ~9,000 buckets per sign
//! (4-byte counts: up to 4 × 10⁹ values per sketch). A store holds only the
//! range of buckets between its smallest and largest occupied ones, usually
//! a few hundred.

/// Relative accuracy of every quantile: 2^−8 (half a bucket width of 1/128
/// of an octave, relative to the bottom of the octave).
pub const RELATIVE_ACCURACY: f64 = 1.0 / 256.0;
/// Magnitudes below this count as zero.
pub const ZERO_BELOW: f64 = 1e-6;
/// Magnitudes above this share the top bucket.
pub const MAX_VALUE: f64 = 1e15;

/// The sign bit of an `f64`.
const SIGN: u64 = 1 << 63;
/// Bits of +∞: every magnitude's bits at or above it are ∞ or NaN.
const INF_BITS: u64 = f64::INFINITY.to_bits();
/// Bits of `ZERO_BELOW`: for a non-negative `f64`, comparing bits compares values.
const ZERO_BITS: u64 = ZERO_BELOW.to_bits();
/// Mantissa bits (below the exponent) in a key.
const MANTISSA_KEPT: u32 = 7;
/// Shift from an `f64`'s bits to its key (exponent and top mantissa bits).
const SHIFT: u32 = 52 - MANTISSA_KEPT;
/// Key of `ZERO_BELOW`: bucket index 0.
const KEY_BASE: u64 = ZERO_BITS >> SHIFT;
/// Bucket index of `MAX_VALUE`, the top bucket.
const INDEX_MAX: u64 = (MAX_VALUE.to_bits() >> SHIFT) - KEY_BASE;

/// The bucket index of a magnitude's bits `b` (`ZERO_BITS ≤ b < INF_BITS`).
#[inline]
fn index(b: u64) -> u32 {
    ((b >> SHIFT) - KEY_BASE).min(INDEX_MAX) as u32
}

/// The smallest magnitude of bucket `i` (`lo_k`).
#[cfg(test)]
fn bucket_low(i: u32) -> f64 {
    f64::from_bits((KEY_BASE + u64::from(i)) << SHIFT)
}

/// The value every value of bucket `i` is reported as: the bucket's
/// midpoint, exactly (the next mantissa bit below the key set).
fn representative(i: u32) -> f64 {
    f64::from_bits(((KEY_BASE + u64::from(i)) << SHIFT) | (1 << (SHIFT - 1)))
}

/// Dense counts over a contiguous range of bucket indices. The range may
/// reach past the occupied buckets (zeros kept as room to grow into), so
/// two stores are equal when their occupied buckets are. The range never
/// reaches past the top bucket, [`INDEX_MAX`].
#[derive(Debug, Clone)]
struct Store {
    /// Bucket index of `counts[0]`.
    offset: u32,
    /// Key of `counts[0]` (`KEY_BASE + offset`), kept so that
    /// [`Store::add_in_range`] takes one subtraction.
    first_key: u64,
    /// Values counted in each bucket, from bucket `offset` up.
    counts: Vec<u32>,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            offset: 0,
            first_key: KEY_BASE,
            counts: Vec::new(),
        }
    }
}

impl PartialEq for Store {
    fn eq(&self, o: &Store) -> bool {
        self.occupied() == o.occupied()
    }
}

/// A negative `f64`'s bits, shifted to a key, lie at least this far above
/// any store's first key: beyond any store's range, so
/// [`Store::add_in_range`] turns them away with the same comparison.
const NEGATIVE_KEY_GAP: u64 = (SIGN >> SHIFT) - (KEY_BASE + INDEX_MAX);
// Checked at compile time: the gap is wider than any store.
const _: () = assert!(NEGATIVE_KEY_GAP > INDEX_MAX + 1);

impl Store {
    /// The index of the first occupied bucket and the counts from it to the
    /// last occupied one; `(0, [])` when empty.
    fn occupied(&self) -> (u32, &[u32]) {
        let first = self.counts.iter().position(|c| *c != 0);
        let last = self.counts.iter().rposition(|c| *c != 0);
        match (first, last) {
            (Some(f), Some(l)) => (self.offset + f as u32, &self.counts[f..=l]),
            _ => (0, &[]),
        }
    }

    /// Moves the start of the range to bucket index `offset`.
    fn set_offset(&mut self, offset: u32) {
        self.offset = offset;
        self.first_key = KEY_BASE + u64::from(offset);
    }

    /// Counts the positive value with bits `bits` when its bucket is in the
    /// range already, and says whether it did: one subtraction and one
    /// comparison. Any other bits (negative, below [`ZERO_BELOW`], ∞, NaN,
    /// or a bucket outside the range) are turned away by the same comparison,
    /// as the range lies within buckets `0..=INDEX_MAX`.
    #[inline]
    fn add_in_range(&mut self, bits: u64) -> bool {
        // Wrapping: below `first_key` becomes huge, so one comparison covers both ends.
        let j = (bits >> SHIFT).wrapping_sub(self.first_key) as usize;
        match self.counts.get_mut(j) {
            Some(c) => {
                *c += 1;
                true
            }
            None => false,
        }
    }

    /// Adds `n` to bucket `i`: one comparison when `i` is already in range.
    #[inline]
    fn add(&mut self, i: u32, n: u32) {
        // Wrapping: below `offset` becomes huge, so one comparison covers both ends.
        let j = i.wrapping_sub(self.offset) as usize;
        match self.counts.get_mut(j) {
            Some(c) => *c += n,
            None => self.add_grow(i, n),
        }
    }

    /// Adds `n` to bucket `i` outside the current range (growing it).
    #[cold]
    #[inline(never)]
    fn add_grow(&mut self, i: u32, n: u32) {
        debug_assert!(u64::from(i) <= INDEX_MAX);
        if self.counts.is_empty() {
            self.set_offset(i);
            self.counts.push(n);
            return;
        }
        if i < self.offset {
            // Room below `i` too, a quarter of what the store spans (down to
            // bucket 0 at most): a store creeping downwards is copied O(log n)
            // times, not once a bucket, for at most a quarter more memory.
            let room = (self.counts.len() as u32 / 4).min(i);
            let offset = i - room;
            let grow = (self.offset - offset) as usize;
            let mut c = Vec::with_capacity(grow + self.counts.len());
            c.resize(grow, 0);
            c.extend_from_slice(&self.counts);
            self.counts = c;
            self.set_offset(offset);
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
        self.add(o.offset + o.counts.len() as u32 - 1, 0);
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
    /// Exact smallest and largest values added (quantiles are clamped to them,
    /// so a figure equal on every path is reported exactly).
    min: f64,
    max: f64,
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch {
            pos: Store::default(),
            neg: Store::default(),
            zero: 0,
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

    /// Adds one value (non-finite values are ignored).
    #[inline]
    pub fn add(&mut self, x: f64) {
        // The common case first: a positive value in a bucket the positive
        // store holds already.
        if self.pos.add_in_range(x.to_bits()) {
            self.update_min_max(x);
        } else {
            self.add_other(x);
        }
    }

    /// Keeps the exact smallest and largest values: `x` is finite, and min,
    /// max are never NaN, so no NaN handling; the branches are rarely taken
    /// once a few paths are in. A tie (e.g. −0 after +0) keeps the earlier
    /// value, as `f64::min` does on x86-64.
    #[inline]
    fn update_min_max(&mut self, x: f64) {
        if x < self.min {
            self.min = x;
        }
        if x > self.max {
            self.max = x;
        }
    }

    /// Adds a value [`Sketch::add`]'s common case turned away: negative,
    /// (counted as) zero, non-finite, or outside the positive store's range.
    #[inline(never)]
    fn add_other(&mut self, x: f64) {
        let bits = x.to_bits() & !SIGN;
        if x.is_sign_negative() && self.neg.add_in_range(bits) {
            self.update_min_max(x);
            return;
        }
        // NaN and ±∞: the magnitude's bits are at least those of +∞.
        if bits >= INF_BITS {
            return;
        }
        self.update_min_max(x);
        // For non-negative floats, comparing bits is comparing values.
        if bits < ZERO_BITS {
            self.zero += 1;
            return;
        }
        // x ≠ 0 here, so its sign bit tells x > 0 from x < 0.
        let store = if x.is_sign_negative() {
            &mut self.neg
        } else {
            &mut self.pos
        };
        store.add(index(bits), 1);
    }

    /// Adds everything counted in `o` (exact: counts are integers).
    pub fn merge(&mut self, o: &Sketch) {
        self.pos.merge(&o.pos);
        self.neg.merge(&o.neg);
        self.zero += o.zero;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }

    /// How many values were added (finite ones: the others are ignored).
    /// Summed over the buckets, so that `add` need not keep a count.
    pub fn count(&self) -> u64 {
        self.neg.total() + self.zero + self.pos.total()
    }

    /// Buckets in increasing order of value: (representative value, count).
    pub fn buckets(&self) -> Vec<(f64, u64)> {
        let mut out = Vec::new();
        for (j, c) in self.neg.counts.iter().enumerate().rev() {
            if *c > 0 {
                out.push((-representative(self.neg.offset + j as u32), u64::from(*c)));
            }
        }
        if self.zero > 0 {
            out.push((0.0, self.zero));
        }
        for (j, c) in self.pos.counts.iter().enumerate() {
            if *c > 0 {
                out.push((representative(self.pos.offset + j as u32), u64::from(*c)));
            }
        }
        out
    }

    /// The `q` quantile (0 ≤ q ≤ 1), within [`RELATIVE_ACCURACY`] of the
    /// exact order statistic of rank `⌊q · (n − 1)⌋`, and within the exact
    /// smallest and largest values; NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        let neg_total = self.neg.total();
        let count = neg_total + self.zero + self.pos.total();
        if count == 0 {
            // min > max here, which `clamp` would panic on.
            return f64::NAN;
        }
        self.bucket_quantile(q, count, neg_total)
            .clamp(self.min, self.max)
    }

    /// The representative of the bucket holding rank `⌊q · (count − 1)⌋`.
    fn bucket_quantile(&self, q: f64, count: u64, neg_total: u64) -> f64 {
        let rank = (q.clamp(0.0, 1.0) * (count - 1) as f64).floor() as u64;
        let mut seen = 0u64;
        if rank < neg_total {
            for (j, c) in self.neg.counts.iter().enumerate().rev() {
                seen += u64::from(*c);
                if seen > rank {
                    return -representative(self.neg.offset + j as u32);
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
                return representative(self.pos.offset + j as u32);
            }
        }
        representative(self.pos.offset + self.pos.counts.len() as u32 - 1)
    }

    /// The most bytes a sketch's counts can take: every bucket of both signs.
    pub const MAX_BYTES: u64 = 2 * 4 * (INDEX_MAX + 1);

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

    fn assert_quantiles_within_accuracy(v: &mut [f64], s: &Sketch) {
        for q in [
            0.0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.37, 0.5, 0.63, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0,
        ] {
            let e = exact(v, q);
            let a = s.quantile(q);
            assert!(
                (a - e).abs() <= RELATIVE_ACCURACY * e.abs(),
                "q {q}: {a} vs {e}"
            );
        }
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
        assert_eq!(s.count(), v.len() as u64);
        assert_quantiles_within_accuracy(&mut v, &s);
    }

    /// Magnitudes spread over many octaves, both signs, some exactly on
    /// bucket edges (powers of two and `lo_k`), where the bound is tight.
    #[test]
    fn quantiles_are_within_the_relative_accuracy_over_many_octaves() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
        for round in 0..20 {
            let n = 1 + rng.random_range(0..5_000);
            let mut v: Vec<f64> = (0..n)
                .map(|_| {
                    let sign = if rng.random::<f64>() < 0.4 { -1.0 } else { 1.0 };
                    let m = match rng.random_range(0..3) {
                        0 => 10f64.powf(-5.0 + 19.0 * rng.random::<f64>()),
                        1 => 2f64.powi(rng.random_range(-19..49)),
                        _ => bucket_low(rng.random_range(1..=INDEX_MAX as u32)),
                    };
                    sign * m
                })
                .collect();
            let mut s = Sketch::new();
            v.iter().for_each(|x| s.add(*x));
            assert_eq!(s.count(), n as u64, "round {round}");
            assert_quantiles_within_accuracy(&mut v, &s);
        }
    }

    #[test]
    fn constants_fit_the_scheme() {
        assert_eq!(RELATIVE_ACCURACY, 0.5f64.powi(MANTISSA_KEPT as i32 + 1));
        assert_eq!(KEY_BASE, ZERO_BELOW.to_bits() >> 45);
        // ZERO_BELOW's bucket is index 0, MAX_VALUE's the top one.
        assert!(bucket_low(0) <= ZERO_BELOW && ZERO_BELOW < bucket_low(1));
        assert!(bucket_low(INDEX_MAX as u32) <= MAX_VALUE);
        assert!(MAX_VALUE < bucket_low(INDEX_MAX as u32 + 1));
        // 128 buckets per octave, about 70 octaves between the two.
        let octaves = (MAX_VALUE / ZERO_BELOW).log2();
        assert!((69.0..71.0).contains(&octaves));
        const { assert!(69 * 128 < INDEX_MAX && INDEX_MAX < 71 * 128) };
        let mut s = Sketch::new();
        for _ in 0..5 {
            s.add(-1130.0);
        }
        assert_eq!(s.quantile(0.5), -1130.0);
    }

    /// The bucket index by arithmetic rather than bits: the octave `2^e ≤ m`
    /// and the 128th of it, `⌊(m / 2^e − 1) · 128⌋` (exact in `f64`).
    fn reference_index(m: f64) -> u32 {
        let key = |m: f64| {
            let mut e = m.log2().floor() as i32;
            while 2f64.powi(e) > m {
                e -= 1;
            }
            while 2f64.powi(e + 1) <= m {
                e += 1;
            }
            let j = ((m / 2f64.powi(e) - 1.0) * 128.0).floor() as i64;
            assert!((0..128).contains(&j));
            i64::from(e + 1023) * 128 + j
        };
        let i = key(m) - key(ZERO_BELOW);
        assert!(i >= 0);
        i.min(key(MAX_VALUE) - key(ZERO_BELOW)) as u32
    }

    /// The single bucket a sketch holding only `x` reports (no clamping).
    fn bucket_of(x: f64) -> Vec<(f64, u64)> {
        let mut s = Sketch::new();
        s.add(x);
        s.buckets()
    }

    /// Checks that `m` (≥ ZERO_BELOW, ≤ MAX_VALUE) lands in bucket `i` and is
    /// reported within 2^−8 of itself, with either sign.
    fn check(m: f64, i: u32) {
        assert_eq!(index(m.to_bits()), i, "{m:e}");
        assert_eq!(reference_index(m), i, "{m:e}");
        let r = representative(i);
        assert!(
            (r - m).abs() <= RELATIVE_ACCURACY * m,
            "{m:e} reported as {r:e}"
        );
        assert_eq!(bucket_of(m), vec![(r, 1)], "{m:e}");
        assert_eq!(bucket_of(-m), vec![(-r, 1)], "{:e}", -m);
    }

    #[test]
    fn every_value_is_reported_within_the_accuracy_across_bucket_edges() {
        for i in 0..=INDEX_MAX as u32 {
            let (lo, hi) = (bucket_low(i), bucket_low(i + 1));
            // The representative is the exact midpoint.
            assert_eq!(representative(i), lo + (hi - lo) / 2.0, "bucket {i}");
            assert!(lo < representative(i) && representative(i) < hi);
            let below_hi = f64::from_bits(hi.to_bits() - 1);
            let above_lo = f64::from_bits(lo.to_bits() + 1);
            for m in [lo, above_lo, below_hi, lo + 0.3 * (hi - lo)] {
                if (ZERO_BELOW..=MAX_VALUE).contains(&m) {
                    check(m, i);
                }
            }
        }
        // The bound is reached at a power of two (the bottom of an octave).
        let m = 1024.0f64;
        assert_eq!(
            (representative(index(m.to_bits())) - m) / m,
            RELATIVE_ACCURACY
        );
        // Random magnitudes over the whole range.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let (lo, hi) = (ZERO_BELOW.ln(), MAX_VALUE.ln());
        for _ in 0..200_000 {
            let m = (lo + (hi - lo) * rng.random::<f64>())
                .exp()
                .clamp(ZERO_BELOW, MAX_VALUE);
            check(m, reference_index(m));
        }
    }

    #[test]
    fn the_ends_of_the_range_and_special_values() {
        let below = |x: f64| f64::from_bits(x.to_bits() - 1);
        let above = |x: f64| f64::from_bits(x.to_bits() + 1);
        // ZERO_BELOW itself is bucket 0; just below it counts as zero.
        check(ZERO_BELOW, 0);
        check(above(ZERO_BELOW), 0);
        for x in [
            below(ZERO_BELOW),
            -below(ZERO_BELOW),
            1e-9,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            0.0,
            -0.0,
        ] {
            assert_eq!(bucket_of(x), vec![(0.0, 1)], "{x:e}");
        }
        // MAX_VALUE is in the top bucket, accurately; everything above shares it.
        let top = INDEX_MAX as u32;
        check(MAX_VALUE, top);
        check(below(MAX_VALUE), top);
        for m in [above(MAX_VALUE), 2.0 * MAX_VALUE, 1e300, f64::MAX] {
            assert_eq!(index(m.to_bits()), top, "{m:e}");
            assert_eq!(bucket_of(m), vec![(representative(top), 1)], "{m:e}");
            assert_eq!(bucket_of(-m), vec![(-representative(top), 1)], "{m:e}");
        }
        // Non-finite values are ignored entirely.
        let mut s = Sketch::new();
        s.add(3.0);
        let before = s.clone();
        for x in [
            f64::NAN,
            -f64::NAN,
            f64::from_bits(INF_BITS | 1),
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            s.add(x);
        }
        assert_eq!(s, before);
        assert_eq!(s.count(), 1);
        assert_eq!(s.quantile(0.0), 3.0);
        assert!(Sketch::new().quantile(0.5).is_nan());
        let mut s = Sketch::new();
        s.add(f64::NAN);
        assert!(s.quantile(0.0).is_nan());
    }

    fn sketch_of(v: &[f64]) -> Sketch {
        let mut s = Sketch::new();
        v.iter().for_each(|x| s.add(*x));
        s
    }

    #[test]
    fn a_store_growing_downwards_keeps_room_and_compares_by_its_counts() {
        // Values falling one bucket at a time: the store grows downwards at
        // every value, but with room to spare it is copied only O(log n) times
        // (about ln(2,800 buckets) / ln(1.25) ≈ 36; without room, 2,636).
        let v: Vec<f64> = (0..3_000).map(|i| 1e6 * 0.995f64.powi(i)).collect();
        let mut s = Sketch::new();
        let mut copies = 0;
        let mut capacity = 0;
        for x in &v {
            s.add(*x);
            if s.pos.counts.capacity() != capacity {
                capacity = s.pos.counts.capacity();
                copies += 1;
            }
        }
        assert!(copies <= 40, "{copies} reallocations");
        assert!(s.pos.counts[0] == 0, "room kept below the occupied buckets");
        // The same values in increasing order: no room below, equal sketches.
        let mut rev = v.clone();
        rev.reverse();
        let up = sketch_of(&rev);
        assert_ne!(up.pos.offset, s.pos.offset);
        assert_eq!(up, s);
        assert_eq!(up.buckets(), s.buckets());
        for q in [0.0, 0.05, 0.5, 0.95, 1.0] {
            assert_eq!(up.quantile(q), s.quantile(q));
        }
        // One more value makes them differ.
        let mut more = s.clone();
        more.add(3.0);
        assert_ne!(more, up);
    }

    #[test]
    fn merging_is_exact_and_order_independent() {
        let v: Vec<f64> = (0..1000).map(|i| (i as f64 - 300.0) * 1.7).collect();
        let all = sketch_of(&v);
        let (a, b) = (sketch_of(&v[..123]), sketch_of(&v[123..]));
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab, all);
        assert_eq!(ab.buckets(), all.buckets());
        assert_eq!(ab.quantile(0.37), all.quantile(0.37));

        // Wide random data in three parts: every grouping gives the same sketch.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let v: Vec<f64> = (0..30_000)
            .map(|_| {
                let sign = if rng.random::<bool>() { 1.0 } else { -1.0 };
                sign * 10f64.powf(24.0 * rng.random::<f64>() - 8.0)
            })
            .collect();
        let all = sketch_of(&v);
        let parts = [
            sketch_of(&v[..7_000]),
            sketch_of(&v[7_000..7_001]),
            sketch_of(&v[7_001..]),
        ];
        let empty = Sketch::new();
        for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]] {
            let mut m = empty.clone();
            for k in order {
                m.merge(&parts[k]);
                m.merge(&empty);
            }
            assert_eq!(m, all, "{order:?}");
        }
        let mut bc = parts[1].clone();
        bc.merge(&parts[2]);
        let mut a_bc = parts[0].clone();
        a_bc.merge(&bc);
        assert_eq!(a_bc, all);
        assert_eq!(a_bc.count(), v.len() as u64);
    }

    /// Signed zeros and ties: the exact min and max keep the earlier value,
    /// as `f64::min` / `f64::max` do on x86-64.
    #[test]
    fn min_and_max_keep_the_same_signed_zero() {
        for v in [[0.0, -0.0], [-0.0, 0.0], [0.0, 0.0], [-0.0, -0.0]] {
            let s = sketch_of(&v);
            assert_eq!(s.min.to_bits(), v[0].to_bits(), "{v:?}");
            assert_eq!(s.max.to_bits(), v[0].to_bits(), "{v:?}");
            assert_eq!(s.zero, 2);
        }
        let s = sketch_of(&[2.0, -0.0, 7.0, -3.5]);
        assert_eq!((s.min, s.max), (-3.5, 7.0));
    }

    #[test]
    fn quantiles_are_ordered_and_zero_is_exact() {
        let s = sketch_of(&[0.0, 0.0, 5.0, -2.0, 1e-9]);
        assert_eq!(s.quantile(0.5), 0.0);
        let qs: Vec<f64> = [0.0, 0.1, 0.5, 0.9, 1.0]
            .iter()
            .map(|q| s.quantile(*q))
            .collect();
        assert!(qs.windows(2).all(|w| w[0] <= w[1]), "{qs:?}");
        assert_eq!((qs[0], qs[4]), (-2.0, 5.0));

        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
        let v: Vec<f64> = (0..5_000)
            .map(|_| (rng.random::<f64>() - 0.5) * 10f64.powi(rng.random_range(-7..8)))
            .collect();
        let s = sketch_of(&v);
        let qs: Vec<f64> = (0..=200).map(|k| s.quantile(k as f64 / 200.0)).collect();
        assert!(qs.windows(2).all(|w| w[0] <= w[1]), "{qs:?}");
    }
}
