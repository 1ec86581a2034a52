//! One simulated data product: its fields, and how a product is built from a short spec
//! (file name, subgroup, type, size range) and the observation that owns it. The
//! per-collection lists (`hst`, `jwst`, `products`) are built from these.

use super::observations::Observation;
use crate::sim::rng::hash_str;

pub const MRP: &str = "Minimum Recommended Products";

#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// Dataset name (`obs_id` column of the product row).
    pub obs_id: String,
    pub file: String,
    pub uri: String,
    pub description: &'static str,
    /// `type` column: S(imple) or C(omposite).
    pub kind: &'static str,
    pub product_type: &'static str,
    pub mrp: bool,
    pub subgroup: &'static str,
    pub doc_url: Option<&'static str>,
    pub prvversion: Option<&'static str>,
    /// Declared size; `None` for dynamically generated products.
    pub size: Option<u64>,
    /// Bytes actually served (equal to `size` when it is known).
    pub body_len: u64,
    pub exclusive: bool,
    pub calib_level: i64,
    pub dataproduct_type: &'static str,
    pub filters: &'static str,
    /// `obsID` column: the observation that owns the file (shared files have one owner).
    pub owner_obsid: i64,
}

impl Product {
    pub fn rights(&self) -> &'static str {
        if self.exclusive {
            "EXCLUSIVE_ACCESS"
        } else {
            "PUBLIC"
        }
    }
}

/// Deterministic size in [lo, hi) bytes; FITS files are whole 2880-byte blocks, as real ones are.
pub fn size_of(file: &str, lo: u64, hi: u64) -> u64 {
    let h = hash_str(file);
    let s = lo + h % (hi - lo).max(1);
    if file.ends_with(".fits") {
        s.div_ceil(2880) * 2880
    } else {
        s.max(2880)
    }
}

/// What a product looks like before the observation-wide fields are filled in.
pub struct Spec {
    pub file: String,
    pub subgroup: &'static str,
    pub product_type: &'static str,
    pub mrp: bool,
    pub description: &'static str,
    pub size: (u64, u64),
}

pub fn spec(
    file: String,
    subgroup: &'static str,
    product_type: &'static str,
    mrp: bool,
    description: &'static str,
    size: (u64, u64),
) -> Spec {
    Spec {
        file,
        subgroup,
        product_type,
        mrp,
        description,
        size,
    }
}

/// Fill a product from its spec, owned by `owner` (the observation the file belongs to).
pub fn make(owner: &Observation<'_>, obs_id: &str, s: Spec) -> Product {
    let size = size_of(&s.file, s.size.0, s.size.1);
    let b = owner.block;
    Product {
        obs_id: obs_id.to_string(),
        uri: owner.uri_prefix() + &s.file,
        file: s.file,
        description: s.description,
        kind: if owner.level3 { "C" } else { "S" },
        product_type: s.product_type,
        mrp: s.mrp,
        subgroup: s.subgroup,
        doc_url: None,
        prvversion: None,
        size: Some(size),
        body_len: size,
        exclusive: owner.exclusive,
        calib_level: owner.calib_level,
        dataproduct_type: b.instrument.dataproduct_type,
        filters: owner.filter.name,
        owner_obsid: owner.obsid(),
    }
}
