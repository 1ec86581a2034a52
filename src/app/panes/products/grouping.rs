//! The products' natural order: grouped by observation (`obs_id`), then by file stem and
//! pipeline step (see `mast::product_stem`), kept up to date as batches land without
//! re-sorting what was already grouped.
use std::collections::{BTreeMap, HashMap};

use crate::mast::product_stem::StemColumns;
use crate::mast::table::Table;

#[derive(Debug, Clone, Default)]
pub struct Grouping {
    /// Every row id, grouped.
    order: Vec<u32>,
    /// Row ids per lowercase obs_id, each in stem order (rebuilt into `order`).
    groups: BTreeMap<String, Vec<u32>>,
}

impl Grouping {
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Puts rows `from..` of `table` into their observation's group, in stem order.
    pub fn add_rows(&mut self, table: &Table, from: usize) {
        let cols = StemColumns::of(table);
        // New rows per group, sorted, then merged into the group's sorted rows: a batch
        // costs its own sort plus one pass over the groups it touches.
        let mut fresh: HashMap<String, Vec<u32>> = HashMap::new();
        for row in from..table.rows() {
            let key = cols.obs_id(table, row).to_lowercase();
            fresh.entry(key).or_default().push(row as u32);
        }
        let cmp = |a: u32, b: u32| cols.compare_rows(table, a as usize, b as usize);
        for (key, mut rows) in fresh {
            rows.sort_by(|&a, &b| cmp(a, b));
            let group = self.groups.entry(key).or_default();
            if group.is_empty() {
                *group = rows;
                continue;
            }
            // Each new row finds its place by binary search (few new rows into a big group
            // cost a few comparisons each), the old rows between are copied in bulk.
            let old = std::mem::take(group);
            group.reserve(old.len() + rows.len());
            let mut i = 0;
            for r in rows {
                let at = i + old[i..].partition_point(|&o| cmp(o, r).is_le());
                group.extend_from_slice(&old[i..at]);
                group.push(r);
                i = at;
            }
            group.extend_from_slice(&old[i..]);
        }
        self.order.clear();
        self.order.reserve(table.rows());
        for group in self.groups.values() {
            self.order.extend_from_slice(group);
        }
    }
}
