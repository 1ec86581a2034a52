//! One request to MAST, tried until it succeeds, fails for good, runs out of time or is
//! cancelled. Everything above (polling, paging, batching) builds on `Http::fetch`.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue,
    RETRY_AFTER, TRANSFER_ENCODING,
};
use reqwest::{Method, StatusCode, Url};
use tokio_util::sync::CancellationToken;
use zeroize::Zeroizing;

use super::error::{InputError, MastError};
use super::net_error::{ConnectProblem, classify};
use super::retry::{RetryPolicy, parse_retry_after, random_u64};
use super::stall::StallWatch;
use crate::auth::token::{Token, TokenError};

/// Redirect hops followed before giving up.
const MAX_REDIRECTS: usize = 5;
/// How much of an error body is kept for the message.
const BODY_SNIPPET: usize = 500;
/// The largest answer read: a 500,000-row page (MAST's own ceiling) is about 450 MB of JSON;
/// past this a server streaming without end would exhaust memory before the call timeout.
pub const MAX_BODY: usize = 1 << 30;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `Authorization` header as it will be sent, built from the one token type
/// (`auth::Token`), or why it cannot be.
#[derive(Clone)]
pub(crate) enum AuthHeader {
    None,
    /// `token <T>`, marked sensitive so that reqwest/hyper never print it either.
    Header(HeaderValue),
    /// The text cannot be a token (spaces, control characters, non-ASCII, too long).
    Invalid,
}

impl AuthHeader {
    /// The header for the token `auth` resolved (`None`: anonymous).
    pub(crate) fn from_token(token: Option<&Token>) -> AuthHeader {
        let Some(t) = token else {
            return AuthHeader::None;
        };
        let text = Zeroizing::new(format!("token {}", t.expose()));
        match HeaderValue::from_str(&text) {
            Ok(mut v) => {
                v.set_sensitive(true);
                AuthHeader::Header(v)
            }
            Err(_) => AuthHeader::Invalid,
        }
    }

    /// The header for a token's text, read as `Token::new` reads it: blank text is no
    /// token, text that cannot be one is refused when a request would carry it.
    pub(crate) fn from_text(text: Option<&str>) -> AuthHeader {
        match text.map(Token::new) {
            None | Some(Err(TokenError::Empty)) => AuthHeader::None,
            Some(Ok(t)) => AuthHeader::from_token(Some(&t)),
            Some(Err(_)) => AuthHeader::Invalid,
        }
    }

    pub(crate) fn is_set(&self) -> bool {
        !matches!(self, AuthHeader::None)
    }
}

/// What one request is: method, absolute URL, optional form body, and a name for messages.
pub(crate) struct HttpRequest {
    pub method: Method,
    pub url: Url,
    pub body: Option<String>,
    pub what: String,
}

/// How a request's body is sent and what answer it asks for: MAST's portal takes forms and
/// answers `text/plain`; its service APIs (missions search, cutouts) take JSON or forms and
/// answer JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// `application/x-www-form-urlencoded`, `Accept: text/plain`.
    Form,
    /// `application/json`, `Accept: application/json`.
    Json,
    /// `application/x-www-form-urlencoded`, `Accept: application/json`.
    ServiceForm,
}

/// A parser fed an answer's body chunk by chunk as it arrives, so that a large answer is
/// parsed during its transfer and never held whole.
pub(crate) trait BodyStream<T>: Send {
    /// The next bytes; an error stops reading (the answer is malformed).
    fn feed(&mut self, chunk: &[u8]) -> Result<(), String>;
    /// The value, once the body ended.
    fn finish(self: Box<Self>) -> Result<T, StreamEnd>;
}

/// Why a streamed body did not parse.
pub struct StreamEnd {
    pub message: String,
    /// The JSON stopped before it was complete.
    pub truncated: bool,
}

/// How a successful answer's body becomes a value: read whole and parsed, or parsed as it
/// arrives. Error answers are always read whole, for their message.
pub(crate) enum Parse<'a, T> {
    Whole(&'a (dyn Fn(&[u8]) -> Result<T, String> + Sync)),
    Streamed(&'a (dyn Fn() -> Box<dyn BodyStream<T>> + Sync)),
}

impl<T> Clone for Parse<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Parse<'_, T> {}

/// A body as `attempt` read it.
enum Body<'a, T> {
    /// An error status's body, read whole for its message.
    Failed(Result<Bytes, reqwest::Error>),
    /// A success read whole, and the parser it goes to.
    Whole(
        Result<Bytes, reqwest::Error>,
        &'a (dyn Fn(&[u8]) -> Result<T, String> + Sync),
    ),
    /// A success already parsed as it arrived.
    Streamed(Result<Box<dyn BodyStream<T>>, reqwest::Error>),
}

