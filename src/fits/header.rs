//! Reading the headers of a FITS file, and only them: each HDU's header is read in
//! 2880-byte blocks of 36 80-character cards up to END, its data size worked out from
//! BITPIX, NAXISn, PCOUNT and GCOUNT, and the data skipped with a seek, so a 2 GB file costs
//! a few kilobytes of reading. Written here rather than taken from a crate: the format is
//! small and fixed, and the pure-Rust FITS crates read data too or pull in C (cfitsio).
use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};

/// FITS files are made of blocks of this many bytes.
pub const BLOCK: u64 = 2880;
const CARD: usize = 80;
/// A header longer than this is not believed (real ones are a few hundred cards).
const MAX_HEADER_BLOCKS: u64 = 10_000;
/// HDUs read at most (a file of more is cut, and says so).
const MAX_HDUS: usize = 10_000;

/// One header card: `KEYWORD = value / comment`, or commentary (`COMMENT`, `HISTORY`, blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub keyword: String,
    /// The value as written (strings unquoted, `''` made `'`, CONTINUE cards joined); None
    /// for commentary cards.
    pub value: Option<String>,
    pub comment: String,
}

/// One header-and-data unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hdu {
    /// 0 for the primary HDU.
    pub index: usize,
    /// Where its header starts in the file.
    pub offset: u64,
    pub cards: Vec<Card>,
    /// Bytes of data after the header (padding to whole blocks included).
    pub data_bytes: u64,
}

impl Hdu {
    /// The value of a keyword (the first card that has it).
    pub fn value(&self, keyword: &str) -> Option<&str> {
        self.cards
            .iter()
            .find(|c| c.keyword == keyword)
            .and_then(|c| c.value.as_deref())
    }

    /// `PRIMARY`, or the extension's type and name (`IMAGE SCI`, `BINTABLE`).
    pub fn kind(&self) -> String {
        match self.value("XTENSION") {
            None => "PRIMARY".to_string(),
            Some(x) => match self.value("EXTNAME") {
                Some(name) => format!("{} {}", x.trim(), name.trim()),
                None => x.trim().to_string(),
            },
        }
    }
}

/// Every header of a file, and how much of the file was read to find them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    pub hdus: Vec<Hdu>,
    pub bytes_read: u64,
    pub file_bytes: u64,
    /// Bytes after the last HDU that are not another one (some writers pad with
    /// anything; astropy warns about them too).
    pub trailing: u64,
}

#[derive(Debug)]
pub enum FitsError {
    Io(io::Error),
    /// Not a FITS file at all (the first card is not `SIMPLE = T`).
    NotFits(String),
    /// The file ends inside a header, or before the data its header announces.
    Truncated(String),
    /// A header that breaks the format.
    Malformed(String),
}

impl fmt::Display for FitsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FitsError::Io(e) => write!(f, "cannot read the file: {e}"),
            FitsError::NotFits(why) => write!(f, "not a FITS file: {why}"),
            FitsError::Truncated(why) => write!(f, "truncated FITS file: {why}"),
            FitsError::Malformed(why) => write!(f, "malformed FITS header: {why}"),
        }
    }
}

impl std::error::Error for FitsError {}

impl From<io::Error> for FitsError {
    fn from(e: io::Error) -> Self {
        FitsError::Io(e)
    }
}

/// Reads every header of the file `r` (from its start), skipping the data.
pub fn read_headers<R: Read + Seek>(r: &mut R) -> Result<Headers, FitsError> {
    let file_bytes = r.seek(SeekFrom::End(0))?;
    r.seek(SeekFrom::Start(0))?;
    let mut hdus = Vec::new();
    let mut offset = 0u64;
    let mut bytes_read = 0u64;
    let mut trailing = 0u64;
    while offset < file_bytes && hdus.len() < MAX_HDUS {
        r.seek(SeekFrom::Start(offset))?;
        let index = hdus.len();
        let (cards, blocks) = match read_header(r, index, offset, file_bytes, &mut bytes_read) {
            Ok(h) => h,
            // What follows the last HDU is not another one: trailing bytes, not an error.
            Err(FitsError::NotFits(_)) if index > 0 => {
                trailing = file_bytes - offset;
                break;
            }
            Err(e) => return Err(e),
        };
        let hdu_start = offset;
        let data = data_bytes(&cards, index)?;
        let padded = data.div_ceil(BLOCK) * BLOCK;
        offset = hdu_start + blocks * BLOCK;
        if offset + data > file_bytes {
            return Err(FitsError::Truncated(format!(
                "HDU {index} announces {data} bytes of data at offset {offset}, but the file \
                 ends at {file_bytes}"
            )));
        }
        // The last block's padding may be missing at the end of a file; tolerate that.
        offset = (offset + padded).min(file_bytes);
        hdus.push(Hdu {
            index,
            offset: hdu_start,
            cards,
            data_bytes: padded,
        });
    }
    Ok(Headers {
        hdus,
        bytes_read,
        file_bytes,
        trailing,
    })
}

