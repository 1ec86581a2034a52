//! Angles with units. (STUB: helper "mast-pure" replaces this file.)
use super::error::InputError;

/// A search radius in degrees from `0.2`, `0.2d`, `12'`, `12m`, `30"`, `30s`.
pub fn parse_radius(text: &str) -> Result<f64, InputError> {
    let _ = text;
    todo!("mast-pure")
}
