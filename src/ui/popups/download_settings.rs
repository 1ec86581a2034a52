//! The basket's download settings: directory, layout, files at once.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::app::overlays::download_settings::{DownloadSettingsForm, Field};
use crate::app::remap::Keymap;
use crate::mast::basket_messages::MAX_PARALLEL;
use crate::sanitize::printable;
use crate::ui::field;

use super::super::text::{centered, put};
use super::super::theme::Theme;
use super::frame;

pub fn draw(
    buf: &mut Buffer,
    body: Rect,
    f: &DownloadSettingsForm,
    keys: &Keymap,
    theme: &Theme,
) -> Option<Position> {
    let area = centered(body, 72, 10);
    let inner = frame(buf, area, "Download settings", theme);
    if inner.height < 5 || inner.width < 20 {
        return None;
    }
    let (x, w) = (inner.x + 1, inner.width.saturating_sub(2));
    let label_w = 13;
    let value_x = x + label_w;
    let value_w = w.saturating_sub(label_w);
    let label = |buf: &mut Buffer, y: u16, text: &str, on: bool| {
        // The marker shows the field in monochrome too.
        let (mark, style) = if on {
            ("▸ ", theme.key())
        } else {
            ("  ", theme.base())
        };
        put(buf, x, y, &format!("{mark}{text}"), label_w, style);
    };
    let mut cursor = None;
    let y = inner.y;
    label(buf, y, "Directory", f.field == Field::Dir);
    if f.field == Field::Dir {
        cursor = Some(field::draw(buf, value_x, y, value_w, &f.dir, theme.input()));
    } else {
        put(
            buf,
            value_x,
            y,
            &printable(f.dir.value()),
            value_w,
            theme.base(),
        );
    }
    label(buf, y + 1, "Layout", f.field == Field::Layout);
    let layout = match f.flat {
        true => "‹ flat: every file straight in the directory ›",
        false => "‹ astroquery: mastDownload/<collection>/<obs_id>/ ›",
    };
    put(buf, value_x, y + 1, layout, value_w, theme.base());
    label(buf, y + 2, "Parallel", f.field == Field::Parallel);
    let parallel = format!("‹ {} › files at once (1 to {MAX_PARALLEL})", f.parallel);
    put(buf, value_x, y + 2, &parallel, value_w, theme.base());
    let note = match &f.error {
        Some(e) => (e.as_str(), theme.error()),
        None => ("Files already in the basket keep their place.", theme.dim()),
    };
    put(buf, x, y + 4, note.0, w, note.1);
    let hints: Vec<String> = keys
        .hints(&crate::app::component::Component::contexts(f))
        .into_iter()
        .map(|(k, what)| format!("{k} {what}"))
        .collect();
    put(
        buf,
        x,
        inner.y + inner.height - 1,
        &hints.join("  "),
        w,
        theme.key(),
    );
    cursor
}
