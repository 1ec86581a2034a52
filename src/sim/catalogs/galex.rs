//! The GALEX catalog (`Mast.Galex.Catalog`): the ultraviolet-bright part of the sky, within
//! half an arcsecond of the TIC position, `objid`s beyond 2^53, and the `distance_arcmin`
//! column MAST adds to its cone answers.

use super::columns::{CatTable, Col, Ty, fx, galactic, when};
use super::photometry::vmag;
use super::sky::Star;
use crate::sim::json_out::Val;

fn member(s: &Star) -> bool {
    s.color < 1.2 || s.unit(0x6A1) < 0.15
}

fn one(_: &Star) -> u32 {
    1
}

fn position(s: &Star, _: u32) -> (f64, f64) {
    s.jitter(0x6A1E, 0.5)
}

pub fn objid(s: &Star) -> i64 {
    6_371_000_000_000_000_000 + s.key.code() as i64 * 4_096
}

fn nuv(s: &Star) -> f64 {
    vmag(s) + 1.5 + 2.0 * s.color
}

fn fuv(s: &Star) -> f64 {
    nuv(s) + 0.8 + 1.5 * s.color
}

fn has_fuv(s: &Star) -> bool {
    fuv(s) < 23.5
}

fn has_nuv(s: &Star) -> bool {
    nuv(s) < 24.0
}

fn flux(mag: f64) -> f64 {
    10f64.powf(-0.4 * (mag - 23.9))
}

const SURVEYS: [&str; 3] = ["AIS", "MIS", "DIS"];

pub static COLUMNS: &[Col] = &[
    Col::new("objid", "long", Ty::Int, |r| Val::Int(objid(r.star))),
    Col::s("survey", |r| {
        Val::s(SURVEYS[(r.star.bits(0x6A2) % 3) as usize])
    }),
    Col::f("ra", |r| fx(r.ra, 7)),
    Col::f("dec", |r| fx(r.dec, 7)),
    Col::f("glon", |r| fx(galactic(r.ra, r.dec).0, 6)),
    Col::f("glat", |r| fx(galactic(r.ra, r.dec).1, 6)),
    Col::i("tile", |r| {
        Val::Int(50_000 + (r.star.key.code() / 100 % 40_000) as i64)
    }),
    Col::i("img", |r| Val::Int(1 + (r.star.bits(0x6A3) % 30) as i64)),
    Col::i("subvisit", |r| {
        Val::Int(-1 + (r.star.bits(0x6A4) % 3) as i64)
    }),
    Col::f("fov_radius", |r| fx(0.6 * r.star.unit(0x6A5), 5)),
    Col::i("band", |r| Val::Int(if has_fuv(r.star) { 3 } else { 1 })),
    Col::f("e_bv", |r| fx(0.01 + 0.1 * r.star.unit(0x6A6), 4)),
    Col::i("istherespectrum", |r| {
        Val::Int(i64::from(r.star.unit(0x6A7) < 0.02))
    }),
    Col::i("chkobj_type", |_| Val::Int(0)),
    Col::f("fuv_mag", |r| when(has_fuv(r.star), fx(fuv(r.star), 4))),
    Col::f("fuv_magerr", |r| {
        when(has_fuv(r.star), fx(0.02 + 0.2 * r.star.unit(0x6A8), 4))
    }),
    Col::f("nuv_mag", |r| when(has_nuv(r.star), fx(nuv(r.star), 4))),
    Col::f("nuv_magerr", |r| {
        when(has_nuv(r.star), fx(0.02 + 0.15 * r.star.unit(0x6A9), 4))
    }),
    Col::f("fuv_mag_auto", |r| {
        when(has_fuv(r.star), fx(fuv(r.star) - 0.05, 4))
    }),
    Col::f("nuv_mag_auto", |r| {
        when(has_nuv(r.star), fx(nuv(r.star) - 0.05, 4))
    }),
    Col::f("fuv_flux", |r| {
        when(has_fuv(r.star), fx(flux(fuv(r.star)), 4))
    }),
    Col::f("fuv_fluxerr", |r| {
        when(has_fuv(r.star), fx(0.05 * flux(fuv(r.star)), 4))
    }),
    Col::f("nuv_flux", |r| {
        when(has_nuv(r.star), fx(flux(nuv(r.star)), 4))
    }),
    Col::f("nuv_fluxerr", |r| {
        when(has_nuv(r.star), fx(0.04 * flux(nuv(r.star)), 4))
    }),
    Col::i("fuv_artifact", |_| Val::Int(0)),
    Col::i("nuv_artifact", |r| {
        Val::Int(i64::from(r.star.unit(0x6AA) < 0.05) * 4)
    }),
    Col::f("fuv_s2n", |r| {
        when(has_fuv(r.star), fx(3.0 + 40.0 * r.star.unit(0x6AB), 3))
    }),
    Col::f("nuv_s2n", |r| {
        when(has_nuv(r.star), fx(3.0 + 60.0 * r.star.unit(0x6AC), 3))
    }),
    Col::f("nuv_exptime", |r| {
        fx(100.0 + 1500.0 * r.star.unit(0x6AD), 1)
    }),
    Col::f("fuv_exptime", |r| {
        when(has_fuv(r.star), fx(100.0 + 1500.0 * r.star.unit(0x6AD), 1))
    }),
];

pub static GALEX: CatTable = CatTable {
    name: "GALEX",
    cols: COLUMNS,
    member,
    rows_of: one,
    position,
    margin: 0.6 / 3600.0,
};
