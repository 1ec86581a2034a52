//! Drawing. `view` reads `&State` and never changes it. Panes (`panes/`) and overlays
//! (`popups/`) mirror `app::panes` and `app::overlays` one to one; every grid is drawn by
//! `grid`.
pub mod field;
pub mod grid;
pub mod image_protocol;
pub mod panes;
pub mod popups;
pub mod preview;
pub mod status;
pub mod tabs;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::State;
use crate::app::focus::Pane;
use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH, too_small};

pub use theme::Theme;

/// Draws the whole screen.
pub fn view(state: &State, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if too_small(area.width, area.height) {
        let msg = format!("terminal too small: need {MIN_WIDTH}x{MIN_HEIGHT}");
        if area.height > 0 {
            text::put(buf, area.x, area.y, &msg, area.width, theme.error());
        }
        return;
    }
    let tabs_area = Rect::new(area.x, area.y, area.width, 1);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 3);
    let message_area = Rect::new(area.x, area.y + area.height - 2, area.width, 1);
    let status_area = Rect::new(area.x, area.y + area.height - 1, area.width, 1);

    tabs::draw(buf, tabs_area, state, theme);
    let mut cursor = match state.pane {
        Pane::Search => panes::search::draw(buf, body, state, theme),
        Pane::Results => {
            panes::results::draw(buf, body, state, theme);
            None
        }
        Pane::Products => panes::products::draw(buf, body, state, theme),
        Pane::Basket => {
            panes::basket::draw(buf, body, state, theme);
            None
        }
        Pane::Catalog => {
            panes::catalog::draw(buf, body, state, theme);
            None
        }
        Pane::Mission => {
            panes::mission::draw(buf, body, state, theme);
            None
        }
    };
    status::draw_message(buf, message_area, state, theme);
    status::draw_status(buf, status_area, state, theme);
    // A search's filter is typed on the message line, so the grid stays in view.
    let prompt = match state.pane {
        Pane::Results => {
            panes::searched_grid::draw_prompt(buf, message_area, &state.results, theme)
        }
        Pane::Catalog => {
            panes::searched_grid::draw_prompt(buf, message_area, &state.catalog, theme)
        }
        Pane::Mission => {
            panes::searched_grid::draw_prompt(buf, message_area, &state.mission, theme)
        }
        _ => None,
    };
    if prompt.is_some() {
        cursor = prompt;
    }
    let popup_cursor = popups::draw(buf, body, state, theme);
    // The terminal cursor sits in the field being typed into, else stays hidden; the login
    // prompt never shows where its hidden field is.
    let cursor = if state.overlays.is_empty() {
        cursor
    } else {
        popup_cursor
    };
    if let Some(pos) = cursor {
        frame.set_cursor_position(pos);
    }
}
