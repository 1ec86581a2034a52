//! The results as a session left them, and put back: the search is run again and, once it
//! has ended, its sort, filter, marks and cursor are applied by column name and obsid (row
//! ids do not survive a new search).
use crate::app::ctx::Ctx;
use crate::app::grid::source::GridSource;
use crate::app::view::SortSpec;
use crate::mast::table::Cell;
use crate::remember::session::ResultsView;
use crate::remember::spec::SearchSpec;

use super::ResultsPane;

impl ResultsPane {
    /// How the results are viewed now, for the next session (None: no search shown).
    pub fn view_state(&self) -> Option<ResultsView> {
        let search = SearchSpec::from_criteria(self.criteria.as_ref()?);
        let data = self.data();
        let obsid_col = data.column_index("obsid");
        let obsid = |row: usize| match obsid_col.map(|c| data.cell(row, c)) {
            Some(Cell::Int(i)) => Some(i),
            Some(Cell::Text(t)) => t.trim().parse().ok(),
            _ => None,
        };
        Some(ResultsView {
            search,
            sort: self
                .grid
                .sort
                .map(|s| (self.table.name(s.col).to_string(), s.desc)),
            filter: self.filter().to_string(),
            marks: self.grid.marks.iter().filter_map(obsid).collect(),
            cursor: self.current_row().and_then(obsid),
        })
    }

    /// Keeps a session's view to apply once the search now starting has ended.
    pub fn resume(&mut self, view: ResultsView) {
        self.resumed = Some(view);
    }

    /// The search ended: sort, filter, marks and cursor as they were.
    pub(super) fn apply_resumed(&mut self, cx: &mut Ctx) {
        let Some(v) = self.resumed.take() else {
            return;
        };
        let sort = v.sort.as_ref().and_then(|(name, desc)| {
            (0..self.table.columns())
                .find(|&c| self.table.name(c) == name)
                .map(|col| SortSpec { col, desc: *desc })
        });
        self.grid.restore_choice(sort, v.filter.clone());
        let data = self.data();
        let Some(obsid_col) = data.column_index("obsid") else {
            return;
        };
        let rows: Vec<(usize, Option<i64>)> = (0..data.rows())
            .map(|r| match data.cell(r, obsid_col) {
                Cell::Int(i) => (r, Some(i)),
                Cell::Text(t) => (r, t.trim().parse().ok()),
                _ => (r, None),
            })
            .collect();
        for (r, o) in &rows {
            if o.is_some_and(|o| v.marks.contains(&o)) {
                self.grid.marks.set(*r, true);
            }
        }
        self.grid.refresh(&self.table, cx);
        // The cursor finds its row when the view was made at once (large sorts and
        // filters run on the worker; then the cursor starts at the top).
        let row = rows.iter().find(|(_, o)| o.is_some() && *o == v.cursor);
        if let Some(&(r, _)) = row
            && let Some(pos) = self.grid.view().position_of(r, self.table.rows())
        {
            self.grid.cursor.pos = pos;
            self.grid.cursor.scroll_into_view(cx.grid_rows());
        }
    }
}
