//! `MastClient`: the invoke endpoint with polling and paging, plus the small services around
//! it (columns config, name lookup, mission list, whoami). Every endpoint derives from one
//! base URL, so pointing the client at the simulator (or a mirror) changes nothing else.
use std::collections::VecDeque;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use reqwest::{Method, Url};
use tokio_util::sync::CancellationToken;
use zeroize::Zeroizing;

use super::answering::{Answering, AnsweringStream, first_started};
use super::columns_config::ColumnsConfig;
use super::error::{InputError, MastError};
use super::http::{
    AuthHeader, BodyStream, Encoding, Http, HttpRequest, Parse, deadline_after, sleep_or_cancel,
};
use super::missions::{Mission, parse_missions};
use super::name_lookup::{ResolvedName, lookup_params, parse_lookup};
use super::page_steps::PageSteps;
use super::request::InvokeRequest;
use super::response::{InvokeResponse, Status};
use super::response_stream::InvokeStream;
use super::retry::RetryPolicy;

/// The CAOM columns config every observation search is validated against.
pub const COLUMNS_CONFIG_ID: &str = "Mast.Caom.Cone";

/// Where a page sits in the whole result, as it lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageInfo {
    /// 1-based page just received.
    pub page: u64,
    /// Pages the server says the result has (`pagesFiltered`).
    pub pages: u64,
    /// Rows received so far, this page included.
    pub rows_so_far: u64,
    /// Rows the whole result has (`rowsFiltered`).
    pub rows_filtered: u64,
}

/// How a paged fetch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InvokeSummary {
    pub pages_fetched: u64,
    pub pages: u64,
    pub rows: u64,
    pub rows_filtered: u64,
    /// False when the callback stopped the paging early.
    pub complete: bool,
}

/// How [`MastClient::invoke_pages`] walks a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PagePlan {
    /// Ask for the next pages (the policy's `pages_in_flight`) while the caller handles the
    /// current one.
    pub prefetch: bool,
    /// No page is fetched ahead once this many rows have arrived (the caller's limit).
    pub max_rows: Option<u64>,
    /// Start with a quarter page and double (`page_steps.rs`): the first answer, the one
    /// that says how many pages follow, comes sooner.
    pub ramp: bool,
}

impl PagePlan {
    /// The requests this plan makes for pages of `pagesize` rows.
    pub(crate) fn steps(&self, pagesize: u64) -> PageSteps {
        if self.ramp {
            PageSteps::ramped(pagesize)
        } else {
            PageSteps::flat(pagesize)
        }
    }
}

/// A page being fetched on its own task; dropping it aborts the fetch.
pub(crate) struct Ahead<T: Send + 'static>(tokio::task::JoinHandle<Result<T, MastError>>);

impl<T: Send + 'static> Ahead<T> {
    pub(crate) fn spawn(
        fetch: impl std::future::Future<Output = Result<T, MastError>> + Send + 'static,
    ) -> Ahead<T> {
        Ahead(tokio::spawn(fetch))
    }

    pub(crate) async fn join(mut self) -> Result<T, MastError> {
        self.wait().await
    }

    /// `join` without giving the page up, so that a `select!` may wait on it.
    pub(crate) async fn wait(&mut self) -> Result<T, MastError> {
        match (&mut self.0).await {
            Ok(r) => r,
            Err(e) => Err(MastError::Protocol {
                what: "a page fetched ahead".into(),
                message: e.to_string(),
            }),
        }
    }
}

impl<T: Send + 'static> Drop for Ahead<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A page of a walk on its way, and whether it has started answering (unknown for a first
/// page handed in).
struct Fetching {
    page: Ahead<InvokeResponse>,
    answering: Option<Arc<Answering>>,
}

impl Fetching {
    /// Not answering yet, as far as the walk knows: the server may still be building it.
    fn building(&self) -> bool {
        self.answering.as_ref().is_none_or(|a| !a.has_started())
    }
}

/// A MAST client. Cloning is cheap and clones share the HTTP connection pool and the
/// columns-config cache.
#[derive(Clone)]
pub struct MastClient {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    http: Http,
    base_url: String,
    invoke_url: Url,
    columns_url: Url,
    whoami_url: Url,
    columns: Arc<tokio::sync::OnceCell<Arc<ColumnsConfig>>>,
}