/// Where notices for the person go ("server stalled, retrying"): the headless commands
/// print them on stderr.
pub type Notices = Arc<dyn Fn(&str) + Send + Sync>;

/// The transport: one reqwest client, the base it may send the token to, the timing rules.
#[derive(Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    base: Url,
    pub(crate) token: AuthHeader,
    pub(crate) policy: RetryPolicy,
    pub(crate) notices: Option<Notices>,
    /// Where the base URL came from (`--server`, `MASTUI_SERVER`), named when it is wrong.
    pub(crate) base_source: Option<String>,
    /// The right address, named beside a wrong one (MAST's; the bucket's for S3).
    pub(crate) usual: String,
    /// Set by the first answer of any status (shared by clones): until then a refused
    /// connection or an unknown host is a wrong address, said at once; after, a hiccup
    /// worth the patient retries.
    answered: Arc<AtomicBool>,
}

/// Why one attempt failed, and whether another might succeed.
struct Failure {
    error: MastError,
    transient: bool,
    retry_after: Option<Duration>,
    /// Abandoned by the low-speed rule: asked again at once, and the person told.
    stalled: bool,
}

impl Failure {
    fn fatal(error: MastError) -> Failure {
        Failure {
            error,
            transient: false,
            retry_after: None,
            stalled: false,
        }
    }
    fn transient(error: MastError) -> Failure {
        Failure {
            error,
            transient: true,
            retry_after: None,
            stalled: false,
        }
    }
}

/// A URL for the log: scheme, host and path only (query strings are left out: nothing
/// mastui sends there is secret, but nothing there is needed to follow a failure either).
fn loggable(url: &Url) -> String {
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    format!(
        "{}://{}{port}{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.path()
    )
}

