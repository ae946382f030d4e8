//! "Did you mean …?" suggestions for mistyped keys, names and values.

/// The candidate closest to `given`, if it is close enough to be a plausible
/// typo: fewest edits (Damerau–Levenshtein), then nearest length, then
/// Jaro–Winkler similarity; at most a third of the word's letters changed
/// (and at least 2 allowed).
pub fn closest<'a>(given: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let given = given.to_ascii_lowercase();
    let allowed = (given.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| {
            let lc = c.to_ascii_lowercase();
            let edits = strsim::damerau_levenshtein(&given, &lc);
            let len_gap = given.len().abs_diff(lc.len());
            let jw = strsim::jaro_winkler(&given, &lc);
            (edits, len_gap, -jw, *c)
        })
        .filter(|(edits, _, _, _)| *edits <= allowed)
        .min_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)))
        .map(|(_, _, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(closest("stepz", &["step", "steps", "start"]), Some("steps"));
        assert_eq!(
            closest("holdngs_bn", &["holdings_bn", "duration_years"]),
            Some("holdings_bn")
        );
        assert_eq!(closest("zzz", &["holdings_bn", "duration_years"]), None);
    }
}
