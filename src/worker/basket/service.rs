//! The basket inside the TUI: one long-lived task that loads the journal, resumes what was
//! queued, and takes controls from the state machine while it runs; its events become `Msg`s.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio_util::sync::CancellationToken;

use super::free_space::available_bytes;
use super::manifest::write_manifest;
use super::{Basket, BasketItem, Control, DEFAULT_PARALLEL, Event, ItemStatus};
use crate::app::Msg;
use crate::app::basket::BasketAction;
use crate::config::Paths;
use crate::mast::client::MastClient;

/// The running basket: where to send controls, and how to stop it.
pub struct BasketService {
    control: UnboundedSender<Control>,
    cancel: CancellationToken,
    dir: PathBuf,
    base: String,
}

impl BasketService {
    /// Starts the basket of `paths` (journal in the data dir, files in the download dir).
    pub fn start(client: MastClient, paths: &Paths, tx: UnboundedSender<Msg>) -> BasketService {
        let (control, rx) = unbounded_channel();
        let cancel = CancellationToken::new();
        let dir = paths.download_dir.clone();
        let base = client.base_url().to_string();
        let journal = super::journal_for(paths, &base);
        tokio::spawn(run(client, journal, dir.clone(), rx, tx, cancel.clone()));
        BasketService {
            control,
            cancel,
            dir,
            base,
        }
    }

    pub fn add(&self, products: Vec<crate::mast::product_ref::ProductRef>) {
        let _ = self.control.send(Control::Add {
            products,
            dir: self.dir.clone(),
            flat: false,
        });
    }

    pub fn act(&self, a: BasketAction) {
        let c = match a {
            BasketAction::Pause(id) => Control::Pause(id),
            BasketAction::Cancel(id) => Control::Cancel(id),
            BasketAction::Retry(id) => Control::Retry(id),
            BasketAction::RetryAllFailed => Control::RetryAllFailed,
            BasketAction::WriteCurl => Control::WriteCurl {
                dir: self.dir.clone(),
                base: self.base.clone(),
            },
        };
        let _ = self.control.send(c);
    }

    /// Files started from now on use `client` (after a login).
    pub fn use_client(&self, client: MastClient) {
        let _ = self.control.send(Control::UseClient(client));
    }

    /// Stops the downloads; active files go back to queued in the journal.
    pub fn stop(&self) {
        self.cancel.cancel();
    }
}

async fn run(
    client: MastClient,
    journal: PathBuf,
    dir: PathBuf,
    control: UnboundedReceiver<Control>,
    tx: UnboundedSender<Msg>,
    cancel: CancellationToken,
) {
    let opened = tokio::task::spawn_blocking(move || Basket::open(&journal)).await;
    let mut basket = match opened {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => {
            let _ = tx.send(Msg::BasketNote(e));
            return;
        }
        Err(e) => {
            let _ = tx.send(Msg::BasketNote(format!("the basket could not load: {e}")));
            return;
        }
    };
    let free = available_bytes(&dir).ok();
    let shown = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    let _ = tx.send(Msg::BasketInfo {
        dir: shown.display().to_string(),
        free,
    });
    for it in basket.items() {
        let _ = tx.send(Msg::BasketItem(it.clone()));
    }
    let (events, mut rx) = unbounded_channel();
    let forward = {
        let tx = tx.clone();
        let mut items: BTreeMap<u64, BasketItem> =
            basket.items().iter().map(|i| (i.id, i.clone())).collect();
        let base = client.base_url().to_string();
        tokio::spawn(async move {
            while let Some(ev) = rx.recv().await {
                let msg = match ev {
                    Event::Progress { id, bytes, total } => {
                        Msg::BasketProgress { id, bytes, total }
                    }
                    Event::Changed(it) => {
                        items.insert(it.id, it.clone());
                        if it.status != ItemStatus::Active {
                            manifest_when_idle(&items, &dir, &base, &tx).await;
                        }
                        Msg::BasketItem(it)
                    }
                    Event::Note(text) => Msg::BasketNote(text),
                };
                if tx.send(msg).is_err() {
                    break;
                }
            }
        })
    };
    if let Err(e) = basket
        .run(
            &client,
            DEFAULT_PARALLEL,
            None,
            Some(control),
            &events,
            &cancel,
        )
        .await
    {
        let _ = tx.send(Msg::BasketNote(e));
    }
    drop(events);
    let _ = forward.await;
}

/// Once nothing is active or queued, the manifest of everything the basket finished or
/// gave up on is written to the download directory (as astroquery leaves one).
async fn manifest_when_idle(
    items: &BTreeMap<u64, BasketItem>,
    dir: &Path,
    base: &str,
    tx: &UnboundedSender<Msg>,
) {
    let busy = items
        .values()
        .any(|i| matches!(i.status, ItemStatus::Active | ItemStatus::Queued));
    let settled: Vec<BasketItem> = items
        .values()
        .filter(|i| i.status != ItemStatus::Cancelled)
        .cloned()
        .collect();
    if busy || settled.is_empty() {
        return;
    }
    let (dir, base) = (dir.to_path_buf(), base.to_string());
    let written = tokio::task::spawn_blocking(move || write_manifest(&dir, &base, &settled)).await;
    if let Ok(Err(e)) = written {
        let _ = tx.send(Msg::BasketNote(e));
    }
}
