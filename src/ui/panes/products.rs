//! The products pane: a title with totals, the filter bar (the file-name expression, the
//! chosen facets), then the shared grid. Facets and details are overlays.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use unicode_width::UnicodeWidthStr;

use crate::app::State;
use crate::app::panes::products::ProductsPane;
use crate::common::format::{human_bytes, thousands};
use crate::mast::product_facets::Facet;
use crate::ui::text::{clean, put, put_hint, spinner};
use crate::ui::theme::Theme;
use crate::ui::{field, grid, preview};

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
    let body = Rect::new(area.x, area.y + 2, area.width, area.height - 2);
    if p.total() == 0 {
        let text = if p.req.is_some() {
            format!(
                "{} asking MAST for the products of {} {}…",
                spinner(state.now_ms),
                thousands(p.observations as u64),
                p.unit
            )
        } else if let Some(e) = &p.error {
            clean(e).into_owned()
        } else if p.summary.is_some() {
            format!("These {} list no products.", p.unit)
        } else {
            "Mark observations in Results (Space) and press p to list their products.".to_string()
        };
        put_hint(buf, body, &text, theme.dim());
    } else {
        // The preview panel takes the right of a wide pane.
        let mut body = body;
        if p.preview.open && body.width >= preview::MIN_WIDTH_WITH_PANEL {
            let w = preview::PANEL_WIDTH;
            let panel = Rect::new(body.x + body.width - w, body.y, w, body.height);
            body.width -= w;
            preview::draw(buf, panel, &p.preview, theme);
        }
        if body.width > 13 {
            grid::draw(buf, body, &p.grid, &p.source(), theme);
        }
        if p.is_empty() && body.height > 2 {
            let text = "No product passes the filters: Esc clears the expression, f facets, \
                        x guide stars.";
            put(
                buf,
                body.x + 2,
                body.y + 2,
                text,
                body.width.saturating_sub(2),
                theme.dim(),
            );
        }
    }
    // An error in the expression: a caret under its bad part, over the header line.
    if let Some(e) = &p.expr_error {
        let col = e.column(p.expr_text()) as u16;
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
            "  {} {}/{}",
            p.unit,
            thousands(p.done as u64),
            thousands(p.observations as u64)
        ));
    } else if p.partial {
        s.push_str(&format!(
            "  stopped at {}/{} {}",
            thousands(p.done as u64),
            thousands(p.observations as u64),
            p.unit
        ));
    }
    if p.grid.sorting() {
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
    match p.grid.input() {
        Some(input) => {
            let field_w = (end - x).saturating_sub(chips.width() as u16 + 2).max(10);
            let field_w = field_w.min(end - x);
            cursor = Some(field::draw(buf, x, line.y, field_w, input, theme.input()));
            x += field_w;
        }
        None if p.expr_text().is_empty() => {
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
            x += put(buf, x, line.y, &clean(p.expr_text()), end - x, style);
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
