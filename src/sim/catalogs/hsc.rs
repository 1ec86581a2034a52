//! The Hubble Source Catalog: matches (`Mast.Hsc.Db.v3`/`.v2`, 46 columns), each match's
//! detections (`Mast.HscMatches.Db.v3`, 38 columns, looked up by `MatchID`) and the HSC
//! spectra (`Mast.HscSpectra.Db.All`, `MatchID` declared string holding integers,
//! `ExposureTime` declared float holding integers).
//!
//! Only the stars around named targets are in it: those are the fields Hubble looked at.
//! Identifiers encode the star so that a `MatchID` or a spectrum's `DatasetName` leads
//! back to it.

use super::columns::{CatTable, Col, Ty, fx, sexagesimal, text, when};
use super::sky::{Star, StarKey};
use crate::sim::json_out::Val;
use crate::sim::names::KNOWN;

/// `MatchID` = base + the star's code.
pub const MATCH_BASE_V3: i64 = 80_000_000;
pub const MATCH_BASE_V2: i64 = 40_000_000;

/// The nine filters of the match table: (column prefix, filter, instrument, detector,
/// wavelength in Angstrom).
pub const FILTERS: [(&str, &str, &str, &str, f64); 9] = [
    ("W2_F255W", "F255W", "WFPC2", "WFPC2", 2599.0),
    ("W3_F275W", "F275W", "WFC3", "WFC3/UVIS", 2703.7),
    ("W2_F336W", "F336W", "WFPC2", "WFPC2", 3344.0),
    ("W3_F336W", "F336W", "WFC3", "WFC3/UVIS", 3354.7),
    ("W3_F438W", "F438W", "WFC3", "WFC3/UVIS", 4326.2),
    ("W2_F439W", "F439W", "WFPC2", "WFPC2", 4312.0),
    ("W2_F555W", "F555W", "WFPC2", "WFPC2", 5439.0),
    ("A_F606W", "F606W", "ACS", "ACS/WFC", 5921.1),
    ("A_F814W", "F814W", "ACS", "ACS/WFC", 8045.5),
];

fn member(s: &Star) -> bool {
    matches!(s.key, StarKey::Cluster { .. })
}

fn one(_: &Star) -> u32 {
    1
}

fn position(s: &Star, _: u32) -> (f64, f64) {
    s.jitter(0x45C, 0.05)
}

pub fn match_id(s: &Star, base: i64) -> i64 {
    base + s.key.code() as i64
}

/// The star behind a `MatchID` of either version.
pub fn star_of_match(id: i64) -> Option<(StarKey, i64)> {
    for base in [MATCH_BASE_V3, MATCH_BASE_V2] {
        let code = id.checked_sub(base)?;
        if (0..100_000).contains(&code) {
            let key = StarKey::from_code(code as u64)?;
            return matches!(key, StarKey::Cluster { .. }).then_some((key, base));
        }
    }
    None
}

/// Images per filter of a match, 0 when the filter was not used: two to four filters.
pub fn images(s: &Star) -> [u32; 9] {
    let bits = s.bits(90);
    let mut n = [0u32; 9];
    let used = 2 + (bits % 3) as usize;
    for i in 0..used {
        let f = ((bits >> (4 + 4 * i)) % 9) as usize;
        n[f] += 1 + ((bits >> (30 + i)) & 1) as u32;
    }
    n
}

fn num_images(s: &Star) -> u32 {
    images(s).iter().sum()
}

fn target(s: &Star) -> &'static str {
    s.key.target().map_or("ANY", |k| KNOWN[k].target)
}

fn start_mjd(s: &Star) -> f64 {
    50_000.0 + 10_000.0 * s.unit(91)
}

/// The magnitude in filter `f` (aperture or auto).
fn filter_mag(s: &Star, f: usize) -> f64 {
    s.mag + 1.2 - 0.25 * s.color * (f as f64 - 4.0) / 4.0
}

/// How many spectra a match has (most have none).
pub fn spectra_of(s: &Star) -> u32 {
    if !member(s) || s.unit(95) >= 0.1 {
        0
    } else {
        1 + (s.bits(96) & 1) as u32
    }
}

