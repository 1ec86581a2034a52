//! Gaia DR3 and DR2 as `Mast.Catalogs.GaiaDR3.Cone` and `...GaiaDR2.Cone` answer: the
//! stars brighter than G = 20.7, measured within 0.05" of their TIC position, with
//! `source_id`s beyond 2^53 sent as JSON integers and a `distance` (arcmin) from the centre.

use super::columns::{CatTable, Col, Ty, ecliptic, fx, galactic, text, when};
use super::photometry::{gaia_g, teff};
use super::sky::Star;
use crate::sim::json_out::Val;

const G_LIMIT: f64 = 20.7;

/// The source id of a star in data release `dr` (2 or 3): the same high bits (a sky cell)
/// and a running number, as Gaia's are, always above 2^53.
pub fn source_id(s: &Star, dr: u8) -> i64 {
    let cell = (s.key.code() / 100) as i64 + 300_000;
    (cell << 35) | ((s.key.code() % 100) as i64 * 8 + i64::from(dr))
}

fn member(s: &Star) -> bool {
    gaia_g(s) < G_LIMIT
}

fn position(s: &Star, _: u32) -> (f64, f64) {
    s.jitter(0x6A1A, 0.05)
}

fn one(_: &Star) -> u32 {
    1
}

fn err(s: &Star, salt: u64, base: f64) -> f64 {
    base * (1.0 + s.unit(salt)) * 10f64.powf(0.2 * (gaia_g(s) - 15.0).max(-3.0))
}

fn bright(s: &Star) -> bool {
    gaia_g(s) < 19.0
}

fn bp(s: &Star) -> f64 {
    gaia_g(s) + 0.35 * s.color
}

fn rp(s: &Star) -> f64 {
    gaia_g(s) - 0.65 * s.color
}

const LONG: &str = "long";

