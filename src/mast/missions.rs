//! The mission list from `Mast.Caom.All` (extjs). (STUB: helper "mast-pure" replaces this file.)

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mission {
    pub name: String,
    pub count: u64,
}

/// The obs_collection histogram's keys and counts, sorted by name.
pub fn parse_missions(bytes: &[u8]) -> Result<Vec<Mission>, String> {
    let _ = bytes;
    todo!("mast-pure")
}
