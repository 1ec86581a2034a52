//! A simulated catalog as a list of columns: MAST's name, the type its answers declare
//! (MAST's lies included), how the server compares values in filters, and how each value
//! derives from a row. Also the small helpers the column lists are written with: rounding,
//! sky coordinates in other frames, and the survey designations built from a position.

use std::ops::ControlFlow;

use super::sky::{Cone, Sky, Star};
use crate::sim::json_out::Val;
use crate::sim::rng::round_to;

/// How the server compares a column's values and what its columns config says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    Float,
    Int,
    Bool,
}

impl Ty {
    /// `vot.datatype` in a columns config.
    pub fn vot(self) -> &'static str {
        match self {
            Ty::Text => "char",
            Ty::Float => "double",
            Ty::Int => "long",
            Ty::Bool => "boolean",
        }
    }
}

/// One row being written: the star behind it, which of its rows (detections, spectra),
/// the catalog's position of it and, in a cone, its distance from the centre (deg).
pub struct Row<'a> {
    pub star: &'a Star,
    pub sub: u32,
    pub ra: f64,
    pub dec: f64,
    pub dist: Option<f64>,
}

pub type Gen = fn(&Row<'_>) -> Val<'static>;

#[derive(Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    /// The `type` MAST declares in `fields` (`string` for ids holding integers, as it does).
    pub field: &'static str,
    pub ty: Ty,
    pub val: Gen,
}

impl Col {
    pub const fn new(name: &'static str, field: &'static str, ty: Ty, val: Gen) -> Col {
        Col {
            name,
            field,
            ty,
            val,
        }
    }

    /// A float column declared `float`.
    pub const fn f(name: &'static str, val: Gen) -> Col {
        Col::new(name, "float", Ty::Float, val)
    }

    /// An integer column declared `int`.
    pub const fn i(name: &'static str, val: Gen) -> Col {
        Col::new(name, "int", Ty::Int, val)
    }

    /// A text column declared `string`.
    pub const fn s(name: &'static str, val: Gen) -> Col {
        Col::new(name, "string", Ty::Text, val)
    }
}

/// One catalog table: its columns, which stars it lists, how many rows each has and where.
pub struct CatTable {
    /// MAST's name for messages (`TIC`, `Gaia DR3`).
    pub name: &'static str,
    pub cols: &'static [Col],
    pub member: fn(&Star) -> bool,
    /// Rows per listed star (detections of one object); 1 for most catalogs.
    pub rows_of: fn(&Star) -> u32,
    /// The catalog's position of row `sub` of a star.
    pub position: fn(&Star, u32) -> (f64, f64),
    /// How far (deg) a position may lie from its star: the margin a cone search adds.
    pub margin: f64,
}

impl CatTable {
    /// The index of a column, matched ignoring case as MAST does.
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.cols.iter().position(|c| c.name == name).or_else(|| {
            self.cols
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))
        })
    }

    /// Visits the rows in a stable order (the sky's order, then `sub`), with their distance
    /// from the cone centre when there is one; rows outside the cone are skipped.
    pub fn scan(
        &self,
        sky: &Sky,
        cone: Option<Cone>,
        visit: &mut dyn FnMut(&Row<'_>) -> ControlFlow<()>,
    ) {
        let _ = sky.visit(cone, self.margin, &mut |star| {
            if !(self.member)(star) {
                return ControlFlow::Continue(());
            }
            for sub in 0..(self.rows_of)(star) {
                let (ra, dec) = (self.position)(star, sub);
                let dist = match cone {
                    Some(c) => match c.distance(ra, dec) {
                        Some(d) => Some(d),
                        None => continue,
                    },
                    None => None,
                };
                visit(&Row {
                    star,
                    sub,
                    ra,
                    dec,
                    dist,
                })?;
            }
            ControlFlow::Continue(())
        });
    }
}

/// `x` rounded to `places` decimals.
pub fn fx(x: f64, places: i32) -> Val<'static> {
    Val::Float(round_to(x, places))
}

/// `v` when `cond` holds, else null.
pub fn when(cond: bool, v: Val<'static>) -> Val<'static> {
    if cond { v } else { Val::Null }
}

pub fn text(s: String) -> Val<'static> {
    Val::owned(s)
}

