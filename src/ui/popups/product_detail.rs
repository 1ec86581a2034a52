//! Enter on a product: every field (sizes readable), how many of the chosen observations
//! list the file and which.
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::format::detail_value;
use crate::app::products::{ProductDetail, ProductsPane};

use super::super::text::{clean, put};
use super::super::theme::Theme;
use super::{frame, large};

pub fn draw(buf: &mut Buffer, body: Rect, p: &ProductsPane, d: &ProductDetail, theme: &Theme) {
    let area = large(body);
    let title = p.text(d.row, "productFilename");
    let title = if title.is_empty() {
        format!("product {}", d.row + 1)
    } else {
        clean(&title).into_owned()
    };
    let inner = frame(buf, area, &title, theme);
    let t = p.table();
    let mut lines: Vec<(String, String)> = t
        .column_names()
        .enumerate()
        .map(|(c, name)| (name.to_string(), detail_value(name, t.cell(d.row, c))))
        .collect();
    lines.push((
        "shared_by".into(),
        format!("{} of the chosen observations", p.list.shared_by(d.row)),
    ));
    for (obsid, obs_id) in &d.observations {
        let v = match obs_id {
            Some(id) => format!("{obsid}  {id}"),
            None => obsid.to_string(),
        };
        lines.push(("listed by".into(), v));
    }
    let name_w = lines
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(8)
        .min(26) as u16;
    let scroll = d
        .scroll
        .min(lines.len().saturating_sub(inner.height as usize));
    for (i, (name, value)) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let y = inner.y + i as u16;
        put(
            buf,
            inner.x,
            y,
            &clean(name),
            name_w.min(inner.width),
            theme.header(),
        );
        let x = inner.x + name_w + 1;
        if x < inner.x + inner.width {
            put(
                buf,
                x,
                y,
                &clean(value),
                inner.x + inner.width - x,
                theme.base(),
            );
        }
    }
}
