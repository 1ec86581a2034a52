//! The products pane: a title with totals, the filter bar, and the grid of products
//! (only the visible window is formatted). Facets and details are drawn by
//! `popups::facets` and `popups::product_detail` over it.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use crate::app::State;
use crate::app::grid_view::SortSpec;
use crate::app::layout::{MARKER_WIDTH, RESULTS_GUTTER};
use crate::app::products::{ProductColumn, ProductsPane};
use crate::app::rights::{EXCLUSIVE_GLYPH, cell_needs_login};
use crate::common::format::{human_bytes, thousands};
use crate::mast::product_facets::Facet;
use crate::mast::table::Cell;

use super::popups::{facets, product_detail};
use super::text::{clean, put, put_right, spinner};
use super::theme::Theme;

/// A fixed-width column of the grid (the file name takes what is left).
struct Col {
    title: &'static str,
    width: u16,
    right: bool,
}

const SHARED: Col = Col {
    title: "sh",
    width: 3,
    right: true,
};
const SUB: Col = Col {
    title: "subgroup",
    width: 8,
    right: false,
};
const TYPE: Col = Col {
    title: "type",
    width: 9,
    right: false,
};
const CALIB: Col = Col {
    title: "calib",
    width: 5,
    right: true,
};
const SIZE: Col = Col {
    title: "size",
    width: 8,
    right: true,
};
const RIGHTS: Col = Col {
    title: "rights",
    width: 9,
    right: false,
};
const OBS_ID: Col = Col {
    title: "obs_id",
    width: 34,
    right: false,
};
/// Below this the obs_id column is left out (the name matters more).
const MIN_NAME_WITH_OBS_ID: u16 = 50;

/// Draws the pane; returns where the terminal cursor goes while typing the expression.
pub fn draw(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) -> Option<Position> {
    if area.height == 0 {
        return None;
    }
    let p = &state.products;
    put(
        buf,
        area.x,
        area.y,
        &title_line(p),
        area.width,
        theme.title(),
    );
    if area.height < 2 {
        return None;
    }
    let cursor = filter_bar(buf, Rect::new(area.x, area.y + 1, area.width, 1), p, theme);
    if area.height < 3 {
        return cursor;
    }
    let grid = Rect::new(area.x, area.y + 2, area.width, area.height - 2);
    if p.total() == 0 {
        let text = if p.req.is_some() {
            format!(
                "{} asking MAST for the products of {} observations…",
                spinner(state.now_ms),
                thousands(p.observations as u64)
            )
        } else if let Some(e) = &p.error {
            clean(e).into_owned()
        } else if p.summary.is_some() {
            "These observations list no products.".to_string()
        } else {
            "Mark observations in Results (Space) and press p to list their products.".to_string()
        };
        put(
            buf,
            grid.x + 2,
            grid.y + 1.min(grid.height.saturating_sub(1)),
            &text,
            grid.width.saturating_sub(2),
            theme.dim(),
        );
    } else {
        draw_grid(buf, grid, p, theme);
        if p.is_empty() && grid.height > 2 {
            let text = "No product passes the filters: Esc clears the expression, f facets, \
                        x guide stars.";
            put(
                buf,
                grid.x + 2,
                grid.y + 2,
                text,
                grid.width.saturating_sub(2),
                theme.dim(),
            );
        }
    }
    // An error in the expression: a caret under its bad part, over the header line.
    if let Some(e) = &p.expr_error {
        let col = e.column(&p.expr_text) as u16;
        let x = area.x + 2 + col.min(area.width.saturating_sub(3));
        let y = area.y + 2;
        for cx in area.x..area.x + area.width {
            if let Some(cell) = buf.cell_mut((cx, y)) {
                cell.reset();
            }
        }
        let text = format!("^ {}", e.message);
        put(buf, x, y, &text, area.x + area.width - x, theme.error());
    }
    if p.facets.is_some() {
        facets::draw(buf, area, p, theme);
    } else if let Some(d) = &p.detail {
        product_detail::draw(buf, area, p, d, theme);
    }
    cursor
}

/// ` Products  1,204 / 6,012 (3.1 GB)  marked 12 (1.23 GB)  observations 37/120  45 guide
/// stars hidden`: what matters most first, so a narrow terminal cuts the least useful.
pub fn title_line(p: &ProductsPane) -> String {
    let mut s = String::from(" Products ");
    if p.total() == 0 && p.req.is_none() {
        return s;
    }
    s.push_str(&format!(
        " {} / {} ({})",
        thousands(p.len() as u64),
        thousands(p.total() as u64),
        human_bytes(p.eval.shown_total.bytes)
    ));
    if p.req.is_some() || p.partial {
        s.push('+');
    }
    s.push_str(&format!(
        "  marked {} ({})",
        thousands(p.marked.count),
        human_bytes(p.marked.bytes)
    ));
    if p.req.is_some() {
        s.push_str(&format!(
            "  observations {}/{}",
            thousands(p.done as u64),
            thousands(p.observations as u64)
        ));
    } else if p.partial {
        s.push_str(&format!(
            "  stopped at {}/{} observations",
            thousands(p.done as u64),
            thousands(p.observations as u64)
        ));
    }
    if p.sort_req.is_some() {
        s.push_str("  sorting…");
    }
    if p.eval.guide_hidden.count > 0 {
        s.push_str(&format!(
            "  {} guide stars hidden",
            thousands(p.eval.guide_hidden.count)
        ));
    }
    s
}

