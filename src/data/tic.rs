//! Treasury's TIC "Major Foreign Holders of Treasury Securities" ($ billions,
//! holdings at the end of each month).
//!
//! Two published layouts, both tab-separated text:
//! - the current table, `slt_table5.txt`: a few lines of title and a `Link:`
//!   line, then one header row `Country<TAB>2026-03<TAB>2026-02…` (months newest
//!   first), one row per country, `All Other`, `Grand Total`, then `Of Which:`
//!   rows (foreign official) and footnotes;
//! - the history, `mfhhis01.txt`: one block per year, whose header is split over
//!   two rows (`<TAB>Dec<TAB>Nov…`, then `Country<TAB>2025<TAB>2025…`) followed by
//!   a rule of dashes.
//!
//! `Grand Total` is all foreign holders; `All Other` is every country the
//! table does not list, so the country rows and `All Other` sum to `Grand
//! Total` (checked, to the rounding of the published figures).

use super::error::DataError;
use super::text::{Cell, Month, Text, cell, row_name};

/// One figure of the table with where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The value, $ billions.
    pub value: f64,
    /// The row as the table names it (footnote markers dropped).
    pub row: String,
    /// 1-based line of the row in the file.
    pub line: usize,
}

#[derive(Debug, Clone)]
struct Obs {
    name: String,
    month: Month,
    value: Cell,
    line: usize,
}

