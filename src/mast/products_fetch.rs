//! Product lists for many observations: a few obsids per `Mast.Caom.Products` request
//! (MAST's advice: big joins time out server-side), several requests in flight, the batch
//! size adapting to how the server copes.
//!
//! Adaptation, much like TCP congestion control: the first batches are the size MAST
//! recommends (`batch_size`); a batch answered well inside the call timeout lets new batches
//! grow to what that pace predicts would take a quarter of the timeout, never past
//! `max_batch`. Each request pays a round trip of its own, so once the server has shown it
//! copes, fewer and larger requests finish sooner. A batch that times out or gets a 5xx is
//! split in two and retried, and the batch size for new work halves.
//!
//! The observations left are cut into equal chunks, a whole number of them per lane, so that
//! the requests in flight end together rather than one straggler finishing alone.
use std::collections::{HashSet, VecDeque};
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio_util::sync::CancellationToken;

use super::batch_plan::BatchPlan;
use super::client::MastClient;
use super::error::MastError;
use super::http::sleep_or_cancel;
use super::products::ProductList;
use super::request::InvokeRequest;
use super::response::PagingBound;
use super::retry::random_u64;
use super::table::Table;

/// Observations per products request at first: MAST's advice for joins that do not time out.
pub const DEFAULT_BATCH: usize = 5;
/// The most observations one request may grow to while the server answers quickly.
pub const DEFAULT_MAX_BATCH: usize = 32;
/// Requests in flight: MAST's join cost grows with each request's observations, so
/// parallel small batches are what make long lists fast; 8 keeps one user's load modest.
pub const DEFAULT_IN_FLIGHT: usize = 8;

/// Batching knobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductFetchOptions {
    /// Observations per request at first (and again after the server struggled).
    pub batch_size: usize,
    /// Requests at once.
    pub max_in_flight: usize,
    /// Smallest batch after repeated failures.
    pub min_batch: usize,
    /// How large batches may grow while the server answers well inside the call timeout.
    pub max_batch: usize,
    /// Rows per page of each request.
    pub pagesize: u64,
}

impl Default for ProductFetchOptions {
    fn default() -> Self {
        ProductFetchOptions {
            batch_size: DEFAULT_BATCH,
            max_in_flight: DEFAULT_IN_FLIGHT,
            min_batch: 1,
            max_batch: DEFAULT_MAX_BATCH,
            pagesize: 50_000,
        }
    }
}

/// One landed batch: every product row of these observations (duplicates across batches
/// are the caller's, or `ProductList`'s, to merge).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductBatch {
    pub obsids: Vec<i64>,
    pub table: Table,
    /// Observations whose products have landed, this batch included.
    pub done_observations: usize,
    pub total_observations: usize,
}

/// How a product fetch went.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductFetchSummary {
    pub observations: usize,
    /// Batches delivered.
    pub batches: usize,
    /// Product rows delivered, duplicates included.
    pub rows: u64,
    /// Times a failing batch was split or re-queued.
    pub retried_batches: usize,
    /// The batch size at the end (smaller than asked when the server struggled).
    pub final_batch_size: usize,
}

/// Obsids waiting for a request, with how often they already failed.
struct Chunk {
    obsids: Vec<i64>,
    failures: u32,
}

/// The service's parameter: one comma-joined string of obsids.
fn products_params(obsids: &[i64]) -> serde_json::Value {
    let list: Vec<String> = obsids.iter().map(i64::to_string).collect();
    serde_json::json!({ "obsid": list.join(",") })
}

/// Worth splitting the batch: the server choked on its size (timeouts, 5xx, dropped links).
fn is_overload(e: &MastError) -> bool {
    match e {
        MastError::Timeout { .. } | MastError::Network { .. } => true,
        MastError::Http { status, .. } => *status >= 500,
        _ => false,
    }
}

/// Names the observations in a transport error, so the final message says which failed.
fn describe(e: MastError, obsids: &[i64]) -> MastError {
    let list: Vec<String> = obsids.iter().take(10).map(i64::to_string).collect();
    let more = if obsids.len() > 10 { ", ..." } else { "" };
    let what = format!("products of observation(s) {}{more}", list.join(","));
    match e {
        MastError::Http { status, body, .. } => MastError::Http { status, what, body },
        MastError::Network { message, .. } => MastError::Network { what, message },
        MastError::Timeout { after, .. } => MastError::Timeout { what, after },
        MastError::Protocol { message, .. } => MastError::Protocol { what, message },
        MastError::Server { service, msg } => MastError::Server {
            service,
            msg: format!("{msg} ({what})"),
        },
        other => other,
    }
}

impl MastClient {
    /// Every page of the products of `obsids` (one request, paged).
    async fn fetch_batch(
        &self,
        obsids: &[i64],
        pagesize: u64,
        cancel: &CancellationToken,
    ) -> Result<Table, MastError> {
        let req = InvokeRequest::new("Mast.Caom.Products", products_params(obsids))
            .with_pagesize(pagesize);
        let mut table: Option<Table> = None;
        let mut bound = PagingBound::default();
        self.invoke_all(req, cancel, &mut |info, resp| {
            let more = bound.more(info.page, info.pages, resp.table.rows());
            match &mut table {
                None => table = Some(resp.table),
                Some(t) => t.append(&resp.table),
            }
            if more {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(())
            }
        })
        .await?;
        Ok(table.unwrap_or_default())
    }

