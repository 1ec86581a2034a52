//! An invoke answer parsed while it arrives.
//!
//! A page of 50,000 rows is about 40 MB of JSON. Held whole, it doubles what a search needs
//! in memory, and parsing it only after its last byte puts the whole parse on the search's
//! critical path. Here the bytes are scanned as they come: each row of the top-level `data`
//! list is cut out whole and parsed into the table a batch at a time, and what is left
//! (status, msg, fields, paging and an empty `data`) is parsed at the end by the same parser
//! as a whole answer, so that both read an answer alike.
use memchr::memchr2;

use super::http::{BodyStream, StreamEnd};
use super::response::{
    InvokeResponse, TableBuilder, not_json_hint, parse_rows_into, parse_skeleton,
};

/// Whole rows parsed at once: enough to amortise the parser's set-up, little enough to keep
/// the buffer small (a few hundred MAST rows).
const BATCH_BYTES: usize = 256 * 1024;

/// Where the scanner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Outside `data`'s rows: the bytes make the skeleton.
    Outside,
    /// Inside the top-level `data` list: the bytes are rows and their commas.
    Rows,
}

/// An invoke answer read chunk by chunk; [`BodyStream::finish`] gives the parsed answer.
pub struct InvokeStream {
    builder: TableBuilder,
    /// The answer without its rows.
    skeleton: Vec<u8>,
    /// `[`, then whole rows with the commas between them as they came, then the row in
    /// progress.
    rows: Vec<u8>,
    /// The buffer holds no row since the last batch: a comma arriving now separated the
    /// batch's last row from the next, and is not copied.
    strip_separator: bool,
    /// `rows[..whole]` is `[` and whole rows only.
    whole: usize,
    /// Whole rows in the buffer.
    pending: usize,
    mode: Mode,
    /// Nesting outside the rows (inside the top-level object it is 1).
    depth: u32,
    /// Nesting inside the row being read; 0 between rows.
    row_depth: u32,
    /// Inside a row that is a bare value (which the parser then refuses, as a whole
    /// answer's would).
    scalar: bool,
    in_str: bool,
    /// The byte before was a backslash inside a string.
    escaped: bool,
    /// The first bytes of a string at depth 1, to recognise the key `data`.
    key: [u8; 4],
    key_len: usize,
    last_was_data: bool,
    /// `"data":` was just read: a `[` now opens the rows.
    data_next: bool,
    /// What may come next between rows.
    expect: Expect,
    /// Why the rows are malformed, once found.
    broken: Option<String>,
}

/// What JSON allows next in the list of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Just after `[`: a row or `]`.
    FirstOrEnd,
    /// After a row: `,` or `]`.
    CommaOrEnd,
    /// After `,`: a row.
    Row,
}

impl Default for InvokeStream {
    fn default() -> Self {
        InvokeStream {
            builder: TableBuilder::default(),
            skeleton: Vec::new(),
            rows: vec![b'['],
            whole: 1,
            strip_separator: false,
            pending: 0,
            mode: Mode::Outside,
            depth: 0,
            row_depth: 0,
            scalar: false,
            in_str: false,
            escaped: false,
            key: [0; 4],
            key_len: 0,
            last_was_data: false,
            data_next: false,
            expect: Expect::FirstOrEnd,
            broken: None,
        }
    }
}

impl InvokeStream {
    pub fn new() -> InvokeStream {
        InvokeStream::default()
    }

    /// Reads `chunk`, the next bytes of the answer.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), String> {
        let mut i = 0;
        while i < chunk.len() {
            match self.mode {
                Mode::Outside => {
                    self.outside(chunk[i]);
                    i += 1;
                }
                Mode::Rows => i = self.rows_from(chunk, i),
            }
        }
        if let Some(why) = self.broken.take() {
            return Err(why);
        }
        if self.whole >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Whole rows read so far (parsed, or cut out and waiting for their batch).
    pub fn rows_seen(&self) -> usize {
        self.builder.rows() + self.pending
    }

    /// The parsed answer, once every byte was pushed.
    pub fn end(mut self) -> Result<InvokeResponse, StreamEnd> {
        if self.mode != Mode::Outside {
            return Err(StreamEnd {
                message: format!(
                    "the answer stops in the middle of its rows, after {} whole ones",
                    self.builder.rows() + self.pending
                ),
                truncated: true,
            });
        }
        self.flush().map_err(|message| StreamEnd {
            message,
            truncated: false,
        })?;
        let skeleton = std::mem::take(&mut self.skeleton);
        parse_skeleton(self.builder, &skeleton).map_err(|e| StreamEnd {
            truncated: e.is_eof(),
            message: not_json_hint(&skeleton, e.to_string()),
        })
    }

