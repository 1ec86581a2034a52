//! `Grid`: the state and keys of one grid over a `GridSource`: the cursor and its window,
//! the column choice and column cursor, marks by row id (so they survive sort and filter),
//! the sort, the filter as typed, and the view (the row ids shown, in order).
//!
//! The view is the source's natural order, sorted (stably) when asked, then filtered: by the
//! typed text over the shown columns, or by a mask the owning pane computes (products: facets
//! and the file-name expression). Sorts and text filters over more than `INLINE_ROWS` rows
//! run on the worker while the previous view stays on screen; their answers come back as
//! `Msg::ViewReady` and stale ones are dropped. The cursor follows its row through every
//! change, and goes to the top when its row is no longer shown.
use std::sync::Arc;

use tui_input::Input;

use crate::app::cmd::Cmd;
use crate::app::ctx::Ctx;
use crate::app::effect::{Effect, OverlayRequest};
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::app::text_input;

use super::columns::Columns;
use super::cursor::RowCursor;
use super::marks::Marks;
use super::source::GridSource;
use crate::app::view::{Rows, SortSpec, TextFilter, ViewIndex, ViewJob};

/// A sort or text filter over more rows than this goes to the worker, so no keystroke
/// waits on it.
pub const INLINE_ROWS: usize = 20_000;

/// What a key did to the grid, for its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not a grid key.
    Ignored,
    Done,
    /// Marks changed (an owner may keep totals of them).
    Marks,
    /// The typed filter text changed (an owner that filters itself reads `filter_text`).
    FilterText,
}

/// Who filters the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FilterBy {
    /// The grid: rows whose shown columns contain the typed text.
    #[default]
    Text,
    /// The owner, with `set_mask`; the typed text is the owner's to read.
    Owner,
}

/// The sort of the natural order, as computed.
#[derive(Debug, Clone)]
struct Sorted {
    spec: SortSpec,
    /// Rows (ids `0..rows`) it covers; later rows follow it unsorted until it is redone.
    rows: usize,
    ids: Vec<u32>,
}

/// The filter a view reflects.
#[derive(Debug, Clone, PartialEq)]
enum Applied {
    None,
    Text(TextFilter),
    /// A mask, by generation.
    Mask(u64),
}

/// What a view was computed from: when it equals what is wanted, nothing is to be done.
#[derive(Debug, Clone, PartialEq)]
struct Basis {
    order: u64,
    sorted: Option<(SortSpec, usize)>,
    filter: Applied,
    rows: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub cursor: RowCursor,
    pub columns: Columns,
    pub marks: Marks,
    /// The sort asked for (`s`/`S`); the view follows once it is computed.
    pub sort: Option<SortSpec>,
    /// The filter text (what `/` edits), and the field while it is being typed.
    filter_text: String,
    input: Option<Input>,
    filter_by: FilterBy,
    mask: Option<(u64, Arc<Vec<bool>>)>,
    /// Bumped when the natural order changes other than by rows added at its end.
    order: u64,
    sorted: Option<Sorted>,
    sort_job: Option<(ReqId, SortSpec, usize)>,
    view: ViewIndex,
    basis: Option<Basis>,
    view_job: Option<(ReqId, Basis)>,
}

impl Grid {
    pub fn new(filter_by: FilterBy) -> Grid {
        Grid {
            filter_by,
            ..Grid::default()
        }
    }

    /// A grid for new rows that keeps what the user chose in this one: columns, column
    /// cursor, sort and filter text (not marks, cursor or views, which name old rows).
    pub fn renewed(&self) -> Grid {
        Grid {
            columns: Columns {
                offset: 0,
                ..self.columns.clone()
            },
            sort: self.sort,
            filter_text: self.filter_text.clone(),
            filter_by: self.filter_by,
            ..Grid::default()
        }
    }

    /// Puts back a sort and a filter text chosen in an earlier session (the view follows
    /// at the next `refresh`).
    pub fn restore_choice(&mut self, sort: Option<SortSpec>, filter: String) {
        self.sort = sort;
        self.filter_text = filter;
    }

    /// The row ids shown, in order.
    pub fn view(&self) -> &ViewIndex {
        &self.view
    }

    /// Rows shown.
    pub fn len(&self, src: &dyn GridSource) -> usize {
        self.view.len(src.rows())
    }

