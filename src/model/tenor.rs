//! Tenors written like `3m`, `2y`, `10y`, `13w`, `30d`, and their length in years.

/// Parses a tenor label into years: `d` days (1/365), `w` weeks (1/52),
/// `m` months (1/12), `y` years. Returns `None` if it is not of that form or not positive.
pub fn tenor_years(label: &str) -> Option<f64> {
    let label = label.trim();
    let unit = label.chars().last()?;
    let number: f64 = label[..label.len() - unit.len_utf8()].parse().ok()?;
    let per_year = match unit.to_ascii_lowercase() {
        'd' => 365.0,
        'w' => 52.0,
        'm' => 12.0,
        'y' => 1.0,
        _ => return None,
    };
    let years = number / per_year;
    (years.is_finite() && years > 0.0).then_some(years)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_tenors() {
        assert_eq!(tenor_years("10y"), Some(10.0));
        assert_eq!(tenor_years("3m"), Some(0.25));
        assert_eq!(tenor_years("26w"), Some(0.5));
        assert_eq!(tenor_years("0y"), None);
        assert_eq!(tenor_years("ten"), None);
        assert_eq!(tenor_years(""), None);
        assert_eq!(tenor_years("5x"), None);
    }
}
