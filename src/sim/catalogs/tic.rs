//! The TESS Input Catalog and its Candidate Target List: the 89 columns MAST answers with,
//! in its order and with its declared types (`ID` and `objID` declared `string` but sent as
//! integers, `SDSS` a string column holding integers beyond 2^53, `TWOMflag` padded with
//! spaces that matter). Every star of the sky is in the TIC; the CTL keeps the stars bright
//! enough to have a priority.

use super::columns::{CatTable, Col, Row, Ty, ecliptic, fx, galactic, sexagesimal, text, when};
use super::photometry::{bmag, gaia_g, giant, hmag, jmag, kmag, teff, vmag};
use super::sky::{FIELD_CODE_BASE, Star};
use crate::sim::json_out::Val;

/// Where TIC numbers start (field stars; cluster stars below).
pub const TIC_FIELD_BASE: i64 = 100_000_000;
pub const TIC_CLUSTER_BASE: i64 = 50_000_000;
/// CTL stars: bright enough for TESS's 2-minute targets.
pub const CTL_MAX_TMAG: f64 = 13.5;

pub fn tic_id(s: &Star) -> i64 {
    let code = s.key.code() as i64;
    let field = FIELD_CODE_BASE as i64;
    if code >= field {
        TIC_FIELD_BASE + code - field
    } else {
        TIC_CLUSTER_BASE + code
    }
}

fn has_2mass(s: &Star) -> bool {
    s.mag < 17.0
}
fn has_sdss(s: &Star) -> bool {
    s.dec > -10.0 && s.mag > 12.0 && s.unit(31) < 0.3
}
fn has_apass(s: &Star) -> bool {
    s.mag < 15.0
}
fn in_kepler_field(s: &Star) -> bool {
    (280.0..301.0).contains(&s.ra) && (36.0..52.0).contains(&s.dec)
}
fn err(s: &Star, salt: u64, base: f64) -> f64 {
    base * (1.0 + 3.0 * s.unit(salt)) * (1.0 + (s.mag - 10.0).max(0.0) * 0.4)
}
fn plx(s: &Star) -> f64 {
    1000.0 / s.dist_pc
}
fn stellar(s: &Star) -> bool {
    !s.extended && s.mag < 16.5
}
fn radius(s: &Star) -> f64 {
    if giant(s) {
        8.0 + 20.0 * s.unit(78)
    } else {
        (teff(s) / 5772.0).powf(0.9)
    }
}
fn mass(s: &Star) -> f64 {
    if giant(s) {
        1.2 + s.unit(79)
    } else {
        (teff(s) / 5772.0).powf(1.4)
    }
}
pub fn priority(s: &Star) -> Option<f64> {
    (s.mag < CTL_MAX_TMAG && !s.extended).then(|| (CTL_MAX_TMAG - s.mag) / 10.0 * s.unit(80))
}

const STR: &str = "string";

