//! Edit distance for "did you mean" suggestions.
//!
//! Optimal string alignment (Damerau-Levenshtein restricted to adjacent transpositions that
//! are not edited again): typos such as `calib_lvel` or `obs_colletcion` cost 1.

/// Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b`, counted on
/// chars so that non-ASCII input cannot split a code point.
pub fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() {
        return b.len();
    }
    if b.is_empty() {
        return a.len();
    }
    let width = b.len() + 1;
    // Three rows suffice: the transposition looks two rows back.
    let mut two_back = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(two_back[j - 2] + 1);
            }
            cur[j] = best;
        }
        std::mem::swap(&mut two_back, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The same distance ignoring case (Unicode lowercase).
pub fn osa_distance_ignore_case(a: &str, b: &str) -> usize {
    osa_distance(&a.to_lowercase(), &b.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_edits_cost_one() {
        assert_eq!(osa_distance("calib_level", "calib_level"), 0);
        assert_eq!(osa_distance("calib_lvel", "calib_level"), 1); // deletion
        assert_eq!(osa_distance("calib_levell", "calib_level"), 1); // insertion
        assert_eq!(osa_distance("calib_lavel", "calib_level"), 1); // substitution
        assert_eq!(osa_distance("calib_lveel", "calib_level"), 1); // transposition
    }

    #[test]
    fn empty_and_disjoint() {
        assert_eq!(osa_distance("", "abc"), 3);
        assert_eq!(osa_distance("abc", ""), 3);
        assert_eq!(osa_distance("", ""), 0);
        assert_eq!(osa_distance("abc", "xyz"), 3);
        assert_eq!(osa_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn osa_does_not_edit_a_swapped_pair_again() {
        // True Damerau gives 2 here; optimal string alignment gives 3.
        assert_eq!(osa_distance("ca", "abc"), 3);
    }

    #[test]
    fn case_and_unicode() {
        assert_eq!(osa_distance_ignore_case("OBSID", "obsid"), 0);
        assert_eq!(osa_distance("obsID", "obsid"), 2);
        assert_eq!(osa_distance("d\u{e9}c", "dec"), 1);
        assert_eq!(osa_distance("\u{b0}\u{2032}", "\u{2032}\u{b0}"), 1);
    }
}