    /// The product rows of `obsids` (duplicates in the input are asked once), in batches
    /// handed to `on_batch` as they land. A batch that still fails after splitting and
    /// retrying fails the whole call; batches already delivered stay delivered.
    pub async fn fetch_products(
        &self,
        obsids: &[i64],
        opts: &ProductFetchOptions,
        cancel: &CancellationToken,
        on_batch: &mut (dyn FnMut(ProductBatch) + Send),
    ) -> Result<ProductFetchSummary, MastError> {
        let mut seen = HashSet::new();
        let mut pending: VecDeque<i64> =
            obsids.iter().copied().filter(|o| seen.insert(*o)).collect();
        let total = pending.len();
        let min_batch = opts.min_batch.max(1);
        let in_flight_max = opts.max_in_flight.max(1);
        let mut plan = BatchPlan::new(opts.batch_size, min_batch, opts.max_batch, in_flight_max);
        let max_failures = self.policy().max_attempts.max(1);
        let call_timeout = self.policy().call_timeout;
        // Each batch gets one quick retry inside; beyond that, splitting is the better cure.
        let mut batch_policy = self.policy().clone();
        batch_policy.max_attempts = batch_policy.max_attempts.min(2);
        let batch_client = self.clone().with_policy(batch_policy);

        let mut summary = ProductFetchSummary {
            observations: total,
            final_batch_size: plan.size(),
            ..Default::default()
        };
        let mut retry: VecDeque<Chunk> = VecDeque::new();
        let mut done = 0usize;
        let mut in_flight = FuturesUnordered::new();
        loop {
            while in_flight.len() < in_flight_max {
                let chunk = match retry.pop_front() {
                    Some(c) => c,
                    None if !pending.is_empty() => {
                        let n = plan.take(pending.len());
                        Chunk {
                            obsids: pending.drain(..n).collect(),
                            failures: 0,
                        }
                    }
                    None => break,
                };
                let client = &batch_client;
                let pagesize = opts.pagesize.max(1);
                in_flight.push(async move {
                    // A batch failing again (its inner retry spent) backs off before the next
                    // try, so a rate-limited or struggling server is not asked again at once.
                    if chunk.failures > 0 {
                        let delay = client.policy().backoff(chunk.failures, random_u64());
                        if let Err(e) = sleep_or_cancel(delay, cancel).await {
                            return (chunk, Err(e), Duration::ZERO);
                        }
                    }
                    let started = Instant::now();
                    let r = client.fetch_batch(&chunk.obsids, pagesize, cancel).await;
                    (chunk, r, started.elapsed())
                });
            }
            let next = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(MastError::Cancelled),
                n = in_flight.next() => n,
            };
            let Some((mut chunk, result, took)) = next else {
                break;
            };
            match result {
                Ok(table) => {
                    done += chunk.obsids.len();
                    plan.on_success(chunk.obsids.len(), took, call_timeout);
                    summary.batches += 1;
                    summary.rows += table.rows() as u64;
                    on_batch(ProductBatch {
                        obsids: chunk.obsids,
                        table,
                        done_observations: done,
                        total_observations: total,
                    });
                }
                Err(MastError::Cancelled) => return Err(MastError::Cancelled),
                Err(e) if e.is_transient() => {
                    chunk.failures += 1;
                    if chunk.failures >= max_failures {
                        return Err(describe(e, &chunk.obsids));
                    }
                    summary.retried_batches += 1;
                    if is_overload(&e) {
                        plan.on_overload();
                    }
                    if is_overload(&e) && chunk.obsids.len() > min_batch {
                        let second = chunk.obsids.split_off(chunk.obsids.len() / 2);
                        retry.push_front(Chunk {
                            obsids: second,
                            failures: chunk.failures,
                        });
                        retry.push_front(chunk);
                    } else {
                        // Rate limited, or already as small as allowed: same batch again.
                        retry.push_back(chunk);
                    }
                }
                Err(e) => return Err(describe(e, &chunk.obsids)),
            }
        }
        summary.final_batch_size = plan.size();
        Ok(summary)
    }

    /// All products of `obsids` merged and de-duplicated on dataURI.
    pub async fn fetch_product_list(
        &self,
        obsids: &[i64],
        opts: &ProductFetchOptions,
        cancel: &CancellationToken,
    ) -> Result<ProductList, MastError> {
        let mut list = ProductList::new();
        self.fetch_products(obsids, opts, cancel, &mut |batch| {
            list.merge(batch.table);
        })
        .await?;
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obsids_are_one_comma_joined_string() {
        assert_eq!(
            products_params(&[2003738726, 2003738727]),
            serde_json::json!({"obsid": "2003738726,2003738727"})
        );
    }

    #[test]
    fn overload_is_what_splitting_can_cure() {
        let t = MastError::Timeout {
            what: "x".into(),
            after: Duration::from_secs(1),
        };
        assert!(is_overload(&t));
        let h = |status| MastError::Http {
            status,
            what: "x".into(),
            body: String::new(),
        };
        assert!(is_overload(&h(503)));
        assert!(!is_overload(&h(429)));
        assert!(!is_overload(&MastError::Cancelled));
    }

    #[test]
    fn errors_name_the_observations() {
        let e = describe(
            MastError::Http {
                status: 502,
                what: "Mast.Caom.Products".into(),
                body: String::new(),
            },
            &[1, 2, 3],
        );
        assert!(
            e.to_string().contains("products of observation(s) 1,2,3"),
            "{e}"
        );
    }
}
