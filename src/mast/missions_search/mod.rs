//! The missions search API (`BASE/search/<mission>/api/v0.1/`, astroquery's
//! `MastMissions`): a mission's own archive searched by its instrument keywords, and the
//! files of its datasets. Not to be confused with `mast::missions`, CAOM's list of
//! collections.
//!
//! Pure parts: `catalog` (the missions served this way), `columns` (a mission's column
//! list, conditions checked against it), `query` (a search as JSON, within the API's
//! limits), `answer` (search answers, read leniently), `products` (product lists mapped to
//! the CAOM product columns the rest of mastui reads). The requests: `client`.
pub mod answer;
pub mod catalog;
pub mod client;
pub mod columns;
pub mod products;
pub mod query;

/// Rows one search request may ask for (PROTOCOL.md section 6): more are paged with `offset`.
pub const MAX_ROWS_PER_REQUEST: u64 = 5_000;
/// The widest cone the API searches, in arcminutes.
pub const MAX_RADIUS_ARCMIN: f64 = 30.0;
/// Positions one search request may name: more are split across requests.
pub const MAX_TARGETS_PER_REQUEST: usize = 100;
/// Datasets one `post_list_products` request may name (astroquery's batch).
pub const MAX_DATASETS_PER_REQUEST: usize = 1_000;
/// The API's cone when none is given, in arcminutes (astroquery's default too).
pub const DEFAULT_RADIUS_ARCMIN: f64 = 3.0;
