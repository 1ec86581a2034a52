//! A search's rows (a `ResultSet`) as a grid shows them, with the few choices that depend on
//! what the rows are (`TablePolicy`): which columns show first, which are keys, which names
//! a row, which holds its data rights. Observations use `OBSERVATIONS`; a catalog or a
//! mission's datasets bring a policy of their own and reuse everything else.
use std::sync::Arc;

use crate::app::effect::Detail;
use crate::mast::product_ref::rights_need_token;
use crate::mast::table::{Cell, Table};

use super::result_set::ResultSet;
use super::source::{GridSource, default_detail};
use crate::app::view::CellSource;

/// What kind of rows a table holds, as far as the grid cares.
#[derive(Debug, Clone, Copy)]
pub struct TablePolicy {
    /// Shown first, in this order, when the answer has them; `c` changes the choice.
    pub defaults: &'static [&'static str],
    /// Key columns stay on screen while scrolling sideways.
    pub keys: &'static [&'static str],
    /// The column that names a row (the details' title).
    pub title: &'static str,
    /// The column holding MAST's `dataRights`, when the rows have one.
    pub rights: Option<&'static str>,
}

/// CAOM observations.
pub const OBSERVATIONS: TablePolicy = TablePolicy {
    defaults: &[
        "obs_id",
        "target_name",
        "obs_collection",
        "instrument_name",
        "filters",
        "dataproduct_type",
        "calib_level",
        "t_exptime",
        "t_min",
        "proposal_id",
        "proposal_pi",
        "s_ra",
        "s_dec",
        "obsid",
    ],
    keys: &["obs_id", "target_name"],
    title: "obs_id",
    rights: Some("dataRights"),
};

#[derive(Debug, Clone)]
pub struct TableSource {
    pub data: ResultSet,
    policy: TablePolicy,
    /// Looked up once per page, not per frame.
    rights_col: Option<usize>,
}

impl TableSource {
    pub fn new(policy: TablePolicy) -> TableSource {
        TableSource {
            data: ResultSet::default(),
            policy,
            rights_col: None,
        }
    }

    pub fn policy(&self) -> &TablePolicy {
        &self.policy
    }

    /// A page landed.
    pub fn push_page(&mut self, table: Arc<Table>) {
        self.data.push_page(table);
        self.rights_col = self.policy.rights.and_then(|n| self.data.column_index(n));
    }

    /// The text of a named column of a row, trimmed (None when missing or empty).
    pub fn text(&self, row: usize, name: &str) -> Option<String> {
        match self.data.get(row, name) {
            Cell::Null => None,
            Cell::Text(s) if s.trim().is_empty() => None,
            Cell::Text(s) => Some(s.trim().to_string()),
            other => Some(other.to_string()),
        }
    }
}

impl GridSource for TableSource {
    fn rows(&self) -> usize {
        self.data.rows()
    }

    fn columns(&self) -> usize {
        self.data.names().len()
    }

    fn name(&self, col: usize) -> &str {
        self.data.names().get(col).map_or("", String::as_str)
    }

    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        self.data.cell(row, col)
    }

    fn is_numeric(&self, col: usize) -> bool {
        self.data.is_numeric(col)
    }

    fn width(&self, col: usize) -> u16 {
        self.data.width(col)
    }

    fn is_key(&self, col: usize) -> bool {
        self.policy.keys.contains(&self.name(col))
    }

    fn needs_login(&self, row: usize) -> bool {
        self.rights_col.is_some_and(
            |c| matches!(self.data.cell(row, c), Cell::Text(s) if rights_need_token(s)),
        )
    }

    fn default_columns(&self) -> Vec<usize> {
        let cols: Vec<usize> = self
            .policy
            .defaults
            .iter()
            .filter_map(|n| self.data.column_index(n))
            .collect();
        if cols.is_empty() {
            (0..self.columns()).collect()
        } else {
            cols
        }
    }

    fn snapshot(&self, _cols: &[usize]) -> Arc<dyn CellSource> {
        // Pages are shared: the copy is a few vectors of names and page maps.
        Arc::new(self.data.clone())
    }

    fn detail(&self, row: usize) -> Detail {
        let mut d = default_detail(self, row);
        if let Some(t) = self.text(row, self.policy.title) {
            d.title = t;
        }
        d
    }
}
