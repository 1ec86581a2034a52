//! A bound on the bulk answers (result pages, product batches) on their way to the UI: a
//! job takes a credit before it sends one and waits while none is left; the UI gives the
//! credits back as it takes the answers in. So a UI slower than the network holds at most
//! this many pages in its queue, and the search stops fetching meanwhile, instead of the
//! queue growing without limit. Small messages (progress, notices, ends) take no credit:
//! they are rate-limited where they are made.
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

/// How many bulk answers may wait for the UI at once.
pub const BULK_IN_QUEUE: usize = 4;

#[derive(Debug, Clone)]
pub struct Credits(Arc<Semaphore>);

impl Credits {
    pub fn new(n: usize) -> Credits {
        Credits(Arc::new(Semaphore::new(n)))
    }

    /// Takes a credit, waiting for the UI if none is left; false when `cancel` fires first.
    /// Called from the synchronous page callbacks inside a job, so it waits on the job's own
    /// worker thread (`block_in_place`), never on the UI's; needs the multi-thread runtime
    /// the browser runs on.
    pub fn take(&self, cancel: &CancellationToken) -> bool {
        if let Ok(p) = self.0.try_acquire() {
            p.forget();
            return true;
        }
        let sem = self.0.clone();
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                tokio::select! {
                    p = sem.acquire() => p.map(|p| p.forget()).is_ok(),
                    _ = cancel.cancelled() => false,
                }
            })
        })
    }

    /// The UI took `n` bulk answers in.
    pub fn give_back(&self, n: usize) {
        if n > 0 {
            self.0.add_permits(n);
        }
    }

    /// Credits left (for tests).
    pub fn available(&self) -> usize {
        self.0.available_permits()
    }
}
