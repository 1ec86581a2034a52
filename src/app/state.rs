//! The whole application state: which pane has focus, the overlay stack, each pane's own
//! state, the message line, the session's login, and the request ids.
use super::component::Component;
use super::focus::Pane;
use super::layout;
use super::login_status::Auth;
use super::message::{Level, Message};
use super::overlays::stack::Overlay;
use super::panes::basket::BasketPane;
use super::panes::catalog::CatalogPane;
use super::panes::mission::MissionPane;
use super::panes::products::ProductsPane;
use super::panes::results::ResultsPane;
use super::panes::search::form::SearchForm;
use super::remap::Keymap;
use super::req::ReqIds;

#[derive(Debug, Clone)]
pub struct State {
    /// The archive in use, shown in the status bar.
    pub server: String,
    pub width: u16,
    pub height: u16,
    pub pane: Pane,
    /// Open overlays, the top one last.
    pub overlays: Vec<Overlay>,
    pub search: SearchForm,
    pub results: ResultsPane,
    pub products: ProductsPane,
    pub basket: BasketPane,
    pub catalog: CatalogPane,
    pub mission: MissionPane,
    pub message: Option<Message>,
    /// Who the session is logged in as (status bar, login prompt).
    pub auth: Auth,
    /// Milliseconds since start, from the last Tick (drives the spinner only).
    pub now_ms: u64,
    pub quit: bool,
    pub ids: ReqIds,
    /// The keys in force: the built-in table with the config's remaps.
    pub keys: Keymap,
    /// `:` commands run this session, oldest first (Up walks them).
    pub command_history: Vec<String>,
}

impl State {
    pub fn new(server: impl Into<String>, width: u16, height: u16) -> State {
        State {
            server: server.into(),
            width,
            height,
            pane: Pane::Search,
            overlays: Vec::new(),
            search: SearchForm::default(),
            results: ResultsPane::default(),
            products: ProductsPane::default(),
            basket: BasketPane::default(),
            catalog: CatalogPane::default(),
            mission: MissionPane::default(),
            message: None,
            auth: Auth::default(),
            now_ms: 0,
            quit: false,
            ids: ReqIds::default(),
            keys: Keymap::default(),
            command_history: Vec::new(),
        }
    }

    /// The overlay on top, which has the keyboard.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlays.last()
    }

    /// The pane with the focus, as a component.
    pub fn focused(&self) -> &dyn Component {
        match self.pane {
            Pane::Search => &self.search,
            Pane::Results => &self.results,
            Pane::Products => &self.products,
            Pane::Basket => &self.basket,
            Pane::Catalog => &self.catalog,
            Pane::Mission => &self.mission,
        }
    }

    /// Every pane, in the order their work is listed in the status bar.
    pub fn panes(&self) -> [&dyn Component; 6] {
        [
            &self.results,
            &self.catalog,
            &self.mission,
            &self.products,
            &self.basket,
            &self.search,
        ]
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
        self.panes()
            .iter()
            .flat_map(|p| p.activity(self.now_ms))
            .collect()
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
