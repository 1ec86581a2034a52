//! Hand-written JSON output: tens of thousands of rows must serialise in milliseconds,
//! so rows are written straight into a byte buffer instead of building `serde_json::Value`s.

use std::borrow::Cow;
use std::fmt::Write as _;

/// One cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(Cow<'a, str>),
}

impl<'a> Val<'a> {
    pub fn s(s: &'a str) -> Val<'a> {
        Val::Str(Cow::Borrowed(s))
    }
    pub fn owned(s: String) -> Val<'a> {
        Val::Str(Cow::Owned(s))
    }
    pub fn opt_s(s: Option<&'a str>) -> Val<'a> {
        s.map_or(Val::Null, Val::s)
    }
    /// Numeric view (ints, floats, and strings holding a number).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Int(i) => Some(*i as f64),
            Val::Float(f) => Some(*f),
            Val::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// A growable JSON byte buffer.
#[derive(Default)]
pub struct JsonBuf {
    buf: String,
}

impl JsonBuf {
    pub fn with_capacity(n: usize) -> Self {
        JsonBuf {
            buf: String::with_capacity(n),
        }
    }

    pub fn len(&self) -> usize {
        self.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf.into_bytes()
    }

    pub fn as_str(&self) -> &str {
        &self.buf
    }

    #[inline]
    pub fn raw(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// A quoted, escaped JSON string.
    pub fn string(&mut self, s: &str) {
        self.buf.push('"');
        let bytes = s.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let esc: Option<&str> = match b {
                b'"' => Some("\\\""),
                b'\\' => Some("\\\\"),
                b'\n' => Some("\\n"),
                b'\r' => Some("\\r"),
                b'\t' => Some("\\t"),
                0..=0x1f => None,
                _ => continue,
            };
            self.buf.push_str(&s[start..i]);
            match esc {
                Some(e) => self.buf.push_str(e),
                None => {
                    let _ = write!(self.buf, "\\u{:04x}", b);
                }
            }
            start = i + 1;
        }
        self.buf.push_str(&s[start..]);
        self.buf.push('"');
    }

    pub fn int(&mut self, v: i64) {
        // Hand-rolled because `write!` goes through the formatting machinery per call.
        let mut tmp = [0u8; 20];
        let mut n = v.unsigned_abs();
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if v < 0 {
            self.buf.push('-');
        }
        // Only ASCII digits were written.
        self.buf
            .push_str(std::str::from_utf8(&tmp[i..]).unwrap_or("0"));
    }

    /// Shortest round-trip form; NaN and infinities become null as MAST does.
    pub fn float(&mut self, v: f64) {
        if !v.is_finite() {
            self.buf.push_str("null");
        } else if v.fract() == 0.0 && v.abs() < 1e15 {
            self.int(v as i64);
        } else {
            let _ = write!(self.buf, "{v}");
        }
    }

    pub fn val(&mut self, v: &Val<'_>) {
        match v {
            Val::Null => self.raw("null"),
            Val::Int(i) => self.int(*i),
            Val::Float(f) => self.float(*f),
            Val::Bool(b) => self.raw(if *b { "true" } else { "false" }),
            Val::Str(s) => self.string(s),
        }
    }

    /// `"key":` with the key escaped.
    pub fn key(&mut self, k: &str) {
        self.string(k);
        self.buf.push(':');
    }
}

/// The `paging` object of an invoke answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u64,
    pub page_size: u64,
    pub rows: u64,
    pub rows_filtered: u64,
}

impl Paging {
    pub fn pages_filtered(&self) -> u64 {
        if self.page_size == 0 {
            0
        } else {
            self.rows_filtered.div_ceil(self.page_size)
        }
    }

    pub fn write(&self, out: &mut JsonBuf) {
        out.raw("{\"page\":");
        out.int(self.page as i64);
        out.raw(",\"pageSize\":");
        out.int(self.page_size as i64);
        out.raw(",\"pagesFiltered\":");
        out.int(self.pages_filtered() as i64);
        out.raw(",\"rows\":");
        out.int(self.rows as i64);
        out.raw(",\"rowsFiltered\":");
        out.int(self.rows_filtered as i64);
        out.raw(",\"rowsTotal\":");
        out.int(self.rows_filtered as i64);
        out.raw("}");
    }
}

/// A bare status answer (`ERROR` or `EXECUTING`) in the standard envelope key order.
pub fn status_answer(status: &str, msg: &str) -> Vec<u8> {
    let mut out = JsonBuf::with_capacity(128 + msg.len());
    out.raw("{\"status\":");
    out.string(status);
    out.raw(",\"msg\":");
    out.string(msg);
    out.raw(",\"data\":[],\"fields\":[],\"paging\":");
    Paging {
        page: 1,
        page_size: 0,
        rows: 0,
        rows_filtered: 0,
    }
    .write(&mut out);
    out.raw("}");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_valid_json() {
        let mut b = JsonBuf::default();
        b.raw("[");
        b.string("a\"b\\c\n\u{1}é");
        b.raw(",");
        b.int(-1234567890123);
        b.raw(",");
        b.int(0);
        b.raw(",");
        b.float(1500.0);
        b.raw(",");
        b.float(0.1);
        b.raw(",");
        b.float(f64::NAN);
        b.raw(",");
        b.val(&Val::Bool(true));
        b.raw("]");
        let v: serde_json::Value = serde_json::from_str(b.as_str()).unwrap();
        assert_eq!(v[0], "a\"b\\c\n\u{1}é");
        assert_eq!(v[1], -1234567890123i64);
        assert_eq!(v[2], 0);
        assert_eq!(v[3], 1500);
        assert_eq!(v[4], 0.1);
        assert!(v[5].is_null());
        assert_eq!(v[6], true);
    }

    #[test]
    fn paging_counts_pages() {
        let p = Paging {
            page: 2,
            page_size: 10,
            rows: 5,
            rows_filtered: 25,
        };
        assert_eq!(p.pages_filtered(), 3);
        let mut b = JsonBuf::default();
        p.write(&mut b);
        let v: serde_json::Value = serde_json::from_str(b.as_str()).unwrap();
        assert_eq!(v["pagesFiltered"], 3);
        assert_eq!(v["rowsTotal"], 25);
        let v: serde_json::Value = serde_json::from_slice(&status_answer("ERROR", "bad")).unwrap();
        assert_eq!(v["status"], "ERROR");
        assert_eq!(v["msg"], "bad");
    }
}
