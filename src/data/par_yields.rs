//! Treasury's "Daily Treasury Par Yield Curve Rates" (CSV, percent): a `Date`
//! column (MM/DD/YYYY, newest row first) and one column per tenor (`"3 Mo"`,
//! `"2 Yr"`, …); a cell is blank on a day a tenor was not quoted. The column set
//! changes over the years (`"1.5 Month"` and `"4 Mo"` are recent), so columns are
//! found by name.

use super::csvtable::CsvTable;
use super::error::DataError;
use super::mspd::Read;
use super::text::{Cell, cell, date};
use chrono::NaiveDate;

/// The column of a scenario tenor: `3m` → `3 Mo`, `10y` → `10 Yr`.
pub fn column_of(tenor: &str) -> Option<String> {
    let t = tenor.trim();
    let (n, unit) = t.split_at(t.len().checked_sub(1)?);
    let n: f64 = n.parse().ok()?;
    match unit {
        "m" if n == 1.5 => Some("1.5 Month".into()),
        "m" => Some(format!("{n} Mo")),
        "y" => Some(format!("{n} Yr")),
        _ => None,
    }
}

/// The curve of one day: the date, and for each tenor asked its yield in percent.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// The date of the row read.
    pub date: NaiveDate,
    /// One yield per tenor asked, with the column name as its row.
    pub yields: Vec<Read>,
}

/// Reads the curve on `on` (or the newest day before it when the market was
/// closed; the newest row if `on` is `None`) at `tenors` (scenario tenors, e.g. `10y`).
pub fn curve(t: &CsvTable, on: Option<NaiveDate>, tenors: &[String]) -> Result<Curve, DataError> {
    let dc = t.col(&["Date", "record_date"])?;
    let mut best: Option<(NaiveDate, usize)> = None;
    for (i, (line, r)) in t.rows.iter().enumerate() {
        let d = date(&r[dc]).ok_or_else(|| {
            DataError::format(
                &t.file,
                *line,
                format!("expected a date (MM/DD/YYYY), found `{}`", r[dc]),
            )
        })?;
        if on.is_none_or(|o| d <= o) && best.is_none_or(|(b, _)| d > b) {
            best = Some((d, i));
        }
    }
    let (d, i) = best.ok_or_else(|| match on {
        Some(o) => DataError::not_found(&t.file, format!("no curve on or before {o}")),
        None => DataError::not_found(&t.file, "no rows"),
    })?;
    let (line, row) = &t.rows[i];
    let yields = tenors
        .iter()
        .map(|tenor| {
            let name = column_of(tenor).ok_or_else(|| {
                DataError::Inconsistent(format!("the baseline's curve tenor `{tenor}` has no column in Treasury's par yield curve (it quotes 1 Mo … 30 Yr)"))
            })?;
            let c = t.col(&[&name])?;
            match cell(&row[c]) {
                Some(Cell::Number(v)) => Ok(Read { value: v, row: name, line: *line }),
                _ => Err(DataError::format(&t.file, *line, format!("`{name}` on {d}: expected a yield in percent, found `{}`", row[c]))),
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(Curve { date: d, yields })
}
