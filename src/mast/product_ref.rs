//! One product as a download needs it: plain data handed from product triage to the basket
//! (and written as JSON lines by `mastui products`), in MAST's own words.
use super::table::{Cell, Table};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductRef {
    /// `mast:JWST/product/jw..._cal.fits`: what the download service takes.
    pub data_uri: String,
    /// `productFilename` as the server sent it (untrusted: the downloader must confine it).
    pub product_filename: String,
    /// `obs_collection` (JWST, HST, ...): the first directory of astroquery's layout.
    pub obs_collection: String,
    /// `obs_id`: the second directory of astroquery's layout.
    pub obs_id: String,
    /// The observation this row answers (`parent_obsid`, else `obsID`).
    pub obsid: Option<i64>,
    /// Declared size in bytes (MAST may send null or a wrong value).
    pub size: Option<u64>,
    /// `PUBLIC`, `EXCLUSIVE_ACCESS`, `RESTRICTED`: anything but PUBLIC needs a token.
    pub data_rights: String,
    /// How many of the chosen observations list this file.
    pub shared_by: u32,
}

impl ProductRef {
    /// The product in `row` of a products table (MAST's columns); None without a dataURI.
    pub fn from_row(table: &Table, row: usize, shared_by: u32) -> Option<ProductRef> {
        let text = |name: &str| match table.get(row, name) {
            Cell::Null => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            other => other.to_string(),
        };
        let data_uri = text("dataURI");
        if data_uri.is_empty() {
            return None;
        }
        let obsid = table
            .get(row, "parent_obsid")
            .as_i64()
            .or_else(|| table.get(row, "obsID").as_i64());
        let size = table
            .get(row, "size")
            .as_i64()
            .and_then(|n| u64::try_from(n).ok());
        Some(ProductRef {
            product_filename: text("productFilename"),
            obs_collection: text("obs_collection"),
            obs_id: text("obs_id"),
            data_rights: text("dataRights"),
            data_uri,
            obsid,
            size,
            shared_by,
        })
    }

    /// True when the download needs a token.
    pub fn needs_token(&self) -> bool {
        rights_need_token(&self.data_rights)
    }
}

/// True for EXCLUSIVE_ACCESS, RESTRICTED or any other value that is not PUBLIC. A missing
/// value is taken as public: MAST leaves it empty only for public holdings (a 401 would
/// still say otherwise). The one rule for the grids, the basket and the curl script.
pub fn rights_need_token(data_rights: &str) -> bool {
    let r = data_rights.trim();
    !r.is_empty() && !r.eq_ignore_ascii_case("PUBLIC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_mast_columns() {
        let mut t = Table::default();
        t.push_row([
            ("obsID", Cell::Text("87602009")),
            ("obs_collection", Cell::Text("JWST")),
            ("obs_id", Cell::Text("jw01073001001_02101_00001_nrca1")),
            ("dataURI", Cell::Text("mast:JWST/product/a_cal.fits")),
            ("productFilename", Cell::Text("a_cal.fits")),
            ("size", Cell::Int(2880)),
            ("parent_obsid", Cell::Text("87602000")),
            ("dataRights", Cell::Text("EXCLUSIVE_ACCESS")),
        ]);
        t.push_row([("dataURI", Cell::Null), ("size", Cell::Int(-1))]);
        let p = ProductRef::from_row(&t, 0, 2).unwrap();
        assert_eq!(p.obsid, Some(87602000));
        assert_eq!(p.size, Some(2880));
        assert!(p.needs_token());
        assert_eq!(p.shared_by, 2);
        assert!(ProductRef::from_row(&t, 1, 1).is_none());
    }
}
