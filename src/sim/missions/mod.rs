//! The missions search API of the simulated archive (PROTOCOL-MORE.md section 2): each
//! mission's column list, searches by conditions and position paged with `offset`/`limit`,
//! product lists and their files.
//!
//! HST and JWST datasets are the CAOM catalogue's own observations seen through each
//! mission's keywords: program 1073, its target NGC 1365 and every product file are the same
//! here as in `Mast.Caom.Filtered`, so a file listed by `post_list_products` downloads from
//! `retrieve_product` and from `Download/file` alike.

pub mod columns;
pub mod conditions;
pub mod products;
pub mod search;

use crate::sim::catalogue::Collection;

/// The rows one search answer holds at most (PROTOCOL.md section 6).
pub const MAX_ROWS: u64 = 5_000;
/// The widest cone, in arcminutes.
pub const MAX_RADIUS_ARCMIN: f64 = 30.0;
/// Positions one search may name.
pub const MAX_TARGETS: usize = 100;
/// Datasets one `post_list_products` request may name.
pub const MAX_DATASETS: usize = 1_000;

/// A mission the simulator serves through the search API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mission {
    Hst,
    Jwst,
}

impl Mission {
    /// The mission in a URL or a `mission=` parameter (any case).
    pub fn from_name(name: &str) -> Option<Mission> {
        match name.trim().to_ascii_lowercase().as_str() {
            "hst" => Some(Mission::Hst),
            "jwst" => Some(Mission::Jwst),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Mission::Hst => "hst",
            Mission::Jwst => "jwst",
        }
    }

    /// The CAOM collection whose observations are this mission's datasets.
    pub fn collection(self) -> Collection {
        match self {
            Mission::Hst => Collection::Hst,
            Mission::Jwst => Collection::Jwst,
        }
    }

    /// The column naming a dataset (astroquery's `dataset_kwds`).
    pub fn dataset_column(self) -> &'static str {
        match self {
            Mission::Hst => "sci_data_set_name",
            Mission::Jwst => "fileSetName",
        }
    }

    /// The column of a dataset's target name, second in the default sort.
    pub fn target_column(self) -> &'static str {
        match self {
            Mission::Hst => "sci_targname",
            Mission::Jwst => "targprop",
        }
    }
}