/// True for `localhost` and loopback addresses.
fn is_loopback(url: &Url) -> bool {
    match url.host_str() {
        Some(h) if h.eq_ignore_ascii_case("localhost") => true,
        Some(h) => h
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

impl Http {
    pub(crate) fn new(base: Url) -> Result<Http, MastError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("mastui/", env!("CARGO_PKG_VERSION")))
            .redirect(redirect_policy())
            .connect_timeout(CONNECT_TIMEOUT);
        // HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured (reqwest reads them), except for
        // an archive on this machine (the simulator), which no proxy can reach.
        if is_loopback(&base) {
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(|e| MastError::Network {
            what: "HTTP client setup".into(),
            message: error_text(&e),
        })?;
        Ok(Http {
            client,
            base,
            token: AuthHeader::None,
            policy: RetryPolicy::default(),
            notices: None,
            base_source: None,
            usual: format!("MAST itself is {}", super::DEFAULT_BASE),
            answered: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Tells the person something worth knowing while a request goes on.
    pub(crate) fn notice(&self, text: &str) {
        if let Some(n) = &self.notices {
            n(text);
        }
    }

    /// Some answer came back from the server: from now on connection failures are retried.
    pub(crate) fn mark_answered(&self) {
        self.answered.store(true, Ordering::Relaxed);
    }

    /// Whether the server ever answered (any status) through this transport or its clones.
    pub(crate) fn has_answered(&self) -> bool {
        self.answered.load(Ordering::Relaxed)
    }

    /// A connection failure that retrying cannot cure, in words: a TLS certificate refused
    /// (any time), or a refused connection or unknown host before the server ever answered.
    pub(crate) fn unreachable(&self, e: &reqwest::Error) -> Option<MastError> {
        let problem = classify(e)?;
        let base = self.base.as_str().trim_end_matches('/');
        let what = match &self.base_source {
            Some(source) => format!("the server {base} (from {source})"),
            None => format!("the server {base}"),
        };
        let first = !self.answered.load(Ordering::Relaxed);
        let message = match problem {
            ConnectProblem::Tls(words) => words,
            ConnectProblem::Refused if first => format!(
                "connection refused: nothing listens at that address. Check it ({}); not \
                 retried, as a wrong address does not heal",
                self.usual
            ),
            ConnectProblem::UnknownHost if first => format!(
                "unknown host '{}': a typo in the address, or a VPN or network that is not \
                 connected? Not retried",
                self.base.host_str().unwrap_or("")
            ),
            _ => return None,
        };
        Some(MastError::Network { what, message })
    }

    /// True when `url` is the configured base's scheme, host and port: the only place the
    /// token may go.
    fn same_origin(&self, url: &Url) -> bool {
        url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default()
    }

    /// The token travels over https, or over plain http only to a loopback address (the
    /// simulator): never in clear text across a network.
    pub(crate) fn token_allowed(&self) -> bool {
        let host = self.base.host_str().unwrap_or("");
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.base.scheme() == "https"
            || host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|a| a.is_loopback())
    }

    /// A GET of `url` for a streamed download: same client, same pool, and the token only
    /// when `url` is the base's own origin. Callers drive retries themselves (resume).
    pub(crate) fn stream_get(&self, url: &Url) -> Result<reqwest::RequestBuilder, MastError> {
        let mut builder = self.client.get(url.clone());
        match &self.token {
            AuthHeader::Invalid => {
                return Err(InputError::new(
                    "token",
                    "the MAST token holds characters an HTTP header cannot carry; paste it again",
                )
                .into());
            }
            AuthHeader::Header(v) if self.same_origin(url) => {
                builder = builder.header(AUTHORIZATION, v.clone());
            }
            _ => {}
        }
        Ok(builder)
    }

    /// Sends `req` (retrying transient failures with backoff) and parses the body with `parse`.
    /// `deadline` bounds the whole thing; `cancel` aborts it at once.
    pub(crate) async fn fetch<T>(
        &self,
        req: &HttpRequest,
        deadline: Instant,
        cancel: &CancellationToken,
        parse: &(dyn Fn(&[u8]) -> Result<T, String> + Sync),
    ) -> Result<T, MastError> {
        self.fetch_as(req, Encoding::Form, deadline, cancel, parse)
            .await
    }

    /// `fetch` with the body sent as `encoding` says.
    pub(crate) async fn fetch_as<T>(
        &self,
        req: &HttpRequest,
        encoding: Encoding,
        deadline: Instant,
        cancel: &CancellationToken,
        parse: &(dyn Fn(&[u8]) -> Result<T, String> + Sync),
    ) -> Result<T, MastError> {
        self.fetch_parsed(req, encoding, deadline, cancel, Parse::Whole(parse))
            .await
    }

    /// `fetch_as` with the body parsed as `parse` says: whole, or as it arrives.
    pub(crate) async fn fetch_parsed<T>(
        &self,
        req: &HttpRequest,
        encoding: Encoding,
        deadline: Instant,
        cancel: &CancellationToken,
        parse: Parse<'_, T>,
    ) -> Result<T, MastError> {
        if matches!(self.token, AuthHeader::Invalid) {
            return Err(InputError::new(
                "token",
                "the MAST token holds characters an HTTP header cannot carry; paste it again",
            )
            .into());
        }
        let mut failures: u32 = 0;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(self.deadline_error(&req.what));
            }
            let limited_by_deadline = remaining < self.policy.call_timeout;
            let call_timeout = remaining.min(self.policy.call_timeout);
            let outcome = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(MastError::Cancelled),
                r = self.attempt(req, encoding, call_timeout, parse) => r,
            };
            let failure = match outcome {
                Ok(v) => {
                    tracing::debug!(what = %req.what, url = %loggable(&req.url), failures, "answered");
                    return Ok(v);
                }
                Err(f) => f,
            };
            tracing::warn!(
                what = %req.what,
                url = %loggable(&req.url),
                transient = failure.transient,
                attempt = failures + 1,
                "{}",
                failure.error
            );
            if !failure.transient {
                return Err(failure.error);
            }
            if limited_by_deadline && matches!(failure.error, MastError::Timeout { .. }) {
                return Err(self.deadline_error(&req.what));
            }
            failures += 1;
            if failures >= self.policy.max_attempts {
                return Err(gave_up(failure.error, failures));
            }
            // A stalled answer is asked again at once: the server answered, just too slowly.
            let delay = if failure.stalled {
                if let MastError::Network { message, .. } = &failure.error {
                    self.notice(&format!(
                        "server stalled, retrying: {}: {message}",
                        req.what
                    ));
                }
                Duration::ZERO
            } else {
                self.policy
                    .retry_delay(failures - 1, failure.retry_after, random_u64())
            };
            if delay >= deadline.saturating_duration_since(Instant::now()) {
                return Err(self.deadline_error(&req.what));
            }
            sleep_or_cancel(delay, cancel).await?;
        }
    }

    pub(crate) fn deadline_error(&self, what: &str) -> MastError {
        MastError::Timeout {
            what: what.to_string(),
            after: self.policy.deadline,
        }
    }

    /// One exchange: headers, the whole body, and parsing, within `timeout`.
    async fn attempt<T>(
        &self,
        req: &HttpRequest,
        encoding: Encoding,
        timeout: Duration,
        parse: Parse<'_, T>,
    ) -> Result<T, Failure> {
        let (content_type, accept) = match encoding {
            Encoding::Form => ("application/x-www-form-urlencoded", "text/plain"),
            Encoding::Json => ("application/json", "application/json"),
            Encoding::ServiceForm => ("application/x-www-form-urlencoded", "application/json"),
        };
        let mut builder = self
            .client
            .request(req.method.clone(), req.url.clone())
            .header(ACCEPT, accept);
        if let Some(body) = &req.body {
            builder = builder
                .header(CONTENT_TYPE, content_type)
                .body(body.clone());
        }
        match &self.token {
            AuthHeader::Header(v) if self.same_origin(&req.url) && self.token_allowed() => {
                builder = builder.header(AUTHORIZATION, v.clone());
            }
            _ => {}
        }
        let exchange = async {
            let resp = builder
                .send()
                .await
                .map_err(|e| match self.unreachable(&e) {
                    Some(error) => Failure::fatal(error),
                    None => send_failure(&req.what, &e),
                })?;
            self.mark_answered();
            let status = resp.status();
            let headers = resp.headers().clone();
            refuse_unreadable(&req.what, &resp)?;
            let body = match parse {
                _ if !status.is_success() => {
                    Body::Failed(read_whole(resp, &req.what, &self.policy).await?)
                }
                Parse::Whole(parse) => {
                    Body::Whole(read_whole(resp, &req.what, &self.policy).await?, parse)
                }
                Parse::Streamed(make) => {
                    let mut stream = make();
                    let read =
                        read_body(resp, &req.what, &self.policy, &mut |c| stream.feed(c)).await?;
                    Body::Streamed(read.map(|()| stream))
                }
            };
            Ok::<_, Failure>((status, headers, body))
        };
        let (status, headers, body) = match tokio::time::timeout(timeout, exchange).await {
            Ok(r) => r?,
            Err(_) => {
                return Err(Failure::transient(MastError::Timeout {
                    what: req.what.clone(),
                    after: timeout,
                }));
            }
        };
        let dropped = |e: reqwest::Error| {
            // The connection died mid-answer: the next try may well get it whole.
            Failure::transient(MastError::Network {
                what: req.what.clone(),
                message: format!(
                    "connection dropped while reading the answer: {}",
                    error_text(&e)
                ),
            })
        };
        let framed =
            headers.contains_key(CONTENT_LENGTH) || headers.contains_key(TRANSFER_ENCODING);
        let unparsed = |message: String, truncated: bool| {
            // Without length framing, a cut connection looks like a short body: JSON that
            // stops early is then a drop, worth another try, not a broken server.
            if !framed && truncated {
                Failure::transient(MastError::Network {
                    what: req.what.clone(),
                    message: "connection dropped mid-answer (JSON cut short)".into(),
                })
            } else {
                Failure::fatal(MastError::Protocol {
                    what: req.what.clone(),
                    message,
                })
            }
        };
        match body {
            Body::Failed(Err(e)) | Body::Whole(Err(e), _) | Body::Streamed(Err(e)) => {
                Err(dropped(e))
            }
            Body::Failed(Ok(body)) => Err(status_failure(&req.what, status, &headers, &body)),
            Body::Whole(Ok(body), parse) => {
                parse(&body).map_err(|message| unparsed(message, json_truncated(&body)))
            }
            Body::Streamed(Ok(stream)) => stream
                .finish()
                .map_err(|e| unparsed(e.message, e.truncated)),
        }
    }
}

