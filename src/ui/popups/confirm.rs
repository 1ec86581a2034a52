//! A yes/no question.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::overlays::confirm::Confirm;

use super::super::text::{centered, put};
use super::super::theme::Theme;
use super::frame;

pub fn draw(buf: &mut Buffer, body: Rect, c: &Confirm, theme: &Theme) {
    let area = centered(body, 60, 7);
    let inner = frame(buf, area, "Are you sure?", theme);
    if inner.height == 0 {
        return;
    }
    let text_area = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(1),
    );
    Paragraph::new(c.question.as_str())
        .wrap(Wrap { trim: true })
        .render(text_area, buf);
    let y = inner.y + inner.height - 1;
    put(
        buf,
        inner.x + 1,
        y,
        "y / Enter: yes     n / Esc: no",
        inner.width.saturating_sub(1),
        theme.key(),
    );
}