/// Hand-written so that the token never shows: only whether one is set.
impl fmt::Debug for MastClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = match self.inner.http.token {
            AuthHeader::None => "none",
            AuthHeader::Header(_) => "<set>",
            AuthHeader::Invalid => "<set, invalid>",
        };
        f.debug_struct("MastClient")
            .field("base_url", &self.inner.base_url)
            .field("policy", &self.inner.http.policy)
            .field("token", &token)
            .finish()
    }
}

/// An invoke answer kept as raw bytes, for services whose answer is not a table.
struct RawAnswer {
    status: Status,
    msg: String,
    body: Bytes,
}

impl MastClient {
    /// A client for the archive at `base_url` (e.g. `https://mast.stsci.edu`, or the
    /// simulator's `http://127.0.0.1:PORT`). Only http and https are accepted.
    pub fn new(base_url: &str) -> Result<Self, MastError> {
        let trimmed = base_url.trim().trim_end_matches('/');
        let bad = |why: &str| -> MastError {
            InputError::new(
                "base URL",
                format!("{why} (got {trimmed:?}; e.g. https://mast.stsci.edu)"),
            )
            .into()
        };
        let url = Url::parse(trimmed).map_err(|e| bad(&format!("not a URL: {e}")))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(bad("only http and https are supported"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(bad("the URL has no host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(bad(
                "credentials do not belong in the URL; use a MAST token",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(bad("the base URL cannot have a query or fragment"));
        }
        let endpoint =
            |path: &str| Url::parse(&format!("{trimmed}{path}")).map_err(|e| bad(&e.to_string()));
        let inner = Inner {
            http: Http::new(url)?,
            base_url: trimmed.to_string(),
            invoke_url: endpoint("/api/v0/invoke")?,
            columns_url: endpoint("/portal/Mashup/Mashup.asmx/columnsconfig")?,
            whoami_url: endpoint("/whoami")?,
            columns: Arc::new(tokio::sync::OnceCell::new()),
        };
        Ok(MastClient {
            inner: Arc::new(inner),
        })
    }

    /// This client with no one to tell of retries: for side questions whose failure the
    /// caller ignores.
    pub(crate) fn quiet(&self) -> MastClient {
        let mut c = self.clone();
        Arc::make_mut(&mut c.inner).http.notices = None;
        c
    }

    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        Arc::make_mut(&mut self.inner).http.policy = policy;
        self
    }

    /// Where notices for the person go while requests run ("server stalled, retrying").
    pub fn with_notices(mut self, notices: super::http::Notices) -> Self {
        Arc::make_mut(&mut self.inner).http.notices = Some(notices);
        self
    }

    /// Where the base URL came from (`--server`, `MASTUI_SERVER`): named in the message
    /// when the first request finds nothing at that address.
    pub fn with_server_source(mut self, source: impl Into<String>) -> Self {
        Arc::make_mut(&mut self.inner).http.base_source = Some(source.into());
        self
    }

    /// The MAST token as text (`Authorization: token <T>`), read as `auth::Token::new`
    /// reads it (surrounding whitespace ignored, blank text means no token), sent only to
    /// the base URL's host.
    pub fn with_token(self, token: Option<String>) -> Self {
        let text = token.map(Zeroizing::new);
        self.with_header(AuthHeader::from_text(text.as_ref().map(|t| t.as_str())))
    }

    /// The token as `auth` resolved it (`None`: anonymous). Sent only to the base, and only
    /// over https or to a loopback address.
    pub fn with_auth(self, token: Option<&crate::auth::Token>) -> Self {
        self.with_header(AuthHeader::from_token(token))
    }

    fn with_header(mut self, header: AuthHeader) -> Self {
        let http = &mut Arc::make_mut(&mut self.inner).http;
        // Never in clear text across a network: plain http carries it only to loopback.
        http.token = if http.token_allowed() {
            header
        } else {
            AuthHeader::None
        };
        self
    }

    /// False when the base is plain http to a non-loopback host: a token would not be sent.
    pub fn token_allowed(&self) -> bool {
        self.http().token_allowed()
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub fn policy(&self) -> &RetryPolicy {
        &self.inner.http.policy
    }

    pub fn has_token(&self) -> bool {
        self.inner.http.token.is_set()
    }

    pub(crate) fn http(&self) -> &Http {
        &self.inner.http
    }

    fn deadline(&self) -> Instant {
        deadline_after(self.http().policy.deadline)
    }

    /// One page of one invoke request: re-sent unchanged while MAST answers EXECUTING,
    /// transient failures retried, all within the policy's deadline. `status: ERROR`
    /// becomes `MastError::Server` with MAST's message.
    pub async fn invoke_page(
        &self,
        req: &InvokeRequest,
        cancel: &CancellationToken,
    ) -> Result<InvokeResponse, MastError> {
        self.invoke_page_answering(req, cancel, None).await
    }

    /// `invoke_page`, marking `answering` when the page's first row arrives.
    async fn invoke_page_answering(
        &self,
        req: &InvokeRequest,
        cancel: &CancellationToken,
        answering: Option<Arc<Answering>>,
    ) -> Result<InvokeResponse, MastError> {
        // A page is parsed as it arrives: never held whole, and mostly parsed by its last byte.
        let stream = || -> Box<dyn BodyStream<InvokeResponse>> {
            match &answering {
                Some(a) => Box::new(AnsweringStream::new(Arc::clone(a))),
                None => Box::new(InvokeStream::new()),
            }
        };
        let r = self
            .invoke_polling(
                req,
                cancel,
                Parse::Streamed(&stream),
                |r: &InvokeResponse| (r.status.clone(), r.msg.clone()),
            )
            .await?;
        Ok(r)
    }

    /// Every page of `req` (same cacheBreaker), each handed to `on_page` as it lands; the
    /// callback breaks to stop early. Each page has its own deadline.
    pub async fn invoke_all(
        &self,
        req: InvokeRequest,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(PageInfo, InvokeResponse) -> ControlFlow<()> + Send),
    ) -> Result<InvokeSummary, MastError> {
        self.invoke_pages(req, PagePlan::default(), cancel, on_page)
            .await
    }

    /// [`invoke_all`](Self::invoke_all), optionally with the next pages (the policy's
    /// `pages_in_flight`) asked for while the caller handles this one, so that MAST prepares
    /// pages while the last is parsed and printed. Pages are handed over strictly in order;
    /// each has its own retries and deadline; a failed page fails the walk after its retries.
    /// A page is fetched ahead only where the walk would fetch it anyway: within the page
    /// count the first answer announced, after a non-empty page, and before `max_rows`.
    pub async fn invoke_pages(
        &self,
        req: InvokeRequest,
        plan: PagePlan,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(PageInfo, InvokeResponse) -> ControlFlow<()> + Send),
    ) -> Result<InvokeSummary, MastError> {
        self.invoke_pages_from(req, plan, None, cancel, on_page)
            .await
    }

    /// [`invoke_pages`](Self::invoke_pages) whose first page (`req.page`) may already be on
    /// its way.
    pub(crate) async fn invoke_pages_from(
        &self,
        req: InvokeRequest,
        plan: PagePlan,
        first: Option<Ahead<InvokeResponse>>,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(PageInfo, InvokeResponse) -> ControlFlow<()> + Send),
    ) -> Result<InvokeSummary, MastError> {
        let mut summary = InvokeSummary::default();
        let mut page = req.page.max(1);
        let mut announced: Option<u64> = None;
        // Pages page, page+1, ... on their way, in page order: they are handed over in
        // that order whichever lands first, so rows stay in MAST's order.
        let mut ahead: VecDeque<Fetching> = first
            .map(|page| Fetching {
                page,
                answering: None,
            })
            .into_iter()
            .collect();
        let in_flight = if plan.prefetch {
            self.http()
                .policy
                .pages_in_flight
                .clamp(1, super::retry::MAX_PAGES_IN_FLIGHT)
        } else {
            0
        };
        // `page` counts the walk's steps, one request each (`page_steps.rs`); a walk that
        // starts past page 1 goes on in whole pages.
        let mut steps = if page == 1 {
            plan.steps(req.pagesize)
        } else {
            PageSteps::flat(req.pagesize)
        };
        // Rows of the last page landed: pages are fetched ahead only after a non-empty one.
        let mut last_rows = 0;
        loop {
            // Pages already landed are not handed over once the walk is cancelled.
            if cancel.is_cancelled() {
                return Err(MastError::Cancelled);
            }
            let resp = match ahead.pop_front() {
                Some(mut front) => loop {
                    // While this page is awaited, the pages the server has built and is only
                    // sending no longer count: another is asked for, so that the server
                    // always has `in_flight` queries to work on (and never more), with at
                    // most `2 * in_flight` pages on their way in all.
                    let on_way = || std::iter::once(&front).chain(ahead.iter());
                    let unanswered = on_way().filter(|f| f.building()).count();
                    // The marks to wait on (a page without one is awaited only in front).
                    let building: Vec<Arc<Answering>> = on_way()
                        .filter(|f| f.building())
                        .filter_map(|f| f.answering.clone())
                        .collect();
                    let next = page + ahead.len() as u64 + 1;
                    let room = unanswered < in_flight
                        && ahead.len() + 1 < 2 * in_flight
                        && last_rows > 0
                        && announced.is_some_and(|n| next <= n.min(summary.pages))
                        && plan.max_rows.is_none_or(|m| {
                            summary.rows + (steps.start(next) - steps.start(page)) < m
                        });
                    if room {
                        ahead.push_back(self.fetch_ahead(&steps.request(&req, next), cancel));
                        continue;
                    }
                    tokio::select! {
                        r = front.page.wait() => break r?,
                        () = first_started(&building) => {}
                    }
                },
                None => self.invoke_page(&steps.request(&req, page), cancel).await?,
            };
            if page == 1
                && let Some(p) = &resp.paging
            {
                steps = steps.settle(p);
            }
            let rows = resp.table.rows() as u64;
            summary.pages_fetched += 1;
            summary.rows += rows;
            // No paging block: a one-page answer.
            let (pages, rows_filtered) = match resp.paging {
                Some(p) => (
                    steps.announced(page, &p).max(page),
                    p.rows_filtered.max(summary.rows),
                ),
                None => (page, summary.rows),
            };
            summary.pages = pages;
            summary.rows_filtered = rows_filtered;
            let first_count = *announced.get_or_insert(pages);
            // Top up the pages in flight, but only with pages the walk would ask for anyway:
            // within the count the first answer announced, after a non-empty page, and not
            // past `max_rows` counting full pages for those still on their way.
            while rows > 0 && ahead.len() < in_flight {
                let next = page + ahead.len() as u64 + 1;
                let before = summary.rows + (steps.start(next) - steps.start(page + 1));
                if next > first_count.min(pages) || plan.max_rows.is_some_and(|m| before >= m) {
                    break;
                }
                ahead.push_back(self.fetch_ahead(&steps.request(&req, next), cancel));
            }
            last_rows = rows;
            let info = PageInfo {
                page,
                pages,
                rows_so_far: summary.rows,
                rows_filtered,
            };
            // Pages fetched ahead and not wanted any more are aborted as `ahead` drops.
            if on_page(info, resp).is_break() {
                return Ok(summary);
            }
            if page >= pages {
                summary.complete = true;
                return Ok(summary);
            }
            page += 1;
        }
    }

