//! Number formatting shared by every text output.

/// `v` with `decimals` decimals, never "-0" and never non-finite (those print as an empty field,
/// which the CSV writers prevent by refusing a non-finite cell first: `ReportError::NonFinite`).
pub fn fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// `v` rounded to `decimals` decimals, as a number for JSON (negative zero made zero).
pub fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let r = (v * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// A signed figure with a thousands separator: `+1,234`.
pub fn signed(v: f64, decimals: usize) -> String {
    let s = thousands(v.abs(), decimals);
    if fixed(v, decimals).starts_with('-') {
        format!("−{s}")
    } else {
        format!("+{s}")
    }
}

/// `v` with a thousands separator: `36,200`.
pub fn thousands(v: f64, decimals: usize) -> String {
    let s = fixed(v, decimals);
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r.to_string()),
        None => (false, s),
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), format!(".{f}")),
        None => (s.clone(), String::new()),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out}{frac}", if neg { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_without_negative_zero() {
        assert_eq!(fixed(-0.00001, 3), "0.000");
        assert_eq!(fixed(-1.5, 1), "-1.5");
        assert_eq!(thousands(36200.0, 0), "36,200");
        assert_eq!(thousands(-1234567.891, 1), "-1,234,567.9");
        assert_eq!(signed(12.0, 0), "+12");
        assert_eq!(signed(-3.0, 0), "−3");
        assert_eq!(round(-0.00001, 2), 0.0);
    }
}
