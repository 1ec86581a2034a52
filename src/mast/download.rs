//! One file from MAST, done properly: streamed to `<name>.part`, resumed with `Range` after
//! any interruption (a 206 is checked, a 200 restarts cleanly), verified against
//! Content-Length and the product's `size`, hashed (SHA-256) while streaming, fsync'd and
//! renamed into place only when complete. No partial file ever sits under the final name.
//!
//! MAST's listed sizes are stale for some products, and a proxy may lie once: a
//! disagreement with the server's Content-Length is asked again at once, and a server that
//! then sends the same other length, complete by its own headers, is believed, the
//! disagreement recorded with the file. A body shorter than its own headers promised is
//! never kept. An answer slower than the low-speed rule is abandoned and asked again.
//!
//! The same machinery fetches from MAST's cloud copy (`Server::Cloud`): anonymously, with
//! `If-Match` on the object's ETag when resuming within a run, and a 404 or 403 there final
//! at once, so the caller can fall back to MAST.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use futures_util::StreamExt;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{
    CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_RANGE, ETAG, IF_MATCH, RANGE, RETRY_AFTER,
};
use reqwest::{StatusCode, Url};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_util::sync::CancellationToken;

use super::client::MastClient;
use super::http::{Http, error_text, sleep_or_cancel};
use super::local_path::part_path;
use super::retry::{RetryPolicy, parse_retry_after, random_u64};
use super::stall::{StallWatch, Stalled};

/// The download path of MAST's file service.
pub const DOWNLOAD_PATH: &str = "/api/v0.1/Download/file";
/// Everything but unreserved characters, `:` and `/` is percent-encoded (PROTOCOL.md 4).
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b':')
    .remove(b'/');
/// How much of an error answer is kept for the message.
const BODY_SNIPPET: usize = 300;
/// Write buffer: few syscalls per file without holding much memory per download.
const WRITE_BUFFER: usize = 256 * 1024;

/// The URL of one `dataURI` on the archive at `base` (no trailing slash). A "URI" that is
/// already a URL under `base` (a cutout archive, which no `mast:` URI names) is that URL;
/// a URL anywhere else is still only a name for the file service, never fetched from there.
pub fn download_url(base: &str, data_uri: &str) -> String {
    let base = base.trim_end_matches('/');
    if let Some(rest) = data_uri.strip_prefix(base)
        && rest.starts_with('/')
        && (base.starts_with("http://") || base.starts_with("https://"))
    {
        return data_uri.to_string();
    }
    format!(
        "{}{DOWNLOAD_PATH}?uri={}",
        base.trim_end_matches('/'),
        utf8_percent_encode(data_uri, URI_ENCODE)
    )
}

/// What to fetch and where to put it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRequest {
    pub data_uri: String,
    pub dest: PathBuf,
    /// The product's `size` column, when MAST knows it.
    pub expected_size: Option<u64>,
}

/// How one file ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownloadOutcome {
    Complete {
        bytes: u64,
        sha256: String,
        /// Bytes already on disk when this call started (resumed, not fetched again).
        resumed_from: u64,
        /// Kept despite a disagreement worth recording (MAST's size vs what was sent).
        note: Option<String>,
    },
    /// 401/403: the file is protected; retrying without a better token cannot help.
    NeedsLogin {
        message: String,
    },
    Failed {
        message: String,
    },
    /// Stopped by the caller; the `.part` file stays for a later resume.
    Cancelled,
}

/// Where a file is fetched from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Server {
    /// MAST's file service: the token goes along for protected files.
    Mast,
    /// The public bucket: anonymous; 403 and 404 mean "not to be had here", not a login.
    Cloud,
}

impl Server {
    fn name(self) -> &'static str {
        match self {
            Server::Mast => "MAST",
            Server::Cloud => "the cloud copy",
        }
    }
}

/// Progress of one file: bytes on disk so far and the total when known.
pub type ProgressFn<'a> = &'a (dyn Fn(u64, Option<u64>) + Send + Sync);

