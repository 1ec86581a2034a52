//! Screen geometry that both `update` (to keep the cursor in view) and `ui` (to draw) need.

/// Below this the screen shows one "terminal too small" line.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// Rows not available to a grid's body: tab bar, pane title, column header, message, status.
pub const GRID_CHROME_ROWS: u16 = 5;
/// Columns before the first cell: the cursor and mark markers.
pub const MARKER_WIDTH: u16 = 2;
/// The results grid's gutter: the cursor and mark markers, then the exclusive-access one.
pub const RESULTS_GUTTER: u16 = MARKER_WIDTH + 1;
/// Space between two columns.
pub const COLUMN_GAP: u16 = 1;

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// Rows of data a grid shows at this terminal height.
pub fn grid_rows(height: u16) -> usize {
    height.saturating_sub(GRID_CHROME_ROWS).max(1) as usize
}

/// How many of `widths` (in order) fit into `avail` columns, each followed by a gap.
pub fn columns_fitting(widths: impl IntoIterator<Item = u16>, avail: u16) -> usize {
    let mut used: u32 = 0;
    let mut n = 0;
    for w in widths {
        let need = used + u32::from(w);
        if need > u32::from(avail) {
            break;
        }
        used = need + u32::from(COLUMN_GAP);
        n += 1;
    }
    n
}
