//! One basket entry: what to fetch, where it goes, and how far it got. Plain data, so the
//! journal can write it as a JSON line and the basket pane can show it.
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::cutouts::archive::UnpackedFile;
use super::local_path::local_path;
use super::product_ref::ProductRef;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Queued,
    Active,
    Paused,
    Complete,
    /// Already on disk with the right size; nothing was requested.
    Skipped,
    Failed,
    /// 401/403: needs a login whose token has exclusive access.
    NeedsLogin,
    Cancelled,
}

impl ItemStatus {
    /// Finished well: the file is on disk under its final name.
    pub fn is_done(self) -> bool {
        matches!(self, ItemStatus::Complete | ItemStatus::Skipped)
    }

    /// Finished badly: a retry may help.
    pub fn is_failed(self) -> bool {
        matches!(self, ItemStatus::Failed | ItemStatus::NeedsLogin)
    }

    /// The manifest's word (astroquery's COMPLETE, SKIPPED or ERROR).
    pub fn manifest_word(self) -> &'static str {
        match self {
            ItemStatus::Complete => "COMPLETE",
            ItemStatus::Skipped => "SKIPPED",
            _ => "ERROR",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemStatus::Queued => "queued",
            ItemStatus::Active => "active",
            ItemStatus::Paused => "paused",
            ItemStatus::Complete => "complete",
            ItemStatus::Skipped => "skipped",
            ItemStatus::Failed => "failed",
            ItemStatus::NeedsLogin => "needs login",
            ItemStatus::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasketItem {
    pub id: u64,
    #[serde(rename = "dataURI")]
    pub data_uri: String,
    #[serde(rename = "productFilename")]
    pub product_filename: String,
    pub obs_collection: String,
    pub obs_id: String,
    /// MAST's `size`, when known.
    pub size: Option<u64>,
    /// Anything but PUBLIC data: the download needs a token.
    pub protected: bool,
    /// The final local path (already checked to stay inside the download directory).
    pub dest: PathBuf,
    pub status: ItemStatus,
    /// Why it failed or was skipped; empty otherwise.
    #[serde(default)]
    pub message: String,
    /// Bytes of the finished file (0 until then).
    #[serde(default)]
    pub bytes: u64,
    #[serde(default)]
    pub sha256: Option<String>,
    /// A cutout archive, unpacked into its folder once fetched; None for a plain file.
    /// (Journals written before cutouts lack it: they load as plain files.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<Archive>,
}

/// What the basket does with an archive once it is whole.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archive {
    /// Keep the zip beside what it unpacked to (else it is removed once unpacked).
    #[serde(default)]
    pub keep: bool,
    /// The files it unpacked to; empty until then, and when the service had nothing to cut.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<UnpackedFile>,
}

impl BasketItem {
    /// A queued item for `p` under `dir`, or why its names cannot be used on disk.
    pub fn from_product(id: u64, p: &ProductRef, dir: &Path, flat: bool) -> Result<Self, String> {
        let dest = local_path(dir, flat, &p.obs_collection, &p.obs_id, &p.product_filename)?;
        Ok(BasketItem {
            id,
            data_uri: p.data_uri.clone(),
            product_filename: p.product_filename.clone(),
            obs_collection: p.obs_collection.clone(),
            obs_id: p.obs_id.clone(),
            size: p.size,
            protected: p.needs_token(),
            dest,
            status: ItemStatus::Queued,
            message: String::new(),
            bytes: 0,
            sha256: None,
            archive: None,
        })
    }

    /// Back in the queue, ready to run.
    pub fn requeue(&mut self) {
        self.status = ItemStatus::Queued;
        self.message.clear();
    }
}
