//! The products pane: the de-duplicated products of the chosen observations, streamed in
//! as batches land, triaged with the file-name expression, guide-star hiding and facets,
//! marked, and handed to the basket. Key handling lives in `products_keys`.
use std::collections::{BTreeMap, HashMap};

use tui_input::Input;

use crate::mast::product_facets::{Evaluation, Facet, ProductIndex, Selection, Tally, evaluate};
use crate::mast::product_filter::{FilterError, ProductFilter};
use crate::mast::product_ref::ProductRef;
use crate::mast::product_stem::StemColumns;
use crate::mast::products::ProductList;
use crate::mast::table::{Cell, Table};

use super::cmd::Cmd;
use super::grid_view::SortSpec;
use super::marks::Marks;
use super::msg::{ProductsSummary, ReqId};
use super::product_sort::{INLINE_SORT_ROWS, ProductSortJob, SortValues};

/// The grid's columns, left to right: what `h`/`l` move over and `s` sorts by (a
/// `SortSpec` over products names one by its place here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductColumn {
    Shared,
    Name,
    SubGroup,
    Type,
    Calib,
    Size,
    Rights,
    ObsId,
}

impl ProductColumn {
    pub const ALL: [ProductColumn; 8] = [
        ProductColumn::Shared,
        ProductColumn::Name,
        ProductColumn::SubGroup,
        ProductColumn::Type,
        ProductColumn::Calib,
        ProductColumn::Size,
        ProductColumn::Rights,
        ProductColumn::ObsId,
    ];

    /// The name in the column chooser (`c`).
    pub fn title(self) -> &'static str {
        self.field().unwrap_or("shared (observations listing it)")
    }

    /// The product field shown; None for the shared count, which the list keeps.
    pub fn field(self) -> Option<&'static str> {
        match self {
            ProductColumn::Shared => None,
            ProductColumn::Name => Some("productFilename"),
            ProductColumn::SubGroup => Some("productSubGroupDescription"),
            ProductColumn::Type => Some("productType"),
            ProductColumn::Calib => Some("calib_level"),
            ProductColumn::Size => Some("size"),
            ProductColumn::Rights => Some("dataRights"),
            ProductColumn::ObsId => Some("obs_id"),
        }
    }
}

/// The facet list popup: a cursor over every (facet, value) line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FacetCursor {
    pub line: usize,
}

/// Enter on a product: its fields, and which observations list it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductDetail {
    pub row: usize,
    pub scroll: usize,
    /// (obsid, obs_id when the results know it) of every observation listing the file.
    pub observations: Vec<(i64, Option<String>)>,
}

#[derive(Debug, Clone, Default)]
pub struct ProductsPane {
    /// The fetch in flight.
    pub req: Option<ReqId>,
    /// Observations asked about, and how many have landed.
    pub observations: usize,
    pub done: usize,
    /// The fetch was stopped (Esc) or failed before every observation landed.
    pub partial: bool,
    pub summary: Option<ProductsSummary>,
    pub error: Option<String>,

    pub list: ProductList,
    pub index: ProductIndex,
    /// Every row id, grouped by observation then file stem (see `product_stem`).
    pub order: Vec<u32>,
    /// Row ids per lowercase obs_id, each in stem order (rebuilt into `order`).
    groups: BTreeMap<String, Vec<u32>>,

    pub selection: Selection,
    /// The expression as typed (may be invalid; the view keeps the last valid one).
    pub expr_text: String,
    pub expr_error: Option<FilterError>,
    /// The expression's answer per row, for `selection.expression`.
    expr_pass: Option<Vec<bool>>,
    pub eval: Evaluation,

    pub marks: Marks,
    pub marked: Tally,
    pub cursor: usize,
    pub top: usize,
    /// `c`: the columns shown, in order, as indices into `ProductColumn::ALL` (empty: all).
    pub visible: Vec<usize>,
    /// Index into the shown columns of the column under the cursor.
    pub col: usize,
    /// `s`/`S`: None keeps the file-stem grouping.
    pub sort: Option<SortSpec>,
    /// Rows `0..n` of `order` sorted by a spec (ties keep the grouping), with (spec, n).
    /// Rows that landed since follow it, grouped, until the next sort comes back.
    sorted: Option<(SortSpec, usize, Vec<u32>)>,
    /// The sort running on the worker, and what it covers.
    pub sort_req: Option<ReqId>,
    sort_job_for: Option<(SortSpec, usize)>,

