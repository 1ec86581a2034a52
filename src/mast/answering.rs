//! A page whose rows have started to arrive. MAST builds an answer whole before it sends a
//! byte, so from the first row on the server is only sending: the page walk may ask for
//! another page without adding to the queries the server is working on.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

use super::http::{BodyStream, StreamEnd};
use super::response::InvokeResponse;
use super::response_stream::InvokeStream;

#[derive(Debug, Default)]
pub(crate) struct Answering {
    started: AtomicBool,
    notify: Notify,
}

impl Answering {
    pub(crate) fn has_started(&self) -> bool {
        self.started.load(Ordering::Acquire)
    }

    fn mark(&self) {
        if !self.started.swap(true, Ordering::AcqRel) {
            // Kept as a permit when nobody waits yet.
            self.notify.notify_one();
        }
    }

    /// Until the first row arrives.
    pub(crate) async fn started(&self) {
        if self.has_started() {
            return;
        }
        self.notify.notified().await;
    }
}

/// Until the first of these pages starts answering; never, when there are none.
pub(crate) async fn first_started(pages: &[Arc<Answering>]) {
    if pages.is_empty() {
        return std::future::pending().await;
    }
    let waits = pages.iter().map(|a| Box::pin(a.started()));
    futures_util::future::select_all(waits).await;
}

/// An invoke answer parsed as it arrives that marks `answering` at its first row.
pub(crate) struct AnsweringStream {
    inner: InvokeStream,
    answering: Arc<Answering>,
}

impl AnsweringStream {
    pub(crate) fn new(answering: Arc<Answering>) -> AnsweringStream {
        AnsweringStream {
            inner: InvokeStream::new(),
            answering,
        }
    }
}

impl BodyStream<InvokeResponse> for AnsweringStream {
    fn feed(&mut self, chunk: &[u8]) -> Result<(), String> {
        self.inner.push(chunk)?;
        if self.inner.rows_seen() > 0 {
            self.answering.mark();
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<InvokeResponse, StreamEnd> {
        // Not marked here: an answer without rows may be MAST's EXECUTING, the query
        // still running.
        self.inner.end()
    }
}
