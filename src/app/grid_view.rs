//! Which rows a grid shows and in what order: an index of row ids over the result set, built
//! by filtering and sorting, never by copying rows. Pure functions, so the worker can run them
//! off the UI task for large results and tests can run them directly.
use std::cmp::Ordering;
use std::fmt::Write;

use crate::mast::table::Cell;

use super::result_set::ResultSet;

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortSpec {
    pub col: usize,
    pub desc: bool,
}

/// A filter and sort to compute: everything it needs, shared, so it can run anywhere.
#[derive(Debug, Clone)]
pub struct ViewJob {
    pub data: ResultSet,
    /// The columns whose text the filter reads (the visible ones).
    pub columns: Vec<usize>,
    pub filter: String,
    pub sort: Option<SortSpec>,
    /// Narrow this index (keeping its order) instead of starting from all rows: typing one
    /// more character only ever removes rows.
    pub base: Option<Vec<u32>>,
    /// Start at this row id (for rows appended after the base was computed).
    pub from_row: usize,
}

impl ViewJob {
    /// Rows of the work: what decides whether it may run on the UI task.
    pub fn size(&self) -> usize {
        match &self.base {
            Some(b) => b.len(),
            None => self.data.rows() - self.from_row.min(self.data.rows()),
        }
    }

    pub fn run(&self) -> ViewIndex {
        let filter = Matcher::new(&self.filter);
        if filter.is_none() && self.sort.is_none() && self.base.is_none() && self.from_row == 0 {
            return ViewIndex::All;
        }
        let mut rows: Vec<u32> = match (&self.base, &filter) {
            (Some(base), Some(m)) => {
                let mut buf = String::new();
                base.iter()
                    .copied()
                    .filter(|&r| self.row_matches(m, r as usize, &mut buf))
                    .collect()
            }
            (Some(base), None) => base.clone(),
            (None, Some(m)) => self.scan(m),
            (None, None) => (self.from_row as u32..self.data.rows() as u32).collect(),
        };
        if self.base.is_none()
            && let Some(sort) = self.sort
        {
            sort_rows(&self.data, &mut rows, sort);
        }
        ViewIndex::Rows(rows)
    }

    /// Filters rows `from_row..` page by page (no per-row page lookup).
    fn scan(&self, m: &Matcher) -> Vec<u32> {
        let mut out = Vec::new();
        let mut buf = String::new();
        for page in 0..self.data.pages() {
            let (start, n) = self.data.page_span(page);
            if start + n <= self.from_row {
                continue;
            }
            for off in self.from_row.saturating_sub(start)..n {
                let hit = self
                    .columns
                    .iter()
                    .any(|&c| m.matches(self.data.page_cell(page, off, c), &mut buf));
                if hit {
                    out.push((start + off) as u32);
                }
            }
        }
        out
    }

    fn row_matches(&self, m: &Matcher, row: usize, buf: &mut String) -> bool {
        self.columns
            .iter()
            .any(|&c| m.matches(self.data.cell(row, c), buf))
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

/// Sorts row ids by one column: numbers numerically, text ignoring case, nulls last, ties
/// in arrival order (the sort is stable).
pub fn sort_rows(data: &ResultSet, rows: &mut Vec<u32>, spec: SortSpec) {
    let numeric = data.is_numeric(spec.col);
    sort_rows_by(rows, spec.desc, numeric, |r| data.cell(r, spec.col));
}

/// Sorts row ids by the cell `cell` gives for each, as `sort_rows` does: for grids whose
/// data is not a `ResultSet` (the products pane).
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
    use crate::mast::table::Table;

    fn data() -> ResultSet {
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
        rs
    }

    fn job(filter: &str, sort: Option<SortSpec>) -> ViewJob {
        ViewJob {
            data: data(),
            columns: vec![0, 1],
            filter: filter.into(),
            sort,
            base: None,
            from_row: 0,
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
        assert_eq!(up, ViewIndex::Rows(vec![2, 0, 4, 3, 1]));
        let down = job("", Some(SortSpec { col: 0, desc: true })).run();
        assert_eq!(down, ViewIndex::Rows(vec![3, 0, 4, 2, 1]));
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
        assert_eq!(v, ViewIndex::Rows(vec![3, 1, 2, 0, 4]));
    }

    #[test]
    fn filters_case_insensitively_over_text_and_numbers() {
        assert_eq!(job("ngc", None).run(), ViewIndex::Rows(vec![0, 4]));
        assert_eq!(job("3.5", None).run(), ViewIndex::Rows(vec![0, 4]));
        assert_eq!(job("-1", None).run(), ViewIndex::Rows(vec![2]));
        assert_eq!(job("", None).run(), ViewIndex::All);
    }

    #[test]
    fn narrowing_keeps_the_base_order() {
        let mut j = job("", Some(SortSpec { col: 0, desc: true }));
        let ViewIndex::Rows(sorted) = j.run() else {
            panic!("sorted view expected")
        };
        j.base = Some(sorted);
        j.filter = "ngc".into();
        assert_eq!(j.run(), ViewIndex::Rows(vec![0, 4]));
    }

    #[test]
    fn tail_scan_starts_at_from_row() {
        let mut j = job("m", None);
        j.from_row = 2;
        assert_eq!(j.run(), ViewIndex::Rows(vec![2]));
    }

    #[test]
    fn contains_ci_edges() {
        assert!(contains_ci(b"ABC", b"abc"));
        assert!(contains_ci(b"xxaBc", b"abc"));
        assert!(!contains_ci(b"ab", b"abc"));
        assert!(contains_ci(b"", b""));
    }
}
