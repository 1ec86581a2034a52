//! The whole application state: which pane has focus, the overlay, each pane's own state.
use crate::mast::criteria::Criteria;

use super::basket::BasketPane;
use super::cmd::Cmd;
use super::layout;
use super::msg::ReqId;
use super::overlay::Overlay;
use super::products::ProductsPane;
use super::results::Results;
use super::search_form::{CountState, SearchForm};
use crate::common::format::thousands;

/// After this long without a first page, the status says the archive is silent.
const SLOW_ANSWER_S: u64 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Search,
    Results,
    Products,
    Basket,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Search, Pane::Results, Pane::Products, Pane::Basket];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Search => "Search",
            Pane::Results => "Results",
            Pane::Products => "Products",
            Pane::Basket => "Basket",
        }
    }

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// A short message in the message line: what happened and what to do next.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct State {
    /// The archive in use, shown in the status bar.
    pub server: String,
    pub width: u16,
    pub height: u16,
    pub pane: Pane,
    pub overlay: Option<Overlay>,
    pub search: SearchForm,
    pub results: Results,
    pub products: ProductsPane,
    pub basket: BasketPane,
    pub message: Option<Message>,
    /// Who the session is logged in as (status bar, login prompt).
    pub auth: super::login::Auth,
    /// Milliseconds since start, from the last Tick (drives the spinner only).
    pub now_ms: u64,
    pub quit: bool,
    pub ids: ReqIds,
}

/// Hands out request ids, never the same twice.
#[derive(Debug, Clone, Default)]
pub struct ReqIds(u64);

impl ReqIds {
    pub fn fresh(&mut self) -> ReqId {
        self.0 += 1;
        ReqId(self.0)
    }
}

impl State {
    pub fn new(server: impl Into<String>, width: u16, height: u16) -> State {
        State {
            server: server.into(),
            width,
            height,
            pane: Pane::Search,
            overlay: None,
            search: SearchForm::default(),
            results: Results::default(),
            products: ProductsPane::default(),
            basket: BasketPane::default(),
            message: None,
            auth: super::login::Auth::default(),
            now_ms: 0,
            quit: false,
            ids: ReqIds::default(),
        }
    }

    /// The first commands: fetch the mission list, and run the command-line search if any.
    pub fn start(&mut self, criteria: Option<Criteria>) -> Vec<Cmd> {
        let req = self.ids.fresh();
        self.search.missions_req = Some(req);
        let mut cmds = vec![Cmd::Missions { req }];
        cmds.extend(super::login::start(self));
        if let Some(c) = criteria {
            self.search.fill(&c);
            self.search.editing = false;
            cmds.extend(super::update::start_search(self, c));
        }
        cmds
    }

    /// Rows of a grid body at the current size.
    pub fn grid_rows(&self) -> usize {
        layout::grid_rows(self.height)
    }

    /// True while any job runs (the UI loop ticks only then).
    pub fn busy(&self) -> bool {
        !self.activities().is_empty()
    }

    /// Running work, as the status bar shows it.
    pub fn activities(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(l) = &self.results.loading {
            let rows = thousands(self.results.data.rows() as u64);
            match self.results.total {
                Some(t) => out.push(format!("search {rows}/{} rows", thousands(t))),
                None => out.push(format!("search {rows} rows")),
            }
            if l.pages > 1 {
                out.last_mut()
                    .into_iter()
                    .for_each(|s| s.push_str(&format!(" (page {}/{})", l.pages_done, l.pages)));
            }
            // A silent archive (down, retrying, or a long EXECUTING job) shows how long it has
            // been, and how to stop waiting.
            let waited_s = l
                .started_ms
                .map_or(0, |t| self.now_ms.saturating_sub(t) / 1000);
            if self.results.data.is_empty() && waited_s >= SLOW_ANSWER_S {
                out.pop();
                out.push(format!("search: no answer for {waited_s} s (Esc stops)"));
            }
        }
        if self.results.view_pending() {
            out.push("filtering".into());
        }
        if matches!(self.search.count, CountState::Running(_)) {
            out.push("counting".into());
        }
        if self.products.req.is_some() {
            out.push(format!(
                "products: observations {}/{}",
                thousands(self.products.done as u64),
                thousands(self.products.observations as u64)
            ));
        }
        if self.search.missions_req.is_some() {
            out.push("mission list".into());
        }
        out.extend(self.basket.activity());
        out
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            level: Level::Info,
            text: text.into(),
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            level: Level::Error,
            text: text.into(),
        });
    }
}
