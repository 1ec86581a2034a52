//! What `:export` writes: the focused grid's rows as shown (filtered, in their sort order),
//! with every column, handed to the worker without copying the rows on the UI task (the
//! rows are chosen in `command_run`).
use std::sync::Arc;

use super::grid::result_set::ResultSet;
use crate::mast::table::Table;

/// Rows to export.
#[derive(Debug, Clone)]
pub enum ExportRows {
    /// A search's pages (shared) and the row ids in the order shown.
    Pages { data: ResultSet, order: Vec<u32> },
    /// A table already cut to the rows shown, in order (the products list).
    Table(Arc<Table>),
}

impl ExportRows {
    pub fn len(&self) -> usize {
        match self {
            ExportRows::Pages { order, .. } => order.len(),
            ExportRows::Table(t) => t.rows(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
