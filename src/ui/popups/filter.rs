//! `/`: the filter prompt, on the message line so the grid stays in view while typing.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use tui_input::Input;

use crate::app::State;
use crate::common::format::thousands;

use super::super::text::put;
use super::super::theme::Theme;

pub fn draw(
    buf: &mut Buffer,
    line: Rect,
    state: &State,
    input: &Input,
    theme: &Theme,
) -> Option<Position> {
    buf.set_style(line, theme.base());
    for x in line.x..line.x + line.width {
        if let Some(cell) = buf.cell_mut((x, line.y)) {
            cell.set_symbol(" ");
        }
    }
    let r = &state.results;
    let status = if r.view_pending() {
        "filtering…".to_string()
    } else {
        format!("{} shown", thousands(r.len() as u64))
    };
    let right = format!("  {status} · Enter keep · Esc clear");
    let right_w = (right.chars().count() as u16).min(line.width / 2);
    let field_w = line.width.saturating_sub(right_w + 2);
    put(buf, line.x, line.y, "/", 1, theme.key());
    let scroll = input.visual_scroll(field_w.saturating_sub(1) as usize);
    let shown: String = input.value().chars().skip(scroll).collect();
    put(buf, line.x + 1, line.y, &shown, field_w, theme.input());
    put(
        buf,
        line.x + line.width - right_w,
        line.y,
        &right,
        right_w,
        theme.dim(),
    );
    let cx = input.visual_cursor().saturating_sub(scroll) as u16;
    Some(Position::new(
        line.x + 1 + cx.min(field_w.saturating_sub(1)),
        line.y,
    ))
}
