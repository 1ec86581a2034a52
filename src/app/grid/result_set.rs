//! The rows of a search, kept as the pages that arrived (shared, never copied), seen as one
//! table. Sharing pages lets a filter or sort run on another thread without copying rows.
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

use crate::mast::table::{Cell, ColumnData, Table};

use crate::app::view::{CellSource, Matcher};

/// Column widths are guessed from this many rows of each page (cheap, and stable enough).
const WIDTH_SAMPLE: usize = 200;
/// No column is drawn wider than this; the detail overlay shows the whole value.
pub const MAX_COL_WIDTH: u16 = 36;

#[derive(Debug, Clone, Default)]
pub struct ResultSet {
    pages: Vec<Arc<Table>>,
    /// The row id where each page starts.
    starts: Vec<usize>,
    rows: usize,
    /// Every column name seen, in arrival order.
    names: Vec<String>,
    /// Per page: the page's column index for each name (None when the page lacks it).
    maps: Vec<Vec<Option<usize>>>,
    numeric: Vec<bool>,
    /// Whether `numeric` was decided by values (true) or only by a declared type.
    decided: Vec<bool>,
    widths: Vec<u16>,
}

impl ResultSet {
    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|n| n == name)
            .or_else(|| self.names.iter().position(|n| n.eq_ignore_ascii_case(name)))
    }

    /// True when the column holds numbers (sort numerically, align right).
    pub fn is_numeric(&self, col: usize) -> bool {
        self.numeric.get(col).copied().unwrap_or(false)
    }

    /// Display width wanted by a column (header included), capped.
    pub fn width(&self, col: usize) -> u16 {
        self.widths.get(col).copied().unwrap_or(3)
    }

    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    /// Adds a page at the end.
    pub fn push_page(&mut self, table: Arc<Table>) {
        let mut map = vec![None; self.names.len()];
        for (ci, c) in table.columns().iter().enumerate() {
            let idx = match self.names.iter().position(|n| n == c.name()) {
                Some(i) => i,
                None => {
                    self.names.push(c.name().to_string());
                    self.numeric.push(false);
                    self.decided.push(false);
                    // One more than the name: room for the sort arrow.
                    let header = c.name().width().min(u16::MAX as usize - 1) as u16 + 1;
                    self.widths.push(header.clamp(3, MAX_COL_WIDTH));
                    for m in &mut self.maps {
                        m.push(None);
                    }
                    map.push(None);
                    self.names.len() - 1
                }
            };
            map[idx] = Some(ci);
            // The first page that holds values decides; until then the declared type does.
            let has_values = !matches!(c.data(), ColumnData::Empty);
            if !self.decided[idx] {
                self.numeric[idx] = c.is_numeric();
                self.decided[idx] = has_values;
            }
            let mut w = self.widths[idx];
            let mut buf = String::new();
            for row in 0..table.rows().min(WIDTH_SAMPLE) {
                w = w.max(cell_width(c.get(row), &mut buf));
            }
            self.widths[idx] = w.min(MAX_COL_WIDTH);
        }
        self.starts.push(self.rows);
        self.rows += table.rows();
        self.maps.push(map);
        self.pages.push(table);
    }

    /// The page holding `row` and the row's offset in it.
    pub fn locate(&self, row: usize) -> Option<(usize, usize)> {
        if row >= self.rows {
            return None;
        }
        let page = self.starts.partition_point(|&s| s <= row) - 1;
        Some((page, row - self.starts[page]))
    }

    pub fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        match self.locate(row) {
            Some((p, off)) => self.page_cell(p, off, col),
            None => Cell::Null,
        }
    }

    /// The cell of a named column.
    pub fn get(&self, row: usize, name: &str) -> Cell<'_> {
        match self.column_index(name) {
            Some(c) => self.cell(row, c),
            None => Cell::Null,
        }
    }

    /// A cell addressed by page and offset (fast path for whole-page scans).
    pub fn page_cell(&self, page: usize, off: usize, col: usize) -> Cell<'_> {
        match self.maps[page].get(col).copied().flatten() {
            Some(ci) => self.pages[page].cell(off, ci),
            None => Cell::Null,
        }
    }

    /// Page `page` itself (`:export` copies runs of rows from it).
    pub fn page(&self, page: usize) -> &Table {
        &self.pages[page]
    }

    /// Page `page`'s rows as (first row id, row count).
    pub fn page_span(&self, page: usize) -> (usize, usize) {
        (self.starts[page], self.pages[page].rows())
    }
}

impl CellSource for ResultSet {
    fn rows(&self) -> usize {
        self.rows
    }

    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        ResultSet::cell(self, row, col)
    }

    fn is_numeric(&self, col: usize) -> bool {
        ResultSet::is_numeric(self, col)
    }

    /// The row's page is found once, not once per column.
    fn row_matches(&self, row: usize, cols: &[usize], m: &Matcher, buf: &mut String) -> bool {
        let Some((page, off)) = self.locate(row) else {
            return false;
        };
        cols.iter()
            .any(|&c| m.matches(self.page_cell(page, off, c), buf))
    }
}

/// Characters a cell takes on screen.
fn cell_width(cell: Cell<'_>, buf: &mut String) -> u16 {
    use std::fmt::Write;
    match cell {
        Cell::Null => 0,
        // Display columns: a CJK or emoji character takes two.
        Cell::Text(s) => s.width().min(u16::MAX as usize) as u16,
        other => {
            buf.clear();
            let _ = write!(buf, "{other}");
            buf.len() as u16
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(start: i64, n: i64) -> Arc<Table> {
        let mut t = Table::default();
        for i in start..start + n {
            t.push_row([("obsid", Cell::Int(i)), ("obs_id", Cell::Text("x"))]);
        }
        Arc::new(t)
    }

    #[test]
    fn pages_read_as_one_table() {
        let mut rs = ResultSet::default();
        rs.push_page(page(0, 3));
        rs.push_page(page(3, 2));
        assert_eq!(rs.rows(), 5);
        assert_eq!(rs.get(4, "obsid"), Cell::Int(4));
        assert_eq!(rs.get(2, "obsid"), Cell::Int(2));
        assert_eq!(rs.cell(5, 0), Cell::Null);
        assert!(rs.is_numeric(0));
        assert!(!rs.is_numeric(1));
    }
}