/// Follows at most a few hops, never from https down to http. reqwest itself drops the
/// `Authorization` header on any hop to another host or port, so the token stays with the base.
fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
        }
        let downgrade = attempt.url().scheme() == "http"
            && attempt.previous().iter().any(|u| u.scheme() == "https");
        if downgrade {
            return attempt.error("refusing a redirect from https to http");
        }
        attempt.follow()
    })
}

/// Says in the error that retrying ran out, so the user knows it was not a single hiccup.
fn gave_up(error: MastError, attempts: u32) -> MastError {
    let note = |what: String| format!("{what} (gave up after {attempts} attempts)");
    match error {
        MastError::Network { what, message } => MastError::Network {
            what: note(what),
            message,
        },
        MastError::Http { status, what, body } => MastError::Http {
            status,
            what: note(what),
            body,
        },
        MastError::Timeout { what, after } => MastError::Timeout {
            what: note(what),
            after,
        },
        other => other,
    }
}

/// Refuses, before reading a byte of it, an answer that announces more than `MAX_BODY`, or
/// one compressed although no compression was asked for (mastui sends no Accept-Encoding,
/// so a gzip answer is a misbehaving proxy, or a bomb): it is never decompressed.
fn refuse_unreadable(what: &str, resp: &reqwest::Response) -> Result<(), Failure> {
    let refuse = |message: String| {
        Err(Failure::fatal(MastError::Protocol {
            what: what.to_string(),
            message,
        }))
    };
    if let Some(n) = resp.content_length().filter(|n| *n > MAX_BODY as u64) {
        return refuse(format!(
            "the server announces a {} MiB answer; mastui reads at most {} MiB (narrower \
             criteria, or a smaller --pagesize, make smaller answers)",
            n >> 20,
            MAX_BODY >> 20
        ));
    }
    if let Some(enc) = resp.headers().get(CONTENT_ENCODING) {
        let enc = String::from_utf8_lossy(enc.as_bytes());
        let enc = crate::sanitize::printable(enc.trim()).into_owned();
        if !enc.is_empty() && !enc.eq_ignore_ascii_case("identity") {
            return refuse(format!(
                "the answer is compressed (Content-Encoding: {enc}) although mastui did not \
                 ask for compression; it is refused unread"
            ));
        }
    }
    Ok(())
}

