//! The download basket: a journalled queue run N files at a time, each with pause, cancel
//! and retry. The TUI and `mastui download` drive the same `Basket::run`. With the cloud
//! copy on (`with_cloud`), queued files are looked up in batches ahead of their turn and
//! fetched from the bucket, or from MAST when it lacks them; where each came from goes to
//! its Message and to `origins` for the summary.
pub mod cutout;
pub mod free_space;
pub mod journal;
pub mod manifest;
pub mod outlive;
pub mod service;
pub mod verify;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

pub use crate::mast::basket_item::{Archive, BasketItem, ItemStatus};
use crate::mast::basket_messages::{BasketEvent, BasketRequest, DownloadSettings};
use journal::Journal;

use crate::mast::client::MastClient;
use crate::mast::cloud::copy::CloudCopy;
use crate::mast::cloud::fetch::{Origin, fetch_with_fallback, is_mast_uri};
use crate::mast::cutouts::services::{CutoutRequest, cutout_url};
use crate::mast::download::{DownloadOutcome, FileRequest, download_file};
use crate::mast::local_path::part_path;
use crate::mast::product_ref::ProductRef;
use cutout::Settled;

/// Progress is reported about every this many bytes of a file.
const PROGRESS_STEP: u64 = 256 * 1024;

/// Files downloaded at once unless told otherwise.
pub const DEFAULT_PARALLEL: usize = 4;

/// A file smaller than this is paced by its request's round trip, not by bandwidth: two of
/// them share one of the `parallel` places, so a list of small files (thumbnails, association
/// tables, spectra) is not held to one round trip per `parallel` files.
const SMALL_FILE: u64 = 1 << 20;

/// Half-places a file takes while it downloads; unknown sizes (cutouts) count as large.
fn half_places(size: Option<u64>) -> usize {
    match size {
        Some(n) if n < SMALL_FILE => 1,
        _ => 2,
    }
}

/// Queued files looked up in the cloud copy at once (50 a call, a few calls in flight).
const LOOKUP_AHEAD: usize = 500;

/// The journal of the basket for the archive at `base`: `basket.jsonl` for MAST itself, a
/// file per other server (a mirror, the simulator), so that a file queued from one archive is
/// never resumed from another one's bytes.
pub fn journal_for(paths: &crate::config::Paths, base: &str) -> PathBuf {
    let journal = paths.basket_journal();
    if base.trim_end_matches('/') == crate::mast::DEFAULT_BASE {
        return journal;
    }
    let host: String = base
        .split("://")
        .nth(1)
        .unwrap_or(base)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    journal.with_file_name(format!("basket-{host}.jsonl"))
}

/// What a running basket is told while it runs.
#[derive(Debug, Clone)]
pub enum Control {
    /// From now on fetch with this client (a login changed the token); files already
    /// running keep the one they started with.
    UseClient(MastClient),
    /// What a person asks (added files go to the basket's `Destination`).
    Request(BasketRequest),
}

/// Where a basket driven by requests puts the files added to it, which server its curl
/// scripts name, and whether it leaves a manifest in the directory once idle.
#[derive(Debug, Clone)]
pub struct Destination {
    pub dir: PathBuf,
    pub flat: bool,
    pub base: String,
    pub manifest: bool,
}

/// The basket: its items and the journal that keeps them.
pub struct Basket {
    journal: Journal,
    items: Vec<BasketItem>,
    next_id: u64,
    dest: Option<Destination>,
    cloud: Option<Arc<CloudCopy>>,
    /// Where the files this basket fetched came from, by item id (this process only).
    origins: HashMap<u64, Origin>,
}

impl Basket {
    /// The basket journalled at `path` (created empty when missing).
    pub fn open(path: &Path) -> Result<Basket, String> {
        let (journal, items) = Journal::open(path)?;
        let next_id = items.iter().map(|i| i.id + 1).max().unwrap_or(1);
        Ok(Basket {
            journal,
            items,
            next_id,
            dest: None,
            cloud: None,
            origins: HashMap::new(),
        })
    }

    /// Fetch from MAST's cloud copy when it has the file (anonymously), else from MAST.
    pub fn with_cloud(mut self, cloud: Arc<CloudCopy>) -> Basket {
        self.cloud = Some(cloud);
        self
    }

