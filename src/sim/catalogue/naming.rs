//! How dataset and file names encode where they come from, and how to read that back.
//!
//! Every generated name carries its block number, so a download request for any
//! `dataURI` can find its product again without an index of all files.

use super::collections::Collection;
use crate::mast::dates::{mjd_from_ymd, ymd_from_mjd};

const B36: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// `n` in base 36, left-padded to `width` digits (wider when needed).
pub fn base36(mut n: u64, width: usize) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(B36[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    while digits.len() < width {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

pub fn parse_base36(s: &str) -> Option<u64> {
    u64::from_str_radix(s, 36).ok()
}

/// JWST program number of generic block `b`; 1073 is reserved for the fixed program.
pub const JWST_PROGRAM_BASE: u64 = 1200;
pub const TIC_BASE: u64 = 25_155_310;
pub const TIC_STEP: u64 = 37;
pub const KIC_BASE: u64 = 757_076;
pub const KIC_STEP: u64 = 11;
pub const EPIC_BASE: u64 = 201_000_000;
pub const EPIC_STEP: u64 = 7;
pub const IUE_BASE: u64 = 1000;
pub const PS1_CELL_BASE: u64 = 635;
pub const GALEX_ID_BASE: u64 = 6_370_000_000_000_000_000;

/// A block-relative position: (block, j) where j < 16. `None` block means the fixed program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockRef {
    Special,
    Generic(u64),
}

/// Find the block a product file name (or dataURI) belongs to, if it is one of ours.
pub fn block_of_file(collection: Collection, file: &str) -> Option<BlockRef> {
    let digits = |s: &str| -> Option<u64> {
        let d: String = s.chars().take_while(char::is_ascii_digit).collect();
        if d.is_empty() { None } else { d.parse().ok() }
    };
    match collection {
        Collection::Jwst => {
            let prog = digits(file.strip_prefix("jw")?.get(..5)?)?;
            if prog == 1073 {
                Some(BlockRef::Special)
            } else {
                prog.checked_sub(JWST_PROGRAM_BASE).map(BlockRef::Generic)
            }
        }
        Collection::Hst => {
            // Plain files start with the rootname; HLA cutouts carry it after `red=`.
            let root = match file.find("red=") {
                Some(p) => &file[p + 4..],
                None => file,
            };
            parse_base36(root.get(1..5)?).map(BlockRef::Generic)
        }
        Collection::Tess => {
            let tic = file
                .split(['-', '_'])
                .find(|t| t.len() == 16 && t.bytes().all(|c| c.is_ascii_digit()))?;
            let n = tic.parse::<u64>().ok()?.checked_sub(TIC_BASE)?;
            (n % TIC_STEP == 0).then_some(BlockRef::Generic(n / TIC_STEP / 16))
        }
        Collection::Kepler | Collection::K2 => {
            let (prefix, base, step) = if collection == Collection::Kepler {
                ("kplr", KIC_BASE, KIC_STEP)
            } else {
                ("ktwo", EPIC_BASE, EPIC_STEP)
            };
            let n = digits(file.strip_prefix(prefix)?)?.checked_sub(base)?;
            (n % step == 0).then(|| BlockRef::Generic(n / step / 16))
        }
        Collection::Galex => {
            let tile = file.split('_').nth(1)?;
            digits(tile).map(BlockRef::Generic)
        }
        Collection::Iue => {
            let n = digits(file.get(3..)?)?.checked_sub(IUE_BASE)?;
            Some(BlockRef::Generic(n / 16))
        }
        Collection::Ps1 => {
            let cell = file.strip_prefix("rings.v3.skycell.")?;
            digits(cell)?
                .checked_sub(PS1_CELL_BASE)
                .map(BlockRef::Generic)
        }
        Collection::Hlsp => {
            let p = file.find("-g")?;
            digits(&file[p + 2..]).map(BlockRef::Generic)
        }
    }
}

/// Broken-down UTC time of an MJD.
pub struct Stamp {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub doy: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

pub fn stamp(mjd: f64) -> Stamp {
    let day_number = mjd.floor() as i64;
    let (year, month, day) = ymd_from_mjd(day_number);
    let doy = (day_number - mjd_from_ymd(year, 1, 1)) as u32 + 1;
    let secs = ((mjd - mjd.floor()) * 86_400.0) as u32;
    Stamp {
        year,
        month,
        day,
        doy,
        hour: secs / 3600,
        minute: secs / 60 % 60,
        second: secs % 60,
    }
}

impl Stamp {
    /// `2022195094245`: year, day of year, hh mm ss (JWST guide star and TESS style).
    pub fn yday(&self) -> String {
        format!(
            "{:04}{:03}{:02}{:02}{:02}",
            self.year, self.doy, self.hour, self.minute, self.second
        )
    }
    /// `20220713t120155` (JWST association pools).
    pub fn pool(&self) -> String {
        format!(
            "{:04}{:02}{:02}t{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
    /// `2023-01-20T1647` (bundle names).
    pub fn bundle(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base36_round_trips() {
        for n in [0u64, 1, 35, 36, 1295, 46_655, 62_500] {
            assert_eq!(parse_base36(&base36(n, 4)), Some(n));
        }
        assert_eq!(base36(35, 2), "0z");
    }

    #[test]
    fn decodes_block_numbers() {
        assert_eq!(
            block_of_file(
                Collection::Jwst,
                "jw01073001001_gs-fg_2022195094245_cal.fits"
            ),
            Some(BlockRef::Special)
        );
        assert_eq!(
            block_of_file(
                Collection::Jwst,
                "jw01205-o001_t001_nircam_clear-f277w_i2d.fits"
            ),
            Some(BlockRef::Generic(5))
        );
        assert_eq!(
            block_of_file(Collection::Hst, "j00ya301q_flt.fits"),
            Some(BlockRef::Generic(1234))
        );
        assert_eq!(
            block_of_file(
                Collection::Hst,
                "cgi-bin/fitscut.cgi?red=j00ya3010_drz&format=fits"
            ),
            Some(BlockRef::Generic(1234))
        );
        let tic = TIC_BASE + (3 * 16 + 2) * TIC_STEP;
        let f = format!("tess2018206045859-s0001-{tic:016}-0120-s_lc.fits");
        assert_eq!(
            block_of_file(Collection::Tess, &f),
            Some(BlockRef::Generic(3))
        );
        assert_eq!(
            block_of_file(Collection::Galex, "AIS_77_sg03-nd-int.fits.gz"),
            Some(BlockRef::Generic(77))
        );
        assert_eq!(
            block_of_file(Collection::Iue, "swp01037.mxlo.gz"),
            Some(BlockRef::Generic(2))
        );
        assert_eq!(block_of_file(Collection::Jwst, "nonsense"), None);
        assert_eq!(block_of_file(Collection::Tess, "tess-x"), None);
    }

    #[test]
    fn dates() {
        let s = stamp(59_774.5); // 2022-07-14 12:00
        assert_eq!(
            (s.year, s.month, s.day, s.doy, s.hour),
            (2022, 7, 14, 195, 12)
        );
        assert_eq!(s.pool(), "20220714t120000");
        assert_eq!(s.yday(), "2022195120000");
    }
}
