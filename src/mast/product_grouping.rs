//! The products' natural order: grouped by observation (`obs_id`), then by file stem and
//! pipeline step (see `product_stem`), kept up to date as batches land without re-sorting
//! what was already grouped. A batch's own rows are grouped and sorted apart
//! (`FreshGroups`, on the worker in the browser), then merged into the groups held.
use std::collections::{BTreeMap, HashMap};

use super::product_stem::StemColumns;
use super::table::Table;

#[derive(Debug, Clone, Default)]
pub struct Grouping {
    /// Every row id, grouped.
    order: Vec<u32>,
    /// Row ids per lowercase obs_id, each in stem order (rebuilt into `order`).
    groups: BTreeMap<String, Vec<u32>>,
}

/// New rows by lowercase obs_id, each group in stem order, with the row ids they will have
/// in the whole list.
#[derive(Debug, Clone, Default)]
pub struct FreshGroups {
    groups: Vec<(String, Vec<u32>)>,
}

impl FreshGroups {
    /// Groups and sorts every row of `fresh`, whose row 0 is row `first_row` of the list.
    pub fn of(fresh: &Table, first_row: usize) -> FreshGroups {
        let cols = StemColumns::of(fresh);
        let mut by_key: HashMap<String, Vec<u32>> = HashMap::new();
        for row in 0..fresh.rows() {
            let key = cols.obs_id(fresh, row).to_lowercase();
            by_key.entry(key).or_default().push(row as u32);
        }
        let base = first_row as u32;
        let groups = by_key
            .into_iter()
            .map(|(key, mut rows)| {
                rows.sort_by(|&a, &b| cols.compare_rows(fresh, a as usize, b as usize));
                for r in &mut rows {
                    *r += base;
                }
                (key, rows)
            })
            .collect();
        FreshGroups { groups }
    }
}

impl Grouping {
    pub fn order(&self) -> &[u32] {
        &self.order
    }

    /// Merges groups of new rows (already in `table`, the whole list) into the groups held:
    /// a batch costs a few comparisons per new row and one pass over the groups it touches.
    pub fn merge(&mut self, table: &Table, fresh: FreshGroups) {
        let cols = StemColumns::of(table);
        let cmp = |a: u32, b: u32| cols.compare_rows(table, a as usize, b as usize);
        for (key, rows) in fresh.groups {
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
