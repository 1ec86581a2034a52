//! Everything the state machine wants done leaves as a `Cmd`: plain data the worker runs.
use crate::auth::{StoreKind, Token};
use crate::mast::basket_messages::BasketRequest;
use crate::mast::catalogs::CatalogQuery;
use crate::mast::criteria::Criteria;
use crate::mast::missions_search::query::MissionQuery;

use super::msg::Timer;
use super::req::ReqId;
use super::view::ViewJob;

#[derive(Debug, Clone)]
pub enum Cmd {
    /// Write these rows to `path` in the format its extension names (`:export`); `force`
    /// replaces an existing file. Answers `Msg::Exported`.
    Export {
        rows: super::export_rows::ExportRows,
        path: String,
        force: bool,
        what: &'static str,
    },
    /// Find the stored token (environment, keyring, file) and ask MAST whose it is.
    ResolveAuth { req: ReqId },
    /// Ask MAST whose this typed token is (answers `Msg::Auth`).
    CheckToken { req: ReqId, token: Token },
    /// From now on, send this token (or none) with every request to the archive.
    UseToken(Option<Token>),
    /// Keep the token where the user chose (answers `Msg::TokenStored`).
    StoreToken { token: Token, kind: StoreKind },
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
    /// How many catalog sources match (answers `Msg::Count`).
    CatalogCount { req: ReqId, query: CatalogQuery },
    /// Run a catalog search; pages answer as `Msg::SearchPage`, the end as
    /// `Msg::SearchDone`, as an observation search's do.
    CatalogSearch { req: ReqId, query: CatalogQuery },
    /// Products of these observations (MAST `obsid`s, not `obs_id`s).
    Products { req: ReqId, obsids: Vec<i64> },
    /// A mission's column list (answers `Msg::MissionColumns`).
    MissionColumns { req: ReqId, mission: String },
    /// How many of a mission's datasets match (answers `Msg::Count`).
    MissionCount { req: ReqId, query: MissionQuery },
    /// Run a missions search; pages answer as `Msg::SearchPage`, the end as
    /// `Msg::SearchDone`, as an observation search's do.
    MissionSearch { req: ReqId, query: MissionQuery },
    /// The files of a mission's datasets, in the products' columns; answers as a products
    /// fetch does (`Msg::ProductsBatch`, then `Msg::Products`).
    MissionProducts {
        req: ReqId,
        mission: String,
        datasets: Vec<String>,
    },
    /// The TESS sectors that saw a position (answers `Msg::CutoutSectors`).
    CutoutSectors { req: ReqId, ra: f64, dec: f64 },
    /// The deep-field surveys Zcut has at a position (answers `Msg::CutoutSurveys`).
    CutoutSurveys { req: ReqId, ra: f64, dec: f64 },
    /// Stop a job; its late answers are dropped anyway.
    Cancel(ReqId),
    /// Send `Msg::Timer(timer)` after `after_ms` milliseconds.
    Schedule { after_ms: u64, timer: Timer },
    /// Sort or filter a large grid off the UI task (answers `Msg::ViewReady`).
    ComputeView { req: ReqId, job: Box<ViewJob> },
    /// Ask something of the download basket (answers `Msg::Basket`).
    Basket(BasketRequest),
    /// Read the headers of a downloaded FITS file, not its data (answers `Msg::FitsHeader`).
    FitsHeader {
        req: ReqId,
        path: std::path::PathBuf,
    },
    /// Fetch a preview image (a `mast:` URI), through the disk cache, decoded and made
    /// small (answers `Msg::Preview`).
    Preview { req: ReqId, uri: String },
    /// Read the search history (answers `Msg::History`).
    LoadHistory,
    /// Keep a search under a name in the store (answers `Msg::SearchSaved`).
    SaveSearch {
        name: String,
        spec: crate::remember::spec::SearchSpec,
    },
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
            | Cmd::CatalogCount { req, .. }
            | Cmd::CatalogSearch { req, .. }
            | Cmd::Products { req, .. }
            | Cmd::MissionColumns { req, .. }
            | Cmd::MissionCount { req, .. }
            | Cmd::MissionSearch { req, .. }
            | Cmd::MissionProducts { req, .. }
            | Cmd::CutoutSectors { req, .. }
            | Cmd::CutoutSurveys { req, .. }
            | Cmd::ComputeView { req, .. }
            | Cmd::FitsHeader { req, .. }
            | Cmd::Preview { req, .. }
            | Cmd::ResolveAuth { req }
            | Cmd::CheckToken { req, .. } => Some(*req),
            Cmd::Cancel(_)
            | Cmd::UseToken(_)
            | Cmd::StoreToken { .. }
            | Cmd::Schedule { .. }
            | Cmd::Basket(_)
            | Cmd::OpenUrl { .. }
            | Cmd::Export { .. } => None,
            Cmd::LoadHistory | Cmd::SaveSearch { .. } => None,
        }
    }
}
