//! A search delivering its rows page by page into a grid: which request it is, how far it
//! got, what the server says matched, and how it ended. The results pane and the catalog
//! pane each own one; what they searched for and what their rows lead to stay theirs.
use std::sync::Arc;

use crate::app::advice::describe;
use crate::app::cmd::Cmd;
use crate::app::ctx::Ctx;
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::common::format::thousands;
use crate::mast::MastError;
use crate::mast::table::Table;

use super::component::Grid;
use super::table_source::TableSource;

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

#[derive(Debug, Clone, Default)]
pub struct Paging {
    pub loading: Option<Loading>,
    /// What the server says matched (may exceed the rows received so far).
    pub total: Option<u64>,
    /// The search ended before all pages came (cancelled or failed).
    pub partial: bool,
    /// Why the search failed, kept for the pane after the message line moves on.
    pub failed: Option<String>,
    /// Where a positional search looked: centre and radius, degrees.
    pub cone: Option<(f64, f64, f64)>,
}

impl Paging {
    /// A new search (the caller cancels the old one with `cancel`).
    pub fn begin(req: ReqId, cone: Option<(f64, f64, f64)>) -> Paging {
        Paging {
            loading: Some(Loading {
                req,
                pages_done: 0,
                pages: 0,
                started_ms: None,
            }),
            cone,
            ..Paging::default()
        }
    }

    /// Stops the running search, if any (its late pages are not taken).
    pub fn cancel(&mut self, cx: &mut Ctx) {
        if let Some(l) = self.loading.take() {
            cx.run(Cmd::Cancel(l.req));
        }
    }

    pub fn req(&self) -> Option<ReqId> {
        self.loading.as_ref().map(|l| l.req)
    }

    /// Takes this search's pages, cone and end (None); hands back any other message.
    /// `what` names the search in messages.
    pub fn on_msg(
        &mut self,
        msg: Msg,
        what: &str,
        table: &mut TableSource,
        grid: &mut Grid,
        cx: &mut Ctx,
    ) -> Option<Msg> {
        let mine = |req: &ReqId| self.req() == Some(*req);
        match msg {
            Msg::SearchPage {
                req,
                page,
                pages,
                rows_filtered,
                table: page_table,
            } if mine(&req) => {
                self.on_page(page, pages, rows_filtered, page_table, table, grid, cx)
            }
            Msg::SearchCone {
                req,
                ra,
                dec,
                radius,
            } if mine(&req) => self.cone = Some((ra, dec, radius)),
            Msg::SearchDone { req, result } if mine(&req) => {
                self.on_done(result, what, table.data.rows(), cx)
            }
            Msg::JobFailed { req, message } if mine(&req) => {
                let err = MastError::Protocol {
                    what: "internal error".into(),
                    message: format!("{message} (a bug in mastui; please report it)"),
                };
                self.on_done(Err(err), what, table.data.rows(), cx);
            }
            other => return Some(other),
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn on_page(
        &mut self,
        page: u32,
        pages: u32,
        total: u64,
        rows: Arc<Table>,
        table: &mut TableSource,
        grid: &mut Grid,
        cx: &mut Ctx,
    ) {
        if let Some(l) = self.loading.as_mut() {
            l.pages_done = page;
            l.pages = pages;
        }
        self.total = Some(total);
        table.push_page(rows);
        grid.refresh(table, cx);
        grid.columns.fix_offset(table, cx.width);
    }

    fn on_done(&mut self, result: Result<(), MastError>, what: &str, rows: usize, cx: &mut Ctx) {
        self.loading = None;
        let rows = rows as u64;
        match result {
            Ok(()) => self.partial = self.total.is_some_and(|t| t > rows),
            Err(MastError::Cancelled) => self.partial = true,
            Err(e) => {
                let text = describe(what, &e);
                self.partial = rows > 0;
                self.failed = Some(text.clone());
                cx.error(text);
            }
        }
    }

    /// Esc past the grid: stop the search, keeping what came. False when none ran.
    pub fn stop(&mut self, rows: usize, cx: &mut Ctx) -> bool {
        let Some(l) = self.loading.take() else {
            return false;
        };
        self.partial = true;
        cx.info(format!(
            "search stopped: {} of {} rows kept",
            thousands(rows as u64),
            thousands(self.total.unwrap_or(0)),
        ));
        cx.run(Cmd::Cancel(l.req));
        true
    }

    pub fn on_tick(&mut self, now_ms: u64) {
        if let Some(l) = self.loading.as_mut() {
            l.started_ms.get_or_insert(now_ms);
        }
    }

    /// The status bar's line for a running search: `search 5,000/12,000 rows (page 1/3)`.
    pub fn activity(&self, label: &str, rows: usize, now_ms: u64) -> Option<String> {
        let l = self.loading.as_ref()?;
        let shown = thousands(rows as u64);
        let mut line = match self.total {
            Some(t) => format!("{label} {shown}/{} rows", thousands(t)),
            None => format!("{label} {shown} rows"),
        };
        if l.pages > 1 {
            line.push_str(&format!(" (page {}/{})", l.pages_done, l.pages));
        }
        // A silent archive (down, retrying, or a long EXECUTING job) shows how long it
        // has been, and how to stop waiting.
        let waited_s = l.started_ms.map_or(0, |t| now_ms.saturating_sub(t) / 1000);
        if rows == 0 && waited_s >= SLOW_ANSWER_S {
            line = format!("{label}: no answer for {waited_s} s (Esc stops)");
        }
        Some(line)
    }
}
