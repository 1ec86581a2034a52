//! Download bodies: a valid FITS primary header naming the product, then deterministic
//! filler, addressable at any offset so ranges and resumes see the same bytes.

use bytes::Bytes;
use futures_util::Stream;

use super::rng::{hash_str, mix};

pub const BLOCK: usize = 2880;
const CHUNK: u64 = 64 * 1024;

fn card(out: &mut Vec<u8>, text: &str) {
    let mut c: Vec<u8> = text
        .bytes()
        .filter(|b| (0x20..0x7f).contains(b))
        .take(80)
        .collect();
    c.resize(80, b' ');
    out.extend_from_slice(&c);
}

fn quoted(key: &str, value: &str, comment: &str) -> String {
    let v: String = value.replace('\'', "''").chars().take(66).collect();
    let s = format!("{key:<8}= '{v:<8}'");
    if comment.is_empty() || s.len() > 70 {
        s
    } else {
        format!("{s:<30} / {comment}")
    }
}

/// A 2880-byte FITS primary header with no data (NAXIS = 0).
pub fn header(file: &str, telescope: &str, size: Option<u64>) -> Vec<u8> {
    let mut h = Vec::with_capacity(BLOCK);
    card(
        &mut h,
        &format!(
            "{:<8}= {:>20} / {}",
            "SIMPLE", "T", "conforms to FITS standard"
        ),
    );
    card(
        &mut h,
        &format!("{:<8}= {:>20} / {}", "BITPIX", 8, "array data type"),
    );
    card(
        &mut h,
        &format!(
            "{:<8}= {:>20} / {}",
            "NAXIS", 0, "number of array dimensions"
        ),
    );
    card(&mut h, &format!("{:<8}= {:>20}", "EXTEND", "T"));
    card(
        &mut h,
        &quoted("ORIGIN", "mastui-sim", "simulated MAST archive"),
    );
    card(
        &mut h,
        &quoted("TELESCOP", telescope, "telescope used to acquire the data"),
    );
    card(&mut h, &quoted("FILENAME", file, "name of file"));
    if let Some(s) = size {
        card(
            &mut h,
            &format!("{:<8}= {:>20} / {}", "FILESIZE", s, "bytes in this file"),
        );
    }
    card(
        &mut h,
        "COMMENT   Synthetic product: the bytes after this header are deterministic filler.",
    );
    card(&mut h, "END");
    h.resize(BLOCK, b' ');
    h
}

/// What one download body is made of: its head (a FITS header, or for a preview image a
/// JPEG), then filler.
#[derive(Clone)]
pub struct Body {
    header: Bytes,
    seed: u64,
    pub len: u64,
}

impl Body {
    pub fn new(uri: &str, file: &str, telescope: &str, len: u64, declared: Option<u64>) -> Body {
        let seed = hash_str(uri);
        let head = if super::preview::is_image(file) {
            super::preview::jpeg(seed, usize::try_from(len).unwrap_or(usize::MAX))
        } else {
            header(file, telescope, declared)
        };
        Body {
            header: Bytes::from(head),
            seed,
            len,
        }
    }

    /// Bytes [start, end) of the body.
    pub fn slice(&self, start: u64, end: u64) -> Vec<u8> {
        let end = end.min(self.len);
        let mut out = Vec::with_capacity(end.saturating_sub(start) as usize);
        let mut pos = start;
        while pos < end && pos < self.header.len() as u64 {
            out.push(self.header[pos as usize]);
            pos += 1;
        }
        // Filler: word w of the file is mix(seed ^ w), little-endian.
        while pos < end {
            let word = mix(self.seed ^ (pos / 8)).to_le_bytes();
            let from = (pos % 8) as usize;
            let take = (8 - from).min((end - pos) as usize);
            out.extend_from_slice(&word[from..from + take]);
            pos += take as u64;
        }
        out
    }

    /// Stream bytes [start, end) in chunks; with `cut_at`, fail once that offset is reached.
    pub fn stream(
        self,
        start: u64,
        end: u64,
        cut_at: Option<u64>,
    ) -> impl Stream<Item = Result<Bytes, std::io::Error>> {
        futures_util::stream::unfold(start, move |pos| {
            let body = self.clone();
            async move {
                if pos >= end {
                    return None;
                }
                if let Some(cut) = cut_at
                    && pos >= cut
                {
                    let err =
                        std::io::Error::new(std::io::ErrorKind::ConnectionReset, "simulated drop");
                    return Some((Err(err), end));
                }
                let mut stop = (pos + CHUNK).min(end);
                if let Some(cut) = cut_at
                    && cut > pos
                {
                    stop = stop.min(cut);
                }
                Some((Ok(Bytes::from(body.slice(pos, stop))), stop))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    #[test]
    fn header_is_valid_fits() {
        let h = header(
            "jw01073001001_02101_00001_nrca1_cal.fits",
            "JWST",
            Some(123),
        );
        assert_eq!(h.len(), 2880);
        assert!(h.starts_with(b"SIMPLE  =                    T"));
        let cards: Vec<&[u8]> = h.chunks(80).collect();
        assert!(cards.iter().any(|c| c.starts_with(b"END ")));
        assert!(
            String::from_utf8_lossy(&h)
                .contains("FILENAME= 'jw01073001001_02101_00001_nrca1_cal.fits'")
        );
        assert!(h.iter().all(|b| (0x20..0x7f).contains(b)));
    }

    #[test]
    fn slices_agree_with_the_whole() {
        let b = Body::new(
            "mast:X/product/a.fits",
            "a.fits",
            "HST",
            10_000,
            Some(10_000),
        );
        let all = b.slice(0, 10_000);
        assert_eq!(all.len(), 10_000);
        assert_eq!(&all[2000..5003], &b.slice(2000, 5003)[..]);
        assert_eq!(&all[9999..], &b.slice(9999, 20_000)[..]);
        let other = Body::new(
            "mast:X/product/b.fits",
            "a.fits",
            "HST",
            10_000,
            Some(10_000),
        );
        assert_ne!(other.slice(3000, 3100), b.slice(3000, 3100));
    }

    #[tokio::test]
    async fn stream_concatenates_and_cuts() {
        let b = Body::new("u", "f", "T", 200_000, None);
        let whole = b.slice(0, 200_000);
        let got: Vec<u8> = b
            .clone()
            .stream(0, 200_000, None)
            .map(|c| c.unwrap().to_vec())
            .concat()
            .await;
        assert_eq!(got, whole);
        let parts: Vec<Result<Bytes, std::io::Error>> =
            b.stream(0, 200_000, Some(100_000)).collect().await;
        assert!(parts.last().unwrap().is_err());
        let n: usize = parts
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .map(|c| c.len())
            .sum();
        assert_eq!(n, 100_000);
    }
}