    /// Where the item `id` came from, when this basket fetched it.
    pub fn origin(&self, id: u64) -> Option<&Origin> {
        self.origins.get(&id)
    }

    /// Where requests' files go (`Control::Request`).
    pub fn with_destination(mut self, dest: Destination) -> Basket {
        self.dest = Some(dest);
        self
    }

    pub fn items(&self) -> &[BasketItem] {
        &self.items
    }

    /// Adds `products` under `dir`. A product already in the basket for the same file is
    /// reused (queued again unless done). Returns the ids, in order, and the refusals
    /// (names that cannot be written safely).
    pub fn add(
        &mut self,
        products: &[ProductRef],
        dir: &Path,
        flat: bool,
    ) -> Result<(Vec<u64>, Vec<String>), String> {
        let mut items = Vec::with_capacity(products.len());
        let mut refused = Vec::new();
        for p in products {
            match BasketItem::from_product(0, p, dir, flat) {
                Ok(it) => items.push(it),
                Err(e) => refused.push(e),
            }
        }
        Ok((self.insert(items)?, refused))
    }

    /// Adds a cutout archive (`product` names its URL and zip) under `dir`: fetched like any
    /// file, then unpacked into its folder, the zip kept only with `keep`. Its id, or why
    /// its names cannot be used.
    pub fn add_archive(
        &mut self,
        product: &ProductRef,
        dir: &Path,
        flat: bool,
        keep: bool,
    ) -> Result<u64, String> {
        let mut item = BasketItem::from_product(0, product, dir, flat)?;
        item.archive = Some(Archive {
            keep,
            files: Vec::new(),
        });
        let ids = self.insert(vec![item])?;
        ids.first()
            .copied()
            .ok_or_else(|| "the basket lost the archive".to_string())
    }

