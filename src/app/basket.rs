//! The basket pane: what the download queue holds and how far each file got, as the worker
//! reports it. Products arrive from triage as `Cmd::AddToBasket` (see
//! `mast::product_ref::ProductRef`); keys here become `Cmd::Basket` controls. Pure: time
//! comes from `Msg::Tick`, bytes from `Msg::BasketProgress`.
use std::collections::HashMap;

use crate::mast::basket_item::{BasketItem, ItemStatus};

use super::cmd::Cmd;
use super::keymap::Action;

/// What a key asks of the queue (the worker maps it onto its own controls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasketAction {
    Pause(u64),
    Cancel(u64),
    Retry(u64),
    RetryAllFailed,
    /// Write `mastDownload_YYYYMMDDhhmmss.sh` for the unfinished files.
    WriteCurl,
}

/// Throughput is averaged over at least this long, so the figure does not flicker.
const RATE_WINDOW_MS: u64 = 2_000;

#[derive(Debug, Clone, Default)]
pub struct BasketPane {
    /// In the order they were added.
    pub items: Vec<BasketItem>,
    /// Bytes on disk and total, of files being fetched.
    pub progress: HashMap<u64, (u64, Option<u64>)>,
    pub selected: usize,
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
}

impl BasketPane {
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
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    pub fn on_progress(&mut self, id: u64, bytes: u64, total: Option<u64>) {
        let before = self.progress.get(&id).map_or(bytes, |p| p.0);
        self.fetched += bytes.saturating_sub(before);
        self.progress.insert(id, (bytes, total));
    }

    /// Time passes: refresh the throughput.
    pub fn on_tick(&mut self, now_ms: u64) {
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

    /// The status bar's line while downloads run.
    pub fn activity(&self) -> Option<String> {
        self.running().then(|| {
            format!(
                "downloads {}/{}",
                self.done(),
                self.items
                    .iter()
                    .filter(|i| i.status != ItemStatus::Cancelled)
                    .count()
            )
        })
    }

    fn selected_id(&self) -> Option<u64> {
        self.items.get(self.selected).map(|i| i.id)
    }

    /// Keys of the basket pane; None when the action is not the pane's.
    pub fn act(&mut self, action: Action) -> Option<Vec<Cmd>> {
        let control = |a: BasketAction| Some(vec![Cmd::Basket(a)]);
        let last = self.items.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::BasketPause => return control(BasketAction::Pause(self.selected_id()?)),
            Action::BasketCancel => return control(BasketAction::Cancel(self.selected_id()?)),
            Action::BasketRetry => return control(BasketAction::Retry(self.selected_id()?)),
            Action::BasketRetryAll => return control(BasketAction::RetryAllFailed),
            Action::BasketCurl => return control(BasketAction::WriteCurl),
            _ => return None,
        }
        Some(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        }
    }

    #[test]
    fn progress_rate_eta_and_keys() {
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
        assert_eq!(b.activity().as_deref(), Some("downloads 1/2"));
        assert!(matches!(b.act(Action::Down), Some(v) if v.is_empty()));
        assert!(matches!(
            b.act(Action::BasketPause).as_deref(),
            Some([Cmd::Basket(BasketAction::Pause(2))])
        ));
        assert!(b.act(Action::Sort).is_none());
    }
}
