//! TESS as TESScut sees it: which sector, camera and CCD saw a position, and the target
//! pixel file of a cutout.
//!
//! The pointing model is TESS's own in outline: each sector, four 24-degree cameras stand
//! in a strip from ecliptic latitude 6 to the ecliptic pole, the strip turning 360/13
//! degrees in longitude from one sector to the next and the hemisphere changing every 13
//! sectors (sectors 42-46 look along the ecliptic instead). So the continuous viewing zones
//! around the ecliptic poles are seen every sector of their hemisphere's years, and low
//! ecliptic latitudes rarely.

use super::fits_write::{self, TableColumn, image_header, primary, push_data, table_header};
use super::{coord_text, noise};

/// Sectors the simulated mission has flown.
pub const SECTORS: u32 = 91;
/// TESS pixels are 21 arcseconds.
pub const PIXEL_ARCSEC: f64 = 21.0;
/// The largest cutout side TESScut makes here, in pixels.
pub const MAX_SIDE: usize = 100;
/// Cadences in each simulated target pixel file (real ones hold about 1,300 to 13,000).
pub const CADENCES: usize = 32;

const OBLIQUITY_DEG: f64 = 23.4393;
const CAMERA_HALF_DEG: f64 = 12.0;
const FIRST_LON: f64 = 316.0;
const BTJD_START: f64 = 1325.3;
const SECTOR_DAYS: f64 = 27.4;

/// One sector's view of a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub sector: u32,
    pub camera: u32,
    pub ccd: u32,
}

impl Coverage {
    /// `tess-s0001-1-3`.
    pub fn sector_name(&self) -> String {
        format!("tess-s{:04}-{}-{}", self.sector, self.camera, self.ccd)
    }
}

/// Equatorial (deg) to ecliptic (deg) coordinates.
pub fn ecliptic(ra: f64, dec: f64) -> (f64, f64) {
    let (a, d, e) = (
        ra.to_radians(),
        dec.to_radians(),
        OBLIQUITY_DEG.to_radians(),
    );
    let lat = (d.sin() * e.cos() - d.cos() * e.sin() * a.sin())
        .clamp(-1.0, 1.0)
        .asin();
    let lon = (a.sin() * e.cos() * d.cos() + d.sin() * e.sin()).atan2(a.cos() * d.cos());
    (lon.to_degrees().rem_euclid(360.0), lat.to_degrees())
}

/// Where the cameras of `sector` point: (ecliptic longitude, latitude of camera 1..4).
fn pointing(sector: u32) -> (f64, [f64; 4]) {
    let year = (sector - 1) / 13;
    let step = f64::from((sector - 1) % 13) * 360.0 / 13.0;
    let lon = (FIRST_LON + f64::from(year) * 11.0 + step).rem_euclid(360.0);
    let sign = if year.is_multiple_of(2) { -1.0 } else { 1.0 };
    let lats = if (42..=46).contains(&sector) {
        [-6.0, 18.0, 42.0, 66.0]
    } else {
        [18.0, 42.0, 66.0, 90.0].map(|b| b * sign)
    };
    (lon, lats)
}

/// Gnomonic coordinates (deg) of (lon, lat) on a camera centred at (lon0, lat0).
fn on_camera(lon: f64, lat: f64, lon0: f64, lat0: f64) -> Option<(f64, f64)> {
    let (l, b, l0, b0) = (
        lon.to_radians(),
        lat.to_radians(),
        lon0.to_radians(),
        lat0.to_radians(),
    );
    let cos_c = b0.sin() * b.sin() + b0.cos() * b.cos() * (l - l0).cos();
    if cos_c <= 0.0 {
        return None;
    }
    let x = b.cos() * (l - l0).sin() / cos_c;
    let y = (b0.cos() * b.sin() - b0.sin() * b.cos() * (l - l0).cos()) / cos_c;
    Some((x.atan().to_degrees(), y.atan().to_degrees()))
}

/// The camera and CCD of `sector` that saw (ra, dec), widened by `radius` degrees.
pub fn seen_in(sector: u32, ra: f64, dec: f64, radius: f64) -> Option<Coverage> {
    let (lon, lat) = ecliptic(ra, dec);
    let (lon0, lats) = pointing(sector);
    let half = CAMERA_HALF_DEG + radius;
    for (i, &lat0) in lats.iter().enumerate() {
        if let Some((x, y)) = on_camera(lon, lat, lon0, lat0)
            && x.abs() <= half
            && y.abs() <= half
        {
            let ccd = 1 + u32::from(x >= 0.0) + 2 * u32::from(y >= 0.0);
            return Some(Coverage {
                sector,
                camera: i as u32 + 1,
                ccd,
            });
        }
    }
    None
}

