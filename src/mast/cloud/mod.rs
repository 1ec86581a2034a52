//! MAST's public cloud copy (the S3 bucket `stpubdata`, PROTOCOL-MORE.md section 4): which
//! key a dataURI has there (`path_lookup`, `key`), the bucket as this run reaches it
//! (`bucket`: AWS or any S3-compatible endpoint, always anonymous), the keys looked up for
//! a run (`copy`), one file from the bucket with MAST as the fallback (`fetch`), products'
//! `s3://` URIs (`uris`) and the switches that turn it on (`switch`).
pub mod bucket;
pub mod copy;
pub mod fetch;
pub mod key;
pub mod path_lookup;
pub mod switch;
pub mod uris;
