//! The two bottom lines: a message (errors with what to do next), then the hint bar with the
//! running work and the server in use.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::app::State;
use crate::app::message::Level;
use crate::app::update::active_contexts;

use super::text::{clean, put, spinner};
use super::theme::Theme;

pub fn draw_message(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    let Some(m) = &state.message else {
        return;
    };
    let (prefix, style) = match m.level {
        Level::Error => ("✗ ", theme.error()),
        Level::Info => ("· ", theme.ok()),
    };
    let text = format!("{prefix}{}", clean(&m.text));
    put(buf, area.x, area.y, &text, area.width, style);
}

pub fn draw_status(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    buf.set_style(area, theme.status_bar());
    // Right side first: work and server matter more than hints when space is short.
    let mut right = String::new();
    // Who is logged in sits with the server it applies to.
    let server = match state.auth.status.label() {
        login if login.is_empty() => server_label(&state.server),
        login => format!("{login} · {}", server_label(&state.server)),
    };
    let work = state.activities();
    // The server stays; the work line goes first when the terminal is narrow.
    let work_len: usize = work.iter().map(|w| w.width() + 3).sum();
    if !work.is_empty() && work_len + server.width() + 4 <= area.width as usize {
        right.push(spinner(state.now_ms));
        right.push(' ');
        right.push_str(&work.join(" · "));
        right.push_str("  ");
    }
    right.push_str(&server);
    right.push(' ');
    let right_len = right.width() as u16;
    let right_w = right_len.min(area.width);
    let right_x = area.x + area.width - right_w;
    put(buf, right_x, area.y, &right, right_w, theme.status_bar());

    let mut x = area.x + 1;
    let limit = right_x.saturating_sub(1);
    for (key, what) in state.keys.hints(&active_contexts(state)) {
        let need = (key.width() + what.width() + 3) as u16;
        // A long hint that does not fit leaves room for shorter ones after it.
        if x + need > limit {
            continue;
        }
        x += put(
            buf,
            x,
            area.y,
            &key,
            limit - x,
            theme.key().patch(theme.status_bar()),
        );
        x += put(
            buf,
            x,
            area.y,
            &format!(" {what}  "),
            limit - x,
            theme.status_bar(),
        );
    }
}

/// The server without the scheme: `mast.stsci.edu`, `127.0.0.1:40213`.
fn server_label(server: &str) -> String {
    let s = server
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/');
    clean(s).into_owned()
}
