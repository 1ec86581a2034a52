//! The file-name filter of product triage: `_cal.fits,_i2d.fits,!_gs-`.
//!
//! Grammar (case-insensitive substrings of `productFilename`):
//! - alternatives are separated by `,`; a name passes when it contains any positive
//!   alternative (or when there is no positive alternative at all);
//! - `!text` is a negation; a name passes only when it contains none of them;
//! - spaces around a term are ignored; empty alternatives (`a,,b`, a trailing `,`) are
//!   skipped, so typing a comma never changes the answer;
//! - an expression of blanks only is "no filter"; one that has text but no term (`,`, `!`)
//!   is an error, so a typo never silently matches everything.
//!
//! Errors carry the byte offset and length of the bad part, so a caret can point at it.
use std::fmt;

use memchr::memmem::Finder;

/// A parsed expression, ready to test many names.
#[derive(Debug, Clone)]
pub struct ProductFilter {
    /// The expression as typed (for display and comparison).
    source: String,
    any: Vec<Finder<'static>>,
    none: Vec<Finder<'static>>,
}

/// What is wrong with an expression, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// Byte offset of the bad part in the expression.
    pub offset: usize,
    /// Its length in bytes (at least 1 when the expression is not empty).
    pub len: usize,
    pub message: String,
}

impl FilterError {
    fn at(offset: usize, len: usize, message: impl Into<String>) -> FilterError {
        FilterError {
            offset,
            len,
            message: message.into(),
        }
    }

    /// The column (in characters, from 0) where the bad part starts.
    pub fn column(&self, expr: &str) -> usize {
        expr.get(..self.offset).map_or(0, |s| s.chars().count())
    }

    /// Two lines: the expression (made printable) and carets under the bad part.
    pub fn caret(&self, expr: &str) -> String {
        let shown = crate::sanitize::printable(expr);
        let col = self.column(expr);
        let width = expr
            .get(self.offset..self.offset + self.len)
            .map_or(1, |s| s.chars().count().max(1));
        format!("{shown}\n{}{}", " ".repeat(col), "^".repeat(width))
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

impl std::error::Error for FilterError {}

/// One term as found in the text and whether it is negated.
struct Term<'a> {
    text: &'a str,
    negated: bool,
}

impl ProductFilter {
    /// Parses `expr`; `Ok(None)` when it is blank (no filter).
    pub fn parse(expr: &str) -> Result<Option<ProductFilter>, FilterError> {
        if expr.trim().is_empty() {
            return Ok(None);
        }
        if let Some((i, c)) = expr.char_indices().find(|(_, c)| c.is_control()) {
            return Err(FilterError::at(
                i,
                c.len_utf8(),
                "control characters cannot be part of a file name filter",
            ));
        }
        let mut any = Vec::new();
        let mut none = Vec::new();
        let mut start = 0;
        for part in expr.split(',') {
            let part_start = start;
            start += part.len() + 1;
            if let Some(term) = term_of(part, part_start)? {
                let needle = term.text.to_lowercase();
                let finder = Finder::new(needle.as_bytes()).into_owned();
                if term.negated {
                    none.push(finder);
                } else {
                    any.push(finder);
                }
            }
        }
        if any.is_empty() && none.is_empty() {
            return Err(FilterError::at(
                0,
                expr.len(),
                "nothing to match: write file name parts separated by ',', \
                 e.g. _cal.fits,_i2d.fits,!_gs-",
            ));
        }
        Ok(Some(ProductFilter {
            source: expr.to_string(),
            any,
            none,
        }))
    }

    /// The expression as typed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Tests a name that is already lowercase (see `lowercase_name`): the fast path for
    /// filtering many names.
    pub fn matches_lower(&self, name_lower: &[u8]) -> bool {
        (self.any.is_empty() || self.any.iter().any(|f| f.find(name_lower).is_some()))
            && self.none.iter().all(|f| f.find(name_lower).is_none())
    }

    /// Tests any name.
    pub fn matches(&self, name: &str) -> bool {
        self.matches_lower(lowercase_name(name).as_bytes())
    }

    /// The compiled positive alternatives and negations (for whole-arena scans).
    pub fn finders(&self) -> (&[Finder<'static>], &[Finder<'static>]) {
        (&self.any, &self.none)
    }

