//! `?`: every binding, generated from the keymap table.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::app::remap::Keymap;

use super::super::text::put;
use super::super::theme::Theme;
use super::{frame, large};

pub fn draw(buf: &mut Buffer, body: Rect, scroll: usize, keys: &Keymap, theme: &Theme) {
    let area = large(body);
    let inner = frame(buf, area, "Keys (j/k scroll, Esc closes)", theme);
    let mut lines: Vec<(String, &str, bool)> = Vec::new();
    for (title, entries) in keys.help_sections() {
        lines.push((title.to_string(), "", true));
        for (keys, what) in entries {
            lines.push((keys, what, false));
        }
    }
    // The grid gutter's glyphs, which no key explains.
    lines.push(("Markers".to_string(), "", true));
    for (glyph, what) in [
        (">", "the cursor row"),
        ("*", "marked"),
        (
            super::super::grid::EXCLUSIVE_GLYPH,
            "needs a login (EXCLUSIVE_ACCESS or RESTRICTED data): L",
        ),
    ] {
        lines.push((glyph.to_string(), what, false));
    }
    let key_w = lines
        .iter()
        .filter(|l| !l.2)
        .map(|l| l.0.width())
        .max()
        .unwrap_or(8)
        .min(24) as u16;
    let scroll = scroll.min(lines.len().saturating_sub(inner.height as usize));
    for (i, (a, b, heading)) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        if *heading {
            put(buf, inner.x, y, a, inner.width, theme.title());
        } else {
            put(
                buf,
                inner.x + 2,
                y,
                a,
                key_w.min(inner.width.saturating_sub(2)),
                theme.key(),
            );
            let x = inner.x + 3 + key_w;
            if x < inner.x + inner.width {
                put(buf, x, y, b, inner.x + inner.width - x, theme.base());
            }
        }
    }
}