/// Reads one header's blocks up to END; returns its cards and how many blocks it took.
fn read_header<R: Read>(
    r: &mut R,
    index: usize,
    offset: u64,
    file_bytes: u64,
    bytes_read: &mut u64,
) -> Result<(Vec<Card>, u64), FitsError> {
    let mut cards: Vec<Card> = Vec::new();
    let mut block = [0u8; BLOCK as usize];
    let mut blocks = 0u64;
    loop {
        if blocks >= MAX_HEADER_BLOCKS {
            return Err(FitsError::Malformed(format!(
                "the header of HDU {index} has no END within {MAX_HEADER_BLOCKS} blocks"
            )));
        }
        let at = offset + blocks * BLOCK;
        let got = read_full(r, &mut block)?;
        *bytes_read += got as u64;
        if got < block.len() {
            if blocks == 0 && got == 0 {
                return Err(FitsError::NotFits(format!("nothing at offset {at}")));
            }
            // A first block that is not FITS at all says so before "truncated".
            if blocks == 0 {
                check_start(&block[..got.min(CARD)], index, at)?;
            }
            return Err(FitsError::Truncated(format!(
                "the header of HDU {index} stops at byte {} of {file_bytes} without END",
                at + got as u64
            )));
        }
        if blocks == 0 {
            check_start(&block[..CARD], index, at)?;
        }
        blocks += 1;
        for raw in block.chunks(CARD) {
            if let Some(bad) = raw.iter().position(|b| !(0x20..=0x7e).contains(b)) {
                return Err(FitsError::Malformed(format!(
                    "HDU {index}, card {}: byte {} is not printable ASCII",
                    cards.len() + 1,
                    bad + 1
                )));
            }
            let text = std::str::from_utf8(raw).unwrap_or_default();
            let keyword = text[..8].trim_end();
            if keyword == "END" {
                return Ok((join_continues(cards), blocks));
            }
            cards.push(parse_card(text));
        }
    }
}

/// The first card of an HDU: `SIMPLE = T` for the primary, `XTENSION` for the others.
fn check_start(first: &[u8], index: usize, at: u64) -> Result<(), FitsError> {
    let text = String::from_utf8_lossy(first);
    let want = if index == 0 { "SIMPLE" } else { "XTENSION" };
    let keyword = text.get(..8).map(str::trim_end).unwrap_or("");
    if keyword != want {
        return Err(FitsError::NotFits(format!(
            "offset {at} starts with {:?}, not {want}",
            text.chars().take(20).collect::<String>()
        )));
    }
    if index == 0 {
        let v = parse_card(&format!("{text:<80}")).value;
        if v.as_deref().map(str::trim) != Some("T") {
            return Err(FitsError::NotFits("SIMPLE is not T".into()));
        }
    }
    Ok(())
}

fn read_full<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// One 80-character card.
fn parse_card(text: &str) -> Card {
    let keyword = text[..8].trim_end().to_string();
    // HIERARCH cards carry a long keyword before their own `=`.
    if keyword == "HIERARCH"
        && let Some(eq) = text[8..].find('=')
    {
        let name = format!("HIERARCH {}", text[8..8 + eq].trim());
        let (value, comment) = split_value(&text[8 + eq + 1..]);
        return Card {
            keyword: name,
            value: Some(value),
            comment,
        };
    }
    let has_value = &text[8..10] == "= " || (keyword == "CONTINUE" && text.len() > 8);
    if !has_value || matches!(keyword.as_str(), "COMMENT" | "HISTORY" | "") {
        return Card {
            keyword,
            value: None,
            comment: text[8..].trim_end().to_string(),
        };
    }
    let from = if keyword == "CONTINUE" { 8 } else { 10 };
    let (value, comment) = split_value(&text[from..]);
    Card {
        keyword,
        value: Some(value),
        comment,
    }
}

