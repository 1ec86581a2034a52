//! Sky coordinates as people type them. (STUB: helper "mast-pure" replaces this file.)
use super::error::InputError;

/// ICRS position in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkyCoord {
    pub ra: f64,
    pub dec: f64,
}

/// `210.8 54.35`, `10:08:48.5 +54:20:55`, `10h08m48.5s +54d20m55s`, comma separated too.
pub fn parse_coords(text: &str) -> Result<SkyCoord, InputError> {
    let _ = text;
    todo!("mast-pure")
}
