//! The overlay stack (after gitui's popup stack): what is open, the top one first to get
//! keys and messages. An overlay is opened from an `OverlayRequest`, so panes name what they
//! want without knowing the overlays.
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::OverlayRequest;
use crate::app::keymap::Context;

use super::columns::ColumnChooser;
use super::command_line::CommandLine;
use super::confirm::Confirm;
use super::cutout::CutoutForm;
use super::detail::DetailView;
use super::download_settings::DownloadSettingsForm;
use super::facets::Facets;
use super::help::Help;
use super::history::HistoryView;
use super::login::LoginPrompt;
use super::save_name::SaveName;
use super::sky::SkyView;
use crate::app::panes::catalog::CatalogPane;
use crate::app::panes::results::ResultsPane;

#[derive(Debug, Clone)]
pub enum Overlay {
    Help(Help),
    Detail(DetailView),
    Columns(ColumnChooser),
    Confirm(Confirm),
    Login(LoginPrompt),
    Cutout(CutoutForm),
    DownloadSettings(DownloadSettingsForm),
    CommandLine(CommandLine),
    History(HistoryView),
    SaveName(SaveName),
    /// Reads and changes the products pane, so the router calls it with that pane.
    Facets(Facets),
    /// Reads the results and moves their cursor, so the router calls it with that pane.
    Sky(SkyView),
}

impl Overlay {
    /// The overlay asked for (the sky view reads the results as it opens).
    pub fn open(request: OverlayRequest, results: &ResultsPane, catalog: &CatalogPane) -> Overlay {
        match request {
            OverlayRequest::Help => Overlay::Help(Help::default()),
            OverlayRequest::Detail(detail) => Overlay::Detail(DetailView::new(detail)),
            OverlayRequest::Columns { names, visible } => {
                Overlay::Columns(ColumnChooser::new(names, &visible))
            }
            OverlayRequest::Facets => Overlay::Facets(Facets::default()),
            OverlayRequest::Sky => Overlay::Sky(SkyView::open(results, catalog)),
            OverlayRequest::Login => Overlay::Login(LoginPrompt::default()),
            OverlayRequest::Cutout(place) => Overlay::Cutout(CutoutForm::new(place)),
            OverlayRequest::CommandLine(history) => Overlay::CommandLine(CommandLine::new(history)),
            OverlayRequest::DownloadSettings(s) => {
                Overlay::DownloadSettings(DownloadSettingsForm::new(s))
            }
            OverlayRequest::History(entries) => Overlay::History(HistoryView::new(entries)),
            OverlayRequest::SaveSearch(spec) => Overlay::SaveName(SaveName::new(spec)),
            OverlayRequest::Confirm { question, yes } => Overlay::Confirm(Confirm {
                question,
                yes: *yes,
            }),
        }
    }

    /// Just opened: what it asks of the worker at once (the cutout form's sectors).
    pub fn on_open(&mut self, cx: &mut Ctx) {
        if let Overlay::Cutout(f) = self {
            f.start(cx);
        }
    }

    /// The overlay as a plain component; None for those that need a pane handed to them.
    pub fn component(&mut self) -> Option<&mut dyn Component> {
        match self {
            Overlay::Help(o) => Some(o),
            Overlay::Detail(o) => Some(o),
            Overlay::Columns(o) => Some(o),
            Overlay::Confirm(o) => Some(o),
            Overlay::Login(o) => Some(o),
            Overlay::Cutout(o) => Some(o),
            Overlay::DownloadSettings(o) => Some(o),
            Overlay::CommandLine(o) => Some(o),
            Overlay::History(o) => Some(o),
            Overlay::SaveName(o) => Some(o),
            Overlay::Facets(_) | Overlay::Sky(_) => None,
        }
    }

    pub fn contexts(&self) -> Vec<Context> {
        match self {
            Overlay::Help(o) => o.contexts(),
            Overlay::Detail(o) => o.contexts(),
            Overlay::Columns(o) => o.contexts(),
            Overlay::Confirm(o) => o.contexts(),
            Overlay::Login(o) => o.contexts(),
            Overlay::Cutout(o) => o.contexts(),
            Overlay::DownloadSettings(o) => o.contexts(),
            Overlay::CommandLine(o) => o.contexts(),
            Overlay::History(o) => o.contexts(),
            Overlay::SaveName(o) => o.contexts(),
            Overlay::Facets(o) => o.contexts(),
            Overlay::Sky(o) => o.contexts(),
        }
    }

    pub fn typing(&self) -> bool {
        match self {
            Overlay::Login(o) => o.typing(),
            Overlay::Detail(o) => o.typing(),
            Overlay::Cutout(o) => o.typing(),
            Overlay::DownloadSettings(o) => o.typing(),
            Overlay::CommandLine(o) => o.typing(),
            Overlay::History(o) => o.typing(),
            Overlay::SaveName(o) => o.typing(),
            _ => false,
        }
    }
}
