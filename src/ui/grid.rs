//! The grid widget: any `Grid` over any `GridSource`. Only the rows in the window are
//! formatted, drawn straight into the buffer, so a frame costs the same for a hundred rows or
//! a million. Key columns stay on the left while the others scroll sideways; the gutter shows
//! the cursor (`>`), marks (`*`) and rows that need a login (`!`).
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::app::grid::columns::{GUTTER, Placement};
use crate::app::grid::component::Grid;
use crate::app::grid::source::GridSource;
use crate::app::view::SortSpec;

use super::text::{clean, put, put_right};
use super::theme::Theme;

/// The cursor marker and the mark take the first two gutter cells.
const MARKER_WIDTH: u16 = 2;

/// The glyph drawn in a grid's gutter for a row whose files need a login. ASCII, so it is
/// one cell wide in every terminal and visible without colour.
pub const EXCLUSIVE_GLYPH: &str = "!";

pub fn draw(buf: &mut Buffer, area: Rect, grid: &Grid, src: &dyn GridSource, theme: &Theme) {
    if area.height == 0 || area.width <= GUTTER {
        return;
    }
    let placement = grid.columns.place(src, area.width);
    header(buf, area, grid, src, &placement, theme);
    let body_rows = (area.height - 1) as usize;
    let top = grid.cursor.window_top(body_rows);
    let mut text = String::new();
    for i in 0..body_rows {
        let pos = top + i;
        let Some(row) = grid.row_at(pos, src) else {
            break;
        };
        let y = area.y + 1 + i as u16;
        let is_cursor = pos == grid.cursor.pos;
        let marked = grid.marks.is_marked(row);
        let mut style = if marked { theme.marked() } else { theme.base() };
        if is_cursor {
            style = style.patch(theme.selected());
            buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        }
        let marker = match (is_cursor, marked) {
            (true, true) => ">*",
            (true, false) => "> ",
            (false, true) => " *",
            (false, false) => "  ",
        };
        put(buf, area.x, y, marker, MARKER_WIDTH, style);
        // Marked whether or not the rights column is shown.
        if src.needs_login(row) {
            let glyph = style.patch(theme.exclusive());
            put(buf, area.x + MARKER_WIDTH, y, EXCLUSIVE_GLYPH, 1, glyph);
        }
        for p in &placement.cols {
            text.clear();
            src.show(row, p.col, p.width, &mut text);
            if text.is_empty() {
                continue;
            }
            let shown = clean(&text);
            if src.is_numeric(p.col) {
                put_right(buf, area.x + p.x, y, &shown, p.width, style);
            } else {
                put(buf, area.x + p.x, y, &shown, p.width, style);
            }
        }
        if let Some(sx) = placement.separator {
            put(buf, area.x + sx, y, "│", 1, style.patch(theme.dim()));
        }
    }
}

/// Column titles: the one under the column cursor stands out, the sorted one has an arrow
/// (a title as wide as its column gives its last letter to the arrow).
fn header(
    buf: &mut Buffer,
    area: Rect,
    grid: &Grid,
    src: &dyn GridSource,
    placement: &Placement,
    theme: &Theme,
) {
    for p in &placement.cols {
        let title = clean(src.header(p.col));
        let mut label: String = title.to_string();
        if let Some(SortSpec { col, desc }) = grid.sort
            && col == p.col
        {
            if label.width() + 1 > p.width as usize {
                label = label
                    .chars()
                    .take((p.width as usize).saturating_sub(1))
                    .collect();
            }
            label.push(if desc { '▼' } else { '▲' });
        }
        let style = if grid.columns.col == p.vis {
            theme.header_cursor()
        } else {
            theme.header()
        };
        if src.is_numeric(p.col) {
            put_right(buf, area.x + p.x, area.y, &label, p.width, style);
        } else {
            put(buf, area.x + p.x, area.y, &label, p.width, style);
        }
    }
    if let Some(sx) = placement.separator {
        put(buf, area.x + sx, area.y, "│", 1, theme.dim());
    }
}