    /// Puts `new` items in (ids given here); one already in the basket for the same file
    /// is reused and queued again unless queued (done ones too: the run re-checks the file
    /// on disk). Returns the ids, in order.
    fn insert(&mut self, new: Vec<BasketItem>) -> Result<Vec<u64>, String> {
        let mut ids = Vec::with_capacity(new.len());
        let mut changed = Vec::new();
        let by_dest: HashMap<_, _> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| ((it.dest.clone(), it.data_uri.clone()), i))
            .collect();
        let mut seen = HashSet::new();
        for mut item in new {
            let key = (item.dest.clone(), item.data_uri.clone());
            if !seen.insert(key.clone()) {
                continue;
            }
            if let Some(&i) = by_dest.get(&key) {
                let existing = &mut self.items[i];
                if existing.status != ItemStatus::Queued {
                    existing.requeue();
                    changed.push(i);
                }
                if item.archive.is_some() && existing.archive.is_none() {
                    existing.archive = item.archive;
                    changed.push(i);
                }
                ids.push(existing.id);
                continue;
            }
            item.id = self.next_id;
            self.next_id += 1;
            ids.push(item.id);
            changed.push(self.items.len());
            self.items.push(item);
        }
        changed.dedup();
        self.journal
            .put_all(changed.iter().map(|&i| &self.items[i]))?;
        Ok(ids)
    }

    /// Bytes still to fetch for `ids`: declared sizes minus what `.part` files already hold.
    pub fn bytes_needed(&self, ids: &HashSet<u64>) -> u64 {
        self.items
            .iter()
            .filter(|it| ids.contains(&it.id) && !it.status.is_done())
            .filter_map(|it| {
                let size = it.size?;
                let on_disk = std::fs::metadata(&it.dest).map(|m| m.len()).ok();
                if on_disk == Some(size) {
                    return Some(0);
                }
                let part = std::fs::metadata(part_path(&it.dest))
                    .map(|m| m.len())
                    .unwrap_or(0);
                Some(size.saturating_sub(part))
            })
            .sum()
    }

    /// Refuses (with the numbers) when `ids` do not fit on the disk holding `dir`.
    pub fn check_space(&self, ids: &HashSet<u64>, dir: &Path) -> Result<(), String> {
        let needed = self.bytes_needed(ids);
        if needed == 0 {
            return Ok(());
        }
        let free = free_space::available_bytes(dir)
            .map_err(|e| format!("cannot tell the free space of {}: {e}", dir.display()))?;
        free_space::check_fits(dir, needed, free)
    }

    /// A `mastDownload_*.sh` for every unfinished item, paths relative to `dir`.
    pub fn write_curl(&self, dir: &Path, base: &str) -> Result<PathBuf, String> {
        use crate::mast::curl_script::{CurlFile, script, script_name};
        let files: Vec<CurlFile<'_>> = self
            .items
            .iter()
            .filter(|it| !it.status.is_done() && it.status != ItemStatus::Cancelled)
            .map(|it| CurlFile {
                data_uri: &it.data_uri,
                output: it.dest.strip_prefix(dir).unwrap_or(&it.dest),
                protected: it.protected,
            })
            .collect();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let path = dir.join(script_name(now));
        let err = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
        std::fs::create_dir_all(dir).map_err(err)?;
        std::fs::write(&path, script(base, &files)).map_err(err)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
        }
        Ok(path)
    }

    fn index_of(&self, id: u64) -> Option<usize> {
        self.items.iter().position(|it| it.id == id)
    }

    fn update(&mut self, i: usize, events: &UnboundedSender<BasketEvent>) -> Result<(), String> {
        let it = &self.items[i];
        // The journal first: what the pane shows as done is already on disk.
        let written = match it.status {
            ItemStatus::Active => self.journal.put_volatile(it),
            _ => self.journal.put(it),
        };
        let _ = events.send(BasketEvent::Item(it.clone()));
        written?;
        self.journal.maybe_compact(&self.items)?;
        if self.items[i].status != ItemStatus::Active {
            self.manifest_when_idle(events);
        }
        Ok(())
    }

    /// What a manifest lists: every item but the cancelled ones.
    fn manifest_items(&self) -> Vec<BasketItem> {
        self.items
            .iter()
            .filter(|i| i.status != ItemStatus::Cancelled)
            .cloned()
            .collect()
    }

    /// Once nothing is active or queued, the manifest of everything the basket finished or
    /// gave up on is written to its directory (as astroquery leaves one).
    fn manifest_when_idle(&self, events: &UnboundedSender<BasketEvent>) {
        let Some(dest) = self.dest.as_ref().filter(|d| d.manifest) else {
            return;
        };
        let busy = self
            .items
            .iter()
            .any(|i| matches!(i.status, ItemStatus::Active | ItemStatus::Queued));
        let settled = self.manifest_items();
        if busy || settled.is_empty() {
            return;
        }
        if let Err(e) = manifest::write_manifest(&dest.dir, &dest.base, &settled) {
            let _ = events.send(BasketEvent::Note(e));
        }
    }

    /// Runs the queued items among `only` (all when None), `parallel` at a time, until none
    /// is queued or active, or until `cancel` (then active items go back to queued, their
    /// bytes kept). `control` lets the caller pause, cancel and retry items meanwhile.
    pub async fn run(
        &mut self,
        client: &MastClient,
        parallel: usize,
        only: Option<&HashSet<u64>>,
        mut control: Option<UnboundedReceiver<Control>>,
        events: &UnboundedSender<BasketEvent>,
        cancel: &CancellationToken,
    ) -> Result<(), String> {
        let mut parallel = parallel.max(1);
        let mut client = client.clone();
        let in_scope = |it: &BasketItem| only.is_none_or(|ids| ids.contains(&it.id));
        let mut tasks: JoinSet<Finished> = JoinSet::new();
        let mut active: HashMap<u64, CancellationToken> = HashMap::new();
        let mut task_ids: HashMap<tokio::task::Id, u64> = HashMap::new();
        // Half-places taken by the active files, of 2 * parallel.
        let mut taken: HashMap<u64, usize> = HashMap::new();
        loop {
            loop {
                let next = self.items.iter().position(|it| {
                    it.status == ItemStatus::Queued && in_scope(it) && !active.contains_key(&it.id)
                });
                let Some(i) = next else { break };
                let places = half_places(self.items[i].size);
                if taken.values().sum::<usize>() + places > 2 * parallel {
                    break;
                }
                if self.skip_if_present(i).await {
                    self.update(i, events)?;
                    continue;
                }
                if let Some(cloud) = self.cloud.clone() {
                    self.look_up_ahead(i, &cloud, &client, only, events, cancel)
                        .await;
                }
                let archive = self.items[i].archive.as_mut().map(|a| {
                    a.files.clear();
                    a.keep
                });
                if archive.is_some()
                    && let Some(note) = cutout::drop_stale_part(&self.items[i].dest).await
                {
                    let _ = events.send(BasketEvent::Note(note));
                }
                self.items[i].status = ItemStatus::Active;
                self.update(i, events)?;
                let it = &self.items[i];
                let token = cancel.child_token();
                active.insert(it.id, token.clone());
                taken.insert(it.id, places);
                let req = FileRequest {
                    data_uri: it.data_uri.clone(),
                    dest: it.dest.clone(),
                    expected_size: it.size,
                };
                let id = it.id;
                let protected = it.protected;
                let client = client.clone();
                let cloud = self.cloud.clone();
                let tx = events.clone();
                let handle = tasks.spawn(async move {
                    // One event per PROGRESS_STEP bytes, plus the first and the last: the
                    // pane redraws at most ~60 times a second anyway.
                    let last = std::sync::atomic::AtomicU64::new(u64::MAX);
                    let progress = move |bytes: u64, total: Option<u64>| {
                        use std::sync::atomic::Ordering::Relaxed;
                        let prev = last.load(Relaxed);
                        let due = prev == u64::MAX
                            || bytes < prev
                            || bytes - prev >= PROGRESS_STEP
                            || total == Some(bytes);
                        if due {
                            last.store(bytes, Relaxed);
                            let _ = tx.send(BasketEvent::Progress { id, bytes, total });
                        }
                    };
                    let progress: Arc<dyn Fn(u64, Option<u64>) + Send + Sync> = Arc::new(progress);
                    // Cutout archives are made on request: never in the cloud copy.
                    let (outcome, origin) = match cloud {
                        Some(c) if archive.is_none() => {
                            fetch_with_fallback(&c, &client, &req, protected, &token, &*progress)
                                .await
                        }
                        _ => (
                            download_file(&client, &req, &token, &*progress).await,
                            Origin::Mast,
                        ),
                    };
                    // A whole archive is unpacked here, on a blocking thread, so the loop
                    // goes on taking requests meanwhile.
                    let settled = match (&outcome, archive) {
                        (DownloadOutcome::Complete { .. }, Some(keep)) => {
                            Some(cutout::settle_off_thread(req.dest.clone(), keep).await)
                        }
                        _ => None,
                    };
                    (id, outcome, settled, origin)
                });
                task_ids.insert(handle.id(), id);
            }
            if active.is_empty() && control.is_none() {
                return Ok(());
            }
            tokio::select! {
                biased;
                _ = cancel.cancelled() => {
                    for t in active.values() {
                        t.cancel();
                    }
                    while tasks.join_next().await.is_some() {}
                    for id in active.keys() {
                        if let Some(i) = self.index_of(*id) {
                            self.items[i].status = ItemStatus::Queued;
                            self.update(i, events)?;
                        }
                    }
                    return Ok(());
                }
                Some(done) = tasks.join_next_with_id(), if !tasks.is_empty() => {
                    let (id, outcome, settled, origin) = match done {
                        Ok((_, r)) => r,
                        Err(e) => {
                            let id = task_ids.get(&e.id()).copied().unwrap_or(0);
                            let message = format!("the download task failed: {e}");
                            (id, DownloadOutcome::Failed { message }, None, Origin::Mast)
                        }
                    };
                    active.remove(&id);
                    taken.remove(&id);
                    if let Some(i) = self.index_of(id) {
                        self.settle(i, outcome, &origin).await;
                        if self.items[i].status == ItemStatus::Complete {
                            self.origins.insert(id, origin);
                        }
                        if let Some(s) = settled {
                            self.unpacked(i, s);
                        }
                        self.update(i, events)?;
                    }
                }
                c = recv(&mut control) => match c {
                    None => control = None,
                    Some(Control::UseClient(c)) => client = c,
                    // Fewer at once takes effect as running files finish; none is stopped.
                    Some(Control::Request(BasketRequest::Configure(s))) => {
                        parallel = s.parallel.clamp(1, crate::mast::basket_messages::MAX_PARALLEL);
                        self.reconfigure(s, events);
                    }
                    Some(Control::Request(r)) => self.control(r, &active, events)?,
                },
            }
        }
    }

    /// True (and the item marked skipped) when its file is already there with the right size.
    /// Never for an archive: what it unpacked to is what matters, and the service makes it
    /// afresh.
    async fn skip_if_present(&mut self, i: usize) -> bool {
        let it = &mut self.items[i];
        if it.archive.is_some() {
            return false;
        }
        // Without MAST's size, a file this basket finished itself is known by its length.
        let known = it
            .size
            .or((it.sha256.is_some() && it.bytes > 0).then_some(it.bytes));
        let Some(size) = known else { return false };
        match tokio::fs::metadata(&it.dest).await {
            Ok(m) if m.is_file() && m.len() == size => {
                // A hash from an earlier run holds only for a file of the same length.
                if it.bytes != size {
                    it.sha256 = None;
                }
                it.status = ItemStatus::Skipped;
                it.bytes = size;
                it.message = "already on disk with the right size".into();
                true
            }
            _ => false,
        }
    }

    /// Looks up, before item `i` starts, its URI and those of the queued files after it
    /// that the cloud copy was not asked about yet (public `mast:` files only: the others
    /// go to MAST anyway). A failed lookup is said once; those files come from MAST.
    async fn look_up_ahead(
        &self,
        i: usize,
        cloud: &CloudCopy,
        client: &MastClient,
        only: Option<&HashSet<u64>>,
        events: &UnboundedSender<BasketEvent>,
        cancel: &CancellationToken,
    ) {
        if cloud.down().is_some() {
            return;
        }
        let wanted = |it: &BasketItem| {
            !it.protected
                && is_mast_uri(&it.data_uri)
                && only.is_none_or(|ids| ids.contains(&it.id))
                && cloud.unknown(&it.data_uri)
        };
        if !wanted(&self.items[i]) {
            return;
        }
        let uris: Vec<String> = std::iter::once(&self.items[i])
            .chain(
                self.items
                    .iter()
                    .filter(|it| it.status == ItemStatus::Queued && it.id != self.items[i].id),
            )
            .filter(|it| wanted(it))
            .take(LOOKUP_AHEAD)
            .map(|it| it.data_uri.clone())
            .collect();
        match cloud.resolve(client, &uris, cancel).await {
            Ok(()) | Err(crate::mast::MastError::Cancelled) => {}
            Err(e) => {
                let _ = events.send(BasketEvent::Note(format!(
                    "the cloud copy's path lookup failed ({e}); those files come from MAST"
                )));
            }
        }
    }

    /// The item's state after its download ended with `outcome`.
    async fn settle(&mut self, i: usize, outcome: DownloadOutcome, origin: &Origin) {
        let it = &mut self.items[i];
        let from = origin.describe();
        let said = |message: String| match (from.is_empty(), message.is_empty()) {
            (true, _) => message,
            (false, true) => from.clone(),
            (false, false) => format!("{message}; {from}"),
        };
        match outcome {
            DownloadOutcome::Complete {
                bytes,
                sha256,
                note,
                ..
            } => {
                tracing::info!(uri = %it.data_uri, bytes, from = %from, "downloaded");
                it.status = ItemStatus::Complete;
                it.bytes = bytes;
                it.sha256 = Some(sha256);
                // Where it came from, and a disagreement it was kept despite, go to the
                // manifest's Message.
                it.message = said(note.unwrap_or_default());
            }
            DownloadOutcome::NeedsLogin { message } => {
                tracing::warn!(uri = %it.data_uri, "needs a login: {message}");
                it.status = ItemStatus::NeedsLogin;
                it.message = said(message);
            }
            DownloadOutcome::Failed { message } => {
                tracing::warn!(uri = %it.data_uri, "download failed: {message}");
                it.status = ItemStatus::Failed;
                it.message = said(message);
            }
            DownloadOutcome::Cancelled => match it.status {
                ItemStatus::Cancelled => {
                    let _ = tokio::fs::remove_file(part_path(&it.dest)).await;
                }
                ItemStatus::Paused => {}
                _ => it.status = ItemStatus::Queued,
            },
        }
    }

    /// What a whole archive turned out to be, on its item.
    fn unpacked(&mut self, i: usize, settled: Result<Settled, String>) {
        let it = &mut self.items[i];
        match settled {
            Ok(Settled::Files(files)) => {
                it.message = format!("unpacked {} files", files.len());
                if let Some(a) = it.archive.as_mut() {
                    a.files = files;
                }
            }
            Ok(Settled::NoData(msg)) => it.message = format!("no cutout: {msg}"),
            Err(e) => {
                it.status = ItemStatus::Failed;
                it.message = e;
            }
        }
    }

    fn control(
        &mut self,
        request: BasketRequest,
        active: &HashMap<u64, CancellationToken>,
        events: &UnboundedSender<BasketEvent>,
    ) -> Result<(), String> {
        let (id, target) = match request {
            // Taken by whoever starts the basket, and by the service (verify reads files).
            BasketRequest::Open { .. } | BasketRequest::Verify => return Ok(()),
            // Taken by `run`, which owns how many files run at once.
            BasketRequest::Configure(_) => return Ok(()),
            BasketRequest::Pause(id) => (id, ItemStatus::Paused),
            BasketRequest::Cancel(id) => (id, ItemStatus::Cancelled),
            BasketRequest::Retry(id) => (id, ItemStatus::Queued),
            BasketRequest::Add(products) => return self.add_requested(&products, events),
            BasketRequest::AddCutout { request, folder } => {
                return self.add_cutout_requested(&request, &folder, events);
            }
            BasketRequest::WriteCurl => {
                let note = match &self.dest {
                    Some(d) => match self.write_curl(&d.dir, &d.base) {
                        Ok(p) => format!("curl script written: {}", p.display()),
                        Err(e) => e,
                    },
                    None => "this basket has no download directory".to_string(),
                };
                let _ = events.send(BasketEvent::Note(note));
                return Ok(());
            }
            BasketRequest::WriteManifest => {
                let settled = self.manifest_items();
                let note = match (&self.dest, settled.is_empty()) {
                    (None, _) => "this basket has no download directory".to_string(),
                    (Some(_), true) => "the basket is empty: no manifest to write".to_string(),
                    (Some(d), false) => match manifest::write_manifest(&d.dir, &d.base, &settled) {
                        Ok(p) => format!(
                            "manifest written: {} ({} files)",
                            p.display(),
                            settled.len()
                        ),
                        Err(e) => e,
                    },
                };
                let _ = events.send(BasketEvent::Note(note));
                return Ok(());
            }
            BasketRequest::RetryAllFailed => {
                for i in 0..self.items.len() {
                    if self.items[i].status.is_failed() {
                        self.items[i].requeue();
                        self.update(i, events)?;
                    }
                }
                return Ok(());
            }
        };
        let Some(i) = self.index_of(id) else {
            return Ok(());
        };
        let status = self.items[i].status;
        match target {
            ItemStatus::Queued if !status.is_done() && status != ItemStatus::Active => {
                self.items[i].requeue();
            }
            ItemStatus::Paused | ItemStatus::Cancelled
                if matches!(
                    status,
                    ItemStatus::Queued | ItemStatus::Active | ItemStatus::Paused
                ) =>
            {
                self.items[i].status = target;
                if let Some(t) = active.get(&id) {
                    t.cancel();
                } else if target == ItemStatus::Cancelled {
                    let _ = std::fs::remove_file(part_path(&self.items[i].dest));
                }
            }
            _ => return Ok(()),
        }
        self.update(i, events)
    }

    /// New settings from the browser: files added from now on go to the new directory in
    /// the new layout; files already queued keep the place they were given.
    fn reconfigure(&mut self, s: DownloadSettings, events: &UnboundedSender<BasketEvent>) {
        let Some(dest) = self.dest.as_mut() else {
            return;
        };
        let Some(dir) = crate::settings::table::expand_home(&s.dir) else {
            let _ = events.send(BasketEvent::Note("the download directory is empty".into()));
            return;
        };
        dest.dir = PathBuf::from(dir);
        dest.flat = s.flat;
        let shown = std::path::absolute(&dest.dir).unwrap_or_else(|_| dest.dir.clone());
        let _ = events.send(BasketEvent::Info {
            dir: shown.display().to_string(),
            free: free_space::available_bytes(&dest.dir).ok(),
        });
        let _ = events.send(BasketEvent::Settings(s));
    }

    /// Products a person added: into the destination, refused (paused, with the numbers)
    /// when they do not fit on its disk.
    fn add_requested(
        &mut self,
        products: &[ProductRef],
        events: &UnboundedSender<BasketEvent>,
    ) -> Result<(), String> {
        let Some(dest) = self.dest.clone() else {
            let _ = events.send(BasketEvent::Note(
                "this basket has no download directory".into(),
            ));
            return Ok(());
        };
        let (ids, refused) = self.add(products, &dest.dir, dest.flat)?;
        for r in refused {
            let _ = events.send(BasketEvent::Note(r));
        }
        let scope: HashSet<u64> = ids.iter().copied().collect();
        if let Err(e) = self.check_space(&scope, &dest.dir) {
            for id in &ids {
                if let Some(i) = self.index_of(*id)
                    && self.items[i].status == ItemStatus::Queued
                {
                    self.items[i].status = ItemStatus::Paused;
                    self.items[i].message = e.clone();
                }
            }
            let _ = events.send(BasketEvent::Note(e));
        }
        for id in ids {
            if let Some(i) = self.index_of(id) {
                self.update(i, events)?;
            }
        }
        Ok(())
    }

    /// A cutout a person asked for: its archive into `mastDownload/<service>/<folder>/`
    /// of the destination, to be unpacked there.
    fn add_cutout_requested(
        &mut self,
        request: &CutoutRequest,
        folder: &str,
        events: &UnboundedSender<BasketEvent>,
    ) -> Result<(), String> {
        let Some(dest) = self.dest.clone() else {
            let _ = events.send(BasketEvent::Note(
                "this basket has no download directory".into(),
            ));
            return Ok(());
        };
        let url = match cutout_url(&dest.base, request) {
            Ok(u) => u,
            Err(e) => {
                let _ = events.send(BasketEvent::Note(e.to_string()));
                return Ok(());
            }
        };
        let product = cutout_product(request, url.as_str(), folder);
        match self.add_archive(&product, &dest.dir, dest.flat, false) {
            Ok(id) => {
                if let Some(i) = self.index_of(id) {
                    self.update(i, events)?;
                }
            }
            Err(e) => {
                let _ = events.send(BasketEvent::Note(e));
            }
        }
        Ok(())
    }
}

