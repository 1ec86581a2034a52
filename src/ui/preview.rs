//! The preview panel beside the products grid: the thumbnail drawn with the terminal's own
//! image protocol (kitty, iTerm2, sixel) when it has one, in half blocks otherwise. Which
//! protocol is found once at start (`set_picker`); encoding for a protocol is kept between
//! frames for the same image and size, so only a new image or a resize pays for it.
use std::cell::RefCell;
use std::sync::OnceLock;

use image::DynamicImage;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_image::picker::Picker;
use ratatui_image::protocol::Protocol;
use ratatui_image::{Image, Resize};

use crate::app::panes::products::preview::{Preview, Shown};

use super::text::{clean, put};
use super::theme::Theme;

/// The panel's width when the terminal is wide enough for it.
pub const PANEL_WIDTH: u16 = 36;
/// Below this width the grid keeps the whole pane.
pub const MIN_WIDTH_WITH_PANEL: u16 = 100;

static PICKER: OnceLock<Picker> = OnceLock::new();

thread_local! {
    /// The last image encoded for the terminal: (uri, area) and its protocol.
    static ENCODED: RefCell<Option<((String, Rect), Protocol)>> = const { RefCell::new(None) };
}

/// The terminal's image protocol, found at start (before terminal events are read). Without
/// it, half blocks.
pub fn set_picker(picker: Picker) {
    let _ = PICKER.set(picker);
}

fn picker() -> Picker {
    PICKER.get().cloned().unwrap_or_else(Picker::halfblocks)
}

/// The name of the protocol in use, for the panel's title.
pub fn protocol_name() -> String {
    format!("{:?}", picker().protocol_type()).to_lowercase()
}

pub fn draw(buf: &mut Buffer, area: Rect, p: &Preview, theme: &Theme) {
    if area.width < 4 || area.height < 2 {
        return;
    }
    for y in area.y..area.y + area.height {
        put(buf, area.x, y, "│", 1, theme.dim());
    }
    let inner = Rect::new(area.x + 2, area.y, area.width - 2, area.height);
    let (title, note) = match &p.shown {
        Shown::None => ("Preview", "No preview for this product.".to_string()),
        Shown::Loading(_) => ("Preview", "loading…".to_string()),
        Shown::Failed { why, .. } => ("Preview", clean(why).into_owned()),
        Shown::Ready { .. } => ("Preview", String::new()),
    };
    put(buf, inner.x, inner.y, title, inner.width, theme.title());
    let body = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    let Shown::Ready { uri, image } = &p.shown else {
        put(buf, body.x, body.y, &note, body.width, theme.dim());
        return;
    };
    let key = (uri.clone(), body);
    ENCODED.with(|cell| {
        let mut cached = cell.borrow_mut();
        let fresh = cached.as_ref().is_none_or(|(k, _)| *k != key);
        if fresh {
            let img = DynamicImage::ImageRgba8((**image).clone());
            *cached = picker()
                .new_protocol(img, body, Resize::Fit(None))
                .ok()
                .map(|proto| (key.clone(), proto));
        }
        match cached.as_ref() {
            Some((_, proto)) => Image::new(proto).render(body, buf),
            None => {
                put(
                    buf,
                    body.x,
                    body.y,
                    "cannot draw it here",
                    body.width,
                    theme.dim(),
                );
            }
        }
    });
}
