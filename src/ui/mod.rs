//! Drawing. `view` reads `&State` and never changes it.
pub mod basket;
pub mod grid;
pub mod popups;
pub mod products;
pub mod results;
pub mod search;
pub mod status;
pub mod tabs;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::State;
use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH, too_small};
use crate::app::state::Pane;

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
    let cursor = match state.pane {
        Pane::Search => search::draw(buf, body, state, theme),
        Pane::Results => {
            results::draw(buf, body, state, theme);
            None
        }
        Pane::Products => products::draw(buf, body, state, theme),
        Pane::Basket => {
            basket::draw(buf, body, state, theme);
            None
        }
    };
    let buf = frame.buffer_mut();
    status::draw_message(buf, message_area, state, theme);
    status::draw_status(buf, status_area, state, theme);
    let popup_cursor = popups::draw(buf, body, message_area, state, theme);
    // The terminal cursor sits in the field being typed into, else stays hidden.
    if let Some(pos) = popup_cursor.or(if state.overlay.is_none() {
        cursor
    } else {
        None
    }) {
        frame.set_cursor_position(pos);
    }
}
