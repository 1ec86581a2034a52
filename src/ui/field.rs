//! A one-line text field being typed in (a grid's filter, a search criterion): its text,
//! scrolled so the terminal cursor stays inside, and where that cursor goes.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use tui_input::Input;

use super::text::put;

/// Draws `input` in `width` columns at (x, y) in `style`; returns the cursor's position.
pub fn draw(buf: &mut Buffer, x: u16, y: u16, width: u16, input: &Input, style: Style) -> Position {
    buf.set_style(Rect::new(x, y, width, 1), style);
    let scroll = input.visual_scroll(width.saturating_sub(1) as usize);
    let shown: String = input.value().chars().skip(scroll).collect();
    put(buf, x, y, &shown, width, style);
    let cx = input.visual_cursor().saturating_sub(scroll) as u16;
    Position::new(x + cx.min(width.saturating_sub(1)), y)
}
