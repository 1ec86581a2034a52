//! The results pane: the observations found, the view over them (filter, sort), the cursor,
//! the marks, and the search still delivering pages.
use std::sync::Arc;

use crate::mast::criteria::Criteria;
use crate::mast::table::Table;

use super::cmd::Cmd;
use super::grid_view::{SortSpec, ViewIndex, ViewJob};
use super::layout::{COLUMN_GAP, RESULTS_GUTTER, columns_fitting};
use super::marks::Marks;
use super::msg::ReqId;
use super::result_set::ResultSet;

/// A filter or sort over more rows than this goes to the worker, so no keystroke waits on it.
pub const INLINE_VIEW_ROWS: usize = 20_000;

/// Shown first, in this order, when the answer has them; `c` changes the choice.
pub const DEFAULT_COLUMNS: [&str; 14] = [
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
];

/// Key columns stay on screen while scrolling sideways.
pub const KEY_COLUMNS: [&str; 2] = ["obs_id", "target_name"];

/// A search still delivering pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Loading {
    pub req: ReqId,
    pub pages_done: u32,
    pub pages: u32,
    /// The first tick's time after the search started (ticks are the only clock `update`
    /// sees, and they only run while busy, so the start is taken from the first one).
    pub started_ms: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    pub data: ResultSet,
    /// What the server says matched (may exceed the rows received so far).
    pub total: Option<u64>,
    pub criteria: Option<Criteria>,
    pub loading: Option<Loading>,
    /// The search ended before all pages came (cancelled or failed).
    pub partial: bool,
    /// Why the search failed, kept for the pane after the message line moves on.
    pub failed: Option<String>,

    pub view: ViewIndex,
    /// Rows (from the start) the installed view has looked at.
    pub view_covered: usize,
    /// The filter and sort the installed view reflects.
    pub view_filter: String,
    pub view_sort: Option<SortSpec>,
    /// What the user asked for; differs from the above while a view job runs.
    pub filter: String,
    pub sort: Option<SortSpec>,
    pub view_req: Option<ReqId>,

    /// Column ids shown, in order; the leading key columns are frozen.
    pub visible: Vec<usize>,
    pub cursor: usize,
    pub top: usize,
    /// Index into `visible` of the column under the cursor.
    pub col: usize,
    /// First scrolled (non-frozen) column drawn, as an index into `visible`.
    pub col_offset: usize,
    pub marks: Marks,
}

impl Results {
    /// A fresh result for a new search.
    pub fn start(req: ReqId, criteria: Criteria) -> Results {
        Results {
            criteria: Some(criteria),
            loading: Some(Loading {
                req,
                pages_done: 0,
                pages: 0,
                started_ms: None,
            }),
            ..Results::default()
        }
    }

    pub fn search_req(&self) -> Option<ReqId> {
        self.loading.as_ref().map(|l| l.req)
    }

    /// Rows in the view.
    pub fn len(&self) -> usize {
        self.view.len(self.data.rows())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row id under the cursor.
    pub fn current_row(&self) -> Option<usize> {
        self.view.row_at(self.cursor, self.data.rows())
    }

    /// How many leading visible columns are frozen key columns.
    pub fn frozen(&self) -> usize {
        self.visible
            .iter()
            .take_while(|&&c| {
                self.data
                    .names()
                    .get(c)
                    .is_some_and(|n| KEY_COLUMNS.contains(&n.as_str()))
            })
            .count()
    }

    /// A page landed: add it, extend the view, pick columns on the first one.
    pub fn add_page(&mut self, table: Arc<Table>, next_req: &mut dyn FnMut() -> ReqId) -> Vec<Cmd> {
        self.data.push_page(table);
        // The first page picks the columns; ones a later page introduces stay hidden until
        // chosen with `c`.
        if self.visible.is_empty() {
            self.visible = default_columns(&self.data);
        }
        self.extend_view(next_req)
    }

    /// Brings the view up to date with rows that arrived after it was computed.
    fn extend_view(&mut self, next_req: &mut dyn FnMut() -> ReqId) -> Vec<Cmd> {
        let rows = self.data.rows();
        if self.view_req.is_some() || self.view_covered >= rows {
            return Vec::new();
        }
        if matches!(self.view, ViewIndex::All)
            && self.view_filter.is_empty()
            && self.view_sort.is_none()
        {
            self.view_covered = rows;
            return Vec::new();
        }
        if self.view_sort.is_some() {
            // New rows must be merged into the order: recompute (off the UI task when large).
            return self.refresh_view(next_req);
        }
        let tail = ViewJob {
            data: self.data.clone(),
            columns: self.visible.clone(),
            filter: self.view_filter.clone(),
            sort: None,
            base: None,
            from_row: self.view_covered,
        };
        if let ViewIndex::Rows(new) = tail.run()
            && let ViewIndex::Rows(v) = &mut self.view
        {
            v.extend(new);
        }
        self.view_covered = rows;
        Vec::new()
    }

    /// Recomputes the view for the wanted filter and sort: inline when small, else on the
    /// worker while the previous view stays on screen.
    pub fn refresh_view(&mut self, next_req: &mut dyn FnMut() -> ReqId) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if let Some(old) = self.view_req.take() {
            cmds.push(Cmd::Cancel(old));
        }
        // Typing one more character only narrows: filter the installed view, not every row.
        let narrowing = self.view_sort == self.sort
            && !self.view_filter.is_empty()
            && self.filter.contains(self.view_filter.as_str())
            && self.view_covered == self.data.rows();
        let base = match (&self.view, narrowing) {
            (ViewIndex::Rows(v), true) => Some(v.clone()),
            _ => None,
        };
        let job = ViewJob {
            data: self.data.clone(),
            columns: self.visible.clone(),
            filter: self.filter.clone(),
            sort: self.sort,
            base,
            from_row: 0,
        };
        if job.size() <= INLINE_VIEW_ROWS {
            let index = job.run();
            let covered = job.data.rows();
            self.install_view(index, covered);
        } else {
            let req = next_req();
            self.view_req = Some(req);
            cmds.push(Cmd::ComputeView {
                req,
                job: Box::new(job),
            });
        }
        cmds
    }