    /// `next`, a later page of a walk, asked for on its own task, marked when it starts
    /// answering.
    fn fetch_ahead(&self, next: &InvokeRequest, cancel: &CancellationToken) -> Fetching {
        let answering = Arc::new(Answering::default());
        let (client, next, cancel) = (self.clone(), next.clone(), cancel.clone());
        let mark = Arc::clone(&answering);
        Fetching {
            page: Ahead::spawn(async move {
                client
                    .invoke_page_answering(&next, &cancel, Some(mark))
                    .await
            }),
            answering: Some(answering),
        }
    }

    /// The CAOM columns config, fetched once per client (clones share it); concurrent
    /// callers wait for the same fetch. A failed or cancelled fetch is not cached.
    pub async fn columns_config(
        &self,
        cancel: &CancellationToken,
    ) -> Result<Arc<ColumnsConfig>, MastError> {
        let cell = &self.inner.columns;
        let init = || async {
            let req = HttpRequest {
                method: Method::POST,
                url: self.inner.columns_url.clone(),
                body: Some(format!("colConfigId={COLUMNS_CONFIG_ID}")),
                what: "columns config".to_string(),
            };
            let parse = |b: &[u8]| ColumnsConfig::from_json(b).map(Arc::new);
            self.http()
                .fetch(&req, self.deadline(), cancel, &parse)
                .await
        };
        tokio::select! {
            biased;
            _ = cancel.cancelled() => Err(MastError::Cancelled),
            r = cell.get_or_try_init(init) => r.cloned(),
        }
    }