    /// One byte outside the rows: kept for the skeleton, and watched for `"data": [`.
    fn outside(&mut self, b: u8) {
        self.skeleton.push(b);
        if self.in_str {
            if self.escaped {
                self.escaped = false;
                self.key_len = usize::MAX / 2;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_str = false;
                if self.depth == 1 {
                    self.last_was_data = self.key_len == 4 && &self.key == b"data";
                }
            } else {
                if self.key_len < 4 {
                    self.key[self.key_len] = b;
                }
                self.key_len = self.key_len.saturating_add(1);
            }
            return;
        }
        if is_json_space(b) {
            return;
        }
        if self.depth == 1 && self.data_next && b == b'[' {
            self.data_next = false;
            self.depth = 2;
            self.mode = Mode::Rows;
            self.expect = Expect::FirstOrEnd;
            return;
        }
        let at_top = self.depth == 1;
        self.data_next = false;
        match b {
            b'"' => {
                self.in_str = true;
                self.key_len = 0;
            }
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => self.depth = self.depth.saturating_sub(1),
            b':' if at_top => self.data_next = self.last_was_data,
            _ => {}
        }
    }

    /// Reads rows and the commas between them from `c[start..]` in one pass, copying the
    /// span to the rows buffer at once; returns where it stopped (the end of the list, a
    /// malformed list, or the chunk's end).
    fn rows_from(&mut self, c: &[u8], start: usize) -> usize {
        // The scanner's state in locals: this loop sees nearly every byte of a page.
        let mut depth = self.row_depth;
        let mut in_str = self.in_str;
        let mut escaped = self.escaped;
        let mut scalar = self.scalar;
        let mut expect = self.expect;
        // Where the last whole row ended in this chunk, if one did.
        let mut whole_at = None;
        let mut rows_ended = 0;
        let mut i = start;
        let mut end_of_list = false;
        while i < c.len() {
            if in_str {
                if escaped {
                    escaped = false;
                    i += 1;
                    continue;
                }
                // Much of a row is strings: jump to the next quote or backslash.
                i = string_stop(c, i);
                match c.get(i) {
                    None => {}
                    Some(b'\\') => {
                        escaped = true;
                        i += 1;
                    }
                    Some(_) => {
                        in_str = false;
                        i += 1;
                    }
                }
                continue;
            }
            let b = c[i];
            if depth > 0 {
                match b {
                    b'"' => in_str = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            whole_at = Some(i + 1);
                            rows_ended += 1;
                        }
                    }
                    _ => {
                        // Numbers, nulls, colons and commas: nothing to do until the next
                        // quote or bracket.
                        i = next_structural(c, i + 1);
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            if scalar {
                if b == b'"' {
                    in_str = true;
                    i += 1;
                    continue;
                }
                if !(b == b',' || b == b']' || is_json_space(b)) {
                    i += 1;
                    continue;
                }
                scalar = false;
                whole_at = Some(i);
                rows_ended += 1;
            }
            // Between rows.
            match b {
                _ if is_json_space(b) => {}
                b',' if expect == Expect::CommaOrEnd => expect = Expect::Row,
                b']' if expect != Expect::Row => {
                    end_of_list = true;
                    break;
                }
                b',' | b']' => {
                    self.broken = Some(format!(
                        "a row was expected in `data` after row {}, not {:?}",
                        self.builder.rows() + self.pending + rows_ended,
                        char::from(b)
                    ));
                    break;
                }
                _ if expect == Expect::CommaOrEnd => {
                    self.broken = Some(format!(
                        "`,` or `]` was expected in `data` after row {}",
                        self.builder.rows() + self.pending + rows_ended
                    ));
                    break;
                }
                b'{' | b'[' => {
                    expect = Expect::CommaOrEnd;
                    depth = 1;
                }
                b'"' => {
                    expect = Expect::CommaOrEnd;
                    scalar = true;
                    in_str = true;
                }
                _ => {
                    expect = Expect::CommaOrEnd;
                    scalar = true;
                }
            }
            i += 1;
        }
        // The bytes read go to the rows buffer in one copy; the list's `]` is not a row's.
        let mut from = start;
        if self.strip_separator {
            while from < i && (c[from] == b',' || is_json_space(c[from])) {
                from += 1;
            }
            self.strip_separator = from == i;
        }
        let before = self.rows.len();
        self.rows.extend_from_slice(&c[from..i]);
        if let Some(at) = whole_at {
            self.whole = before + (at - from);
        }
        self.pending += rows_ended;
        self.row_depth = depth;
        self.in_str = in_str;
        self.escaped = escaped;
        self.scalar = scalar;
        self.expect = expect;
        if end_of_list {
            // Whatever followed the last row (spaces) is dropped with the `]`.
            self.rows.truncate(self.whole);
            self.skeleton.push(b']');
            self.depth = 1;
            self.mode = Mode::Outside;
            return i + 1;
        }
        if self.broken.is_some() {
            return c.len();
        }
        i
    }

    /// Parses the whole rows in the buffer into the table, keeping the row in progress.
    fn flush(&mut self) -> Result<(), String> {
        if self.whole <= 1 {
            return Ok(());
        }
        let tail = self.rows.split_off(self.whole);
        self.rows.push(b']');
        let before = self.builder.rows();
        parse_rows_into(&mut self.builder, &self.rows)
            .map_err(|e| format!("in the rows after row {before}: {e}"))?;
        self.rows.clear();
        self.rows.push(b'[');
        // The row in progress, without the comma (and spaces) that separated it.
        let from = tail
            .iter()
            .position(|&b| b != b',' && !is_json_space(b))
            .unwrap_or(tail.len());
        self.rows.extend_from_slice(&tail[from..]);
        self.strip_separator = from == tail.len();
        self.whole = 1;
        self.pending = 0;
        Ok(())
    }
}

/// Where the next `"`, `{`, `}`, `[` or `]` is in `c` from `i` (`c.len()` if none): eight
/// bytes tested at once (a zero byte in `word ^ pattern` marks a match; the lowest one
/// found is always a true match, as the trick's false hits only sit above a true one).
fn next_structural(c: &[u8], mut i: usize) -> usize {
    while let Some(w) = word_at(c, i) {
        // Setting bit 5 folds `[` into `{` and `]` into `}`, and nothing else into either.
        let folded = w | repeat(0x20);
        let hits = zero_bytes(w ^ repeat(b'"'))
            | zero_bytes(folded ^ repeat(b'{'))
            | zero_bytes(folded ^ repeat(b'}'));
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < c.len() && !matches!(c[i], b'"' | b'{' | b'}' | b'[' | b']') {
        i += 1;
    }
    i
}

/// Where the next `"` or `\` is in `c` from `i` (`c.len()` if none). Most strings of a
/// row are short (keys, ids, flags): eight bytes at a time over the first 32, where a
/// vector search costs more to set up than it saves, and memchr's past that.
fn string_stop(c: &[u8], i: usize) -> usize {
    let mut j = i;
    for _ in 0..4 {
        let Some(w) = word_at(c, j) else {
            break;
        };
        let hits = zero_bytes(w ^ repeat(b'"')) | zero_bytes(w ^ repeat(b'\\'));
        if hits != 0 {
            return j + (hits.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    memchr2(b'"', b'\\', &c[j..]).map_or(c.len(), |k| j + k)
}

/// The eight bytes of `c` from `i`, little-endian, if there are eight.
fn word_at(c: &[u8], i: usize) -> Option<u64> {
    let bytes = <[u8; 8]>::try_from(c.get(i..i.checked_add(8)?)?).ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// `b` in every byte of a word.
const fn repeat(b: u8) -> u64 {
    b as u64 * 0x0101_0101_0101_0101
}

/// The high bit of each zero byte of `v` set, and (the trick's price) perhaps of bytes
/// above a zero one; the lowest set bit is always a true zero byte.
const fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(repeat(1)) & !v & repeat(0x80)
}

/// JSON's four whitespace bytes (`is_ascii_whitespace` also takes form feed, which JSON
/// does not).
fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl BodyStream<InvokeResponse> for InvokeStream {
    fn feed(&mut self, chunk: &[u8]) -> Result<(), String> {
        self.push(chunk)
    }

    fn finish(self: Box<Self>) -> Result<InvokeResponse, StreamEnd> {
        (*self).end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_of_a_string_is_found_wherever_it_sits() {
        for hit in [b'"', b'\\', b'a', 0x22 ^ 0x80, 0x5c ^ 0x01] {
            for at in 0..70 {
                let mut c = vec![b'x'; 70];
                c[at] = hit;
                c[(at + 1) % 70] = 0x01;
                for from in 0..=70 {
                    let want = (from..70)
                        .find(|&k| c[k] == b'"' || c[k] == b'\\')
                        .unwrap_or(70);
                    assert_eq!(string_stop(&c, from), want, "{hit:#x} at {at} from {from}");
                }
            }
        }
    }

    #[test]
    fn the_next_structural_byte_is_found_wherever_it_sits() {
        let plain = |b: u8| !matches!(b, b'"' | b'{' | b'}' | b'[' | b']');
        // Every byte value at every place of a 20-byte run, after every start.
        for hit in 0..=255u8 {
            for at in 0..20 {
                let mut c = vec![b'1'; 20];
                c[at] = hit;
                // Bytes that trip the eight-at-once test when next to a match.
                c[(at + 1) % 20] = 0x01;
                for from in 0..=20 {
                    let want = (from..20).find(|&k| !plain(c[k])).unwrap_or(20);
                    assert_eq!(
                        next_structural(&c, from),
                        want,
                        "{hit:#x} at {at} from {from}"
                    );
                }
            }
        }
    }
    use crate::mast::response::parse_invoke_response;

    fn streamed(bytes: &[u8], chunk: usize) -> Result<InvokeResponse, StreamEnd> {
        let mut s = InvokeStream::new();
        for c in bytes.chunks(chunk.max(1)) {
            s.push(c).map_err(|message| StreamEnd {
                message,
                truncated: false,
            })?;
        }
        s.end()
    }

    fn split_in_two(bytes: &[u8], at: usize) -> Result<InvokeResponse, StreamEnd> {
        let mut s = InvokeStream::new();
        for c in [&bytes[..at], &bytes[at..]] {
            s.push(c).map_err(|message| StreamEnd {
                message,
                truncated: false,
            })?;
        }
        s.end()
    }

    // MAST's shape (data before fields, type lies, nulls, a missing key, `_selected_`), with
    // strings holding what a scanner can trip on: quotes, backslashes, brackets, "data".
    const CAOM: &str = r#" {"status": "COMPLETE", "msg": "a \"data\": [ note",
      "data" : [
        {"obsid": 2003738726, "obs_id": "u9o\\40504m", "s_ra": 23.118, "calib_level": 3, "dataURL": null, "_selected_": null},
        {"obs_id": "jw01073 [}{] \"quoted\" \u00e9", "obsid": 87602000, "s_ra": 210, "calib_level": 2, "dataURL": "mast:JWST/product/x.fits", "_selected_": null, "x": [1, {"data": [2]}]},
        {"obsid": 3, "obs_id": "c\\", "calib_level": 1, "_selected_": null}
      ],
      "fields": [{"name": "obsid", "type": "string"}, {"name": "obs_id", "type": "string"},
                 {"name": "s_ra", "type": "float"}, {"name": "calib_level", "type": "int"},
                 {"name": "dataURL", "type": "string"}, {"name": "t_min", "type": "float"},
                 {"name": "_selected_", "type": "boolean"}],
      "paging": {"page": 1, "pageSize": 50000, "pagesFiltered": 1, "rows": 3, "rowsFiltered": 3, "rowsTotal": 3}} "#;

    // Catalogs.MAST's shape: array rows, the field list first, a long as text.
    const PANSTARRS: &str = r#"{"info":[{"name":"objID","type":"long"},{"name":"raMean","type":"double"}],
      "data":[["108011000000000001",10.5],["108011000000000002",null]],"totalCount":2}"#;

    #[test]
    fn split_anywhere_the_answer_reads_as_a_whole_one() {
        for doc in [CAOM, PANSTARRS] {
            let whole = parse_invoke_response(doc.as_bytes()).unwrap();
            assert!(whole.table.rows() > 0);
            for at in 0..=doc.len() {
                let s = split_in_two(doc.as_bytes(), at).unwrap_or_else(|e| {
                    panic!("split at {at}: {}", e.message);
                });
                assert_eq!(s, whole, "split at {at}");
            }
            for chunk in [1, 2, 3, 7, 64] {
                assert_eq!(streamed(doc.as_bytes(), chunk).ok().unwrap(), whole);
            }
        }
    }

    #[test]
    fn many_batches_keep_every_row_in_order() {
        let mut doc = String::from(r#"{"status":"COMPLETE","msg":"","data":["#);
        let n = 20_000;
        for i in 0..n {
            if i > 0 {
                doc.push(',');
            }
            doc.push_str(&format!(
                r#"{{"obsid":{i},"obs_id":"o\\{i}\"x","s_ra":{}.5,"flag":{}}}"#,
                i % 360,
                i % 2 == 0
            ));
        }
        doc.push_str(r#"],"fields":[{"name":"obsid","type":"string"}],"paging":{"page":1,"pageSize":50000,"pagesFiltered":1,"rows":20000,"rowsFiltered":20000,"rowsTotal":20000}}"#);
        assert!(doc.len() > 3 * BATCH_BYTES);
        let whole = parse_invoke_response(doc.as_bytes()).unwrap();
        for chunk in [997, 16 * 1024, 1 << 20] {
            let s = streamed(doc.as_bytes(), chunk).ok().unwrap();
            assert_eq!(s.table.rows(), n);
            assert_eq!(s, whole);
        }
    }

    #[test]
    fn a_comma_arriving_after_a_batch_is_parsed_is_not_taken_for_a_row() {
        // Each row and each comma in a piece of its own, so that batches end exactly at a
        // row's end and the next piece is the separator.
        let row = format!(r#"{{"a":"{}","b":1}}"#, "x".repeat(1000));
        let mut pieces = vec![r#"{"status":"COMPLETE","data":[ "#.to_string()];
        for i in 0..1_000 {
            if i > 0 {
                pieces.push(" , ".to_string());
            }
            pieces.push(row.clone());
        }
        pieces.push(r#" ],"fields":[{"name":"a","type":"string"}]}"#.to_string());
        let doc = pieces.concat();
        let whole = parse_invoke_response(doc.as_bytes()).unwrap();
        let mut s = InvokeStream::new();
        for p in &pieces {
            s.push(p.as_bytes()).unwrap();
        }
        let streamed = s.end().ok().unwrap();
        assert_eq!(streamed.table.rows(), 1_000);
        assert_eq!(streamed, whole);
    }

    #[test]
    fn a_cut_answer_is_an_error_that_says_so() {
        let whole_len = CAOM.trim_end().len();
        for at in 1..whole_len {
            let e = streamed(&CAOM.as_bytes()[..at], 5).err();
            let e = e.unwrap_or_else(|| panic!("cut at {at} was read"));
            assert!(e.truncated, "cut at {at}: {}", e.message);
        }
    }

    #[test]
    fn malformed_lists_of_rows_are_refused_as_a_whole_parse_refuses_them() {
        for doc in [
            r#"{"data":[{"a":1},]}"#,
            r#"{"data":[,{"a":1}]}"#,
            r#"{"data":[{"a":1} {"a":2}]}"#,
            r#"{"data":[{"a":1},,{"a":2}]}"#,
            r#"{"data":[{"a":1}}"#,
            r#"{"data":[1, 2]}"#,
            r#"{"data":[{"a":1]}]}"#,
            r#"{"data":[{"a":tru}]}"#,
            r#"{"data":[]} trailing"#,
        ] {
            assert!(parse_invoke_response(doc.as_bytes()).is_err(), "{doc}");
            for chunk in [1, 4, 100] {
                assert!(streamed(doc.as_bytes(), chunk).is_err(), "{doc} by {chunk}");
            }
        }
        // Empty and absent rows are fine.
        for doc in [
            r#"{"data":[]}"#,
            r#"{"data": [ ] }"#,
            r#"{"status":"EXECUTING"}"#,
        ] {
            let whole = parse_invoke_response(doc.as_bytes()).unwrap();
            assert_eq!(streamed(doc.as_bytes(), 1).ok().unwrap(), whole, "{doc}");
        }
    }

    #[test]
    fn an_html_page_is_named_as_one() {
        let page = b"<html><head><title>Service Unavailable</title></head><body>down</body></html>";
        let e = streamed(page, 16).err().unwrap();
        assert!(e.message.contains("HTML page"), "{}", e.message);
    }
}
