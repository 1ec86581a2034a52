//! The invoke envelope: what `POST BASE/api/v0/invoke` takes, encoded as MAST expects.
//!
//! The form body is `request=<percent-encoded JSON>`. MAST (and astroquery, which uses
//! Python's `quote`) encodes spaces as `%20`, never `+`, so the body is built by hand rather
//! than by a generic form encoder.
use std::fmt::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::retry::random_u64;

/// Rows per page astroquery asks for; MAST's own default (1,000) makes huge results crawl.
pub const DEFAULT_PAGESIZE: u64 = 50_000;

/// MAST resets the connection of a single answer above about 500,000 rows: a bigger page
/// could never arrive, however often it is retried.
pub const MAX_PAGESIZE: u64 = 500_000;

/// Everything but RFC 3986's unreserved characters is escaped: safe for any form decoder.
const FORM_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One invoke request. Re-sending it unchanged (same `cache_breaker`) is how a client polls
/// an EXECUTING job and asks for further pages of the same result.
#[derive(Debug, Clone, PartialEq)]
pub struct InvokeRequest {
    /// The Mashup service, e.g. `Mast.Caom.Filtered`.
    pub service: String,
    /// The service's own parameters (an object).
    pub params: serde_json::Value,
    /// `json` for tables, `extjs` for the mission histogram.
    pub format: String,
    pub pagesize: u64,
    /// 1-based.
    pub page: u64,
    /// A UUID-v4-shaped string naming this result on the server.
    pub cache_breaker: String,
    /// Server long-poll in seconds (MAST's default is 20 when absent).
    pub timeout: Option<u64>,
    /// An uploaded table beside `params` (crossmatch): `{"fields": [..], "data": [..]}`.
    pub data: Option<serde_json::Value>,
}

impl InvokeRequest {
    /// A first-page JSON request with a fresh cacheBreaker.
    pub fn new(service: impl Into<String>, params: serde_json::Value) -> Self {
        InvokeRequest {
            service: service.into(),
            params,
            format: "json".to_string(),
            pagesize: DEFAULT_PAGESIZE,
            page: 1,
            cache_breaker: new_cache_breaker(),
            timeout: None,
            data: None,
        }
    }

    /// The same request (same cacheBreaker) for another page.
    pub fn with_page(&self, page: u64) -> Self {
        InvokeRequest {
            page,
            ..self.clone()
        }
    }

    /// Rows per page, kept within 1 and [`MAX_PAGESIZE`].
    pub fn with_pagesize(mut self, pagesize: u64) -> Self {
        self.pagesize = pagesize.clamp(1, MAX_PAGESIZE);
        self
    }

    pub fn with_format(mut self, format: impl Into<String>) -> Self {
        self.format = format.into();
        self
    }

    pub fn with_timeout(mut self, seconds: Option<u64>) -> Self {
        self.timeout = seconds;
        self
    }

    /// The table a crossmatch uploads (the envelope's `data` key).
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }

    /// The envelope as JSON text, keys in MAST's documented order.
    pub fn envelope_json(&self) -> String {
        let mut out = String::with_capacity(256);
        out.push_str("{\"service\": ");
        push_json(&mut out, &serde_json::Value::String(self.service.clone()));
        out.push_str(", \"params\": ");
        push_json(&mut out, &self.params);
        out.push_str(", \"format\": ");
        push_json(&mut out, &serde_json::Value::String(self.format.clone()));
        let _ = write!(
            out,
            ", \"pagesize\": {}, \"page\": {}, \"cacheBreaker\": ",
            self.pagesize, self.page
        );
        push_json(
            &mut out,
            &serde_json::Value::String(self.cache_breaker.clone()),
        );
        if let Some(t) = self.timeout {
            let _ = write!(out, ", \"timeout\": {t}");
        }
        if let Some(d) = &self.data {
            out.push_str(", \"data\": ");
            push_json(&mut out, d);
        }
        out.push('}');
        out
    }

    /// `request=<percent-encoded JSON>`, the body of `POST /api/v0/invoke`.
    pub fn form_body(&self) -> String {
        let json = self.envelope_json();
        let mut out = String::with_capacity(json.len() * 2 + 8);
        out.push_str("request=");
        out.extend(utf8_percent_encode(&json, FORM_VALUE));
        out
    }
}

