//! A search bigger than one query: MAST resets a query matching more than about 500,000
//! rows, so such a search is split into `t_min` ranges chosen from counts (halving a range
//! until each part fits), the parts fetched one after another and de-duplicated on `obsid`.
//! `t_min` is a continuous column MAST ranges over; rows without one cannot be reached by
//! any range and are counted as left out, never silently dropped.
use std::collections::HashSet;
use std::ops::ControlFlow;

use tokio_util::sync::CancellationToken;

use super::client::{Ahead, MastClient};
use super::criteria::{Filter, OPEN_MAX, OPEN_MIN};
use super::error::MastError;
use super::request::InvokeRequest;
use super::response::InvokeResponse;
use super::search::{Opening, PageCut, Plan, SearchPage, Streamed, read_count, strict_count};

/// The column a split ranges over.
pub const SPLIT_COLUMN: &str = "t_min";
/// Where halving starts when the search does not bound `t_min` (MJD; every observation
/// MAST holds lies well inside).
const MJD_LOW: f64 = 0.0;
const MJD_HIGH: f64 = 100_000.0;
/// How long the first page has to announce its total before the count is asked too.
const COUNT_AFTER: std::time::Duration = std::time::Duration::from_millis(1500);
/// Count requests one split may make before giving up (each halving costs one).
const MAX_COUNTS: usize = 400;

/// One part of a split search: `t_min` in `min..=max`, about `rows` rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part {
    pub min: f64,
    pub max: f64,
    pub rows: u64,
}

/// How a split search went.
pub(crate) struct SplitOutcome {
    pub parts: u64,
    pub left_out: u64,
    pub streamed: Streamed,
}

/// Halves `[min, max]` in the middle of its finite span; `None` when it cannot be halved.
fn halve(min: f64, max: f64) -> Option<(f64, f64)> {
    let lo = if min <= OPEN_MIN {
        MJD_LOW.min(max)
    } else {
        min
    };
    let hi = if max >= OPEN_MAX {
        MJD_HIGH.max(min)
    } else {
        max
    };
    let mid = lo + (hi - lo) / 2.0;
    // The left half is min..=mid, the right one next_up(mid)..=max: no row in both.
    let right = mid.next_up();
    (mid.is_finite() && mid >= min && right <= max).then_some((mid, right))
}

impl Plan {
    /// This plan restricted to `t_min` in `min..=max`, through a service that takes filters.
    fn with_t_min(&self, min: f64, max: f64) -> Plan {
        let mut filters: Vec<Filter> = self
            .filters
            .iter()
            .filter(|f| !matches!(f, Filter::Range { param, .. } if param == SPLIT_COLUMN))
            .cloned()
            .collect();
        filters.push(Filter::Range {
            param: SPLIT_COLUMN.to_string(),
            min,
            max,
        });
        Plan {
            service: if self.position.is_some() {
                "Mast.Caom.Filtered.Position"
            } else {
                "Mast.Caom.Filtered"
            },
            position: self.position,
            filters,
            resolved: None,
        }
    }

    /// The `t_min` bounds the search itself sets (open when it sets none).
    fn t_min_bounds(&self) -> (f64, f64) {
        self.filters
            .iter()
            .find_map(|f| match f {
                Filter::Range { param, min, max } if param == SPLIT_COLUMN => Some((*min, *max)),
                _ => None,
            })
            .unwrap_or((OPEN_MIN, OPEN_MAX))
    }
}

impl MastClient {
    /// The first page of `req`, and its count when the page is slow or fails: a first page
    /// that announces a total within `cap` settles it (the count is dropped or never sent);
    /// otherwise the count decides, since MAST resets a query above its cap instead of
    /// answering. A failed
    /// count never fails the search: the first page says what is wrong, if anything is.
    pub(crate) async fn open_capped(
        &self,
        plan: &Plan,
        req: &InvokeRequest,
        cap: u64,
        cancel: &CancellationToken,
    ) -> Result<Opening, MastError> {
        // A side question: its retries are not announced to the person.
        let quiet = self.quiet();
        let count_req = plan.count_request();
        // Most first pages come quickly and announce their total: the count is asked only
        // when the first page is slow (a big query) or fails (MAST's reset), sparing the
        // server a second scan for every search.
        let page_failed = tokio::sync::Notify::new();
        let count = async {
            tokio::select! {
                _ = tokio::time::sleep(COUNT_AFTER) => {}
                _ = page_failed.notified() => {}
            }
            quiet.invoke_page(&count_req, cancel).await
        };
        let page = self.invoke_page(req, cancel);
        tokio::pin!(count, page);
        let landed_page =
            |r: Result<InvokeResponse, MastError>| Opening::First(Ahead::spawn(async move { r }));
        let mut landed: Option<Result<InvokeResponse, MastError>> = None;
        loop {
            tokio::select! {
                r = &mut page, if landed.is_none() => {
                    let within = matches!(&r, Ok(resp)
                        if resp.paging.is_some_and(|p| p.rows_filtered <= cap));
                    if within {
                        return Ok(landed_page(r));
                    }
                    page_failed.notify_one();
                    landed = Some(r);
                }
                c = &mut count => {
                    let total = match c {
                        Ok(resp) => strict_count(&resp.table),
                        Err(MastError::Cancelled) => return Err(MastError::Cancelled),
                        Err(_) => None,
                    };
                    if let Some(total) = total.filter(|n| *n > cap) {
                        return Ok(Opening::Over(total));
                    }
                    let r = match landed.take() {
                        Some(r) => r,
                        None => page.await,
                    };
                    return Ok(landed_page(r));
                }
            }
        }
    }

