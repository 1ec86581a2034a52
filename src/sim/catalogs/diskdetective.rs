//! Disk Detective: WISE sources with an infrared excess that volunteers classified, with
//! their AllWISE, APASS, Gaia and Pan-STARRS matches. MAST's quirks kept: ids declared
//! `string` sent as integers beyond 2^53 (`G_source_id`, `G_objid`), and `-999` standing
//! for "no measurement" in Pan-STARRS error columns.

use super::columns::{CatTable, Col, Ty, fx, galactic, sexagesimal, text, when};
use super::photometry::{bmag, gaia_g, hmag, jmag, kmag, vmag};
use super::sky::Star;
use crate::sim::json_out::Val;

fn member(s: &Star) -> bool {
    s.mag < 15.5 && s.bits(0xDD).is_multiple_of(40)
}

fn one(_: &Star) -> u32 {
    1
}

fn position(s: &Star, _: u32) -> (f64, f64) {
    s.jitter(0xDD0, 0.3)
}

/// `AWI0005cke`: the Zooniverse subject, readable back to the star.
fn zooniverse(s: &Star) -> String {
    let mut n = s.key.code();
    let mut digits = Vec::new();
    for _ in 0..7 {
        let d = (n % 36) as u8;
        digits.push(if d < 10 { b'0' + d } else { b'a' + d - 10 });
        n /= 36;
    }
    digits.reverse();
    format!("AWI{}", String::from_utf8_lossy(&digits))
}

fn w(s: &Star, band: u8) -> f64 {
    // The excess that got the source into Disk Detective grows to the longer bands.
    kmag(s) - 0.05 - f64::from(band) * (0.3 + 0.4 * s.unit(0xDD1))
}

fn has_apass(s: &Star) -> bool {
    s.mag < 14.5
}

fn has_gaia(s: &Star) -> bool {
    s.unit(0xDD2) < 0.9
}

fn has_ps(s: &Star) -> bool {
    s.dec > -30.0
}

/// A Pan-STARRS error: `-999` when that band saturated, as MAST sends it.
fn ps_err(s: &Star, salt: u64) -> Val<'static> {
    if !has_ps(s) {
        Val::Null
    } else if s.mag < 12.5 || s.unit(salt) < 0.2 {
        Val::Int(-999)
    } else {
        fx(0.005 + 0.02 * s.unit(salt ^ 1), 5)
    }
}

const STR: &str = "string";