    /// Typing the expression (the filter bar has the keyboard).
    pub editing: Option<Input>,
    pub facets: Option<FacetCursor>,
    pub detail: Option<ProductDetail>,
}

impl ProductsPane {
    /// A fresh pane for a new fetch of `observations` observations.
    pub fn start(req: ReqId, observations: usize, keep: &ProductsPane) -> ProductsPane {
        ProductsPane {
            req: Some(req),
            observations,
            // What the user chose survives a new fetch.
            selection: keep.selection.clone(),
            expr_text: keep.expr_text.clone(),
            expr_error: keep.expr_error.clone(),
            visible: keep.visible.clone(),
            col: keep.col,
            // The sort itself is redone when the first batch lands.
            sort: keep.sort,
            ..ProductsPane::default()
        }
    }

    /// Unique products held.
    pub fn total(&self) -> usize {
        self.list.len()
    }

    /// Products shown.
    pub fn len(&self) -> usize {
        self.eval.shown.len()
    }

    pub fn is_empty(&self) -> bool {
        self.eval.shown.is_empty()
    }

    pub fn table(&self) -> &Table {
        self.list.table()
    }

    /// The row id under the cursor.
    pub fn current_row(&self) -> Option<usize> {
        self.eval.shown.get(self.cursor).map(|&r| r as usize)
    }

    /// A batch of product rows landed: merge, index, group, and re-apply the filters.
    pub fn add_batch(&mut self, batch: &Table, done: usize, total: usize) {
        self.done = done;
        self.observations = total.max(self.observations);
        let first_new = self.list.len();
        if self.list.merge(batch) == 0 {
            // Only files already held: their shared counts changed, nothing else (unless
            // the rows are sorted by that count).
            if self.sort.is_some_and(|s| s.col == 0) {
                self.sorted = None;
                self.refresh();
            }
            return;
        }
        self.index.extend_from(self.list.table());
        self.group_rows(first_new);
        // The expression's cached answer covers the old rows only (the sorted order
        // still serves, new rows after it, until `wanted_sort` has them sorted in).
        self.expr_pass = None;
        self.refresh();
    }

