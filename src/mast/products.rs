//! Product lists merged from many batches and de-duplicated on dataURI.
//!
//! MAST lists a shared file (association tables, level-3 products) under every observation
//! that uses it, so a program's product rows can outnumber its files five to one. The first
//! row seen for a dataURI is kept; later ones only add their observation to its list. Which
//! rows are new is `ProductMerger`'s to say (`product_merge`); the list takes its answer in.
use std::sync::Arc;

use super::product_merge::{ProductDelta, ProductMerger};
use super::table::Table;

/// Unique products (first row of each dataURI kept) and which observations list each.
#[derive(Debug, Clone, Default)]
pub struct ProductList {
    /// Shared, so that an export can read it off the UI task without a copy; merging
    /// copies it only while such a reader holds it.
    table: Arc<Table>,
    /// Per row of `table`: the distinct requested observations listing the file, in order
    /// of arrival.
    observations: Vec<Observations>,
    rows_received: usize,
    /// Used by `merge` only: a list fed by `apply` is merged elsewhere.
    merger: ProductMerger,
}

/// A small set of obsids that needs no allocation while it holds one: most files belong to
/// a single observation, and a list can hold hundreds of thousands of them.
#[derive(Debug, Clone, Default)]
struct Observations {
    /// The only observation while `many` is empty and `has_one` is set.
    one: [i64; 1],
    has_one: bool,
    /// All of them (the first included) once there are two or more.
    many: Vec<i64>,
}

impl Observations {
    fn new(first: Option<i64>) -> Self {
        Observations {
            one: [first.unwrap_or(0)],
            has_one: first.is_some(),
            many: Vec::new(),
        }
    }

    fn as_slice(&self) -> &[i64] {
        if !self.many.is_empty() {
            &self.many
        } else if self.has_one {
            &self.one
        } else {
            &[]
        }
    }

    fn add(&mut self, obs: i64) {
        if self.as_slice().contains(&obs) {
            return;
        }
        if !self.many.is_empty() {
            self.many.push(obs);
        } else if self.has_one {
            self.many = vec![self.one[0], obs];
        } else {
            self.one = [obs];
            self.has_one = true;
        }
    }
}

impl ProductList {
    pub fn new() -> Self {
        ProductList::default()
    }

    /// Merges one batch answer of `Mast.Caom.Products`; returns how many new unique rows it
    /// added.
    pub fn merge(&mut self, batch: Table) -> usize {
        let delta = self.merger.split(batch);
        self.apply(delta)
    }

    /// Takes in what a merger found in one batch (made for this list, in order); returns how
    /// many new unique rows it added. The new rows are appended in bulk.
    pub fn apply(&mut self, delta: ProductDelta) -> usize {
        self.rows_received += delta.received;
        self.observations
            .extend(delta.fresh_obs.into_iter().map(Observations::new));
        for (row, obs) in delta.again {
            if let Some(list) = self.observations.get_mut(row) {
                list.add(obs);
            }
        }
        let added = delta.fresh.rows();
        if added > 0 {
            let table = Arc::make_mut(&mut self.table);
            if table.columns().is_empty() {
                *table = delta.fresh;
            } else {
                table.append(&delta.fresh);
            }
        }
        added
    }

    /// Unique products in arrival order, MAST's columns.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The same table, shared (for work off the UI task).
    pub fn shared_table(&self) -> Arc<Table> {
        Arc::clone(&self.table)
    }

    /// How many distinct requested observations (parent_obsid, else obsID) list this row's file.
    /// 0 when the rows carried no observation id (or `row` is out of range).
    pub fn shared_by(&self, row: usize) -> u32 {
        self.observations_of(row)
            .len()
            .try_into()
            .unwrap_or(u32::MAX)
    }

    /// Those observations' obsids.
    pub fn observations_of(&self, row: usize) -> &[i64] {
        self.observations
            .get(row)
            .map_or(&[], Observations::as_slice)
    }

    /// All product rows received, duplicates included.
    pub fn rows_received(&self) -> usize {
        self.rows_received
    }

    /// Unique products held.
    pub fn len(&self) -> usize {
        self.table.rows()
    }