    /// Every resolver's answer for `name`, best first; `NotResolved` when none knows it.
    pub async fn resolve_all(
        &self,
        name: &str,
        cancel: &CancellationToken,
    ) -> Result<Vec<ResolvedName>, MastError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(InputError::new("target", "an empty name cannot be resolved").into());
        }
        let req = InvokeRequest::new("Mast.Name.Lookup", lookup_params(name));
        let raw = self.invoke_raw(&req, cancel).await?;
        let found = parse_lookup(&raw.body).map_err(|message| MastError::Protocol {
            what: "Mast.Name.Lookup".into(),
            message,
        })?;
        if found.is_empty() {
            return Err(MastError::NotResolved {
                name: name.to_string(),
            });
        }
        Ok(found)
    }

    /// The first resolver's answer for `name` (`Mast.Name.Lookup`).
    pub async fn resolve_name(
        &self,
        name: &str,
        cancel: &CancellationToken,
    ) -> Result<ResolvedName, MastError> {
        let mut all = self.resolve_all(name, cancel).await?;
        // resolve_all never returns an empty list.
        Ok(all.swap_remove(0))
    }

    /// The collections with their observation counts (`Mast.Caom.All`, format extjs).
    pub async fn missions(&self, cancel: &CancellationToken) -> Result<Vec<Mission>, MastError> {
        let req = InvokeRequest::new("Mast.Caom.All", serde_json::json!({})).with_format("extjs");
        let raw = self.invoke_raw(&req, cancel).await?;
        parse_missions(&raw.body).map_err(|message| MastError::Protocol {
            what: "Mast.Caom.All".into(),
            message,
        })
    }

    /// `GET BASE/whoami`: who the token belongs to (`"anon": true` when it is invalid).
    pub async fn whoami(&self, cancel: &CancellationToken) -> Result<serde_json::Value, MastError> {
        let req = HttpRequest {
            method: Method::GET,
            url: self.inner.whoami_url.clone(),
            body: None,
            what: "whoami".into(),
        };
        let parse =
            |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).map_err(|e| e.to_string());
        self.http()
            .fetch(&req, self.deadline(), cancel, &parse)
            .await
    }

    /// The body of an invoke answer that is not a table (an extjs histogram), polled until
    /// it is no longer EXECUTING; `status: ERROR` becomes `MastError::Server`.
    pub(crate) async fn invoke_bytes(
        &self,
        req: &InvokeRequest,
        cancel: &CancellationToken,
    ) -> Result<Bytes, MastError> {
        Ok(self.invoke_raw(req, cancel).await?.body)
    }

    /// An invoke request whose answer is not a table: polled like any other, kept as bytes.
    async fn invoke_raw(
        &self,
        req: &InvokeRequest,
        cancel: &CancellationToken,
    ) -> Result<RawAnswer, MastError> {
        self.invoke_polling(req, cancel, Parse::Whole(&peek_raw), |r: &RawAnswer| {
            (r.status.clone(), r.msg.clone())
        })
        .await
    }

    /// Sends `req` until its answer is no longer EXECUTING, pausing a little more each time.
    async fn invoke_polling<T>(
        &self,
        req: &InvokeRequest,
        cancel: &CancellationToken,
        parse: Parse<'_, T>,
        status_of: fn(&T) -> (Status, String),
    ) -> Result<T, MastError> {
        let what = if req.page > 1 {
            format!("{} (page {})", req.service, req.page)
        } else {
            req.service.clone()
        };
        let hreq = HttpRequest {
            method: Method::POST,
            url: self.inner.invoke_url.clone(),
            body: Some(req.form_body()),
            what,
        };
        let deadline = self.deadline();
        let mut polls = 0u32;
        loop {
            let answer = self
                .http()
                .fetch_parsed(&hreq, Encoding::Form, deadline, cancel, parse)
                .await?;
            match status_of(&answer) {
                (Status::Complete, _) => return Ok(answer),
                (Status::Error, msg) => {
                    return Err(MastError::Server {
                        service: req.service.clone(),
                        msg,
                    });
                }
                (Status::Executing, _) => {
                    let delay = self.http().policy.poll_delay(polls);
                    polls = polls.saturating_add(1);
                    if delay >= deadline.saturating_duration_since(Instant::now()) {
                        return Err(self.http().deadline_error(&hreq.what));
                    }
                    sleep_or_cancel(delay, cancel).await?;
                }
                (Status::Other(s), _) => {
                    return Err(MastError::Protocol {
                        what: hreq.what.clone(),
                        message: format!("unknown job status {s:?}"),
                    });
                }
            }
        }
    }
}

