//! Overlays drawn over the pane.
mod columns;
mod confirm;
mod detail;
pub mod facets;
mod filter;
mod help;
mod login;
pub mod product_detail;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use crate::app::overlay::Overlay;
use crate::app::products::ProductColumn;
use crate::app::{Pane, State};

use super::theme::Theme;

/// Draws the open overlay; returns where the terminal cursor goes if it takes typing.
pub fn draw(
    buf: &mut Buffer,
    body: Rect,
    message_line: Rect,
    state: &State,
    theme: &Theme,
) -> Option<Position> {
    match &state.overlay {
        None => None,
        Some(Overlay::Help { scroll }) => {
            help::draw(buf, body, *scroll, theme);
            None
        }
        Some(Overlay::Detail { row, scroll }) => {
            detail::draw(buf, body, &state.results, *row, *scroll, theme);
            None
        }
        Some(Overlay::Columns(c)) => {
            let names: Vec<&str> = if state.pane == Pane::Products {
                ProductColumn::ALL.iter().map(|c| c.title()).collect()
            } else {
                state
                    .results
                    .data
                    .names()
                    .iter()
                    .map(String::as_str)
                    .collect()
            };
            columns::draw(buf, body, &names, c, theme);
            None
        }
        Some(Overlay::Filter { input }) => filter::draw(buf, message_line, state, input, theme),
        Some(Overlay::Login(prompt)) => {
            login::draw(buf, body, state, prompt, theme);
            None
        }
        Some(Overlay::Confirm(c)) => {
            confirm::draw(buf, body, c, theme);
            None
        }
    }
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
