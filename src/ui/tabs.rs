//! The top line: the panes, with the current one highlighted.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::State;
use crate::app::focus::Pane;
use crate::common::format::thousands;

use super::text::put;
use super::theme::Theme;

pub fn draw(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    let mut x = area.x;
    let right = area.x + area.width;
    x += put(buf, x, area.y, " mastui ", area.width, theme.title());
    for (i, pane) in Pane::ALL.iter().enumerate() {
        let (title, rows) = match pane {
            Pane::Results => (pane.title(), state.results.data().rows()),
            Pane::Catalog => (state.catalog.name(), state.catalog.table.data.rows()),
            Pane::Mission => (state.mission.name(), state.mission.table.data.rows()),
            _ => (pane.title(), 0),
        };
        let label = if rows > 0 {
            format!(" {} {title} {} ", i + 1, thousands(rows as u64))
        } else {
            format!(" {} {title} ", i + 1)
        };
        let style = if *pane == state.pane {
            theme.tab_active()
        } else {
            theme.tab()
        };
        if x >= right {
            break;
        }
        x += put(buf, x, area.y, &label, right - x, style);
        x += put(buf, x, area.y, " ", right.saturating_sub(x), theme.base());
    }
}