    async fn count_plan(&self, plan: &Plan, cancel: &CancellationToken) -> Result<u64, MastError> {
        let req = plan.count_request();
        let resp = self.invoke_page(&req, cancel).await?;
        read_count(&resp.table).ok_or_else(|| MastError::Protocol {
            what: format!("{} count", req.service),
            message: "the answer holds no count (expected one row with Column1)".into(),
        })
    }

    /// The parts of a search of `total` rows, each at most `cap` rows, in `t_min` order,
    /// and how many rows no part reaches (no `t_min`).
    pub(crate) async fn split_parts(
        &self,
        plan: &Plan,
        total: u64,
        cap: u64,
        cancel: &CancellationToken,
    ) -> Result<(Vec<Part>, u64), MastError> {
        let (min, max) = plan.t_min_bounds();
        let covered = self.count_plan(&plan.with_t_min(min, max), cancel).await?;
        let left_out = total.saturating_sub(covered);
        let mut parts = Vec::new();
        let mut todo = vec![Part {
            min,
            max,
            rows: covered,
        }];
        let mut counts = 1;
        while let Some(p) = todo.pop() {
            if p.rows <= cap {
                if p.rows > 0 {
                    parts.push(p);
                }
                continue;
            }
            let Some((mid, right)) = halve(p.min, p.max).filter(|_| counts < MAX_COUNTS) else {
                return Err(MastError::Protocol {
                    what: "a search split by t_min".into(),
                    message: format!(
                        "{} rows share t_min {}..{}, more than the server answers in one \
                         query ({cap}); narrow the search",
                        p.rows, p.min, p.max
                    ),
                });
            };
            let left = self
                .count_plan(&plan.with_t_min(p.min, mid), cancel)
                .await?;
            counts += 1;
            // Last in, first out: the lower half is settled first, so parts come in order.
            todo.push(Part {
                min: right,
                max: p.max,
                rows: p.rows.saturating_sub(left),
            });
            todo.push(Part {
                min: p.min,
                max: mid,
                rows: left,
            });
        }
        Ok((parts, left_out))
    }

    /// Fetches a search of `total` rows (more than the policy's row cap) in parts, each
    /// handed over page by page in `t_min` order with pages numbered across the whole.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn search_in_parts(
        &self,
        plan: &Plan,
        columns: &str,
        total: u64,
        pagesize: u64,
        limit: Option<u64>,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(SearchPage) -> ControlFlow<()> + Send),
    ) -> Result<SplitOutcome, MastError> {
        let cap = self.policy().row_cap;
        let (parts, left_out) = self.split_parts(plan, total, cap, cancel).await?;
        self.http().notice(&format!(
            "{total} rows are more than MAST answers in one query ({cap}): fetching them in \
             {} parts by {SPLIT_COLUMN}{}",
            parts.len(),
            if left_out > 0 {
                format!(
                    "; {left_out} rows without a {SPLIT_COLUMN} cannot be reached and are left out"
                )
            } else {
                String::new()
            }
        ));
        // Each part is walked as this cut says (its own limit aside), so the pages are
        // counted by the same steps.
        let every_part = PageCut {
            project: None,
            limit,
            unique: Some("obsid"),
            ramp: true,
        };
        let steps = every_part.plan().steps(pagesize);
        let pages_total: u64 = parts.iter().map(|p| steps.count(p.rows)).sum();
        let mut seen = HashSet::new();
        let mut out = Streamed {
            rows_filtered: total,
            complete: true,
            ..Streamed::default()
        };
        let mut stopped = false;
        for part in &parts {
            let left = limit.map(|l| l.saturating_sub(out.rows));
            if left == Some(0) || stopped {
                out.complete = false;
                break;
            }
            let part_plan = plan.with_t_min(part.min, part.max);
            let req = InvokeRequest::new(part_plan.service, part_plan.params(columns))
                .with_pagesize(pagesize);
            let cut = PageCut {
                limit: left,
                ..every_part
            };
            let before = out.pages_fetched;
            let streamed = self
                .stream_pages_from(
                    req,
                    &cut,
                    None,
                    &mut seen,
                    cancel,
                    &mut |t| t,
                    &mut |mut p| {
                        p.page += before;
                        p.pages = pages_total.max(p.page);
                        p.rows_filtered = total;
                        let flow = on_page(p);
                        stopped |= flow.is_break();
                        flow
                    },
                )
                .await?;
            out.rows += streamed.rows;
            out.pages_fetched += streamed.pages_fetched;
            out.repeated += streamed.repeated;
            out.complete &= streamed.complete;
        }
        out.complete &= left_out == 0 && !stopped;
        Ok(SplitOutcome {
            parts: parts.len() as u64,
            left_out,
            streamed: out,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_cover_the_range_once() {
        let (mid, right) = halve(OPEN_MIN, OPEN_MAX).unwrap();
        assert_eq!(mid, 50_000.0);
        assert!(right > mid);
        let (mid, right) = halve(58_000.0, 59_000.0).unwrap();
        assert_eq!((mid, right), (58_500.0, 58_500.0f64.next_up()));
        // Open ends halve within the MJDs MAST holds.
        let (mid, _) = halve(OPEN_MIN, 40_000.0).unwrap();
        assert_eq!(mid, 20_000.0);
        assert!(halve(58_000.0, 58_000.0).is_none());
    }
}