pub static DR3_COLUMNS: &[Col] = &[
    Col::new("solution_id", LONG, Ty::Int, |_| Val::Int(4_295_806_720)),
    Col::s("designation", |r| {
        text(format!("Gaia DR3 {}", source_id(r.star, 3)))
    }),
    Col::new("source_id", LONG, Ty::Int, |r| {
        Val::Int(source_id(r.star, 3))
    }),
    Col::new("random_index", LONG, Ty::Int, |r| {
        Val::Int((r.star.bits(40) % 1_800_000_000) as i64)
    }),
    Col::f("ref_epoch", |_| Val::Float(2016.0)),
    Col::f("ra", |r| fx(r.ra, 9)),
    Col::f("ra_error", |r| fx(err(r.star, 41, 0.02), 4)),
    Col::f("dec", |r| fx(r.dec, 9)),
    Col::f("dec_error", |r| fx(err(r.star, 42, 0.02), 4)),
    Col::f("parallax", |r| {
        when(bright(r.star), fx(1000.0 / r.star.dist_pc, 4))
    }),
    Col::f("parallax_error", |r| {
        when(bright(r.star), fx(err(r.star, 43, 0.03), 4))
    }),
    Col::f("parallax_over_error", |r| {
        when(
            bright(r.star),
            fx(1000.0 / r.star.dist_pc / err(r.star, 43, 0.03), 3),
        )
    }),
    Col::f("pm", |r| {
        when(
            bright(r.star),
            fx(30.0 * r.star.unit(44) * 100.0 / r.star.dist_pc.sqrt(), 3),
        )
    }),
    Col::f("pmra", |r| {
        when(
            bright(r.star),
            fx(
                40.0 * (r.star.unit(1) - 0.5) * 100.0 / r.star.dist_pc.sqrt(),
                3,
            ),
        )
    }),
    Col::f("pmra_error", |r| {
        when(bright(r.star), fx(err(r.star, 45, 0.03), 4))
    }),
    Col::f("pmdec", |r| {
        when(
            bright(r.star),
            fx(
                40.0 * (r.star.unit(3) - 0.5) * 100.0 / r.star.dist_pc.sqrt(),
                3,
            ),
        )
    }),
    Col::f("pmdec_error", |r| {
        when(bright(r.star), fx(err(r.star, 46, 0.03), 4))
    }),
    Col::f("ruwe", |r| {
        when(bright(r.star), fx(0.9 + 0.5 * r.star.unit(47).powi(4), 3))
    }),
    Col::i("astrometric_n_good_obs_al", |r| {
        Val::Int(150 + (r.star.bits(48) % 400) as i64)
    }),
    Col::i("visibility_periods_used", |r| {
        Val::Int(8 + (r.star.bits(49) % 20) as i64)
    }),
    Col::i("phot_g_n_obs", |r| {
        Val::Int(200 + (r.star.bits(50) % 500) as i64)
    }),
    Col::f("phot_g_mean_flux", |r| {
        fx(10f64.powf(-0.4 * (gaia_g(r.star) - 25.69)), 3)
    }),
    Col::f("phot_g_mean_flux_error", |r| {
        fx(10f64.powf(-0.4 * (gaia_g(r.star) - 25.69)) * 0.002, 4)
    }),
    Col::f("phot_g_mean_mag", |r| fx(gaia_g(r.star), 6)),
    Col::f("phot_bp_mean_mag", |r| {
        when(bright(r.star), fx(bp(r.star), 6))
    }),
    Col::f("phot_rp_mean_mag", |r| {
        when(bright(r.star), fx(rp(r.star), 6))
    }),
    Col::f("bp_rp", |r| {
        when(bright(r.star), fx(bp(r.star) - rp(r.star), 6))
    }),
    Col::f("radial_velocity", |r| {
        when(
            gaia_g(r.star) < 14.0,
            fx(120.0 * (r.star.unit(51) - 0.5), 2),
        )
    }),
    Col::f("radial_velocity_error", |r| {
        when(gaia_g(r.star) < 14.0, fx(0.5 + 3.0 * r.star.unit(52), 2))
    }),
    Col::s("phot_variable_flag", |r| {
        Val::s(if r.star.unit(53) < 0.05 {
            "VARIABLE"
        } else {
            "NOT_AVAILABLE"
        })
    }),
    Col::f("l", |r| fx(galactic(r.ra, r.dec).0, 9)),
    Col::f("b", |r| fx(galactic(r.ra, r.dec).1, 9)),
    Col::f("ecl_lon", |r| fx(ecliptic(r.ra, r.dec).0, 9)),
    Col::f("ecl_lat", |r| fx(ecliptic(r.ra, r.dec).1, 9)),
    Col::f("teff_gspphot", |r| {
        when(
            bright(r.star),
            fx(teff(r.star) + 80.0 * (r.star.unit(54) - 0.5), 1),
        )
    }),
    Col::f("logg_gspphot", |r| {
        when(bright(r.star), fx(4.3 + 0.3 * r.star.unit(55), 4))
    }),
    Col::f("distance_gspphot", |r| {
        when(
            bright(r.star),
            fx(r.star.dist_pc * (0.95 + 0.1 * r.star.unit(56)), 2),
        )
    }),
];