fn push_json(out: &mut String, v: &serde_json::Value) {
    // Serializing a Value cannot fail (its map keys are strings); "null" keeps the envelope valid
    // if it ever did.
    match serde_json::to_string(v) {
        Ok(s) => out.push_str(&s),
        Err(_) => out.push_str("null"),
    }
}

/// A random UUID-v4-shaped string (version and variant bits set as RFC 4122 says).
pub fn new_cache_breaker() -> String {
    let hi = random_u64();
    let lo = random_u64();
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&hi.to_be_bytes());
    b[8..].copy_from_slice(&lo.to_be_bytes());
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        let _ = write!(s, "{byte:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode_body(body: &str) -> serde_json::Value {
        let encoded = body.strip_prefix("request=").expect("request= prefix");
        assert!(!encoded.contains(' ') && !encoded.contains('+'));
        let text = percent_encoding::percent_decode_str(encoded)
            .decode_utf8()
            .expect("utf8");
        serde_json::from_str(&text).expect("json")
    }

    #[test]
    fn form_body_round_trips_to_the_envelope() {
        let params = json!({"columns": "*", "filters": [{"paramName": "obs_collection", "values": ["JWST"]}],
                            "position": "210.802429, 54.34875, 0.2", "odd": "a&b=c+d%e/é"});
        let req = InvokeRequest::new("Mast.Caom.Filtered.Position", params.clone()).with_page(3);
        let v = decode_body(&req.form_body());
        assert_eq!(
            v,
            json!({"service": "Mast.Caom.Filtered.Position", "params": params, "format": "json",
                   "pagesize": 50000, "page": 3, "cacheBreaker": req.cache_breaker})
        );
        assert!(v.get("timeout").is_none());
    }

    #[test]
    fn spaces_are_percent_20_and_timeout_is_optional() {
        let req = InvokeRequest::new("Mast.Name.Lookup", json!({"input": "M 101"}))
            .with_timeout(Some(5))
            .with_pagesize(10)
            .with_format("extjs");
        let body = req.form_body();
        assert!(body.contains("%20"));
        let v = decode_body(&body);
        assert_eq!(v["timeout"], 5);
        assert_eq!(v["pagesize"], 10);
        assert_eq!(v["format"], "extjs");
        assert_eq!(v["params"]["input"], "M 101");
        // The envelope keeps MAST's documented key order.
        let json = req.envelope_json();
        let order: Vec<usize> = [
            "service",
            "params",
            "format",
            "pagesize",
            "page",
            "cacheBreaker",
            "timeout",
        ]
        .iter()
        .map(|k| json.find(&format!("\"{k}\"")).expect("key present"))
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{json}");
    }

    #[test]
    fn an_uploaded_table_travels_beside_params() {
        let table = json!({"fields": [{"name": "ra", "type": "float"}], "data": [{"ra": 1.5}]});
        let req = InvokeRequest::new("Mast.Caom.Crossmatch", json!({"raColumn": "ra"}))
            .with_data(table.clone());
        let v = decode_body(&req.form_body());
        assert_eq!(v["data"], table);
        assert_eq!(v["params"]["raColumn"], "ra");
        assert!(decode_body(&req.with_page(2).form_body())["data"].is_object());
    }

    #[test]
    fn pagesize_stays_where_mast_can_answer() {
        let req = InvokeRequest::new("x", json!({}));
        assert_eq!(req.clone().with_pagesize(0).pagesize, 1);
        assert_eq!(req.clone().with_pagesize(u64::MAX).pagesize, MAX_PAGESIZE);
        assert_eq!(req.with_pagesize(1_000).pagesize, 1_000);
    }

    #[test]
    fn with_page_keeps_the_cache_breaker() {
        let req = InvokeRequest::new("Mast.Caom.Cone", json!({}));
        let next = req.with_page(2);
        assert_eq!(next.cache_breaker, req.cache_breaker);
        assert_eq!(next.page, 2);
        assert_ne!(
            InvokeRequest::new("x", json!({})).cache_breaker,
            req.cache_breaker
        );
    }

    #[test]
    fn cache_breaker_is_uuid4_shaped() {
        for _ in 0..100 {
            let s = new_cache_breaker();
            assert_eq!(s.len(), 36);
            let parts: Vec<&str> = s.split('-').collect();
            assert_eq!(
                parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
                [8, 4, 4, 4, 12]
            );
            assert!(parts[2].starts_with('4'));
            assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
            assert!(s.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()));
        }
    }
}
