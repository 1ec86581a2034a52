//! Enter on a row: every field as the grid's source lists them (dates as ISO beside MJD,
//! sizes readable), scrolled with j/k.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use unicode_width::UnicodeWidthStr;

use crate::app::overlays::detail::DetailView;
use crate::common::format::thousands;
use crate::ui::field;

use super::super::text::{clean, put};
use super::super::theme::Theme;
use super::{frame, large};

/// Draws the lines; returns where the terminal cursor goes while the search is typed.
pub fn draw(buf: &mut Buffer, body: Rect, d: &DetailView, theme: &Theme) -> Option<Position> {
    let area = large(body);
    let inner = frame(buf, area, &clean(&d.detail.title), theme);
    let lines = d.lines();
    // The search, on the last line, while typed or set.
    let mut cursor = None;
    let mut inner = inner;
    if (d.input.is_some() || !d.filter.is_empty()) && inner.height > 1 {
        let y = inner.y + inner.height - 1;
        inner.height -= 1;
        let count = format!(
            "  {} of {} lines",
            thousands(lines.len() as u64),
            thousands(d.detail.lines.len() as u64)
        );
        let field_w = inner.width.saturating_sub(count.width() as u16 + 2);
        put(buf, inner.x, y, "/", 1, theme.key());
        match &d.input {
            Some(input) => {
                cursor = Some(field::draw(
                    buf,
                    inner.x + 1,
                    y,
                    field_w,
                    input,
                    theme.input(),
                ));
            }
            None => {
                put(
                    buf,
                    inner.x + 1,
                    y,
                    &clean(&d.filter),
                    field_w,
                    theme.input(),
                );
            }
        }
        put(
            buf,
            inner.x + 1 + field_w,
            y,
            &count,
            inner.width.saturating_sub(1 + field_w),
            theme.dim(),
        );
    }
    let name_w = lines
        .iter()
        .map(|(n, _)| n.width())
        .max()
        .unwrap_or(8)
        .min(26) as u16;
    let scroll = d
        .scroll
        .min(lines.len().saturating_sub(inner.height as usize));
    for (i, (name, value)) in lines
        .iter()
        .copied()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        put(
            buf,
            inner.x,
            y,
            &clean(name),
            name_w.min(inner.width),
            theme.header(),
        );
        let x = inner.x + name_w + 1;
        if x < inner.x + inner.width {
            put(
                buf,
                x,
                y,
                &clean(value),
                inner.x + inner.width - x,
                theme.base(),
            );
        }
    }
    cursor
}
