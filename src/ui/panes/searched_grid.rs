//! A pane that shows a search's rows in the shared grid (the results, a catalog, a
//! mission's datasets): a title line with counts and what was searched, the grid or a line
//! saying why it is empty, and the filter typed on the message line so the grid stays in
//! view.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use unicode_width::UnicodeWidthStr;

use crate::app::grid::component::Grid;
use crate::app::grid::paging::Paging;
use crate::app::grid::searched::SearchedPane;
use crate::app::grid::table_source::TableSource;
use crate::common::format::thousands;
use crate::ui::text::{clean, put, put_hint, spinner};
use crate::ui::theme::Theme;
use crate::ui::{field, grid};

/// What the pane shows and how it speaks of it.
pub struct Searched<'a> {
    /// ` Results `, ` TIC `.
    pub name: &'a str,
    /// What was searched, after the counts (dimmed).
    pub summary: Option<String>,
    /// The rows, their grid and the search delivering them.
    pub pane: &'a dyn SearchedPane,
    pub empty: &'a Empty,
}

/// Shown with no rows: after a failure, after an empty answer, before any search.
pub struct Empty {
    pub failed: &'static str,
    pub none: &'static str,
    pub not_yet: &'static str,
}

pub fn draw(buf: &mut Buffer, area: Rect, s: &Searched, now_ms: u64, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let (table, grid, paging) = s.pane.parts();
    let title = title_line(s.name, table, grid, paging);
    let used = put(buf, area.x, area.y, &title, area.width, theme.title());
    if let Some(summary) = &s.summary {
        put(
            buf,
            area.x + used,
            area.y,
            &clean(&format!("  {summary}")),
            area.width - used,
            theme.dim(),
        );
    }
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    if table.data.names().is_empty() {
        let text = match (&paging.loading, &s.summary) {
            (Some(_), _) => format!("{} searching MAST…", spinner(now_ms)),
            (None, Some(_)) if paging.failed.is_some() => s.empty.failed.to_string(),
            (None, Some(_)) => s.empty.none.to_string(),
            (None, None) => s.empty.not_yet.to_string(),
        };
        put_hint(buf, body, &text, theme.dim());
        return;
    }
    grid::draw(buf, body, grid, table, theme);
    let filter = grid.filter_text();
    if grid.len(table) == 0 && !filter.is_empty() && body.height > 2 {
        let text = format!("No row shows '{}'. Esc clears the filter.", clean(filter));
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
pub fn title_line(name: &str, table: &TableSource, grid: &Grid, paging: &Paging) -> String {
    let mut s = format!(" {name} ");
    let rows = table.data.rows() as u64;
    if table.data.names().is_empty() && paging.loading.is_none() {
        return s;
    }
    let total = paging.total.unwrap_or(rows).max(rows);
    s.push_str(&format!(
        " {} / {}",
        thousands(grid.len(table) as u64),
        thousands(total)
    ));
    if paging.loading.is_some() || (paging.partial && rows < total) {
        s.push('+');
    }
    if let Some(sort) = grid.sort
        && let Some(name) = table.data.names().get(sort.col)
    {
        s.push_str(&format!(
            "  sort {name}{}",
            if sort.desc { '▼' } else { '▲' }
        ));
    }
    let filter = grid.filter_text();
    if !filter.is_empty() {
        s.push_str(&format!("  filter \"{filter}\""));
        if grid.pending() {
            s.push('…');
        }
    }
    let marked = grid.marks.count();
    if marked > 0 {
        s.push_str(&format!("  {} marked", thousands(marked as u64)));
    }
    s
}

/// `/`: the filter prompt, on the message line so the grid stays in view while typing.
pub fn draw_prompt(
    buf: &mut Buffer,
    line: Rect,
    pane: &dyn SearchedPane,
    theme: &Theme,
) -> Option<Position> {
    let (table, grid, _) = pane.parts();
    let input = grid.input()?;
    buf.set_style(line, theme.base());
    for x in line.x..line.x + line.width {
        if let Some(cell) = buf.cell_mut((x, line.y)) {
            cell.set_symbol(" ");
        }
    }
    let status = if grid.filtering() {
        "filtering…".to_string()
    } else {
        format!("{} shown", thousands(grid.len(table) as u64))
    };
    let right = format!("  {status} · Enter keep · Esc clear");
    let right_w = (right.width() as u16).min(line.width / 2);
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
