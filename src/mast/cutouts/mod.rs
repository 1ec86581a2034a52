//! Cutouts: a small stamp of sky instead of whole frames. TESScut (TESS full-frame images,
//! by position or moving target), Zcut (deep fields) and HAPcut (Hubble Advanced
//! Products), under `BASE/tesscut|zcut|hapcut/api/v0.1/` (PROTOCOL-MORE.md section 3).
//!
//! `size` reads cutout sizes; `services` asks for sector and survey lists and builds the
//! URL of a cutout archive, which the download basket fetches like any file; `archive`
//! unpacks it without trusting a single member name.
pub mod archive;
pub mod services;
pub mod size;
