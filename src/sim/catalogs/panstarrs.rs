//! Pan-STARRS DR2 as Catalogs.MAST's REST routes answer it (`GET|POST /api/v0.1/panstarrs/
//! {release}/{table}.json` for mean, stack, detection, and `.../{table}/metadata.json`; the
//! handlers are in `routes/catalogs.rs`).
//!
//! Criteria come as query-string or form pairs, or a JSON body (astroquery's): `col=value`,
//! `col.gte=value` (also gt, lt, lte, eq, min, max), several values of one key OR'ed, keys
//! AND'ed; `ra`, `dec`, `radius` (deg) make a cone; `columns`, `sort_by`, `page`,
//! `pagesize`. The answer is `{"info": [...], "data": [[...]]}` with rows as arrays in
//! `info` order, `long` values as JSON strings, `-999` for missing numbers, no paging block
//! (a client pages until a short page), and `info` spelling `objname` where the metadata
//! says `objName`, as the recorded answers do. Bad input is an HTTP 400 with a JSON message.

use std::cmp::Ordering;
use std::ops::ControlFlow;
use std::sync::OnceLock;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::answer::{Sink, write_val};
use super::columns::{Row, galactic, sexagesimal};
use super::photometry::vmag;
use super::sky::{Cone, Sky, Star, StarKey};
use crate::sim::json_out::{JsonBuf, Val};
use crate::sim::routes::form;

/// Rows a page holds when the request names no `pagesize`.
const DEFAULT_PAGESIZE: u64 = 50_000;
/// The widest cone the service takes (deg).
pub const MAX_RADIUS: f64 = 0.5;
const FILTERS: [char; 5] = ['g', 'r', 'i', 'z', 'y'];

type GenFn = Box<dyn Fn(&Row<'_>) -> Val<'static> + Send + Sync>;

/// One column: its metadata and how its value derives from a row.
pub struct PsCol {
    pub name: String,
    /// `type` (char, long, int, short, unsignedByte, double, float).
    pub ty: &'static str,
    pub description: String,
    pub unit: &'static str,
    /// Missing values are sent as -999 (the metadata's `default_value`).
    pub null999: bool,
    val: GenFn,
}

impl PsCol {
    fn db_type(&self) -> &'static str {
        match self.ty {
            "char" => "STRING",
            "long" => "BIGINT",
            "int" => "INTEGER",
            "short" => "SMALLINT",
            "unsignedByte" => "TINYINT",
            "double" => "DOUBLE",
            _ => "REAL",
        }
    }

    fn numeric(&self) -> bool {
        self.ty != "char"
    }

    pub fn value(&self, r: &Row<'_>) -> Val<'static> {
        (self.val)(r)
    }
}

pub struct PsTable {
    pub name: &'static str,
    pub cols: Vec<PsCol>,
    rows_of: fn(&Star) -> u32,
    position: fn(&Star, u32) -> (f64, f64),
}

impl PsTable {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.cols
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    }
}

fn member(s: &Star) -> bool {
    s.dec > -30.5
}

fn position(s: &Star, _: u32) -> (f64, f64) {
    s.jitter(0x9511, 0.1)
}

/// Magnitude in filter `f` (g, r, i, z, y).
fn mag(s: &Star, f: usize) -> f64 {
    match f {
        0 => vmag(s) + 0.3,
        1 => vmag(s) - 0.2,
        2 => s.mag + 0.1,
        3 => s.mag - 0.1,
        _ => s.mag - 0.3,
    }
}

/// Single-epoch detections in filter `f`: none when saturated or too faint.
fn detections(s: &Star, f: usize) -> u32 {
    let m = mag(s, f);
    if !(12.0..23.3).contains(&m) {
        0
    } else {
        1 + ((s.bits(0x9520 + f as u64) % 6) as u32)
    }
}

fn n_detections(s: &Star) -> u32 {
    (0..5).map(|f| detections(s, f)).sum()
}

/// `objID`: the declination zone (30") and RA, as Pan-STARRS builds them; always above 2^53
/// north of -30 deg.
pub fn obj_id(s: &Star) -> i64 {
    let (ra, dec) = position(s, 0);
    let zone = ((dec + 90.0) * 120.0).floor() as i64;
    zone * 10_000_000_000_000 + (ra * 1e6) as i64 * 10_000 + (s.key.code() % 10_000) as i64
}

fn obj_name(s: &Star) -> String {
    let (ra, dec) = position(s, 0);
    format!("PSO J{}", sexagesimal(ra, dec, 3, 3, true))
}

fn col(name: &str, ty: &'static str, description: &str, val: GenFn) -> PsCol {
    let null999 =
        !matches!(ty, "char" | "long") && !name.ends_with("Flags") && !name.ends_with("ID");
    PsCol {
        name: name.to_string(),
        ty,
        description: description.to_string(),
        unit: if name.contains("Mag") && !name.ends_with("Npt") {
            "mag"
        } else {
            "NULL"
        },
        null999,
        val,
    }
}

fn f(x: f64, places: i32) -> Val<'static> {
    Val::Float(crate::sim::rng::round_to(x, places))
}