/// Every sector that saw (ra, dec) within `radius` degrees, in order.
pub fn sectors(ra: f64, dec: f64, radius: f64) -> Vec<Coverage> {
    (1..=SECTORS)
        .filter_map(|s| seen_in(s, ra, dec, radius))
        .collect()
}

/// Mid-sector time in TESS's BTJD.
pub fn mid_time(sector: u32) -> f64 {
    BTJD_START + (f64::from(sector) - 0.5) * SECTOR_DAYS
}

/// A moving target's path: a slow walk along a circle of constant ecliptic latitude, its
/// start and latitude drawn from the name, so one name always has one orbit.
pub fn moving_position(name: &str, btjd: f64) -> (f64, f64) {
    let h = crate::sim::rng::hash_str(&name.trim().to_lowercase());
    let lon0 = (h % 36_000) as f64 / 100.0;
    let lat = ((h >> 20) % 2_400) as f64 / 100.0 - 12.0;
    let lon = (lon0 + 0.25 * (btjd - BTJD_START)).rem_euclid(360.0);
    // Back from ecliptic to equatorial coordinates.
    let (l, b, e) = (
        lon.to_radians(),
        lat.to_radians(),
        OBLIQUITY_DEG.to_radians(),
    );
    let dec = (b.sin() * e.cos() + b.cos() * e.sin() * l.sin())
        .clamp(-1.0, 1.0)
        .asin();
    let ra = (l.sin() * e.cos() - b.tan() * e.sin()).atan2(l.cos());
    (ra.to_degrees().rem_euclid(360.0), dec.to_degrees())
}

/// The sectors in which a moving target was on a camera (at mid-sector).
pub fn moving_sectors(name: &str) -> Vec<(Coverage, (f64, f64))> {
    (1..=SECTORS)
        .filter_map(|s| {
            let (ra, dec) = moving_position(name, mid_time(s));
            seen_in(s, ra, dec, 0.0).map(|c| (c, (ra, dec)))
        })
        .collect()
}

/// The file name astrocut gives a cutout.
pub fn file_name(c: &Coverage, ra: f64, dec: f64, nx: usize, ny: usize) -> String {
    format!(
        "{}_{}_{}_{nx}x{ny}_astrocut.fits",
        c.sector_name(),
        coord_text(ra),
        coord_text(dec)
    )
}