/// `/ _cal.fits,!_gs-   type=SCIENCE calib=2,3   guide stars hidden (x)`
fn filter_bar(buf: &mut Buffer, line: Rect, p: &ProductsPane, theme: &Theme) -> Option<Position> {
    let mut x = line.x;
    let end = line.x + line.width;
    x += put(buf, x, line.y, "/ ", 2, theme.key());
    let mut cursor = None;
    let chips = facet_chips(p);
    match &p.editing {
        Some(input) => {
            let field_w = (end - x)
                .saturating_sub(chips.chars().count() as u16 + 2)
                .max(10);
            let field_w = field_w.min(end - x);
            let scroll = input.visual_scroll(field_w.saturating_sub(1) as usize);
            let shown: String = input.value().chars().skip(scroll).collect();
            buf.set_style(Rect::new(x, line.y, field_w, 1), theme.input());
            put(buf, x, line.y, &shown, field_w, theme.input());
            let cx = input.visual_cursor().saturating_sub(scroll) as u16;
            cursor = Some(Position::new(x + cx.min(field_w.saturating_sub(1)), line.y));
            x += field_w;
        }
        None if p.expr_text.is_empty() => {
            x += put(
                buf,
                x,
                line.y,
                "(no file-name filter)",
                end - x,
                theme.dim(),
            );
        }
        None => {
            let style = if p.expr_error.is_some() {
                theme.error()
            } else {
                theme.input()
            };
            x += put(buf, x, line.y, &clean(&p.expr_text), end - x, style);
        }
    }
    if x + 2 < end {
        put(buf, x + 2, line.y, &chips, end - x - 2, theme.marked());
    }
    cursor
}

/// The chosen facet values and the guide-star state, for the filter bar.
pub fn facet_chips(p: &ProductsPane) -> String {
    let mut parts: Vec<String> = Facet::ALL
        .iter()
        .filter(|f| !p.selection.chosen(**f).is_empty())
        .map(|f| format!("{}={}", f.short(), p.selection.chosen(*f).join(",")))
        .collect();
    if p.selection.show_guide_stars {
        parts.push("guide stars shown".into());
    }
    clean(&parts.join("  ")).into_owned()
}

