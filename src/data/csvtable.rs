//! Comma-separated tables (Fiscal Data downloads, Treasury's par yield curve,
//! FRED series): a header row, then records, each with its line number.

use super::error::DataError;
use super::text::Text;

/// A CSV table with its header and records, cells trimmed.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// The file or address it was read from.
    pub file: String,
    /// The header cells.
    pub header: Vec<String>,
    /// 1-based line of the header.
    pub header_line: usize,
    /// Each record with its 1-based line in the file.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl CsvTable {
    /// Reads `text` as CSV: every record must have as many fields as the header; blank lines are skipped.
    pub fn parse(text: &Text) -> Result<CsvTable, DataError> {
        let body = text.joined();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(body.as_bytes());
        let mut header: Option<Vec<String>> = None;
        let mut header_line = 1;
        let mut rows = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| {
                let line = e.position().map_or(1, |p| p.line() as usize);
                text.err(line, format!("not valid CSV: {e}"))
            })?;
            let line = rec.position().map_or(0, |p| p.line() as usize);
            let fields: Vec<String> = rec.iter().map(str::to_string).collect();
            if fields.iter().all(String::is_empty) {
                continue;
            }
            match &header {
                None => {
                    header = Some(fields);
                    header_line = line;
                }
                Some(h) if fields.len() != h.len() => {
                    return Err(text.err(
                        line,
                        format!(
                            "expected {} fields as in the header, found {}",
                            h.len(),
                            fields.len()
                        ),
                    ));
                }
                Some(_) => rows.push((line, fields)),
            }
        }
        let header =
            header.ok_or_else(|| text.err(1, "the file is empty: expected a CSV header row"))?;
        Ok(CsvTable {
            file: text.file.clone(),
            header,
            header_line,
            rows,
        })
    }

    /// The index of the first column named any of `names` (case-insensitive).
    pub fn col(&self, names: &[&str]) -> Result<usize, DataError> {
        self.header
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
            .ok_or_else(|| {
                DataError::format(
                    &self.file,
                    self.header_line,
                    format!(
                        "no column `{}` in the header (it has: {})",
                        names.join("` or `"),
                        self.header.join(", ")
                    ),
                )
            })
    }
}
