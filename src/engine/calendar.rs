//! Dates of steps: business days (weekends skipped), weeks, months or quarters.

use crate::scenario::schema::StepKind;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

/// The date of every step from 0 to `steps`.
pub fn step_dates(start: NaiveDate, kind: StepKind, steps: usize) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(steps + 1);
    out.push(start);
    let mut d = start;
    for t in 1..=steps {
        d = match kind {
            StepKind::Day => {
                let mut n = d + Days::new(1);
                while matches!(n.weekday(), Weekday::Sat | Weekday::Sun) {
                    n = n + Days::new(1);
                }
                n
            }
            StepKind::Week => d + Days::new(7),
            StepKind::Month => start
                .checked_add_months(Months::new(t as u32))
                .unwrap_or(NaiveDate::MAX),
            StepKind::Quarter => start
                .checked_add_months(Months::new(3 * t as u32))
                .unwrap_or(NaiveDate::MAX),
        };
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_advance_as_named() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 30).unwrap(); // a Friday
        let days = step_dates(start, StepKind::Day, 2);
        assert_eq!(days[1], NaiveDate::from_ymd_opt(2026, 2, 2).unwrap());
        let months = step_dates(start, StepKind::Month, 2);
        assert_eq!(months[1], NaiveDate::from_ymd_opt(2026, 2, 28).unwrap());
        assert_eq!(months[2], NaiveDate::from_ymd_opt(2026, 3, 30).unwrap());
        let q = step_dates(start, StepKind::Quarter, 1);
        assert_eq!(q[1], NaiveDate::from_ymd_opt(2026, 4, 30).unwrap());
    }
}
