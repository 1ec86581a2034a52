//! Hostile servers on demand: answers that are not merely broken but slow or malicious, so
//! tests and people can see what the client does against them (`mastui sim --faults
//! trickle=1`). Each is drawn per answer with its share, from a generator of its own so
//! that adding one never changes the sequence of the ordinary faults.
//!
//! - `trickle`: the body comes one byte a second (headers at once).
//! - `length_high`, `length_low`: a download's Content-Length says 4 KiB more (the body then
//!   ends early) or less (hyper cuts the body there) than the file.
//! - `gzip_bomb`: `Content-Encoding: gzip` that inflates about 1 GiB from 6.5 MB.
//! - `redirect_loop`: 307 to the same address, over and over.
//! - `huge_json`: an invoke answer of 2 GiB (announced, then streamed: never held here).
//! - `repeat_rows`: page N >= 2 repeats the rows of page N-1.
//! - `count_off`: the announced row count (`rowsFiltered`, `Column1`) is 7 more than true.
//! - `bad_headers`: header values holding bytes that are not UTF-8.
use std::fmt;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use futures_util::{Stream, StreamExt};

use super::rng::Rng;

/// The `--faults` keys of this file.
pub const KEYS: &str = "trickle, length_high, length_low, gzip_bomb, redirect_loop, \
                        huge_json, repeat_rows, count_off, bad_headers (each =P)";

/// Shares of hostile answers (0 to 1 each).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostileSpec {
    pub trickle: f64,
    pub length_high: f64,
    pub length_low: f64,
    pub gzip_bomb: f64,
    pub redirect_loop: f64,
    pub huge_json: f64,
    pub repeat_rows: f64,
    pub count_off: f64,
    pub bad_headers: f64,
}

impl HostileSpec {
    fn slots(&mut self) -> [(&'static str, &mut f64); 9] {
        [
            ("trickle", &mut self.trickle),
            ("length_high", &mut self.length_high),
            ("length_low", &mut self.length_low),
            ("gzip_bomb", &mut self.gzip_bomb),
            ("redirect_loop", &mut self.redirect_loop),
            ("huge_json", &mut self.huge_json),
            ("repeat_rows", &mut self.repeat_rows),
            ("count_off", &mut self.count_off),
            ("bad_headers", &mut self.bad_headers),
        ]
    }

    /// Sets `key` to `share`; false when the key is not one of this file's.
    pub fn set(&mut self, key: &str, share: f64) -> bool {
        match self.slots().into_iter().find(|(k, _)| *k == key) {
            Some((_, slot)) => {
                *slot = share;
                true
            }
            None => false,
        }
    }

    pub fn is_none(&self) -> bool {
        *self == HostileSpec::default()
    }
}

/// `,trickle=1,...` for the ones set (appended to the ordinary faults' text).
impl fmt::Display for HostileSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, v) in self.clone().slots() {
            if *v > 0.0 {
                write!(f, ",{k}={v}")?;
            }
        }
        Ok(())
    }
}

/// What to do to one answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hostile {
    pub trickle: bool,
    pub length_high: bool,
    pub length_low: bool,
    pub gzip_bomb: bool,
    pub redirect_loop: bool,
    pub huge_json: bool,
    pub repeat_rows: bool,
    pub count_off: bool,
    pub bad_headers: bool,
}

/// The draws, one generator for all requests.
pub struct HostileState {
    spec: HostileSpec,
    rng: Mutex<Rng>,
}

impl HostileState {
    pub fn new(spec: HostileSpec, seed: u64) -> Self {
        HostileState {
            spec,
            rng: Mutex::new(Rng::new(seed ^ 0x0405_711E)),
        }
    }

    /// This answer's hostilities (always the same amount of randomness per answer).
    pub fn decide(&self) -> Hostile {
        if self.spec.is_none() {
            return Hostile::default();
        }
        let Ok(mut rng) = self.rng.lock() else {
            return Hostile::default();
        };
        let mut spec = self.spec.clone();
        let d: Vec<bool> = spec.slots().iter().map(|(_, p)| rng.f64() < **p).collect();
        Hostile {
            trickle: d[0],
            length_high: d[1],
            length_low: d[2],
            gzip_bomb: d[3],
            redirect_loop: d[4],
            huge_json: d[5],
            repeat_rows: d[6],
            count_off: d[7],
            bad_headers: d[8],
        }
    }
}

/// `s` one byte a second.
pub fn trickle<S>(s: S) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send
where
    S: Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
{
    s.flat_map(|chunk| {
        let bytes: Vec<Result<Bytes, std::io::Error>> = match chunk {
            Ok(b) => (0..b.len()).map(|i| Ok(b.slice(i..i + 1))).collect(),
            Err(e) => vec![Err(e)],
        };
        futures_util::stream::iter(bytes)
    })
    .then(|b| async move {
        tokio::time::sleep(Duration::from_secs(1)).await;
        b
    })
}

/// A whole answer trickled, with its length announced.
pub fn trickle_body(bytes: Vec<u8>) -> (Body, usize) {
    let len = bytes.len();
    let s = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(bytes))]);
    (Body::from_stream(trickle(s)), len)
}

/// Bytes of the bomb's compressed body and of what it inflates to.
const BOMB_COPIES: u64 = (1 << 30) / 258;

/// A gzip member inflating to about 1 GiB of zeros: a literal zero, then the longest copy
/// (258 bytes, distance 1) over and over in one fixed-Huffman block, 13 bits each. The
/// trailer's CRC is left zero: a bomb does its harm while inflating, before any check.
pub fn gzip_bomb() -> &'static Bytes {
    static BOMB: OnceLock<Bytes> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut w = Bits::default();
        w.out
            .extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        w.put(1, 1); // BFINAL
        w.put(1, 2); // BTYPE 01: fixed Huffman
        w.code(0x30, 8); // literal 0
        for _ in 0..BOMB_COPIES {
            w.code(0b1100_0101, 8); // length 258 (symbol 285)
            w.code(0, 5); // distance 1
        }
        w.code(0, 7); // end of block
        let mut out = w.finish();
        let inflated = (1 + 258 * BOMB_COPIES) as u32;
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&inflated.to_le_bytes());
        Bytes::from(out)
    })
}

