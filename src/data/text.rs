//! What every published table shares: lines with their numbers (CRLF or
//! LF, a byte-order mark), numbers written with thousands separators, "n.a."
//! for a figure withheld, footnote markers after a name ("United Kingdom 2/"),
//! and dates in the forms the tables use.

use super::error::DataError;
use chrono::NaiveDate;

/// A file's text: its name (for messages) and its lines, 1-based, without line ends.
#[derive(Debug, Clone)]
pub struct Text {
    /// The file name or address, as messages show it.
    pub file: String,
    lines: Vec<String>,
}

impl Text {
    /// Splits `body` into lines (CRLF, LF or a lone CR), dropping a leading byte-order mark.
    pub fn new(file: impl Into<String>, body: &str) -> Text {
        let body = body.strip_prefix('\u{feff}').unwrap_or(body);
        let lines = body
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
            .collect();
        Text {
            file: file.into(),
            lines,
        }
    }

    /// Reads a local file as UTF-8 text.
    pub fn read(path: &std::path::Path) -> Result<Text, DataError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| DataError::Read {
            file: file.clone(),
            source,
        })?;
        let body = String::from_utf8(bytes).map_err(|e| {
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            DataError::format(&file, line, "the file is not UTF-8 text")
        })?;
        Ok(Text::new(file, &body))
    }

    /// The lines with their 1-based numbers.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.lines
            .iter()
            .enumerate()
            .map(|(i, l)| (i + 1, l.as_str()))
    }

    /// The whole text joined with LF (for the CSV reader; line numbers are kept).
    pub fn joined(&self) -> String {
        self.lines.join("\n")
    }

    /// A format error at `line` of this file.
    pub fn err(&self, line: usize, message: impl Into<String>) -> DataError {
        DataError::format(&self.file, line, message)
    }
}

/// A cell of a table: a number, or a figure the table withholds ("n.a.", "-", empty).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A finite number, thousands separators removed.
    Number(f64),
    /// Withheld or not applicable: "n.a.", "NA", "N/A", "*", "-", "." or an empty cell.
    Missing,
}

/// Reads a cell: `1,191.6` → 1191.6, `n.a.` → missing; `None` if it is neither.
pub fn cell(raw: &str) -> Option<Cell> {
    let s = raw.trim().trim_matches('"').trim();
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "" | "n.a." | "n.a" | "na" | "n/a" | "*" | "-" | "." | "null"
    ) {
        return Some(Cell::Missing);
    }
    let plain: String = s.chars().filter(|c| *c != ',').collect();
    // Thousands separators must sit between digit groups of three: "1,191.6", not "1,1".
    if s.contains(',') {
        let int_part = s.split('.').next().unwrap_or("");
        let int_part = int_part.trim_start_matches(['-', '+']);
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
    }
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(Cell::Number(v)),
        _ => None,
    }
}

/// A row name without its footnote markers: "United Kingdom 2/" → "United Kingdom".
pub fn row_name(raw: &str) -> String {
    let mut s = raw.trim().trim_matches('"').trim().to_string();
    loop {
        let t = s.trim_end();
        let Some(rest) = t.strip_suffix('/') else {
            return t.to_string();
        };
        let digits = rest.trim_end_matches(|c: char| c.is_ascii_digit());
        if digits.len() == rest.len() {
            return t.to_string();
        }
        s = digits.to_string();
    }
}

/// A date as the tables write it: `2026-03-31` or `03/31/2026`.
pub fn date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim().trim_matches('"');
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%m/%d/%Y"))
        .ok()
}

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
}

impl Month {
    /// Parses `YYYY-MM`.
    pub fn parse(raw: &str) -> Option<Month> {
        let (y, m) = raw.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// The month of a date.
    pub fn of(d: NaiveDate) -> Month {
        use chrono::Datelike;
        Month {
            year: d.year(),
            month: d.month(),
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_published() {
        assert_eq!(cell("1,191.6"), Some(Cell::Number(1191.6)));
        assert_eq!(cell(" 652.3 "), Some(Cell::Number(652.3)));
        assert_eq!(cell("\"28,950,123.4\""), Some(Cell::Number(28_950_123.4)));
        assert_eq!(cell("n.a."), Some(Cell::Missing));
        assert_eq!(cell(""), Some(Cell::Missing));
        assert_eq!(cell("1,1"), None);
        assert_eq!(cell("abc"), None);
        assert_eq!(cell("NaN"), None);
    }

    #[test]
    fn footnote_markers_are_dropped() {
        assert_eq!(row_name("United Kingdom 2/"), "United Kingdom");
        assert_eq!(row_name("Belgium  5/ 6/"), "Belgium");
        assert_eq!(row_name("China, Mainland"), "China, Mainland");
    }

    #[test]
    fn lines_keep_numbers_across_crlf() {
        let t = Text::new("f", "\u{feff}a\r\nb\r\n\r\nc");
        let v: Vec<_> = t.lines().collect();
        assert_eq!(v, vec![(1, "a"), (2, "b"), (3, ""), (4, "c")]);
    }

    #[test]
    fn dates_and_months() {
        assert_eq!(date("03/31/2026"), NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(date("2026-03-31"), NaiveDate::from_ymd_opt(2026, 3, 31));
        assert_eq!(
            Month::parse("2026-03").map(|m| m.to_string()),
            Some("2026-03".into())
        );
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("Mar 2026"), None);
    }
}