/// A target pixel file: PRIMARY, a PIXELS table of `CADENCES` rows with `ny` x `nx` images
/// per cell (`TDIMn = (nx,ny)`), and an APERTURE image of the same size.
pub fn target_pixel_file(c: &Coverage, ra: f64, dec: f64, nx: usize, ny: usize) -> Vec<u8> {
    let n = nx * ny;
    let seed = crate::sim::rng::hash_str(&file_name(c, ra, dec, nx, ny));
    let mut out = Vec::new();
    let mut h = primary();
    h.text("ORIGIN", "STScI/MAST", "")
        .text("CREATOR", "astrocut (mastui simulated archive)", "")
        .text("TELESCOP", "TESS", "telescope")
        .text("INSTRUME", "TESS Photometer", "detector type")
        .int("SECTOR", i64::from(c.sector), "Observing sector")
        .int("CAMERA", i64::from(c.camera), "Camera number")
        .int("CCD", i64::from(c.ccd), "CCD chip number")
        .float("RA_OBJ", ra, "[deg] right ascension")
        .float("DEC_OBJ", dec, "[deg] declination");
    out.extend(h.finish());
    let dim = Some(format!("({nx},{ny})"));
    let columns = [
        ("TIME", "D".to_string(), None, "BJD - 2457000, days"),
        ("TIMECORR", "E".to_string(), None, "d"),
        ("CADENCENO", "J".to_string(), None, ""),
        ("RAW_CNTS", format!("{n}J"), dim.clone(), "count"),
        ("FLUX", format!("{n}E"), dim.clone(), "e-/s"),
        ("FLUX_ERR", format!("{n}E"), dim.clone(), "e-/s"),
        ("FLUX_BKG", format!("{n}E"), dim.clone(), "e-/s"),
        ("FLUX_BKG_ERR", format!("{n}E"), dim.clone(), "e-/s"),
        ("QUALITY", "J".to_string(), None, ""),
        ("POS_CORR1", "E".to_string(), None, "pixel"),
        ("POS_CORR2", "E".to_string(), None, "pixel"),
        ("FFI_FILE", "38A".to_string(), None, ""),
    ]
    .map(|(name, form, dim, unit)| TableColumn {
        name,
        form,
        dim,
        unit,
    });
    let row_bytes = 8 + 4 + 4 + n * 4 * 5 + 4 + 4 + 4 + 38;
    out.extend(table_header(&columns, CADENCES, row_bytes, "PIXELS").finish());
    let mut data = Vec::with_capacity(row_bytes * CADENCES);
    let t0 = mid_time(c.sector) - SECTOR_DAYS / 2.0;
    for k in 0..CADENCES {
        let t = t0 + k as f64 * SECTOR_DAYS / CADENCES as f64;
        data.extend(t.to_be_bytes());
        data.extend(0.0012f32.to_be_bytes());
        data.extend((k as i32 + 1).to_be_bytes());
        let flux: Vec<f32> = (0..n)
            .map(|p| {
                let (px, py) = ((p % nx) as f32, (p / nx) as f32);
                let (cx, cy) = ((nx as f32 - 1.0) / 2.0, (ny as f32 - 1.0) / 2.0);
                let r2 = (px - cx).powi(2) + (py - cy).powi(2);
                120.0 + 4000.0 * (-r2 / 2.0).exp() + 20.0 * noise(seed, (k * n + p) as u64)
            })
            .collect();
        for f in &flux {
            data.extend(((f * 1.8) as i32).to_be_bytes());
        }
        for f in &flux {
            data.extend(f.to_be_bytes());
        }
        for f in &flux {
            data.extend(f.sqrt().to_be_bytes());
        }
        for _ in 0..n {
            data.extend(120.0f32.to_be_bytes());
        }
        for _ in 0..n {
            data.extend(3.0f32.to_be_bytes());
        }
        data.extend(0i32.to_be_bytes());
        data.extend(0.0f32.to_be_bytes());
        data.extend(0.0f32.to_be_bytes());
        let ffi = format!(
            "tess{:013}-s{:04}-{}-{}-ffic.fits",
            k, c.sector, c.camera, c.ccd
        );
        let mut ffi = ffi.into_bytes();
        ffi.resize(38, b' ');
        data.extend(ffi);
    }
    push_data(&mut out, &data);
    let mut h = image_header(nx, ny, 32, "APERTURE");
    fits_write::wcs(&mut h, nx, ny, ra, dec, PIXEL_ARCSEC / 3600.0);
    out.extend(h.finish());
    let mut aperture = Vec::with_capacity(n * 4);
    for _ in 0..n {
        aperture.extend(1i32.to_be_bytes());
    }
    push_data(&mut out, &aperture);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_southern_viewing_zone_is_seen_every_southern_sector() {
        let s = sectors(107.0, -70.0, 0.0);
        let south: Vec<u32> = (1..=SECTORS)
            .filter(|s| ((s - 1) / 13) % 2 == 0 && !(42..=46).contains(s))
            .collect();
        let got: Vec<u32> = s.iter().map(|c| c.sector).collect();
        for want in &south {
            assert!(got.contains(want), "sector {want} missing: {got:?}");
        }
        assert!(s.iter().all(|c| c.camera == 4), "{s:?}");
        assert!(got.len() >= 50, "{}", got.len());
        // The ecliptic plane far from the poles: a handful at most.
        let ecl = sectors(180.0, 0.0, 0.0);
        assert!(ecl.len() < 8, "{ecl:?}");
    }

    #[test]
    fn ecliptic_coordinates_of_known_points() {
        let (_, lat) = ecliptic(90.0, -66.5607);
        assert!((lat + 90.0).abs() < 0.01, "{lat}");
        let (lon, lat) = ecliptic(0.0, 0.0);
        assert!(lon.abs() < 1e-9 && lat.abs() < 1e-9);
        let (ra, dec) = moving_position("Ceres", 2000.0);
        let (_, b) = ecliptic(ra, dec);
        assert!(b.abs() <= 12.0 + 1e-6, "{b}");
    }

    #[test]
    fn target_pixel_files_are_whole_fits_blocks() {
        let c = Coverage {
            sector: 1,
            camera: 4,
            ccd: 3,
        };
        let f = target_pixel_file(&c, 107.27, -70.0, 5, 3);
        assert_eq!(f.len() % 2880, 0);
        assert_eq!(
            file_name(&c, 107.27, -70.0, 5, 3),
            "tess-s0001-4-3_107.27_-70.0_5x3_astrocut.fits"
        );
    }
}
