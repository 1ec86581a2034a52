//! Product lists merged from many batches and de-duplicated on dataURI.
//! (STUB: helper "mast-pure" replaces this file.)
use super::table::Table;

/// Unique products (first row of each dataURI kept) and which observations list each.
#[derive(Debug, Clone, Default)]
pub struct ProductList {}

impl ProductList {
    pub fn new() -> Self {
        ProductList {}
    }
    /// Merges one batch answer of `Mast.Caom.Products`; returns how many new unique rows it added.
    pub fn merge(&mut self, batch: &Table) -> usize {
        let _ = batch;
        todo!("mast-pure")
    }
    /// Unique products in arrival order, MAST's columns.
    pub fn table(&self) -> &Table {
        todo!("mast-pure")
    }
    /// How many distinct requested observations (parent_obsid, else obsID) list this row's file.
    pub fn shared_by(&self, row: usize) -> u32 {
        let _ = row;
        todo!("mast-pure")
    }
    /// Those observations' obsids.
    pub fn observations_of(&self, row: usize) -> &[i64] {
        let _ = row;
        todo!("mast-pure")
    }
    /// All product rows received, duplicates included.
    pub fn rows_received(&self) -> usize {
        todo!("mast-pure")
    }
}
