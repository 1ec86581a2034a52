//! Runs `Cmd`s on tokio tasks and answers with `Msg`s carrying the request id. Nothing here
//! blocks the caller: every command is spawned, and CPU-heavy view work goes to
//! `spawn_blocking`.
pub mod basket;
mod open;
mod products;
mod search;
mod view;

use std::collections::HashMap;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::app::msg::Timer;
use crate::app::{Cmd, Msg, ReqId};
use crate::mast::client::MastClient;

pub struct Worker {
    client: MastClient,
    tx: UnboundedSender<Msg>,
    jobs: HashMap<ReqId, (CancellationToken, JoinHandle<()>)>,
}

impl Worker {
    pub fn new(client: MastClient, tx: UnboundedSender<Msg>) -> Worker {
        Worker {
            client,
            tx,
            jobs: HashMap::new(),
        }
    }

    /// Starts a command; returns at once.
    pub fn run(&mut self, cmd: Cmd) {
        self.jobs.retain(|_, (_, task)| !task.is_finished());
        match cmd {
            Cmd::Cancel(req) => self.cancel(req),
            Cmd::Schedule { after_ms, timer } => self.schedule(after_ms, timer),
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
                self.spawn(req, move |tx, cancel| {
                    search::run(client, req, criteria, pagesize, tx, cancel)
                });
            }
            Cmd::Products { req, obsids } => {
                let client = self.client.clone();
                self.spawn(req, move |tx, cancel| {
                    products::run(client, req, obsids, tx, cancel)
                });
            }
            Cmd::ComputeView { req, job } => {
                self.spawn(req, move |tx, cancel| view::run(req, *job, tx, cancel));
            }
            Cmd::OpenUrl { url } => {
                tokio::spawn(open::run(url, self.tx.clone()));
            }
            // The download basket (issue 5) takes these; until it does, nothing to run.
            Cmd::AddToBasket { .. } => {}
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
        let fut = job(self.tx.clone(), token.clone());
        let guard = token.clone();
        let task = tokio::spawn(async move {
            // Cancellation is checked first, so a cancelled job sends nothing more.
            tokio::select! {
                biased;
                _ = guard.cancelled() => {}
                _ = fut => {}
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
