//! `GET|HEAD /api/v0.1/Download/file?uri=...`: generated bodies with ranges, 401s for
//! exclusive data, 404s for unknown URIs, chunked answers for products of unknown size.

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::StreamExt;

use super::{Shared, auth, form};
use crate::sim::{fits, hostile};

/// What the download route has served: tests use it to see that resumes asked for the
/// missing bytes only.
#[derive(Debug, Default)]
pub struct DownloadStats {
    requests: AtomicU64,
    range_requests: AtomicU64,
    bytes: Arc<AtomicU64>,
    chunk_delay_ms: u64,
}

/// A snapshot of `DownloadStats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DownloadCounts {
    /// GET requests that named a uri.
    pub requests: u64,
    /// Of those, the ones with a `Range` header.
    pub range_requests: u64,
    /// Body bytes handed to the connection.
    pub bytes: u64,
}

impl DownloadStats {
    pub fn new(chunk_delay_ms: u64) -> Self {
        DownloadStats {
            chunk_delay_ms,
            ..DownloadStats::default()
        }
    }

    pub fn counts(&self) -> DownloadCounts {
        DownloadCounts {
            requests: self.requests.load(Ordering::Relaxed),
            range_requests: self.range_requests.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }

    fn count<S>(&self, s: S) -> impl futures_util::Stream<Item = S::Item> + use<S>
    where
        S: futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>>,
    {
        let bytes = Arc::clone(&self.bytes);
        let delay = std::time::Duration::from_millis(self.chunk_delay_ms);
        s.then(move |c| {
            let bytes = Arc::clone(&bytes);
            async move {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                if let Ok(c) = &c {
                    bytes.fetch_add(c.len() as u64, Ordering::Relaxed);
                }
                c
            }
        })
    }
}

fn text(status: StatusCode, msg: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        msg,
    )
        .into_response()
}

/// `Range: bytes=N-` or `bytes=N-M` -> Some(Ok((start, end_exclusive))), Some(Err(())) when
/// unsatisfiable, None when absent or in a form we ignore (then the whole file is sent).
fn parse_range(headers: &HeaderMap, len: u64) -> Option<Result<(u64, u64), ()>> {
    let v = headers.get(header::RANGE)?.to_str().ok()?.trim();
    let spec = v.strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() {
        // Suffix range: the last N bytes.
        let n: u64 = b.parse().ok()?;
        if n == 0 || len == 0 {
            return Some(Err(()));
        }
        return Some(Ok((len.saturating_sub(n), len)));
    }
    let start: u64 = a.parse().ok()?;
    let end = if b.is_empty() {
        len
    } else {
        b.parse::<u64>().ok()?.saturating_add(1).min(len)
    };
    if start >= len || end <= start {
        return Some(Err(()));
    }
    Some(Ok((start, end)))
}

