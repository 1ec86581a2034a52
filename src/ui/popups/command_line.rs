//! The `:` command line: the bottom row of the body, a note above it (what Tab found, or
//! what was wrong).
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::app::overlays::command_line::CommandLine;
use crate::sanitize::printable;
use crate::ui::field;

use super::super::text::put;
use super::super::theme::Theme;

pub fn draw(buf: &mut Buffer, body: Rect, c: &CommandLine, theme: &Theme) -> Option<Position> {
    if body.height < 2 || body.width < 4 {
        return None;
    }
    let y = body.y + body.height - 1;
    clear(buf, Rect::new(body.x, y, body.width, 1), theme);
    buf.set_style(Rect::new(body.x, y, body.width, 1), theme.input());
    put(buf, body.x, y, ":", 1, theme.key());
    let cursor = field::draw(buf, body.x + 1, y, body.width - 1, &c.input, theme.input());
    if let Some(note) = &c.note {
        let style = if c.note_is_error {
            theme.error()
        } else {
            theme.dim()
        };
        clear(buf, Rect::new(body.x, y - 1, body.width, 1), theme);
        put(
            buf,
            body.x + 1,
            y - 1,
            &printable(note),
            body.width - 1,
            style,
        );
    }
    Some(cursor)
}

/// Blanks a row the grid drew on, so nothing of it shows through.
fn clear(buf: &mut Buffer, line: Rect, theme: &Theme) {
    buf.set_style(line, theme.base());
    for x in line.x..line.x + line.width {
        buf[(x, line.y)].set_symbol(" ");
    }
}