/// A value field: a quoted string (with `''` for a quote) or a bare value, then an
/// optional `/ comment`.
fn split_value(field: &str) -> (String, String) {
    let t = field.trim_start();
    if let Some(rest) = t.strip_prefix('\'') {
        let mut value = String::new();
        let mut chars = rest.char_indices().peekable();
        let mut end = rest.len();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().map(|&(_, n)| n) == Some('\'') {
                    value.push('\'');
                    chars.next();
                    continue;
                }
                end = i + 1;
                break;
            }
            value.push(c);
        }
        let after = &rest[end.min(rest.len())..];
        let comment = after
            .split_once('/')
            .map_or(String::new(), |(_, c)| c.trim().to_string());
        // Trailing spaces in a string value are not significant.
        return (value.trim_end().to_string(), comment);
    }
    match t.split_once('/') {
        Some((v, c)) => (v.trim().to_string(), c.trim().to_string()),
        None => (t.trim().to_string(), String::new()),
    }
}

/// Long strings: a value ending in `&` goes on in the next CONTINUE card's value.
fn join_continues(cards: Vec<Card>) -> Vec<Card> {
    let mut out: Vec<Card> = Vec::with_capacity(cards.len());
    for card in cards {
        if card.keyword == "CONTINUE"
            && let Some(last) = out.last_mut()
            && let Some(v) = last.value.as_mut()
            && v.ends_with('&')
        {
            v.pop();
            v.push_str(card.value.as_deref().unwrap_or(""));
            if !card.comment.is_empty() {
                if !last.comment.is_empty() {
                    last.comment.push(' ');
                }
                last.comment.push_str(&card.comment);
            }
            continue;
        }
        out.push(card);
    }
    out
}

