//! FITS files on disk: reading their headers without their data (`header`), and checking a
//! download tree against its manifest (`verify`).
pub mod header;
