//! The results pane: the observations a search found, in the shared grid, and the search
//! still delivering pages. What is its own: starting and stopping the search, its progress,
//! and `p`, which hands the chosen observations to the products pane.
use std::sync::Arc;

use crate::app::advice::describe;
use crate::app::cmd::Cmd;
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::{Effect, ObservationRef, OverlayRequest};
use crate::app::grid::component::{FilterBy, Grid, Outcome};
use crate::app::grid::result_set::ResultSet;
use crate::app::grid::table_source::{OBSERVATIONS, TableSource};
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::app::web_url::web_url;
use crate::common::format::thousands;
use crate::mast::MastError;
use crate::mast::criteria::{Criteria, Target};
use crate::mast::search::DEFAULT_RADIUS_DEG;
use crate::mast::table::Table;

/// Rows asked per page: the first page shows quickly, later ones stream in.
pub const PAGE_SIZE: u32 = 5_000;
/// After this long without a first page, the status says the archive is silent.
const SLOW_ANSWER_S: u64 = 5;

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

#[derive(Debug, Clone)]
pub struct ResultsPane {
    pub table: TableSource,
    pub grid: Grid,
    /// What the server says matched (may exceed the rows received so far).
    pub total: Option<u64>,
    pub criteria: Option<Criteria>,
    pub loading: Option<Loading>,
    /// The search ended before all pages came (cancelled or failed).
    pub partial: bool,
    /// Why the search failed, kept for the pane after the message line moves on.
    pub failed: Option<String>,
    /// Where a positional search looked: centre and radius, degrees.
    pub cone: Option<(f64, f64, f64)>,
}

impl Default for ResultsPane {
    fn default() -> Self {
        ResultsPane {
            table: TableSource::new(&OBSERVATIONS),
            grid: Grid::new(FilterBy::Text),
            total: None,
            criteria: None,
            loading: None,
            partial: false,
            failed: None,
            cone: None,
        }
    }
}

impl ResultsPane {
    /// Starts a search, replacing (and cancelling) the one shown.
    pub fn start(&mut self, criteria: Criteria, cx: &mut Ctx) {
        if let Some(l) = &self.loading {
            cx.run(Cmd::Cancel(l.req));
        }
        self.grid.cancel_jobs(cx);
        let req = cx.fresh();
        // Coordinates are known at once; a name's position comes with the answer.
        let cone = match &criteria.target {
            Some(Target::Coords(c)) => Some((
                c.ra,
                c.dec,
                criteria.radius_deg.unwrap_or(DEFAULT_RADIUS_DEG),
            )),
            _ => None,
        };
        *self = ResultsPane {
            cone,
            criteria: Some(criteria.clone()),
            loading: Some(Loading {
                req,
                pages_done: 0,
                pages: 0,
                started_ms: None,
            }),
            ..ResultsPane::default()
        };
        cx.run(Cmd::Search {
            req,
            criteria,
            pagesize: PAGE_SIZE,
        });
    }

    pub fn data(&self) -> &ResultSet {
        &self.table.data
    }

    pub fn search_req(&self) -> Option<ReqId> {
        self.loading.as_ref().map(|l| l.req)
    }

    /// Rows shown.
    pub fn len(&self) -> usize {
        self.grid.len(&self.table)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row id under the cursor.
    pub fn current_row(&self) -> Option<usize> {
        self.grid.current_row(&self.table)
    }

    pub fn filter(&self) -> &str {
        self.grid.filter_text()
    }

    /// How many leading shown columns are key columns.
    pub fn frozen(&self) -> usize {
        self.grid.columns.frozen(&self.table)
    }

    /// The marked observations, or the current one when none is marked.
    pub fn selected_observations(&self) -> Vec<ObservationRef> {
        let rows = self.grid.selected_rows(&self.table);
        let data = self.data();
        // Columns are looked up once: this may run over a million marked rows.
        let Some(col) = data.column_index("obsid") else {
            return Vec::new();
        };
        let obs_id = data.column_index("obs_id");
        let preview = data.column_index("jpegURL");
        let text = |row: usize, c: Option<usize>| {
            c.and_then(|c| data.cell(row, c).as_str().map(|s| s.trim().to_string()))
                .filter(|s| !s.is_empty())
        };
        rows.into_iter()
            .filter_map(|r| {
                Some(ObservationRef {
                    obsid: data.cell(r, col).as_i64()?,
                    obs_id: text(r, obs_id),
                    preview: text(r, preview).and_then(|u| web_url(&u)),
                })
            })
            .collect()
    }

    fn page(cx: &Ctx) -> usize {
        cx.grid_rows()
    }

    fn on_page(
        &mut self,
        req: ReqId,
        page: u32,
        pages: u32,
        total: u64,
        table: Arc<Table>,
        cx: &mut Ctx,
    ) {
        let Some(loading) = self.loading.as_mut().filter(|l| l.req == req) else {
            return;
        };
        loading.pages_done = page;
        loading.pages = pages;
        self.total = Some(total);
        self.table.push_page(table);
        self.grid.refresh(&self.table, cx);
        self.grid.columns.fix_offset(&self.table, cx.width);
    }

    fn on_done(&mut self, req: ReqId, result: Result<(), MastError>, cx: &mut Ctx) {
        if self.search_req() != Some(req) {
            return;
        }
        self.loading = None;
        let rows = self.data().rows() as u64;
        match result {
            Ok(()) => self.partial = self.total.is_some_and(|t| t > rows),
            Err(MastError::Cancelled) => self.partial = true,
            Err(e) => {
                let text = describe("search", &e);
                self.partial = rows > 0;
                self.failed = Some(text.clone());
                cx.error(text);
            }
        }
    }

    /// Esc past the grid: stop the search, keeping what came.
    fn stop(&mut self, cx: &mut Ctx) -> bool {
        let Some(l) = self.loading.take() else {
            return false;
        };
        self.partial = true;
        cx.info(format!(
            "search stopped: {} of {} rows kept",
            thousands(self.data().rows() as u64),
            thousands(self.total.unwrap_or(0)),
        ));
        cx.run(Cmd::Cancel(l.req));
        true
    }

    /// `p`: the products of the marked (or current) observations.
    fn ask_products(&mut self, cx: &mut Ctx) {
        let observations = self.selected_observations();
        if observations.is_empty() {
            cx.error("no obsid in the selected rows: mark observations with Space first");
            return;
        }
        cx.effect(Effect::ListProducts(observations));
    }

    /// `o`: the observation's preview.
    fn open(&self, cx: &mut Ctx) {
        let url = self
            .current_row()
            .and_then(|r| self.table.text(r, "jpegURL"))
            .and_then(|u| web_url(&u));
        match url {
            Some(url) => cx.run(Cmd::OpenUrl { url }),
            None => cx.error("no preview URL (jpegURL) for this observation"),
        }
    }
}

impl Component for ResultsPane {
    fn contexts(&self) -> Vec<Context> {
        self.grid.contexts_under(Some(Context::Results))
    }

