//! What a pane or overlay asks of the application beyond itself: change the focus, open an
//! overlay, start a search in the results, list products, quit. Panes never reach into each
//! other; they leave an `Effect` in their `Ctx` and the router (`update`) carries it out.
use crate::mast::catalogs::CatalogQuery;
use crate::mast::criteria::Criteria;
use crate::mast::missions_search::query::MissionQuery;
use crate::remember::spec::SearchSpec;
use crate::remember::store::HistoryEntry;

use super::focus::Pane;
use super::keymap::Action;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Focus(Pane),
    Open(OverlayRequest),
    /// Run this search in the results pane (replacing the running one) and show it.
    Search(Criteria),
    /// Run this catalog search in the catalog pane and show it.
    CatalogSearch(CatalogQuery),
    /// Run this missions search in the mission pane and show it.
    MissionSearch(MissionQuery),
    /// Search observations in a cone around a catalog source (the form's radius).
    ObservationsAround {
        ra: f64,
        dec: f64,
    },
    /// List the form's catalog within `radius` degrees of a position (an observation's
    /// footprint).
    SourcesAround {
        ra: f64,
        dec: f64,
        radius: f64,
    },
    /// List the products of these observations in the products pane and show it.
    ListProducts(Vec<ObservationRef>),
    /// List the files of these datasets of a mission in the products pane and show it.
    ListDatasetProducts {
        mission: String,
        datasets: Vec<String>,
    },
    /// Put a remembered search back in the form (from the history) and show the form.
    RestoreSearch(SearchSpec),
    /// Keep a search under a name (the save prompt; a command line's `:save NAME` may ask
    /// the same).
    SaveSearch {
        name: String,
        spec: SearchSpec,
    },
    /// Apply a column choice to the focused pane's grid (from the column chooser).
    SetColumns(Vec<usize>),
    /// Do this action in the focused pane (an overlay passing on a key, as `o` in details).
    PaneAction(Action),
    /// A `:` command, as typed and as understood.
    Command {
        text: String,
        command: super::command::Command,
    },
    Quit,
}

/// An overlay to open, with what it shows.
#[derive(Debug, Clone, PartialEq)]
pub enum OverlayRequest {
    Help,
    Detail(Detail),
    /// The column chooser: every column's name by id, and the ids shown, in order.
    Columns {
        names: Vec<String>,
        visible: Vec<usize>,
    },
    /// The products pane's facet list.
    Facets,
    /// The results on the sky.
    Sky,
    /// The cutout form, for a row with a position.
    Cutout(CutoutPlace),
    /// The `:` command line, with the session's earlier commands.
    CommandLine(Vec<String>),
    /// The basket's download settings, as they are now.
    DownloadSettings(crate::mast::basket_messages::DownloadSettings),
    Login,
    /// The search history, newest first, to pick one from.
    History(Vec<HistoryEntry>),
    /// The name prompt for saving this search.
    SaveSearch(SearchSpec),
    Confirm {
        question: String,
        /// Carried out on yes.
        yes: Box<Effect>,
    },
}

/// Where a cutout is cut, and what the row there is called (its folder's name).
#[derive(Debug, Clone, PartialEq)]
pub struct CutoutPlace {
    pub ra: f64,
    pub dec: f64,
    /// The row's name (an obs_id, a catalog id, a dataset); may be empty.
    pub name: String,
}

/// Every field of one row, as the detail overlay lists them (names and values as MAST gave
/// them; the overlay cleans them of escape sequences when it draws).
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub title: String,
    /// The row id shown (it survives sorting).
    pub row: usize,
    pub lines: Vec<(String, String)>,
}

/// An observation whose products are asked for, with what the products pane shows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationRef {
    /// MAST's `obsid` (the product-group id the products service takes).
    pub obsid: i64,
    pub obs_id: Option<String>,
    /// `jpegURL` as MAST gave it (usually a `mast:` URI): the observation's preview, shown
    /// beside its products and opened by `o` for a product without its own link.
    pub preview: Option<String>,
}
