//! Runs `Cmd`s on tokio tasks and answers with `Msg`s carrying the request id. Nothing here
//! blocks the caller: every command is spawned, and CPU-heavy view work goes to
//! `spawn_blocking`.
mod auth;
pub mod basket;
mod catalog;
pub mod credits;
pub mod export;
mod history;
mod mission;
mod open;
mod preview;
mod products;
mod search;
mod view;

use std::cell::Cell;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use futures_util::FutureExt;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::app::cmd::Cmd;
use crate::app::msg::{Msg, Timer};
use crate::app::req::ReqId;
use crate::mast::basket_messages::BasketRequest;
use crate::mast::client::MastClient;
use crate::mast::coords::SkyCoord;
use crate::mast::cutouts::services::Center;

tokio::task_local! {
    /// Set while a job's future runs, so the panic hook can tell a job's panic (caught and
    /// reported as `Msg::JobFailed`) from one that ends the program.
    static IN_JOB: ();
}

thread_local! {
    /// The same for jobs on a blocking thread.
    static IN_BLOCKING_JOB: Cell<bool> = const { Cell::new(false) };
}

/// True when the current code runs inside a worker job.
pub fn in_job() -> bool {
    IN_JOB.try_with(|_| ()).is_ok() || IN_BLOCKING_JOB.with(Cell::get)
}

/// Runs `f` on this thread marked as a worker job (for `spawn_blocking` closures).
pub(crate) fn as_blocking_job<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    IN_BLOCKING_JOB.with(|b| b.set(true));
    let r = std::panic::catch_unwind(AssertUnwindSafe(f));
    IN_BLOCKING_JOB.with(|b| b.set(false));
    r
}

/// The text of a panic payload.
pub(crate) fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

pub struct Worker {
    client: MastClient,
    /// Where tokens are looked up and kept.
    paths: crate::config::Paths,
    tx: UnboundedSender<Msg>,
    jobs: HashMap<ReqId, (CancellationToken, JoinHandle<()>)>,
    /// The download basket, started by `BasketRequest::Open` (or the first request that
    /// needs it).
    basket: Option<basket::service::BasketService>,
    /// The token in use, to warn when a basket may outlive it.
    token: Option<crate::auth::Token>,
    /// The search store: searches are recorded in its history only when one is given (the
    /// browser gives it; tests of the worker need not).
    store: Option<std::path::PathBuf>,
    /// When set, bulk answers wait for credits (`credits.rs`).
    credits: Option<credits::Credits>,
}

impl Worker {
    pub fn new(client: MastClient, tx: UnboundedSender<Msg>) -> Worker {
        Worker {
            client,
            paths: crate::config::Paths::from_env(),
            tx,
            jobs: HashMap::new(),
            basket: None,
            token: None,
            store: None,
            credits: None,
        }
    }

    /// Bounds the result pages and product batches waiting for the UI (the browser gives
    /// the credits back as it takes them in).
    pub fn with_credits(mut self, credits: credits::Credits) -> Worker {
        self.credits = Some(credits);
        self
    }

    /// Records every search that ends in the history of this store, and reads and writes
    /// the store for `Cmd::LoadHistory` and `Cmd::SaveSearch`.
    pub fn with_search_store(mut self, path: std::path::PathBuf) -> Worker {
        self.store = Some(path);
        self
    }

    fn basket(&mut self) -> &basket::service::BasketService {
        let (client, paths, tx) = (&self.client, &self.paths, &self.tx);
        self.basket.get_or_insert_with(|| {
            basket::service::BasketService::start(client.clone(), paths, tx.clone())
        })
    }

    /// Looks up and keeps tokens under `paths` instead of the environment's.
    pub fn with_paths(mut self, paths: crate::config::Paths) -> Worker {
        self.paths = paths;
        self
    }

