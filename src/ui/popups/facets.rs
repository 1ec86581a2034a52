//! `f` in the products pane: every facet value with its count and size under the other
//! active filters, ticked values marked, and the guide-star switch.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::panes::products::ProductsPane;
use crate::common::format::{human_bytes, thousands};
use crate::mast::product_facets::Facet;

use super::super::text::{clean, put, put_right};
use super::super::theme::Theme;
use super::{frame, large};

pub fn draw(buf: &mut Buffer, body: Rect, p: &ProductsPane, cursor: usize, theme: &Theme) {
    let area = large(body);
    let inner = frame(
        buf,
        area,
        "Facets: Space ticks, counts under the other filters",
        theme,
    );
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    let guide = p.eval.guide_hidden;
    let g = if p.selection.show_guide_stars {
        "guide stars (_gs-): shown   x hides them".to_string()
    } else {
        format!(
            "guide stars (_gs-): {} hidden ({})   x shows them",
            thousands(guide.count),
            human_bytes(guide.bytes)
        )
    };
    put(buf, inner.x, inner.y, &g, inner.width, theme.dim());
    // Lines: a title before each facet's values.
    let lines = p.facet_lines();
    let mut rows: Vec<(Option<usize>, Facet)> = Vec::new();
    let mut last: Option<Facet> = None;
    let mut cursor_row = 0;
    for (i, &(facet, _)) in lines.iter().enumerate() {
        if last != Some(facet) {
            rows.push((None, facet));
            last = Some(facet);
        }
        if i == cursor {
            cursor_row = rows.len();
        }
        rows.push((Some(i), facet));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let skip = if cursor_row >= height {
        cursor_row + 1 - height
    } else {
        0
    };
    let count_w: u16 = 9;
    let size_w: u16 = 9;
    let label_w = inner.width.saturating_sub(4 + count_w + size_w + 2);
    for (n, (line, facet)) in rows.iter().skip(skip).take(height).enumerate() {
        let y = inner.y + 1 + n as u16;
        let Some(i) = line else {
            put(buf, inner.x, y, facet.title(), inner.width, theme.header());
            continue;
        };
        let (facet, id) = lines[*i];
        let label = &p.index.labels(facet)[usize::from(id)];
        let tally = p.eval.counts[facet.index()]
            .get(usize::from(id))
            .copied()
            .unwrap_or_default();
        let ticked = p.selection.is_chosen(facet, label);
        let mut style = if ticked { theme.marked() } else { theme.base() };
        if tally.count == 0 && !ticked {
            style = theme.dim();
        }
        if *i == cursor {
            style = style.patch(theme.selected());
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
        let mark = if ticked { "[x] " } else { "[ ] " };
        put(buf, inner.x, y, mark, 4, style);
        put(buf, inner.x + 4, y, &clean(label), label_w, style);
        let cx = inner.x + 4 + label_w + 1;
        put_right(buf, cx, y, &thousands(tally.count), count_w, style);
        put_right(
            buf,
            cx + count_w + 1,
            y,
            &human_bytes(tally.bytes),
            size_w,
            style,
        );
    }
}