pub static COLUMNS: &[Col] = &[
    Col::s("designation", |r| {
        text(format!("J{}", sexagesimal(r.ra, r.dec, 2, 1, true)))
    }),
    Col::s("ZooniverseID", |r| text(zooniverse(r.star))),
    Col::s("flags", |r| {
        Val::s(
            ["4.2, 4.4, 7.1, 7.2", "1.2, 7.1", "5.4, 8.3", ""][(r.star.bits(0xDD3) % 4) as usize],
        )
    }),
    Col::s("state", |r| {
        Val::s(if r.star.unit(0xDD4) < 0.7 {
            "complete"
        } else {
            "active"
        })
    }),
    Col::i("classifiers", |r| {
        Val::Int(10 + (r.star.bits(0xDD5) % 20) as i64)
    }),
    Col::i("good", |r| Val::Int((r.star.bits(0xDD6) % 10) as i64)),
    Col::f("goodFraction", |r| {
        fx(
            (r.star.bits(0xDD6) % 10) as f64 / (10 + r.star.bits(0xDD5) % 20) as f64,
            4,
        )
    }),
    Col::f("ra", |r| fx(r.ra, 7)),
    Col::f("dec", |r| fx(r.dec, 7)),
    Col::f("glon", |r| fx(galactic(r.ra, r.dec).0, 7)),
    Col::f("glat", |r| fx(galactic(r.ra, r.dec).1, 7)),
    Col::f("w1mpro", |r| fx(w(r.star, 1), 3)),
    Col::f("w1sigmpro", |r| fx(0.022 + 0.01 * r.star.unit(0xDD7), 3)),
    Col::f("w2mpro", |r| fx(w(r.star, 2), 3)),
    Col::f("w2sigmpro", |r| fx(0.02 + 0.01 * r.star.unit(0xDD8), 3)),
    Col::f("w3mpro", |r| fx(w(r.star, 3), 3)),
    Col::f("w3sigmpro", |r| fx(0.03 + 0.05 * r.star.unit(0xDD9), 3)),
    Col::f("w4mpro", |r| fx(w(r.star, 4), 3)),
    Col::f("w4sigmpro", |r| fx(0.05 + 0.2 * r.star.unit(0xDDA), 3)),
    Col::f("j_m_2mass", |r| fx(jmag(r.star), 3)),
    Col::f("j_msig_2mass", |r| fx(0.02 + 0.02 * r.star.unit(0xDDB), 3)),
    Col::f("h_m_2mass", |r| fx(hmag(r.star), 3)),
    Col::f("h_msig_2mass", |r| fx(0.02 + 0.03 * r.star.unit(0xDDC), 3)),
    Col::f("k_m_2mass", |r| fx(kmag(r.star), 3)),
    Col::f("k_msig_2mass", |r| fx(0.02 + 0.03 * r.star.unit(0xDDD), 3)),
    Col::f("j_h", |r| fx(jmag(r.star) - hmag(r.star), 3)),
    Col::f("h_k", |r| fx(hmag(r.star) - kmag(r.star), 3)),
    Col::f("A_Vmag", |r| when(has_apass(r.star), fx(vmag(r.star), 3))),
    Col::f("A_B_V", |r| {
        when(has_apass(r.star), fx(bmag(r.star) - vmag(r.star), 3))
    }),
    Col::f("A_Bmag", |r| when(has_apass(r.star), fx(bmag(r.star), 3))),
    Col::f("A_gMag", |r| {
        when(has_apass(r.star), fx(vmag(r.star) + 0.3, 3))
    }),
    Col::f("A_rMag", |r| {
        when(has_apass(r.star), fx(vmag(r.star) - 0.2, 3))
    }),
    Col::f("A_iMag", |r| {
        when(has_apass(r.star), fx(r.star.mag + 0.1, 3))
    }),
    Col::f("A_Verr", |r| {
        when(has_apass(r.star), fx(0.05 + 0.1 * r.star.unit(0xDE0), 3))
    }),
    Col::f("A_B_Verr", |r| {
        when(has_apass(r.star), fx(0.05 + 0.15 * r.star.unit(0xDE1), 3))
    }),
    Col::f("A_Berr", |r| {
        when(has_apass(r.star), fx(0.05 + 0.1 * r.star.unit(0xDE2), 3))
    }),
    Col::f("A_gErr", |r| {
        when(has_apass(r.star), fx(0.05 + 0.1 * r.star.unit(0xDE3), 3))
    }),
    Col::f("A_rErr", |r| {
        when(has_apass(r.star), fx(0.05 + 0.1 * r.star.unit(0xDE4), 3))
    }),
    Col::f("A_iErr", |r| {
        when(has_apass(r.star), fx(0.05 + 0.1 * r.star.unit(0xDE5), 3))
    }),
    Col::new("A_objid", STR, Ty::Int, |r| {
        when(
            has_apass(r.star),
            Val::Int(6_700_000 + r.star.key.code() as i64),
        )
    }),
    Col::f("A_dstArcSec", |r| {
        when(has_apass(r.star), fx(2.0 * r.star.unit(0xDE6), 6))
    }),
    Col::i("A_contamination", |r| {
        when(has_apass(r.star), Val::Int((r.star.bits(0xDE7) % 5) as i64))
    }),
    Col::new("G_source_id", STR, Ty::Int, |r| {
        when(
            has_gaia(r.star),
            Val::Int(super::gaia::source_id(r.star, 2)),
        )
    }),
    Col::f("G_phot_g_mean_mag", |r| {
        when(has_gaia(r.star), fx(gaia_g(r.star), 6))
    }),
    Col::f("G_parallax", |r| {
        when(
            has_gaia(r.star) && r.star.mag < 14.0,
            fx(1000.0 / r.star.dist_pc, 4),
        )
    }),
    Col::f("G_parallax_error", |r| {
        when(
            has_gaia(r.star) && r.star.mag < 14.0,
            fx(0.02 + 0.1 * r.star.unit(0xDE8), 4),
        )
    }),
    Col::f("G_pmra", |r| {
        when(
            has_gaia(r.star) && r.star.mag < 14.0,
            fx(40.0 * (r.star.unit(1) - 0.5), 3),
        )
    }),
    Col::f("G_pmra_error", |r| {
        when(
            has_gaia(r.star) && r.star.mag < 14.0,
            fx(0.05 + 0.1 * r.star.unit(0xDE9), 3),
        )
    }),
    Col::f("G_pmdec", |r| {
        when(
            has_gaia(r.star) && r.star.mag < 14.0,
            fx(40.0 * (r.star.unit(3) - 0.5), 3),
        )
    }),
    Col::f("G_pmdec_error", |r| {
        when(
            has_gaia(r.star) && r.star.mag < 14.0,
            fx(0.05 + 0.1 * r.star.unit(0xDEA), 3),
        )
    }),
    Col::new("G_objid", STR, Ty::Int, |r| {
        when(
            has_gaia(r.star),
            Val::Int(super::gaia::source_id(r.star, 2)),
        )
    }),
    Col::f("G_dstArcSec", |r| {
        when(has_gaia(r.star), fx(0.3 * r.star.unit(0xDEB), 6))
    }),
    Col::i("G_contamination", |r| {
        when(has_gaia(r.star), Val::Int((r.star.bits(0xDEC) % 4) as i64))
    }),
    Col::f("P_gMeanPSFMag", |r| {
        when(has_ps(r.star), fx(vmag(r.star) + 0.3, 4))
    }),
    Col::f("P_gMeanPSFMagErr", |r| ps_err(r.star, 0xE00)),
    Col::f("P_iMeanPSFMag", |r| {
        when(has_ps(r.star), fx(r.star.mag + 0.1, 4))
    }),
    Col::f("P_iMeanPSFMagErr", |r| ps_err(r.star, 0xE02)),
    Col::f("P_rMeanPSFMag", |r| {
        when(has_ps(r.star), fx(vmag(r.star) - 0.2, 4))
    }),
    Col::f("P_rMeanPSFMagErr", |r| ps_err(r.star, 0xE04)),
    Col::f("P_yMeanPSFMag", |r| {
        when(has_ps(r.star), fx(r.star.mag - 0.3, 4))
    }),
    Col::f("P_yMeanPSFMagErr", |r| ps_err(r.star, 0xE06)),
    Col::f("P_zMeanPSFMag", |r| {
        when(has_ps(r.star), fx(r.star.mag - 0.1, 4))
    }),
    Col::f("P_zMeanPSFMagErr", |r| ps_err(r.star, 0xE08)),
    Col::i("P_nDetections", |r| {
        when(
            has_ps(r.star),
            Val::Int(10 + (r.star.bits(0xE0A) % 80) as i64),
        )
    }),
    Col::f("P_dstArcSec", |r| {
        when(has_ps(r.star), fx(0.2 * r.star.unit(0xE0B), 6))
    }),
    Col::i("P_contamination", |r| {
        when(has_ps(r.star), Val::Int((r.star.bits(0xE0C) % 30) as i64))
    }),
    Col::s("previewURL", |r| {
        text(format!(
            "http://mastweb.stsci.edu/dd/preview/{}.png",
            zooniverse(r.star)
        ))
    }),
    Col::s("sedURL", |r| {
        text(format!(
            "http://mastweb.stsci.edu/dd/sed/{}.png",
            zooniverse(r.star)
        ))
    }),
    Col::s("ZooniverseURL", |r| {
        text(format!(
            "https://talk.diskdetective.org/#/subjects/{}",
            zooniverse(r.star)
        ))
    }),
];

pub static DISK_DETECTIVE: CatTable = CatTable {
    name: "Disk Detective",
    cols: COLUMNS,
    member,
    rows_of: one,
    position,
    margin: 0.35 / 3600.0,
};

/// Discrete Disk Detective columns as `Mast.Catalogs.All.DiskDetective` types them.
pub const DISCRETE: &[&str] = &["flags", "state"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_columns_are_all_there() {
        for name in [
            "designation",
            "A_objid",
            "G_source_id",
            "P_zMeanPSFMagErr",
            "ZooniverseURL",
        ] {
            assert!(DISK_DETECTIVE.column(name).is_some(), "{name}");
        }
        assert_eq!(COLUMNS.len(), 69);
    }
}
