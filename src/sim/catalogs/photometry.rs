//! A star's brightness in the bands the catalogs measure, and the stellar properties they
//! derive from it: every catalog reads them from here, so the TIC's Gaia magnitude is the
//! Gaia catalog's, and so on.

use super::sky::Star;

pub fn gaia_g(s: &Star) -> f64 {
    s.mag + 0.35 * s.color + 0.05
}
pub fn vmag(s: &Star) -> f64 {
    s.mag + 0.55 * s.color + 0.1
}
pub fn bmag(s: &Star) -> f64 {
    vmag(s) + 0.45 * s.color + 0.05
}
pub fn jmag(s: &Star) -> f64 {
    s.mag - 0.45 * s.color - 0.15
}
pub fn hmag(s: &Star) -> f64 {
    jmag(s) - 0.2 * s.color - 0.05
}
pub fn kmag(s: &Star) -> f64 {
    hmag(s) - 0.08 * s.color - 0.02
}
pub fn teff(s: &Star) -> f64 {
    (9_800.0 - 2_500.0 * s.color).clamp(2_800.0, 12_000.0)
}
pub fn giant(s: &Star) -> bool {
    s.unit(77) < 0.15
}