/// Bytes of data an HDU's header announces: |BITPIX|/8 x GCOUNT x (PCOUNT + NAXIS1 x ... x
/// NAXISn), checked for overflow.
fn data_bytes(cards: &[Card], index: usize) -> Result<u64, FitsError> {
    let int = |k: &str| -> Result<Option<i64>, FitsError> {
        match cards
            .iter()
            .find(|c| c.keyword == k)
            .and_then(|c| c.value.as_deref())
        {
            None => Ok(None),
            Some(v) => v.trim().parse::<i64>().map(Some).map_err(|_| {
                FitsError::Malformed(format!("HDU {index}: {k} = {v} is not an integer"))
            }),
        }
    };
    let bad = |what: String| FitsError::Malformed(format!("HDU {index}: {what}"));
    let bitpix = int("BITPIX")?.ok_or_else(|| bad("no BITPIX".into()))?;
    if !matches!(bitpix, 8 | 16 | 32 | 64 | -32 | -64) {
        return Err(bad(format!(
            "BITPIX = {bitpix} (8, 16, 32, 64, -32 or -64)"
        )));
    }
    let naxis = int("NAXIS")?.ok_or_else(|| bad("no NAXIS".into()))?;
    if !(0..=999).contains(&naxis) {
        return Err(bad(format!("NAXIS = {naxis} (0 to 999)")));
    }
    if naxis == 0 {
        return Ok(0);
    }
    let mut count: u64 = 1;
    for n in 1..=naxis {
        let k = format!("NAXIS{n}");
        let v = int(&k)?.ok_or_else(|| bad(format!("no {k}")))?;
        let v = u64::try_from(v).map_err(|_| bad(format!("{k} = {v} is negative")))?;
        count = count
            .checked_mul(v)
            .ok_or_else(|| bad("the data size overflows".into()))?;
    }
    let pcount =
        u64::try_from(int("PCOUNT")?.unwrap_or(0)).map_err(|_| bad("PCOUNT is negative".into()))?;
    let gcount =
        u64::try_from(int("GCOUNT")?.unwrap_or(1)).map_err(|_| bad("GCOUNT is negative".into()))?;
    let per = bitpix.unsigned_abs() / 8;
    count
        .checked_add(pcount)
        .and_then(|c| c.checked_mul(gcount))
        .and_then(|c| c.checked_mul(per))
        .ok_or_else(|| bad("the data size overflows".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn card(s: &str) -> Vec<u8> {
        let mut v = s.as_bytes().to_vec();
        v.resize(80, b' ');
        v
    }

    fn header(cards: &[&str]) -> Vec<u8> {
        let mut h: Vec<u8> = cards.iter().flat_map(|c| card(c)).collect();
        h.extend(card("END"));
        let len = h.len().div_ceil(2880) * 2880;
        h.resize(len, b' ');
        h
    }

    #[test]
    fn primary_and_an_image_extension_with_data_skipped() {
        let mut f = header(&[
            "SIMPLE  =                    T / conforms",
            "BITPIX  =                    8",
            "NAXIS   =                    0",
            "OBJECT  = 'M101 ''core'''      / the target",
            "LONGSTR = 'abc&'",
            "CONTINUE  'def'                / more",
            "HISTORY made by a test",
        ]);
        f.extend(header(&[
            "XTENSION= 'IMAGE   '",
            "BITPIX  =                  -32",
            "NAXIS   =                    2",
            "NAXIS1  =                  100",
            "NAXIS2  =                   50",
            "EXTNAME = 'SCI     '",
        ]));
        f.extend(vec![0u8; 20_000]);
        f.resize(f.len().div_ceil(2880) * 2880, 0);
        let h = read_headers(&mut Cursor::new(&f)).unwrap();
        assert_eq!(h.hdus.len(), 2);
        assert_eq!(h.hdus[0].value("OBJECT"), Some("M101 'core'"));
        assert_eq!(h.hdus[0].value("LONGSTR"), Some("abcdef"));
        assert_eq!(h.hdus[0].cards[3].comment, "the target");
        assert_eq!(h.hdus[0].cards.last().unwrap().keyword, "HISTORY");
        assert_eq!(h.hdus[1].kind(), "IMAGE SCI");
        assert_eq!(h.hdus[1].data_bytes, 20_160);
        assert_eq!(h.bytes_read, 2 * 2880, "the data is skipped, not read");
        assert_eq!(h.trailing, 0);
    }

    #[test]
    fn not_fits_truncated_and_trailing_bytes() {
        let e = read_headers(&mut Cursor::new(b"hello world".to_vec())).unwrap_err();
        assert!(matches!(e, FitsError::NotFits(_)), "{e}");
        let full = header(&[
            "SIMPLE  =                    T",
            "BITPIX  = 8",
            "NAXIS   = 0",
        ]);
        let e = read_headers(&mut Cursor::new(full[..1000].to_vec())).unwrap_err();
        assert!(matches!(e, FitsError::Truncated(_)), "{e}");
        let mut with_data = header(&[
            "SIMPLE  =                    T",
            "BITPIX  = 16",
            "NAXIS   = 1",
            "NAXIS1  = 10000",
        ]);
        with_data.extend(vec![0u8; 100]);
        let e = read_headers(&mut Cursor::new(with_data)).unwrap_err();
        assert!(matches!(e, FitsError::Truncated(_)), "{e}");
        let mut trailing = full.clone();
        trailing.extend(vec![7u8; 5000]);
        let h = read_headers(&mut Cursor::new(trailing)).unwrap();
        assert_eq!((h.hdus.len(), h.trailing), (1, 5000));
    }

    #[test]
    fn broken_headers_are_refused_with_the_reason() {
        for (cards, want) in [
            (
                vec!["SIMPLE  =                    T", "NAXIS   = 0"],
                "BITPIX",
            ),
            (
                vec!["SIMPLE  = T", "BITPIX  = 12", "NAXIS   = 0"],
                "BITPIX = 12",
            ),
            (
                vec![
                    "SIMPLE  = T",
                    "BITPIX  = 8",
                    "NAXIS   = 2",
                    "NAXIS1  = 4294967296",
                    "NAXIS2  = 4294967296",
                ],
                "overflows",
            ),
            (vec!["SIMPLE  = F", "BITPIX  = 8", "NAXIS   = 0"], "SIMPLE"),
        ] {
            let e = read_headers(&mut Cursor::new(header(&cards))).unwrap_err();
            assert!(e.to_string().contains(want), "{e} should name {want}");
        }
        let mut bad = header(&["SIMPLE  = T", "BITPIX  = 8", "NAXIS   = 0"]);
        bad[100] = 0x1b;
        let e = read_headers(&mut Cursor::new(bad)).unwrap_err();
        assert!(e.to_string().contains("printable"), "{e}");
    }
}
