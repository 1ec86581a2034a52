//! Sorting the products pane: what one sort needs, owned, so a large one runs on the
//! worker's blocking thread (300,000 file names take far longer than a keystroke may) and a
//! small one inline. The answer is an index of row ids; rows are never copied.
use crate::mast::table::{Cell, Column};

use super::grid_view::{SortSpec, sort_rows_by};

/// Up to this many products sort inline (well under a millisecond); more go to the worker.
pub const INLINE_SORT_ROWS: usize = 20_000;

/// The values sorted by.
#[derive(Debug, Clone)]
pub enum SortValues {
    /// A product field (a text column is one buffer, so the copy is cheap).
    Field(Column),
    /// How many observations list each product.
    Shared(Vec<u32>),
    /// No product has the field: every value is null, the order stays.
    Missing,
}

#[derive(Debug, Clone)]
pub struct ProductSortJob {
    pub spec: SortSpec,
    pub values: SortValues,
    /// Row ids in the file-stem grouping; the sort is stable, so ties keep it.
    pub order: Vec<u32>,
}

impl ProductSortJob {
    /// The grouped order sorted: numbers numerically, text ignoring case, nulls last.
    pub fn run(&self) -> Vec<u32> {
        let mut rows = self.order.clone();
        let desc = self.spec.desc;
        match &self.values {
            SortValues::Field(c) => sort_rows_by(&mut rows, desc, c.is_numeric(), |r| c.get(r)),
            SortValues::Shared(n) => sort_rows_by(&mut rows, desc, true, |r| {
                n.get(r).map_or(Cell::Null, |&n| Cell::Int(i64::from(n)))
            }),
            SortValues::Missing => {}
        }
        rows
    }
}
