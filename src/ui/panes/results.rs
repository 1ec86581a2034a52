//! The results pane: the observations a search found (see `searched_grid`), with the
//! criteria after the counts.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::State;
use crate::mast::criteria::{Criteria, Target};
use crate::ui::theme::Theme;

use super::searched_grid::{self, Empty, Searched};

const EMPTY: Empty = Empty {
    failed: "The search failed (see below). Change the criteria in the Search pane (1) and press Enter.",
    none: "No observations match. Loosen the criteria in the Search pane (1).",
    not_yet: "No search yet: fill the form in the Search pane (1) and press Enter.",
};

pub fn draw(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    let r = &state.results;
    let searched = Searched {
        name: "Results",
        summary: r.criteria.as_ref().map(criteria_summary),
        pane: r,
        empty: &EMPTY,
    };
    searched_grid::draw(buf, area, &searched, state.now_ms, theme);
}

/// `M101 r=0.2° obs_collection=JWST proposal_id=1073`
pub fn criteria_summary(c: &Criteria) -> String {
    let mut parts = Vec::new();
    match &c.target {
        Some(Target::Name(n)) => parts.push(n.clone()),
        Some(Target::Coords(sc)) => parts.push(format!("{} {}", sc.ra, sc.dec)),
        None => {}
    }
    if let Some(r) = c.radius_deg {
        parts.push(format!("r={r}°"));
    }
    parts.extend(c.terms.iter().map(|t| format!("{}={}", t.column, t.value)));
    parts.join(" ")
}
