//! The debt ledger: cohorts by tenor and maturity, rolled over at current yields.
//!
//! Each debt tenor keeps a ring of `m` slots (its maturity in steps; all the
//! rings lie one after another in one array, so a copy of the ledger is two
//! memory copies). Slot `t mod m` holds everything that matures at step `t`: at that step it is
//! refinanced in the same tenor at the current yield, and new borrowing at
//! that tenor joins the same slot (it matures `m` steps later). Cohorts that
//! mature together are merged, keeping their face value and their annual
//! interest (Σ face × coupon), which is exact for interest. Two running
//! totals of the whole ledger (Σ face, Σ interest), updated by each change,
//! make a step cost O(tenors), not O(cohorts).
//!
//! The starting stock of each tenor is spread over its remaining maturities
//! with weights `exp(−g · age)`: a debt whose issuance grew at rate `g` a
//! year has more recent (longer-remaining) cohorts. `g` is solved so that the
//! ledger's weighted average maturity equals the configured one.

use super::params::DebtParams;

/// The cohorts of one tenor that mature at the same step (merged).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Cohort {
    /// Face value ($B).
    face: f64,
    /// Annual interest (Σ face × coupon, $B a year).
    interest: f64,
}

/// One tenor: where its ring lies in the ledger's cohorts.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Book {
    /// Index in `Ledger::cohorts` of the ring's first slot (slot 0).
    start: usize,
    /// Index one past the ring's last slot: `start + m`.
    end: usize,
    /// Index in `Ledger::cohorts` of the slot of the ledger's current step
    /// (`start + step mod m`).
    slot: usize,
}

/// The marketable debt as cohorts by tenor and maturity date.
#[derive(Debug, PartialEq)]
pub struct Ledger {
    /// Every tenor's ring, one after another (book `k`'s is `books[k].start..books[k].end`):
    /// copying a ledger is one copy of this and one of `books`.
    cohorts: Vec<Cohort>,
    /// The tenors, in the order of the debt parameters.
    books: Vec<Book>,
    /// Σ face of every cohort ($B), kept up to date as cohorts change.
    face_total: f64,
    /// Σ annual interest of every cohort ($B a year), kept up to date as cohorts change.
    interest_total: f64,
    /// The step every book's `slot` points at: consecutive steps find their
    /// slots without an integer division (the ledger's hot path).
    slot_step: usize,
}

impl Clone for Ledger {
    fn clone(&self) -> Ledger {
        Ledger {
            cohorts: self.cohorts.clone(),
            books: self.books.clone(),
            face_total: self.face_total,
            interest_total: self.interest_total,
            slot_step: self.slot_step,
        }
    }

    /// Copies `o` into this ledger's memory (a Monte Carlo starts every path
    /// from the same ledger without allocating).
    fn clone_from(&mut self, o: &Ledger) {
        self.cohorts.clone_from(&o.cohorts);
        self.books.clone_from(&o.books);
        self.face_total = o.face_total;
        self.interest_total = o.interest_total;
        self.slot_step = o.slot_step;
    }
}

/// Mean remaining maturity (in steps) of a ring of `m` cohorts weighted `exp(−g·age)`.
fn mean_remaining_steps(m: usize, g_per_step: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for r in 1..=m {
        let w = (-g_per_step * (m - r) as f64).exp();
        num += w * r as f64;
        den += w;
    }
    num / den
}

/// Weighted average maturity (months) of a ledger built with issuance growth `g` (per year).
fn wam_for_growth(p: &DebtParams, dt: f64, g: f64) -> f64 {
    p.maturity_steps
        .iter()
        .zip(&p.shares)
        .map(|(&m, &s)| s * mean_remaining_steps(m, g * dt) * dt * 12.0)
        .sum()
}

/// The range of weighted average maturity (months) a ledger with these tenors and shares can have.
pub fn feasible_wam_months(p: &DebtParams, dt: f64) -> (f64, f64) {
    (wam_for_growth(p, dt, -G_MAX), wam_for_growth(p, dt, G_MAX))
}

/// Bounds of the solved issuance growth (per year, either sign).
const G_MAX: f64 = 1.0;

/// Solves the issuance growth `g` (per year) that gives the configured WAM, by bisection.
/// Clamped to ±`G_MAX` when the target is outside what the tenors allow.
pub fn solve_history_growth(p: &DebtParams, dt: f64) -> f64 {
    // WAM rises with g: faster past growth weights recent, longer-remaining cohorts.
    let (mut lo, mut hi) = (-G_MAX, G_MAX);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        let (new_lo, new_hi) = if wam_for_growth(p, dt, mid) < p.wam_months {
            (mid, hi)
        } else {
            (lo, mid)
        };
        // An iteration that changes neither bound would repeat itself to the
        // end (same midpoint, same test): stop with the same result.
        if new_lo == lo && new_hi == hi {
            break;
        }
        (lo, hi) = (new_lo, new_hi);
    }
    0.5 * (lo + hi)
}

