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

/// `v` with a thousands separator and a true minus sign: `−1,234.5`.
pub fn number(v: f64, decimals: usize) -> String {
    let s = thousands(v, decimals);
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// An amount in $ billions: `$1,234.5B`, `−$20.6B` (a true minus sign before the dollar).
pub fn money(v: f64, decimals: usize) -> String {
    let s = thousands(v.abs(), decimals);
    if fixed(v, decimals).starts_with('-') {
        format!("−${s}B")
    } else {
        format!("${s}B")
    }
}

/// The headline figures beside the literature's range (the `low` and
/// `high` calibrations' runs, `det.range`), one sentence:
/// "10-year peak +X bp (literature range +L to +H), …"; `None` without a range.
pub fn range_sentence(det: &crate::engine::Deterministic) -> Option<String> {
    let r = det.range.as_ref()?;
    let f = &det.figures;
    let peak = *f.peak_d_yield_bp.get("10y")?;
    let end = *f.end_d_yield_bp.get("10y")?;
    // "v unit (literature range lo to hi)", the ends in order, each shown by `show`.
    let ranged = |show: &dyn Fn(f64) -> String, unit: &str, v: f64, lo: f64, hi: f64| {
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        format!(
            "{}{unit} (literature range {} to {})",
            show(v),
            show(lo),
            show(hi)
        )
    };
    let bp = |v: f64, lo: f64, hi: f64| ranged(&|x| signed(x, 1), " bp", v, lo, hi);
    let bn = |v: f64, lo: f64, hi: f64| ranged(&|x| money(x, 1), "", v, lo, hi);
    let (l, h) = (&r.low, &r.high);
    // A change imposed by a shock alone is the same under every calibration: no range to give.
    if l == h
        && l.peak_d_yield_10y_bp == peak
        && l.d_interest_10y_cumulative_bn == f.d_interest_10y_cumulative_bn
    {
        return None;
    }
    Some(format!(
        "10-year peak {}; at the end {}; extra interest {} in the first year and {} over ten years or the horizon",
        bp(peak, l.peak_d_yield_10y_bp, h.peak_d_yield_10y_bp),
        bp(end, l.end_d_yield_10y_bp, h.end_d_yield_10y_bp),
        bn(
            f.d_interest_first_year_bn,
            l.d_interest_first_year_bn,
            h.d_interest_first_year_bn
        ),
        bn(
            f.d_interest_10y_cumulative_bn,
            l.d_interest_10y_cumulative_bn,
            h.d_interest_10y_cumulative_bn
        ),
    ))
}

/// User-supplied text (a title, description, label or holder name) made inert
/// in Markdown and HTML: every character Markdown gives a meaning (emphasis,
/// links, images, code, tables, headings, lists, quotes) is backslash-escaped
/// and `<`, `>` and `&` become entities, so `<script>` and `![](http://…)`
/// print as text. Line breaks become spaces; use [`markdown_block`] for paragraphs.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // `[` and `]` escaped make links and images (`![](…)`) impossible.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // At the start of a line these open a heading or a list.
            '#' | '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A user-supplied paragraph or several (blank-line separated) made inert as
/// [`markdown_text`] does, keeping its paragraph breaks.
pub fn markdown_block(s: &str) -> String {
    s.split("\n\n")
        .map(|p| markdown_text(p.trim()))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// User text for a CSV cell, made safe for spreadsheets: a cell a
/// spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading `'`, unless it is a plain number
/// (`-12.5` stays a number). Quoting is left to the CSV writer ([`csv_text`]).
pub fn spreadsheet_safe(s: &str) -> String {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = s.trim().parse::<f64>().is_ok_and(f64::is_finite);
    if risky && !number {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A CSV cell holding user text: [`spreadsheet_safe`], then quoted as CSV
/// requires (for writers that build lines by hand).
pub fn csv_text(s: &str) -> String {
    let v = spreadsheet_safe(s);
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
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
        assert_eq!(money(-20.64, 1), "−$20.6B");
        assert_eq!(money(1234.0, 0), "$1,234B");
    }

    #[test]
    fn user_text_is_inert() {
        let t = markdown_text("<script>alert(1)</script> ![x](http://e.vil/a.png) a|b");
        assert!(!t.contains("<script>") && !t.contains("!["), "{t}");
        assert!(t.contains("a\\|b"), "{t}");
        assert_eq!(markdown_text("Japan & China"), "Japan &amp; China");
        assert_eq!(csv_text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_text("-12.5"), "-12.5");
        assert_eq!(csv_text("@x,y"), "\"'@x,y\"");
        assert_eq!(csv_text("plain"), "plain");
    }
}
