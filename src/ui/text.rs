//! Text helpers for drawing: server text made safe, and fitting text into columns.
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// Server-supplied text without escape sequences or control characters.
pub fn clean(s: &str) -> Cow<'_, str> {
    crate::sanitize::printable(s)
}

/// Writes `s` at (x, y), cut to `width` columns; returns the columns used.
pub fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, width: u16, style: Style) -> u16 {
    if width == 0 {
        return 0;
    }
    let (end, _) = buf.set_stringn(x, y, s, width as usize, style);
    end.saturating_sub(x)
}

/// Writes `s` right-aligned inside `width` columns starting at x.
pub fn put_right(buf: &mut Buffer, x: u16, y: u16, s: &str, width: u16, style: Style) {
    let len = s.width().min(u16::MAX as usize) as u16;
    if len >= width {
        put(buf, x, y, s, width, style);
    } else {
        put(buf, x + width - len, y, s, len, style);
    }
}

/// A dim line saying why a pane is empty and what to do, on its second line.
pub fn put_hint(buf: &mut Buffer, area: Rect, text: &str, dim: Style) {
    put(
        buf,
        area.x + 2,
        area.y + 1.min(area.height.saturating_sub(1)),
        text,
        area.width.saturating_sub(2),
        dim,
    );
}

/// A rectangle of `w` x `h` centred in `area` (clipped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A braille spinner frame for `now_ms`.
pub fn spinner(now_ms: u64) -> char {
    const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    FRAMES[(now_ms / 80) as usize % FRAMES.len()]
}