/// Modified duration of a par bond of `years` at a 4% yield (years):
/// (1 − e^(−0.04·T)) / 0.04. About 8.2 at ten years and 17.5 at thirty (FACTS: ≈ 8 and 16–17).
pub fn par_duration(years: f64) -> f64 {
    (1.0 - (-0.04 * years).exp()) / 0.04
}

impl Ledger {
    /// The starting ledger: `marketable` spread over tenors by `shares`, each
    /// over its maturities with the growth weights, at each tenor's coupon.
    pub fn initial(p: &DebtParams, dt: f64) -> Ledger {
        let g = solve_history_growth(p, dt);
        let mut cohorts = Vec::with_capacity(p.maturity_steps.iter().sum());
        let mut books = Vec::with_capacity(p.maturity_steps.len());
        let (mut face_total, mut interest_total) = (0.0, 0.0);
        for (k, &m) in p.maturity_steps.iter().enumerate() {
            let stock = p.marketable * p.shares[k];
            let weights: Vec<f64> = (1..=m).map(|r| (-g * dt * (m - r) as f64).exp()).collect();
            let wsum: f64 = weights.iter().sum();
            let start = cohorts.len();
            cohorts.resize(start + m, Cohort::default());
            let ring = &mut cohorts[start..];
            for (j, w) in weights.iter().enumerate() {
                let r = j + 1;
                let f = stock * w / wsum;
                ring[r % m].face += f;
                ring[r % m].interest += f * p.coupons_pct[k] / 100.0;
            }
            face_total += ring.iter().map(|c| c.face).sum::<f64>();
            interest_total += ring.iter().map(|c| c.interest).sum::<f64>();
            books.push(Book {
                start,
                end: start + m,
                slot: start,
            });
        }
        Ledger {
            cohorts,
            books,
            face_total,
            interest_total,
            slot_step: 0,
        }
    }

    /// The ring of book `b` (its `m` cohorts by slot: slot `t mod m` matures at step `t`).
    fn ring(&self, b: &Book) -> &[Cohort] {
        &self.cohorts[b.start..b.end]
    }

    /// Points every book's `slot` at step `t`: returns how far each slot
    /// still has to advance (0 or 1; callers add it, wrapping at `end`).
    #[inline]
    fn seek(&mut self, t: usize) -> usize {
        if t == self.slot_step {
            return 0;
        }
        let next = t == self.slot_step + 1;
        self.slot_step = t;
        if next {
            return 1;
        }
        for b in &mut self.books {
            b.slot = b.start + t % (b.end - b.start);
        }
        0
    }

    /// Refinances everything maturing at step `t` in its own tenor at
    /// `yields_pct[k]` (the current yield of debt tenor `k`). Returns $B rolled.
    pub fn roll(&mut self, t: usize, yields_pct: &[f64]) -> f64 {
        let step = self.seek(t);
        let cohorts = &mut self.cohorts[..];
        let mut rolled = 0.0;
        let mut interest = self.interest_total;
        for (b, y) in self.books.iter_mut().zip(yields_pct) {
            let mut slot = b.slot + step;
            if slot == b.end {
                slot = b.start;
            }
            b.slot = slot;
            let c = &mut cohorts[slot];
            let new_interest = c.face * y / 100.0;
            interest += new_interest - c.interest;
            c.interest = new_interest;
            rolled += c.face;
        }
        self.interest_total = interest;
        rolled
    }

    /// Face value maturing at step `t`, by debt tenor ($B).
    pub fn maturing(&self, t: usize) -> Vec<f64> {
        self.books
            .iter()
            .map(|b| {
                let ring = self.ring(b);
                ring[t % ring.len()].face
            })
            .collect()
    }

    /// Like [`Ledger::roll`], but a share `shift` of what matures in every
    /// tenor other than `bills` is refinanced as bills (tenor index `bills`)
    /// instead. Returns $B refinanced.
    pub fn roll_shifted(&mut self, t: usize, yields_pct: &[f64], shift: f64, bills: usize) -> f64 {
        let mut moved = 0.0;
        for (k, b) in self.books.iter_mut().enumerate() {
            if k == bills {
                continue;
            }
            let m = b.end - b.start;
            let c = &mut self.cohorts[b.start + t % m];
            let f = c.face * shift;
            if f > 0.0 {
                let share = f / c.face;
                let gone = c.interest * share;
                c.face -= f;
                c.interest -= gone;
                self.face_total -= f;
                self.interest_total -= gone;
                moved += f;
            }
        }
        let rolled = self.roll(t, yields_pct);
        let shares: Vec<f64> = (0..self.books.len())
            .map(|k| if k == bills { 1.0 } else { 0.0 })
            .collect();
        self.issue(t, moved, &shares, yields_pct);
        rolled + moved
    }

