//! Target names to coordinates via `Mast.Name.Lookup`. (STUB: helper "mast-pure" replaces this file.)

/// One resolver's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedName {
    pub search_string: String,
    pub canonical_name: String,
    pub resolver: String,
    pub ra: f64,
    pub dec: f64,
    pub radius: Option<f64>,
    pub object_type: Option<String>,
}

/// The invoke params for a lookup of `name`.
pub fn lookup_params(name: &str) -> serde_json::Value {
    let _ = name;
    todo!("mast-pure")
}

/// The resolvers' answers, first is best; empty when nothing resolved.
pub fn parse_lookup(bytes: &[u8]) -> Result<Vec<ResolvedName>, String> {
    let _ = bytes;
    todo!("mast-pure")
}
