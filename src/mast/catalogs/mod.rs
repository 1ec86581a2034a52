//! MAST's catalogs: TIC, CTL, Gaia, the Hubble Source Catalog and its spectra, GALEX,
//! Pan-STARRS and Disk Detective, searched by cone, criteria or both, and crossmatched
//! against a list of positions.
//!
//! Pure parts: `catalog` (names and services), `query` (checking and planning),
//! `positions` (crossmatch input files), `sentinel`, `spectra`. With I/O: `config` (column
//! configurations), `search`, `panstarrs`, `hsc`, `crossmatch`, all on the client's invoke
//! machinery and lenient table parser.
pub mod catalog;
pub mod config;
pub mod crossmatch;
pub mod hsc;
pub mod panstarrs;
pub mod positions;
pub mod query;
pub mod search;
pub mod sentinel;
pub mod spectra;

pub use catalog::{CATALOGS, Catalog, GaiaRelease, PsTable};
pub use crossmatch::{CrossmatchQuery, CrossmatchSummary, CrossmatchTarget};
pub use query::CatalogQuery;
pub use search::CatalogSummary;
