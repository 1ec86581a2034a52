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
        let rows = state.results.data().rows() as u64;
        let label = if *pane == Pane::Results && rows > 0 {
            format!(" {} {} {} ", i + 1, pane.title(), thousands(rows))
        } else {
            format!(" {} {} ", i + 1, pane.title())
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
