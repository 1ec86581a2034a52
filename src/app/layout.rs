//! Screen geometry that both `update` (to keep the cursor in view) and `ui` (to draw) need.

/// Below this the screen shows one "terminal too small" line.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// Rows not available to a grid's body: tab bar, pane title, column header, message, status.
pub const GRID_CHROME_ROWS: u16 = 5;

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// Rows of data a grid shows at this terminal height.
pub fn grid_rows(height: u16) -> usize {
    height.saturating_sub(GRID_CHROME_ROWS).max(1) as usize
}
