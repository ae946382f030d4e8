//! The Federal Reserve's Treasury holdings (SOMA, from the H.4.1 release) as
//! a FRED series CSV: `observation_date,TREAST` (older downloads head the date
//! column `DATE`), one row per Wednesday, $ millions, `.` for a missing value.

use super::csvtable::CsvTable;
use super::error::DataError;
use super::mspd::Read;
use super::text::{Cell, cell, date};
use chrono::NaiveDate;

/// The FRED series the `--fetch` default reads: "U.S. Treasury securities held
/// by the Federal Reserve: All Maturities", face value, $ millions, weekly (H.4.1).
pub const SERIES: &str = "TREAST";

/// The holdings on `on` (or the newest observation before it; the newest if
/// `on` is `None`), in $ billions, with the observation's date.
pub fn holdings(t: &CsvTable, on: Option<NaiveDate>) -> Result<(NaiveDate, Read), DataError> {
    if t.header.len() != 2 {
        return Err(DataError::format(
            &t.file,
            t.header_line,
            format!(
                "expected a FRED series CSV with two columns (observation_date and a series such as {SERIES}), found {}",
                t.header.len()
            ),
        ));
    }
    let _ = t.col(&["observation_date", "DATE"])?;
    let mut best: Option<(NaiveDate, usize, f64)> = None;
    for (line, r) in &t.rows {
        let d = date(&r[0]).ok_or_else(|| {
            DataError::format(
                &t.file,
                *line,
                format!("expected a date (YYYY-MM-DD), found `{}`", r[0]),
            )
        })?;
        let v = match cell(&r[1]) {
            Some(Cell::Number(v)) => v,
            Some(Cell::Missing) => continue,
            None => {
                return Err(DataError::format(
                    &t.file,
                    *line,
                    format!("expected an amount in $ millions or `.`, found `{}`", r[1]),
                ));
            }
        };
        if on.is_none_or(|o| d <= o) && best.is_none_or(|(b, _, _)| d > b) {
            best = Some((d, *line, v));
        }
    }
    let (d, line, v) = best.ok_or_else(|| match on {
        Some(o) => DataError::not_found(&t.file, format!("no observation on or before {o}")),
        None => DataError::not_found(&t.file, "no observations"),
    })?;
    Ok((
        d,
        Read {
            value: v / 1000.0,
            row: t.header[1].clone(),
            line,
        },
    ))
}
