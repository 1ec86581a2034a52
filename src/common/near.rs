//! "Did you mean": the one rule every refusal of a misspelt name uses to offer the valid
//! name closest to what was typed.

/// The most edits a typo of `typed` may have: 1 up to 4 characters, 2 up to 8, 3 beyond.
fn limit(typed: &str) -> usize {
    match typed.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    }
}

/// The candidate closest to `typed` if it is close enough to be a typo of it: case ignored,
/// edits counted as optimal string alignment (a swap of neighbours is one edit), at most
/// 1 for names up to 4 characters, 2 up to 8, 3 beyond. Of equally close names, the one
/// nearer in case, then the first (callers list them in a stable order). Nothing for empty
/// input.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let lower = typed.to_lowercase();
    let limit = limit(typed);
    let mut best: Option<((usize, usize), &str)> = None;
    for c in candidates {
        let d = strsim::osa_distance(&lower, &c.to_lowercase());
        if d > limit {
            continue;
        }
        let key = (d, strsim::osa_distance(typed, c));
        if best.is_none_or(|(b, _)| key < b) {
            best = Some((key, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    const NAMES: [&str; 5] = ["curl", "sort", "download.parallel", "obsid", "Tmag"];

    #[test]
    fn a_typo_finds_its_name() {
        assert_eq!(closest("crul", NAMES), Some("curl"));
        assert_eq!(closest("srot", NAMES), Some("sort"));
        assert_eq!(
            closest("download.paralel", NAMES),
            Some("download.parallel")
        );
        assert_eq!(closest("obsdi", NAMES), Some("obsid"));
        assert_eq!(closest("TMAG", NAMES), Some("Tmag"));
        assert_eq!(closest(" tmga ", NAMES), Some("Tmag"));
    }

    #[test]
    fn the_limit_grows_with_the_length() {
        // Two edits are too many for four letters, enough for five to eight.
        assert_eq!(closest("cxrx", NAMES), None);
        assert_eq!(closest("obxxd", NAMES), Some("obsid"));
        assert_eq!(closest("oxxxd", NAMES), None);
        assert_eq!(
            closest("downlxxd.parallel", NAMES),
            Some("download.parallel")
        );
        assert_eq!(closest("", NAMES), None);
        assert_eq!(closest("banana", NAMES), None);
    }

    #[test]
    fn ties_go_to_the_case_then_the_first() {
        assert_eq!(closest("ab", ["AB", "ab"]), Some("ab"));
        assert_eq!(closest("ab", ["ac", "ad"]), Some("ac"));
    }
}