    pub fn is_empty(&self) -> bool {
        self.table.rows() == 0
    }

    /// Rows received that repeated a file already held.
    pub fn duplicates(&self) -> usize {
        self.rows_received.saturating_sub(self.table.rows())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::response::parse_invoke_response;
    use crate::mast::table::Cell;

    /// A batch with the full modern `Mast.Caom.Products` column set, as the parser builds it
    /// (obsID declared string but holding text here, parent_obsid an integer).
    fn batch(rows: &[(i64, i64, Option<&str>)]) -> Table {
        let mut t = Table::default();
        for (parent, own, uri) in rows {
            let own = own.to_string();
            let name = uri.and_then(|u| u.rsplit('/').next()).unwrap_or("");
            t.push_row([
                ("obsID", Cell::Text(&own)),
                ("obs_collection", Cell::Text("JWST")),
                ("dataproduct_type", Cell::Text("image")),
                ("obs_id", Cell::Text("jw01073-o001_t001_nircam_clear-f277w")),
                (
                    "description",
                    Cell::Text("exposure/target (L2b): calibrated exposure"),
                ),
                ("type", Cell::Text("S")),
                ("dataURI", uri.map_or(Cell::Null, Cell::Text)),
                ("productType", Cell::Text("SCIENCE")),
                (
                    "productGroupDescription",
                    Cell::Text("Minimum Recommended Products"),
                ),
                ("productSubGroupDescription", Cell::Text("CAL")),
                ("productDocumentationURL", Cell::Text("")),
                ("project", Cell::Text("CALJWST")),
                ("prvversion", Cell::Text("1.11.4")),
                ("proposal_id", Cell::Text("1073")),
                ("productFilename", Cell::Text(name)),
                ("size", Cell::Int(117_538_560)),
                ("parent_obsid", Cell::Int(*parent)),
                ("dataRights", Cell::Text("PUBLIC")),
                ("calib_level", Cell::Int(2)),
                ("filters", Cell::Text("F277W")),
            ]);
        }
        t
    }

    fn uris(p: &ProductList) -> Vec<String> {
        (0..p.len())
            .map(|r| p.table().get(r, "dataURI").to_string())
            .collect()
    }

    #[test]
    fn shared_files_across_batches() {
        let mut p = ProductList::new();
        let a = "mast:JWST/product/jw01073-o001_t001_nircam_clear-f277w_i2d.fits";
        let b = "mast:JWST/product/jw01073001001_02101_00001_nrcb1_cal.fits";
        let c = "mast:JWST/product/jw01073-o001_20220712t103000_image3_00001_asn.json";
        assert_eq!(
            p.merge(batch(&[
                (11, 1001, Some(a)),
                (11, 1001, Some(b)),
                (11, 1001, Some(c))
            ])),
            3
        );
        assert_eq!(
            p.merge(batch(&[(12, 1002, Some(c)), (12, 1002, Some(a))])),
            0
        );
        let d = "mast:JWST/product/jw01073002001_02101_00001_nrcb1_cal.fits";
        assert_eq!(
            p.merge(batch(&[(13, 1003, Some(d)), (13, 1003, Some(c))])),
            1
        );
        assert_eq!(uris(&p), [a, b, c, d]);
        assert_eq!(p.rows_received(), 7);
        assert_eq!(p.duplicates(), 3);
        assert_eq!(p.shared_by(0), 2);
        assert_eq!(p.observations_of(0), [11, 12]);
        assert_eq!(p.shared_by(1), 1);
        assert_eq!(p.observations_of(2), [11, 12, 13]);
        assert_eq!(p.shared_by(3), 1);
        assert_eq!(p.merger.row_of_uri(c), Some(2));
        assert_eq!(p.merger.row_of_uri("mast:nope"), None);
        assert_eq!(p.shared_by(99), 0);
        assert_eq!(p.observations_of(99), &[] as &[i64]);
    }

    #[test]
    fn duplicates_within_one_batch_keep_the_first_row() {
        let mut t = Table::default();
        let uri = "mast:HST/product/u9o40504m_drz.fits";
        t.push_row([
            ("dataURI", Cell::Text(uri)),
            ("obsID", Cell::Int(5)),
            ("description", Cell::Text("first")),
        ]);
        t.push_row([
            ("dataURI", Cell::Text(uri)),
            ("obsID", Cell::Int(6)),
            ("description", Cell::Text("second")),
        ]);
        t.push_row([
            ("dataURI", Cell::Text(uri)),
            ("obsID", Cell::Int(5)),
            ("description", Cell::Text("third")),
        ]);
        t.push_row([
            ("dataURI", Cell::Text("mast:HST/product/u9o40504m_c3m.fits")),
            ("obsID", Cell::Text("6")),
        ]);
        let mut p = ProductList::new();
        assert_eq!(p.merge(t), 2);
        assert_eq!(p.len(), 2);
        assert_eq!(p.table().get(0, "description").as_str(), Some("first"));
        assert_eq!(p.observations_of(0), [5, 6]);
        assert_eq!(p.observations_of(1), [6]);
        assert_eq!(p.rows_received(), 4);
    }

    #[test]
    fn parent_obsid_wins_over_obsid_and_strings_count() {
        let mut t = Table::default();
        let uri = "mast:JWST/product/x_msa.fits";
        // Child obsIDs differ, the requested (parent) observation is the same.
        t.push_row([
            ("dataURI", Cell::Text(uri)),
            ("obsID", Cell::Int(900)),
            ("parent_obsid", Cell::Text("2003738726")),
        ]);
        t.push_row([
            ("dataURI", Cell::Text(uri)),
            ("obsID", Cell::Int(901)),
            ("parent_obsid", Cell::Int(2003738726)),
        ]);
        t.push_row([
            ("dataURI", Cell::Text(uri)),
            ("obsID", Cell::Int(902)),
            ("parent_obsid", Cell::Null),
        ]);
        let mut p = ProductList::new();
        p.merge(t);
        assert_eq!(p.observations_of(0), [2003738726, 902]);
        assert_eq!(p.shared_by(0), 2);
    }

    #[test]
    fn rows_without_data_uri_are_never_merged() {
        let mut t = Table::default();
        t.push_row([("dataURI", Cell::Null), ("obsID", Cell::Int(1))]);
        t.push_row([("dataURI", Cell::Text("")), ("obsID", Cell::Int(1))]);
        t.push_row([("dataURI", Cell::Text("  ")), ("obsID", Cell::Int(2))]);
        t.push_row([("obsID", Cell::Int(3)), ("dataURI", Cell::Null)]);
        let mut p = ProductList::new();
        assert_eq!(p.merge(t.clone()), 4);
        assert_eq!(p.merge(t.clone()), 4);
        assert_eq!(p.len(), 8);
        assert_eq!(p.observations_of(7), [3]);
        // No dataURI column at all.
        let mut t = Table::default();
        t.push_row([("obsID", Cell::Int(3))]);
        assert_eq!(p.merge(t), 1);
        assert_eq!(p.len(), 9);
        assert_eq!(p.shared_by(8), 1);
    }

    #[test]
    fn rows_without_any_obsid_count_zero() {
        let mut t = Table::default();
        t.push_row([("dataURI", Cell::Text("mast:a"))]);
        t.push_row([
            ("dataURI", Cell::Text("mast:a")),
            ("obsID", Cell::Text("not a number")),
        ]);
        let mut p = ProductList::new();
        assert_eq!(p.merge(t), 1);
        assert_eq!(p.shared_by(0), 0);
    }

    #[test]
    fn columns_differing_between_batches_are_kept() {
        // An old-style answer (no parent_obsid, size as text) then a modern one.
        let mut old = Table::default();
        old.push_row([
            ("obsID", Cell::Int(1)),
            ("dataURI", Cell::Text("mast:a")),
            ("size", Cell::Text("10")),
        ]);
        let mut p = ProductList::new();
        p.merge(old);
        p.merge(batch(&[(2, 2, Some("mast:b")), (2, 2, Some("mast:a"))]));
        assert_eq!(p.len(), 2);
        assert_eq!(p.table().get(0, "parent_obsid"), Cell::Null);
        assert_eq!(p.table().get(1, "parent_obsid").as_i64(), Some(2));
        assert_eq!(p.observations_of(0), [1, 2]);
        assert_eq!(p.table().get(1, "size").as_i64(), Some(117538560));
    }

    /// Through the invoke parser, as the fetcher hands batches over: obsID declared string but
    /// sent as integers, parent_obsid as strings, `_selected_` dropped, a missing dataURI.
    #[test]
    fn real_answer_shape() {
        let body = br#"{"status": "COMPLETE", "msg": "", "data": [
            {"obsID": 2003738726, "obs_collection": "HST", "dataURI": "mast:HST/product/u9o40504m_drz.fits", "parent_obsid": "2003738726", "size": 21620160, "_selected_": null},
            {"obsID": 2003738726, "obs_collection": "HST", "dataURI": "mast:HST/product/u9o40504m_c3m.fits", "parent_obsid": "2003738726", "size": null, "_selected_": null},
            {"obsID": 2003738727, "obs_collection": "HST", "dataURI": "mast:HST/product/u9o40504m_c3m.fits", "parent_obsid": "2003738727", "size": null, "_selected_": null},
            {"obsID": 2003738727, "obs_collection": "HST", "parent_obsid": "2003738727", "_selected_": null}],
          "fields": [{"name": "obsID", "type": "string"}, {"name": "obs_collection", "type": "string"},
                     {"name": "dataURI", "type": "string"}, {"name": "parent_obsid", "type": "string"},
                     {"name": "size", "type": "int"}, {"name": "_selected_", "type": "boolean"}],
          "paging": {"page": 1, "pageSize": 50000, "pagesFiltered": 1, "rows": 4, "rowsFiltered": 4, "rowsTotal": 4}}"#;
        let table = parse_invoke_response(body).unwrap().table;
        let mut p = ProductList::new();
        assert_eq!(p.merge(table), 3);
        assert_eq!(p.observations_of(1), [2003738726, 2003738727]);
        assert_eq!(p.table().get(2, "dataURI"), Cell::Null);
        assert!(p.table().column("_selected_").is_none());
    }

    #[test]
    fn observation_sets_stay_distinct_and_ordered() {
        let mut o = Observations::new(None);
        assert_eq!(o.as_slice(), &[] as &[i64]);
        o.add(7);
        o.add(7);
        assert_eq!(o.as_slice(), [7]);
        o.add(3);
        o.add(7);
        o.add(3);
        o.add(9);
        assert_eq!(o.as_slice(), [7, 3, 9]);
        assert_eq!(Observations::new(Some(0)).as_slice(), [0]);
    }

    #[test]
    fn empty_batches() {
        let mut p = ProductList::new();
        assert_eq!(p.merge(Table::default()), 0);
        assert!(p.is_empty());
        assert_eq!(p.rows_received(), 0);
    }

    #[test]
    fn large_merge_is_fast_and_exact() {
        // 300,000 rows in 6 batches of 50,000; every batch shares a fifth of its files with
        // the first batch, as association tables and level-3 products are shared.
        let mut p = ProductList::new();
        let mut expected_unique = 0;
        let start = std::time::Instant::now();
        for b in 0..6i64 {
            let mut t = Table::default();
            for i in 0..50_000i64 {
                let id = if i % 5 == 0 { i } else { b * 1_000_000 + i };
                let uri = format!("mast:JWST/product/jw{id:010}_cal.fits");
                t.push_row([
                    ("obsID", Cell::Int(b)),
                    ("dataURI", Cell::Text(&uri)),
                    ("size", Cell::Int(i)),
                    ("parent_obsid", Cell::Int(b)),
                ]);
            }
            expected_unique += if b == 0 { 50_000 } else { 40_000 };
            p.merge(t);
        }
        let elapsed = start.elapsed();
        assert_eq!(p.len(), expected_unique);
        assert_eq!(p.rows_received(), 300_000);
        assert_eq!(p.observations_of(0), [0, 1, 2, 3, 4, 5]);
        assert_eq!(p.shared_by(1), 1);
        // Generous for debug builds on a busy machine; release takes a small fraction.
        assert!(elapsed.as_secs() < 20, "{elapsed:?}");
    }
}