/// A parsed TIC table: every (row, month) figure with its line.
#[derive(Debug, Clone)]
pub struct TicTable {
    /// The file or address it was read from.
    pub file: String,
    obs: Vec<Obs>,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn cells(line: &str) -> Vec<&str> {
    line.split('\t').map(str::trim).collect()
}

fn is_blank(line: &str) -> bool {
    line.split('\t').all(|c| c.trim().is_empty())
}

/// The month columns of a header row, or `None` if the row is not a header.
/// `prev` is the row above, which carries the month names in the history layout.
fn header_months(
    text: &Text,
    no: usize,
    line: &str,
    prev: Option<&str>,
) -> Result<Option<Vec<Month>>, DataError> {
    let c = cells(line);
    if !c[0].eq_ignore_ascii_case("country") {
        return Ok(None);
    }
    let cols: Vec<&str> = c[1..].iter().copied().filter(|s| !s.is_empty()).collect();
    if cols.is_empty() {
        return Err(text.err(
            no,
            "a `Country` header row with no month columns: expected `Country<TAB>YYYY-MM<TAB>…`",
        ));
    }
    if let Some(months) = cols
        .iter()
        .map(|s| Month::parse(s))
        .collect::<Option<Vec<_>>>()
    {
        return Ok(Some(months));
    }
    // The history layout: years here, month names on the row above.
    let years: Option<Vec<i32>> = cols
        .iter()
        .map(|s| s.parse().ok().filter(|_| s.len() == 4))
        .collect();
    let Some(years) = years else {
        return Err(text.err(no, format!("expected month columns `YYYY-MM` (or years under a row of month names) after `Country`, found `{}`", cols.join(" "))));
    };
    let names: Vec<&str> = prev
        .map(|p| {
            cells(p)
                .into_iter()
                .skip(1)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if names.len() != years.len() {
        return Err(text.err(
            no - 1,
            format!(
                "expected {} month names (Jan … Dec) above the {} years of the header row",
                years.len(),
                years.len()
            ),
        ));
    }
    names
        .iter()
        .zip(years)
        .map(|(n, year)| {
            let m = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(n));
            m.map(|i| Month {
                year,
                month: i as u32 + 1,
            })
            .ok_or_else(|| {
                text.err(
                    no - 1,
                    format!("expected a month name (Jan … Dec), found `{n}`"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// A footnote or note line: text in the first cell only, or starting with `1/`.
fn is_note(c: &[&str]) -> bool {
    let first_is_marker = c[0]
        .split_once('/')
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|ch| ch.is_ascii_digit()));
    first_is_marker || c[1..].iter().all(|s| s.is_empty())
}

/// Parses either layout of the table.
pub fn parse(text: &Text) -> Result<TicTable, DataError> {
    let lines: Vec<(usize, &str)> = text.lines().collect();
    let mut obs = Vec::new();
    let mut blocks = 0;
    let mut i = 0;
    while i < lines.len() {
        let (no, line) = lines[i];
        let prev = i.checked_sub(1).map(|j| lines[j].1);
        let Some(months) = header_months(text, no, line, prev)? else {
            i += 1;
            continue;
        };
        blocks += 1;
        i = parse_block(text, &lines, i + 1, &months, &mut obs)?;
    }
    if blocks == 0 {
        return Err(text.err(1, "no `Country` header row: expected TIC's Major Foreign Holders table (slt_table5.txt or mfhhis01.txt), tab-separated"));
    }
    Ok(TicTable {
        file: text.file.clone(),
        obs,
    })
}

/// Reads the rows of one block from `start`; returns the index after it.
fn parse_block(
    text: &Text,
    lines: &[(usize, &str)],
    start: usize,
    months: &[Month],
    obs: &mut Vec<Obs>,
) -> Result<usize, DataError> {
    let mut i = start;
    let mut rows = 0;
    let mut total_seen = false;
    while i < lines.len() {
        let (no, line) = lines[i];
        let c = cells(line);
        if c[0].chars().all(|ch| ch == '-') && c.iter().any(|s| s.starts_with("--")) {
            i += 1; // the history layout's rule under the header
            continue;
        }
        if is_blank(line) {
            if rows > 0 {
                break;
            }
            i += 1;
            continue;
        }
        if c[0].eq_ignore_ascii_case("country") {
            break; // the next block
        }
        if is_note(&c) {
            if total_seen {
                break;
            }
            return Err(text.err(
                no,
                format!(
                    "expected a country row with {} values, found `{}`",
                    months.len(),
                    line.trim()
                ),
            ));
        }
        if c[0].is_empty() {
            if total_seen {
                break; // the next block's row of month names
            }
            return Err(text.err(
                no,
                "a row without a country name: expected `NAME<TAB>value<TAB>…`",
            ));
        }
        let name = row_name(c[0]);
        let values: Vec<&str> = c[1..].to_vec();
        let filled = values
            .iter()
            .rposition(|s| !s.is_empty())
            .map_or(0, |p| p + 1);
        if filled > months.len() || values.len() < months.len() {
            return Err(text.err(
                no,
                format!(
                    "`{name}` has {} values; the header has {} months",
                    filled.min(values.len()),
                    months.len()
                ),
            ));
        }
        for (m, raw) in months.iter().zip(&values) {
            let value = cell(raw).ok_or_else(|| {
                text.err(
                    no,
                    format!("`{name}`, {m}: expected a number ($ billions) or n.a., found `{raw}`"),
                )
            })?;
            obs.push(Obs {
                name: name.clone(),
                month: *m,
                value,
                line: no,
            });
        }
        total_seen |= name.eq_ignore_ascii_case("grand total");
        rows += 1;
        i += 1;
    }
    if !total_seen {
        let no = lines
            .get(i.min(lines.len().saturating_sub(1)))
            .map_or(1, |l| l.0);
        return Err(text.err(no, "the table ends without a `Grand Total` row"));
    }
    Ok(i)
}

impl TicTable {
    /// The months the table has figures for, newest first.
    pub fn months(&self) -> Vec<Month> {
        let mut m: Vec<Month> = self.obs.iter().map(|o| o.month).collect();
        m.sort_unstable_by(|a, b| b.cmp(a));
        m.dedup();
        m
    }

    /// The figure of the first row named any of `names` (case-insensitive) for `month`.
    pub fn get(&self, names: &[&str], month: Month) -> Result<Figure, DataError> {
        let found = self
            .obs
            .iter()
            .find(|o| o.month == month && names.iter().any(|n| o.name.eq_ignore_ascii_case(n)));
        match found {
            Some(Obs {
                value: Cell::Number(v),
                name,
                line,
                ..
            }) => Ok(Figure {
                value: *v,
                row: name.clone(),
                line: *line,
            }),
            Some(o) => Err(DataError::not_found(
                &self.file,
                format!(
                    "`{}` for {month} is not published (n.a., line {})",
                    o.name, o.line
                ),
            )),
            None if !self.months().contains(&month) => Err(DataError::not_found(
                &self.file,
                format!(
                    "no column for {month}; the table has {}",
                    self.months()
                        .iter()
                        .map(Month::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            None => Err(DataError::not_found(
                &self.file,
                format!("no row `{}` for {month}", names[0]),
            )),
        }
    }

    /// Checks that the rows above `Grand Total` (countries and `All Other`) sum to it for `month`,
    /// within the rounding of the published figures (0.05 per row). Tables without
    /// an `All Other` row list only some countries and are not checked.
    pub fn check_total(&self, month: Month) -> Result<(), DataError> {
        let rows: Vec<&Obs> = self.obs.iter().filter(|o| o.month == month).collect();
        let Some(ti) = rows
            .iter()
            .position(|o| o.name.eq_ignore_ascii_case("grand total"))
        else {
            return Ok(());
        };
        let above = &rows[..ti];
        if !above
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case("all other"))
        {
            return Ok(());
        }
        let mut sum = 0.0;
        for o in above {
            match o.value {
                Cell::Number(v) => sum += v,
                Cell::Missing => return Ok(()), // a withheld figure: the sum cannot be checked
            }
        }
        let Cell::Number(total) = rows[ti].value else {
            return Ok(());
        };
        let tol = 0.05 * above.len() as f64 + 0.05;
        if (sum - total).abs() > tol {
            return Err(DataError::format(
                &self.file,
                rows[ti].line,
                format!(
                    "Grand Total for {month} is {total}, but the {} rows above it (countries and All Other) sum to {sum:.1}: expected them to agree within {tol:.2}",
                    above.len()
                ),
            ));
        }
        Ok(())
    }
}
