//! The search store for the browser, off the UI task: the history read at start, each
//! search recorded once it ends (with the rows it returned), a search saved under a name.
use std::path::PathBuf;

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use crate::app::msg::Msg;
use crate::remember::spec::SearchSpec;
use crate::remember::store::{HistoryEntry, Store, now_unix};

/// Newest first, as the form and the overlay show them.
fn newest_first(store: &Store) -> Vec<HistoryEntry> {
    store.history.iter().rev().cloned().collect()
}

/// Reads the history and sends it (`Msg::History`).
pub fn load(path: PathBuf, tx: UnboundedSender<Msg>) {
    tokio::task::spawn_blocking(move || {
        let result = Store::load(&path)
            .map(|s| newest_first(&s))
            .map_err(|e| e.to_string());
        let _ = tx.send(Msg::History(result));
    });
}

/// Keeps a search under a name (`Msg::SearchSaved`).
pub fn save(path: PathBuf, name: String, spec: SearchSpec, tx: UnboundedSender<Msg>) {
    tokio::task::spawn_blocking(move || {
        let result = Store::update(&path, |s| s.save(&name, spec, now_unix()))
            .map(|()| name)
            .map_err(|e| e.to_string());
        let _ = tx.send(Msg::SearchSaved(result));
    });
}

/// A sender for a search job that passes every message on to `tx`, counting the rows of
/// its pages; when the job has ended (it said `SearchDone`), the search is recorded and the
/// new history sent. Without a store, `tx` itself.
pub fn recording(
    tx: UnboundedSender<Msg>,
    store: Option<PathBuf>,
    spec: SearchSpec,
) -> UnboundedSender<Msg> {
    let Some(path) = store else {
        return tx;
    };
    let (job_tx, mut job_rx) = unbounded_channel();
    tokio::spawn(async move {
        let (mut rows, mut done) = (0u64, None);
        while let Some(msg) = job_rx.recv().await {
            match &msg {
                Msg::SearchPage { table, .. } => rows += table.rows() as u64,
                Msg::SearchDone { result, .. } => done = Some(result.is_ok()),
                _ => {}
            }
            if tx.send(msg).is_err() {
                return;
            }
        }
        // Cancelled (a newer search replaced it): not recorded.
        let Some(ok) = done else {
            return;
        };
        let entry = HistoryEntry {
            spec,
            at: now_unix(),
            rows: ok.then_some(rows),
        };
        let _ = tokio::task::spawn_blocking(move || {
            let result = Store::update(&path, |s| {
                s.record(entry);
                newest_first(s)
            })
            .map_err(|e| e.to_string());
            let _ = tx.send(Msg::History(result));
        })
        .await;
    });
    job_tx
}
