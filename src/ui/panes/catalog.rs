//! The catalog pane: the sources a catalog search found (see `searched_grid`), with the
//! query after the counts.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::State;
use crate::mast::catalogs::CatalogQuery;
use crate::mast::criteria::Target;
use crate::ui::theme::Theme;

use super::searched_grid::{self, Empty, Searched};

const EMPTY: Empty = Empty {
    failed: "The search failed (see below). Change it in the Search pane (1) and press Enter.",
    none: "No source matches. Widen the radius or loosen the criteria in the Search pane (1).",
    not_yet: "Pick a catalog on the Source line of the Search pane (1), or press C on a result.",
};

pub fn draw(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    let c = &state.catalog;
    let searched = Searched {
        name: c.name(),
        summary: c.query.as_ref().map(query_summary),
        pane: c,
        empty: &EMPTY,
    };
    searched_grid::draw(buf, area, &searched, state.now_ms, theme);
}

/// `M101 r=0.02° Tmag=8..10`
pub fn query_summary(q: &CatalogQuery) -> String {
    let mut parts = Vec::new();
    match &q.target {
        Some(Target::Name(n)) => parts.push(n.clone()),
        Some(Target::Coords(sc)) => parts.push(format!("{} {}", sc.ra, sc.dec)),
        None => {}
    }
    if q.target.is_some() {
        parts.push(format!("r={}°", q.radius()));
    }
    parts.extend(q.terms.iter().map(|t| format!("{}={}", t.column, t.value)));
    parts.join(" ")
}