/// Why one attempt ended without the whole file.
enum Attempt {
    /// Worth another try (drop, timeout, 5xx, 429), after `retry_after` if the server said.
    Transient {
        message: String,
        retry_after: Option<Duration>,
        /// Ask again without waiting (a size to confirm, a stalled answer).
        at_once: bool,
        /// Abandoned by the low-speed rule: the bytes it brought do not make it progress.
        stalled: Option<Stalled>,
    },
    Final(DownloadOutcome),
}

/// What the file's length should be, across attempts.
#[derive(Debug, Default)]
struct Sizes {
    /// MAST's `size`.
    listed: Option<u64>,
    /// The other length the last attempt's headers announced.
    disagreed: Option<u64>,
    /// That length, announced twice in a row: believed over the listing.
    accepted: Option<u64>,
    note: Option<String>,
    /// A body shorter than the listing ended as its headers said: ask once for what would
    /// follow it, so a proxy that cut the file is found out (it serves the rest) and a
    /// file that really is shorter is confirmed (416).
    probe_pending: bool,
    probed: bool,
}

impl Sizes {
    /// The length the file must have to be complete.
    fn want(&self) -> Option<u64> {
        self.accepted.or(self.listed)
    }

    /// `Ok` when `sent` (the server's length for the whole file) may be fetched; an
    /// attempt to repeat at once when it disagrees with the listing for the first time.
    fn confirm(&mut self, sent: u64) -> Result<(), Attempt> {
        let Some(listed) = self.listed else {
            return Ok(());
        };
        if sent == listed {
            // An answer agreeing with the listing: an earlier disagreement was one answer's lie.
            self.disagreed = None;
            self.accepted = None;
            self.note = None;
            return Ok(());
        }
        if self.accepted == Some(sent) {
            return Ok(());
        }
        if self.disagreed == Some(sent) {
            self.accepted = Some(sent);
            self.note = Some(format!(
                "MAST lists this file as {listed} bytes; the server sent {sent}, twice, \
                 complete by its own headers: kept as sent"
            ));
            return Ok(());
        }
        self.disagreed = Some(sent);
        Err(again_at_once(format!(
            "MAST lists this file as {listed} bytes but the server sends {sent}; asking again"
        )))
    }

    /// The server's 416 says the file is `whole` bytes: when that is MAST's size, an
    /// earlier disagreement was a lie of one answer.
    fn settle_on(&mut self, whole: u64) {
        if self.listed == Some(whole) {
            self.accepted = None;
            self.note = None;
        }
    }
}

/// The running state of the `.part` file: bytes written and their hash so far.
struct Part {
    path: PathBuf,
    len: u64,
    hasher: Sha256,
}

