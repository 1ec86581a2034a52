//! Everything the state machine wants done leaves as a `Cmd`: plain data the worker runs.
use crate::mast::criteria::Criteria;
use crate::mast::product_ref::ProductRef;

use super::grid_view::ViewJob;
use super::msg::{ReqId, Timer};

#[derive(Debug, Clone)]
pub enum Cmd {
    /// Find the stored token (environment, keyring, file) and ask MAST whose it is.
    ResolveAuth { req: ReqId },
    /// Ask MAST whose this typed token is (answers `Msg::Auth`).
    CheckToken {
        req: ReqId,
        token: crate::auth::Token,
    },
    /// From now on, send this token (or none) with every request to the archive.
    UseToken(Option<crate::auth::Token>),
    /// Keep the token where the user chose (answers `Msg::TokenStored`).
    StoreToken {
        token: crate::auth::Token,
        kind: crate::auth::StoreKind,
    },
    /// The mission list for the collection field.
    Missions { req: ReqId },
    /// How many observations match (answers `Msg::Count`).
    Count { req: ReqId, criteria: Criteria },
    /// Run the search; pages answer as `Msg::SearchPage`, the end as `Msg::SearchDone`.
    Search {
        req: ReqId,
        criteria: Criteria,
        pagesize: u32,
    },
    /// Products of these observations (MAST `obsid`s, not `obs_id`s).
    Products { req: ReqId, obsids: Vec<i64> },
    /// Stop a job; its late answers are dropped anyway.
    Cancel(ReqId),
    /// Send `Msg::Timer(timer)` after `after_ms` milliseconds.
    Schedule { after_ms: u64, timer: Timer },
    /// Filter and sort a large result off the UI task (answers `Msg::ViewReady`).
    ComputeView { req: ReqId, job: Box<ViewJob> },
    /// Sort a large products list off the UI task (answers `Msg::ViewReady` with its rows).
    SortProducts {
        req: ReqId,
        job: Box<super::product_sort::ProductSortJob>,
    },
    /// Products chosen in triage, for the download basket (issue 5 takes them from here).
    AddToBasket { products: Vec<ProductRef> },
    /// Load the basket's journal and resume it (once; answers `Msg::Basket*`).
    BasketOpen,
    /// Pause, cancel, retry or script the basket's files.
    Basket(super::basket::BasketAction),
    /// Open a URL in a browser where a display exists, else show it and copy it (OSC 52);
    /// answers `Msg::Opened`.
    OpenUrl { url: String },
}

impl Cmd {
    /// The request this command starts, if any.
    pub fn req(&self) -> Option<ReqId> {
        match self {
            Cmd::Missions { req }
            | Cmd::Count { req, .. }
            | Cmd::Search { req, .. }
            | Cmd::Products { req, .. }
            | Cmd::ComputeView { req, .. }
            | Cmd::SortProducts { req, .. }
            | Cmd::ResolveAuth { req }
            | Cmd::CheckToken { req, .. } => Some(*req),
            Cmd::Cancel(_)
            | Cmd::UseToken(_)
            | Cmd::StoreToken { .. }
            | Cmd::Schedule { .. }
            | Cmd::AddToBasket { .. }
            | Cmd::BasketOpen
            | Cmd::Basket(_)
            | Cmd::OpenUrl { .. } => None,
        }
    }
}
