//! Everything that happens to the application arrives as a `Msg`.
use std::sync::Arc;

use crate::mast::MastError;
use crate::mast::missions::Mission;
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
    /// A filtered and sorted index computed off the UI task, covering the first `covered` rows.
    ViewReady {
        req: ReqId,
        index: ViewIndex,
        covered: usize,
    },
    /// Products of the requested observations (the products pane will show them).
    Products {
        req: ReqId,
        result: Result<ProductsSummary, MastError>,
    },
}

/// What the products fetch answered, in brief (the products pane of a later issue takes the table).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductsSummary {
    pub unique: usize,
    pub received: usize,
    pub table: Arc<Table>,
}