macro_rules! filter_cols {
    ($($i:literal),*) => {
        [$(
            Col::f(FILTERS[$i].0, |r| {
                when(images(r.star)[$i] > 0, fx(filter_mag(r.star, $i), 4))
            }),
            Col::f(concat_sigma($i), |r| when(images(r.star)[$i] > 1, fx(0.02 * r.star.unit(97 + $i), 4))),
            Col::i(concat_n($i), |r| Val::Int(i64::from(images(r.star)[$i]))),
        )*]
    };
}

const fn concat_sigma(i: usize) -> &'static str {
    [
        "W2_F255W_Sigma",
        "W3_F275W_Sigma",
        "W2_F336W_Sigma",
        "W3_F336W_Sigma",
        "W3_F438W_Sigma",
        "W2_F439W_Sigma",
        "W2_F555W_Sigma",
        "A_F606W_Sigma",
        "A_F814W_Sigma",
    ][i]
}

const fn concat_n(i: usize) -> &'static str {
    [
        "W2_F255W_N",
        "W3_F275W_N",
        "W2_F336W_N",
        "W3_F336W_N",
        "W3_F438W_N",
        "W2_F439W_N",
        "W2_F555W_N",
        "A_F606W_N",
        "A_F814W_N",
    ][i]
}

const HEAD: [Col; 18] = [
    Col::i("MatchID", |r| Val::Int(match_id(r.star, MATCH_BASE_V3))),
    // Distance from the search centre (deg); 0 outside a cone.
    Col::f("Distance", |r| fx(r.dist.unwrap_or(0.0), 9)),
    Col::f("MatchRA", |r| fx(r.ra, 9)),
    Col::f("MatchDec", |r| fx(r.dec, 9)),
    // Declared float, often a whole number (0 for single-image matches).
    Col::f("DSigma", |r| {
        if num_images(r.star) < 2 {
            Val::Int(0)
        } else {
            fx(60.0 * r.star.unit(92), 4)
        }
    }),
    Col::s("AbsCorr", |r| {
        Val::s(if r.star.unit(93) < 0.8 { "Y" } else { "N" })
    }),
    Col::i("NumFilters", |r| {
        Val::Int(images(r.star).iter().filter(|&&n| n > 0).count() as i64)
    }),
    Col::i("NumVisits", |r| Val::Int(1 + (r.star.bits(94) % 3) as i64)),
    Col::i("NumImages", |r| Val::Int(i64::from(num_images(r.star)))),
    Col::f("StartMJD", |r| fx(start_mjd(r.star), 6)),
    Col::f("StopMJD", |r| fx(start_mjd(r.star) + 0.05, 6)),
    Col::s("TargetName", |r| Val::s(target(r.star))),
    Col::f("CI", |r| fx(0.9 + 0.8 * r.star.unit(98), 4)),
    Col::f("CI_Sigma", |r| fx(0.02 * r.star.unit(99), 4)),
    Col::f("KronRadius", |r| fx(0.18 + 0.3 * r.star.unit(100), 4)),
    Col::f("KronRadius_Sigma", |r| fx(0.01 * r.star.unit(101), 4)),
    Col::f("Extinction", |r| fx(0.02 + 0.2 * r.star.unit(102), 4)),
    Col::s("SpectrumFlag", |r| {
        Val::s(if spectra_of(r.star) > 0 { "Y" } else { "N" })
    }),
];

const FILTER_COLS: [Col; 27] = filter_cols!(0, 1, 2, 3, 4, 5, 6, 7, 8);

const fn join<const A: usize, const B: usize, const N: usize>(
    a: [Col; A],
    b: [Col; B],
) -> [Col; N] {
    // Built once at compile time: N is A + B, checked by the type of the statics below.
    let mut out: [Col; N] = [Col::i("", |_| Val::Null); N];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    let mut j = 0;
    while j < B {
        out[A + j] = b[j];
        j += 1;
    }
    out
}

pub static V3_COLUMNS: [Col; 45] = join(HEAD, FILTER_COLS);

/// Version 2 differs in its identifiers only.
pub static V2_COLUMNS: [Col; 45] = {
    let mut c: [Col; 45] = join(HEAD, FILTER_COLS);
    c[0] = Col::i("MatchID", |r| Val::Int(match_id(r.star, MATCH_BASE_V2)));
    c
};