    /// Issues `amount` ($B) of new debt at step `t`, split by `shares`, at
    /// `yields_pct` by debt tenor. It matures one full tenor later.
    pub fn issue(&mut self, t: usize, amount: f64, shares: &[f64], yields_pct: &[f64]) {
        // Usually called right after `roll` at the same step: nothing to advance.
        if self.seek(t) != 0 {
            for b in &mut self.books {
                b.slot += 1;
                if b.slot == b.end {
                    b.slot = b.start;
                }
            }
        }
        let cohorts = &mut self.cohorts[..];
        let (mut face, mut interest) = (self.face_total, self.interest_total);
        // A zero share adds ±0 (the yields are finite), which leaves a cohort
        // or total at the same value: no branch for it.
        for ((b, share), y) in self.books.iter().zip(shares).zip(yields_pct) {
            let f = amount * share;
            let i = f * y / 100.0;
            let c = &mut cohorts[b.slot];
            c.face += f;
            c.interest += i;
            face += f;
            interest += i;
        }
        self.face_total = face;
        self.interest_total = interest;
    }

    /// Total face value ($B).
    pub fn face(&self) -> f64 {
        self.face_total
    }

    /// Annual interest on the ledger as it stands ($B a year).
    pub fn annual_interest(&self) -> f64 {
        self.interest_total
    }

    /// Face value by debt tenor ($B).
    pub fn face_by_tenor(&self) -> Vec<f64> {
        self.books
            .iter()
            .map(|b| self.ring(b).iter().map(|c| c.face).sum())
            .collect()
    }

    /// Annual interest recomputed cohort by cohort ($B a year): a check on the running totals.
    pub fn annual_interest_by_cohort(&self) -> f64 {
        self.cohorts.iter().map(|c| c.interest).sum()
    }

    /// Calls `f` with the faces of the slots of book `b` maturing at steps
    /// `t + 1`, `t + 2`, …, `t + n` (`n` ≤ the ring's length), in that order.
    #[inline]
    fn for_next(&self, b: &Book, t: usize, n: usize, mut f: impl FnMut(f64)) {
        let ring = self.ring(b);
        let first = (t + 1) % ring.len();
        let (wrapped, head) = ring.split_at(first);
        let n_head = n.min(head.len());
        for c in &head[..n_head] {
            f(c.face);
        }
        for c in &wrapped[..n - n_head] {
            f(c.face);
        }
    }

    /// Weighted average maturity (months) after step `t`'s rollover.
    pub fn wam_months(&self, t: usize, dt: f64) -> f64 {
        let mut num = 0.0;
        for b in &self.books {
            let mut r = 0.0;
            self.for_next(b, t, b.end - b.start, |face| {
                r += 1.0;
                num += face * r;
            });
        }
        num * dt * 12.0 / self.face()
    }

