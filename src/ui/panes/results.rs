//! The results pane: a title line with counts, the criteria, then the grid; while the
//! filter is typed, its prompt on the message line (the grid stays in view).
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::app::State;
use crate::app::panes::results::ResultsPane;
use crate::common::format::thousands;
use crate::mast::criteria::{Criteria, Target};
use crate::ui::text::{clean, put, put_hint, spinner};
use crate::ui::theme::Theme;
use crate::ui::{field, grid};

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
    if r.data().names().is_empty() {
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
        put_hint(buf, body, &text, theme.dim());
        return;
    }
    grid::draw(buf, body, &r.grid, &r.table, theme);
    if r.is_empty() && !r.filter().is_empty() && body.height > 2 {
        let text = format!(
            "No row shows '{}'. Esc clears the filter.",
            clean(r.filter())
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
pub fn title_line(r: &ResultsPane) -> String {
    let mut s = String::from(" Results ");
    let rows = r.data().rows() as u64;
    if r.data().names().is_empty() && r.loading.is_none() {
        return s;
    }
    let total = r.total.unwrap_or(rows).max(rows);
    s.push_str(&format!(
        " {} / {}",
        thousands(r.len() as u64),
        thousands(total)
    ));
    if r.loading.is_some() || (r.partial && rows < total) {
        s.push('+');
    }
    if let Some(sort) = r.grid.sort
        && let Some(name) = r.data().names().get(sort.col)
    {
        s.push_str(&format!(
            "  sort {name}{}",
            if sort.desc { '▼' } else { '▲' }
        ));
    }
    if !r.filter().is_empty() {
        s.push_str(&format!("  filter \"{}\"", r.filter()));
        if r.grid.pending() {
            s.push('…');
        }
    }
    let marked = r.grid.marks.count();
    if marked > 0 {
        s.push_str(&format!("  {} marked", thousands(marked as u64)));
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

/// `/`: the filter prompt, on the message line so the grid stays in view while typing.
pub fn draw_prompt(
    buf: &mut Buffer,
    line: Rect,
    r: &ResultsPane,
    theme: &Theme,
) -> Option<Position> {
    let input = r.grid.input()?;
    buf.set_style(line, theme.base());
    for x in line.x..line.x + line.width {
        if let Some(cell) = buf.cell_mut((x, line.y)) {
            cell.set_symbol(" ");
        }
    }
    let status = if r.grid.filtering() {
        "filtering…".to_string()
    } else {
        format!("{} shown", thousands(r.len() as u64))
    };
    let right = format!("  {status} · Enter keep · Esc clear");
    let right_w = (right.chars().count() as u16).min(line.width / 2);
    let field_w = line.width.saturating_sub(right_w + 2);
    put(buf, line.x, line.y, "/", 1, theme.key());
    let cursor = field::draw(buf, line.x + 1, line.y, field_w, input, theme.input());
    put(
        buf,
        line.x + line.width - right_w,
        line.y,
        &right,
        right_w,
        theme.dim(),
    );
    Some(cursor)
}
