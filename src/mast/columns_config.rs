//! The portal's column configuration. (STUB: helper "mast-pure" replaces this file.)

/// How MAST filters on a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnKind {
    /// double/float/numeric or treatNumeric: `{"min":..,"max":..}` ranges.
    Continuous,
    /// Everything else (including int columns): values as strings, OR'ed.
    Discrete { separator: Option<String> },
}

#[derive(Debug, Clone, Default)]
pub struct ColumnsConfig {}

impl ColumnsConfig {
    pub fn from_json(bytes: &[u8]) -> Result<ColumnsConfig, String> {
        let _ = bytes;
        todo!("mast-pure")
    }
    /// MAST's spelling of a column, matched case-insensitively.
    pub fn canonical_name(&self, column: &str) -> Option<&str> {
        let _ = column;
        todo!("mast-pure")
    }
    pub fn kind(&self, column: &str) -> Option<ColumnKind> {
        let _ = column;
        todo!("mast-pure")
    }
    /// True for MJD time columns (t_min, t_max, t_obs_release).
    pub fn is_mjd(&self, column: &str) -> bool {
        let _ = column;
        todo!("mast-pure")
    }
    /// The closest valid column name, for "did you mean".
    pub fn suggest(&self, column: &str) -> Option<&str> {
        let _ = column;
        todo!("mast-pure")
    }
    pub fn names(&self) -> Vec<&str> {
        todo!("mast-pure")
    }
}
