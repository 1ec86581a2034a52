//! The results grid: only the rows in the window are formatted; frozen key columns stay on
//! the left while the others scroll sideways. Drawn straight into the buffer, so a frame
//! costs the same for a hundred rows or a million.
use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::grid_view::SortSpec;
use crate::app::layout::{COLUMN_GAP, MARKER_WIDTH, RESULTS_GUTTER};
use crate::app::results::Results;
use crate::app::rights::{EXCLUSIVE_GLYPH, cell_needs_login};
use crate::mast::table::Cell;

use super::text::{clean, put, put_right};
use super::theme::Theme;

/// One drawn column: its id, where it starts and how wide it is on screen.
struct Placed {
    col: usize,
    /// Index in `Results::visible` (to show the column cursor).
    vis: usize,
    x: u16,
    width: u16,
}

/// Which columns are drawn at this width: the frozen ones, a separator, then the scrolled
/// ones from `col_offset` (the last one cut if it does not fit whole).
fn place_columns(r: &Results, area: Rect) -> (Vec<Placed>, Option<u16>) {
    let mut placed = Vec::new();
    let right = area.x + area.width;
    let mut x = area.x + RESULTS_GUTTER;
    let frozen = r.frozen();
    let mut separator = None;
    let order = (0..frozen).chain(r.col_offset.max(frozen)..r.visible.len());
    for (n, vis) in order.enumerate() {
        if n == frozen && frozen > 0 {
            if x >= right {
                break;
            }
            separator = Some(x);
            x += 2;
        }
        if x >= right {
            break;
        }
        let col = r.visible[vis];
        let width = r.data.width(col).min(right - x);
        placed.push(Placed { col, vis, x, width });
        x = x.saturating_add(width + COLUMN_GAP);
    }
    (placed, separator)
}

/// The first row drawn: the stored top, moved if needed so the cursor is on screen.
pub fn window_top(r: &Results, body_rows: usize) -> usize {
    let body = body_rows.max(1);
    if r.cursor < r.top {
        r.cursor
    } else if r.cursor >= r.top + body {
        r.cursor + 1 - body
    } else {
        r.top
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, r: &Results, theme: &Theme) {
    if area.height == 0 || area.width <= RESULTS_GUTTER {
        return;
    }
    let (placed, separator) = place_columns(r, area);
    let names = r.data.names();
    // Looked up once a frame: the marker shows whether or not the column is on screen.
    let rights_col = r.data.column_index("dataRights");
    // Header.
    for p in &placed {
        let name = names.get(p.col).map_or("", String::as_str);
        let mut label = clean(name).into_owned();
        if let Some(SortSpec { col, desc }) = r.sort
            && col == p.col
        {
            label.push(if desc { '▼' } else { '▲' });
        }
        let style = if p.vis == r.col {
            theme.header_cursor()
        } else {
            theme.header()
        };
        if r.data.is_numeric(p.col) {
            put_right(buf, p.x, area.y, &label, p.width, style);
        } else {
            put(buf, p.x, area.y, &label, p.width, style);
        }
    }
    if let Some(sx) = separator {
        put(buf, sx, area.y, "│", 1, theme.dim());
    }
    let body_rows = (area.height - 1) as usize;
    let top = window_top(r, body_rows);
    let rows = r.data.rows();
    let mut text = String::new();
    for i in 0..body_rows {
        let pos = top + i;
        let Some(row) = r.view.row_at(pos, rows) else {
            break;
        };
        let y = area.y + 1 + i as u16;
        let is_cursor = pos == r.cursor;
        let marked = r.marks.is_marked(row);
        let mut style = theme.base();
        if marked {
            style = theme.marked();
        }
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
        if rights_col.is_some_and(|c| cell_needs_login(&r.data.cell(row, c))) {
            let glyph_style = style.patch(theme.exclusive());
            put(
                buf,
                area.x + MARKER_WIDTH,
                y,
                EXCLUSIVE_GLYPH,
                1,
                glyph_style,
            );
        }
        for p in &placed {
            let cell = r.data.cell(row, p.col);
            text.clear();
            match cell {
                Cell::Null => continue,
                Cell::Text(s) => text.push_str(&clean(s)),
                other => {
                    let _ = write!(text, "{other}");
                }
            }
            if r.data.is_numeric(p.col) {
                put_right(buf, p.x, y, &text, p.width, style);
            } else {
                put(buf, p.x, y, &text, p.width, style);
            }
        }
        if let Some(sx) = separator {
            put(buf, sx, y, "│", 1, style.patch(theme.dim()));
        }
    }
}
