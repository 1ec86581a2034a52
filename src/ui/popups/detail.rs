//! Enter on a row: every field as the grid's source lists them (dates as ISO beside MJD,
//! sizes readable), scrolled with j/k.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::overlays::detail::DetailView;

use super::super::text::{clean, put};
use super::super::theme::Theme;
use super::{frame, large};

pub fn draw(buf: &mut Buffer, body: Rect, d: &DetailView, theme: &Theme) {
    let area = large(body);
    let inner = frame(buf, area, &clean(&d.detail.title), theme);
    let lines = &d.detail.lines;
    let name_w = lines
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(8)
        .min(26) as u16;
    let scroll = d
        .scroll
        .min(lines.len().saturating_sub(inner.height as usize));
    for (i, (name, value)) in lines
        .iter()
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
}