impl Part {
    /// Opens what is on disk and hashes it, so a resumed file gets the hash of all its bytes.
    async fn load(path: PathBuf) -> std::io::Result<Part> {
        let mut hasher = Sha256::new();
        let mut len = 0u64;
        match tokio::fs::File::open(&path).await {
            Ok(mut f) => {
                let mut buf = vec![0u8; WRITE_BUFFER];
                loop {
                    let n = f.read(&mut buf).await?;
                    if n == 0 {
                        break;
                    }
                    hasher.update(&buf[..n]);
                    len += n as u64;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Ok(Part { path, len, hasher })
    }

    async fn restart(&mut self) -> std::io::Result<()> {
        tokio::fs::File::create(&self.path).await?;
        self.len = 0;
        self.hasher = Sha256::new();
        Ok(())
    }
}

/// Downloads `req` from `client`'s archive. Retries transient failures with the client's
/// policy (a retry that gained bytes starts the count afresh); `progress` hears every chunk.
pub async fn download_file(
    client: &MastClient,
    req: &FileRequest,
    cancel: &CancellationToken,
    progress: ProgressFn<'_>,
) -> DownloadOutcome {
    let url = match Url::parse(&download_url(client.base_url(), &req.data_uri)) {
        Ok(u) => u,
        Err(e) => {
            return DownloadOutcome::Failed {
                message: format!("cannot build the download URL: {e}"),
            };
        }
    };
    fetch_file(client.http(), &url, Server::Mast, req, cancel, progress).await
}

/// Fetches `url` from `server` into `req.dest` with every guarantee of `download_file`.
pub(crate) async fn fetch_file(
    http: &Http,
    url: &Url,
    server: Server,
    req: &FileRequest,
    cancel: &CancellationToken,
    progress: ProgressFn<'_>,
) -> DownloadOutcome {
    let failed = |message: String| DownloadOutcome::Failed { message };
    if let Some(parent) = req.dest.parent()
        && let Err(e) = tokio::fs::create_dir_all(parent).await
    {
        return failed(format!("cannot create {}: {e}", parent.display()));
    }
    let mut part = match Part::load(part_path(&req.dest)).await {
        Ok(p) => p,
        Err(e) => {
            return failed(format!(
                "cannot read {}: {e}",
                part_path(&req.dest).display()
            ));
        }
    };
    let resumed_from = part.len;
    let policy = http.policy.clone();
    let mut source = Source { server, etag: None };
    let mut sizes = Sizes {
        listed: req.expected_size,
        ..Sizes::default()
    };
    let mut failures = 0u32;
    loop {
        if cancel.is_cancelled() {
            return DownloadOutcome::Cancelled;
        }
        let before = part.len;
        // Cancellation is checked inside, so that bytes already received reach the disk.
        let attempt = attempt(
            http,
            url,
            &mut source,
            req,
            &mut part,
            &mut sizes,
            &policy,
            cancel,
            progress,
        )
        .await;
        let (message, retry_after, at_once, stalled) = match attempt {
            Ok(()) => return finish(req, part, sizes, resumed_from).await,
            Err(Attempt::Final(outcome)) => return outcome,
            Err(Attempt::Transient {
                message,
                retry_after,
                at_once,
                stalled,
            }) => (message, retry_after, at_once, stalled),
        };
        // A trickle gains bytes every time: only real progress earns a fresh count.
        if part.len > before && stalled.is_none() {
            failures = 0;
        }
        failures += 1;
        if failures >= policy.max_attempts {
            return failed(format!(
                "gave up after {failures} tries in a row: {message}; the {} bytes on disk \
                 will be resumed on the next try",
                part.len
            ));
        }
        if let Some(s) = stalled {
            let name = req.dest.file_name().unwrap_or_default().to_string_lossy();
            http.notice(&format!(
                "server stalled, retrying: {}: {}",
                crate::sanitize::printable(&name),
                s.describe()
            ));
        }
        let delay = if at_once {
            Duration::ZERO
        } else {
            policy.retry_delay(failures - 1, retry_after, random_u64())
        };
        if sleep_or_cancel(delay, cancel).await.is_err() {
            return DownloadOutcome::Cancelled;
        }
    }
}

/// The server of one file, and the version of it the bytes on disk came from (the cloud
/// copy's ETag, sent back as `If-Match` when resuming, so that a replaced object is never
/// spliced onto the old one's bytes).
struct Source {
    server: Server,
    etag: Option<String>,
}

/// One request: resume from `part.len`, stream to the end or to the first failure.
#[allow(clippy::too_many_arguments)]
async fn attempt(
    http: &Http,
    url: &Url,
    source: &mut Source,
    req: &FileRequest,
    part: &mut Part,
    sizes: &mut Sizes,
    policy: &RetryPolicy,
    cancel: &CancellationToken,
    progress: ProgressFn<'_>,
) -> Result<(), Attempt> {
    let timeout = policy.call_timeout;
    let io_failed = |what: &str, e: std::io::Error| {
        Attempt::Final(DownloadOutcome::Failed {
            message: format!("{what} {}: {e}", part_path(&req.dest).display()),
        })
    };
    // A .part as long as the product is complete already (a crash between write and rename).
    if !sizes.probe_pending && sizes.want().is_some_and(|s| s == part.len && s > 0) {
        return Ok(());
    }
    sizes.probe_pending = false;
    if sizes.want().is_some_and(|s| part.len > s) {
        part.restart()
            .await
            .map_err(|e| io_failed("cannot reset", e))?;
    }
    let mut builder = http.stream_get(url).map_err(|e| {
        Attempt::Final(DownloadOutcome::NeedsLogin {
            message: e.to_string(),
        })
    })?;
    if part.len > 0 {
        builder = builder.header(RANGE, format!("bytes={}-", part.len));
        if let Some(tag) = source
            .etag
            .as_deref()
            .filter(|_| source.server == Server::Cloud)
        {
            builder = builder.header(IF_MATCH, tag);
        }
    }
    let sent = tokio::select! {
        biased;
        _ = cancel.cancelled() => return Err(Attempt::Final(DownloadOutcome::Cancelled)),
        r = tokio::time::timeout(timeout, builder.send()) => r,
    };
    let resp = match sent {
        Err(_) => return Err(transient(format!("no answer within {timeout:?}"))),
        Ok(Err(e)) => {
            if let Some(error) = http.unreachable(&e) {
                return Err(Attempt::Final(DownloadOutcome::Failed {
                    message: error.to_string(),
                }));
            }
            // A redirect loop or a redirect to http is the server's configuration: final.
            if e.is_redirect() {
                return Err(Attempt::Final(DownloadOutcome::Failed {
                    message: error_text(&e),
                }));
            }
            return Err(transient(error_text(&e)));
        }
        Ok(Ok(r)) => r,
    };
    http.mark_answered();
    let status = resp.status();
    let header = |name| {
        resp.headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let content_length = header(CONTENT_LENGTH).and_then(|v| v.trim().parse::<u64>().ok());
    let content_range = header(CONTENT_RANGE);
    let retry_after = header(RETRY_AFTER).and_then(|v| parse_retry_after(&v, SystemTime::now()));
    if source.server == Server::Cloud && status.is_success() {
        source.etag = header(ETAG);
    }
    let total: Option<u64>;
    match status {
        StatusCode::PARTIAL_CONTENT => {
            let start = content_range.as_deref().and_then(range_start);
            if start != Some(part.len) {
                // Not the bytes we asked for: never splice them on; start over cleanly.
                part.restart()
                    .await
                    .map_err(|e| io_failed("cannot reset", e))?;
                return Err(transient(format!(
                    "the server resumed at {start:?}, not at byte {}; starting over",
                    part.len
                )));
            }
            total = content_range
                .as_deref()
                .and_then(range_total)
                .or(content_length.map(|n| n + part.len));
        }
        StatusCode::OK => {
            if part.len > 0 {
                // The server ignored the Range: the body is the whole file from byte 0.
                part.restart()
                    .await
                    .map_err(|e| io_failed("cannot reset", e))?;
            }
            total = content_length;
        }
        StatusCode::RANGE_NOT_SATISFIABLE => {
            let whole = content_range.as_deref().and_then(range_total);
            if whole == Some(part.len) && part.len > 0 {
                sizes.settle_on(part.len);
                return Ok(());
            }
            part.restart()
                .await
                .map_err(|e| io_failed("cannot reset", e))?;
            return Err(transient(format!(
                "the server cannot resume at byte {} (file is {whole:?} bytes); starting over",
                part.len
            )));
        }
        StatusCode::PRECONDITION_FAILED if source.server == Server::Cloud => {
            // The object was replaced since the bytes on disk were fetched: never splice.
            part.restart()
                .await
                .map_err(|e| io_failed("cannot reset", e))?;
            source.etag = None;
            return Err(again_at_once(
                "the object changed in the bucket since its first bytes; starting over".into(),
            ));
        }
        _ => {
            let code = status.as_u16();
            if source.server == Server::Cloud && matches!(code, 403 | 404) {
                // S3 says 404 for a missing key, 403 where it is not public: final, and
                // short, as the reason a file is fetched from MAST instead.
                let what = if code == 404 {
                    "not in the bucket"
                } else {
                    "not public in the bucket"
                };
                return Err(Attempt::Final(DownloadOutcome::Failed {
                    message: format!("{what} (HTTP {code})"),
                }));
            }
            let body = snippet(resp).await;
            let message = format!("HTTP {code} from {}: {body}", source.server.name());
            return Err(match code {
                401 | 403 => Attempt::Final(DownloadOutcome::NeedsLogin {
                    message: format!(
                        "{message} (log in with a MAST token that has exclusive access, then retry)"
                    ),
                }),
                429 | 500.. => Attempt::Transient {
                    message,
                    retry_after,
                    at_once: false,
                    stalled: None,
                },
                _ => Attempt::Final(DownloadOutcome::Failed { message }),
            });
        }
    }
    let encoding = header(CONTENT_ENCODING)
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"));
    if let (Some(enc), Some(t), Some(listed)) = (&encoding, total, sizes.listed)
        && t != listed
    {
        // Bytes of a .fits.gz labelled gzip are the file itself; anything else compressed
        // unasked (a proxy, a bomb) is refused, and never inflated.
        return Err(Attempt::Final(DownloadOutcome::Failed {
            message: format!(
                "the server sent this file compressed (Content-Encoding: {}, {t} bytes) \
                 although mastui did not ask for compression, not the {listed} bytes MAST \
                 lists; refused unread",
                crate::sanitize::printable(enc)
            ),
        }));
    }
    if let Some(t) = total {
        sizes.confirm(t)?;
    }
    progress(part.len, total.or(sizes.want()));
    let file = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&part.path)
        .await
        .map_err(|e| io_failed("cannot open", e))?;
    let mut out = tokio::io::BufWriter::with_capacity(WRITE_BUFFER, file);
    let mut stream = resp.bytes_stream();
    let mut watch = StallWatch::new(policy.stall_floor, policy.stall_window, Instant::now());
    let result = loop {
        let idle_until = Instant::now() + timeout;
        let until = watch.window_end().map_or(idle_until, |w| w.min(idle_until));
        let next = tokio::select! {
            biased;
            _ = cancel.cancelled() => break Err(Attempt::Final(DownloadOutcome::Cancelled)),
            n = tokio::time::timeout_at(tokio::time::Instant::from_std(until), stream.next()) => n,
        };
        let next = match next {
            Err(_) => {
                if let Err(s) = watch.check(Instant::now()) {
                    break Err(stalled(s));
                }
                if Instant::now() >= idle_until {
                    break Err(transient(format!("stalled for {timeout:?} mid-file")));
                }
                continue;
            }
            Ok(n) => n,
        };
        match next {
            None => break Ok(()),
            Some(Err(e)) => {
                break Err(transient(format!(
                    "connection dropped mid-file: {}",
                    error_text(&e)
                )));
            }
            Some(Ok(chunk)) => {
                if let Err(e) = out.write_all(&chunk).await {
                    break Err(io_failed("cannot write", e));
                }
                part.hasher.update(&chunk);
                part.len += chunk.len() as u64;
                progress(part.len, total.or(sizes.want()));
                watch.add(chunk.len() as u64);
                if let Err(s) = watch.check(Instant::now()) {
                    break Err(stalled(s));
                }
            }
        }
    };
    // Keep what arrived, even after a drop: it is the next attempt's starting point.
    if let Err(e) = out.flush().await {
        return Err(io_failed("cannot write", e));
    }
    if let Err(e) = out.into_inner().sync_all().await {
        return Err(io_failed("cannot sync", e));
    }
    result?;
    match total {
        Some(t) if part.len < t => Err(transient(format!(
            "the answer ended at byte {} of {t}",
            part.len
        ))),
        Some(t) if part.len > t => {
            part.restart()
                .await
                .map_err(|e| io_failed("cannot reset", e))?;
            Err(transient(format!(
                "the server sent more than its {t} bytes; starting over"
            )))
        }
        Some(t) => {
            if sizes.accepted == Some(t) && sizes.listed.is_some_and(|l| t < l) && !sizes.probed {
                sizes.probed = true;
                sizes.probe_pending = true;
                return Err(again_at_once(format!(
                    "the answer ended at byte {t}, short of the {} bytes MAST lists; asking \
                     whether more follows",
                    sizes.listed.unwrap_or_default()
                )));
            }
            Ok(())
        }
        // No length announced: the end of a chunked answer is its own framing. A length
        // other than MAST's is fetched once more, and believed when it comes back the same.
        None => match sizes.want() {
            Some(s) if s != part.len && sizes.listed == Some(s) => {
                let sent = part.len;
                let confirmed = sizes.confirm(sent);
                if confirmed.is_err() {
                    part.restart()
                        .await
                        .map_err(|e| io_failed("cannot reset", e))?;
                }
                confirmed
            }
            _ => Ok(()),
        },
    }
}

/// Verifies the complete `.part`, then renames it into place and makes the rename durable.
async fn finish(req: &FileRequest, part: Part, sizes: Sizes, resumed_from: u64) -> DownloadOutcome {
    let failed = |message: String| DownloadOutcome::Failed { message };
    if let Some(s) = sizes.want()
        && s != part.len
    {
        return failed(format!(
            "expected {s} bytes (MAST lists {}) but {} arrived",
            sizes
                .listed
                .map_or_else(|| "no size".to_string(), |l| l.to_string()),
            part.len
        ));
    }
    if let Err(e) = tokio::fs::rename(&part.path, &req.dest).await {
        return failed(format!(
            "cannot rename {} into place: {e}",
            part.path.display()
        ));
    }
    if let Some(parent) = req.dest.parent() {
        sync_dir(parent).await;
    }
    DownloadOutcome::Complete {
        bytes: part.len,
        sha256: hex(&part.hasher.finalize()),
        resumed_from,
        note: sizes.note,
    }
}

/// Makes a rename durable across a power cut (best effort: not every platform allows it).
async fn sync_dir(dir: &Path) {
    if let Ok(d) = tokio::fs::File::open(dir).await {
        let _ = d.sync_all().await;
    }
}

fn transient(message: String) -> Attempt {
    Attempt::Transient {
        message,
        retry_after: None,
        at_once: false,
        stalled: None,
    }
}

fn again_at_once(message: String) -> Attempt {
    Attempt::Transient {
        message,
        retry_after: None,
        at_once: true,
        stalled: None,
    }
}

fn stalled(s: Stalled) -> Attempt {
    Attempt::Transient {
        message: format!("the server stalled: {}", s.describe()),
        retry_after: None,
        at_once: true,
        stalled: Some(s),
    }
}

async fn snippet(resp: reqwest::Response) -> String {
    let body = resp.bytes().await.unwrap_or_default();
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_SNIPPET * 4)]);
    let text: String = crate::sanitize::printable(text.trim())
        .chars()
        .take(BODY_SNIPPET)
        .collect();
    if text.is_empty() {
        "(no message)".into()
    } else {
        text
    }
}

