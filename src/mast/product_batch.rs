//! A batch of product rows made ready for the products pane off the UI task: sorted into
//! new files and repeats (`product_merge`), its new files indexed for triage
//! (`product_facets`) and grouped (`product_grouping`). The pane only appends the parts, so
//! a batch of a hundred thousand rows does not stall the keys.
use super::product_facets::ProductIndex;
use super::product_grouping::FreshGroups;
use super::product_merge::{ProductDelta, ProductMerger};
use super::table::Table;

#[derive(Debug, Clone, Default)]
pub struct ProductBatch {
    pub delta: ProductDelta,
    /// The triage index of `delta.fresh`'s rows.
    pub index: ProductIndex,
    pub groups: FreshGroups,
}

impl ProductBatch {
    /// Prepares one batch answer for a list whose merging `merger` does.
    pub fn prepare(merger: &mut ProductMerger, table: Table) -> ProductBatch {
        let delta = merger.split(table);
        let mut index = ProductIndex::default();
        index.extend_from(&delta.fresh);
        let groups = FreshGroups::of(&delta.fresh, delta.first_row);
        ProductBatch {
            delta,
            index,
            groups,
        }
    }
}
