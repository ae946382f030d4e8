//! The Monthly Statement of the Public Debt, as Fiscal Data publishes it
//! (CSV, $ millions): table 1, "Summary of Treasury Securities Outstanding"
//! (`mspd_table_1`), and "Average Interest Rates on U.S. Treasury Securities"
//! (`avg_interest_rates`, percent).
//!
//! Fiscal Data's CSV downloads head their columns with labels ("Record Date",
//! "Debt Held by the Public (in Millions)"); its API's CSV with field names
//! (`record_date`, `debt_held_public_mil_amt`): both are read. Summary rows
//! carry their name in the type column ("Total Marketable", "Total Public Debt
//! Outstanding") and `_` as their class.

use super::csvtable::CsvTable;
use super::error::DataError;
use super::text::{Cell, Month, cell, date};
use chrono::NaiveDate;

/// A figure read from a CSV table, with where.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// The value in the unit the caller asked for ($ billions, or percent).
    pub value: f64,
    /// The row, as the table names it.
    pub row: String,
    /// 1-based line of the row.
    pub line: usize,
}

const DATE: &[&str] = &["record_date", "Record Date"];
const TYPE: &[&str] = &["security_type_desc", "Security Type Description"];

/// The newest record date of `t` (in `month`, if given).
fn pick_date(t: &CsvTable, month: Option<Month>) -> Result<NaiveDate, DataError> {
    let dc = t.col(DATE)?;
    let mut best: Option<NaiveDate> = None;
    for (line, r) in &t.rows {
        let d = date(&r[dc]).ok_or_else(|| {
            DataError::format(
                &t.file,
                *line,
                format!("expected a record date (YYYY-MM-DD), found `{}`", r[dc]),
            )
        })?;
        if month.is_none_or(|m| Month::of(d) == m) && best.is_none_or(|b| d > b) {
            best = Some(d);
        }
    }
    best.ok_or_else(|| match month {
        Some(m) => DataError::not_found(&t.file, format!("no record dated in {m}")),
        None => DataError::not_found(&t.file, "no records"),
    })
}

/// The value in column `vc` of the row dated `d` whose column `kc` is any of `keys`.
fn find(
    t: &CsvTable,
    d: NaiveDate,
    kc: usize,
    keys: &[&str],
    vc: usize,
    kind: &str,
) -> Result<Read, DataError> {
    let dc = t.col(DATE)?;
    let (line, r) = t
        .rows
        .iter()
        .find(|(_, r)| {
            date(&r[dc]) == Some(d) && keys.iter().any(|k| r[kc].eq_ignore_ascii_case(k))
        })
        .ok_or_else(|| DataError::not_found(&t.file, format!("no `{}` row dated {d}", keys[0])))?;
    match cell(&r[vc]) {
        Some(Cell::Number(v)) => Ok(Read {
            value: v,
            row: r[kc].clone(),
            line: *line,
        }),
        _ => Err(DataError::format(
            &t.file,
            *line,
            format!("`{}`: expected {kind}, found `{}`", r[kc], r[vc]),
        )),
    }
}

/// Marketable debt by class from MSPD table 1, $ billions.
#[derive(Debug, Clone, PartialEq)]
pub struct Debt {
    /// The record date (a month's last day).
    pub date: NaiveDate,
    /// Bills, notes, bonds, TIPS and floating-rate notes held by the public.
    pub bills: Read,
    /// Notes held by the public.
    pub notes: Read,
    /// Bonds held by the public.
    pub bonds: Read,
    /// Treasury Inflation-Protected Securities held by the public.
    pub tips: Read,
    /// Floating-rate notes held by the public.
    pub frn: Read,
    /// Total marketable debt held by the public.
    pub marketable: Read,
    /// Total public debt outstanding (gross: held by the public and intragovernmental).
    pub gross: Read,
}

/// Reads MSPD table 1 for the newest record date (in `month`, if given) and checks
/// that the marketable classes sum to `Total Marketable` (within 0.1%).
pub fn debt(t: &CsvTable, month: Option<Month>) -> Result<Debt, DataError> {
    let d = pick_date(t, month)?;
    let tc = t.col(TYPE)?;
    let cc = t.col(&["security_class_desc", "Security Class Description"])?;
    let pc = t.col(&[
        "debt_held_public_mil_amt",
        "Debt Held by the Public (in Millions)",
    ])?;
    let gc = t.col(&[
        "total_mil_amt",
        "Total Public Debt Outstanding (in Millions)",
    ])?;
    let amount = "an amount in $ millions";
    let bn = |mut r: Read| {
        r.value /= 1000.0;
        r
    };
    let class = |keys: &[&str]| find(t, d, cc, keys, pc, amount).map(bn);
    let debt = Debt {
        date: d,
        bills: class(&["Bills"])?,
        notes: class(&["Notes"])?,
        bonds: class(&["Bonds"])?,
        tips: class(&["Treasury Inflation-Protected Securities", "TIPS"])?,
        frn: class(&["Floating Rate Notes", "Floating Rate Notes (FRN)"])?,
        marketable: find(t, d, tc, &["Total Marketable"], pc, amount).map(bn)?,
        gross: find(t, d, tc, &["Total Public Debt Outstanding"], gc, amount).map(bn)?,
    };
    // Every `Marketable` row of that date (the five classes and any Federal Financing Bank line).
    let dc = t.col(DATE)?;
    let mut sum = 0.0;
    for (line, r) in t
        .rows
        .iter()
        .filter(|(_, r)| date(&r[dc]) == Some(d) && r[tc].eq_ignore_ascii_case("Marketable"))
    {
        match cell(&r[pc]) {
            Some(Cell::Number(v)) => sum += v / 1000.0,
            Some(Cell::Missing) => {}
            None => {
                return Err(DataError::format(
                    &t.file,
                    *line,
                    format!("`{}`: expected {amount}, found `{}`", r[cc], r[pc]),
                ));
            }
        }
    }
    let total = debt.marketable.value;
    if (sum - total).abs() > 1e-3 * total {
        return Err(DataError::format(
            &t.file,
            debt.marketable.line,
            format!(
                "Total Marketable held by the public on {d} is {total:.1} $B, but the Marketable rows sum to {sum:.1} $B: expected them to agree within 0.1%"
            ),
        ));
    }
    Ok(debt)
}

/// Average interest rates on marketable debt by class, percent.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    /// The record date.
    pub date: NaiveDate,
    /// Treasury bills.
    pub bills: Read,
    /// Treasury notes.
    pub notes: Read,
    /// Treasury bonds.
    pub bonds: Read,
}

/// Reads the average interest rates table for the newest record date (in `month`, if given).
pub fn rates(t: &CsvTable, month: Option<Month>) -> Result<Rates, DataError> {
    let d = pick_date(t, month)?;
    let sc = t.col(&["security_desc", "Security Description"])?;
    let vc = t.col(&["avg_interest_rate_amt", "Average Interest Rate Amount"])?;
    let rate = |keys: &[&str]| find(t, d, sc, keys, vc, "a rate in percent");
    Ok(Rates {
        date: d,
        bills: rate(&["Treasury Bills", "Bills"])?,
        notes: rate(&["Treasury Notes", "Notes"])?,
        bonds: rate(&["Treasury Bonds", "Bonds"])?,
    })
}
