//! `c`: choose and order the grid's columns.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::overlays::columns::ColumnChooser;

use super::super::text::{centered, clean, put};
use super::super::theme::Theme;
use super::frame;

pub fn draw(buf: &mut Buffer, body: Rect, c: &ColumnChooser, theme: &Theme) {
    let area = centered(body, 48, body.height);
    let inner = frame(
        buf,
        area,
        "Columns: Space show, J/K move, Enter apply",
        theme,
    );
    let h = inner.height as usize;
    let first = c.cursor.saturating_sub(h.saturating_sub(1));
    for (i, (idx, &(col, shown))) in c.items.iter().enumerate().skip(first).take(h).enumerate() {
        let name = c.names.get(col).map_or("", String::as_str);
        let line = format!(
            "{} [{}] {}",
            if idx == c.cursor { '>' } else { ' ' },
            if shown { 'x' } else { ' ' },
            clean(name)
        );
        let style = if idx == c.cursor {
            theme.selected()
        } else {
            theme.base()
        };
        put(buf, inner.x, inner.y + i as u16, &line, inner.width, style);
    }
}
