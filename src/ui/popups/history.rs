//! Ctrl-R in the search form: the searches that ran, newest first, the filter typed on the
//! first line; each line says when, how many rows, and the search as `mastui search` flags.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use unicode_width::UnicodeWidthStr;

use crate::app::overlays::history::HistoryView;
use crate::common::format::{thousands, utc_minute};
use crate::ui::field;

use super::super::text::{clean, put};
use super::super::theme::Theme;
use super::{frame, large};

pub fn draw(buf: &mut Buffer, body: Rect, h: &HistoryView, theme: &Theme) -> Option<Position> {
    let area = large(body);
    let inner = frame(
        buf,
        area,
        "Search history: type to filter, Enter puts it in the form",
        theme,
    );
    if inner.height == 0 || inner.width < 4 {
        return None;
    }
    let shown = h.shown();
    let count = format!(
        "  {} of {}",
        thousands(shown.len() as u64),
        thousands(h.entries.len() as u64)
    );
    let field_w = inner.width.saturating_sub(count.width() as u16 + 2);
    put(buf, inner.x, inner.y, "/", 1, theme.key());
    let cursor = field::draw(buf, inner.x + 2, inner.y, field_w, &h.input, theme.input());
    put(
        buf,
        inner.x + 2 + field_w,
        inner.y,
        &count,
        inner.width.saturating_sub(2 + field_w),
        theme.dim(),
    );
    let rows = inner.height.saturating_sub(1) as usize;
    if shown.is_empty() && rows > 0 {
        let why = if h.entries.is_empty() {
            "no searches yet: each search that runs is kept here"
        } else {
            "no search holds what is typed"
        };
        put(buf, inner.x, inner.y + 1, why, inner.width, theme.dim());
        return Some(cursor);
    }
    let first = h.cursor.saturating_sub(rows.saturating_sub(1));
    for (i, (at, e)) in shown.iter().enumerate().skip(first).take(rows).enumerate() {
        let y = inner.y + 1 + i as u16;
        let rows_text = e.rows.map_or_else(
            || "unfinished".to_string(),
            |n| format!("{} rows", thousands(n)),
        );
        let line = format!(
            "{} {}  {:>12}  {}",
            if at == h.cursor { '>' } else { ' ' },
            utc_minute(e.at).trim_end_matches(" UTC"),
            rows_text,
            e.spec.describe()
        );
        let style = if at == h.cursor {
            theme.selected()
        } else {
            theme.base()
        };
        put(buf, inner.x, y, &clean(&line), inner.width, style);
    }
    Some(cursor)
}
