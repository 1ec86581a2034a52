//! Which rows a grid shows and in what order: an index of row ids, built by sorting and
//! filtering, never by copying rows. Pure functions over an owned snapshot of the cells
//! (`CellSource`), so the worker can run them off the UI task for large tables and tests can
//! run them directly.
use std::cmp::Ordering;
use std::fmt::{self, Write};
use std::sync::Arc;

use crate::mast::table::Cell;

/// Rows of the view: every row in arrival order, or a list of row ids.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ViewIndex {
    #[default]
    All,
    Rows(Vec<u32>),
}

impl ViewIndex {
    /// Rows in the view, given how many rows the data holds.
    pub fn len(&self, data_rows: usize) -> usize {
        match self {
            ViewIndex::All => data_rows,
            ViewIndex::Rows(v) => v.len(),
        }
    }

    /// The row id at a view position.
    pub fn row_at(&self, pos: usize, data_rows: usize) -> Option<usize> {
        match self {
            ViewIndex::All => (pos < data_rows).then_some(pos),
            ViewIndex::Rows(v) => v.get(pos).map(|&r| r as usize),
        }
    }

    /// The view position of a row id (a scan: used when the view changes, not per frame).
    pub fn position_of(&self, row: usize, data_rows: usize) -> Option<usize> {
        match self {
            ViewIndex::All => (row < data_rows).then_some(row),
            ViewIndex::Rows(v) => v.iter().position(|&r| r as usize == row),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortSpec {
    pub col: usize,
    pub desc: bool,
}

/// What a sort or filter job reads: an owned, shareable copy of (some of) a table's cells,
/// cheap to make (pages are shared, product columns copied once), so it can cross threads.
pub trait CellSource: fmt::Debug + Send + Sync {
    fn rows(&self) -> usize;
    fn cell(&self, row: usize, col: usize) -> Cell<'_>;
    fn is_numeric(&self, col: usize) -> bool;

    /// True when any of `cols` of `row` matches (a source may find the row once for all
    /// its columns).
    fn row_matches(&self, row: usize, cols: &[usize], m: &Matcher, buf: &mut String) -> bool {
        cols.iter().any(|&c| m.matches(self.cell(row, c), buf))
    }
}

/// The rows a job walks, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Rows {
    /// Row ids `from..to` in arrival order (no list is made for a million rows).
    Range(usize, usize),
    Ids(Vec<u32>),
}

impl Rows {
    pub fn len(&self) -> usize {
        match self {
            Rows::Range(a, b) => b.saturating_sub(*a),
            Rows::Ids(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn for_each(&self, mut f: impl FnMut(u32)) {
        match self {
            Rows::Range(a, b) => (*a as u32..*b as u32).for_each(f),
            Rows::Ids(v) => v.iter().for_each(|&r| f(r)),
        }
    }
}

/// Keep the rows where any of `columns` contains `text` (case-insensitive).
#[derive(Debug, Clone, PartialEq)]
pub struct TextFilter {
    pub text: String,
    pub columns: Vec<usize>,
}

/// One sort or filter to compute: everything it needs, owned, so it can run anywhere.
#[derive(Debug, Clone)]
pub struct ViewJob {
    pub data: Arc<dyn CellSource>,
    pub rows: Rows,
    pub filter: Option<TextFilter>,
    pub sort: Option<SortSpec>,
}

impl ViewJob {
    /// Rows of the work: what decides whether it may run on the UI task.
    pub fn size(&self) -> usize {
        self.rows.len()
    }

    /// The rows kept by the filter, in the walked order, then sorted (stably) when asked.
    pub fn run(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.rows.len().min(1 << 20));
        match self
            .filter
            .as_ref()
            .and_then(|f| Matcher::new(&f.text).map(|m| (m, f)))
        {
            Some((m, f)) => {
                let mut buf = String::new();
                self.rows.for_each(|r| {
                    if self.data.row_matches(r as usize, &f.columns, &m, &mut buf) {
                        out.push(r);
                    }
                });
            }
            None => self.rows.for_each(|r| out.push(r)),
        }
        if let Some(spec) = self.sort {
            let numeric = self.data.is_numeric(spec.col);
            sort_rows_by(&mut out, spec.desc, numeric, |r| {
                self.data.cell(r, spec.col)
            });
        }
        out
    }
}

/// A case-insensitive substring test over a cell's displayed text.
pub struct Matcher {
    needle: Vec<u8>,
    /// False when the needle holds a character no number's text has, so numbers are skipped
    /// without being formatted (the common case when typing names).
    numbers_can_match: bool,
    bools_can_match: bool,
}

impl Matcher {
    /// None for an empty filter (everything matches).
    pub fn new(text: &str) -> Option<Matcher> {
        if text.is_empty() {
            return None;
        }
        let needle: Vec<u8> = text.bytes().map(|b| b.to_ascii_lowercase()).collect();
        let numbers_can_match = needle.iter().all(|b| {
            b.is_ascii_digit() || matches!(b, b'-' | b'.' | b'e' | b'+' | b'i' | b'n' | b'f' | b'a')
        });
        let bools_can_match = ["true", "false"]
            .iter()
            .any(|w| contains_ci(w.as_bytes(), &needle));
        Some(Matcher {
            needle,
            numbers_can_match,
            bools_can_match,
        })
    }

    pub fn matches(&self, cell: Cell<'_>, buf: &mut String) -> bool {
        match cell {
            Cell::Null => false,
            Cell::Text(s) => contains_ci(s.as_bytes(), &self.needle),
            Cell::Bool(_) if !self.bools_can_match => false,
            Cell::Int(_) | Cell::Float(_) if !self.numbers_can_match => false,
            other => {
                buf.clear();
                let _ = write!(buf, "{other}");
                contains_ci(buf.as_bytes(), &self.needle)
            }
        }
    }
}

/// `needle` must already be ASCII-lowercase; non-ASCII bytes compare exactly.
fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    if needle.len() > hay.len() {
        return false;
    }
    let upper = first.to_ascii_uppercase();
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        let c = hay[i];
        if (c == first || c == upper)
            && hay[i + 1..i + needle.len()]
                .iter()
                .zip(rest)
                .all(|(h, n)| h.to_ascii_lowercase() == *n)
        {
            return true;
        }
        i += 1;
    }
    false
}

/// A value to sort by; None sorts last whatever the direction.
enum SortKey<'a> {
    Num(f64),
    Text(std::borrow::Cow<'a, str>),
}

/// Sorts row ids by the cell `cell` gives for each: numbers numerically, text ignoring case,
/// nulls last, ties in the given order (the sort is stable).
pub fn sort_rows_by<'a>(
    rows: &mut Vec<u32>,
    desc: bool,
    numeric: bool,
    cell: impl Fn(usize) -> Cell<'a>,
) {
    let mut keyed: Vec<(Option<SortKey<'a>>, u32)> = rows
        .iter()
        .map(|&r| {
            let cell = cell(r as usize);
            let key = if numeric {
                cell.as_f64().map(SortKey::Num)
            } else {
                match cell {
                    Cell::Null => None,
                    Cell::Text(s) => Some(SortKey::Text(s.into())),
                    other => Some(SortKey::Text(other.to_string().into())),
                }
            };
            (key, r)
        })
        .collect();
    keyed.sort_by(|(a, _), (b, _)| match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => {
            let o = compare(a, b);
            if desc { o.reverse() } else { o }
        }
    });
    rows.clear();
    rows.extend(keyed.into_iter().map(|(_, r)| r));
}

fn compare(a: &SortKey<'_>, b: &SortKey<'_>) -> Ordering {
    match (a, b) {
        (SortKey::Num(x), SortKey::Num(y)) => x.total_cmp(y),
        (SortKey::Text(x), SortKey::Text(y)) => {
            let folded = x
                .bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(y.bytes().map(|c| c.to_ascii_lowercase()));
            folded.then_with(|| x.cmp(y))
        }
        (SortKey::Num(_), SortKey::Text(_)) => Ordering::Less,
        (SortKey::Text(_), SortKey::Num(_)) => Ordering::Greater,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::app::grid::result_set::ResultSet;
    use crate::mast::table::Table;

    fn data() -> Arc<dyn CellSource> {
        let mut t = Table::default();
        let rows: [(Cell<'_>, &str); 5] = [
            (Cell::Float(3.5), "NGC 1068"),
            (Cell::Null, "M101"),
            (Cell::Float(-1.0), "m31"),
            (Cell::Float(10.0), "Cas A"),
            (Cell::Float(3.5), "ngc 4151"),
        ];
        for (x, name) in rows {
            t.push_row([("t_exptime", x), ("target_name", Cell::Text(name))]);
        }
        let mut rs = ResultSet::default();
        rs.push_page(Arc::new(t));
        Arc::new(rs)
    }

    fn job(filter: &str, sort: Option<SortSpec>) -> ViewJob {
        ViewJob {
            data: data(),
            rows: Rows::Range(0, 5),
            filter: Some(TextFilter {
                text: filter.into(),
                columns: vec![0, 1],
            }),
            sort,
        }
    }

    #[test]
    fn sorts_numbers_numerically_with_nulls_last_both_ways() {
        let up = job(
            "",
            Some(SortSpec {
                col: 0,
                desc: false,
            }),
        )
        .run();
        assert_eq!(up, vec![2, 0, 4, 3, 1]);
        let down = job("", Some(SortSpec { col: 0, desc: true })).run();
        assert_eq!(down, vec![3, 0, 4, 2, 1]);
    }

    #[test]
    fn sorts_text_ignoring_case() {
        let v = job(
            "",
            Some(SortSpec {
                col: 1,
                desc: false,
            }),
        )
        .run();
        assert_eq!(v, vec![3, 1, 2, 0, 4]);
    }

    #[test]
    fn filters_case_insensitively_over_text_and_numbers() {
        assert_eq!(job("ngc", None).run(), vec![0, 4]);
        assert_eq!(job("3.5", None).run(), vec![0, 4]);
        assert_eq!(job("-1", None).run(), vec![2]);
        assert_eq!(job("", None).run(), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn filtering_keeps_the_walked_order() {
        let mut j = job("ngc", None);
        j.rows = Rows::Ids(vec![4, 3, 2, 1, 0]);
        assert_eq!(j.run(), vec![4, 0]);
        j.rows = Rows::Range(2, 5);
        assert_eq!(j.run(), vec![4]);
    }

    #[test]
    fn contains_ci_edges() {
        assert!(contains_ci(b"ABC", b"abc"));
        assert!(contains_ci(b"xxaBc", b"abc"));
        assert!(!contains_ci(b"ab", b"abc"));
        assert!(contains_ci(b"", b""));
    }
}
