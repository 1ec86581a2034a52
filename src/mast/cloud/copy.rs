//! MAST's cloud copy as one run reaches it: the bucket, and the keys the path lookup gave
//! so far. Lookups go out 50 URIs a call, a few calls at once, and each answer is kept for
//! the run, so a file is looked up once however often it is queued, retried or listed.
//! A bucket that never answered is given up on for the run, so that a wrong or unreachable
//! endpoint costs one file's retries, not every file's.
use std::collections::HashMap;
use std::sync::Mutex;

use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;

use super::bucket::CloudBucket;
use super::path_lookup::{CloudKey, URIS_PER_LOOKUP, path_lookup};
use crate::mast::client::MastClient;
use crate::mast::error::MastError;

/// Path lookups in flight at once.
const LOOKUPS_IN_FLIGHT: usize = 4;

#[derive(Debug)]
pub struct CloudCopy {
    pub bucket: CloudBucket,
    keys: Mutex<HashMap<String, CloudKey>>,
    /// Why the bucket is not asked any more, once it failed without ever answering.
    down: Mutex<Option<String>>,
}

impl CloudCopy {
    pub fn new(bucket: CloudBucket) -> CloudCopy {
        CloudCopy {
            bucket,
            keys: Mutex::new(HashMap::new()),
            down: Mutex::new(None),
        }
    }

    /// Why the bucket is no longer asked this run, if it is not.
    pub fn down(&self) -> Option<String> {
        self.down.lock().ok()?.clone()
    }

    /// After a fetch from the bucket failed: when the bucket never answered at all
    /// (refused, unknown host, timeouts), the rest of the run goes to MAST directly. (The
    /// file that found out carries the whole error; the others say this much.)
    pub fn failed(&self) {
        if self.bucket.http.has_answered() {
            return;
        }
        if let Ok(mut down) = self.down.lock() {
            down.get_or_insert_with(|| {
                format!(
                    "the cloud copy at {} did not answer; not asked again this run",
                    self.bucket.base_url()
                )
            });
        }
    }

    /// What the lookup said of `uri`, if it was asked.
    pub fn key(&self, uri: &str) -> Option<CloudKey> {
        self.keys.lock().ok()?.get(uri).cloned()
    }

    /// True when `uri` was not looked up yet.
    pub fn unknown(&self, uri: &str) -> bool {
        self.keys.lock().is_ok_and(|k| !k.contains_key(uri))
    }

    /// Looks up every URI of `uris` not asked before. A call that fails (after the client's
    /// retries) marks its URIs absent for the run, with the reason, and its error is
    /// returned once all calls are done; the others' answers are kept.
    pub async fn resolve(
        &self,
        client: &MastClient,
        uris: &[String],
        cancel: &CancellationToken,
    ) -> Result<(), MastError> {
        let mut todo: Vec<String> = uris.iter().filter(|u| self.unknown(u)).cloned().collect();
        todo.sort_unstable();
        todo.dedup();
        // Owned batches: a future borrowing slices of `todo` would not be Send for every
        // lifetime, which the basket's spawned tasks need.
        let batches: Vec<Vec<String>> = todo.chunks(URIS_PER_LOOKUP).map(<[_]>::to_vec).collect();
        let calls = batches.into_iter().map(|batch| async move {
            let answer = path_lookup(client, &batch, cancel).await;
            (batch, answer)
        });
        let mut answers = futures_util::stream::iter(calls).buffer_unordered(LOOKUPS_IN_FLIGHT);
        let mut first_error = None;
        while let Some((batch, answer)) = answers.next().await {
            let found = match answer {
                Ok(found) => found,
                Err(MastError::Cancelled) => return Err(MastError::Cancelled),
                Err(e) => {
                    let why = format!("the path lookup failed: {e}");
                    first_error.get_or_insert(e);
                    vec![CloudKey::Absent(why); batch.len()]
                }
            };
            if let Ok(mut keys) = self.keys.lock() {
                keys.extend(batch.iter().cloned().zip(found));
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}
