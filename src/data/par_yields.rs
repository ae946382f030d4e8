//! The yield curve of one day, from Treasury's "Daily Treasury Par Yield Curve
//! Rates" (CSV, percent): a `Date` column (MM/DD/YYYY, newest row first) and one
//! column per tenor (`"3 Mo"`, `"2 Yr"`, …); a cell is blank on a day a tenor was
//! not quoted. The column set changes over the years (`"1.5 Month"` and `"4 Mo"`
//! are recent), so columns are found by name.
//!
//! Or from FRED's CSV of the constant-maturity series (`fredgraph.csv?id=DGS3MO,DGS2,…`):
//! `observation_date,DGS3MO,DGS2,…`, ISO dates, oldest first, `.` or blank on
//! a holiday. Treasury's par yields are the source of those series.

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

/// FRED's constant-maturity series of a scenario tenor: `3m` → `DGS3MO`, `10y` → `DGS10`.
pub fn fred_series_of(tenor: &str) -> Option<String> {
    let t = tenor.trim();
    let (n, unit) = t.split_at(t.len().checked_sub(1)?);
    let n: u32 = n.parse().ok()?;
    match unit {
        "m" => Some(format!("DGS{n}MO")),
        "y" => Some(format!("DGS{n}")),
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

/// The columns of `tenors` in `t`, Treasury's or FRED's layout, by name.
fn columns(t: &CsvTable, tenors: &[String]) -> Result<Vec<(String, usize)>, DataError> {
    let fred = t.header.iter().skip(1).any(|h| h.starts_with("DGS"));
    tenors
        .iter()
        .map(|tenor| {
            let name = if fred {
                fred_series_of(tenor)
            } else {
                column_of(tenor)
            };
            let name = name.ok_or_else(|| {
                DataError::Inconsistent(format!(
                    "the baseline's curve tenor `{tenor}` has no column in {} (it has: {})",
                    t.file,
                    t.header.join(", ")
                ))
            })?;
            Ok((name.clone(), t.col(&[&name])?))
        })
        .collect()
}

/// Reads the curve on `on` (or the newest day before it when the market was
/// closed; the newest row if `on` is `None`) at `tenors` (scenario tenors, e.g. `10y`).
/// A row with none of the tenors quoted (a holiday in FRED's series) is skipped;
/// one with some missing is an error.
pub fn curve(t: &CsvTable, on: Option<NaiveDate>, tenors: &[String]) -> Result<Curve, DataError> {
    let dc = t.col(&["Date", "observation_date"])?;
    let cols = columns(t, tenors)?;
    let mut best: Option<(NaiveDate, usize)> = None;
    for (i, (line, r)) in t.rows.iter().enumerate() {
        let d = date(&r[dc]).ok_or_else(|| {
            DataError::format(
                &t.file,
                *line,
                format!(
                    "expected a date (MM/DD/YYYY or YYYY-MM-DD), found `{}`",
                    r[dc]
                ),
            )
        })?;
        let quoted = cols
            .iter()
            .any(|(_, c)| matches!(cell(&r[*c]), Some(Cell::Number(_))));
        if quoted && on.is_none_or(|o| d <= o) && best.is_none_or(|(b, _)| d > b) {
            best = Some((d, i));
        }
    }
    let (d, i) = best.ok_or_else(|| match on {
        Some(o) => DataError::not_found(&t.file, format!("no curve on or before {o}")),
        None => DataError::not_found(&t.file, "no rows"),
    })?;
    let (line, row) = &t.rows[i];
    let yields = cols
        .into_iter()
        .map(|(name, c)| match cell(&row[c]) {
            Some(Cell::Number(v)) => Ok(Read {
                value: v,
                row: name,
                line: *line,
            }),
            _ => Err(DataError::format(
                &t.file,
                *line,
                format!(
                    "`{name}` on {d}: expected a yield in percent, found `{}`",
                    row[c]
                ),
            )),
        })
        .collect::<Result<_, _>>()?;
    Ok(Curve { date: d, yields })
}
