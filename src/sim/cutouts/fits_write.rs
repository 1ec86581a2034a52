//! Just enough of a FITS writer for cutout files: 80-character cards in 2880-byte header
//! blocks, big-endian data padded to whole blocks; image HDUs and binary tables with
//! multidimensional cells (`TDIMn`). What it writes any FITS reader opens.

use crate::sim::fits::BLOCK;

/// A header being written.
#[derive(Default)]
pub struct Header {
    bytes: Vec<u8>,
}

impl Header {
    fn card(&mut self, text: &str) {
        let mut c: Vec<u8> = text
            .bytes()
            .filter(|b| (0x20..0x7f).contains(b))
            .take(80)
            .collect();
        c.resize(80, b' ');
        self.bytes.extend_from_slice(&c);
    }

    /// A logical, integer or float value (already formatted), right-aligned in column 30.
    pub fn value(&mut self, key: &str, value: &str, comment: &str) -> &mut Self {
        let s = format!("{key:<8}= {value:>20}");
        if comment.is_empty() {
            self.card(&s);
        } else {
            self.card(&format!("{s} / {comment}"));
        }
        self
    }

    pub fn int(&mut self, key: &str, v: i64, comment: &str) -> &mut Self {
        self.value(key, &v.to_string(), comment)
    }

    pub fn float(&mut self, key: &str, v: f64, comment: &str) -> &mut Self {
        let mut t = format!("{v:?}");
        if !t.contains(['.', 'e', 'E']) {
            t.push_str(".0");
        }
        self.value(key, &t.to_uppercase(), comment)
    }

    pub fn logical(&mut self, key: &str, v: bool, comment: &str) -> &mut Self {
        self.value(key, if v { "T" } else { "F" }, comment)
    }

    /// A quoted string, quotes doubled, at least 8 characters inside the quotes.
    pub fn text(&mut self, key: &str, v: &str, comment: &str) -> &mut Self {
        let v: String = v.replace('\'', "''").chars().take(68).collect();
        let s = format!("{key:<8}= '{v:<8}'");
        if comment.is_empty() || s.len() + comment.len() + 3 > 80 {
            self.card(&s);
        } else {
            self.card(&format!("{s:<30} / {comment}"));
        }
        self
    }

    /// `END`, padded to a whole block.
    pub fn finish(mut self) -> Vec<u8> {
        self.card("END");
        let n = self.bytes.len().div_ceil(BLOCK) * BLOCK;
        self.bytes.resize(n, b' ');
        self.bytes
    }
}

/// Appends `data` zero-padded to a whole block.
pub fn push_data(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(data);
    let n = out.len().div_ceil(BLOCK) * BLOCK;
    out.resize(n, 0);
}

/// The primary header of a file whose data lives in extensions.
pub fn primary() -> Header {
    let mut h = Header::default();
    h.logical("SIMPLE", true, "conforms to FITS standard")
        .int("BITPIX", 8, "array data type")
        .int("NAXIS", 0, "number of array dimensions")
        .logical("EXTEND", true, "");
    h
}

/// An IMAGE extension header of `nx` x `ny` 32-bit floats (NAXIS1 = nx, NAXIS2 = ny).
pub fn image_header(nx: usize, ny: usize, bitpix: i64, extname: &str) -> Header {
    let mut h = Header::default();
    h.text("XTENSION", "IMAGE", "Image extension")
        .int("BITPIX", bitpix, "array data type")
        .int("NAXIS", 2, "number of array dimensions")
        .int("NAXIS1", nx as i64, "")
        .int("NAXIS2", ny as i64, "")
        .int("PCOUNT", 0, "number of parameters")
        .int("GCOUNT", 1, "number of groups")
        .text("EXTNAME", extname, "extension name");
    h
}

/// Tangent-plane WCS keywords centred on the cutout.
pub fn wcs(h: &mut Header, nx: usize, ny: usize, ra: f64, dec: f64, scale_deg: f64) {
    h.text("CTYPE1", "RA---TAN", "")
        .text("CTYPE2", "DEC--TAN", "")
        .float("CRPIX1", (nx as f64 + 1.0) / 2.0, "")
        .float("CRPIX2", (ny as f64 + 1.0) / 2.0, "")
        .float("CRVAL1", ra, "")
        .float("CRVAL2", dec, "")
        .float("CDELT1", -scale_deg, "")
        .float("CDELT2", scale_deg, "")
        .text("CUNIT1", "deg", "")
        .text("CUNIT2", "deg", "");
}

/// One column of a binary table: name, TFORM, optional TDIM, unit.
pub struct TableColumn {
    pub name: &'static str,
    pub form: String,
    pub dim: Option<String>,
    pub unit: &'static str,
}

/// A BINTABLE header for `rows` rows of `row_bytes` bytes.
pub fn table_header(
    columns: &[TableColumn],
    rows: usize,
    row_bytes: usize,
    extname: &str,
) -> Header {
    let mut h = Header::default();
    h.text("XTENSION", "BINTABLE", "binary table extension")
        .int("BITPIX", 8, "array data type")
        .int("NAXIS", 2, "number of array dimensions")
        .int("NAXIS1", row_bytes as i64, "length of dimension 1")
        .int("NAXIS2", rows as i64, "length of dimension 2")
        .int("PCOUNT", 0, "number of group parameters")
        .int("GCOUNT", 1, "number of groups")
        .int("TFIELDS", columns.len() as i64, "number of table fields");
    for (i, c) in columns.iter().enumerate() {
        let n = i + 1;
        h.text(&format!("TTYPE{n}"), c.name, "");
        h.text(&format!("TFORM{n}"), &c.form, "");
        if !c.unit.is_empty() {
            h.text(&format!("TUNIT{n}"), c.unit, "");
        }
        if let Some(d) = &c.dim {
            h.text(&format!("TDIM{n}"), d, "");
        }
    }
    h.text("EXTNAME", extname, "extension name");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_whole_blocks_of_cards() {
        let mut h = image_header(5, 3, -32, "CUTOUT");
        wcs(&mut h, 5, 3, 10.5, -20.25, 0.001);
        let bytes = h.finish();
        assert_eq!(bytes.len() % BLOCK, 0);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("XTENSION= 'IMAGE   '"));
        assert!(text.contains("NAXIS1  =                    5"));
        assert!(text.contains("CRVAL2  =               -20.25"));
        let mut data = Vec::new();
        push_data(&mut data, &[1, 2, 3]);
        assert_eq!(data.len(), BLOCK);
    }
}
