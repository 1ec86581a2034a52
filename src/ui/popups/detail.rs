//! Enter on a row: every field, dates as ISO beside MJD, sizes readable.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::format::detail_value;
use crate::app::results::Results;

use super::super::text::{clean, put};
use super::super::theme::Theme;
use super::{frame, large};

pub fn draw(buf: &mut Buffer, body: Rect, r: &Results, row: usize, scroll: usize, theme: &Theme) {
    let area = large(body);
    let title = match r.data.get(row, "obs_id").as_str() {
        Some(id) => clean(id).into_owned(),
        None => format!("row {}", row + 1),
    };
    let inner = frame(buf, area, &title, theme);
    let names = r.data.names();
    let name_w = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(8)
        .min(24) as u16;
    let scroll = scroll.min(names.len().saturating_sub(inner.height as usize));
    for (i, (col, name)) in names
        .iter()
        .enumerate()
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
            let value = detail_value(name, r.data.cell(row, col));
            put(
                buf,
                x,
                y,
                &clean(&value),
                inner.x + inner.width - x,
                theme.base(),
            );
        }
    }
}