fn draw_grid(buf: &mut Buffer, area: Rect, p: &ProductsPane, theme: &Theme) {
    if area.width <= RESULTS_GUTTER + 10 || area.height == 0 {
        return;
    }
    // The chosen columns (`c`), each at a fixed width but the file name, which takes what
    // is left; by default obs_id is left out when the name would get too narrow.
    let cols: Vec<(usize, ProductColumn)> = p.visible_columns().collect();
    let fixed_w: u16 = cols
        .iter()
        .filter_map(|&(_, c)| layout(c))
        .filter(|l| l.title != OBS_ID.title)
        .map(|l| l.width + 1)
        .sum();
    let avail = area.width - RESULTS_GUTTER;
    let mut name_w = avail.saturating_sub(fixed_w + 1).max(8);
    // A column the user chose (`c`) always shows; by default obs_id gives way.
    let shows_obs = cols.iter().any(|&(_, c)| c == ProductColumn::ObsId);
    let with_obs =
        shows_obs && (!p.visible.is_empty() || name_w > MIN_NAME_WITH_OBS_ID + OBS_ID.width);
    if with_obs {
        name_w = name_w.saturating_sub(OBS_ID.width + 1).max(8);
    }
    // (position in the chosen columns, column, x, width, right-aligned)
    let mut placed = Vec::new();
    let mut x = area.x + RESULTS_GUTTER;
    for &(pos, c) in &cols {
        let (w, right) = match layout(c) {
            None => (name_w, false),
            Some(l) if l.title == OBS_ID.title && !with_obs => continue,
            Some(l) => (l.width, l.right),
        };
        placed.push((pos, c, x, w, right));
        x = x.saturating_add(w + 1);
    }
    let right_edge = area.x + area.width;
    let clip = |x: u16, w: u16| {
        if x >= right_edge {
            0
        } else {
            w.min(right_edge - x)
        }
    };
    // Header: the column under the cursor stands out, the sorted one has an arrow.
    for &(pos, c, cx, w, right) in &placed {
        let title = layout(c).map_or("productFilename", |l| l.title);
        let (t, hs) = header(p, pos, column_id(c), title, w, theme);
        if right {
            put_right(buf, cx, area.y, &t, clip(cx, w), hs);
        } else {
            put(buf, cx, area.y, &t, clip(cx, w), hs);
        }
    }
    let body = (area.height - 1) as usize;
    let top = window_top(p, body);
    let t = p.table();
    let cell_text = |row: usize, name: &str| -> String {
        match t.get(row, name) {
            Cell::Null => String::new(),
            Cell::Text(s) => clean(s.trim()).into_owned(),
            other => other.to_string(),
        }
    };
    for i in 0..body {
        let pos = top + i;
        let Some(&r) = p.eval.shown.get(pos) else {
            break;
        };
        let row = r as usize;
        let y = area.y + 1 + i as u16;
        let is_cursor = pos == p.cursor;
        let marked = p.marks.is_marked(row);
        let mut style = if marked { theme.marked() } else { theme.base() };
        if is_cursor {
            style = style.patch(theme.selected());
            buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        }
        let marker = match (is_cursor, marked) {
            (true, true) => ">*",
            (true, false) => "> ",
            (false, true) => " *",
            (false, false) => "  ",
        };
        put(buf, area.x, y, marker, MARKER_WIDTH, style);
        // Exclusive-access files are marked whether or not the rights column is shown.
        if cell_needs_login(&t.get(row, "dataRights")) {
            let glyph = style.patch(theme.exclusive());
            put(buf, area.x + MARKER_WIDTH, y, EXCLUSIVE_GLYPH, 1, glyph);
        }
        for &(_, c, cx, w, right) in &placed {
            let v = match c {
                ProductColumn::Shared => match p.list.shared_by(row) {
                    n if n > 1 => n.to_string(),
                    _ => String::new(),
                },
                ProductColumn::Name => left_elide(&cell_text(row, "productFilename"), w as usize),
                ProductColumn::Size => match t.get(row, "size").as_i64() {
                    Some(n) if n >= 0 => human_bytes(n as u64),
                    _ => String::new(),
                },
                ProductColumn::Rights => {
                    let rights = cell_text(row, "dataRights");
                    if rights.eq_ignore_ascii_case("EXCLUSIVE_ACCESS") {
                        "EXCLUSIVE".to_string()
                    } else {
                        rights
                    }
                }
                other => cell_text(row, other.field().unwrap_or("")),
            };
            if right {
                put_right(buf, cx, y, &v, clip(cx, w), style);
            } else {
                put(buf, cx, y, &v, clip(cx, w), style);
            }
        }
    }
}

/// A column's fixed layout; None for the file name (it takes the width left).
fn layout(c: ProductColumn) -> Option<&'static Col> {
    match c {
        ProductColumn::Shared => Some(&SHARED),
        ProductColumn::Name => None,
        ProductColumn::SubGroup => Some(&SUB),
        ProductColumn::Type => Some(&TYPE),
        ProductColumn::Calib => Some(&CALIB),
        ProductColumn::Size => Some(&SIZE),
        ProductColumn::Rights => Some(&RIGHTS),
        ProductColumn::ObsId => Some(&OBS_ID),
    }
}

/// A column's place in `ProductColumn::ALL` (what a `SortSpec` names).
fn column_id(c: ProductColumn) -> usize {
    ProductColumn::ALL.iter().position(|&a| a == c).unwrap_or(0)
}

/// A column's header text and style: `▲`/`▼` when the rows are sorted by it, the cursor's
/// style when it is under the column cursor.
/// A title as wide as its column loses its last letter to the arrow.
fn header(
    p: &ProductsPane,
    pos: usize,
    id: usize,
    title: &str,
    width: u16,
    theme: &Theme,
) -> (String, Style) {
    let mut label = title.to_string();
    if let Some(SortSpec { col, desc }) = p.sort
        && col == id
    {
        let keep = (width as usize).saturating_sub(1);
        label = title.chars().take(keep).collect();
        label.push(if desc { '▼' } else { '▲' });
    }
    let style = if pos == p.col {
        theme.header_cursor()
    } else {
        theme.header()
    };
    (label, style)
}

/// The first row drawn, moved if needed so the cursor is on screen.
fn window_top(p: &ProductsPane, body: usize) -> usize {
    let body = body.max(1);
    if p.cursor < p.top {
        p.cursor
    } else if p.cursor >= p.top + body {
        p.cursor + 1 - body
    } else {
        p.top
    }
}

/// Keeps the end of a long name (its suffix tells the calibration step): `…nrca1_cal.fits`.
pub fn left_elide(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width || width == 0 {
        return s.to_string();
    }
    let mut out = String::from("…");
    out.extend(s.chars().skip(n - (width - 1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elides_from_the_left() {
        assert_eq!(left_elide("abcdef", 6), "abcdef");
        assert_eq!(left_elide("abcdef", 4), "…def");
        assert_eq!(left_elide("abcdef", 1), "…");
    }
}
