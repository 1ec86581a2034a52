//! What `:export` writes: the focused grid's rows as shown (filtered, in their sort order),
//! with every column, handed to the worker without copying the rows on the UI task (the
//! rows are chosen in `command_run`).
use super::grid::result_set::ResultSet;

/// Rows to export: the pages (shared, not copied) and the row ids in the order shown.
#[derive(Debug, Clone)]
pub struct ExportRows {
    pub data: ResultSet,
    pub order: Vec<u32>,
}

impl ExportRows {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}
