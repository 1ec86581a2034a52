//! The download basket's vocabulary, one for every layer: what a person (a key in the basket
//! pane, `b` in products) asks of the basket, and what the basket reports back, to the browser
//! and to `mastui download` alike.
use super::basket_item::BasketItem;
use super::cutouts::services::CutoutRequest;
use super::product_ref::ProductRef;
use super::verify_report::Report;

#[derive(Debug, Clone, PartialEq)]
pub enum BasketRequest {
    /// Start the basket (once): load its journal and resume what was queued. With
    /// `only_if_journalled`, only when an earlier session left a journal.
    Open {
        only_if_journalled: bool,
    },
    /// Queue these products (a file already in the basket is reused).
    Add(Vec<ProductRef>),
    /// Queue a cutout: its archive is fetched into `mastDownload/<service>/<folder>/`, then
    /// unpacked there (`folder` names what it was cut around: a dataset, a source).
    AddCutout {
        request: CutoutRequest,
        folder: String,
    },
    /// Stop this file, keeping its bytes for later.
    Pause(u64),
    /// Stop this file and delete its partial bytes.
    Cancel(u64),
    /// Queue a paused, cancelled or failed file again.
    Retry(u64),
    RetryAllFailed,
    /// Write `mastDownload_YYYYMMDDhhmmss.sh` for the unfinished files.
    WriteCurl,
    /// Check the download directory against its manifest.
    Verify,
    /// Write MANIFEST.csv now, busy or not (`:w`).
    WriteManifest,
    /// Where files added from now on go, their layout, and how many are fetched at once.
    Configure(DownloadSettings),
}

/// The most files downloaded at once that any setting allows: MAST asks for politeness.
pub const MAX_PARALLEL: usize = 16;

/// The basket's settings that the browser can change while it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadSettings {
    /// As the person wrote it (`~/` is their home).
    pub dir: String,
    pub flat: bool,
    pub parallel: usize,
}

impl DownloadSettings {
    /// What changing to these settings means, for the message line.
    pub fn summary(&self) -> String {
        let layout = match self.flat {
            true => "flat",
            false => "mastDownload/<collection>/<obs_id>/",
        };
        format!(
            "files added from now on go to {} ({layout}), {} at once",
            self.dir, self.parallel
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BasketEvent {
    /// An item's new state.
    Item(BasketItem),
    /// Bytes on disk of a file being fetched, and its total when known.
    Progress {
        id: u64,
        bytes: u64,
        total: Option<u64>,
    },
    /// Where the basket downloads to, and the free space there.
    Info { dir: String, free: Option<u64> },
    /// The settings in force (at start, and after a change).
    Settings(DownloadSettings),
    /// Something to tell the person (a refusal, where a script went).
    Note(String),
    /// The download directory checked against its manifest, or why it could not be.
    Verified(Result<Report, String>),
}
