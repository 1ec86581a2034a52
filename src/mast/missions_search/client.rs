//! The missions search requests: the column list, searches paged with `offset` (batches of
//! at most 100 positions, pages of at most 5,000 rows) streamed to the caller, counts, and
//! product lists in batches of 1,000 datasets. Limits are walked, never silently cut: a
//! search stops early only where the caller's `limit` says, and the summary says so.
use std::collections::HashSet;
use std::ops::ControlFlow;

use reqwest::{Method, Url};
use tokio_util::sync::CancellationToken;

use super::answer::{SearchAnswer, parse_search_answer};
use super::catalog::{MissionApi, mission};
use super::columns::MissionColumns;
use super::products::{append_products, parse_products};
use super::query::MissionQuery;
use super::{MAX_DATASETS_PER_REQUEST, MAX_ROWS_PER_REQUEST, MAX_TARGETS_PER_REQUEST};
use crate::mast::client::MastClient;
use crate::mast::coords::SkyCoord;
use crate::mast::criteria::Target;
use crate::mast::error::{InputError, MastError};
use crate::mast::http::{Encoding, HttpRequest, deadline_after};
use crate::mast::name_lookup::ResolvedName;
use crate::mast::table::Table;

/// How a missions search went.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MissionSummary {
    /// Rows handed to the caller.
    pub rows: u64,
    /// Rows MAST says match (summed over batches of positions).
    pub total: u64,
    /// Requests sent.
    pub requests: u64,
    /// Every matching row was delivered.
    pub complete: bool,
    /// The caller's limit stopped it before `total`.
    pub capped: bool,
    /// Names resolved to positions, in order.
    pub resolved: Vec<ResolvedName>,
    /// What MAST said besides the rows.
    pub messages: Vec<String>,
}

fn endpoint(base: &str, path: &str) -> Result<Url, MastError> {
    Url::parse(&format!("{}{path}", base.trim_end_matches('/'))).map_err(|e| MastError::Protocol {
        what: path.to_string(),
        message: e.to_string(),
    })
}

impl MastClient {
    /// `GET BASE/search/util/api/v0.1/column_list?mission=..`.
    pub async fn mission_columns(
        &self,
        mission_name: &str,
        cancel: &CancellationToken,
    ) -> Result<MissionColumns, MastError> {
        let m = mission(mission_name).map_err(|e| InputError::new("mission", e))?;
        let mut url = endpoint(self.base_url(), "/search/util/api/v0.1/column_list")?;
        url.query_pairs_mut().append_pair("mission", m.name);
        let req = HttpRequest {
            method: Method::GET,
            url,
            body: None,
            what: format!("{} column list", m.name),
        };
        let deadline = deadline_after(self.policy().deadline);
        self.http()
            .fetch_as(
                &req,
                Encoding::Json,
                deadline,
                cancel,
                &MissionColumns::from_json,
            )
            .await
    }

    /// The positions of `targets`: coordinates as given, names through MAST's resolver.
    async fn positions(
        &self,
        targets: &[Target],
        cancel: &CancellationToken,
    ) -> Result<(Vec<SkyCoord>, Vec<ResolvedName>), MastError> {
        let mut out = Vec::with_capacity(targets.len());
        let mut resolved = Vec::new();
        for t in targets {
            match t {
                Target::Coords(c) => out.push(*c),
                Target::Name(n) => {
                    let r = self.resolve_name(n, cancel).await?;
                    out.push(SkyCoord {
                        ra: r.ra,
                        dec: r.dec,
                    });
                    resolved.push(r);
                }
            }
        }
        Ok((out, resolved))
    }

    /// One search request.
    async fn mission_request(
        &self,
        m: &MissionApi,
        body: &serde_json::Value,
        page: u64,
        cancel: &CancellationToken,
    ) -> Result<SearchAnswer, MastError> {
        let req = HttpRequest {
            method: Method::POST,
            url: endpoint(
                self.base_url(),
                &format!("/search/{}/api/v0.1/search", m.name),
            )?,
            body: Some(body.to_string()),
            what: if page > 1 {
                format!("{} search (page {page})", m.name)
            } else {
                format!("{} search", m.name)
            },
        };
        let deadline = deadline_after(self.policy().deadline);
        self.http()
            .fetch_as(&req, Encoding::Json, deadline, cancel, &parse_search_answer)
            .await
    }

