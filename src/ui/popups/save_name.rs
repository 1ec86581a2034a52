//! `S` in the search form: the name prompt of a search being saved, the search under it.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::app::overlays::save_name::SaveName;
use crate::ui::field;

use super::super::text::{centered, clean, put};
use super::super::theme::Theme;
use super::frame;

pub fn draw(buf: &mut Buffer, body: Rect, s: &SaveName, theme: &Theme) -> Option<Position> {
    let area = centered(body, 70, 7);
    let inner = frame(buf, area, "Save the search", theme);
    if inner.height < 2 || inner.width < 8 {
        return None;
    }
    put(buf, inner.x + 1, inner.y, "Name:", 6, theme.header());
    let cursor = field::draw(
        buf,
        inner.x + 7,
        inner.y,
        inner.width.saturating_sub(8),
        &s.input,
        theme.input(),
    );
    put(
        buf,
        inner.x + 1,
        inner.y + 1,
        &clean(&s.spec.describe()),
        inner.width.saturating_sub(2),
        theme.dim(),
    );
    if inner.height > 2 {
        let (text, style) = match &s.problem {
            Some(p) => (p.as_str(), theme.error()),
            None => (
                "letters, digits, - _ .   Enter: save   Esc: cancel",
                theme.key(),
            ),
        };
        put(
            buf,
            inner.x + 1,
            inner.y + inner.height - 1,
            &clean(text),
            inner.width.saturating_sub(2),
            style,
        );
    }
    Some(cursor)
}
