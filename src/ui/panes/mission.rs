//! The mission pane: the datasets a missions search found (see `searched_grid`), with the
//! query after the counts.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::State;
use crate::mast::criteria::Target;
use crate::mast::missions_search::DEFAULT_RADIUS_ARCMIN;
use crate::mast::missions_search::query::MissionQuery;
use crate::ui::theme::Theme;

use super::searched_grid::{self, Empty, Searched};

const EMPTY: Empty = Empty {
    failed: "The search failed (see below). Change it in the Search pane (1) and press Enter.",
    none: "No dataset matches. Widen the radius or loosen the conditions in the Search pane (1).",
    not_yet: "Pick a mission (HST, JWST, ...) on the Source line of the Search pane (1).",
};

pub fn draw(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    let m = &state.mission;
    let searched = Searched {
        name: m.name(),
        summary: m.query.as_ref().map(query_summary),
        pane: m,
        empty: &EMPTY,
    };
    searched_grid::draw(buf, area, &searched, state.now_ms, theme);
}

/// `M101 r=3' sci_instrume=ACS,WFC3`
pub fn query_summary(q: &MissionQuery) -> String {
    let mut parts = Vec::new();
    for t in &q.targets {
        match t {
            Target::Name(n) => parts.push(n.clone()),
            Target::Coords(sc) => parts.push(format!("{} {}", sc.ra, sc.dec)),
        }
    }
    if !q.targets.is_empty() {
        parts.push(format!(
            "r={}'",
            q.radius_arcmin.unwrap_or(DEFAULT_RADIUS_ARCMIN)
        ));
    }
    parts.extend(q.conditions.iter().map(|(c, v)| format!("{c}={v}")));
    parts.join(" ")
}