pub static TIC_COLUMNS: &[Col] = &[
    Col::new("ID", STR, Ty::Int, |r| Val::Int(tic_id(r.star))),
    Col::s("version", |_| Val::s("20190415")),
    Col::i("HIP", |r| {
        when(
            r.star.mag < 8.5,
            Val::Int(1_000 + (r.star.key.code() % 118_000) as i64),
        )
    }),
    Col::s("TYC", |r| {
        let c = r.star.key.code();
        when(
            r.star.mag < 11.5,
            text(format!("{}-{:05}-1", 1 + c % 9537, c % 99_999)),
        )
    }),
    Col::s("UCAC", |r| {
        let c = r.star.key.code();
        when(
            r.star.mag < 16.0,
            text(format!("{}-{:06}", 100 + c % 800, c % 999_999)),
        )
    }),
    Col::s("TWOMASS", |r| {
        when(
            has_2mass(r.star),
            text(sexagesimal(r.ra, r.dec, 2, 1, false)),
        )
    }),
    Col::new("SDSS", STR, Ty::Int, |r| {
        when(
            has_sdss(r.star),
            Val::Int(1_237_645_000_000_000_000 + r.star.key.code() as i64 * 131),
        )
    }),
    Col::s("ALLWISE", |r| {
        when(
            has_2mass(r.star),
            text(format!("J{}", sexagesimal(r.ra, r.dec, 2, 1, true))),
        )
    }),
    Col::s("GAIA", |r| {
        when(
            gaia_g(r.star) < 20.7,
            text(super::gaia::source_id(r.star, 2).to_string()),
        )
    }),
    Col::s("APASS", |r| {
        when(
            has_apass(r.star),
            text((30_000_000 + r.star.key.code() % 9_000_000).to_string()),
        )
    }),
    Col::i("KIC", |r| {
        when(
            in_kepler_field(r.star),
            Val::Int(1_000_000 + (r.star.key.code() % 11_000_000) as i64),
        )
    }),
    Col::s("objType", |r| {
        Val::s(if r.star.extended { "EXTENDED" } else { "STAR" })
    }),
    Col::s("typeSrc", |r| {
        Val::s(if r.star.extended {
            "2mass"
        } else if r.star.mag < 8.5 {
            "hip"
        } else {
            "tmgaia2"
        })
    }),
    Col::f("ra", |r| fx(r.ra, 7)),
    Col::f("dec", |r| fx(r.dec, 7)),
    Col::s("POSflag", |r| {
        Val::s(if r.star.extended {
            "2MASSEXT"
        } else if r.star.mag < 8.5 {
            "hip"
        } else {
            "gaia2"
        })
    }),
    Col::f("pmRA", |r| {
        when(
            stellar(r.star),
            fx(
                40.0 * (r.star.unit(1) - 0.5) * 100.0 / r.star.dist_pc.sqrt(),
                3,
            ),
        )
    }),
    Col::f("e_pmRA", |r| {
        when(stellar(r.star), fx(err(r.star, 2, 0.05), 3))
    }),
    Col::f("pmDEC", |r| {
        when(
            stellar(r.star),
            fx(
                40.0 * (r.star.unit(3) - 0.5) * 100.0 / r.star.dist_pc.sqrt(),
                3,
            ),
        )
    }),
    Col::f("e_pmDEC", |r| {
        when(stellar(r.star), fx(err(r.star, 4, 0.05), 3))
    }),
    Col::s("PMflag", |r| when(stellar(r.star), Val::s("gaia2"))),
    Col::f("plx", |r| when(stellar(r.star), fx(plx(r.star), 4))),
    Col::f("e_plx", |r| {
        when(stellar(r.star), fx(err(r.star, 5, 0.03), 4))
    }),
    Col::s("PARflag", |r| when(stellar(r.star), Val::s("gaia2"))),
    Col::f("gallong", |r| fx(galactic(r.ra, r.dec).0, 6)),
    Col::f("gallat", |r| fx(galactic(r.ra, r.dec).1, 6)),
    Col::f("eclong", |r| fx(ecliptic(r.ra, r.dec).0, 6)),
    Col::f("eclat", |r| fx(ecliptic(r.ra, r.dec).1, 6)),
    Col::f("Bmag", |r| when(has_apass(r.star), fx(bmag(r.star), 3))),
    Col::f("e_Bmag", |r| {
        when(has_apass(r.star), fx(err(r.star, 6, 0.02), 3))
    }),
    Col::f("Vmag", |r| when(has_apass(r.star), fx(vmag(r.star), 3))),
    Col::f("e_Vmag", |r| {
        when(has_apass(r.star), fx(err(r.star, 7, 0.02), 3))
    }),
    Col::f("umag", |r| {
        when(has_sdss(r.star), fx(bmag(r.star) + 1.1, 3))
    }),
    Col::f("e_umag", |r| {
        when(has_sdss(r.star), fx(err(r.star, 8, 0.03), 3))
    }),
    Col::f("gmag", |r| {
        when(has_sdss(r.star), fx(vmag(r.star) + 0.3, 3))
    }),
    Col::f("e_gmag", |r| {
        when(has_sdss(r.star), fx(err(r.star, 9, 0.01), 3))
    }),
    Col::f("rmag", |r| {
        when(has_sdss(r.star), fx(vmag(r.star) - 0.2, 3))
    }),
    Col::f("e_rmag", |r| {
        when(has_sdss(r.star), fx(err(r.star, 10, 0.01), 3))
    }),
    Col::f("imag", |r| when(has_sdss(r.star), fx(r.star.mag + 0.1, 3))),
    Col::f("e_imag", |r| {
        when(has_sdss(r.star), fx(err(r.star, 11, 0.01), 3))
    }),
    Col::f("zmag", |r| when(has_sdss(r.star), fx(r.star.mag - 0.1, 3))),
    Col::f("e_zmag", |r| {
        when(has_sdss(r.star), fx(err(r.star, 12, 0.02), 3))
    }),
    Col::f("Jmag", |r| when(has_2mass(r.star), fx(jmag(r.star), 3))),
    Col::f("e_Jmag", |r| {
        when(has_2mass(r.star), fx(err(r.star, 13, 0.02), 3))
    }),
    Col::f("Hmag", |r| when(has_2mass(r.star), fx(hmag(r.star), 3))),
    Col::f("e_Hmag", |r| {
        when(has_2mass(r.star), fx(err(r.star, 14, 0.02), 3))
    }),
    Col::f("Kmag", |r| when(has_2mass(r.star), fx(kmag(r.star), 3))),
    Col::f("e_Kmag", |r| {
        when(has_2mass(r.star), fx(err(r.star, 15, 0.02), 3))
    }),
    // 2MASS quality flags; an extended source's are blank, and the blanks are kept.
    Col::s("TWOMflag", |r| {
        when(
            has_2mass(r.star),
            Val::s(if r.star.extended {
                "   -   -   -  0-0- "
            } else {
                "AAA-222-111-000-0-0"
            }),
        )
    }),
    Col::f("prox", |r| {
        when(r.star.unit(16) < 0.2, fx(5.0 + 50.0 * r.star.unit(17), 2))
    }),
    Col::f("w1mag", |r| {
        when(has_2mass(r.star), fx(kmag(r.star) - 0.05, 3))
    }),
    Col::f("e_w1mag", |r| {
        when(has_2mass(r.star), fx(err(r.star, 18, 0.02), 3))
    }),
    Col::f("w2mag", |r| {
        when(has_2mass(r.star), fx(kmag(r.star) - 0.1, 3))
    }),
    Col::f("e_w2mag", |r| {
        when(has_2mass(r.star), fx(err(r.star, 19, 0.02), 3))
    }),
    Col::f("w3mag", |r| {
        when(has_2mass(r.star), fx(kmag(r.star) - 0.25, 3))
    }),
    Col::f("e_w3mag", |r| {
        when(has_2mass(r.star), fx(err(r.star, 20, 0.05), 3))
    }),
    Col::f("w4mag", |r| {
        when(has_2mass(r.star), fx(kmag(r.star) - 0.4, 3))
    }),
    Col::f("e_w4mag", |r| {
        when(has_2mass(r.star), fx(err(r.star, 21, 0.1), 3))
    }),
    Col::f("GAIAmag", |r| {
        when(gaia_g(r.star) < 20.7, fx(gaia_g(r.star), 4))
    }),
    Col::f("e_GAIAmag", |r| {
        when(gaia_g(r.star) < 20.7, fx(err(r.star, 22, 0.0005), 5))
    }),
    Col::f("Tmag", |r| fx(r.star.mag, 3)),
    Col::f("e_Tmag", |r| fx(err(r.star, 23, 0.006).min(0.2), 3)),
    Col::s("TESSflag", |r| {
        Val::s(if r.star.extended { "tor_jhk" } else { "gaiaj" })
    }),
    Col::s("SPFlag", |r| when(stellar(r.star), Val::s("gaia2"))),
    Col::f("Teff", |r| when(stellar(r.star), fx(teff(r.star), 0))),
    Col::f("e_Teff", |r| {
        when(stellar(r.star), fx(60.0 + 120.0 * r.star.unit(24), 0))
    }),
    Col::f("logg", |r| {
        when(
            stellar(r.star),
            fx(
                if giant(r.star) { 2.6 } else { 4.45 } + 0.2 * r.star.unit(25),
                3,
            ),
        )
    }),
    Col::f("e_logg", |r| {
        when(stellar(r.star), fx(0.08 + 0.1 * r.star.unit(26), 3))
    }),
    Col::f("MH", |r| {
        when(
            stellar(r.star) && r.star.unit(27) < 0.1,
            fx(0.6 * (r.star.unit(28) - 0.6), 2),
        )
    }),
    Col::f("e_MH", |r| {
        when(stellar(r.star) && r.star.unit(27) < 0.1, fx(0.1, 2))
    }),
    Col::f("rad", |r| when(stellar(r.star), fx(radius(r.star), 4))),
    Col::f("e_rad", |r| {
        when(stellar(r.star), fx(0.05 * radius(r.star), 4))
    }),
    Col::f("mass", |r| when(stellar(r.star), fx(mass(r.star), 3))),
    Col::f("e_mass", |r| {
        when(stellar(r.star), fx(0.1 * mass(r.star), 3))
    }),
    Col::f("rho", |r| {
        when(
            stellar(r.star),
            fx(mass(r.star) / radius(r.star).powi(3), 4),
        )
    }),
    Col::f("e_rho", |r| {
        when(
            stellar(r.star),
            fx(0.15 * mass(r.star) / radius(r.star).powi(3), 4),
        )
    }),
    Col::s("lumclass", |r| {
        if !stellar(r.star) {
            Val::s("")
        } else if giant(r.star) {
            Val::s("GIANT")
        } else {
            Val::s("DWARF")
        }
    }),
    Col::f("lum", |r| {
        when(
            stellar(r.star),
            fx(radius(r.star).powi(2) * (teff(r.star) / 5772.0).powi(4), 4),
        )
    }),
    Col::f("e_lum", |r| {
        when(
            stellar(r.star),
            fx(
                0.1 * radius(r.star).powi(2) * (teff(r.star) / 5772.0).powi(4),
                4,
            ),
        )
    }),
    Col::f("d", |r| when(stellar(r.star), fx(r.star.dist_pc, 2))),
    Col::f("e_d", |r| {
        when(stellar(r.star), fx(0.05 * r.star.dist_pc, 2))
    }),
    Col::f("ebv", |r| {
        fx(0.3 * r.star.unit(29) * r.star.dist_pc / 4000.0, 4)
    }),
    Col::f("e_ebv", |r| fx(0.01 + 0.02 * r.star.unit(30), 4)),
    Col::i("numcont", |r| {
        when(stellar(r.star), Val::Int((r.star.bits(32) % 6) as i64))
    }),
    Col::f("contratio", |r| {
        when(stellar(r.star), fx(0.05 * r.star.unit(33), 5))
    }),
    Col::s("disposition", |r| {
        when(r.star.unit(34) < 0.002, Val::s("SPLIT"))
    }),
    Col::s("duplicate_id", |_| Val::Null),
    Col::f("priority", |r| {
        priority(r.star).map_or(Val::Null, |p| fx(p, 6))
    }),
    Col::new("objID", STR, Ty::Int, |r| {
        Val::Int(300_000_000 + r.star.key.code() as i64 * 7)
    }),
];

