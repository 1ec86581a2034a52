//! Zcut's deep fields: the surveys covering a position, and a cutout of one survey's
//! images (PRIMARY with `RA_OBJ`/`DEC_OBJ`, then one `CUTOUT` image per filter).

use super::fits_write::{image_header, primary, push_data, wcs};
use super::{coord_text, noise};

/// The largest cutout side Zcut makes here, in pixels.
pub const MAX_SIDE: usize = 1000;

/// One survey mosaic: its name, where it lies, how far it reaches, its pixels, its filters
/// and the HLSP file it cuts from.
pub struct Survey {
    pub name: &'static str,
    pub ra: f64,
    pub dec: f64,
    pub radius_deg: f64,
    pub pixel_arcsec: f64,
    pub filters: &'static [&'static str],
    pub hlsp: &'static str,
}

pub static SURVEYS: &[Survey] = &[
    Survey {
        name: "candels_gn_60mas",
        ra: 189.228,
        dec: 62.238,
        radius_deg: 0.14,
        pixel_arcsec: 0.06,
        filters: &["f105w", "f125w", "f160w"],
        hlsp: "hlsp_candels_hst_wfc3_gn-tot-60mas",
    },
    Survey {
        name: "candels_gn_30mas",
        ra: 189.228,
        dec: 62.238,
        radius_deg: 0.14,
        pixel_arcsec: 0.03,
        filters: &["f606w", "f814w", "f850lp"],
        hlsp: "hlsp_candels_hst_acs_gn-tot-30mas",
    },
    Survey {
        name: "goods_north",
        ra: 189.228,
        dec: 62.238,
        radius_deg: 0.16,
        pixel_arcsec: 0.03,
        filters: &["f435w", "f606w", "f775w", "f850lp"],
        hlsp: "hlsp_goods_hst_acs_gn",
    },
    Survey {
        name: "candels_gs_60mas",
        ra: 53.122,
        dec: -27.805,
        radius_deg: 0.14,
        pixel_arcsec: 0.06,
        filters: &["f105w", "f125w", "f160w"],
        hlsp: "hlsp_candels_hst_wfc3_gs-tot-60mas",
    },
    Survey {
        name: "candels_gs_30mas",
        ra: 53.122,
        dec: -27.805,
        radius_deg: 0.14,
        pixel_arcsec: 0.03,
        filters: &["f606w", "f814w", "f850lp"],
        hlsp: "hlsp_candels_hst_acs_gs-tot-30mas",
    },
    Survey {
        name: "goods_south",
        ra: 53.122,
        dec: -27.805,
        radius_deg: 0.16,
        pixel_arcsec: 0.03,
        filters: &["f435w", "f606w", "f775w", "f850lp"],
        hlsp: "hlsp_goods_hst_acs_gs",
    },
    Survey {
        name: "3dhst_cosmos",
        ra: 150.116,
        dec: 2.201,
        radius_deg: 0.2,
        pixel_arcsec: 0.06,
        filters: &["f140w", "f160w"],
        hlsp: "hlsp_3d-hst_hst_wfc3_cosmos",
    },
];

/// The surveys whose footprint holds (ra, dec), widened by `radius` degrees.
pub fn surveys_at(ra: f64, dec: f64, radius: f64) -> Vec<&'static Survey> {
    SURVEYS
        .iter()
        .filter(|s| crate::sim::filters::separation(ra, dec, s.ra, s.dec) <= s.radius_deg + radius)
        .collect()
}

pub fn find(name: &str) -> Option<&'static Survey> {
    SURVEYS
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
}

/// `candels_gn_30mas_189.49206_62.20615_100.0pix-x-100.0pix_astrocut.fits`.
pub fn file_name(s: &Survey, ra: f64, dec: f64, nx: usize, ny: usize) -> String {
    format!(
        "{}_{}_{}_{nx}.0pix-x-{ny}.0pix_astrocut.fits",
        s.name,
        coord_text(ra),
        coord_text(dec)
    )
}

/// An `nx` x `ny` image of 32-bit floats: sky, noise and a few sources, set by `seed`.
pub fn image_data(seed: u64, nx: usize, ny: usize) -> Vec<u8> {
    let mut data = Vec::with_capacity(nx * ny * 4);
    let sources: Vec<(f32, f32, f32)> = (0..4u64)
        .map(|k| {
            (
                noise(seed, 1_000_000 + k) * nx as f32,
                noise(seed, 2_000_000 + k) * ny as f32,
                50.0 * noise(seed, 3_000_000 + k) + 5.0,
            )
        })
        .collect();
    for y in 0..ny {
        for x in 0..nx {
            let mut v = 0.01 * noise(seed, (y * nx + x) as u64);
            for (sx, sy, f) in &sources {
                let r2 = (x as f32 - sx).powi(2) + (y as f32 - sy).powi(2);
                v += f * (-r2 / 8.0).exp();
            }
            data.extend(v.to_be_bytes());
        }
    }
    data
}

/// PRIMARY, then a `CUTOUT` image per filter of the survey.
pub fn cutout_file(s: &Survey, ra: f64, dec: f64, nx: usize, ny: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut h = primary();
    h.text("ORIGIN", "STScI/MAST", "")
        .text("CREATOR", "astrocut (mastui simulated archive)", "")
        .float("RA_OBJ", ra, "[deg] right ascension")
        .float("DEC_OBJ", dec, "[deg] declination");
    out.extend(h.finish());
    for f in s.filters {
        let mut h = image_header(nx, ny, -32, "CUTOUT");
        h.text("ORIG_FN", &format!("{}_{f}_v1.0_drz.fits", s.hlsp), "")
            .text("FILTER", &f.to_uppercase(), "");
        wcs(&mut h, nx, ny, ra, dec, s.pixel_arcsec / 3600.0);
        out.extend(h.finish());
        let seed = crate::sim::rng::hash_str(&format!("{}{f}{ra}{dec}", s.name));
        push_data(&mut out, &image_data(seed, nx, ny));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goods_north_lists_its_three_surveys() {
        let names: Vec<&str> = surveys_at(189.49206, 62.20615, 0.0)
            .iter()
            .map(|s| s.name)
            .collect();
        assert_eq!(
            names,
            ["candels_gn_60mas", "candels_gn_30mas", "goods_north"]
        );
        assert!(surveys_at(10.0, 10.0, 0.0).is_empty());
        let f = cutout_file(find("goods_north").unwrap(), 189.5, 62.2, 7, 4);
        assert_eq!(f.len() % 2880, 0);
    }
}