pub async fn file(
    State(st): State<Shared>,
    method: Method,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> Response {
    st.latency().await;
    let Some(uri) = q
        .as_deref()
        .and_then(|q| form::get(q, "uri"))
        .filter(|u| !u.is_empty())
    else {
        return text(
            StatusCode::BAD_REQUEST,
            "Missing required parameter: uri\n".into(),
        );
    };
    if method == Method::GET {
        st.downloads.requests.fetch_add(1, Ordering::Relaxed);
        if headers.contains_key(header::RANGE) {
            st.downloads.range_requests.fetch_add(1, Ordering::Relaxed);
        }
    }
    let decision = match st.faults().await {
        Ok(d) => d,
        Err(resp) => return resp,
    };
    let h = st.faults.hostile();
    if h.redirect_loop {
        return hostile::redirect_loop(&format!(
            "/api/v0.1/Download/file?{}",
            q.unwrap_or_default()
        ));
    }
    let cat = st.catalogue;
    let lookup_uri = uri.clone();
    let found = tokio::task::spawn_blocking(move || {
        cat.find_product(&lookup_uri)
            .or_else(|| crate::sim::catalogs::spectrum_product(&cat, &lookup_uri))
    })
    .await
    .ok()
    .flatten();
    let Some((product, collection)) = found else {
        return text(StatusCode::NOT_FOUND, format!("File not found: {uri}\n"));
    };
    if product.exclusive && auth::user_of(&st, &headers).is_none() {
        return text(
            StatusCode::UNAUTHORIZED,
            format!(
                "401 Unauthorized: {uri} is EXCLUSIVE_ACCESS data; send a MAST token with the \
                 mast:exclusive_access scope (Authorization: token <TOKEN>).\n"
            ),
        );
    }
    if h.gzip_bomb {
        return hostile::gzip_bomb_response("application/octet-stream");
    }
    let len = product.body_len;
    let body = fits::Body::new(&uri, &product.file, collection.name(), len, product.size);
    let mut resp = serve(
        &st,
        &method,
        &headers,
        &product.file,
        len,
        product.size,
        body,
        decision.drop,
        h,
    );
    if h.bad_headers {
        hostile::spoil_headers(&mut resp);
    }
    resp
}

/// The file's answer: whole, a range, or 416; chunked for products of unknown size.
#[allow(clippy::too_many_arguments)]
fn serve(
    st: &Shared,
    method: &Method,
    headers: &HeaderMap,
    file: &str,
    len: u64,
    size: Option<u64>,
    body: fits::Body,
    drop: bool,
    hx: hostile::Hostile,
) -> Response {
    let stream = |start: u64, end: u64, cut: Option<u64>| {
        let s = st.downloads.count(body.clone().stream(start, end, cut));
        // A body shorter than its Content-Length makes hyper drop the connection: a pause
        // before the end lets what was sent reach the client first, as from a real liar.
        let s = s.chain(
            futures_util::stream::iter(hx.length_high.then_some(())).then(|()| async {
                tokio::time::sleep(std::time::Duration::from_millis(30)).await;
                Ok(axum::body::Bytes::new())
            }),
        );
        if hx.trickle {
            Body::from_stream(hostile::trickle(s))
        } else {
            Body::from_stream(s)
        }
    };
    let disposition = format!("attachment; filename=\"{}\"", file.replace('"', ""));
    let mut resp = Response::new(Body::empty());
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    // Dynamically generated products: no length, no ranges, chunked.
    if size.is_none() {
        if method != Method::HEAD {
            let cut = drop.then_some(len / 2);
            *resp.body_mut() = stream(0, len, cut);
        }
        return resp;
    }
    resp.headers_mut()
        .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    let (start, end) = match parse_range(headers, len) {
        None => (0, len),
        Some(Ok(r)) => {
            *resp.status_mut() = StatusCode::PARTIAL_CONTENT;
            let cr = format!("bytes {}-{}/{}", r.0, r.1 - 1, len);
            if let Ok(v) = HeaderValue::from_str(&cr) {
                resp.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            r
        }
        Some(Err(())) => {
            let mut r = text(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "Requested range not satisfiable\n".into(),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return r;
        }
    };
    // A lying Content-Length: 4 KiB too many (the body ends early) or too few (hyper
    // stops sending there).
    let sent = end - start;
    let claimed = if hx.length_high {
        sent + 4096
    } else if hx.length_low {
        sent - sent.min(4096).min(sent / 2)
    } else {
        sent
    };
    resp.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(claimed));
    if *method != Method::HEAD {
        let cut = drop.then_some(start + (end - start) / 2);
        *resp.body_mut() = stream(start, end, cut);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(v: &str, len: u64) -> Option<Result<(u64, u64), ()>> {
        let mut h = HeaderMap::new();
        h.insert(header::RANGE, HeaderValue::from_str(v).unwrap());
        parse_range(&h, len)
    }

    #[test]
    fn ranges() {
        assert_eq!(range("bytes=10-", 100), Some(Ok((10, 100))));
        assert_eq!(range("bytes=10-19", 100), Some(Ok((10, 20))));
        assert_eq!(range("bytes=10-1000", 100), Some(Ok((10, 100))));
        assert_eq!(range("bytes=-10", 100), Some(Ok((90, 100))));
        assert_eq!(range("bytes=100-", 100), Some(Err(())));
        assert_eq!(range("bytes=5-2", 100), Some(Err(())));
        assert_eq!(range("items=1-2", 100), None);
        assert_eq!(range("bytes=1-2,4-5", 100), None);
    }
}
