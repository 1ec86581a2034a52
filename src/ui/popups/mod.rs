//! Overlays drawn over the pane, one file each, mirroring `app::overlays`.
mod columns;
mod command_line;
mod confirm;
mod cutout;
mod detail;
mod download_settings;
mod facets;
mod help;
mod history;
mod login;
mod save_name;
mod sky;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::app::State;
use crate::app::overlays::stack::Overlay;

use super::theme::Theme;

/// Draws the open overlays, the top one last; returns where the terminal cursor goes when
/// the top one is typed into.
pub fn draw(buf: &mut Buffer, body: Rect, state: &State, theme: &Theme) -> Option<Position> {
    let mut cursor = None;
    for overlay in &state.overlays {
        cursor = None;
        match overlay {
            Overlay::Help(h) => help::draw(buf, body, h.scroll, &state.keys, theme),
            Overlay::Detail(d) => cursor = detail::draw(buf, body, d, theme),
            Overlay::Columns(c) => columns::draw(buf, body, c, theme),
            Overlay::Login(prompt) => login::draw(buf, body, state, prompt, theme),
            Overlay::Confirm(c) => confirm::draw(buf, body, c, theme),
            Overlay::Cutout(f) => cursor = cutout::draw(buf, body, f, &state.keys, theme),
            Overlay::CommandLine(c) => cursor = command_line::draw(buf, body, c, theme),
            Overlay::DownloadSettings(f) => {
                cursor = download_settings::draw(buf, body, f, &state.keys, theme)
            }
            Overlay::History(h) => cursor = history::draw(buf, body, h, theme),
            Overlay::SaveName(s) => cursor = save_name::draw(buf, body, s, theme),
            Overlay::Facets(f) => facets::draw(buf, body, &state.products, f.line, theme),
            Overlay::Sky(s) => sky::draw(buf, body, s, state.results.current_row(), theme),
        }
    }
    cursor
}

/// Clears `area`, draws a bordered box titled `title`, and returns its inside.
fn frame(buf: &mut Buffer, area: Rect, title: &str, theme: &Theme) -> Rect {
    Clear.render(area, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.popup_border())
        .title(format!(" {title} "))
        .title_style(theme.title());
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Most of the body, with a margin when there is room.
fn large(body: Rect) -> Rect {
    let w = if body.width > 90 {
        body.width - 10
    } else {
        body.width
    };
    let h = if body.height > 12 {
        body.height - 2
    } else {
        body.height
    };
    super::text::centered(body, w, h)
}
