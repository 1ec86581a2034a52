//! `X`: the cutout form. The place, then the service line, the size field (its problem
//! beside it), and the sectors or surveys to pick from, scrolled to keep the cursor's line
//! in view; the keys last.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;

use crate::app::keymap::Context;
use crate::app::overlays::cutout::{CutoutForm, Listing, Part, about, label};
use crate::app::remap::Keymap;
use crate::mast::cutouts::services::Service;

use super::super::field;
use super::super::text::{centered, clean, put};
use super::super::theme::Theme;
use super::frame;

const LABEL: u16 = 10;

pub fn draw(
    buf: &mut Buffer,
    body: Rect,
    f: &CutoutForm,
    keys: &Keymap,
    theme: &Theme,
) -> Option<Position> {
    // Tall enough for the list (a dozen lines at most before it scrolls), never the body.
    let rows = f.list_len().clamp(1, 12) as u16;
    let area = centered(body, 84, 10 + rows);
    let inner = frame(buf, area, "Cutout", theme);
    if inner.height == 0 || inner.width < 4 {
        return None;
    }
    let (x, w) = (inner.x + 1, inner.width.saturating_sub(2));
    let bottom = inner.y + inner.height;
    let mut y = inner.y;
    let name = if f.place.name.is_empty() {
        String::new()
    } else {
        format!("{} ", clean(&f.place.name))
    };
    let place = format!(
        "Around {name}at RA {:.5} Dec {:+.5}",
        f.place.ra, f.place.dec
    );
    put(buf, x, y, &place, w, theme.base());
    y += 2;
    let mut cursor = None;
    let label_style = |part: Part| {
        if f.part == part {
            theme.key()
        } else {
            theme.base()
        }
    };
    let field_x = x + LABEL;
    let field_w = w.saturating_sub(LABEL);
    if y < bottom {
        put(buf, x, y, "Service", LABEL, label_style(Part::Service));
        let used = put(
            buf,
            field_x,
            y,
            &format!("◂ {} ▸", label(f.service)),
            field_w,
            label_style(Part::Service),
        );
        put(
            buf,
            field_x + used,
            y,
            &format!("  {}", about(f.service)),
            field_w.saturating_sub(used),
            theme.dim(),
        );
        y += 1;
    }
    if y < bottom {
        put(buf, x, y, "Size", LABEL, label_style(Part::Size));
        let input_w = field_w.min(16);
        let at = field::draw(buf, field_x, y, input_w, &f.size, theme.input());
        if f.part == Part::Size {
            cursor = Some(at);
        }
        let beside = match &f.size_problem {
            Some(p) => (format!("✗ {p}"), theme.error()),
            None => (
                "pixels 10, 10x20; angles 2arcmin, 30\", 0.05deg".to_string(),
                theme.dim(),
            ),
        };
        put(
            buf,
            field_x + input_w + 1,
            y,
            &beside.0,
            field_w.saturating_sub(input_w + 1),
            beside.1,
        );
        y += 1;
    }
    // The keys take the last line; the list what is left between.
    let list_bottom = bottom.saturating_sub(1);
    if f.service != Service::Hapcut && y < list_bottom {
        y += 1;
        list(
            buf,
            Rect::new(x, y, w, list_bottom.saturating_sub(y)),
            f,
            theme,
        );
    }
    if inner.height >= 2 {
        let ctx = match f.part {
            Part::Service => Context::CutoutService,
            Part::Size => Context::Cutout,
            Part::List => Context::CutoutList,
        };
        let keys: Vec<String> = keys
            .hints(&[ctx, Context::Cutout])
            .into_iter()
            .map(|(k, what)| format!("{k} {what}"))
            .collect();
        put(buf, x, bottom - 1, &keys.join("  "), w, theme.key());
    }
    cursor
}

/// A list's lines and whether each is picked, or why there are none to show.
type Lines = Result<Vec<(String, bool)>, String>;

/// The sectors (TESScut) or surveys (Zcut), with what is picked.
fn list(buf: &mut Buffer, area: Rect, f: &CutoutForm, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let (title, state): (&str, Lines) = match f.service {
        Service::Tesscut => (
            "Sectors",
            listing(&f.sectors, "asking TESScut which sectors saw it…").map(|v| {
                v.iter()
                    .map(|s| {
                        (
                            format!(
                                "sector {:>3}  camera {}  CCD {}  {}",
                                s.sector,
                                s.camera,
                                s.ccd,
                                clean(&s.sector_name)
                            ),
                            f.picked.contains(&s.sector),
                        )
                    })
                    .collect()
            }),
        ),
        _ => (
            "Survey",
            listing(&f.surveys, "asking Zcut which surveys cover it…").map(|v| {
                v.iter()
                    .map(|s| (clean(s).into_owned(), f.survey.as_ref() == Some(s)))
                    .collect()
            }),
        ),
    };
    let focused = f.part == Part::List;
    let head_style = if focused { theme.key() } else { theme.base() };
    let summary = match (&state, f.service) {
        (Ok(v), _) if v.is_empty() => "none here: nothing to cut".to_string(),
        (Ok(v), Service::Tesscut) if f.picked.is_empty() => {
            format!("{} saw it; none picked: all of them", v.len())
        }
        (Ok(v), Service::Tesscut) => format!("{} of {} picked", f.picked.len(), v.len()),
        (Ok(_), _) if f.survey.is_none() => "none picked: the first that covers it".to_string(),
        (Ok(_), _) => "one picked".to_string(),
        (Err(e), _) => e.clone(),
    };
    put(buf, area.x, area.y, title, LABEL, head_style);
    let failed = match f.service {
        Service::Tesscut => matches!(f.sectors, Listing::Failed(_)),
        _ => matches!(f.surveys, Listing::Failed(_)),
    };
    let summary_style = if failed { theme.error() } else { theme.dim() };
    put(
        buf,
        area.x + LABEL,
        area.y,
        &summary,
        area.width.saturating_sub(LABEL),
        summary_style,
    );
    let Ok(lines) = state else { return };
    let rows = area.height.saturating_sub(1) as usize;
    if rows == 0 {
        return;
    }
    let first = f.line.saturating_sub(rows.saturating_sub(1));
    for (n, (i, (text, picked))) in lines.iter().enumerate().skip(first).take(rows).enumerate() {
        let y = area.y + 1 + n as u16;
        let style: Style = if focused && i == f.line {
            theme.selected()
        } else {
            theme.base()
        };
        let mark = if *picked { "[x]" } else { "[ ]" };
        // The cursor's line is marked in any theme (NO_COLOR too).
        let at = if focused && i == f.line { '▸' } else { ' ' };
        put(
            buf,
            area.x + 1,
            y,
            &format!("{at}{mark} {text}"),
            area.width.saturating_sub(1),
            style,
        );
    }
}

/// A list's lines, or the sentence saying why there are none yet.
fn listing<T: Clone>(l: &Listing<T>, loading: &str) -> Result<Vec<T>, String> {
    match l {
        Listing::NotAsked => Err(String::new()),
        Listing::Loading(_) => Err(loading.to_string()),
        Listing::Ready(v) => Ok(v.clone()),
        Listing::Failed(e) => Err(clean(e).into_owned()),
    }
}