    /// Starts a command; returns at once.
    pub fn run(&mut self, cmd: Cmd) {
        self.jobs.retain(|_, (_, task)| !task.is_finished());
        match cmd {
            Cmd::Cancel(req) => self.cancel(req),
            Cmd::Schedule { after_ms, timer } => self.schedule(after_ms, timer),
            Cmd::ResolveAuth { req } => {
                let (client, paths) = (self.client.clone(), self.paths.clone());
                self.spawn(req, move |tx, cancel| {
                    auth::resolve(client, paths, req, tx, cancel)
                });
            }
            Cmd::CheckToken { req, token } => {
                let (client, paths) = (self.client.clone(), self.paths.clone());
                self.spawn(req, move |tx, cancel| {
                    auth::check(client, paths, req, token, tx, cancel)
                });
            }
            // Jobs already running keep the client they started with.
            Cmd::UseToken(token) => {
                self.client = self.client.clone().with_auth(token.as_ref());
                self.token = token;
                // The basket fetches protected files with the new token too.
                if let Some(b) = &self.basket {
                    b.use_client(self.client.clone());
                }
            }
            Cmd::StoreToken { token, kind } => {
                let (paths, server) = (self.paths.clone(), self.client.base_url().to_string());
                tokio::spawn(auth::store(paths, server, token, kind, self.tx.clone()));
            }
            Cmd::Missions { req } => {
                let client = self.client.clone();
                self.spawn(req, move |tx, cancel| async move {
                    let result = client.missions(&cancel).await;
                    let _ = tx.send(Msg::Missions { req, result });
                });
            }
            Cmd::Count { req, criteria } => {
                let client = self.client.clone();
                self.spawn(req, move |tx, cancel| async move {
                    let result = client.count(&criteria, &cancel).await;
                    let _ = tx.send(Msg::Count { req, result });
                });
            }
            Cmd::Search {
                req,
                criteria,
                pagesize,
            } => {
                let client = self.client.clone();
                let spec = crate::remember::spec::SearchSpec::from_criteria(&criteria);
                let store = self.store.clone();
                let credits = self.credits.clone();
                self.spawn(req, move |tx, cancel| {
                    let tx = history::recording(tx, store, spec);
                    search::run(client, req, criteria, pagesize, tx, credits, cancel)
                });
            }
            Cmd::CatalogCount { req, query } => {
                let client = self.client.clone();
                self.spawn(req, move |tx, cancel| async move {
                    let result = client.catalog_count(&query, &cancel).await;
                    let _ = tx.send(Msg::Count { req, result });
                });
            }
            Cmd::CatalogSearch { req, query } => {
                let client = self.client.clone();
                let spec = crate::remember::spec::SearchSpec::from_catalog(&query);
                let store = self.store.clone();
                let credits = self.credits.clone();
                self.spawn(req, move |tx, cancel| {
                    let tx = history::recording(tx, store, spec);
                    catalog::run(client, req, query, tx, credits, cancel)
                });
            }
            Cmd::Products { req, obsids } => {
                let client = self.client.clone();
                let credits = self.credits.clone();
                self.spawn(req, move |tx, cancel| async move {
                    crate::test_hook::panic_if_armed("worker");
                    products::run(client, req, obsids, tx, credits, cancel).await
                });
            }
            Cmd::MissionColumns { req, mission } => {
                let client = self.client.clone();
                self.spawn(req, move |tx, cancel| async move {
                    let result = client.mission_columns(&mission, &cancel).await;
                    let _ = tx.send(Msg::MissionColumns { req, result });
                });
            }
            Cmd::MissionCount { req, query } => {
                let client = self.client.clone();
                self.spawn(req, move |tx, cancel| async move {
                    let result = client.mission_count(&query, &cancel).await;
                    let _ = tx.send(Msg::Count { req, result });
                });
            }
            Cmd::MissionSearch { req, query } => {
                let client = self.client.clone();
                let spec = crate::remember::spec::SearchSpec::from_mission(&query);
                let store = self.store.clone();
                let credits = self.credits.clone();
                self.spawn(req, move |tx, cancel| {
                    let tx = history::recording(tx, store, spec);
                    mission::search(client, req, query, tx, credits, cancel)
                });
            }
            Cmd::MissionProducts {
                req,
                mission,
                datasets,
            } => {
                let client = self.client.clone();
                let credits = self.credits.clone();
                self.spawn(req, move |tx, cancel| {
                    mission::products(client, req, mission, datasets, tx, credits, cancel)
                });
            }
            Cmd::CutoutSectors { req, ra, dec } => {
                let client = self.client.clone();
                self.spawn(req, move |tx, cancel| async move {
                    let center = Center::Position(SkyCoord { ra, dec });
                    let result = client.tess_sectors(&center, 0.0, &cancel).await;
                    let _ = tx.send(Msg::CutoutSectors { req, result });
                });
            }
            Cmd::CutoutSurveys { req, ra, dec } => {
                let client = self.client.clone();
                self.spawn(req, move |tx, cancel| async move {
                    let result = client
                        .zcut_surveys(SkyCoord { ra, dec }, 0.0, &cancel)
                        .await;
                    let _ = tx.send(Msg::CutoutSurveys { req, result });
                });
            }
            Cmd::ComputeView { req, job } => {
                self.spawn(req, move |tx, cancel| view::run(req, job, tx, cancel));
            }
            Cmd::FitsHeader { req, path } => {
                self.spawn(req, move |tx, _| async move {
                    let file = path.display().to_string();
                    let read = tokio::task::spawn_blocking(move || {
                        let mut f = std::fs::File::open(&path)
                            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
                        crate::fits::header::read_headers(&mut f).map_err(|e| e.to_string())
                    })
                    .await;
                    let result = read.unwrap_or_else(|e| Err(e.to_string()));
                    let _ = tx.send(Msg::FitsHeader { req, file, result });
                });
            }
            Cmd::Preview { req, uri } => {
                let (client, cache) = (self.client.clone(), self.paths.cache_dir.clone());
                self.spawn(req, move |tx, cancel| {
                    preview::run(client, cache, req, uri, tx, cancel)
                });
            }
            Cmd::OpenUrl { url } => {
                tokio::spawn(open::run(url, self.tx.clone()));
            }
            Cmd::Basket(request) => self.on_basket(request),
            Cmd::Export {
                rows,
                path,
                force,
                what,
            } => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let done = tokio::task::spawn_blocking(move || {
                        export::export(&rows, &path, force, what)
                    })
                    .await
                    .unwrap_or_else(|e| Err(format!("the export failed: {e}")));
                    let _ = tx.send(Msg::Exported(done));
                });
            }
            Cmd::LoadHistory => {
                if let Some(path) = &self.store {
                    history::load(path.clone(), self.tx.clone());
                }
            }
            Cmd::SaveSearch { name, spec } => match &self.store {
                Some(path) => history::save(path.clone(), name, spec, self.tx.clone()),
                None => {
                    let _ = self
                        .tx
                        .send(Msg::SearchSaved(Err("no search store here".into())));
                }
            },
        }
    }

    fn on_basket(&mut self, request: BasketRequest) {
        match request {
            // A basket left by an earlier session resumes as soon as the browser starts;
            // otherwise it starts when first shown or first given files.
            BasketRequest::Open { only_if_journalled } => {
                let journal = basket::journal_for(&self.paths, self.client.base_url());
                if !only_if_journalled || journal.exists() {
                    self.basket();
                }
            }
            BasketRequest::Add(products) => {
                if let Some(token) = &self.token {
                    let bytes = basket::outlive::bytes_of(&products);
                    let dir = self.paths.config_dir.clone();
                    basket::outlive::spawn_check(dir, token.clone(), bytes, self.tx.clone());
                }
                self.basket().ask(BasketRequest::Add(products));
            }
            other => self.basket().ask(other),
        }
    }

    /// Stops a job; whatever it still sends is dropped by `update` as stale.
    pub fn cancel(&mut self, req: ReqId) {
        if let Some((token, _)) = self.jobs.remove(&req) {
            token.cancel();
        }
    }

    /// Stops everything (on exit).
    pub fn cancel_all(&mut self) {
        if let Some(b) = &self.basket {
            b.stop();
        }
        for (_, (token, task)) in self.jobs.drain() {
            token.cancel();
            task.abort();
        }
    }

    fn spawn<F, Fut>(&mut self, req: ReqId, job: F)
    where
        F: FnOnce(UnboundedSender<Msg>, CancellationToken) -> Fut,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let token = CancellationToken::new();
        let fut = IN_JOB.scope(
            (),
            AssertUnwindSafe(job(self.tx.clone(), token.clone())).catch_unwind(),
        );
        let guard = token.clone();
        let tx = self.tx.clone();
        let task = tokio::spawn(async move {
            // Cancellation is checked first, so a cancelled job sends nothing more.
            tokio::select! {
                biased;
                _ = guard.cancelled() => {}
                done = fut => {
                    // A bug in a job must not leave the UI waiting forever.
                    if let Err(payload) = done {
                        let message = panic_text(payload.as_ref());
                        tracing::error!(req = req.0, "a job panicked: {message}");
                        crate::panic_note::record(&message);
                        let _ = tx.send(Msg::JobFailed { req, message });
                    }
                }
            }
        });
        self.jobs.insert(req, (token, task));
    }

    fn schedule(&self, after_ms: u64, timer: Timer) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(after_ms)).await;
            let _ = tx.send(Msg::Timer(timer));
        });
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.cancel_all();
    }
}