/// Reads the whole body (see [`read_body`]).
async fn read_whole(
    resp: reqwest::Response,
    what: &str,
    policy: &RetryPolicy,
) -> Result<Result<Bytes, reqwest::Error>, Failure> {
    // Sized once from Content-Length (already checked against MAX_BODY): a page of tens of
    // MB otherwise grows by doubling, copying itself each time.
    let announced = resp
        .content_length()
        .map_or(0, |n| n.min(MAX_BODY as u64) as usize);
    let mut buf = bytes::BytesMut::with_capacity(announced);
    let read = read_body(resp, what, policy, &mut |c| {
        buf.extend_from_slice(c);
        Ok(())
    })
    .await?;
    Ok(read.map(|()| buf.freeze()))
}

/// Hands the body to `sink` as it arrives, refusing more than `MAX_BODY` bytes, and
/// abandoning an answer slower than the policy's low-speed rule.
async fn read_body(
    mut resp: reqwest::Response,
    what: &str,
    policy: &RetryPolicy,
    sink: &mut (dyn FnMut(&[u8]) -> Result<(), String> + Send),
) -> Result<Result<(), reqwest::Error>, Failure> {
    let mut total = 0usize;
    let mut watch = StallWatch::new(policy.stall_floor, policy.stall_window, Instant::now());
    loop {
        let next = match watch.window_end() {
            Some(end) => {
                match tokio::time::timeout_at(tokio::time::Instant::from_std(end), resp.chunk())
                    .await
                {
                    Ok(n) => n,
                    Err(_) => Ok(Some(Bytes::new())),
                }
            }
            None => resp.chunk().await,
        };
        if let Ok(Some(chunk)) = &next {
            watch.add(chunk.len() as u64);
        }
        if let Err(s) = watch.check(Instant::now()) {
            return Err(Failure {
                error: MastError::Network {
                    what: what.to_string(),
                    message: format!("the server stalled: {}", s.describe()),
                },
                transient: true,
                retry_after: None,
                stalled: true,
            });
        }
        match next {
            Ok(Some(chunk)) => {
                total += chunk.len();
                if total > MAX_BODY {
                    return Err(Failure::fatal(MastError::Protocol {
                        what: what.to_string(),
                        message: format!("the answer is larger than {} MiB", MAX_BODY >> 20),
                    }));
                }
                sink(&chunk).map_err(|message| {
                    Failure::fatal(MastError::Protocol {
                        what: what.to_string(),
                        message,
                    })
                })?;
            }
            Ok(None) => return Ok(Ok(())),
            Err(e) => return Ok(Err(e)),
        }
    }
}