    /// A view computed off the UI task arrived; stale ones are dropped.
    pub fn view_ready(
        &mut self,
        req: ReqId,
        index: ViewIndex,
        covered: usize,
        next_req: &mut dyn FnMut() -> ReqId,
    ) -> Vec<Cmd> {
        if self.view_req != Some(req) {
            return Vec::new();
        }
        self.view_req = None;
        self.install_view(index, covered);
        self.extend_view(next_req)
    }

    fn install_view(&mut self, index: ViewIndex, covered: usize) {
        let changed = self.view_filter != self.filter || self.view_sort != self.sort;
        self.view = index;
        self.view_covered = covered;
        self.view_filter = self.filter.clone();
        self.view_sort = self.sort;
        if changed {
            self.cursor = 0;
            self.top = 0;
        }
        self.clamp_cursor();
    }

    /// True while a filter or sort is being computed.
    pub fn view_pending(&self) -> bool {
        self.view_req.is_some()
    }

    pub fn clamp_cursor(&mut self) {
        let len = self.len();
        self.cursor = self.cursor.min(len.saturating_sub(1));
        self.top = self.top.min(self.cursor);
    }

    /// Moves the cursor by `delta` rows and keeps it inside a window of `page` rows.
    pub fn move_cursor(&mut self, delta: isize, page: usize) {
        let len = self.len();
        if len == 0 {
            return;
        }
        let target = self.cursor as isize + delta;
        self.cursor = target.clamp(0, len as isize - 1) as usize;
        self.scroll_into_view(page);
    }

    pub fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.cursor < self.top {
            self.top = self.cursor;
        } else if self.cursor >= self.top + page {
            self.top = self.cursor + 1 - page;
        }
    }

    /// Moves the column cursor and scrolls sideways so that it stays on screen.
    pub fn move_column(&mut self, delta: isize, screen_width: u16) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() as isize - 1;
        self.col = (self.col as isize + delta).clamp(0, last) as usize;
        self.fix_col_offset(screen_width);
    }

    pub fn fix_col_offset(&mut self, screen_width: u16) {
        let frozen = self.frozen();
        self.col = self.col.min(self.visible.len().saturating_sub(1));
        self.col_offset = self.col_offset.max(frozen);
        if self.col < frozen {
            return;
        }
        if self.col < self.col_offset {
            self.col_offset = self.col;
        }
        while self.col_offset < self.col
            && self.scrolled_fitting(screen_width) <= self.col - self.col_offset
        {
            self.col_offset += 1;
        }
    }

    /// How many scrolled columns fit from `col_offset` beside the frozen ones.
    pub fn scrolled_fitting(&self, screen_width: u16) -> usize {
        let frozen = self.frozen();
        let frozen_width: u16 = self.visible[..frozen]
            .iter()
            .map(|&c| self.data.width(c) + COLUMN_GAP)
            .sum();
        let avail = screen_width
            .saturating_sub(RESULTS_GUTTER)
            .saturating_sub(frozen_width)
            .saturating_sub(if frozen > 0 { 1 } else { 0 });
        columns_fitting(
            self.visible[self.col_offset.min(self.visible.len())..]
                .iter()
                .map(|&c| self.data.width(c)),
            avail,
        )
    }

    /// Sets the sort to the column under the cursor (again: back to arrival order).
    pub fn sort_by_cursor(&mut self, desc: bool) {
        let Some(&col) = self.visible.get(self.col) else {
            return;
        };
        let spec = SortSpec { col, desc };
        self.sort = if self.sort == Some(spec) {
            None
        } else {
            Some(spec)
        };
    }

    /// Marks every row in the view.
    pub fn mark_all(&mut self) {
        let rows = self.data.rows();
        for pos in 0..self.len() {
            if let Some(r) = self.view.row_at(pos, rows) {
                self.marks.set(r, true);
            }
        }
    }

    /// The obsids of the marked rows, or of the current row when none are marked.
    pub fn selected_obsids(&self) -> Vec<i64> {
        let rows: Vec<usize> = if self.marks.count() > 0 {
            self.marks.iter().collect()
        } else {
            self.current_row().into_iter().collect()
        };
        // The column is looked up once: this may run over a million marked rows.
        let Some(col) = self.data.column_index("obsid") else {
            return Vec::new();
        };
        rows.into_iter()
            .filter_map(|r| self.data.cell(r, col).as_i64())
            .collect()
    }
}

/// The default columns the data has, or all of them when it has none of the defaults.
pub fn default_columns(data: &ResultSet) -> Vec<usize> {
    let cols: Vec<usize> = DEFAULT_COLUMNS
        .iter()
        .filter_map(|n| data.column_index(n))
        .collect();
    if cols.is_empty() {
        (0..data.names().len()).collect()
    } else {
        cols
    }
}