/// `bytes 100-199/1000` -> 100.
fn range_start(v: &str) -> Option<u64> {
    let spec = v.trim().strip_prefix("bytes ")?;
    spec.split('-').next()?.trim().parse().ok()
}

/// `bytes 100-199/1000` or `bytes */1000` -> 1000.
fn range_total(v: &str) -> Option<u64> {
    v.rsplit('/').next()?.trim().parse().ok()
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of a file on disk, hex (for files skipped because they are already present).
pub async fn sha256_of(path: &Path) -> std::io::Result<String> {
    let part = Part::load(path.to_path_buf()).await?;
    Ok(hex(&part.hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_keep_colon_and_slash() {
        assert_eq!(
            download_url("http://h:1/", "mast:HST/product/a b&c.fits"),
            "http://h:1/api/v0.1/Download/file?uri=mast:HST/product/a%20b%26c.fits"
        );
        assert_eq!(
            download_url(
                "https://m",
                "mast:HLA/url/cgi-bin/fitscut.cgi?red=x&format=fits"
            ),
            "https://m/api/v0.1/Download/file?uri=mast:HLA/url/cgi-bin/fitscut.cgi%3Fred%3Dx%26format%3Dfits"
        );
        // A URL under the archive (a cutout) is itself; anywhere else it is only a name.
        let cut = "http://h:1/tesscut/api/v0.1/astrocut?ra=1&dec=2&x=5";
        assert_eq!(download_url("http://h:1/", cut), cut);
        assert!(
            download_url("http://h:2", cut)
                .starts_with("http://h:2/api/v0.1/Download/file?uri=http:")
        );
        assert!(download_url("http://h:1", "http://h:10/x").starts_with("http://h:1/api/"));
    }

    #[test]
    fn content_ranges() {
        assert_eq!(range_start("bytes 100-199/1000"), Some(100));
        assert_eq!(range_total("bytes 100-199/1000"), Some(1000));
        assert_eq!(range_total("bytes */1000"), Some(1000));
        assert_eq!(range_total("bytes 1-2/*"), None);
    }

    #[test]
    fn hex_digest() {
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