fn mean_columns() -> Vec<PsCol> {
    let mut c: Vec<PsCol> = vec![
        col(
            "objName",
            "char",
            "IAU name for this object.",
            Box::new(|r| Val::owned(obj_name(r.star))),
        ),
        col(
            "objAltName1",
            "char",
            "Alternate name for this object.",
            Box::new(|_| Val::Null),
        ),
        col(
            "objAltName2",
            "char",
            "Altername name for this object.",
            Box::new(|_| Val::Null),
        ),
        col(
            "objAltName3",
            "char",
            "Altername name for this object.",
            Box::new(|_| Val::Null),
        ),
        col(
            "objID",
            "long",
            "Unique object identifier.",
            Box::new(|r| Val::Int(obj_id(r.star))),
        ),
        col(
            "uniquePspsOBid",
            "long",
            "Unique internal PSPS object identifier.",
            Box::new(|r| Val::Int(obj_id(r.star) / 10 + 7)),
        ),
        col(
            "ippObjID",
            "long",
            "IPP internal object identifier.",
            Box::new(|r| Val::Int(400_000_000_000 + r.star.key.code() as i64)),
        ),
        col(
            "surveyID",
            "unsignedByte",
            "Survey identifier.  Details in the Survey table.",
            Box::new(|_| Val::Int(0)),
        ),
        col(
            "htmID",
            "long",
            "Hierarchical triangular mesh (Szalay 2007) index.",
            Box::new(|r| Val::Int(obj_id(r.star) / 3 + 11)),
        ),
        col(
            "zoneID",
            "int",
            "Local zone index, found by dividing the sky into bands of declination 1/2 arcminute in height.",
            Box::new(|r| Val::Int(((position(r.star, 0).1 + 90.0) * 120.0).floor() as i64)),
        ),
        col(
            "tessID",
            "unsignedByte",
            "Tessellation identifier.",
            Box::new(|_| Val::Int(1)),
        ),
        col(
            "projectionID",
            "short",
            "Projection cell identifier.",
            Box::new(|r| Val::Int(635 + (r.star.key.code() / 100 % 1800) as i64)),
        ),
        col(
            "skyCellID",
            "unsignedByte",
            "Skycell region identifier.",
            Box::new(|r| Val::Int((r.star.bits(0x9530) % 100) as i64)),
        ),
        col(
            "randomID",
            "double",
            "Random value drawn from the interval between zero and one.",
            Box::new(|r| f(r.star.unit(0x9531), 8)),
        ),
        col(
            "batchID",
            "long",
            "Internal database batch identifier.",
            Box::new(|_| Val::Int(1_030_000)),
        ),
        col(
            "dvoRegionID",
            "int",
            "Internal DVO region identifier.",
            Box::new(|r| Val::Int((r.star.key.code() / 100) as i64)),
        ),
        col(
            "processingVersion",
            "unsignedByte",
            "Data release version.",
            Box::new(|_| Val::Int(3)),
        ),
        col(
            "objInfoFlag",
            "int",
            "Information flag bitmask indicating details of the photometry.",
            Box::new(|r| {
                Val::Int(if r.star.extended {
                    8_388_608
                } else {
                    536_870_912
                })
            }),
        ),
        col(
            "qualityFlag",
            "unsignedByte",
            "Subset of objInfoFlag denoting whether this object is real or a likely false positive.",
            Box::new(|r| Val::Int(if n_detections(r.star) > 3 { 52 } else { 16 })),
        ),
        col(
            "raStack",
            "double",
            "Right ascension from stack detections.",
            Box::new(|r| f(r.ra, 8)),
        ),
        col(
            "decStack",
            "double",
            "Declination from stack detections.",
            Box::new(|r| f(r.dec, 8)),
        ),
        col(
            "raStackErr",
            "float",
            "Right ascension standard deviation from stack detections.",
            Box::new(|r| f(0.01 + 0.05 * r.star.unit(0x9532), 5)),
        ),
        col(
            "decStackErr",
            "float",
            "Declination standard deviation from stack detections.",
            Box::new(|r| f(0.01 + 0.05 * r.star.unit(0x9533), 5)),
        ),
        col(
            "raMean",
            "double",
            "Right ascension from single epoch detections.",
            Box::new(|r| {
                if n_detections(r.star) > 0 {
                    f(r.ra, 8)
                } else {
                    Val::Null
                }
            }),
        ),
        col(
            "decMean",
            "double",
            "Declination from single epoch detections.",
            Box::new(|r| {
                if n_detections(r.star) > 0 {
                    f(r.dec, 8)
                } else {
                    Val::Null
                }
            }),
        ),
        col(
            "raMeanErr",
            "float",
            "Right ascension standard deviation from single epoch detections.",
            Box::new(|r| f(0.005 + 0.03 * r.star.unit(0x9534), 5)),
        ),
        col(
            "decMeanErr",
            "float",
            "Declination standard deviation from single epoch detections.",
            Box::new(|r| f(0.005 + 0.03 * r.star.unit(0x9535), 5)),
        ),
        col(
            "epochMean",
            "double",
            "Modified Julian Date of the mean epoch.",
            Box::new(|r| f(56_000.0 + 800.0 * r.star.unit(0x9536), 6)),
        ),
        col(
            "posMeanChisq",
            "float",
            "Reduced chi squared value of the mean position.",
            Box::new(|r| f(0.5 + 2.0 * r.star.unit(0x9537), 4)),
        ),
        col(
            "cx",
            "double",
            "Cartesian x on a unit sphere.",
            Box::new(|r| f(r.dec.to_radians().cos() * r.ra.to_radians().cos(), 12)),
        ),
        col(
            "cy",
            "double",
            "Cartesian y on a unit sphere.",
            Box::new(|r| f(r.dec.to_radians().cos() * r.ra.to_radians().sin(), 12)),
        ),
        col(
            "cz",
            "double",
            "Cartesian z on a unit sphere.",
            Box::new(|r| f(r.dec.to_radians().sin(), 12)),
        ),
        col(
            "lambda",
            "double",
            "Ecliptic longitude.",
            Box::new(|r| f(super::columns::ecliptic(r.ra, r.dec).0, 8)),
        ),
        col(
            "beta",
            "double",
            "Ecliptic latitude.",
            Box::new(|r| f(super::columns::ecliptic(r.ra, r.dec).1, 8)),
        ),
        col(
            "l",
            "double",
            "Galactic longitude.",
            Box::new(|r| f(galactic(r.ra, r.dec).0, 8)),
        ),
        col(
            "b",
            "double",
            "Galactic latitude.",
            Box::new(|r| f(galactic(r.ra, r.dec).1, 8)),
        ),
        col(
            "nStackObjectRows",
            "short",
            "Number of independent StackObjectThin rows associated with this object.",
            Box::new(|_| Val::Int(1)),
        ),
        col(
            "nStackDetections",
            "short",
            "Number of stack detections.",
            Box::new(|r| Val::Int((0..5).filter(|&f| mag(r.star, f) < 23.8).count() as i64)),
        ),
        col(
            "nDetections",
            "short",
            "Number of single epoch detections in all filters.",
            Box::new(|r| Val::Int(i64::from(n_detections(r.star)))),
        ),
    ];
    for (fi, fl) in FILTERS.iter().enumerate() {
        c.push(col(
            &format!("n{fl}"),
            "short",
            &format!("Number of single epoch detections in {fl} filter."),
            Box::new(move |r| Val::Int(i64::from(detections(r.star, fi)))),
        ));
    }
    for (fi, fl) in FILTERS.iter().enumerate() {
        let seen = move |r: &Row<'_>| detections(r.star, fi) > 0;
        let m = move |r: &Row<'_>| mag(r.star, fi);
        let salt = 0x9540 + fi as u64 * 16;
        let specs: [(&str, &'static str, &str, GenFn); 16] = [
            (
                "QfPerfect",
                "float",
                "Maximum PSF weighted fraction of pixels totally unmasked",
                Box::new(move |r| {
                    if seen(r) {
                        f(0.95 + 0.05 * r.star.unit(salt), 5)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanPSFMag",
                "float",
                "Mean PSF magnitude",
                Box::new(move |r| if seen(r) { f(m(r), 4) } else { Val::Null }),
            ),
            (
                "MeanPSFMagErr",
                "float",
                "Error in mean PSF magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(
                            0.002 + 0.05 * r.star.unit(salt + 1) * (m(r) - 11.0) / 10.0,
                            5,
                        )
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanPSFMagStd",
                "float",
                "Standard deviation of PSF magnitudes",
                Box::new(move |r| {
                    if detections(r.star, fi) > 1 {
                        f(0.01 + 0.05 * r.star.unit(salt + 2), 5)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanPSFMagNpt",
                "short",
                "Number of measurements included in mean PSF magnitude",
                Box::new(move |r| Val::Int(i64::from(detections(r.star, fi)))),
            ),
            (
                "MeanPSFMagMin",
                "float",
                "Minimum PSF magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(m(r) - 0.03, 4)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanPSFMagMax",
                "float",
                "Maximum PSF magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(m(r) + 0.03, 4)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanKronMag",
                "float",
                "Mean Kron (1980) magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(m(r) - 0.08, 4)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanKronMagErr",
                "float",
                "Error in mean Kron (1980) magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(0.003 + 0.05 * r.star.unit(salt + 3), 5)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanKronMagStd",
                "float",
                "Standard deviation of Kron (1980) magnitudes",
                Box::new(move |r| {
                    if detections(r.star, fi) > 1 {
                        f(0.01 + 0.05 * r.star.unit(salt + 4), 5)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanKronMagNpt",
                "short",
                "Number of measurements included in mean Kron (1980) magnitude",
                Box::new(move |r| Val::Int(i64::from(detections(r.star, fi)))),
            ),
            (
                "MeanApMag",
                "float",
                "Mean aperture magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(m(r) - 0.04, 4)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanApMagErr",
                "float",
                "Error in mean aperture magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(0.003 + 0.04 * r.star.unit(salt + 5), 5)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanApMagStd",
                "float",
                "Standard deviation of aperture magnitudes",
                Box::new(move |r| {
                    if detections(r.star, fi) > 1 {
                        f(0.01 + 0.04 * r.star.unit(salt + 6), 5)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "MeanApMagNpt",
                "short",
                "Number of measurements included in mean aperture magnitude",
                Box::new(move |r| Val::Int(i64::from(detections(r.star, fi)))),
            ),
            (
                "Flags",
                "int",
                "Information flag bitmask for mean object",
                Box::new(move |r| Val::Int(if seen(r) { 115_000 } else { 0 })),
            ),
        ];
        for (suffix, ty, what, val) in specs {
            c.push(col(
                &format!("{fl}{suffix}"),
                ty,
                &format!("{what} from {fl} filter detections."),
                val,
            ));
        }
    }
    c
}

fn stack_columns() -> Vec<PsCol> {
    let mut c: Vec<PsCol> = vec![
        col(
            "objName",
            "char",
            "IAU name for this object.",
            Box::new(|r| Val::owned(obj_name(r.star))),
        ),
        col(
            "objID",
            "long",
            "Unique object identifier.",
            Box::new(|r| Val::Int(obj_id(r.star))),
        ),
        col(
            "uniquePspsSTid",
            "long",
            "Unique internal PSPS stack identifier.",
            Box::new(|r| Val::Int(obj_id(r.star) / 10 + 3)),
        ),
        col(
            "ippObjID",
            "long",
            "IPP internal object identifier.",
            Box::new(|r| Val::Int(400_000_000_000 + r.star.key.code() as i64)),
        ),
        col(
            "surveyID",
            "unsignedByte",
            "Survey identifier.",
            Box::new(|_| Val::Int(0)),
        ),
        col(
            "zoneID",
            "int",
            "Local zone index.",
            Box::new(|r| Val::Int(((position(r.star, 0).1 + 90.0) * 120.0).floor() as i64)),
        ),
        col(
            "primaryDetection",
            "unsignedByte",
            "Identifies the unique stack detection.",
            Box::new(|_| Val::Int(1)),
        ),
        col(
            "bestDetection",
            "unsignedByte",
            "Identifies the best stack detection.",
            Box::new(|_| Val::Int(1)),
        ),
        col(
            "raStack",
            "double",
            "Right ascension from stack detections.",
            Box::new(|r| f(r.ra, 8)),
        ),
        col(
            "decStack",
            "double",
            "Declination from stack detections.",
            Box::new(|r| f(r.dec, 8)),
        ),
        col(
            "raStackErr",
            "float",
            "Right ascension error.",
            Box::new(|r| f(0.01 + 0.05 * r.star.unit(0x9532), 5)),
        ),
        col(
            "decStackErr",
            "float",
            "Declination error.",
            Box::new(|r| f(0.01 + 0.05 * r.star.unit(0x9533), 5)),
        ),
    ];
    for (fi, fl) in FILTERS.iter().enumerate() {
        let seen = move |r: &Row<'_>| mag(r.star, fi) < 23.8 && mag(r.star, fi) > 12.0;
        let m = move |r: &Row<'_>| mag(r.star, fi) + 0.01;
        let salt = 0x9600 + fi as u64 * 8;
        let specs: [(&str, &'static str, &str, GenFn); 7] = [
            (
                "PSFMag",
                "float",
                "PSF magnitude",
                Box::new(move |r| if seen(r) { f(m(r), 4) } else { Val::Null }),
            ),
            (
                "PSFMagErr",
                "float",
                "Error in PSF magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(0.002 + 0.03 * r.star.unit(salt), 5)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "KronMag",
                "float",
                "Kron (1980) magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(m(r) - 0.08, 4)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "KronMagErr",
                "float",
                "Error in Kron (1980) magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(0.003 + 0.03 * r.star.unit(salt + 1), 5)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "ApMag",
                "float",
                "Aperture magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(m(r) - 0.04, 4)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "ApMagErr",
                "float",
                "Error in aperture magnitude",
                Box::new(move |r| {
                    if seen(r) {
                        f(0.003 + 0.03 * r.star.unit(salt + 2), 5)
                    } else {
                        Val::Null
                    }
                }),
            ),
            (
                "infoFlag",
                "int",
                "Information flag bitmask",
                Box::new(move |r| Val::Int(if seen(r) { 4096 } else { 0 })),
            ),
        ];
        for (suffix, ty, what, val) in specs {
            c.push(col(
                &format!("{fl}{suffix}"),
                ty,
                &format!("{what} from {fl} filter stack detection."),
                val,
            ));
        }
    }
    c
}

/// Detection `sub` of a star: its filter and epoch number.
fn detection(s: &Star, sub: u32) -> (usize, u32) {
    let mut left = sub;
    for fi in 0..5 {
        let n = detections(s, fi);
        if left < n {
            return (fi, left);
        }
        left -= n;
    }
    (0, 0)
}

fn det_position(s: &Star, sub: u32) -> (f64, f64) {
    s.jitter(0x9700 + u64::from(sub), 0.15)
}

fn obs_time(s: &Star, sub: u32) -> f64 {
    55_200.0 + 1_450.0 * s.unit(0x9710 + u64::from(sub))
}

fn detection_columns() -> Vec<PsCol> {
    let flux = |r: &Row<'_>| 3631.0 * 10f64.powf(-0.4 * mag(r.star, detection(r.star, r.sub).0));
    vec![
        col(
            "objID",
            "long",
            "Unique object identifier.",
            Box::new(|r| Val::Int(obj_id(r.star))),
        ),
        col(
            "detectID",
            "long",
            "Unique detection identifier.",
            Box::new(|r| {
                Val::Int(obj_id(r.star) % 10_000_000_000_000_000 * 100 + i64::from(r.sub))
            }),
        ),
        col(
            "ippObjID",
            "long",
            "IPP internal object identifier.",
            Box::new(|r| Val::Int(400_000_000_000 + r.star.key.code() as i64)),
        ),
        col(
            "ippDetectID",
            "long",
            "IPP internal detection identifier.",
            Box::new(|r| Val::Int(900_000 + i64::from(r.sub))),
        ),
        col(
            "filterID",
            "unsignedByte",
            "Filter identifier (1 g, 2 r, 3 i, 4 z, 5 y).",
            Box::new(|r| Val::Int(detection(r.star, r.sub).0 as i64 + 1)),
        ),
        col(
            "surveyID",
            "unsignedByte",
            "Survey identifier.",
            Box::new(|_| Val::Int(0)),
        ),
        col(
            "imageID",
            "long",
            "Unique image identifier.",
            Box::new(|r| {
                Val::Int(100_000_000 + (r.star.bits(0x9720 + u64::from(r.sub)) % 90_000_000) as i64)
            }),
        ),
        col(
            "randomDetID",
            "double",
            "Random value drawn from the interval between zero and one.",
            Box::new(|r| f(r.star.unit(0x9730 + u64::from(r.sub)), 8)),
        ),
        col(
            "dvoRegionID",
            "int",
            "Internal DVO region identifier.",
            Box::new(|r| Val::Int((r.star.key.code() / 100) as i64)),
        ),
        col(
            "obsTime",
            "double",
            "Modified Julian Date at the midpoint of the observation.",
            Box::new(|r| f(obs_time(r.star, r.sub), 8)),
        ),
        col(
            "xPos",
            "float",
            "PSF x center location.",
            Box::new(|r| f(4800.0 * r.star.unit(0x9740 + u64::from(r.sub)), 3)),
        ),
        col(
            "yPos",
            "float",
            "PSF y center location.",
            Box::new(|r| f(4800.0 * r.star.unit(0x9750 + u64::from(r.sub)), 3)),
        ),
        col("ra", "double", "Right ascension.", Box::new(|r| f(r.ra, 8))),
        col("dec", "double", "Declination.", Box::new(|r| f(r.dec, 8))),
        col(
            "raErr",
            "float",
            "Right ascension error.",
            Box::new(|r| f(0.01 + 0.05 * r.star.unit(0x9760 + u64::from(r.sub)), 5)),
        ),
        col(
            "decErr",
            "float",
            "Declination error.",
            Box::new(|r| f(0.01 + 0.05 * r.star.unit(0x9770 + u64::from(r.sub)), 5)),
        ),
        col(
            "zp",
            "float",
            "Photometric zeropoint.",
            Box::new(|r| f(24.5 + 0.5 * r.star.unit(0x9780 + u64::from(r.sub)), 4)),
        ),
        col(
            "expTime",
            "float",
            "Exposure time of the frame in seconds.",
            Box::new(|r| Val::Float([43.0, 40.0, 45.0, 30.0, 30.0][detection(r.star, r.sub).0])),
        ),
        col(
            "airMass",
            "float",
            "Airmass at midpoint of the exposure.",
            Box::new(|r| f(1.0 + 0.6 * r.star.unit(0x9790 + u64::from(r.sub)), 4)),
        ),
        col(
            "psfFlux",
            "float",
            "PSF flux in Janskys.",
            Box::new(move |r| f(flux(r), 10)),
        ),
        col(
            "psfFluxErr",
            "float",
            "Error in PSF flux.",
            Box::new(move |r| f(0.02 * flux(r), 12)),
        ),
        col(
            "psfMajorFWHM",
            "float",
            "PSF major axis FWHM.",
            Box::new(|r| f(1.0 + 0.6 * r.star.unit(0x97A0 + u64::from(r.sub)), 4)),
        ),
        col(
            "psfMinorFWHM",
            "float",
            "PSF minor axis FWHM.",
            Box::new(|r| f(0.9 + 0.5 * r.star.unit(0x97B0 + u64::from(r.sub)), 4)),
        ),
        col(
            "psfQfPerfect",
            "float",
            "PSF-weighted fraction of pixels totally unmasked.",
            Box::new(|r| f(0.95 + 0.05 * r.star.unit(0x97C0 + u64::from(r.sub)), 5)),
        ),
        col(
            "apFlux",
            "float",
            "Aperture flux.",
            Box::new(move |r| f(1.02 * flux(r), 10)),
        ),
        col(
            "kronFlux",
            "float",
            "Kron (1980) flux.",
            Box::new(move |r| f(1.07 * flux(r), 10)),
        ),
        col(
            "sky",
            "float",
            "Residual background sky level.",
            Box::new(|r| f(10.0 * (r.star.unit(0x97D0 + u64::from(r.sub)) - 0.5), 4)),
        ),
        col(
            "infoFlag",
            "long",
            "Information flag bitmask.",
            Box::new(|_| Val::Int(2_281_701_376)),
        ),
        col(
            "infoFlag2",
            "int",
            "Information flag bitmask.",
            Box::new(|_| Val::Int(8192)),
        ),
        col(
            "processingVersion",
            "unsignedByte",
            "Data release version.",
            Box::new(|_| Val::Int(3)),
        ),
    ]
}

fn one(_: &Star) -> u32 {
    1
}

/// The table `name` of release `release`, when the service has it.
pub fn table(release: &str, name: &str) -> Option<&'static PsTable> {
    static MEAN: OnceLock<PsTable> = OnceLock::new();
    static STACK: OnceLock<PsTable> = OnceLock::new();
    static DETECTION: OnceLock<PsTable> = OnceLock::new();
    let release = release.to_ascii_lowercase();
    if release != "dr1" && release != "dr2" {
        return None;
    }
    Some(match name.to_ascii_lowercase().as_str() {
        "mean" => MEAN.get_or_init(|| PsTable {
            name: "mean",
            cols: mean_columns(),
            rows_of: one,
            position,
        }),
        "stack" => STACK.get_or_init(|| PsTable {
            name: "stack",
            cols: stack_columns(),
            rows_of: one,
            position,
        }),
        "detection" if release == "dr2" => DETECTION.get_or_init(|| PsTable {
            name: "detection",
            cols: detection_columns(),
            rows_of: n_detections,
            position: det_position,
        }),
        _ => return None,
    })
}

pub fn bad_request(msg: &str) -> Response {
    let mut out = JsonBuf::with_capacity(64 + msg.len());
    out.raw("{\"message\":");
    out.string(msg);
    out.raw("}");
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/json")],
        out.into_bytes(),
    )
        .into_response()
}

/// `metadata.json` of a table: its columns as Catalogs.MAST describes them.
pub fn metadata_json(t: &PsTable) -> Vec<u8> {
    let mut out = JsonBuf::with_capacity(64 * 1024);
    out.raw("[");
    for (i, c) in t.cols.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.raw("{\"name\":");
        out.string(&c.name);
        out.raw(",\"db_type\":");
        out.string(c.db_type());
        out.raw(",\"column_name\":");
        out.string(&c.name);
        out.raw(",\"description\":");
        out.string(&c.description);
        out.raw(",\"unit\":");
        out.string(c.unit);
        out.raw(",\"ucd\":\"NULL\",\"utype\":\"NULL\",\"datatype\":");
        out.string(c.ty);
        out.raw(",\"size\":\"NULL\",\"principal\":\"NULL\",\"indexed\":\"NULL\",\"std\":\"NULL\",\"column_index\":");
        out.string(&(i + 1).to_string());
        out.raw(",\"arraysize\":\"NULL\",\"search_priority\":");
        out.string(&(i + 1).to_string());
        out.raw(",\"default_value\":");
        out.string(if c.null999 { "-999" } else { "NULL" });
        out.raw(",\"type\":");
        out.string(c.ty);
        out.raw("}");
    }
    out.raw("]");
    out.into_bytes()
}

/// A comparison of one criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Gt,
    Gte,
    Lt,
    Lte,
}

#[derive(Debug, Clone)]
struct Criterion {
    col: usize,
    op: Op,
    /// Any of these (OR).
    values: Vec<String>,
}

impl Criterion {
    fn holds(&self, t: &PsTable, r: &Row<'_>) -> bool {
        let v = t.cols[self.col].value(r);
        let num = v.as_f64();
        self.values.iter().any(|want| match (self.op, &v, num) {
            (_, Val::Null, _) => false,
            (Op::Eq, Val::Str(s), _) => s.trim().eq_ignore_ascii_case(want.trim()),
            (op, _, Some(x)) => match want.trim().parse::<f64>() {
                Ok(w) => match op {
                    Op::Eq => x == w,
                    Op::Gt => x > w,
                    Op::Gte => x >= w,
                    Op::Lt => x < w,
                    Op::Lte => x <= w,
                },
                Err(_) => false,
            },
            _ => false,
        })
    }
}

/// A request, read from its pairs.
pub struct PsQuery {
    cone: Option<Cone>,
    criteria: Vec<Criterion>,
    /// Selected columns; `usize::MAX` stands for `distance`.
    columns: Vec<usize>,
    /// (column, descending); `usize::MAX` is `distance`.
    sort: Vec<(usize, bool)>,
    page: u64,
    pagesize: u64,
    flatten: bool,
    info: bool,
}

const DISTANCE: usize = usize::MAX;

/// The request's key/value pairs, whatever way they came: query string, form or JSON body.
pub fn pairs(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = query.map(form::pairs).unwrap_or_default();
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"))
        || body.trim_ascii_start().starts_with(b"{");
    if body.trim_ascii().is_empty() {
        return Ok(out);
    }
    if json {
        let v: Value = serde_json::from_slice(body)
            .map_err(|e| format!("The request body is not JSON: {e}"))?;
        let obj = v
            .as_object()
            .ok_or("The request body must be a JSON object.")?;
        for (k, v) in obj {
            let scalar = |x: &Value| match x {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            };
            match v {
                Value::Array(items) => {
                    for x in items {
                        // A (decorator, value) pair arrives as a two-element list.
                        if let Value::Array(pair) = x
                            && let [Value::String(d), val] = pair.as_slice()
                        {
                            out.push((format!("{k}.{d}"), scalar(val).unwrap_or_default()));
                        } else if let Some(s) = scalar(x) {
                            out.push((k.clone(), s));
                        }
                    }
                }
                other => {
                    if let Some(s) = scalar(other) {
                        out.push((k.clone(), s));
                    }
                }
            }
        }
    } else {
        out.extend(form::pairs(&String::from_utf8_lossy(body)));
    }
    Ok(out)
}

/// `[a,b]` or `a,b` lists, as the documentation writes columns.
fn list(v: &str) -> Vec<String> {
    v.trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn read_query(t: &PsTable, pairs: Vec<(String, String)>) -> Result<PsQuery, String> {
    let mut q = PsQuery {
        cone: None,
        criteria: Vec::new(),
        columns: Vec::new(),
        sort: Vec::new(),
        page: 1,
        pagesize: DEFAULT_PAGESIZE,
        flatten: true,
        info: true,
    };
    let (mut ra, mut dec, mut radius) = (None, None, None);
    let num = |k: &str, v: &str| -> Result<f64, String> {
        v.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("'{v}' is not a number (parameter {k})."))
    };
    let column = |name: &str| -> Result<usize, String> {
        if name.eq_ignore_ascii_case("distance") {
            return Ok(DISTANCE);
        }
        t.column(name)
            .ok_or_else(|| format!("Column '{name}' does not exist in the {} table.", t.name))
    };
    let flag = |v: &str| !matches!(v.trim().to_ascii_lowercase().as_str(), "false" | "0" | "no");
    for (k, v) in pairs {
        match k.to_ascii_lowercase().as_str() {
            "ra" => ra = Some(num(&k, &v)?),
            "dec" => dec = Some(num(&k, &v)?),
            "radius" => radius = Some(num(&k, &v)?),
            "page" => q.page = num(&k, &v)?.max(1.0) as u64,
            "pagesize" => q.pagesize = num(&k, &v)?.max(1.0) as u64,
            "columns" => {
                for c in list(&v) {
                    q.columns.push(column(&c)?);
                }
            }
            "sort_by" => {
                for s in list(&v) {
                    let (name, desc) = match s.split_once('.') {
                        Some((a, b))
                            if b.eq_ignore_ascii_case("asc") || b.eq_ignore_ascii_case("desc") =>
                        {
                            (a.to_string(), b.eq_ignore_ascii_case("desc"))
                        }
                        Some((a, b))
                            if a.eq_ignore_ascii_case("asc") || a.eq_ignore_ascii_case("desc") =>
                        {
                            (b.to_string(), a.eq_ignore_ascii_case("desc"))
                        }
                        _ => (s.clone(), false),
                    };
                    q.sort.push((column(&name)?, desc));
                }
            }
            "flatten_response" => q.flatten = flag(&v),
            "include_info" => q.info = flag(&v),
            "format" | "raw" | "data_release" | "table" => {}
            _ => {
                let (name, op) = match k.rsplit_once('.') {
                    Some((n, d)) => {
                        let op = match d.to_ascii_lowercase().as_str() {
                            "eq" => Op::Eq,
                            "gt" => Op::Gt,
                            "gte" | "min" => Op::Gte,
                            "lt" => Op::Lt,
                            "lte" | "max" => Op::Lte,
                            other => {
                                return Err(format!(
                                    "Unknown decorator '{other}' in '{k}'; use eq, gt, gte, lt, lte."
                                ));
                            }
                        };
                        (n, op)
                    }
                    None => (k.as_str(), Op::Eq),
                };
                let col = column(name)?;
                if col == DISTANCE {
                    return Err("distance is not a searchable column.".into());
                }
                let values = if v.trim_start().starts_with('[') {
                    list(&v)
                } else {
                    vec![v.clone()]
                };
                if op != Op::Eq || t.cols[col].numeric() {
                    for x in &values {
                        num(&k, x)?;
                    }
                }
                match q.criteria.iter_mut().find(|c| c.col == col && c.op == op) {
                    Some(c) => c.values.extend(values),
                    None => q.criteria.push(Criterion { col, op, values }),
                }
            }
        }
    }
    match (ra, dec, radius) {
        (None, None, None) => {}
        (Some(ra), Some(dec), Some(radius)) => {
            if !(-90.0..=90.0).contains(&dec) || !(0.0..=MAX_RADIUS).contains(&radius) {
                return Err(format!(
                    "Position out of range: dec must be within -90..90 and radius within 0..{MAX_RADIUS} degrees."
                ));
            }
            q.cone = Some(Cone {
                ra: ra.rem_euclid(360.0),
                dec,
                radius,
            });
        }
        _ => return Err("A position needs ra, dec and radius (degrees).".into()),
    }
    if q.cone.is_none() && q.criteria.is_empty() {
        return Err("Give a position (ra, dec, radius) or at least one criterion.".into());
    }
    if q.columns.is_empty() {
        q.columns = (0..t.cols.len()).collect();
        if q.cone.is_some() {
            q.columns.push(DISTANCE);
        }
    }
    if q.cone.is_none() && (q.columns.contains(&DISTANCE) || q.sort.iter().any(|s| s.0 == DISTANCE))
    {
        return Err("distance exists only for a position search.".into());
    }
    Ok(q)
}

/// The rows matching `q`, in sky order or sorted as asked.
fn matching(
    t: &PsTable,
    sky: &Sky,
    q: &PsQuery,
    visit: &mut dyn FnMut(&Row<'_>) -> ControlFlow<()>,
) {
    let _ = sky.visit(q.cone, 0.2 / 3600.0, &mut |star| {
        if !member(star) {
            return ControlFlow::Continue(());
        }
        for sub in 0..(t.rows_of)(star) {
            let (ra, dec) = (t.position)(star, sub);
            let dist = match q.cone {
                Some(c) => match c.distance(ra, dec) {
                    Some(d) => Some(d),
                    None => continue,
                },
                None => None,
            };
            let row = Row {
                star,
                sub,
                ra,
                dec,
                dist,
            };
            if q.criteria.iter().all(|c| c.holds(t, &row)) {
                visit(&row)?;
            }
        }
        ControlFlow::Continue(())
    });
}

fn value(t: &PsTable, c: usize, r: &Row<'_>) -> Val<'static> {
    if c == DISTANCE {
        Val::Float(crate::sim::rng::round_to(r.dist.unwrap_or(0.0), 10))
    } else {
        t.cols[c].value(r)
    }
}

fn compare(a: &Val<'_>, b: &Val<'_>) -> Ordering {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => match (a, b) {
            (Val::Str(x), Val::Str(y)) => x.cmp(y),
            _ => Ordering::Equal,
        },
    }
}

pub fn write_answer(sink: &mut Sink, t: &PsTable, sky: &Sky, q: &PsQuery) {
    sink.out.raw("{");
    if q.info {
        sink.out.raw("\"info\":[");
        for (i, &c) in q.columns.iter().enumerate() {
            if i > 0 {
                sink.out.raw(",");
            }
            let (name, ty, db, desc) = if c == DISTANCE {
                (
                    "distance".to_string(),
                    "double",
                    "NUMBER",
                    "Distance from the search position (deg).".to_string(),
                )
            } else {
                let col = &t.cols[c];
                // The answers spell objName `objname`; the metadata does not.
                let name = if col.name == "objName" {
                    "objname".to_string()
                } else {
                    col.name.clone()
                };
                (
                    name,
                    col.ty,
                    if col.numeric() { "NUMBER" } else { "STRING" },
                    col.description.clone(),
                )
            };
            sink.out.raw("{\"name\":");
            sink.out.string(&name);
            sink.out.raw(",\"type\":");
            sink.out.string(ty);
            sink.out.raw(",\"db_type\":");
            sink.out.string(db);
            sink.out.raw(",\"description\":");
            sink.out.string(&desc);
            sink.out.raw("}");
        }
        sink.out.raw("],");
    }
    sink.out.raw("\"data\":[");
    let start = (q.page - 1).saturating_mul(q.pagesize);
    let end = start.saturating_add(q.pagesize);
    let names: Vec<String> = q
        .columns
        .iter()
        .map(|&c| {
            if c == DISTANCE {
                "distance".into()
            } else {
                t.cols[c].name.clone()
            }
        })
        .collect();
    let mut rank = 0u64;
    let mut write_row = |sink: &mut Sink, row: &Row<'_>| -> ControlFlow<()> {
        if rank >= end {
            return ControlFlow::Break(());
        }
        if rank >= start {
            if rank > start {
                sink.out.raw(",");
            }
            sink.out.raw(if q.flatten { "[" } else { "{" });
            for (i, &c) in q.columns.iter().enumerate() {
                if i > 0 {
                    sink.out.raw(",");
                }
                if !q.flatten {
                    sink.out.key(&names[i]);
                }
                let v = value(t, c, row);
                let col = (c != DISTANCE).then(|| &t.cols[c]);
                match (&v, col) {
                    // Missing numbers are -999, as the service fills them.
                    (Val::Null, Some(col)) if col.null999 => sink.out.raw("-999"),
                    // Longs travel as strings (raw JSON of a 64-bit integer loses digits
                    // in JavaScript, so the service sends text).
                    (Val::Int(i), Some(col)) if col.ty == "long" => sink.out.string(&i.to_string()),
                    _ => write_val(&mut sink.out, &v),
                }
            }
            sink.out.raw(if q.flatten { "]" } else { "}" });
            sink.row_done()?;
        }
        rank += 1;
        ControlFlow::Continue(())
    };
    if q.sort.is_empty() {
        matching(t, sky, q, &mut |row| write_row(sink, row));
    } else {
        // Sorting needs every matching row's keys first; the rows are written afterwards.
        let mut keys: Vec<(Vec<Val<'static>>, StarKey, u32)> = Vec::new();
        matching(t, sky, q, &mut |row| {
            let k = q.sort.iter().map(|&(c, _)| value(t, c, row)).collect();
            keys.push((k, row.star.key, row.sub));
            ControlFlow::Continue(())
        });
        keys.sort_by(|a, b| {
            for (i, &(_, desc)) in q.sort.iter().enumerate() {
                let o = compare(&a.0[i], &b.0[i]);
                let o = if desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
        for (_, key, sub) in keys {
            let Some(star) = sky.star(key) else { continue };
            let (ra, dec) = (t.position)(&star, sub);
            let dist = q.cone.and_then(|c| c.distance(ra, dec));
            let row = Row {
                star: &star,
                sub,
                ra,
                dec,
                dist,
            };
            if write_row(sink, &row).is_break() {
                break;
            }
        }
    }
    sink.out.raw("]}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_has_the_recorded_124_columns() {
        let t = table("dr2", "mean").unwrap();
        assert_eq!(t.cols.len(), 124);
        assert_eq!(t.cols[0].name, "objName");
        assert_eq!(t.cols[123].name, "yFlags");
        assert_eq!(t.column("GMEANPSFMAG"), t.column("gMeanPSFMag"));
        assert!(table("dr2", "detection").is_some());
        assert!(table("dr1", "detection").is_none());
        assert!(table("dr3", "mean").is_none());
    }

    #[test]
    fn object_ids_pass_two_to_the_53() {
        let sky = Sky::new(1, 2_000);
        let s = sky.star(StarKey::Cluster { k: 1, j: 0 }).unwrap();
        assert!(obj_id(&s) > 1i64 << 53, "{}", obj_id(&s));
    }

    #[test]
    fn queries_read_like_astroquery_sends_them() {
        let t = table("dr2", "mean").unwrap();
        let body = br#"{"page": 1, "pagesize": 5, "ra": 322.49324, "dec": 12.16683, "radius": 0.01,
            "nStackDetections.gte": "1", "qualityFlag": 48, "zoneID": [1, 2],
            "columns": ["objName", "distance"], "sort_by": ["distance.asc"]}"#;
        let p = pairs(None, &HeaderMap::new(), body).unwrap();
        let q = read_query(t, p).unwrap();
        assert_eq!(q.columns, vec![0, DISTANCE]);
        assert_eq!(q.sort, vec![(DISTANCE, false)]);
        assert_eq!(q.pagesize, 5);
        assert_eq!(q.criteria.len(), 3);
        let zone = q
            .criteria
            .iter()
            .find(|c| t.cols[c.col].name == "zoneID")
            .unwrap();
        assert_eq!(zone.values, ["1", "2"]);
        let p = pairs(
            Some("nDetections.gt=5&columns=[objID,raMean]&nDetections.lte=9"),
            &HeaderMap::new(),
            b"",
        )
        .unwrap();
        let q = read_query(t, p).unwrap();
        assert!(q.cone.is_none() && q.criteria.len() == 2 && q.columns.len() == 2);
        let bad = |s: &str| {
            read_query(t, pairs(Some(s), &HeaderMap::new(), b"").unwrap())
                .err()
                .unwrap()
        };
        assert!(bad("nDetectionz=1").contains("nDetectionz"));
        assert!(bad("ra=1&dec=2").contains("radius"));
        assert!(bad("ra=1&dec=2&radius=3").contains("0.5"));
        assert!(bad("nDetections=x").contains("not a number"));
        assert!(bad("columns=objID").contains("criterion"));
    }
}