    /// Puts rows `from..` into their observation's group, in stem order.
    fn group_rows(&mut self, from: usize) {
        let table = self.list.table();
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

    /// Re-applies the selection; the cursor stays on the same product when it still shows.
    pub fn refresh(&mut self) {
        let current = self.current_row();
        if self.expr_pass.is_none()
            && let Some(f) = &self.selection.expression
        {
            self.expr_pass = Some(self.index.expression_hits(f));
        }
        let joined;
        let order: &[u32] = match (&self.sorted, self.sort) {
            (Some((spec, n, sorted)), Some(want)) if *spec == want => {
                if *n >= self.order.len() {
                    sorted
                } else {
                    // Row ids are given in arrival order, so the newer rows are those >= n.
                    joined = sorted
                        .iter()
                        .copied()
                        .chain(self.order.iter().copied().filter(|&r| r as usize >= *n))
                        .collect::<Vec<u32>>();
                    &joined
                }
            }
            _ => &self.order,
        };
        self.eval = evaluate(
            &self.index,
            &self.selection,
            order,
            self.expr_pass.as_deref(),
        );
        if let Some(row) = current
            && let Some(pos) = self.eval.shown.iter().position(|&r| r as usize == row)
        {
            self.cursor = pos;
        }
        self.clamp_cursor();
    }

    /// What sorting the grouped order by one column needs, owned.
    pub fn sort_job(&self, spec: SortSpec) -> ProductSortJob {
        let t = self.table();
        let values = match ProductColumn::ALL.get(spec.col).map(|c| c.field()) {
            Some(None) => {
                SortValues::Shared((0..t.rows()).map(|r| self.list.shared_by(r)).collect())
            }
            Some(Some(name)) => match t.column(name) {
                Some(c) => SortValues::Field(c.clone()),
                None => SortValues::Missing,
            },
            None => SortValues::Missing,
        };
        ProductSortJob {
            spec,
            values,
            order: self.order.clone(),
        }
    }

    /// The grouped order sorted by one column: an index of row ids, stable, so rows
    /// with equal values keep the file-stem grouping.
    pub fn sorted_order(&self, spec: SortSpec) -> Vec<u32> {
        self.sort_job(spec).run()
    }

    /// `s`/`S`: sort by the column under the cursor (the same again: back to the file-stem
    /// grouping); the cursor stays on the same product. A large list sorts on the worker
    /// (the returned command) while the grid keeps its order.
    pub fn sort_by_cursor(&mut self, desc: bool, fresh: &mut dyn FnMut() -> ReqId) -> Vec<Cmd> {
        let ids = self.column_ids();
        let Some(&col) = ids.get(self.col.min(ids.len().saturating_sub(1))) else {
            return Vec::new();
        };
        let spec = SortSpec { col, desc };
        self.sort = if self.sort == Some(spec) {
            None
        } else {
            Some(spec)
        };
        self.refresh();
        self.wanted_sort(fresh)
    }

    /// Sorts the rows the sorted order lacks: inline when few, else on the worker (one
    /// job at a time; its answer asks again if more rows landed meanwhile).
    pub fn wanted_sort(&mut self, fresh: &mut dyn FnMut() -> ReqId) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        let Some(spec) = self.sort else {
            if let Some(req) = self.sort_req.take() {
                cmds.push(Cmd::Cancel(req));
            }
            return cmds;
        };
        let rows = self.order.len();
        if self
            .sorted
            .as_ref()
            .is_some_and(|(s, n, _)| *s == spec && *n == rows)
        {
            return cmds;
        }
        if self.sort_req.is_some() && self.sort_job_for.is_some_and(|(s, _)| s == spec) {
            return cmds;
        }
        if let Some(req) = self.sort_req.take() {
            cmds.push(Cmd::Cancel(req));
        }
        let job = self.sort_job(spec);
        if rows <= INLINE_SORT_ROWS {
            self.sorted = Some((spec, rows, job.run()));
            self.refresh();
            return cmds;
        }
        let req = fresh();
        self.sort_req = Some(req);
        self.sort_job_for = Some((spec, rows));
        cmds.push(Cmd::SortProducts {
            req,
            job: Box::new(job),
        });
        cmds
    }

    /// The worker's sort died: the grid keeps its order, and `s` can ask again.
    pub fn sort_failed(&mut self) {
        self.sort_req = None;
        self.sort_job_for = None;
        self.sort = self.sorted.as_ref().map(|(spec, _, _)| *spec);
        self.refresh();
    }

    /// A sort came back from the worker.
    pub fn sort_ready(
        &mut self,
        req: ReqId,
        rows: Vec<u32>,
        fresh: &mut dyn FnMut() -> ReqId,
    ) -> Vec<Cmd> {
        if self.sort_req != Some(req) {
            return Vec::new();
        }
        self.sort_req = None;
        if let Some((spec, n)) = self.sort_job_for.take()
            && self.sort == Some(spec)
        {
            self.sorted = Some((spec, n, rows));
            self.refresh();
        }
        self.wanted_sort(fresh)
    }

    /// `h`/`l`: the column cursor.
    pub fn move_column(&mut self, delta: isize) {
        let last = self.column_ids().len() as isize - 1;
        self.col = (self.col as isize + delta).clamp(0, last.max(0)) as usize;
    }

    /// The shown columns as indices into `ProductColumn::ALL`, in order.
    pub fn column_ids(&self) -> Vec<usize> {
        if self.visible.is_empty() {
            (0..ProductColumn::ALL.len()).collect()
        } else {
            self.visible.clone()
        }
    }

