//! Axes: a date time axis with calendar-aligned ticks, "nice" value ranges,
//! and tick labels with thousands separators.
//!
//! Time is plotted as `f64` days since the first date ([`TimeAxis::x`]), with
//! explicit tick positions on month or year starts, so every chart built on
//! [`TimeAxis`] has readable dates whatever the step (day, week, month, quarter).

use chrono::{Datelike, Duration, NaiveDate};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, KeyPointWeight, Ranged};
use std::ops::Range;

/// An `f64` axis with ticks exactly where given (and no light grid lines).
/// Use it with `x_label_formatter`/`y_label_formatter` to label the ticks.
#[derive(Debug, Clone)]
pub struct FixedTicks {
    range: Range<f64>,
    ticks: Vec<f64>,
}

impl FixedTicks {
    /// An axis over `range` with ticks at `ticks` (those outside the range are dropped).
    pub fn new(range: Range<f64>, ticks: Vec<f64>) -> FixedTicks {
        let ticks = ticks
            .into_iter()
            .filter(|t| *t >= range.start && *t <= range.end)
            .collect();
        FixedTicks { range, ticks }
    }
}

impl Ranged for FixedTicks {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        if span.abs() < f64::EPSILON {
            return (limit.0 + limit.1) / 2;
        }
        let f = (v - self.range.start) / span;
        limit.0 + (f64::from(limit.1 - limit.0) * f + 1e-3).floor() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        match hint.weight() {
            KeyPointWeight::Bold => self.ticks.clone(),
            KeyPointWeight::Any => Vec::new(),
        }
    }

    fn range(&self) -> Range<f64> {
        self.range.clone()
    }
}

/// A date axis from `start` to `end`.
#[derive(Debug, Clone)]
pub struct TimeAxis {
    start: NaiveDate,
    end: NaiveDate,
    ticks: Vec<NaiveDate>,
    format: &'static str,
}

/// The first day of the month `months` after `d`'s month.
fn add_months(d: NaiveDate, months: i32) -> Option<NaiveDate> {
    let m0 = d.year() * 12 + d.month0() as i32 + months;
    NaiveDate::from_ymd_opt(m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1, 1)
}

impl TimeAxis {
    /// An axis covering `start..=end` (an empty span is widened to one day).
    pub fn new(start: NaiveDate, end: NaiveDate) -> TimeAxis {
        let end = if end > start {
            end
        } else {
            start + Duration::days(1)
        };
        let days = (end - start).num_days();
        let months = days as f64 / 30.44;
        let mut ticks = Vec::new();
        let format;
        if days <= 75 {
            let step = [1, 2, 7, 14]
                .into_iter()
                .find(|s| days / s <= 10)
                .unwrap_or(14);
            format = "%d %b";
            let mut d = start;
            while d <= end {
                ticks.push(d);
                d += Duration::days(step);
            }
        } else if months <= 60.0 {
            let step = [1, 2, 3, 6, 12]
                .into_iter()
                .find(|s| months / f64::from(*s) <= 9.0)
                .unwrap_or(12);
            format = "%b %Y";
            // Month starts whose month index is a multiple of the step (Jan, Apr, Jul, Oct for 3).
            let mut d = add_months(start, 0);
            while let Some(m) = d {
                if m > end {
                    break;
                }
                if m >= start && (m.month0() as i32) % step == 0 {
                    ticks.push(m);
                }
                d = add_months(m, 1);
            }
        } else {
            let years = months / 12.0;
            let step = [1, 2, 5, 10, 20, 50]
                .into_iter()
                .find(|s| years / f64::from(*s) <= 12.0)
                .unwrap_or(100);
            format = "%Y";
            let mut y = start.year();
            while let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
                if d > end {
                    break;
                }
                if d >= start && y % step == 0 {
                    ticks.push(d);
                }
                y += 1;
            }
        }
        TimeAxis {
            start,
            end,
            ticks,
            format,
        }
    }

    /// An axis covering all of `dates` (which must be sorted).
    pub fn of(dates: &[NaiveDate]) -> TimeAxis {
        match (dates.first(), dates.last()) {
            (Some(a), Some(b)) => TimeAxis::new(*a, *b),
            _ => {
                let d = NaiveDate::default();
                TimeAxis::new(d, d)
            }
        }
    }

    /// The plotted coordinate of a date: days since the start.
    pub fn x(&self, d: NaiveDate) -> f64 {
        (d - self.start).num_days() as f64
    }

    /// The plotted range of the axis.
    pub fn range(&self) -> Range<f64> {
        0.0..self.x(self.end)
    }

    /// Tick positions (plotted coordinates), on calendar boundaries.
    pub fn ticks(&self) -> Vec<f64> {
        self.ticks.iter().map(|d| self.x(*d)).collect()
    }

    /// The date at a plotted coordinate.
    pub fn date(&self, x: f64) -> NaiveDate {
        self.start + Duration::days(x.round() as i64)
    }

    /// The tick label of a plotted coordinate ("2027", "Apr 2025" or "14 Apr").
    pub fn label(&self, x: f64) -> String {
        self.date(x).format(self.format).to_string()
    }

    /// The axis description to print beside it.
    pub fn description(&self) -> &'static str {
        "Date"
    }
}

/// A padded range covering `lo..hi` with room for labels: `pad` of the span
/// is added on each side, and zero is included when `with_zero`.
pub fn padded(lo: f64, hi: f64, pad: f64, with_zero: bool) -> Range<f64> {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() && lo <= hi {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    if with_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let span = hi - lo;
    let span = if span < 1e-9 { hi.abs().max(1.0) } else { span };
    let lo2 = if with_zero && lo == 0.0 {
        0.0
    } else {
        lo - pad * span
    };
    let hi2 = if with_zero && hi == 0.0 {
        0.0
    } else {
        hi + pad * span
    };
    if hi2 - lo2 < 1e-9 {
        lo2 - 0.5..hi2 + 0.5
    } else {
        lo2..hi2
    }
}

/// Min and max of the finite values, if any.
pub fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((a, b)) => Some((a.min(v), b.max(v))),
        })
}

/// A tick label for value `v` on an axis spanning `span`: enough decimals to
/// tell ticks apart, thousands separators, a true minus sign, never "-0".
pub fn value_label(v: f64, span: f64) -> String {
    let decimals = if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else if span >= 0.2 {
        2
    } else {
        3
    };
    let s = crate::report::format::thousands(v, decimals);
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ticks_fall_on_calendar_boundaries() {
        let ten = TimeAxis::new(d(2025, 4, 1), d(2035, 4, 1));
        let labels: Vec<_> = ten.ticks().iter().map(|x| ten.label(*x)).collect();
        assert_eq!(labels.first().map(String::as_str), Some("2026"));
        assert_eq!(labels.len(), 10);
        let year = TimeAxis::new(d(2025, 4, 1), d(2026, 4, 1));
        let labels: Vec<_> = year.ticks().iter().map(|x| year.label(*x)).collect();
        assert!(labels.contains(&"Jul 2025".to_string()), "{labels:?}");
        let weeks = TimeAxis::new(d(2025, 4, 1), d(2025, 5, 1));
        assert!(weeks.ticks().len() >= 3);
        assert_eq!(value_label(-1234.0, 5000.0), "−1,234");
        assert_eq!(value_label(-0.0001, 1.0), "0.00");
    }
}
