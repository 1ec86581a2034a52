//! The results pane (title line with counts, then the grid) and the placeholder panes.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::State;
use crate::app::results::Results;
use crate::common::format::thousands;
use crate::mast::criteria::{Criteria, Target};

use super::grid;
use super::text::{clean, put, spinner};
use super::theme::Theme;

pub fn draw(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let r = &state.results;
    let title = title_line(r);
    let used = put(buf, area.x, area.y, &title, area.width, theme.title());
    if let Some(c) = &r.criteria {
        let summary = format!("  {}", criteria_summary(c));
        put(
            buf,
            area.x + used,
            area.y,
            &clean(&summary),
            area.width - used,
            theme.dim(),
        );
    }
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    if r.data.names().is_empty() {
        let text = match (&r.loading, &r.criteria) {
            (Some(_), _) => format!("{} searching MAST…", spinner(state.now_ms)),
            (None, Some(_)) if r.failed.is_some() => {
                "The search failed (see below). Change the criteria in the Search pane (1) and press Enter.".to_string()
            }
            (None, Some(_)) => {
                "No observations match. Loosen the criteria in the Search pane (1).".to_string()
            }
            (None, None) => {
                "No search yet: fill the form in the Search pane (1) and press Enter.".to_string()
            }
        };
        put(
            buf,
            body.x + 2,
            body.y + 1.min(body.height.saturating_sub(1)),
            &text,
            body.width.saturating_sub(2),
            theme.dim(),
        );
        return;
    }
    grid::draw(buf, body, r, theme);
    if r.is_empty() && !r.filter.is_empty() && body.height > 2 {
        let text = format!(
            "No row shows '{}'. Esc clears the filter.",
            clean(&r.filter)
        );
        put(
            buf,
            body.x + 2,
            body.y + 2,
            &text,
            body.width.saturating_sub(2),
            theme.dim(),
        );
    }
}

/// ` Results  1,204 / 51,796+  sort t_min▲  filter "nircam"  3 marked`
pub fn title_line(r: &Results) -> String {
    let mut s = String::from(" Results ");
    if r.data.names().is_empty() && r.loading.is_none() {
        return s;
    }
    let total = r
        .total
        .unwrap_or(r.data.rows() as u64)
        .max(r.data.rows() as u64);
    s.push_str(&format!(
        " {} / {}",
        thousands(r.len() as u64),
        thousands(total)
    ));
    if r.loading.is_some() || (r.partial && (r.data.rows() as u64) < total) {
        s.push('+');
    }
    if let Some(sort) = r.sort
        && let Some(name) = r.data.names().get(sort.col)
    {
        s.push_str(&format!(
            "  sort {name}{}",
            if sort.desc { '▼' } else { '▲' }
        ));
    }
    if !r.filter.is_empty() {
        s.push_str(&format!("  filter \"{}\"", r.filter));
        if r.view_pending() {
            s.push('…');
        }
    }
    if r.marks.count() > 0 {
        s.push_str(&format!("  {} marked", thousands(r.marks.count() as u64)));
    }
    s
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

pub fn draw_products(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    let p = &state.products;
    put(buf, area.x, area.y, " Products ", area.width, theme.title());
    let line = if p.req.is_some() {
        format!(
            "{} asking MAST for the products of {} observations…",
            spinner(state.now_ms),
            thousands(p.observations as u64)
        )
    } else if let Some(s) = &p.summary {
        format!(
            "{} unique products ({} rows received) for {} observations. The product grid comes with the products pane.",
            thousands(s.unique as u64),
            thousands(s.received as u64),
            thousands(p.observations as u64)
        )
    } else if let Some(e) = &p.error {
        clean(e).into_owned()
    } else {
        "Mark observations in Results (Space) and press p to list their products.".to_string()
    };
    if area.height > 2 {
        put(
            buf,
            area.x + 2,
            area.y + 2,
            &line,
            area.width.saturating_sub(2),
            theme.dim(),
        );
    }
}