fn send_failure(what: &str, e: &reqwest::Error) -> Failure {
    if e.is_timeout() {
        // Only connecting has a timeout of reqwest's own; the call timeout is ours.
        return Failure::transient(MastError::Timeout {
            what: what.to_string(),
            after: CONNECT_TIMEOUT,
        });
    }
    let error = MastError::Network {
        what: what.to_string(),
        message: error_text(e),
    };
    // Redirect and builder errors are our own configuration speaking: retrying won't help.
    if e.is_redirect() || e.is_builder() {
        Failure::fatal(error)
    } else {
        Failure::transient(error)
    }
}

fn status_failure(
    what: &str,
    status: StatusCode,
    headers: &reqwest::header::HeaderMap,
    body: &Bytes,
) -> Failure {
    let snippet: String = String::from_utf8_lossy(&body[..body.len().min(BODY_SNIPPET * 4)])
        .chars()
        .take(BODY_SNIPPET)
        .collect();
    let error = MastError::Http {
        status: status.as_u16(),
        what: what.to_string(),
        body: snippet,
    };
    let code = status.as_u16();
    if code == 429 || code >= 500 {
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        Failure {
            error,
            transient: true,
            retry_after,
            stalled: false,
        }
    } else {
        Failure::fatal(error)
    }
}

/// True when `body` is JSON that ends before it is complete.
fn json_truncated(body: &[u8]) -> bool {
    match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
        Ok(_) => false,
        Err(e) => e.is_eof(),
    }
}

/// An error and its causes on one line ("error sending request: connection refused").
pub(crate) fn error_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// The instant `budget` from now; a budget too large to represent means "a year from now"
/// rather than a panic.
pub(crate) fn deadline_after(budget: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(budget)
        .or_else(|| now.checked_add(Duration::from_secs(365 * 86_400)))
        .unwrap_or(now)
}

/// Waits `delay` unless the job is cancelled first.
pub(crate) async fn sleep_or_cancel(
    delay: Duration,
    cancel: &CancellationToken,
) -> Result<(), MastError> {
    tokio::select! {
        biased;
        _ = cancel.cancelled() => Err(MastError::Cancelled),
        _ = tokio::time::sleep(delay) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_budgets_do_not_overflow() {
        assert!(deadline_after(Duration::MAX) > Instant::now());
    }

    #[test]
    fn truncated_json_is_recognised() {
        assert!(json_truncated(br#"{"status":"COMPLETE","data":[{"a":1"#));
        assert!(json_truncated(b""));
        assert!(!json_truncated(br#"{"a":1}"#));
        assert!(!json_truncated(b"<html>oops</html>"));
    }

    #[test]
    fn tokens_are_trimmed_masked_or_refused() {
        assert!(matches!(AuthHeader::from_text(None), AuthHeader::None));
        assert!(matches!(
            AuthHeader::from_text(Some("  \n")),
            AuthHeader::None
        ));
        match AuthHeader::from_text(Some(" abc123\n")) {
            AuthHeader::Header(v) => {
                assert!(v.is_sensitive());
                assert_eq!(v.to_str().unwrap(), "token abc123");
                assert!(!format!("{v:?}").contains("abc123"));
            }
            _ => panic!("expected a header"),
        }
        assert!(matches!(
            AuthHeader::from_text(Some("a\u{7}b")),
            AuthHeader::Invalid
        ));
    }

    #[test]
    fn only_retryable_statuses_are_transient() {
        let h = reqwest::header::HeaderMap::new();
        let b = Bytes::from_static(b"nope");
        for (code, transient) in [
            (500, true),
            (502, true),
            (503, true),
            (429, true),
            (400, false),
            (401, false),
            (404, false),
        ] {
            let f = status_failure("x", StatusCode::from_u16(code).unwrap(), &h, &b);
            assert_eq!(f.transient, transient, "{code}");
        }
        let mut h = reqwest::header::HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        let f = status_failure("x", StatusCode::TOO_MANY_REQUESTS, &h, &b);
        assert_eq!(f.retry_after, Some(Duration::from_secs(3)));
    }
}
