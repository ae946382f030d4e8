//! Words for what charts show: dotted scenario keys in plain words
//! ([`humanise_keys`]) and figures with their unit ([`with_unit`]).

use super::axis::value_label;

/// A holder's or section's name in words: `other-foreign` → "Other foreign".
fn words(name: &str) -> String {
    let w = name.replace(['-', '_'], " ");
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A field in words, without its unit suffix (the unit is given elsewhere):
/// `adjustment_months` → "adjustment time".
fn field(f: &str) -> String {
    match f {
        "elasticity" => "demand elasticity".into(),
        "adjustment_months" => "adjustment time".into(),
        "total_bn" => "total".into(),
        "steps" => "length".into(),
        _ => {
            let base = ["_bn", "_bp", "_pct", "_months", "_years"]
                .iter()
                .find_map(|u| f.strip_suffix(u))
                .unwrap_or(f);
            base.replace('_', " ")
        }
    }
}

/// A dotted scenario key in words: `holders.japan.sale.steps` → "Japan: sale
/// length", `calibration.elasticity_scale` → "Calibration: elasticity scale".
pub fn key_label(key: &str) -> String {
    key_label_with(key, &|name| words(name))
}

/// [`key_label`] with a holder's name given by `holder` (its label in the scenario).
pub fn key_label_with(key: &str, holder: &dyn Fn(&str) -> String) -> String {
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        ["holders", name, rest @ ..] if !rest.is_empty() => {
            let r: Vec<String> = rest.iter().map(|p| field(p)).collect();
            format!("{}: {}", holder(name), r.join(" "))
        }
        [first, rest @ ..] if !rest.is_empty() => {
            let r: Vec<String> = rest.iter().map(|p| field(p)).collect();
            format!("{}: {}", words(first), r.join(" "))
        }
        _ => key.to_string(),
    }
}

/// True for a dotted scenario key: lower-case words joined by dots, with a
/// letter after the first dot (so "0.5" and "e.g." are not keys).
fn is_key(t: &str) -> bool {
    let mut parts = t.split('.');
    let ok_part = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    };
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    first.starts_with(|c: char| c.is_ascii_lowercase())
        && ok_part(first)
        && !rest.is_empty()
        && rest.iter().all(|p| ok_part(p))
        && rest[0].starts_with(|c: char| c.is_ascii_lowercase())
}

/// `text` with every dotted scenario key in it replaced by [`key_label`].
pub fn humanise_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, token) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let core = token.trim_end_matches([',', ':', ';', ')']);
        let lead = core.len() - core.trim_start_matches('(').len();
        let key = &core[lead..];
        if is_key(key) {
            out.push_str(&core[..lead]);
            out.push_str(&key_label(key));
            out.push_str(&token[core.len()..]);
        } else {
            out.push_str(token);
        }
    }
    out
}

/// The unit of an axis description, from its last parenthesis: "$B", "bp",
/// "%", or "" when there is none ("Extra interest over 10 years ($B)" → "$B").
pub fn unit_of(desc: &str) -> String {
    let inner = desc
        .rsplit_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map_or("", |(i, _)| i.trim());
    for u in ["$B", "bp", "%"] {
        if inner.starts_with(u) {
            return u.to_string();
        }
    }
    String::new()
}

/// `v` with its unit, decimals as for a tick on an axis spanning `span`:
/// "$6,805B", "−$12B", "35 bp", "4.2%".
pub fn with_unit(v: f64, unit: &str, span: f64) -> String {
    let n = value_label(v.abs(), span);
    let sign = if value_label(v, span).starts_with('−') {
        "−"
    } else {
        ""
    };
    match unit {
        "$B" => format!("{sign}${n}B"),
        "%" => format!("{sign}{n}%"),
        "" => format!("{sign}{n}"),
        u => format!("{sign}{n} {u}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_as_words() {
        assert_eq!(key_label("holders.japan.sale.steps"), "Japan: sale length");
        assert_eq!(
            key_label("holders.other-foreign.adjustment_months"),
            "Other foreign: adjustment time"
        );
        assert_eq!(
            humanise_keys("Sweep of x: key figures against holders.japan.sale.total_bn"),
            "Sweep of x: key figures against Japan: sale total"
        );
        assert_eq!(
            humanise_keys("calibration.elasticity_scale (0.6–1.6)"),
            "Calibration: elasticity scale (0.6–1.6)"
        );
        assert_eq!(
            humanise_keys("a value of 0.5, e.g. this"),
            "a value of 0.5, e.g. this"
        );
    }

    #[test]
    fn units() {
        assert_eq!(unit_of("Extra interest over 10 years ($B)"), "$B");
        assert_eq!(unit_of("Peak 10y change (bp)"), "bp");
        assert_eq!(unit_of("Paths"), "");
        assert_eq!(with_unit(6805.3, "$B", 2000.0), "$6,805B");
        assert_eq!(with_unit(-12.0, "$B", 100.0), "−$12B");
        assert_eq!(with_unit(35.0, "bp", 100.0), "35 bp");
    }
}