    /// Positive alternatives and negations, lowercase (for a summary line).
    pub fn terms(&self) -> (Vec<String>, Vec<String>) {
        let text = |f: &Finder<'_>| String::from_utf8_lossy(f.needle()).into_owned();
        (
            self.any.iter().map(text).collect(),
            self.none.iter().map(text).collect(),
        )
    }
}

/// How names are folded before matching (the same folding as the needles).
pub fn lowercase_name(name: &str) -> String {
    name.to_lowercase()
}

/// Reads one alternative (`part` starts at byte `at` of the expression); None when empty.
fn term_of(part: &str, at: usize) -> Result<Option<Term<'_>>, FilterError> {
    let lead = part.len() - part.trim_start().len();
    let body = part.trim();
    if body.is_empty() {
        return Ok(None);
    }
    let start = at + lead;
    let (negated, text, text_start) = match body.strip_prefix('!') {
        Some(rest) => {
            let inner_lead = rest.len() - rest.trim_start().len();
            (true, rest.trim_start(), start + 1 + inner_lead)
        }
        None => (false, body, start),
    };
    if negated && text.is_empty() {
        return Err(FilterError::at(
            start,
            1,
            "'!' needs text after it: !_gs- hides names containing _gs-",
        ));
    }
    if text.starts_with('!') {
        return Err(FilterError::at(
            text_start,
            1,
            "a negation cannot be negated again: write one '!'",
        ));
    }
    if let Some((i, c)) = text.char_indices().find(|(_, c)| c.is_whitespace()) {
        return Err(FilterError::at(
            text_start + i,
            c.len_utf8(),
            "file names have no spaces here: separate alternatives with ','",
        ));
    }
    if let Some(i) = text.find('!') {
        return Err(FilterError::at(
            text_start + i,
            1,
            "'!' only negates a whole alternative: put it first, after a ','",
        ));
    }
    Ok(Some(Term { text, negated }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(expr: &str) -> ProductFilter {
        ProductFilter::parse(expr).unwrap().unwrap()
    }

    #[test]
    fn a_wide_space_is_pointed_at_whole() {
        // Found by tests/fuzz: a no-break space (two bytes) was pointed at as one byte,
        // which is not a character boundary.
        let expr = "A\u{a0}\u{a1}";
        let e = ProductFilter::parse(expr).unwrap_err();
        assert_eq!((e.offset, e.len), (1, 2));
        assert!(expr.is_char_boundary(e.offset + e.len));
        assert_eq!(e.caret(expr), "A\u{a0}\u{a1}\n ^");
    }

    #[test]
    fn alternatives_or_negations_and() {
        let p = f("_cal.fits,_i2d.fits,!_gs-");
        assert!(p.matches("jw01073001001_02101_00001_nrca1_cal.fits"));
        assert!(p.matches("jw01073-o001_t001_nircam_clear-f277w_i2d.fits"));
        assert!(!p.matches("jw01073001001_gs-fg_2022193_cal.fits"));
        assert!(!p.matches("jw01073001001_02101_00001_nrca1_uncal.fits"));
    }

    #[test]
    fn case_is_ignored_both_ways() {
        let p = f("_CAL.FITS,!_GS-");
        assert!(p.matches("x_cal.fits"));
        assert!(p.matches("X_Cal.Fits"));
        assert!(!p.matches("x_gs-fg_CAL.fits"));
    }

    #[test]
    fn negation_only_keeps_everything_else() {
        let p = f("!_gs-");
        assert!(p.matches("a_cal.fits"));
        assert!(p.matches(""));
        assert!(!p.matches("a_gs-fg_cal.fits"));
        let p = f("!_gs-, !.jpg");
        assert!(!p.matches("a.jpg"));
        assert!(p.matches("a.fits"));
    }

    #[test]
    fn empty_alternatives_are_skipped() {
        for expr in ["_cal,,_i2d", "_cal,_i2d,", ",_cal, ,_i2d", " _cal , _i2d "] {
            let p = f(expr);
            assert!(p.matches("x_cal.fits"), "{expr}");
            assert!(p.matches("x_i2d.fits"), "{expr}");
            assert!(!p.matches("x_rate.fits"), "{expr}");
        }
    }

    #[test]
    fn blank_is_no_filter_but_separators_alone_are_an_error() {
        assert!(ProductFilter::parse("").unwrap().is_none());
        assert!(ProductFilter::parse("   ").unwrap().is_none());
        for expr in [",", " , ,", ",,,"] {
            let e = ProductFilter::parse(expr).unwrap_err();
            assert_eq!(e.offset, 0, "{expr}");
            assert!(e.message.contains("nothing to match"), "{e}");
        }
    }

    #[test]
    fn errors_point_at_the_bad_part() {
        let e = ProductFilter::parse("_cal.fits, !").unwrap_err();
        assert_eq!((e.offset, e.len), (11, 1));
        assert_eq!(e.caret("_cal.fits, !"), "_cal.fits, !\n           ^");
        let e = ProductFilter::parse("_cal,!!_gs-").unwrap_err();
        assert_eq!(e.offset, 6);
        let e = ProductFilter::parse("_cal fits").unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("','"));
        let e = ProductFilter::parse("_cal!x").unwrap_err();
        assert_eq!(e.offset, 4);
        let e = ProductFilter::parse("a,\u{1b}[2J").unwrap_err();
        assert_eq!(e.offset, 2);
        assert!(!e.caret("a,\u{1b}[2J").contains('\u{1b}'));
        // Offsets are bytes; the caret column counts characters.
        let e = ProductFilter::parse("é,!").unwrap_err();
        assert_eq!(e.offset, 3);
        assert_eq!(e.column("é,!"), 2);
        assert!(e.to_string().contains("at character 4"));
    }

    #[test]
    fn spaces_after_bang_are_allowed() {
        let p = f("! _gs-");
        assert!(!p.matches("a_gs-b"));
        assert_eq!(p.terms(), (vec![], vec!["_gs-".to_string()]));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for expr in [
            "!",
            "!!",
            "!,",
            ",!",
            "é",
            "!é",
            "\u{0}",
            "a,\u{7f}",
            "🙂,!🙂",
        ] {
            let _ = ProductFilter::parse(expr);
        }
        assert!(f("🙂").matches("a🙂b"));
    }
}
