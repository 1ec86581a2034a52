//! Headless commands: `mastui search`, `mastui products`, `mastui catalog`,
//! `mastui crossmatch`, `mastui mission`, `mastui cutout`,
//! `mastui sim`.
pub mod args;
pub mod browse;
pub mod catalog;
pub mod client;
pub mod cloud_args;
pub mod cloud_uris;
pub mod config_cmd;
pub mod criteria_args;
pub mod crossmatch;
pub mod cutout;
pub mod download;
pub mod download_checks;
pub mod download_progress;
pub mod fits;
pub mod format;
pub mod login;
pub mod mission;
pub mod output;
pub mod products;
pub mod run;
pub mod saved;
pub mod saved_products;
pub mod search;
pub mod shell;
pub mod table_input;
pub mod typed;
pub mod verify;

use std::fmt;

use crate::mast::error::{InputError, MastError};

/// Columns of `mastui search --format table` unless `--columns` says otherwise.
pub const DEFAULT_SEARCH_COLUMNS: &[&str] = &[
    "obs_collection",
    "instrument_name",
    "target_name",
    "obs_id",
    "obsid",
    "filters",
    "calib_level",
    "t_exptime",
    "s_ra",
    "s_dec",
    "dataRights",
];

/// Columns of `mastui products --format table`.
pub const DEFAULT_PRODUCT_COLUMNS: &[&str] = &[
    "obsID",
    "productFilename",
    "productType",
    "productSubGroupDescription",
    "calib_level",
    "size",
    "dataRights",
    "shared_by",
];

/// Why a headless command failed, with its exit status.
#[derive(Debug)]
pub enum CliError {
    Mast(MastError),
    Io(std::io::Error),
    /// The terminal or the runtime could not be set up.
    Setup(String),
}

impl CliError {
    pub fn input(field: &str, message: impl Into<String>) -> CliError {
        CliError::Mast(MastError::Input(InputError::new(field, message)))
    }

    /// 0 success, 2 bad input, 1 remote or network failure; a closed stdout (`| head`) is
    /// not a failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Mast(e) => e.exit_code(),
            CliError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            CliError::Io(_) | CliError::Setup(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Mast(e) => write!(f, "{e}"),
            CliError::Io(e) => write!(f, "writing output: {e}"),
            CliError::Setup(e) => write!(f, "{e}"),
        }
    }
}

impl From<MastError> for CliError {
    fn from(e: MastError) -> Self {
        CliError::Mast(e)
    }
}

impl From<InputError> for CliError {
    fn from(e: InputError) -> Self {
        CliError::Mast(MastError::Input(e))
    }
}