pub static DR2_COLUMNS: &[Col] = &[
    Col::new("solution_id", LONG, Ty::Int, |_| {
        Val::Int(1_635_721_458_409_799_680)
    }),
    Col::s("designation", |r| {
        text(format!("Gaia DR2 {}", source_id(r.star, 2)))
    }),
    Col::new("source_id", LONG, Ty::Int, |r| {
        Val::Int(source_id(r.star, 2))
    }),
    Col::new("random_index", LONG, Ty::Int, |r| {
        Val::Int((r.star.bits(60) % 1_600_000_000) as i64)
    }),
    Col::f("ref_epoch", |_| Val::Float(2015.5)),
    Col::f("ra", |r| fx(r.ra, 9)),
    Col::f("ra_error", |r| fx(err(r.star, 61, 0.03), 4)),
    Col::f("dec", |r| fx(r.dec, 9)),
    Col::f("dec_error", |r| fx(err(r.star, 62, 0.03), 4)),
    Col::f("parallax", |r| {
        when(bright(r.star), fx(1000.0 / r.star.dist_pc, 4))
    }),
    Col::f("parallax_error", |r| {
        when(bright(r.star), fx(err(r.star, 63, 0.05), 4))
    }),
    Col::f("pmra", |r| {
        when(
            bright(r.star),
            fx(
                40.0 * (r.star.unit(1) - 0.5) * 100.0 / r.star.dist_pc.sqrt(),
                3,
            ),
        )
    }),
    Col::f("pmra_error", |r| {
        when(bright(r.star), fx(err(r.star, 64, 0.05), 4))
    }),
    Col::f("pmdec", |r| {
        when(
            bright(r.star),
            fx(
                40.0 * (r.star.unit(3) - 0.5) * 100.0 / r.star.dist_pc.sqrt(),
                3,
            ),
        )
    }),
    Col::f("pmdec_error", |r| {
        when(bright(r.star), fx(err(r.star, 65, 0.05), 4))
    }),
    Col::i("astrometric_n_good_obs_al", |r| {
        Val::Int(100 + (r.star.bits(66) % 300) as i64)
    }),
    Col::i("visibility_periods_used", |r| {
        Val::Int(6 + (r.star.bits(67) % 16) as i64)
    }),
    Col::f("phot_g_mean_mag", |r| fx(gaia_g(r.star) + 0.01, 6)),
    Col::f("phot_bp_mean_mag", |r| {
        when(bright(r.star), fx(bp(r.star) + 0.01, 6))
    }),
    Col::f("phot_rp_mean_mag", |r| {
        when(bright(r.star), fx(rp(r.star) + 0.01, 6))
    }),
    Col::f("bp_rp", |r| {
        when(bright(r.star), fx(bp(r.star) - rp(r.star), 6))
    }),
    Col::f("radial_velocity", |r| {
        when(
            gaia_g(r.star) < 13.0,
            fx(120.0 * (r.star.unit(51) - 0.5), 2),
        )
    }),
    Col::s("phot_variable_flag", |_| Val::s("NOT_AVAILABLE")),
    Col::f("l", |r| fx(galactic(r.ra, r.dec).0, 9)),
    Col::f("b", |r| fx(galactic(r.ra, r.dec).1, 9)),
    Col::f("teff_val", |r| {
        when(
            bright(r.star),
            fx(teff(r.star) + 100.0 * (r.star.unit(68) - 0.5), 1),
        )
    }),
    Col::f("radius_val", |r| {
        when(
            bright(r.star) && r.star.unit(69) < 0.6,
            fx((teff(r.star) / 5772.0).powf(0.9), 4),
        )
    }),
];

pub static DR3: CatTable = CatTable {
    name: "Gaia DR3",
    cols: DR3_COLUMNS,
    member,
    rows_of: one,
    position,
    margin: 0.06 / 3600.0,
};

pub static DR2: CatTable = CatTable {
    name: "Gaia DR2",
    cols: DR2_COLUMNS,
    member,
    rows_of: one,
    position,
    margin: 0.06 / 3600.0,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalogs::sky::{Sky, StarKey};

    #[test]
    fn source_ids_exceed_two_to_the_53_and_differ_by_release() {
        let sky = Sky::new(1, 2_000);
        let s = sky.star(StarKey::Cluster { k: 0, j: 0 }).unwrap();
        assert!(source_id(&s, 3) > 1i64 << 53);
        assert_ne!(source_id(&s, 3), source_id(&s, 2));
        let f = sky.star(StarKey::Field { tile: 41_000, j: 0 }).unwrap();
        assert!(source_id(&f, 3) > source_id(&s, 3));
    }
}
