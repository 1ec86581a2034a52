//! The de-duplication half of a product list: which rows of a batch are files not seen
//! before, and which repeat a file already held. It is the costly half (a hash of every
//! dataURI), so the browser runs it on the worker and hands the products pane only what
//! changed (`ProductDelta`), which `ProductList::apply` takes in bulk.
use std::collections::HashMap;

use super::table::{Cell, Table};

/// What one batch changes in a product list.
#[derive(Debug, Clone, Default)]
pub struct ProductDelta {
    /// The batch's rows for files not seen before, in arrival order: they become rows
    /// `first_row..` of the list.
    pub fresh: Table,
    pub first_row: usize,
    /// Per fresh row, the requested observation it answers (none when the row names none).
    pub fresh_obs: Vec<Option<i64>>,
    /// Rows of the list (earlier batches' or this one's fresh rows) whose file this batch
    /// lists again, with the observation that lists it, in arrival order.
    pub again: Vec<(usize, i64)>,
    /// Rows the batch held, repeats included.
    pub received: usize,
}

/// Remembers every dataURI of a list and the row that holds it.
#[derive(Debug, Clone, Default)]
pub struct ProductMerger {
    by_uri: HashMap<String, usize>,
    /// Rows of the list so far.
    rows: usize,
}

/// The requested observation a product row answers: `parent_obsid` (the observation that was
/// asked for), else `obsID` (older answers have no parent column).
fn observation_of(parent: Option<Cell<'_>>, own: Option<Cell<'_>>) -> Option<i64> {
    parent
        .and_then(|c| c.as_i64())
        .or_else(|| own.and_then(|c| c.as_i64()))
}

impl ProductMerger {
    /// A merger for a list that already holds `held`'s rows (each dataURI once), as if it
    /// had merged them.
    pub fn continuing(held: &Table) -> ProductMerger {
        let mut by_uri = HashMap::with_capacity(held.rows());
        if let Some(col) = held.column("dataURI") {
            for row in 0..held.rows() {
                if let Cell::Text(s) = col.get(row) {
                    let uri = s.trim();
                    if !uri.is_empty() {
                        by_uri.entry(uri.to_string()).or_insert(row);
                    }
                }
            }
        }
        ProductMerger {
            by_uri,
            rows: held.rows(),
        }
    }

    /// Sorts one batch answer of `Mast.Caom.Products` into new files and repeats. The first
    /// row seen for a dataURI is kept; rows without one cannot be compared and are each kept.
    pub fn split(&mut self, batch: Table) -> ProductDelta {
        let uri_col = batch.column("dataURI");
        let parent_col = batch.column("parent_obsid");
        let own_col = batch.column("obsID");
        let first_row = self.rows;
        let mut fresh_rows: Vec<usize> = Vec::with_capacity(batch.rows());
        let mut fresh_obs = Vec::with_capacity(batch.rows());
        let mut again = Vec::new();
        // Most rows of a batch are new files: growing the map once beats rehashing as it fills.
        self.by_uri.reserve(batch.rows());
        for row in 0..batch.rows() {
            let obs = observation_of(parent_col.map(|c| c.get(row)), own_col.map(|c| c.get(row)));
            let uri = uri_col
                .map(|c| c.get(row))
                .and_then(|c| match c {
                    Cell::Text(s) => Some(s.trim()),
                    _ => None,
                })
                .filter(|s| !s.is_empty());
            if let Some(uri) = uri {
                if let Some(&held) = self.by_uri.get(uri) {
                    if let Some(o) = obs {
                        again.push((held, o));
                    }
                    continue;
                }
                self.by_uri
                    .insert(uri.to_string(), first_row + fresh_rows.len());
            }
            fresh_rows.push(row);
            fresh_obs.push(obs);
        }
        self.rows += fresh_rows.len();
        let received = batch.rows();
        let fresh = if fresh_rows.len() == received {
            // Nothing to drop: the batch is the fresh rows, moved rather than copied.
            batch
        } else {
            let mut t = Table::default();
            if !fresh_rows.is_empty() {
                t.append_rows(&batch, fresh_rows.iter().copied());
            }
            t
        };
        ProductDelta {
            fresh,
            first_row,
            fresh_obs,
            again,
            received,
        }
    }

    /// The row holding a dataURI, if any.
    pub fn row_of_uri(&self, uri: &str) -> Option<usize> {
        self.by_uri.get(uri.trim()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(items: &[(i64, Option<&str>)]) -> Table {
        let mut t = Table::default();
        for (obs, uri) in items {
            t.push_row([
                ("obsID", Cell::Int(*obs)),
                ("dataURI", uri.map_or(Cell::Null, Cell::Text)),
            ]);
        }
        t
    }

    #[test]
    fn a_batch_splits_into_new_files_and_repeats_with_rows_of_the_whole_list() {
        let mut m = ProductMerger::default();
        let d = m.split(rows(&[(1, Some("mast:a")), (1, Some("mast:b")), (1, None)]));
        assert_eq!((d.first_row, d.fresh.rows(), d.received), (0, 3, 3));
        assert_eq!(d.fresh_obs, [Some(1), Some(1), Some(1)]);
        assert!(d.again.is_empty());
        let d = m.split(rows(&[
            (2, Some("mast:b")),
            (2, Some(" mast:c ")),
            (2, None),
            (3, Some("mast:c")),
            (3, Some("mast:a")),
        ]));
        assert_eq!((d.first_row, d.fresh.rows(), d.received), (3, 2, 5));
        assert_eq!(d.fresh.get(0, "dataURI").as_str(), Some(" mast:c "));
        // b is row 1, c became row 3 in this very batch, a is row 0.
        assert_eq!(d.again, [(1, 2), (3, 3), (0, 3)]);
        assert_eq!(m.row_of_uri("mast:c"), Some(3));
        // A merger rebuilt from the list's rows answers as the one that built it.
        let mut list = rows(&[(1, Some("mast:a")), (1, Some("mast:b")), (1, None)]);
        list.append(&d.fresh);
        let mut again = ProductMerger::continuing(&list);
        let next = rows(&[(4, Some("mast:c")), (4, Some("mast:d"))]);
        let (x, y) = (m.split(next.clone()), again.split(next));
        assert_eq!(
            (x.first_row, x.again.clone()),
            (y.first_row, y.again.clone())
        );
        assert_eq!((x.first_row, x.again), (5, vec![(3, 4)]));
    }
}
