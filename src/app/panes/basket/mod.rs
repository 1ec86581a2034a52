//! The basket pane: what the download queue holds and how far each file got, as the worker
//! reports it (`Msg::Basket`); its keys become `BasketRequest`s. The pane owns the browser's
//! copy of the item list. Pure: time comes from ticks, bytes from progress events.
use std::collections::HashMap;

use crate::app::access::Access;
use crate::app::cmd::Cmd;
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::{Detail, Effect, OverlayRequest};
use crate::app::grid::cursor::RowCursor;
use crate::app::keymap::{Action, Context};
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::common::format::{human_bytes, thousands};
use crate::common::rights::{item_needs_login, login_needed};
use crate::fits::header::Headers;
use crate::mast::basket_item::{BasketItem, ItemStatus};
use crate::mast::basket_messages::{BasketEvent, BasketRequest, DownloadSettings};

/// Throughput is averaged over at least this long, so the figure does not flicker.
const RATE_WINDOW_MS: u64 = 2_000;

#[derive(Debug, Clone, Default)]
pub struct BasketPane {
    /// In the order they were added.
    pub items: Vec<BasketItem>,
    /// Bytes on disk and total, of files being fetched.
    pub progress: HashMap<u64, (u64, Option<u64>)>,
    pub cursor: RowCursor,
    /// Where files go, and the free space there (from the worker).
    pub dir: String,
    pub free: Option<u64>,
    /// Bytes per second, recent.
    pub rate: f64,
    /// (time, bytes fetched) at the start of the current rate window.
    sample: Option<(u64, u64)>,
    /// Bytes fetched in this session (completed files plus progress).
    fetched: u64,
    /// The basket has been asked for (the worker loads the journal once).
    pub opened: bool,
    /// A FITS header being read.
    pub header_req: Option<ReqId>,
    /// Directory, layout and parallelism in force (from the worker).
    pub settings: Option<DownloadSettings>,
}

/// A cutout's name in the basket: the service and what it was cut around.
pub fn archive_title(item: &BasketItem) -> String {
    let folder = item.obs_id.replace('_', " ");
    format!("{} {}", item.obs_collection, folder)
        .trim()
        .to_string()
}

/// The TUI's words about items that need a login: what is needed, then the key.
pub fn login_advice(n: usize, logged_in_without_scope: bool) -> String {
    let what = login_needed(n, logged_in_without_scope);
    if logged_in_without_scope {
        format!("{what}: L to log in with another, or `mastui login`")
    } else {
        format!("{what}: L to log in, or `mastui login`")
    }
}

impl BasketPane {
    /// Quitting stops running downloads (they resume next time): the question to ask first,
    /// when there are any.
    pub fn quit_question(&self) -> Option<String> {
        self.running().then(|| {
            format!(
                "{} downloads are still running or queued; quit? They resume on the next start (y/n)",
                self.active() + self.queued()
            )
        })
    }

    /// An item's new state from the worker.
    pub fn on_item(&mut self, item: BasketItem) {
        if item.status != ItemStatus::Active
            && let Some((bytes, _)) = self.progress.remove(&item.id)
            && item.status == ItemStatus::Complete
        {
            self.fetched += item.bytes.saturating_sub(bytes);
        }
        match self.items.iter_mut().find(|i| i.id == item.id) {
            Some(slot) => *slot = item,
            None => self.items.push(item),
        }
        self.cursor.clamp(self.items.len());
    }

    pub fn on_progress(&mut self, id: u64, bytes: u64, total: Option<u64>) {
        let before = self.progress.get(&id).map_or(bytes, |p| p.0);
        self.fetched += bytes.saturating_sub(before);
        self.progress.insert(id, (bytes, total));
    }

    fn count(&self, f: impl Fn(ItemStatus) -> bool) -> usize {
        self.items.iter().filter(|i| f(i.status)).count()
    }

    pub fn active(&self) -> usize {
        self.count(|s| s == ItemStatus::Active)
    }
    pub fn queued(&self) -> usize {
        self.count(|s| s == ItemStatus::Queued)
    }
    pub fn done(&self) -> usize {
        self.count(ItemStatus::is_done)
    }
    pub fn failed(&self) -> usize {
        self.count(ItemStatus::is_failed)
    }

    /// True while files are being fetched or wait their turn.
    pub fn running(&self) -> bool {
        self.active() + self.queued() > 0
    }

    /// (bytes done, bytes in all) over items that are not cancelled; sizes MAST did not
    /// give count as what has arrived.
    pub fn bytes(&self) -> (u64, u64) {
        let (mut done, mut all) = (0u64, 0u64);
        for it in self
            .items
            .iter()
            .filter(|i| i.status != ItemStatus::Cancelled)
        {
            let got = if it.status.is_done() {
                it.bytes
            } else {
                self.progress.get(&it.id).map_or(0, |p| p.0)
            };
            let size = it
                .size
                .or_else(|| self.progress.get(&it.id).and_then(|p| p.1))
                .unwrap_or(got);
            done += got.min(size);
            all += size.max(got);
        }
        (done, all)
    }

