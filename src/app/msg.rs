//! Everything that happens to the application arrives as a `Msg`.
use std::sync::Arc;

use crate::mast::MastError;
use crate::mast::missions::Mission;
use crate::mast::products_fetch::ProductFetchSummary;
use crate::mast::table::Table;

use super::grid_view::ViewIndex;
use super::key::Key;

/// Identifies one request to the worker; answers carry it back so stale ones can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReqId(pub u64);

/// A wake-up the state machine asked for with `Cmd::Schedule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// The search form has been still long enough: count matches if `edit` is still current.
    CountDebounce { edit: u64 },
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
        check: super::login::AuthCheck,
    },
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
    /// One page of a running search, as soon as it lands.
    SearchPage {
        req: ReqId,
        page: u32,
        pages: u32,
        rows_filtered: u64,
        table: Arc<Table>,
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
    /// A filtered and sorted index computed off the UI task, covering the first `covered` rows.
    ViewReady {
        req: ReqId,
        index: ViewIndex,
        covered: usize,
    },
    /// One batch of product rows, as soon as it lands: `done` of `total` observations so far.
    ProductsBatch {
        req: ReqId,
        table: Arc<Table>,
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
    /// A basket item's new state.
    BasketItem(crate::mast::basket_item::BasketItem),
    /// Bytes on disk of a file being downloaded, and its total when known.
    BasketProgress {
        id: u64,
        bytes: u64,
        total: Option<u64>,
    },
    /// Where the basket downloads to, and the free space there.
    BasketInfo {
        dir: String,
        free: Option<u64>,
    },
    /// Something the basket has to say (a refusal, a script written).
    BasketNote(String),
}

/// What the products fetch gave, in brief (kept by the products pane when it ends).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductsSummary {
    pub unique: usize,
    pub received: usize,
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
