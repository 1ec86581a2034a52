//! `L`: the login prompt. The token is never drawn, only how many characters were typed.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::app::State;
use crate::app::keymap::Context;
use crate::app::overlays::login::LoginPrompt;

use super::super::text::{centered, clean};
use super::super::theme::Theme;
use super::frame;

pub fn draw(buf: &mut Buffer, body: Rect, state: &State, prompt: &LoginPrompt, theme: &Theme) {
    let area = centered(body, 72, 11);
    let inner = frame(buf, area, "Log in to MAST", theme);
    if inner.height == 0 || inner.width < 3 {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    let keyring_note = state
        .auth
        .keyring_unavailable
        .as_deref()
        .map(|why| format!("No system keyring here ({}).", clean(why)));
    let keys = match prompt {
        LoginPrompt::Typing {
            error, checking, ..
        } => {
            lines.push(Line::raw(
                "Paste or type your MAST API token; it is never shown.",
            ));
            let typed = match prompt.typed() {
                0 => "(nothing typed yet)".to_string(),
                n => format!("{n} characters"),
            };
            lines.push(Line::from(vec![
                Span::styled("Token: ", theme.key()),
                Span::styled(typed, theme.input()),
            ]));
            lines.push(Line::raw(""));
            if checking.is_some() {
                lines.push(Line::styled("Checking with MAST…", theme.dim()));
            } else if let Some(e) = error {
                lines.push(Line::styled(clean(e).into_owned(), theme.error()));
            } else if state.auth.demo_token.is_none() {
                lines.push(Line::raw(
                    "No token yet? Ctrl-O opens auth.mast.stsci.edu/token (or copies the link).",
                ));
            }
            // Told again after a wrong try: the point of the demo is to get in.
            if let (Some(demo), None) = (&state.auth.demo_token, checking) {
                lines.push(Line::styled(
                    format!(
                        "Demo archive: the token is `{}` (it unlocks the exclusive-access \
                         products of JWST program 1073).",
                        clean(demo)
                    ),
                    theme.ok(),
                ));
            }
            state.keys.key_line(Context::Login)
        }
        LoginPrompt::Keep { name, .. } => {
            lines.push(Line::styled(
                format!("Logged in as {}.", clean(name)),
                theme.ok(),
            ));
            lines.push(Line::raw("Keep the token for next time?"));
            lines.push(Line::raw(""));
            let ring = match &keyring_note {
                Some(_) => "k  system keyring (not available here)",
                None => "k  system keyring (mastui's own entry)",
            };
            lines.push(Line::raw(ring));
            lines.push(Line::raw(
                "f  file in the config directory (plain text, mode 0600)",
            ));
            lines.push(Line::raw("s  this session only"));
            state.keys.key_line(Context::LoginKeep)
        }
    };
    if let Some(note) = keyring_note {
        lines.push(Line::styled(
            format!("{note} Use f, or set MAST_API_TOKEN."),
            theme.dim(),
        ));
    }
    let text_area = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height.saturating_sub(1),
    );
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(text_area, buf);
    let y = inner.y + inner.height - 1;
    super::super::text::put(
        buf,
        inner.x + 1,
        y,
        &keys,
        inner.width.saturating_sub(2),
        theme.key(),
    );
}