    /// Share of face value maturing within the next `n` steps after step `t` (0..1).
    pub fn share_maturing_within(&self, t: usize, n: usize) -> f64 {
        let mut due = 0.0;
        for b in &self.books {
            self.for_next(b, t, n.min(b.end - b.start), |face| due += face);
        }
        due / self.face()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn debt(dt: f64) -> DebtParams {
        let tenors = ["3m", "2y", "5y", "7y", "10y", "20y", "30y"];
        let years = [0.25, 2.0, 5.0, 7.0, 10.0, 20.0, 30.0];
        DebtParams {
            gross: 36_200.0,
            marketable: 28_950.0,
            wam_months: 71.0,
            tenors: tenors.iter().map(|s| s.to_string()).collect(),
            tenor_years: years.to_vec(),
            maturity_steps: years
                .iter()
                .map(|y| ((y / dt).round() as usize).max(1))
                .collect(),
            shares: vec![0.21, 0.15, 0.20, 0.08, 0.19, 0.05, 0.12],
            coupons_pct: vec![4.316, 3.008, 3.008, 3.008, 3.008, 3.278, 3.278],
            issuance_shares: vec![0.21, 0.15, 0.20, 0.08, 0.19, 0.05, 0.12],
            growth_per_step: 0.0,
            fiscal_feedback: false,
        }
    }

    #[test]
    fn initial_ledger_has_the_configured_size_wam_and_average_rate() {
        for dt in [1.0 / 252.0, 1.0 / 52.0, 1.0 / 12.0, 0.25] {
            let p = debt(dt);
            let l = Ledger::initial(&p, dt);
            assert!((l.face() - 28_950.0).abs() < 1e-6);
            let wam = l.wam_months(0, dt);
            assert!((wam - 71.0).abs() < 2.0, "dt {dt}: WAM {wam}");
            let avg: f64 = p
                .shares
                .iter()
                .zip(&p.coupons_pct)
                .map(|(s, c)| s * c)
                .sum();
            assert!((l.annual_interest() / l.face() * 100.0 - avg).abs() < 1e-9);
        }
    }

    #[test]
    fn interest_is_the_sum_over_cohorts_and_holds_at_unchanged_yields() {
        let dt = 1.0 / 12.0;
        let p = debt(dt);
        let mut l = Ledger::initial(&p, dt);
        let start_rate = l.annual_interest() / l.face();
        // Yields equal to each tenor's coupon: refinancing changes nothing.
        for t in 1..=120 {
            l.roll(t, &p.coupons_pct);
            l.issue(t, 200.0, &p.shares, &p.coupons_pct);
            let by_cohort = l.annual_interest_by_cohort();
            assert!((l.annual_interest() - by_cohort).abs() < 1e-6 * by_cohort);
        }
        let end_rate = l.annual_interest() / l.face();
        assert!(
            (end_rate - start_rate).abs() < 1e-12,
            "{end_rate} vs {start_rate}"
        );
        assert!((l.face() - 28_950.0 - 24_000.0).abs() < 1e-6);
    }

    #[test]
    fn shifting_refinancing_to_bills_keeps_the_debt_and_shortens_it() {
        let dt = 1.0 / 12.0;
        let p = debt(dt);
        let mut plain = Ledger::initial(&p, dt);
        let mut shifted = plain.clone();
        for t in 1..=24 {
            plain.roll(t, &p.coupons_pct);
            shifted.roll_shifted(t, &p.coupons_pct, 0.5, 0);
        }
        assert!((plain.face() - shifted.face()).abs() < 1e-6);
        assert!(shifted.share_maturing_within(24, 12) > plain.share_maturing_within(24, 12) + 0.05);
        let by_cohort = shifted.annual_interest_by_cohort();
        assert!((shifted.annual_interest() - by_cohort).abs() < 1e-6 * by_cohort);
        assert!((par_duration(10.0) - 8.24).abs() < 0.01);
    }

    #[test]
    fn running_totals_follow_repeated_and_skipped_steps() {
        // Steps repeated (7, 7), skipped (8 → 30 → 40), zero shares and
        // amounts, a negative amount: the running totals stay the cohorts' sums
        // (to 1e-9: the same terms added in another order, ~50 additions of rounding).
        let dt = 1.0 / 12.0;
        let p = debt(dt);
        let mut l = Ledger::initial(&p, dt);
        let up: Vec<f64> = p.coupons_pct.iter().map(|c| c + 1.7).collect();
        let mut shares = p.shares.clone();
        shares[2] = 0.0;
        let steps = [
            (1, 150.0),
            (2, 0.0),
            (2, 75.5),
            (3, 150.0),
            (7, 150.0),
            (7, 150.0),
        ];
        let steps = steps
            .into_iter()
            .chain([(8, 150.0), (30, 310.0), (40, -20.0)]);
        for (t, amount) in steps {
            l.roll(t, &up);
            let by_cohort = l.annual_interest_by_cohort();
            assert!(
                (l.annual_interest() - by_cohort).abs() < 1e-9 * by_cohort,
                "{t}"
            );
            l.issue(t, amount, &shares, &up);
            let face: f64 = l.face_by_tenor().iter().sum();
            assert!((l.face() - face).abs() < 1e-9 * face, "{t}");
            let by_cohort = l.annual_interest_by_cohort();
            assert!(
                (l.annual_interest() - by_cohort).abs() < 1e-9 * by_cohort,
                "{t}"
            );
        }
    }

    #[test]
    fn a_rate_rise_reaches_bills_first() {
        let dt = 1.0 / 12.0;
        let p = debt(dt);
        let mut l = Ledger::initial(&p, dt);
        let base = l.annual_interest();
        let up: Vec<f64> = p.coupons_pct.iter().map(|c| c + 1.0).collect();
        let share_year = l.share_maturing_within(0, 12);
        for t in 1..=12 {
            l.roll(t, &up);
        }
        let extra = l.annual_interest() - base;
        // After a year exactly what matured within it pays 1 pp more.
        assert!(
            (extra - 0.01 * share_year * 28_950.0).abs() < 1e-6,
            "{extra}"
        );
        assert!(share_year > 0.25 && share_year < 0.45, "{share_year}");
    }
}