pub static V3: CatTable = CatTable {
    name: "HSC v3",
    cols: &V3_COLUMNS,
    member,
    rows_of: one,
    position,
    margin: 0.06 / 3600.0,
};

pub static V2: CatTable = CatTable {
    name: "HSC v2",
    cols: &V2_COLUMNS,
    member,
    rows_of: one,
    position,
    margin: 0.06 / 3600.0,
};

/// Detection `sub` of a match: which filter and which image of it.
fn detection(s: &Star, sub: u32) -> (usize, u32) {
    let mut left = sub;
    for (f, n) in images(s).iter().enumerate() {
        if left < *n {
            return (f, left);
        }
        left -= n;
    }
    (0, 0)
}

fn det_pos(s: &Star, sub: u32) -> (f64, f64) {
    s.jitter(0x5000 + u64::from(sub), 0.02)
}

fn prop_id(s: &Star, f: usize) -> i64 {
    9_000 + ((s.key.code() / 1000) as i64 * 97 + f as i64 * 13) % 7_000
}

fn exposure(s: &Star, sub: u32) -> i64 {
    300 + (s.bits(0x600 + u64::from(sub)) % 2_400) as i64
}

fn image_name(s: &Star, sub: u32) -> String {
    let (f, _) = detection(s, sub);
    let inst = FILTERS[f].3.to_lowercase().replace('/', "_");
    format!(
        "hst_{}_{:02}_{}_{}",
        prop_id(s, f),
        1 + sub,
        inst,
        FILTERS[f].1.to_lowercase()
    )
}

/// `Mast.HscMatches.Db.v3`: one row per detection of a match.
pub static MATCH_COLUMNS: &[Col] = &[
    Col::i("CatID", |r| {
        Val::Int(280_000_000 + r.star.key.code() as i64 * 16 + i64::from(r.sub))
    }),
    Col::i("MatchID", |r| Val::Int(match_id(r.star, MATCH_BASE_V3))),
    Col::i("MemID", |r| Val::Int(i64::from(r.sub) + 1)),
    Col::i("SourceID", |r| {
        Val::Int(6_500_000_000 + r.star.key.code() as i64 * 16 + i64::from(r.sub))
    }),
    Col::i("ImageID", |r| {
        Val::Int(
            1_000_000
                + r.star.key.code() as i64 / 50 * 10
                + i64::from(detection(r.star, r.sub).0 as u32),
        )
    }),
    Col::s("Det", |_| Val::s("Y")),
    Col::f("MatchRA", |r| fx(position(r.star, 0).0, 9)),
    Col::f("MatchDec", |r| fx(position(r.star, 0).1, 9)),
    Col::f("SourceRA", |r| fx(r.ra, 9)),
    Col::f("SourceDec", |r| fx(r.dec, 9)),
    Col::f("D", |r| fx(20.0 * r.star.unit(0x610 + u64::from(r.sub)), 4)),
    Col::f("DSigma", |r| fx(50.0 * r.star.unit(92), 4)),
    Col::s("AbsCorr", |r| {
        Val::s(if r.star.unit(93) < 0.8 { "Y" } else { "N" })
    }),
    Col::f("XImage", |r| {
        fx(4096.0 * r.star.unit(0x620 + u64::from(r.sub)), 3)
    }),
    Col::f("YImage", |r| {
        fx(4096.0 * r.star.unit(0x630 + u64::from(r.sub)), 3)
    }),
    Col::s("ImageName", |r| text(image_name(r.star, r.sub))),
    Col::s("Instrument", |r| {
        Val::s(FILTERS[detection(r.star, r.sub).0].2)
    }),
    Col::s("Mode", |_| Val::s("ACCUM")),
    Col::s("Detector", |r| {
        Val::s(FILTERS[detection(r.star, r.sub).0].3)
    }),
    Col::s("Aperture", |r| {
        Val::s(match FILTERS[detection(r.star, r.sub).0].2 {
            "WFC3" => "UVIS-CENTER",
            "ACS" => "WFC",
            _ => "PC1",
        })
    }),
    // Declared float, holding whole seconds.
    Col::f("ExposureTime", |r| Val::Int(exposure(r.star, r.sub))),
    Col::f("StartMJD", |r| {
        fx(start_mjd(r.star) + f64::from(r.sub) * 0.01, 6)
    }),
    Col::f("StopMJD", |r| {
        fx(
            start_mjd(r.star) + f64::from(r.sub) * 0.01 + exposure(r.star, r.sub) as f64 / 86_400.0,
            6,
        )
    }),
    Col::f("WaveLength", |r| {
        Val::Float(FILTERS[detection(r.star, r.sub).0].4)
    }),
    Col::s("Filter", |r| Val::s(FILTERS[detection(r.star, r.sub).0].1)),
    Col::s("TargetName", |r| Val::s(target(r.star))),
    Col::f("FluxAper2", |r| {
        fx(
            10f64.powf(-0.4 * (filter_mag(r.star, detection(r.star, r.sub).0) - 24.0)) * 100.0,
            4,
        )
    }),
    Col::f("MagAper2", |r| {
        fx(
            filter_mag(r.star, detection(r.star, r.sub).0)
                + 0.02 * r.star.unit(0x640 + u64::from(r.sub)),
            4,
        )
    }),
    Col::f("MagAuto", |r| {
        fx(filter_mag(r.star, detection(r.star, r.sub).0) - 0.2, 4)
    }),
    Col::i("PropID", |r| {
        Val::Int(prop_id(r.star, detection(r.star, r.sub).0))
    }),
    Col::f("CI", |r| fx(0.9 + 0.8 * r.star.unit(98), 4)),
    Col::f("KronRadius", |r| fx(0.18 + 0.3 * r.star.unit(100), 4)),
    Col::i("Flags", |r| {
        Val::Int((r.star.bits(0x650 + u64::from(r.sub)) % 4) as i64)
    }),
    // WCS as text, as MAST sends it.
    Col::s("naxis", |_| Val::s("6188 6156")),
    Col::s("crpix", |_| Val::s("3094.00 3078.00")),
    Col::s("crval", |r| text(format!("{:.8} {:.8}", r.ra, r.dec))),
    Col::s("cd_matrix", |_| {
        Val::s("-1.1005e-005 3.55625e-010 3.55625e-010 1.1005e-005")
    }),
];