    pub fn is_empty(&self, src: &dyn GridSource) -> bool {
        self.len(src) == 0
    }

    /// The row id at a view position.
    pub fn row_at(&self, pos: usize, src: &dyn GridSource) -> Option<usize> {
        self.view.row_at(pos, src.rows())
    }

    /// The row id under the cursor.
    /// The row ids shown (filtered, in the sort order), top to bottom.
    pub fn shown_rows(&self, src: &dyn GridSource) -> Vec<u32> {
        (0..self.len(src))
            .filter_map(|pos| self.row_at(pos, src).map(|r| r as u32))
            .collect()
    }

    pub fn current_row(&self, src: &dyn GridSource) -> Option<usize> {
        self.row_at(self.cursor.pos, src)
    }

    /// The marked rows (every mark, shown or not), else the one under the cursor.
    pub fn selected_rows(&self, src: &dyn GridSource) -> Vec<usize> {
        if self.marks.count() > 0 {
            self.marks.iter().collect()
        } else {
            self.current_row(src).into_iter().collect()
        }
    }

    /// A filter set before any rows exist (the config's default), applied when they land.
    pub fn preset_filter(&mut self, text: String) {
        self.filter_text = text;
    }

    pub fn filter_text(&self) -> &str {
        &self.filter_text
    }

    /// The filter field while it is typed in.
    pub fn input(&self) -> Option<&Input> {
        self.input.as_ref()
    }

    /// True while a sort or filter runs on the worker.
    pub fn pending(&self) -> bool {
        self.sort_job.is_some() || self.view_job.is_some()
    }

    /// The sort running on the worker, if any.
    pub fn sort_req(&self) -> Option<ReqId> {
        self.sort_job.map(|(r, ..)| r)
    }

    pub fn sorting(&self) -> bool {
        self.sort_job.is_some()
    }

    pub fn filtering(&self) -> bool {
        self.view_job.is_some()
    }

    /// The keymap contexts of the grid: typing its filter, or moving in it.
    pub fn contexts(&self) -> Vec<Context> {
        self.contexts_under(None)
    }

    /// The grid's contexts under a pane's own (which go first, unless the filter is typed).
    pub fn contexts_under(&self, pane: Option<Context>) -> Vec<Context> {
        if self.input.is_some() {
            vec![Context::Filter]
        } else {
            pane.into_iter()
                .chain([Context::Grid, Context::Move])
                .collect()
        }
    }

    pub fn typing(&self) -> bool {
        self.input.is_some()
    }

