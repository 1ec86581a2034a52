//! The MAST protocol: what the archive speaks, parsed leniently.
//!
//! Pure parts (no I/O): `table`, `response`, `coords`, `angle`, `dates`, `columns_config`,
//! `criteria`, `name_lookup`, `missions`, `products`. The HTTP client: `request`, `retry`,
//! `client`, `search`, `products_fetch`. Catalogs and crossmatch: `catalogs`. The missions
//! search API: `missions_search`; cutouts: `cutouts`; the public cloud copy (S3): `cloud`.
pub mod angle;
mod answering;
pub mod basket_item;
pub mod basket_messages;
pub mod batch_plan;
pub mod catalogs;
pub mod client;
pub mod cloud;
pub mod columns_config;
pub mod coords;
pub mod criteria;
pub mod curl_script;
pub mod cutouts;
pub mod dates;
pub mod download;
pub mod error;
pub mod footprint;
pub mod http;
pub mod local_path;
pub mod missions;
pub mod missions_search;
pub mod name_lookup;
pub mod net_error;
mod page_steps;
pub mod product_batch;
pub mod product_facets;
pub mod product_filter;
pub mod product_grouping;
pub mod product_merge;
pub mod product_ref;
pub mod product_stem;
pub mod products;
pub mod products_fetch;
pub mod request;
pub mod response;
pub mod response_stream;
pub mod retry;
pub mod search;
pub mod search_split;
pub mod stall;
pub mod table;
pub mod verify_report;

pub use error::{InputError, MastError};
pub use table::{Cell, Column, Table};

/// The production archive.
pub const DEFAULT_BASE: &str = "https://mast.stsci.edu";