fn one(_: &Star) -> u32 {
    1
}

fn at_star(s: &Star, _: u32) -> (f64, f64) {
    (s.ra, s.dec)
}

pub static TIC: CatTable = CatTable {
    name: "TIC",
    cols: TIC_COLUMNS,
    member: |_| true,
    rows_of: one,
    position: at_star,
    margin: 0.0,
};

pub static CTL: CatTable = CatTable {
    name: "CTL",
    cols: TIC_COLUMNS,
    member: |s| priority(s).is_some(),
    rows_of: one,
    position: at_star,
    margin: 0.0,
};

/// Discrete TIC columns, as `Mast.Catalogs.All.Tic` types them (everything else numeric
/// there is continuous, `ID` included).
pub const TIC_DISCRETE: &[&str] = &[
    "lumclass", "objType", "PARflag", "PMflag", "POSflag", "SPFlag", "TESSflag", "typeSrc",
];

/// A row value helper used by tests and the crossmatch: the TIC row of a star.
pub fn row_of(star: &Star) -> Row<'_> {
    Row {
        star,
        sub: 0,
        ra: star.ra,
        dec: star.dec,
        dist: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalogs::sky::{Sky, StarKey};

    #[test]
    fn eighty_nine_columns_in_mast_order() {
        assert_eq!(TIC_COLUMNS.len(), 89);
        assert_eq!(TIC_COLUMNS[0].name, "ID");
        assert_eq!(TIC_COLUMNS[88].name, "objID");
        assert_eq!(TIC.column("tmag"), TIC.column("Tmag"));
        for d in TIC_DISCRETE {
            assert!(TIC.column(d).is_some(), "{d}");
        }
    }

    #[test]
    fn ids_read_back_and_ctl_is_the_bright_part() {
        let sky = Sky::new(1, 2_000);
        let s = sky.star(StarKey::Field { tile: 123, j: 0 }).unwrap();
        assert_eq!(tic_id(&s), TIC_FIELD_BASE + 12_300);
        let row = row_of(&s);
        assert_eq!((TIC_COLUMNS[0].val)(&row), Val::Int(tic_id(&s)));
        assert_eq!((CTL.member)(&s), s.mag < CTL_MAX_TMAG && !s.extended);
    }
}