    /// Seconds left at the current rate.
    pub fn eta_secs(&self) -> Option<u64> {
        let (done, all) = self.bytes();
        (self.rate >= 1.0 && all > done).then(|| ((all - done) as f64 / self.rate).ceil() as u64)
    }

    /// The pane's line about items that need a login the session lacks.
    pub fn advice(&self, access: Access) -> Option<String> {
        let Access::Lacks { logged_in } = access else {
            return None;
        };
        let n = self.items.iter().filter(|i| item_needs_login(i)).count();
        (n > 0).then(|| login_advice(n, logged_in))
    }

    /// After the start-up login check: the basket may hold items this session turns out
    /// unable to fetch.
    pub fn after_login_check(&self, cx: &mut Ctx) {
        if let Some(advice) = self.advice(cx.access) {
            cx.error(advice);
        }
    }

    /// Enter (or `h`) on a file on disk: its FITS headers, read by the worker; on a
    /// cutout, the files it unpacked to.
    fn peek_header(&mut self, cx: &mut Ctx) {
        let Some(item) = self.items.get(self.cursor.pos) else {
            return;
        };
        if !item.status.is_done() {
            cx.error("the file is not on disk yet: its header can be read once it is complete");
            return;
        }
        if let Some(archive) = &item.archive {
            if archive.files.is_empty() {
                cx.info(item.message.clone());
                return;
            }
            let lines = archive
                .files
                .iter()
                .map(|f| {
                    let name = f.path.file_name().map_or_else(
                        || f.path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    (
                        name,
                        format!("{} · {}", human_bytes(f.bytes), f.path.display()),
                    )
                })
                .collect();
            cx.effect(Effect::Open(OverlayRequest::Detail(Detail {
                title: format!("{}: {}", archive_title(item), item.message),
                row: 0,
                lines,
            })));
            return;
        }
        let req = cx.fresh();
        self.header_req = Some(req);
        cx.run(Cmd::FitsHeader {
            req,
            path: item.dest.clone(),
        });
    }

    fn on_header(&mut self, file: String, result: Result<Headers, String>, cx: &mut Ctx) {
        match result {
            Err(e) => cx.error(e),
            Ok(h) => {
                let mut lines = Vec::new();
                for hdu in &h.hdus {
                    lines.push((
                        format!("── HDU {}", hdu.index),
                        format!("{} · {} of data", hdu.kind(), human_bytes(hdu.data_bytes)),
                    ));
                    for c in &hdu.cards {
                        let value = match (&c.value, c.comment.is_empty()) {
                            (Some(v), true) => v.clone(),
                            (Some(v), false) => format!("{v}  / {}", c.comment),
                            (None, _) => c.comment.clone(),
                        };
                        lines.push((c.keyword.clone(), value));
                    }
                }
                let name = std::path::Path::new(&file)
                    .file_name()
                    .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
                cx.effect(Effect::Open(OverlayRequest::Detail(Detail {
                    title: format!(
                        "{name}: {} HDUs, {} bytes read",
                        h.hdus.len(),
                        thousands(h.bytes_read)
                    ),
                    row: 0,
                    lines,
                })));
            }
        }
    }

    fn selected_id(&self) -> Option<u64> {
        self.items.get(self.cursor.pos).map(|i| i.id)
    }

    fn on_event(&mut self, event: BasketEvent, cx: &mut Ctx) {
        match event {
            BasketEvent::Item(item) => {
                // A new item needing a login the session lacks: say how many do (a resumed
                // basket says it once its items are in).
                let new = item_needs_login(&item) && !self.items.iter().any(|i| i.id == item.id);
                self.on_item(item);
                if new && let Some(advice) = self.advice(cx.access) {
                    cx.error(advice);
                }
            }
            BasketEvent::Progress { id, bytes, total } => self.on_progress(id, bytes, total),
            BasketEvent::Info { dir, free } => {
                self.dir = dir;
                self.free = free;
            }
            BasketEvent::Settings(s) => self.settings = Some(s),
            BasketEvent::Note(text) => cx.info(text),
            BasketEvent::Verified(Err(e)) => cx.error(e),
            BasketEvent::Verified(Ok(report)) if report.problems.is_empty() => {
                cx.info(report.summary())
            }
            BasketEvent::Verified(Ok(report)) => {
                cx.error(report.summary());
                let lines = report
                    .problems
                    .iter()
                    .map(|p| {
                        let line = p.line();
                        match line.split_once(' ') {
                            Some((kind, rest)) => (kind.to_string(), rest.trim().to_string()),
                            None => (line, String::new()),
                        }
                    })
                    .collect();
                cx.effect(Effect::Open(OverlayRequest::Detail(Detail {
                    title: format!("Verify: {}", report.summary()),
                    row: 0,
                    lines,
                })));
            }
        }
    }
}

impl Component for BasketPane {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Basket, Context::Move]
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        if self
            .cursor
            .on_action(action, self.items.len(), cx.grid_rows())
        {
            return true;
        }
        let request = match action {
            Action::BasketPause => self.selected_id().map(BasketRequest::Pause),
            Action::BasketCancel => self.selected_id().map(BasketRequest::Cancel),
            Action::BasketRetry => self.selected_id().map(BasketRequest::Retry),
            Action::BasketRetryAll => Some(BasketRequest::RetryAllFailed),
            Action::BasketCurl => Some(BasketRequest::WriteCurl),
            Action::BasketVerify => {
                cx.info("checking the download directory against its manifest…");
                Some(BasketRequest::Verify)
            }
            Action::Details => {
                self.peek_header(cx);
                None
            }
            Action::DownloadSettings => {
                match &self.settings {
                    Some(s) => cx.effect(Effect::Open(OverlayRequest::DownloadSettings(s.clone()))),
                    None => cx.info("the basket is still starting; try again in a moment"),
                }
                None
            }
            _ => return false,
        };
        if let Some(r) = request {
            cx.run(Cmd::Basket(r));
        }
        true
    }

    fn on_msg(&mut self, msg: Msg, cx: &mut Ctx) -> Option<Msg> {
        match msg {
            Msg::Basket(event) => {
                self.on_event(event, cx);
                None
            }
            Msg::FitsHeader { req, file, result } if self.header_req == Some(req) => {
                self.header_req = None;
                self.on_header(file, result, cx);
                None
            }
            other => Some(other),
        }
    }

    /// The basket's journal is loaded the first time its pane is shown.
    fn on_focus(&mut self, cx: &mut Ctx) {
        if !self.opened {
            self.opened = true;
            cx.run(Cmd::Basket(BasketRequest::Open {
                only_if_journalled: false,
            }));
        }
    }

    /// Time passes: refresh the throughput.
    fn on_tick(&mut self, now_ms: u64) {
        match self.sample {
            Some((t, b)) if now_ms.saturating_sub(t) >= RATE_WINDOW_MS => {
                let secs = (now_ms - t) as f64 / 1000.0;
                self.rate = self.fetched.saturating_sub(b) as f64 / secs;
                self.sample = Some((now_ms, self.fetched));
            }
            Some(_) => {}
            None => self.sample = Some((now_ms, self.fetched)),
        }
        if self.active() == 0 {
            self.rate = 0.0;
            self.sample = None;
        }
    }

    fn activity(&self, _now_ms: u64) -> Vec<String> {
        let shown = self
            .items
            .iter()
            .filter(|i| i.status != ItemStatus::Cancelled)
            .count();
        if self.running() {
            vec![format!("downloads {}/{}", self.done(), shown)]
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::message::Message;
    use crate::app::req::ReqIds;
    use std::path::PathBuf;

    fn item(id: u64, status: ItemStatus, size: u64) -> BasketItem {
        BasketItem {
            id,
            data_uri: format!("mast:HST/product/f{id}.fits"),
            product_filename: format!("f{id}.fits"),
            obs_collection: "HST".into(),
            obs_id: "o".into(),
            size: Some(size),
            protected: false,
            dest: PathBuf::from(format!("f{id}.fits")),
            status,
            message: String::new(),
            bytes: if status.is_done() { size } else { 0 },
            sha256: None,
            archive: None,
        }
    }

    #[test]
    fn progress_rate_eta_and_keys() {
        let (mut ids, mut message) = (ReqIds::default(), None::<Message>);
        let mut cx = Ctx::new(&mut ids, &mut message, (80, 24), 0, Access::Unknown);
        let mut b = BasketPane::default();
        b.on_item(item(1, ItemStatus::Active, 1000));
        b.on_item(item(2, ItemStatus::Queued, 1000));
        assert!(b.running());
        b.on_progress(1, 0, Some(1000));
        b.on_tick(0);
        b.on_progress(1, 500, Some(1000));
        b.on_tick(2_000);
        assert_eq!(b.rate, 250.0);
        assert_eq!(b.bytes(), (500, 2000));
        assert_eq!(b.eta_secs(), Some(6));
        b.on_item(item(1, ItemStatus::Complete, 1000));
        assert!(b.progress.is_empty());
        assert_eq!(b.bytes(), (1000, 2000));
        assert_eq!(b.activity(0), vec!["downloads 1/2".to_string()]);
        assert!(b.on_action(Action::Down, &mut cx));
        assert!(b.on_action(Action::BasketPause, &mut cx));
        assert!(!b.on_action(Action::Sort, &mut cx));
        let (cmds, _, _) = cx.finish();
        assert!(matches!(
            cmds.as_slice(),
            [Cmd::Basket(BasketRequest::Pause(2))]
        ));
    }
}
