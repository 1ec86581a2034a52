//! Dates as MJD. (STUB: helper "mast-pure" replaces this file.)
use super::error::InputError;

/// `2022-07-12`, `2022-07-12T10:00:00`, or an MJD number, as MJD. `field` names the input.
pub fn parse_date_mjd(field: &str, text: &str) -> Result<f64, InputError> {
    let _ = (field, text);
    todo!("mast-pure")
}

/// An MJD shown as ISO `YYYY-MM-DD hh:mm:ss` (UTC).
pub fn mjd_to_iso(mjd: f64) -> String {
    let _ = mjd;
    todo!("mast-pure")
}
