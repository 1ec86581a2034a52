//! HSC spectra as products: each spectrum row gains the columns `mastui download` reads
//! (`dataURI`, `productFilename`, `obs_collection`, `obs_id`, `dataRights`, `size`), so
//! `mastui catalog hsc-spectra --format jsonl | mastui download` fetches them through the
//! same verified, resumable path as observation products.
//!
//! The files live on the Hubble Legacy Archive, where astroquery fetches them
//! (`getdata.cgi` for spectrum types 0 and 1, `ecfproxy` for grism spectra). mastui keeps to
//! its one base URL and names them as MAST's download service names HLA files
//! (`mast:HLA/url/cgi-bin/...`); that the service proxies these two scripts is an
//! assumption the simulator shares.
use super::super::table::{Cell, Column, Table};

/// The download URI of a spectrum.
pub fn spectrum_uri(dataset: &str, spectrum_type: i64) -> String {
    if spectrum_type < 2 {
        format!("mast:HLA/url/cgi-bin/getdata.cgi?config=ops&dataset={dataset}")
    } else {
        format!("mast:HLA/url/cgi-bin/ecfproxy?file_id={dataset}.fits")
    }
}

/// `t` (spectra rows) with the download columns added.
pub fn with_download_columns(mut t: Table) -> Table {
    let n = t.rows();
    let mut uri = Column::new("dataURI", "string");
    let mut file = Column::new("productFilename", "string");
    let mut collection = Column::new("obs_collection", "string");
    let mut obs_id = Column::new("obs_id", "string");
    let mut rights = Column::new("dataRights", "string");
    let mut size = Column::new("size", "long");
    for r in 0..n {
        let dataset = match t.get(r, "DatasetName") {
            Cell::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        };
        match dataset {
            Some(d) => {
                let kind = t.get(r, "SpectrumType").as_i64().unwrap_or(2);
                uri.push(Cell::Text(&spectrum_uri(&d, kind)));
                file.push(Cell::Text(&format!("{d}.fits")));
                collection.push(Cell::Text("HSC"));
                obs_id.push(Cell::Text(&d));
                rights.push(Cell::Text("PUBLIC"));
            }
            None => {
                for c in [
                    &mut uri,
                    &mut file,
                    &mut collection,
                    &mut obs_id,
                    &mut rights,
                ] {
                    c.push_null();
                }
            }
        }
        // MAST lists no sizes for spectra: the download checks Content-Length instead.
        size.push_null();
    }
    for c in [uri, file, collection, obs_id, rights, size] {
        t.push_column(c);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::product_ref::ProductRef;

    #[test]
    fn spectra_become_products_the_download_path_takes() {
        let mut t = Table::default();
        t.push_row([
            (
                "DatasetName",
                Cell::Text("HAG_J072655.67+691648.9_J8HPAXAEQ_V01.SPEC1D"),
            ),
            ("SpectrumType", Cell::Int(2)),
        ]);
        t.push_row([
            ("DatasetName", Cell::Text("STIS_X")),
            ("SpectrumType", Cell::Int(0)),
        ]);
        t.push_row([("DatasetName", Cell::Null), ("SpectrumType", Cell::Int(0))]);
        let t = with_download_columns(t);
        let p = ProductRef::from_row(&t, 0, 1).unwrap();
        assert_eq!(
            p.data_uri,
            "mast:HLA/url/cgi-bin/ecfproxy?file_id=HAG_J072655.67+691648.9_J8HPAXAEQ_V01.SPEC1D.fits"
        );
        assert_eq!(
            p.product_filename,
            "HAG_J072655.67+691648.9_J8HPAXAEQ_V01.SPEC1D.fits"
        );
        assert_eq!((p.obs_collection.as_str(), p.needs_token()), ("HSC", false));
        let p = ProductRef::from_row(&t, 1, 1).unwrap();
        assert_eq!(
            p.data_uri,
            "mast:HLA/url/cgi-bin/getdata.cgi?config=ops&dataset=STIS_X"
        );
        assert!(ProductRef::from_row(&t, 2, 1).is_none());
    }
}