/// Reads only `status` and `msg` of an answer, keeping the bytes for the service's parser.
fn peek_raw(b: &[u8]) -> Result<RawAnswer, String> {
    #[derive(serde::Deserialize)]
    struct Peek {
        #[serde(default)]
        status: Option<serde_json::Value>,
        #[serde(default)]
        msg: Option<serde_json::Value>,
    }
    let peek: Peek = serde_json::from_slice(b).map_err(|e| e.to_string())?;
    let status = match peek.status.as_ref().and_then(|s| s.as_str()) {
        Some(s) if s.eq_ignore_ascii_case("EXECUTING") => Status::Executing,
        Some(s) if s.eq_ignore_ascii_case("ERROR") => Status::Error,
        // Name lookup answers `"status": ""`; the extjs answer may have none.
        _ => Status::Complete,
    };
    let msg = match peek.msg {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    Ok(RawAnswer {
        status,
        msg,
        body: Bytes::copy_from_slice(b),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_validated_and_trimmed() {
        let c = MastClient::new("https://mast.stsci.edu/").unwrap();
        assert_eq!(c.base_url(), "https://mast.stsci.edu");
        assert_eq!(
            c.inner.invoke_url.as_str(),
            "https://mast.stsci.edu/api/v0/invoke"
        );
        let c = MastClient::new(" http://127.0.0.1:8080/prefix// ").unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:8080/prefix");
        assert_eq!(
            c.inner.columns_url.as_str(),
            "http://127.0.0.1:8080/prefix/portal/Mashup/Mashup.asmx/columnsconfig"
        );
        for bad in [
            "",
            "mast.stsci.edu",
            "ftp://mast.stsci.edu",
            "file:///etc",
            "https://u:p@mast.stsci.edu",
            "https://x/?q=1",
        ] {
            let e = MastClient::new(bad).unwrap_err();
            assert!(matches!(e, MastError::Input(_)), "{bad}: {e:?}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let c = MastClient::new("https://mast.stsci.edu")
            .unwrap()
            .with_token(Some("s3cr3t-token-value".into()));
        let text = format!("{c:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("<set>"));
        assert!(c.has_token());
        assert!(
            !MastClient::new("https://mast.stsci.edu")
                .unwrap()
                .has_token()
        );
    }

    #[test]
    fn raw_answers_peek_status() {
        let r = peek_raw(br#"{"resolvedCoordinate": [], "status": ""}"#).unwrap();
        assert_eq!(r.status, Status::Complete);
        let r = peek_raw(br#"{"status": "EXECUTING", "msg": null}"#).unwrap();
        assert_eq!(r.status, Status::Executing);
        let r = peek_raw(br#"{"status": "ERROR", "msg": "boom"}"#).unwrap();
        assert_eq!((r.status, r.msg.as_str()), (Status::Error, "boom"));
        assert!(peek_raw(b"<html>").is_err());
    }
}
