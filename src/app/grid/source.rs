//! `GridSource`: what a table must say about itself to be shown in a grid. Rows are row ids
//! `0..rows()` in arrival order (rows are only ever appended); columns are ids
//! `0..columns()`. Everything else (cursor, marks, sort, filter, column choice) is the grid's.
use std::fmt::Write;
use std::sync::Arc;

use crate::app::effect::Detail;
use crate::app::format::detail_value;
use crate::mast::table::Cell;

use crate::app::view::CellSource;

pub trait GridSource {
    fn rows(&self) -> usize;
    fn columns(&self) -> usize;

    /// The column's name (the chooser, the details, the filter's words).
    fn name(&self, col: usize) -> &str;

    /// The column's title in the header (a short one where the name is long).
    fn header(&self, col: usize) -> &str {
        self.name(col)
    }

    /// The value, as MAST sent it (what sorting, filtering and the details read).
    fn cell(&self, row: usize, col: usize) -> Cell<'_>;

    /// True when the column holds numbers: sorted numerically, aligned right.
    fn is_numeric(&self, col: usize) -> bool;

    /// Columns the column wants on screen, header included.
    fn width(&self, col: usize) -> u16;

    /// True for the one column that takes the width the others leave (a file name).
    fn is_fill(&self, _col: usize) -> bool {
        false
    }

    /// True for key columns, which stay on screen while the others scroll sideways.
    fn is_key(&self, _col: usize) -> bool {
        false
    }

    /// True for a column left out by default when it would squeeze the fill column (shown
    /// again once the user chooses columns).
    fn gives_way(&self, _col: usize) -> bool {
        false
    }

    /// The text drawn for a cell `width` columns wide, appended to `out` (the UI strips
    /// escape sequences from it). By default the value as it reads.
    fn show(&self, row: usize, col: usize, _width: u16, out: &mut String) {
        match self.cell(row, col) {
            Cell::Null => {}
            Cell::Text(s) => out.push_str(s),
            other => {
                let _ = write!(out, "{other}");
            }
        }
    }

    /// True when the row's files need a login (the `!` in the gutter).
    fn needs_login(&self, _row: usize) -> bool {
        false
    }

    /// The rows' natural order, when it is not arrival order (products grouped by file
    /// stem). Sorting is stable over it, and `s` again returns to it.
    fn order(&self) -> Option<&[u32]> {
        None
    }

    /// The columns shown before the user chooses (`c`).
    fn default_columns(&self) -> Vec<usize> {
        (0..self.columns()).collect()
    }

    /// An owned copy of what sorting or filtering `cols` reads, for a job on another
    /// thread (cheap: shared pages, or the few columns copied).
    fn snapshot(&self, cols: &[usize]) -> Arc<dyn CellSource>;

    /// Every field of a row, for the detail overlay.
    fn detail(&self, row: usize) -> Detail {
        default_detail(self, row)
    }
}

/// Every column of a row with its value (dates beside MJDs, sizes readable), titled by the
/// row's number: what `GridSource::detail` gives unless a source names its rows better.
pub fn default_detail<S: GridSource + ?Sized>(src: &S, row: usize) -> Detail {
    Detail {
        title: format!("row {}", row + 1),
        row,
        lines: (0..src.columns())
            .map(|c| {
                let name = src.name(c);
                (name.to_string(), detail_value(name, src.cell(row, c)))
            })
            .collect(),
    }
}