pub static MATCHES: CatTable = CatTable {
    name: "HSC matches",
    cols: MATCH_COLUMNS,
    member,
    rows_of: num_images,
    position: det_pos,
    margin: 0.1 / 3600.0,
};

/// Spectrum kinds: (SpectrumType, detector, spectral element, aperture, notes).
const SPECTRA: [(i64, &str, &str, &str, &str); 4] = [
    (2, "ACS/WFC", "G800L", "", "ACS  GRISM G800L"),
    (2, "WFC3/IR", "G141", "", "WFC3 GRISM G141"),
    (0, "STIS/CCD", "G430L", "52X0.2", "STIS LONG SLIT G430L"),
    (1, "FOS/RD", "G570H", "B-3", "FOS G570H"),
];

fn spectrum_kind(
    s: &Star,
    sub: u32,
) -> (i64, &'static str, &'static str, &'static str, &'static str) {
    SPECTRA[(s.bits(0x700 + u64::from(sub)) % 4) as usize]
}

/// `J8` + the star's code and the spectrum number: the part of a dataset name that leads
/// back to the star.
fn rootname(s: &Star, sub: u32) -> String {
    format!("J8{:05}{}Q", s.key.code(), sub)
}

pub fn dataset_name(s: &Star, sub: u32) -> String {
    let (ra, dec) = position(s, 0);
    let root = rootname(s, sub);
    format!(
        "HAG_J{}_{root}_V01.SPEC1D",
        sexagesimal(ra, dec, 2, 1, true)
    )
}

/// The star and spectrum number behind a dataset name.
pub fn spectrum_of_dataset(name: &str) -> Option<(StarKey, u32)> {
    let root = name
        .split('_')
        .find(|p| p.starts_with("J8") && p.ends_with('Q') && p.len() == 9)?;
    let code: u64 = root.get(2..7)?.parse().ok()?;
    let sub: u32 = root.get(7..8)?.parse().ok()?;
    Some((StarKey::from_code(code)?, sub))
}