/// J2000 equatorial to another frame given by its rotation matrix rows.
fn rotate(ra: f64, dec: f64, m: &[[f64; 3]; 3]) -> (f64, f64) {
    let (ra, dec) = (ra.to_radians(), dec.to_radians());
    let v = [dec.cos() * ra.cos(), dec.cos() * ra.sin(), dec.sin()];
    let x: Vec<f64> = m
        .iter()
        .map(|r| r[0] * v[0] + r[1] * v[1] + r[2] * v[2])
        .collect();
    let lon = x[1].atan2(x[0]).to_degrees().rem_euclid(360.0);
    let lat = x[2].clamp(-1.0, 1.0).asin().to_degrees();
    (lon, lat)
}

/// Galactic longitude and latitude (deg).
pub fn galactic(ra: f64, dec: f64) -> (f64, f64) {
    const M: [[f64; 3]; 3] = [
        [-0.054_875_539_4, -0.873_437_104_7, -0.483_834_991_8],
        [0.494_109_453_6, -0.444_829_594_3, 0.746_982_248_7],
        [-0.867_666_135_7, -0.198_076_389_8, 0.455_983_794_5],
    ];
    rotate(ra, dec, &M)
}

/// Ecliptic longitude and latitude (deg, mean obliquity of J2000).
pub fn ecliptic(ra: f64, dec: f64) -> (f64, f64) {
    let e = 23.439_291_1_f64.to_radians();
    let m = [
        [1.0, 0.0, 0.0],
        [0.0, e.cos(), e.sin()],
        [0.0, -e.sin(), e.cos()],
    ];
    rotate(ra, dec, &m)
}

/// `HHMMSS.ss±DDMMSS.s` with the given decimals of seconds, or without the dots
/// (2MASS's `16573094-0405387`).
pub fn sexagesimal(ra: f64, dec: f64, ra_places: usize, dec_places: usize, dots: bool) -> String {
    let split = |x: f64, places: usize| -> (u64, u64, f64) {
        let scale = 10f64.powi(places as i32);
        // Round once on the smallest unit, so that 59.999 never prints as 60.
        let total = (x * 3600.0 * scale).round() / scale;
        let whole = total.floor() as u64;
        (
            whole / 3600,
            whole / 60 % 60,
            total - (whole - whole % 60) as f64,
        )
    };
    let (h, m, s) = split(ra.rem_euclid(360.0) / 15.0, ra_places);
    let sign = if dec < 0.0 { '-' } else { '+' };
    let (d, dm, ds) = split(dec.abs(), dec_places);
    let sec = |s: f64, places: usize| {
        let t = format!(
            "{:0w$.p$}",
            s,
            w = places + if places > 0 { 3 } else { 2 },
            p = places
        );
        if dots { t } else { t.replace('.', "") }
    };
    format!(
        "{:02}{:02}{}{}{:02}{:02}{}",
        h % 24,
        m,
        sec(s, ra_places),
        sign,
        d,
        dm,
        sec(ds, dec_places)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_match_known_points() {
        // The galactic centre and the north galactic pole.
        let (l, b) = galactic(266.404_996, -28.936_172);
        assert!(l.min(360.0 - l) < 0.01 && b.abs() < 0.01, "{l} {b}");
        let (_, b) = galactic(192.859_508, 27.128_336);
        assert!((b - 90.0).abs() < 0.01, "{b}");
        let (lon, lat) = ecliptic(90.0, 23.439_291);
        assert!(
            (lon - 90.0).abs() < 1e-6 && (lat - 0.0).abs() < 1e-6,
            "{lon} {lat}"
        );
    }

    #[test]
    fn designations_look_like_the_surveys() {
        assert_eq!(
            sexagesimal(254.378_937, -4.094_11, 2, 1, true),
            "165730.94-040538.8"
        );
        assert_eq!(
            sexagesimal(254.378_937, -4.094_11, 2, 1, false),
            "16573094-0405388"
        );
        assert_eq!(
            sexagesimal(359.999_999_9, 0.0, 2, 1, true),
            "000000.00+000000.0"
        );
    }
}
