//! HAPcut: cutouts of Hubble Advanced Products where the catalogue's HST observations lie,
//! one file per instrument and filter found there, the image in HDU 1.

use std::ops::ControlFlow;

use super::coord_text;
use super::deep::image_data;
use super::fits_write::{image_header, primary, push_data, wcs};
use crate::sim::catalogue::{Catalogue, Collection};
use crate::sim::filters::separation;

/// HAP's coarse mosaics have 0.12" pixels: 5" is 42 pixels, as astroquery's tests expect.
pub const PIXEL_ARCSEC: f64 = 0.12;
/// The largest cutout side HAPcut makes here, in pixels.
pub const MAX_SIDE: usize = 1000;
/// Files one cutout holds at most.
const MAX_FILES: usize = 4;

/// One HAP mosaic covering a position: instrument (`wfc3_ir`) and filter (`f160w`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mosaic {
    pub instrument: String,
    pub filter: String,
}

/// The mosaics of HST imaging whose footprint holds (ra, dec).
pub fn mosaics_at(cat: &Catalogue, ra: f64, dec: f64) -> Vec<Mosaic> {
    let mut out: Vec<Mosaic> = Vec::new();
    cat.scan(
        |b| {
            b.collection == Collection::Hst
                && b.instrument.dataproduct_type == "image"
                && separation(ra, dec, b.ra, b.dec) <= b.reach() + b.instrument.fov * 1.5
        },
        |o| {
            if separation(ra, dec, o.ra, o.dec) <= o.block.instrument.fov * 1.4 {
                let m = Mosaic {
                    instrument: o.block.instrument.name.to_lowercase().replace('/', "_"),
                    filter: o.filter.name.to_lowercase(),
                };
                if !out.contains(&m) {
                    out.push(m);
                }
                if out.len() >= MAX_FILES {
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        },
    );
    out
}

/// `hst_cutout_skycell-p0735-ra189d49206-decp62d20615_wfc3_ir_f160w_coarse-all_drz.fits`.
pub fn file_name(m: &Mosaic, ra: f64, dec: f64) -> String {
    let cell = (ra.floor() as i64 * 7 + (dec + 90.0).floor() as i64) % 10_000;
    let sign = if dec < 0.0 { 'n' } else { 'p' };
    format!(
        "hst_cutout_skycell-p{cell:04}-ra{}-dec{sign}{}_{}_{}_coarse-all_drz.fits",
        coord_text(ra).replace('.', "d"),
        coord_text(dec.abs()).replace('.', "d"),
        m.instrument,
        m.filter
    )
}

/// PRIMARY and the `nx` x `ny` image in HDU 1.
pub fn cutout_file(m: &Mosaic, ra: f64, dec: f64, nx: usize, ny: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut h = primary();
    h.text("ORIGIN", "STScI/MAST", "")
        .text("CREATOR", "astrocut (mastui simulated archive)", "")
        .text("TELESCOP", "HST", "")
        .text("INSTRUME", &m.instrument.to_uppercase(), "")
        .text("FILTER", &m.filter.to_uppercase(), "")
        .float("RA_OBJ", ra, "[deg] right ascension")
        .float("DEC_OBJ", dec, "[deg] declination");
    out.extend(h.finish());
    let mut h = image_header(nx, ny, -32, "SCI");
    wcs(&mut h, nx, ny, ra, dec, PIXEL_ARCSEC / 3600.0);
    out.extend(h.finish());
    let seed = crate::sim::rng::hash_str(&file_name(m, ra, dec));
    push_data(&mut out, &image_data(seed, nx, ny));
    out
}