    /// A key of the grid's; `page` is how many rows the pane shows.
    pub fn on_action(
        &mut self,
        action: Action,
        src: &dyn GridSource,
        page: usize,
        cx: &mut Ctx,
    ) -> Outcome {
        if self.input.is_some() {
            return self.on_filter_action(action, src, page, cx);
        }
        let len = self.len(src);
        if self.cursor.on_action(action, len, page) {
            return Outcome::Done;
        }
        match action {
            Action::Left => self.columns.move_col(-1, src, cx.width),
            Action::Right => self.columns.move_col(1, src, cx.width),
            Action::Sort | Action::SortReverse => {
                let Some(col) = self.columns.current() else {
                    return Outcome::Done;
                };
                let spec = SortSpec {
                    col,
                    desc: action == Action::SortReverse,
                };
                // The same sort again: back to the natural order.
                self.sort = (self.sort != Some(spec)).then_some(spec);
                self.refresh(src, cx);
            }
            Action::Filter => self.input = Some(Input::new(self.filter_text.clone())),
            Action::Columns => {
                if src.columns() > 0 {
                    let names = (0..src.columns()).map(|c| src.name(c).to_string());
                    cx.effect(Effect::Open(OverlayRequest::Columns {
                        names: names.collect(),
                        visible: self.columns.visible.clone(),
                    }));
                }
            }
            Action::Mark => {
                if let Some(row) = self.current_row(src) {
                    self.marks.toggle(row);
                    self.cursor.move_by(1, len, page);
                }
                return Outcome::Marks;
            }
            Action::MarkAll => {
                for pos in 0..len {
                    if let Some(r) = self.row_at(pos, src) {
                        self.marks.set(r, true);
                    }
                }
                return Outcome::Marks;
            }
            Action::UnmarkAll => {
                self.marks.clear();
                return Outcome::Marks;
            }
            Action::Details => {
                if let Some(row) = self.current_row(src) {
                    cx.effect(Effect::Open(OverlayRequest::Detail(src.detail(row))));
                }
            }
            Action::Back if !self.filter_text.is_empty() => {
                return self.set_filter_text(String::new(), src, cx);
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Done
    }

    /// Keys while the filter is typed: Enter keeps it, Esc clears it, arrows move the rows.
    fn on_filter_action(
        &mut self,
        action: Action,
        src: &dyn GridSource,
        page: usize,
        cx: &mut Ctx,
    ) -> Outcome {
        match action {
            Action::Accept => self.input = None,
            Action::Back => {
                self.input = None;
                return self.set_filter_text(String::new(), src, cx);
            }
            Action::Up | Action::Down => {
                let len = self.len(src);
                self.cursor.on_action(action, len, page);
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Done
    }

    /// A key no binding took while the filter is typed.
    pub fn on_key(&mut self, key: &Key, src: &dyn GridSource, cx: &mut Ctx) -> Outcome {
        self.edit(|input| text_input::apply_key(input, key), src, cx)
    }

    pub fn on_paste(&mut self, text: &str, src: &dyn GridSource, cx: &mut Ctx) -> Outcome {
        self.edit(|input| text_input::paste(input, text), src, cx)
    }

    /// Applies `change` to the filter being typed; the filter follows when the text changed.
    fn edit(
        &mut self,
        change: impl FnOnce(&mut Input) -> bool,
        src: &dyn GridSource,
        cx: &mut Ctx,
    ) -> Outcome {
        let Some(input) = &mut self.input else {
            return Outcome::Done;
        };
        if !change(input) {
            return Outcome::Done;
        }
        let text = input.value().to_string();
        self.set_filter_text(text, src, cx)
    }

    fn set_filter_text(&mut self, text: String, src: &dyn GridSource, cx: &mut Ctx) -> Outcome {
        self.filter_text = text;
        if self.filter_by == FilterBy::Text {
            self.refresh(src, cx);
        }
        Outcome::FilterText
    }

    /// The rows an owner that filters itself lets through, by row id (`FilterBy::Owner`).
    pub fn set_mask(&mut self, mask: Vec<bool>, src: &dyn GridSource, cx: &mut Ctx) {
        let generation = self.mask.as_ref().map_or(1, |(g, _)| g + 1);
        self.mask = Some((generation, Arc::new(mask)));
        self.refresh(src, cx);
    }

    /// Stops the grid's jobs on the worker (its rows are being replaced).
    pub fn cancel_jobs(&mut self, cx: &mut Ctx) {
        if let Some((req, ..)) = self.sort_job.take() {
            cx.run(Cmd::Cancel(req));
        }
        if let Some((req, _)) = self.view_job.take() {
            cx.run(Cmd::Cancel(req));
        }
    }

    /// The natural order changed other than by rows added at its end (products regrouped).
    pub fn order_changed(&mut self) {
        self.order += 1;
    }

    /// `c` applied.
    pub fn set_columns(&mut self, chosen: Vec<usize>, src: &dyn GridSource, cx: &mut Ctx) {
        self.columns.choose(chosen, src, cx.width);
        // A text filter reads the shown columns, so a new choice can change its answer.
        self.refresh(src, cx);
    }

    /// The terminal changed size.
    pub fn on_resize(&mut self, src: &dyn GridSource, page: usize, width: u16) {
        self.cursor.scroll_into_view(page);
        self.columns.fix_offset(src, width);
    }

    /// A sort or filter from the worker; given back when it is not this grid's.
    pub fn on_msg(&mut self, msg: Msg, src: &dyn GridSource, cx: &mut Ctx) -> Option<Msg> {
        match msg {
            Msg::ViewReady { req, rows } => {
                if self.sort_job.is_some_and(|(r, ..)| r == req) {
                    if let Some((_, spec, covered)) = self.sort_job.take()
                        && self.sort == Some(spec)
                    {
                        self.sorted = Some(Sorted {
                            spec,
                            rows: covered,
                            ids: rows,
                        });
                    }
                } else if self.view_job.as_ref().is_some_and(|(r, _)| *r == req) {
                    if let Some((_, basis)) = self.view_job.take() {
                        self.install(ViewIndex::Rows(rows), basis, src);
                    }
                } else {
                    return Some(Msg::ViewReady { req, rows });
                }
                self.refresh(src, cx);
                None
            }
            Msg::JobFailed { req, message } => {
                if self.sort_job.is_some_and(|(r, ..)| r == req) {
                    // The grid keeps the order it has; `s` can ask again.
                    self.sort_job = None;
                    self.sort = self.sorted.as_ref().map(|s| s.spec);
                    cx.error(format!(
                        "sorting: {message} (a bug in mastui; please report it)"
                    ));
                } else if self.view_job.as_ref().is_some_and(|(r, _)| *r == req) {
                    self.view_job = None;
                    cx.error(format!(
                        "filtering: {message} (a bug in mastui; please report it)"
                    ));
                } else {
                    return Some(Msg::JobFailed { req, message });
                }
                None
            }
            other => Some(other),
        }
    }

    /// Brings the sort and the view up to date with the source and what is asked: inline
    /// when small, else on the worker. Call it after rows are added.
    pub fn refresh(&mut self, src: &dyn GridSource, cx: &mut Ctx) {
        self.columns.ensure(src);
        self.refresh_sort(src, cx);
        self.refresh_view(src, cx);
    }

    fn refresh_sort(&mut self, src: &dyn GridSource, cx: &mut Ctx) {
        let Some(spec) = self.sort else {
            self.sorted = None;
            if let Some((req, ..)) = self.sort_job.take() {
                cx.run(Cmd::Cancel(req));
            }
            return;
        };
        let rows = src.rows();
        let have = self
            .sorted
            .as_ref()
            .is_some_and(|s| s.spec == spec && s.rows == rows);
        // One sort job at a time; its answer asks again when more rows landed meanwhile.
        let running = self.sort_job.is_some_and(|(_, s, _)| s == spec);
        if have || running {
            return;
        }
        if let Some((req, ..)) = self.sort_job.take() {
            cx.run(Cmd::Cancel(req));
        }
        let job = ViewJob {
            data: src.snapshot(&[spec.col]),
            rows: natural(src),
            filter: None,
            sort: Some(spec),
        };
        if job.size() <= INLINE_ROWS {
            self.sorted = Some(Sorted {
                spec,
                rows,
                ids: job.run(),
            });
        } else {
            let req = cx.fresh();
            self.sort_job = Some((req, spec, rows));
            cx.run(Cmd::ComputeView {
                req,
                job: Box::new(job),
            });
        }
    }

    /// The sort in use: the computed one, when it is the one asked for.
    fn sorted_in_use(&self) -> Option<&Sorted> {
        self.sorted.as_ref().filter(|s| Some(s.spec) == self.sort)
    }

    fn wanted(&self, src: &dyn GridSource) -> Basis {
        let filter = match self.filter_by {
            FilterBy::Text if self.filter_text.is_empty() => Applied::None,
            FilterBy::Text => Applied::Text(TextFilter {
                text: self.filter_text.clone(),
                columns: self.columns.visible.clone(),
            }),
            FilterBy::Owner => match &self.mask {
                Some((g, _)) => Applied::Mask(*g),
                None => Applied::None,
            },
        };
        Basis {
            order: self.order,
            sorted: self.sorted_in_use().map(|s| (s.spec, s.rows)),
            filter,
            rows: src.rows(),
        }
    }

    /// The rows in order before filtering: the sorted ones, then any that came since.
    fn sequence(&self, src: &dyn GridSource) -> Rows {
        let Some(s) = self.sorted_in_use() else {
            return natural(src);
        };
        let mut ids = s.ids.clone();
        match src.order() {
            Some(order) => ids.extend(order.iter().filter(|&&r| r as usize >= s.rows)),
            None => ids.extend(s.rows as u32..src.rows() as u32),
        }
        Rows::Ids(ids)
    }

    fn refresh_view(&mut self, src: &dyn GridSource, cx: &mut Ctx) {
        let want = self.wanted(src);
        if self.basis.as_ref() == Some(&want) {
            return;
        }
        if self.view_job.as_ref().is_some_and(|(_, b)| *b == want) {
            return;
        }
        if let Some((req, _)) = self.view_job.take() {
            cx.run(Cmd::Cancel(req));
        }
        // Rows added at the end of arrival order: only they need filtering.
        if let Some(old) = &self.basis
            && src.order().is_none()
            && old.rows < want.rows
            && (Basis {
                rows: want.rows,
                ..old.clone()
            }) == want
        {
            let tail = Rows::Range(old.rows, want.rows);
            if tail.len() <= INLINE_ROWS {
                let view = match (&self.view, self.filter_rows(tail, &want.filter, src)) {
                    (ViewIndex::All, None) => ViewIndex::All,
                    (ViewIndex::Rows(v), Some(new)) => {
                        ViewIndex::Rows(v.iter().copied().chain(new).collect())
                    }
                    (ViewIndex::Rows(v), None) => ViewIndex::Rows(
                        v.iter()
                            .copied()
                            .chain(old.rows as u32..want.rows as u32)
                            .collect(),
                    ),
                    (ViewIndex::All, Some(new)) => {
                        ViewIndex::Rows((0..old.rows as u32).chain(new).collect())
                    }
                };
                self.view = view;
                self.basis = Some(want);
                return;
            }
        }
        let seq = self.sequence(src);
        match &want.filter {
            Applied::None => {
                let view = match seq {
                    Rows::Range(0, n) if n == src.rows() => ViewIndex::All,
                    Rows::Range(a, b) => ViewIndex::Rows((a as u32..b as u32).collect()),
                    Rows::Ids(ids) => ViewIndex::Rows(ids),
                };
                self.install(view, want, src);
            }
            Applied::Mask(_) => {
                let rows = self.filter_rows(seq, &want.filter, src).unwrap_or_default();
                self.install(ViewIndex::Rows(rows), want, src);
            }
            Applied::Text(f) => {
                // Typing one more character only narrows: filter the rows shown, not all.
                let narrowing = self.basis.as_ref().is_some_and(|old| {
                    matches!(&old.filter, Applied::Text(o)
                        if o.columns == f.columns && f.text.contains(o.text.as_str()))
                        && old.order == want.order
                        && old.sorted == want.sorted
                        && old.rows == want.rows
                });
                let rows = match (&self.view, narrowing) {
                    (ViewIndex::Rows(v), true) => Rows::Ids(v.clone()),
                    _ => seq,
                };
                let job = ViewJob {
                    data: src.snapshot(&f.columns),
                    rows,
                    filter: Some(f.clone()),
                    sort: None,
                };
                if job.size() <= INLINE_ROWS {
                    self.install(ViewIndex::Rows(job.run()), want, src);
                } else {
                    let req = cx.fresh();
                    self.view_job = Some((req, want));
                    cx.run(Cmd::ComputeView {
                        req,
                        job: Box::new(job),
                    });
                }
            }
        }
    }

    /// The rows of `rows` the filter keeps, inline; None when there is no filter.
    fn filter_rows(&self, rows: Rows, filter: &Applied, src: &dyn GridSource) -> Option<Vec<u32>> {
        match filter {
            Applied::None => None,
            Applied::Mask(_) => {
                let mask = self.mask.as_ref().map(|(_, m)| m.clone())?;
                let pass = |r: &u32| mask.get(*r as usize).copied().unwrap_or(false);
                Some(match rows {
                    Rows::Range(a, b) => (a as u32..b as u32).filter(pass).collect(),
                    Rows::Ids(ids) => ids.into_iter().filter(pass).collect(),
                })
            }
            Applied::Text(f) => Some(
                ViewJob {
                    data: src.snapshot(&f.columns),
                    rows,
                    filter: Some(f.clone()),
                    sort: None,
                }
                .run(),
            ),
        }
    }

    /// A new view: the cursor stays on its row when it is still shown, else goes to the top.
    fn install(&mut self, view: ViewIndex, basis: Basis, src: &dyn GridSource) {
        // The row under the cursor as it was shown (rows may have been added since).
        let current = self
            .basis
            .as_ref()
            .and_then(|b| self.view.row_at(self.cursor.pos, b.rows));
        self.view = view;
        self.basis = Some(basis);
        let rows = src.rows();
        match current.and_then(|r| self.view.position_of(r, rows)) {
            Some(pos) => self.cursor.pos = pos,
            None => self.cursor = RowCursor::default(),
        }
        self.cursor.clamp(self.view.len(rows));
    }
}

/// The source's rows in their natural order.
fn natural(src: &dyn GridSource) -> Rows {
    match src.order() {
        Some(order) => Rows::Ids(order.to_vec()),
        None => Rows::Range(0, src.rows()),
    }
}