    /// (position on screen, column) of every shown column.
    pub fn visible_columns(&self) -> impl Iterator<Item = (usize, ProductColumn)> + '_ {
        self.column_ids()
            .into_iter()
            .filter_map(|i| ProductColumn::ALL.get(i).copied())
            .enumerate()
    }

    /// `c` applied: the chosen columns in order (never empty); the column cursor stays
    /// on its column when still shown.
    pub fn set_columns(&mut self, chosen: Vec<usize>) {
        let current = self.column_ids().get(self.col).copied();
        let chosen: Vec<usize> = chosen
            .into_iter()
            .filter(|&i| i < ProductColumn::ALL.len())
            .collect();
        if chosen.is_empty() {
            return;
        }
        self.col = current
            .and_then(|c| chosen.iter().position(|&i| i == c))
            .unwrap_or(0);
        self.visible = chosen;
    }

    /// The typed expression changed: parse it; a bad one keeps the last good view and says
    /// what is wrong.
    pub fn set_expression(&mut self, text: &str) {
        self.expr_text = text.to_string();
        match ProductFilter::parse(text) {
            Ok(f) => {
                self.expr_error = None;
                let same = match (&f, &self.selection.expression) {
                    (Some(a), Some(b)) => a.terms() == b.terms(),
                    (None, None) => true,
                    _ => false,
                };
                if !same {
                    self.selection.expression = f;
                    self.expr_pass = None;
                    self.refresh();
                }
            }
            Err(e) => self.expr_error = Some(e),
        }
    }

    pub fn toggle_guide_stars(&mut self) {
        self.selection.show_guide_stars = !self.selection.show_guide_stars;
        self.refresh();
    }

    pub fn toggle_facet(&mut self, facet: Facet, label: &str) {
        self.selection.toggle(facet, label);
        self.refresh();
    }

    /// The facet popup's lines: (facet, value id) in display order, values sorted by label
    /// (calibration levels numerically).
    pub fn facet_lines(&self) -> Vec<(Facet, u16)> {
        let mut out = Vec::new();
        for f in Facet::ALL {
            let labels = self.index.labels(f);
            let mut ids: Vec<u16> = (0..labels.len() as u16).collect();
            ids.sort_by(|&a, &b| {
                let (la, lb) = (&labels[a as usize], &labels[b as usize]);
                match (la.parse::<f64>(), lb.parse::<f64>()) {
                    (Ok(x), Ok(y)) => x.total_cmp(&y),
                    _ => la.cmp(lb),
                }
            });
            out.extend(ids.into_iter().map(|id| (f, id)));
        }
        out
    }

    pub fn clamp_cursor(&mut self) {
        let len = self.len();
        self.cursor = self.cursor.min(len.saturating_sub(1));
        self.top = self.top.min(self.cursor);
    }

    pub fn move_cursor(&mut self, delta: isize, page: usize) {
        let len = self.len();
        if len == 0 {
            return;
        }
        let target = self.cursor as isize + delta;
        self.cursor = target.clamp(0, len as isize - 1) as usize;
        let page = page.max(1);
        if self.cursor < self.top {
            self.top = self.cursor;
        } else if self.cursor >= self.top + page {
            self.top = self.cursor + 1 - page;
        }
    }

    pub fn toggle_mark(&mut self, row: usize) {
        let on = !self.marks.is_marked(row);
        self.marks.set(row, on);
        let size = self.index.size(row);
        if on {
            self.marked.count += 1;
            self.marked.bytes = self.marked.bytes.saturating_add(size);
        } else {
            self.marked.count = self.marked.count.saturating_sub(1);
            self.marked.bytes = self.marked.bytes.saturating_sub(size);
        }
    }

    /// Marks every product shown.
    pub fn mark_all(&mut self) {
        for &r in &self.eval.shown {
            self.marks.set(r as usize, true);
        }
        self.recount_marked();
    }

    pub fn unmark_all(&mut self) {
        self.marks.clear();
        self.marked = Tally::default();
    }

    fn recount_marked(&mut self) {
        let mut t = Tally::default();
        for r in self.marks.iter() {
            t.count += 1;
            t.bytes = t.bytes.saturating_add(self.index.size(r));
        }
        self.marked = t;
    }

    /// The marked products (every mark, shown or not), else the one under the cursor.
    pub fn selected_refs(&self) -> Vec<ProductRef> {
        let rows: Vec<usize> = if self.marks.count() > 0 {
            self.marks.iter().collect()
        } else {
            self.current_row().into_iter().collect()
        };
        rows.into_iter()
            .filter_map(|r| ProductRef::from_row(self.table(), r, self.list.shared_by(r)))
            .collect()
    }

    /// A product's text field, trimmed ("" when missing).
    pub fn text(&self, row: usize, name: &str) -> String {
        match self.table().get(row, name) {
            Cell::Null => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            other => other.to_string(),
        }
    }
}
