//! Search criteria, from what people type to MAST's filter list.
//! (STUB: helper "mast-pure" replaces this file.)
use super::columns_config::ColumnsConfig;
use super::coords::SkyCoord;
use super::error::InputError;

/// Where to search: a name to resolve or coordinates.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Name(String),
    Coords(SkyCoord),
}

/// One criterion as typed: a CAOM column and a value text such as `JWST`, `2,3`,
/// `100..1000`, `NIRCAM*`, `2022-07-12..`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub column: String,
    pub value: String,
}

/// Everything a search asks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Criteria {
    pub target: Option<Target>,
    /// Cone radius in degrees; a default applies when a target is given without one.
    pub radius_deg: Option<f64>,
    pub terms: Vec<Term>,
}

/// One entry of MAST's `params.filters`.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Discrete {
        param: String,
        values: Vec<String>,
        separator: Option<String>,
    },
    Range {
        param: String,
        min: f64,
        max: f64,
    },
    FreeText {
        param: String,
        text: String,
    },
}

impl Filter {
    pub fn to_json(&self) -> serde_json::Value {
        todo!("mast-pure")
    }
}

/// Validates every term against the columns config (unknown names refused with the closest
/// valid one suggested) and types it as MAST wants.
pub fn build_filters(terms: &[Term], config: &ColumnsConfig) -> Result<Vec<Filter>, InputError> {
    let _ = (terms, config);
    todo!("mast-pure")
}
