//! Everything that happens to the application arrives as a `Msg`.
use std::sync::Arc;

use image::RgbaImage;

use crate::fits::header::Headers;
use crate::mast::MastError;
use crate::mast::basket_messages::BasketEvent;
use crate::mast::cutouts::services::Sector;
use crate::mast::missions::Mission;
use crate::mast::missions_search::columns::MissionColumns;
use crate::mast::product_batch::ProductBatch;
use crate::mast::products_fetch::ProductFetchSummary;
use crate::mast::table::Table;

use super::auth_check::AuthCheck;
use super::key::Key;
use super::req::ReqId;

/// A wake-up the state machine asked for with `Cmd::Schedule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// The search form has been still long enough: count matches if `edit` is still current.
    CountDebounce { edit: u64 },
    /// The products' cursor has rested: fetch its preview if `seq` is still current.
    Preview { seq: u64 },
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(Key),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// Time passing, sent only while something is busy (drives the spinner).
    Tick {
        now_ms: u64,
    },
    Timer(Timer),
    /// A signal or the terminal closing: leave at once.
    Shutdown,
    /// The worker looked up (`Cmd::ResolveAuth`) or checked (`Cmd::CheckToken`) a token.
    Auth {
        req: ReqId,
        check: AuthCheck,
    },
    /// The search history, newest first (`Cmd::LoadHistory`, and after each search the
    /// worker recorded), or why the store could not be read.
    History(Result<Vec<crate::remember::store::HistoryEntry>, String>),
    /// `Cmd::SaveSearch` finished: the name kept, or why not.
    SearchSaved(Result<String, String>),
    /// `Cmd::StoreToken` finished: where the token went, or why it could not.
    TokenStored {
        result: Result<String, String>,
    },
    Missions {
        req: ReqId,
        result: Result<Vec<Mission>, MastError>,
    },
    Count {
        req: ReqId,
        result: Result<u64, MastError>,
    },
    /// A mission's column list (`Cmd::MissionColumns`).
    MissionColumns {
        req: ReqId,
        result: Result<MissionColumns, MastError>,
    },
    /// The TESS sectors that saw a position (`Cmd::CutoutSectors`).
    CutoutSectors {
        req: ReqId,
        result: Result<Vec<Sector>, MastError>,
    },
    /// The deep-field surveys at a position (`Cmd::CutoutSurveys`).
    CutoutSurveys {
        req: ReqId,
        result: Result<Vec<String>, MastError>,
    },
    /// One page of a running search, as soon as it lands.
    SearchPage {
        req: ReqId,
        page: u32,
        pages: u32,
        rows_filtered: u64,
        table: Arc<Table>,
    },
    /// Where a positional search looked (the resolved target and the radius, degrees).
    SearchCone {
        req: ReqId,
        ra: f64,
        dec: f64,
        radius: f64,
    },
    /// The search ended: all pages delivered, or an error.
    SearchDone {
        req: ReqId,
        result: Result<(), MastError>,
    },
    /// A job died of a bug (a panic in the worker); whoever waits on `req` stops waiting.
    JobFailed {
        req: ReqId,
        message: String,
    },
    /// A grid's sort or filter computed off the UI task (`Cmd::ComputeView`): row ids in order.
    ViewReady {
        req: ReqId,
        rows: Vec<u32>,
    },
    /// One batch of product rows, as soon as it lands, de-duplicated, indexed and grouped
    /// on the worker: `done` of `total` observations so far.
    ProductsBatch {
        req: ReqId,
        batch: Arc<ProductBatch>,
        done: usize,
        total: usize,
    },
    /// The products fetch ended: every batch delivered, or an error.
    Products {
        req: ReqId,
        result: Result<ProductFetchSummary, MastError>,
    },
    /// What became of `Cmd::OpenUrl`.
    Opened {
        url: String,
        outcome: OpenOutcome,
    },
    /// The headers of a FITS file (`Cmd::FitsHeader`), or why they could not be read.
    FitsHeader {
        req: ReqId,
        file: String,
        result: Result<Headers, String>,
    },
    /// A preview image (`Cmd::Preview`), decoded and made small, or why not.
    Preview {
        req: ReqId,
        result: Result<Arc<RgbaImage>, String>,
    },
    /// Something the client has to say while it works ("server stalled, retrying").
    Notice(String),
    /// A `:export` finished (what was written) or failed (why).
    Exported(Result<String, String>),
    /// What the download basket reports.
    Basket(BasketEvent),
}

/// How a URL reached the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenOutcome {
    /// Handed to the desktop's opener (a display exists).
    Browser,
    /// No display: shown, and copied to the clipboard with OSC 52.
    Copied,
    Failed(String),
}

impl Msg {
    /// A result page or a product batch: the answers that are large and come in numbers,
    /// which the worker holds back while too many wait for the UI (`worker::credits`).
    pub fn is_bulk(&self) -> bool {
        matches!(self, Msg::SearchPage { .. } | Msg::ProductsBatch { .. })
    }
}
