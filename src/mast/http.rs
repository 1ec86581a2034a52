//! One request to MAST, tried until it succeeds, fails for good, runs out of time or is
//! cancelled. Everything above (polling, paging, batching) builds on `Http::fetch`.
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, RETRY_AFTER,
    TRANSFER_ENCODING,
};
use reqwest::{Method, StatusCode, Url};
use tokio_util::sync::CancellationToken;

use super::error::{InputError, MastError};
use super::retry::{RetryPolicy, parse_retry_after, random_u64};

/// Redirect hops followed before giving up.
const MAX_REDIRECTS: usize = 5;
/// How much of an error body is kept for the message.
const BODY_SNIPPET: usize = 500;
/// The largest answer read: a 500,000-row page (MAST's own ceiling) is about 450 MB of JSON;
/// past this a server streaming without end would exhaust memory before the call timeout.
const MAX_BODY: usize = 1 << 30;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// The token as it will be sent, or why it cannot be.
#[derive(Clone)]
pub(crate) enum Token {
    None,
    /// `token <T>`, marked sensitive so that reqwest/hyper never print it either.
    Header(HeaderValue),
    /// The text cannot be an HTTP header value (control characters, non-ASCII).
    Invalid,
}

impl Token {
    pub(crate) fn from_text(token: Option<String>) -> Token {
        Token::from_secret(token.as_deref())
    }

    pub(crate) fn from_secret(token: Option<&str>) -> Token {
        let Some(t) = token else {
            return Token::None;
        };
        let t = t.trim();
        if t.is_empty() {
            return Token::None;
        }
        match HeaderValue::from_str(&format!("token {t}")) {
            Ok(mut v) => {
                v.set_sensitive(true);
                Token::Header(v)
            }
            Err(_) => Token::Invalid,
        }
    }

    pub(crate) fn is_set(&self) -> bool {
        !matches!(self, Token::None)
    }
}

/// What one request is: method, absolute URL, optional form body, and a name for messages.
pub(crate) struct HttpRequest {
    pub method: Method,
    pub url: Url,
    pub body: Option<String>,
    pub what: String,
}

/// The transport: one reqwest client, the base it may send the token to, the timing rules.
#[derive(Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    base: Url,
    pub(crate) token: Token,
    pub(crate) policy: RetryPolicy,
}

/// Why one attempt failed, and whether another might succeed.
struct Failure {
    error: MastError,
    transient: bool,
    retry_after: Option<Duration>,
}

impl Failure {
    fn fatal(error: MastError) -> Failure {
        Failure {
            error,
            transient: false,
            retry_after: None,
        }
    }
    fn transient(error: MastError) -> Failure {
        Failure {
            error,
            transient: true,
            retry_after: None,
        }
    }
}

impl Http {
    pub(crate) fn new(base: Url) -> Result<Http, MastError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("mastui/", env!("CARGO_PKG_VERSION")))
            .redirect(redirect_policy())
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| MastError::Network {
                what: "HTTP client setup".into(),
                message: error_text(&e),
            })?;
        Ok(Http {
            client,
            base,
            token: Token::None,
            policy: RetryPolicy::default(),
        })
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
            Token::Invalid => {
                return Err(InputError::new(
                    "token",
                    "the MAST token holds characters an HTTP header cannot carry; paste it again",
                )
                .into());
            }
            Token::Header(v) if self.same_origin(url) => {
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
        if matches!(self.token, Token::Invalid) {
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
                r = self.attempt(req, call_timeout, parse) => r,
            };
            let failure = match outcome {
                Ok(v) => return Ok(v),
                Err(f) => f,
            };
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
            let delay = self
                .policy
                .retry_delay(failures - 1, failure.retry_after, random_u64());
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
        timeout: Duration,
        parse: &(dyn Fn(&[u8]) -> Result<T, String> + Sync),
    ) -> Result<T, Failure> {
        let mut builder = self
            .client
            .request(req.method.clone(), req.url.clone())
            .header(ACCEPT, "text/plain");
        if let Some(body) = &req.body {
            builder = builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body.clone());
        }
        match &self.token {
            Token::Header(v) if self.same_origin(&req.url) && self.token_allowed() => {
                builder = builder.header(AUTHORIZATION, v.clone());
            }
            _ => {}
        }
        let exchange = async {
            let resp = builder
                .send()
                .await
                .map_err(|e| send_failure(&req.what, &e))?;
            let status = resp.status();
            let headers = resp.headers().clone();
            let body = read_capped(resp, &req.what).await?;
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
        let body = match body {
            Ok(b) => b,
            // The connection died mid-answer: the next try may well get it whole.
            Err(e) => {
                return Err(Failure::transient(MastError::Network {
                    what: req.what.clone(),
                    message: format!(
                        "connection dropped while reading the answer: {}",
                        error_text(&e)
                    ),
                }));
            }
        };
        if !status.is_success() {
            return Err(status_failure(&req.what, status, &headers, &body));
        }
        parse(&body).map_err(|message| {
            let framed =
                headers.contains_key(CONTENT_LENGTH) || headers.contains_key(TRANSFER_ENCODING);
            let error = MastError::Protocol {
                what: req.what.clone(),
                message,
            };
            // Without length framing, a cut connection looks like a short body: JSON that
            // stops early is then a drop, worth another try, not a broken server.
            if !framed && json_truncated(&body) {
                Failure::transient(MastError::Network {
                    what: req.what.clone(),
                    message: "connection dropped mid-answer (JSON cut short)".into(),
                })
            } else {
                Failure::fatal(error)
            }
        })
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

/// Reads the whole body, refusing more than `MAX_BODY` bytes.
async fn read_capped(
    mut resp: reqwest::Response,
    what: &str,
) -> Result<Result<Bytes, reqwest::Error>, Failure> {
    let mut buf = bytes::BytesMut::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if buf.len() + chunk.len() > MAX_BODY {
                    return Err(Failure::fatal(MastError::Protocol {
                        what: what.to_string(),
                        message: format!("the answer is larger than {} MiB", MAX_BODY >> 20),
                    }));
                }
                buf.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(Ok(buf.freeze())),
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
        assert!(matches!(Token::from_text(None), Token::None));
        assert!(matches!(Token::from_text(Some("  \n".into())), Token::None));
        match Token::from_text(Some(" abc123\n".into())) {
            Token::Header(v) => {
                assert!(v.is_sensitive());
                assert_eq!(v.to_str().unwrap(), "token abc123");
                assert!(!format!("{v:?}").contains("abc123"));
            }
            _ => panic!("expected a header"),
        }
        assert!(matches!(
            Token::from_text(Some("a\u{7}b".into())),
            Token::Invalid
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