/// A cutout as a basket product: its URL, its zip's name, the service as the collection
/// and `folder` as the dataset of astroquery's layout; public, of no size known before.
pub fn cutout_product(request: &CutoutRequest, url: &str, folder: &str) -> ProductRef {
    ProductRef {
        data_uri: url.to_string(),
        product_filename: cutout::archive_name(request.service, url),
        obs_collection: request.service.name().to_string(),
        obs_id: folder.to_string(),
        obsid: None,
        size: None,
        data_rights: "PUBLIC".into(),
        shared_by: 1,
    }
}

/// A download task's end: the item, how the file ended, and for an archive what it held.
type Finished = (
    u64,
    DownloadOutcome,
    Option<Result<Settled, String>>,
    Origin,
);

async fn recv(control: &mut Option<UnboundedReceiver<Control>>) -> Option<Control> {
    match control {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_archive_has_its_own_journal() {
        let paths = crate::config::Paths::resolve(|k| {
            (k == crate::config::DATA_DIR_ENV).then(|| PathBuf::from("/d"))
        });
        assert_eq!(
            journal_for(&paths, "https://mast.stsci.edu"),
            PathBuf::from("/d/basket.jsonl")
        );
        assert_eq!(
            journal_for(&paths, "http://127.0.0.1:4567"),
            PathBuf::from("/d/basket-127.0.0.1_4567.jsonl")
        );
        assert_eq!(
            journal_for(&paths, "https://x/../../etc"),
            PathBuf::from("/d/basket-x_.._.._etc.jsonl")
        );
    }
}
