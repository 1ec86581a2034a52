//! Product lists of the missions API (`post_list_products`), mapped into the columns of
//! CAOM products that the rest of mastui reads (`dataURI`, `productFilename`,
//! `obs_collection`, `obs_id`, `size`, `dataRights`, `productType`, ...), so that
//! `mastui download` and the basket take them as they take any product. The mission's own
//! columns (`product_key`, `uri`, `category`, ...) stay beside them.
//!
//! Files land where astroquery's `MastMissions` puts them: `mastDownload/<mission>/<dataset>/`.
//! They are fetched by their `mast:` URI from the one file service (`mast:JWST/product/<file>`
//! for HST, JWST and Roman; other missions' `uri` is one already).
use serde_json::Value;

use super::catalog::MissionApi;
use crate::mast::table::{Cell, Table};

/// The column order of a mapped product list: CAOM's names first.
pub const PRODUCT_COLUMNS: &[&str] = &[
    "obs_id",
    "obs_collection",
    "productFilename",
    "size",
    "dataRights",
    "productType",
    "productSubGroupDescription",
    "description",
    "instrument_name",
    "filters",
    "dataURI",
    "product_key",
    "uri",
];

/// The products of one answer: `{"products": [..]}`, or `[[..]]` (the inner list is used).
pub fn parse_products(bytes: &[u8]) -> Result<Vec<serde_json::Map<String, Value>>, String> {
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| crate::mast::response::not_json_hint(bytes, e.to_string()))?;
    let list = match v.get("products") {
        Some(Value::Array(a)) => a,
        Some(Value::Null) | None => return Ok(Vec::new()),
        Some(_) => return Err("`products` is not a list".into()),
    };
    let list = match list.first() {
        Some(Value::Array(inner)) => inner,
        _ => list,
    };
    Ok(list.iter().filter_map(|p| p.as_object().cloned()).collect())
}

fn text(p: &serde_json::Map<String, Value>, key: &str) -> String {
    match p.get(key) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn cell(s: &str) -> Cell<'_> {
    if s.is_empty() {
        Cell::Null
    } else {
        Cell::Text(s)
    }
}

/// The `mast:` URI the file service takes for this product.
pub fn data_uri(m: &MissionApi, uri: &str, filename: &str) -> String {
    if uri.starts_with("mast:") {
        return uri.to_string();
    }
    let file = filename.rsplit('/').next().unwrap_or(filename);
    format!("mast:{}/product/{file}", m.collection)
}

/// Appends `products` to `table` in the mapped columns, skipping files already there
/// (`seen`: file names, as astroquery de-duplicates them). Returns how many were new.
pub fn append_products(
    m: &MissionApi,
    products: &[serde_json::Map<String, Value>],
    table: &mut Table,
    seen: &mut std::collections::HashSet<String>,
) -> usize {
    let mut added = 0;
    for p in products {
        let filename = text(p, "filename");
        let uri = text(p, "uri");
        let key = if filename.is_empty() {
            uri.clone()
        } else {
            filename.clone()
        };
        if key.is_empty() || !seen.insert(key) {
            continue;
        }
        let dataset = match text(p, "dataset") {
            d if d.is_empty() => uri.split('/').next().unwrap_or("").to_string(),
            d => d,
        };
        let base = filename.rsplit('/').next().unwrap_or(&filename).to_string();
        let size = match p.get("size") {
            Some(Value::Number(n)) => n.as_i64().map_or(Cell::Null, Cell::Int),
            Some(Value::String(s)) => s.trim().parse::<i64>().map_or(Cell::Null, Cell::Int),
            _ => Cell::Null,
        };
        let access = text(p, "access");
        let kind = text(p, "type").to_uppercase();
        let suffix = text(p, "file_suffix");
        let category = text(p, "category");
        let instrument = text(p, "instrument_name");
        let filters = text(p, "filters");
        let uri_for_download = data_uri(m, &uri, &filename);
        let product_key = text(p, "product_key");
        let row: [(&str, Cell<'_>); 13] = [
            ("obs_id", cell(&dataset)),
            ("obs_collection", Cell::Text(m.name)),
            ("productFilename", cell(&base)),
            ("size", size),
            ("dataRights", cell(&access)),
            ("productType", cell(&kind)),
            ("productSubGroupDescription", cell(&suffix)),
            ("description", cell(&category)),
            ("instrument_name", cell(&instrument)),
            ("filters", cell(&filters)),
            ("dataURI", Cell::Text(&uri_for_download)),
            ("product_key", cell(&product_key)),
            ("uri", cell(&uri)),
        ];
        table.push_row(row);
        added += 1;
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::product_ref::ProductRef;

    // astroquery's recorded answer, trimmed, plus a shared file listed twice.
    const ANSWER: &str = r#"{"products": [
        {"product_key": "Z14Z0104T_z14z0104t_shf.fits", "access": "PUBLIC", "dataset": "Z14Z0104T",
         "instrument_name": "HRS   ", "filters": "MIRROR-N2", "filename": "z14z0104t_shf.fits",
         "uri": "Z14Z0104T/z14z0104t_shf.fits", "file_suffix": "SHF", "category": "UNCALIBRATED",
         "size": 31680, "type": "science"},
        {"product_key": "Z14Z0102T_z14z0104t_shf.fits", "dataset": "Z14Z0102T",
         "filename": "z14z0104t_shf.fits", "uri": "Z14Z0102T/z14z0104t_shf.fits", "size": 31680},
        {"dataset": "Z14Z0104T", "filename": "z14z0104t_trl.fits", "uri": "Z14Z0104T/z14z0104t_trl.fits",
         "size": "17280", "access": "EXCLUSIVE_ACCESS", "type": "auxiliary"}]}"#;

    #[test]
    fn products_map_to_what_the_download_reads() {
        let m = super::super::catalog::mission("hst").unwrap();
        let list = parse_products(ANSWER.as_bytes()).unwrap();
        let mut t = Table::default();
        let mut seen = Default::default();
        assert_eq!(append_products(m, &list, &mut t, &mut seen), 2);
        let p = ProductRef::from_row(&t, 0, 1).unwrap();
        assert_eq!(p.data_uri, "mast:HST/product/z14z0104t_shf.fits");
        assert_eq!(
            (p.obs_collection.as_str(), p.obs_id.as_str()),
            ("hst", "Z14Z0104T")
        );
        assert_eq!(p.size, Some(31680));
        assert!(!p.needs_token());
        let p = ProductRef::from_row(&t, 1, 1).unwrap();
        assert_eq!(p.size, Some(17280));
        assert!(p.needs_token());
        assert_eq!(t.get(0, "instrument_name"), Cell::Text("HRS"));
        // Nested lists are read too; no `products` is no rows.
        let nested = format!(
            "{{\"products\": [{}]}}",
            &ANSWER[ANSWER.find('[').unwrap()..ANSWER.rfind(']').unwrap() + 1]
        );
        assert_eq!(parse_products(nested.as_bytes()).unwrap().len(), 3);
        assert!(parse_products(b"{}").unwrap().is_empty());
        let classy = super::super::catalog::mission("classy").unwrap();
        assert_eq!(
            data_uri(classy, "mast:HLSP/classy/x.fits", "x.fits"),
            "mast:HLSP/classy/x.fits"
        );
    }
}