    /// Validates `q` against the mission's columns (before any search request), resolves
    /// its names, then streams every page to `on_page` (break to stop).
    pub async fn mission_search(
        &self,
        q: &MissionQuery,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(Table) -> ControlFlow<()> + Send),
    ) -> Result<MissionSummary, MastError> {
        self.mission_search_counted(q, cancel, &mut |table, _| on_page(table))
            .await
    }

    /// `mission_search`, each page handed over with the rows MAST has announced so far
    /// (summed over the batches of positions begun): what a progress line shows.
    pub async fn mission_search_counted(
        &self,
        q: &MissionQuery,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(Table, u64) -> ControlFlow<()> + Send),
    ) -> Result<MissionSummary, MastError> {
        let m = mission(&q.mission).map_err(|e| InputError::new("mission", e))?;
        let cols = self.mission_columns(m.name, cancel).await?;
        q.check(&cols)?;
        let (positions, resolved) = self.positions(&q.targets, cancel).await?;
        let mut summary = MissionSummary {
            resolved,
            complete: true,
            ..Default::default()
        };
        if q.limit == Some(0) {
            return Ok(summary);
        }
        let batches: Vec<&[SkyCoord]> = if positions.is_empty() {
            vec![&[]]
        } else {
            positions.chunks(MAX_TARGETS_PER_REQUEST).collect()
        };
        'batches: for batch in batches {
            let mut offset = 0u64;
            let mut announced: Option<u64> = None;
            loop {
                let left = q.limit.map_or(u64::MAX, |l| l - summary.rows);
                let ask = left.min(MAX_ROWS_PER_REQUEST);
                let body = q.body(&cols, batch, offset, ask);
                let answer = self
                    .mission_request(m, &body, offset / MAX_ROWS_PER_REQUEST + 1, cancel)
                    .await?;
                summary.requests += 1;
                for msg in answer.messages {
                    if !summary.messages.contains(&msg) {
                        summary.messages.push(msg);
                    }
                }
                let rows = answer.table.rows() as u64;
                // The count the first page announced bounds the paging: a server whose
                // count grows cannot keep it going for ever.
                let total = *announced.get_or_insert(answer.total.unwrap_or(offset + rows));
                if offset == 0 {
                    summary.total += total;
                }
                let mut table = answer.table;
                if rows > left {
                    let keep: Vec<usize> = (0..left as usize).collect();
                    table = table.select_rows(&keep);
                }
                let delivered = table.rows() as u64;
                summary.rows += delivered;
                offset += rows;
                if delivered > 0 && on_page(table, summary.total).is_break() {
                    summary.complete = false;
                    break 'batches;
                }
                if q.limit.is_some_and(|l| summary.rows >= l) {
                    if offset < total || summary.total > summary.rows {
                        summary.capped = true;
                        summary.complete = false;
                    }
                    break 'batches;
                }
                if offset >= total {
                    break;
                }
                if rows == 0 {
                    // MAST announced more than it sends: said in the summary, not looped on.
                    summary.complete = false;
                    break;
                }
            }
        }
        if summary.rows < summary.total && !summary.capped {
            summary.complete = false;
        }
        Ok(summary)
    }

    /// How many rows match `q` (`totalResults` of a one-row request per batch).
    pub async fn mission_count(
        &self,
        q: &MissionQuery,
        cancel: &CancellationToken,
    ) -> Result<u64, MastError> {
        let m = mission(&q.mission).map_err(|e| InputError::new("mission", e))?;
        let cols = self.mission_columns(m.name, cancel).await?;
        q.check(&cols)?;
        let (positions, _) = self.positions(&q.targets, cancel).await?;
        let batches: Vec<&[SkyCoord]> = if positions.is_empty() {
            vec![&[]]
        } else {
            positions.chunks(MAX_TARGETS_PER_REQUEST).collect()
        };
        let mut total = 0u64;
        for batch in batches {
            let answer = self
                .mission_request(m, &q.body(&cols, batch, 0, 1), 1, cancel)
                .await?;
            total += answer.total.ok_or_else(|| MastError::Protocol {
                what: format!("{} search", m.name),
                message: "the answer has no totalResults".into(),
            })?;
        }
        Ok(total)
    }

    /// The files of `datasets` (de-duplicated, 1,000 per request), each file once (by name,
    /// as astroquery de-duplicates), in the CAOM product columns.
    pub async fn mission_products(
        &self,
        mission_name: &str,
        datasets: &[String],
        cancel: &CancellationToken,
    ) -> Result<Table, MastError> {
        let m = mission(mission_name).map_err(|e| InputError::new("mission", e))?;
        let mut ids: Vec<&str> = Vec::new();
        let mut seen_ids = HashSet::new();
        for d in datasets.iter().map(|d| d.trim()).filter(|d| !d.is_empty()) {
            if seen_ids.insert(d) {
                ids.push(d);
            }
        }
        if ids.is_empty() {
            return Err(InputError::new(
                "--products",
                format!(
                    "give dataset names ({}), e.g. from a search",
                    m.dataset_column
                ),
            )
            .into());
        }
        let url = endpoint(
            self.base_url(),
            &format!("/search/{}/api/v0.1/post_list_products", m.name),
        )?;
        let mut table = Table::default();
        let mut seen = HashSet::new();
        for (i, batch) in ids.chunks(MAX_DATASETS_PER_REQUEST).enumerate() {
            let req = HttpRequest {
                method: Method::POST,
                url: url.clone(),
                body: Some(serde_json::json!({ "dataset_ids": batch }).to_string()),
                what: format!("{} product list (batch {})", m.name, i + 1),
            };
            let deadline = deadline_after(self.policy().deadline);
            let products = self
                .http()
                .fetch_as(&req, Encoding::Json, deadline, cancel, &parse_products)
                .await?;
            append_products(m, &products, &mut table, &mut seen);
        }
        Ok(table)
    }
}