/// Bytes of a spectrum's FITS file: whole 2880-byte blocks.
pub fn spectrum_size(s: &Star, sub: u32) -> u64 {
    2880 * (4 + s.bits(0x710 + u64::from(sub)) % 40)
}

pub static SPECTRA_COLUMNS: &[Col] = &[
    Col::i("ObjID", |r| {
        Val::Int(20_000 + r.star.key.code() as i64 * 2 + i64::from(r.sub))
    }),
    Col::s("DatasetName", |r| text(dataset_name(r.star, r.sub))),
    // Declared string, sent as an integer.
    Col::new("MatchID", "string", Ty::Int, |r| {
        Val::Int(match_id(r.star, MATCH_BASE_V3))
    }),
    Col::f("RA", |r| fx(r.ra, 9)),
    Col::f("Dec", |r| fx(r.dec, 9)),
    Col::s("TargetName", |r| {
        text(
            dataset_name(r.star, r.sub)
                .trim_end_matches("_V01.SPEC1D")
                .to_string(),
        )
    }),
    Col::s("ObjectType", |_| Val::s("")),
    Col::i("SpectrumType", |r| Val::Int(spectrum_kind(r.star, r.sub).0)),
    Col::s("Notes", |r| Val::s(spectrum_kind(r.star, r.sub).4)),
    Col::s("Detector", |r| Val::s(spectrum_kind(r.star, r.sub).1)),
    Col::s("Aperture", |r| Val::s(spectrum_kind(r.star, r.sub).3)),
    Col::s("SpectralElement", |r| {
        Val::s(spectrum_kind(r.star, r.sub).2)
    }),
    Col::f("Wavelength", |r| {
        if spectrum_kind(r.star, r.sub).0 == 2 {
            Val::Int(0)
        } else {
            Val::Int(4300)
        }
    }),
    // Declared float, holding whole seconds.
    Col::f("ExposureTime", |r| {
        Val::Int(600 + (r.star.bits(0x720 + u64::from(r.sub)) % 9_000) as i64)
    }),
    Col::i("PropID", |r| Val::Int(prop_id(r.star, 7))),
    Col::s("HSCMatch", |_| Val::s("Y")),
];

fn spectrum_pos(s: &Star, _: u32) -> (f64, f64) {
    position(s, 0)
}

pub static SPECTRA_TABLE: CatTable = CatTable {
    name: "HSC spectra",
    cols: SPECTRA_COLUMNS,
    member: |s| spectra_of(s) > 0,
    rows_of: spectra_of,
    position: spectrum_pos,
    margin: 0.06 / 3600.0,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalogs::sky::Sky;

    #[test]
    fn column_counts_match_mast() {
        // 46 and 38 with the portal's `_selected_`, which the answer writer adds.
        assert_eq!(V3_COLUMNS.len(), 45);
        assert_eq!(MATCH_COLUMNS.len(), 37);
        assert_eq!(SPECTRA_COLUMNS.len(), 16);
        assert_eq!(V3_COLUMNS[18].name, "W2_F255W");
        assert_eq!(V3_COLUMNS[20].name, "W2_F255W_N");
        assert_eq!(V3_COLUMNS[44].name, "A_F814W_N");
    }

    #[test]
    fn match_ids_and_dataset_names_lead_back_to_the_star() {
        let sky = Sky::new(1, 2_000);
        let s = sky.star(StarKey::Cluster { k: 3, j: 17 }).unwrap();
        let id = match_id(&s, MATCH_BASE_V3);
        assert_eq!(star_of_match(id), Some((s.key, MATCH_BASE_V3)));
        assert_eq!(
            star_of_match(match_id(&s, MATCH_BASE_V2)),
            Some((s.key, MATCH_BASE_V2))
        );
        assert_eq!(star_of_match(5), None);
        let name = dataset_name(&s, 1);
        assert!(
            name.starts_with("HAG_J") && name.ends_with("_V01.SPEC1D"),
            "{name}"
        );
        assert_eq!(spectrum_of_dataset(&name), Some((s.key, 1)));
        assert!(num_images(&s) >= 2);
        let (f, n) = detection(&s, num_images(&s) - 1);
        assert!(
            images(&s)[f] == n + 1,
            "the last detection is the last image of its filter"
        );
    }
}