    fn typing(&self) -> bool {
        self.grid.typing()
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        if !self.grid.typing() {
            match action {
                Action::Products => {
                    self.ask_products(cx);
                    return true;
                }
                Action::Open => {
                    self.open(cx);
                    return true;
                }
                Action::Sky => {
                    cx.effect(Effect::Open(OverlayRequest::Sky));
                    return true;
                }
                _ => {}
            }
        }
        let page = Self::page(cx);
        match self.grid.on_action(action, &self.table, page, cx) {
            Outcome::Ignored if action == Action::Back => self.stop(cx),
            Outcome::Ignored => false,
            _ => true,
        }
    }

    fn on_key(&mut self, key: &Key, cx: &mut Ctx) {
        self.grid.on_key(key, &self.table, cx);
    }

    fn on_paste(&mut self, text: &str, cx: &mut Ctx) {
        self.grid.on_paste(text, &self.table, cx);
    }

    fn on_msg(&mut self, msg: Msg, cx: &mut Ctx) -> Option<Msg> {
        match msg {
            Msg::SearchPage {
                req,
                page,
                pages,
                rows_filtered,
                table,
            } => self.on_page(req, page, pages, rows_filtered, table, cx),
            Msg::SearchCone {
                req,
                ra,
                dec,
                radius,
            } => {
                if self.search_req() == Some(req) {
                    self.cone = Some((ra, dec, radius));
                }
            }
            Msg::SearchDone { req, result } => self.on_done(req, result, cx),
            Msg::JobFailed { req, message } if self.search_req() == Some(req) => {
                let err = MastError::Protocol {
                    what: "internal error".into(),
                    message: format!("{message} (a bug in mastui; please report it)"),
                };
                self.on_done(req, Err(err), cx);
            }
            other => return self.grid.on_msg(other, &self.table, cx),
        }
        None
    }

    fn choose_columns(&mut self, chosen: Vec<usize>, cx: &mut Ctx) {
        self.grid.set_columns(chosen, &self.table, cx);
    }

    fn on_resize(&mut self, cx: &mut Ctx) {
        let page = Self::page(cx);
        self.grid.on_resize(&self.table, page, cx.width);
    }

    fn on_tick(&mut self, now_ms: u64) {
        if let Some(l) = self.loading.as_mut() {
            l.started_ms.get_or_insert(now_ms);
        }
    }

    fn activity(&self, now_ms: u64) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(l) = &self.loading {
            let rows = thousands(self.data().rows() as u64);
            let mut line = match self.total {
                Some(t) => format!("search {rows}/{} rows", thousands(t)),
                None => format!("search {rows} rows"),
            };
            if l.pages > 1 {
                line.push_str(&format!(" (page {}/{})", l.pages_done, l.pages));
            }
            // A silent archive (down, retrying, or a long EXECUTING job) shows how long it
            // has been, and how to stop waiting.
            let waited_s = l.started_ms.map_or(0, |t| now_ms.saturating_sub(t) / 1000);
            if self.data().is_empty() && waited_s >= SLOW_ANSWER_S {
                line = format!("search: no answer for {waited_s} s (Esc stops)");
            }
            out.push(line);
        }
        if self.grid.filtering() {
            out.push("filtering".into());
        }
        if self.grid.sorting() {
            out.push("sorting".into());
        }
        out
    }
}
