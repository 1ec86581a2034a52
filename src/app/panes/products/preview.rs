//! The products pane's preview panel: which image goes with the product under the cursor
//! (its own, when it is a PREVIEW image, else its observation's `jpegURL`), asked of the
//! worker once the cursor has rested on it, and what came back. Never asked when previews
//! are off.
use std::sync::Arc;

use image::RgbaImage;

use crate::app::cmd::Cmd;
use crate::app::ctx::Ctx;
use crate::app::msg::Timer;
use crate::app::req::ReqId;

/// Quiet time on a row before its preview is fetched (scrolling fetches nothing).
pub const PREVIEW_DEBOUNCE_MS: u64 = 200;
/// Previews listed larger than this are not fetched (a full-size JWST preview can be tens
/// of megabytes; the panel is a thumbnail).
pub const MAX_PREVIEW_BYTES: u64 = 20_000_000;
/// Terminals at least this wide start with the panel open; narrower ones keep its columns
/// for the file names, which JWST makes fifty characters long (`i` still opens it).
pub const OPEN_FROM_WIDTH: u16 = 160;

/// What the panel shows.
#[derive(Debug, Clone, Default)]
pub enum Shown {
    /// No preview for this product (or previews are off).
    #[default]
    None,
    /// Waiting for the cursor to rest, or for the worker.
    Loading(String),
    Ready {
        uri: String,
        image: Arc<RgbaImage>,
    },
    Failed {
        uri: String,
        why: String,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Preview {
    /// Fetching is allowed (the user has not turned previews off).
    pub enabled: bool,
    /// The panel is open (`i`).
    pub open: bool,
    pub shown: Shown,
    /// Bumped when the wanted image changes; a debounce timer fires only for the latest.
    seq: u64,
    req: Option<ReqId>,
}

impl Preview {
    /// Previews allowed or not, for a terminal `width` columns wide.
    pub fn new(enabled: bool, width: u16) -> Preview {
        Preview {
            enabled,
            open: enabled && width >= OPEN_FROM_WIDTH,
            ..Preview::default()
        }
    }

    /// The same, with the panel open or closed as before.
    pub fn opened(mut self, open: bool) -> Preview {
        self.open = open && self.enabled;
        self
    }

    /// The image the current product wants (a `mast:` URI and its listed size), or none:
    /// ask for it once the cursor rests, unless it is already shown or coming.
    pub fn want(&mut self, wanted: Option<(String, Option<u64>)>, cx: &mut Ctx) {
        if !self.enabled || !self.open {
            return;
        }
        let current = match &self.shown {
            Shown::None => None,
            Shown::Loading(u) | Shown::Ready { uri: u, .. } | Shown::Failed { uri: u, .. } => {
                Some(u.as_str())
            }
        };
        if current == wanted.as_ref().map(|(u, _)| u.as_str()) {
            return;
        }
        if let Some(req) = self.req.take() {
            cx.run(Cmd::Cancel(req));
        }
        self.seq += 1;
        self.shown = match wanted {
            None => Shown::None,
            Some((uri, Some(size))) if size > MAX_PREVIEW_BYTES => Shown::Failed {
                uri,
                why: format!("the preview is {size} bytes; previews over 20 MB are not fetched"),
            },
            Some((uri, _)) => {
                cx.run(Cmd::Schedule {
                    after_ms: PREVIEW_DEBOUNCE_MS,
                    timer: Timer::Preview { seq: self.seq },
                });
                Shown::Loading(uri)
            }
        };
    }

    /// The debounce timer: fetch, if the cursor is still on the same image.
    pub fn on_timer(&mut self, seq: u64, cx: &mut Ctx) {
        if seq != self.seq || self.req.is_some() {
            return;
        }
        if let Shown::Loading(uri) = &self.shown {
            let req = cx.fresh();
            self.req = Some(req);
            cx.run(Cmd::Preview {
                req,
                uri: uri.clone(),
            });
        }
    }

    /// The worker's answer; false when it is not for this panel.
    pub fn on_answer(&mut self, req: ReqId, result: Result<Arc<RgbaImage>, String>) -> bool {
        if self.req != Some(req) {
            return false;
        }
        self.req = None;
        if let Shown::Loading(uri) = &self.shown {
            let uri = uri.clone();
            self.shown = match result {
                Ok(image) => Shown::Ready { uri, image },
                Err(why) => Shown::Failed { uri, why },
            };
        }
        true
    }

    /// `i`: open or close the panel.
    pub fn toggle(&mut self, cx: &mut Ctx) {
        if !self.enabled {
            cx.info("previews are off (MASTUI_PREVIEWS=off)");
            return;
        }
        self.open = !self.open;
        if !self.open {
            if let Some(req) = self.req.take() {
                cx.run(Cmd::Cancel(req));
            }
            self.shown = Shown::None;
        }
    }
}