/// The deflate bit order: values LSB first, Huffman codes MSB first.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, bits: u32) {
        self.acc |= value << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    fn code(&mut self, code: u64, bits: u32) {
        let mut rev = 0;
        for i in 0..bits {
            rev |= ((code >> i) & 1) << (bits - 1 - i);
        }
        self.put(rev, bits);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The bomb as an answer of `content_type`.
pub fn gzip_bomb_response(content_type: &'static str) -> Response {
    let bomb = gzip_bomb().clone();
    let mut r = Response::new(Body::from(bomb));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    r
}

/// 307 back to `path_and_query` with a hop counter, so every answer is a new address.
pub fn redirect_loop(path_and_query: &str) -> Response {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut hop = 0u64;
    let mut kept: Vec<&str> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.strip_prefix("hop=") {
            Some(n) => hop = n.parse().unwrap_or(0),
            None => kept.push(pair),
        }
    }
    let hop = format!("hop={}", hop + 1);
    kept.push(&hop);
    let location = format!("{path}?{}", kept.join("&"));
    let mut r = Response::new(Body::from("Redirecting (simulated loop)\n"));
    *r.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Size of the huge answer.
pub const HUGE_JSON: u64 = 2 << 30;

/// A valid 2 GiB invoke answer: one row, then spaces (JSON whitespace) up to the size,
/// streamed from one static buffer.
pub fn huge_json_response() -> Response {
    const HEAD: &[u8] = br#"{"status":"COMPLETE","msg":"","data":[{"obsid":1}"#;
    const TAIL: &[u8] = br#"],"fields":[{"name":"obsid","type":"string"}],"paging":{"page":1,"pageSize":1,"pagesFiltered":1,"rows":1,"rowsFiltered":1,"rowsTotal":1}}"#;
    static SPACES: [u8; 64 * 1024] = [b' '; 64 * 1024];
    let mut fill = HUGE_JSON - (HEAD.len() + TAIL.len()) as u64;
    let middle = futures_util::stream::iter(std::iter::from_fn(move || {
        if fill == 0 {
            return None;
        }
        let n = fill.min(SPACES.len() as u64) as usize;
        fill -= n as u64;
        Some(Ok::<_, std::io::Error>(Bytes::from_static(&SPACES[..n])))
    }));
    let body = futures_util::stream::iter([Ok(Bytes::from_static(HEAD))])
        .chain(middle)
        .chain(futures_util::stream::iter([Ok(Bytes::from_static(TAIL))]));
    let mut r = Response::new(Body::from_stream(body));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(HUGE_JSON));
    r
}

/// Adds header values that are not UTF-8 (obs-text bytes, which HTTP allows to pass).
pub fn spoil_headers(r: &mut Response) {
    let h = r.headers_mut();
    for (name, value) in [
        ("x-mast-note", &b"caf\xe9 \xff\xfe"[..]),
        (
            "content-disposition",
            &b"attachment; filename=\"\xc3\x28.fits\""[..],
        ),
        ("retry-after", &b"\xff1"[..]),
    ] {
        if let Ok(v) = HeaderValue::from_bytes(value) {
            h.insert(header::HeaderName::from_static(name), v);
        }
    }
}

/// `"rowsFiltered":N` and `"Column1":N` raised by 7 in an answer's JSON.
pub fn count_off(body: Vec<u8>) -> Vec<u8> {
    let mut out = body;
    for key in [&b"\"rowsFiltered\":"[..], &b"\"Column1\":"[..]] {
        let Some(at) = out.windows(key.len()).position(|w| w == key) else {
            continue;
        };
        let start = at + key.len();
        let end = start
            + out[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        let Some(n) = std::str::from_utf8(&out[start..end])
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
        else {
            continue;
        };
        out.splice(start..end, (n + 7).to_string().into_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print() {
        let mut s = HostileSpec::default();
        assert!(s.set("trickle", 0.5) && s.set("bad_headers", 1.0));
        assert!(!s.set("bogus", 1.0));
        assert_eq!(s.to_string(), ",trickle=0.5,bad_headers=1");
    }

    #[test]
    fn the_bomb_is_small_and_well_formed_at_its_start() {
        let b = gzip_bomb();
        assert!(b.len() < 8 << 20, "{}", b.len());
        assert_eq!(&b[..3], &[0x1f, 0x8b, 8]);
        // ISIZE: what it claims to inflate to.
        let n = u32::from_le_bytes(b[b.len() - 4..].try_into().unwrap());
        assert_eq!(u64::from(n), 1 + 258 * BOMB_COPIES);
    }

    #[test]
    fn counts_are_raised() {
        let body = br#"{"data":[],"paging":{"rows":3,"rowsFiltered":12,"rowsTotal":12}}"#.to_vec();
        let out = String::from_utf8(count_off(body)).unwrap();
        assert!(out.contains(r#""rowsFiltered":19"#), "{out}");
        assert!(out.contains(r#""rowsTotal":12"#), "{out}");
    }

    #[test]
    fn redirects_count_hops() {
        let r = redirect_loop("/api/v0.1/Download/file?uri=mast:X/a.fits&hop=2");
        assert_eq!(r.status(), StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(
            r.headers()[header::LOCATION],
            "/api/v0.1/Download/file?uri=mast:X/a.fits&hop=3"
        );
    }
}
