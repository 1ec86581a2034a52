//! Grouping an observation's products by file stem, so the chain of one exposure
//! (`_uncal` -> `_rate` -> `_cal`, or HST `_raw` -> `_flt` -> `_drz`) reads together.
//!
//! A product file name is `<stem>_<suffix>.<extension>`: the stem names the exposure (or
//! the level-3 product), the suffix the calibration step. Sorting by (obs_id, stem, step
//! order, name) puts each exposure's files in the order the pipeline made them.
use std::cmp::Ordering;

use super::table::{Cell, Table};

/// A file name split into its stem and pipeline suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StemParts<'a> {
    pub stem: &'a str,
    /// The calibration step (`cal`, `uncal`, `drz`); empty when the name has none.
    pub suffix: &'a str,
}

/// Splits `jw01073001001_02101_00001_nrca1_uncal.fits` into
/// (`jw01073001001_02101_00001_nrca1`, `uncal`).
pub fn split(file: &str) -> StemParts<'_> {
    // Extensions start at the first '.' (`.fits.gz` is one extension).
    let base = file.split_once('.').map_or(file, |(b, _)| b);
    match base.rsplit_once('_') {
        Some((stem, suffix)) if !stem.is_empty() => StemParts { stem, suffix },
        _ => StemParts {
            stem: base,
            suffix: "",
        },
    }
}

/// The extension in lowercase without the dot (`fits`, `fits.gz`, `jpg`); empty if none.
pub fn extension(file: &str) -> String {
    file.split_once('.')
        .map_or(String::new(), |(_, e)| e.to_ascii_lowercase())
}

/// Where a suffix comes in the pipeline; unknown suffixes come after the known ones.
pub fn step_rank(suffix: &str) -> u8 {
    const ORDER: &[&str] = &[
        // Raw and level 1.
        "uncal",
        "raw",
        "d0m",
        "asn",
        "spt",
        "jit",
        "jif",
        "trl",
        "ramp",
        "rate",
        "rateints",
        "trapsfilled", // Level 2.
        "flt",
        "flc",
        "cal",
        "calints",
        "crf",
        "crfints",
        "bsub",
        "s2d",
        "x1d",
        "x1dints",
        // Level 3 and high-level.
        "drz",
        "drc",
        "i2d",
        "s3d",
        "c1d",
        "whtlt",
        "cat",
        "segm",
        "lc",
        "tp",
        "dvt",
    ];
    ORDER
        .iter()
        .position(|s| s.eq_ignore_ascii_case(suffix))
        .map_or(u8::MAX, |p| p as u8)
}

/// Case-insensitive ASCII comparison, ties broken by exact bytes (a total order).
fn cmp_ci(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// The grouped order of two products given their `obs_id` and `productFilename`.
pub fn compare(a_obs: &str, a_file: &str, b_obs: &str, b_file: &str) -> Ordering {
    let (sa, sb) = (split(a_file), split(b_file));
    cmp_ci(a_obs, b_obs)
        .then_with(|| cmp_ci(sa.stem, sb.stem))
        .then_with(|| step_rank(sa.suffix).cmp(&step_rank(sb.suffix)))
        .then_with(|| cmp_ci(a_file, b_file))
        .then_with(|| a_file.cmp(b_file))
}

/// A products table's `obs_id` and `productFilename` columns, for ordering its rows.
#[derive(Debug, Clone, Copy)]
pub struct StemColumns {
    obs: Option<usize>,
    file: Option<usize>,
}

impl StemColumns {
    pub fn of(table: &Table) -> StemColumns {
        StemColumns {
            obs: table.column_index("obs_id"),
            file: table.column_index("productFilename"),
        }
    }

    /// The `obs_id` of a row ("" when missing).
    pub fn obs_id<'t>(&self, table: &'t Table, row: usize) -> &'t str {
        text(table, row, self.obs)
    }

    /// `compare` for two rows of `table`.
    pub fn compare_rows(&self, table: &Table, a: usize, b: usize) -> Ordering {
        compare(
            text(table, a, self.obs),
            text(table, a, self.file),
            text(table, b, self.obs),
            text(table, b, self.file),
        )
    }
}

fn text(table: &Table, row: usize, col: Option<usize>) -> &str {
    match col.map_or(Cell::Null, |c| table.cell(row, c)) {
        Cell::Text(s) => s,
        _ => "",
    }
}

/// Every row id of a products table in the grouped order: observation, file stem,
/// pipeline step.
pub fn stem_order(table: &Table) -> Vec<u32> {
    let cols = StemColumns::of(table);
    let mut order: Vec<u32> = (0..table.rows() as u32).collect();
    order.sort_by(|&a, &b| cols.compare_rows(table, a as usize, b as usize));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_real_names() {
        let p = split("jw01073001001_02101_00001_nrca1_uncal.fits");
        assert_eq!(
            (p.stem, p.suffix),
            ("jw01073001001_02101_00001_nrca1", "uncal")
        );
        let p = split("u9o40504m_drz.fits");
        assert_eq!((p.stem, p.suffix), ("u9o40504m", "drz"));
        let p = split("tess2018206045859-s0001-0000000025155310-0120-s_lc.fits");
        assert_eq!(p.suffix, "lc");
        let p = split("noscore.fits.gz");
        assert_eq!((p.stem, p.suffix), ("noscore", ""));
        let p = split("_x.fits");
        assert_eq!((p.stem, p.suffix), ("_x", ""));
        assert_eq!(split("").stem, "");
        assert_eq!(extension("a_cal.FITS"), "fits");
        assert_eq!(extension("a_cal.fits.gz"), "fits.gz");
        assert_eq!(extension("README"), "");
    }

    #[test]
    fn one_exposure_reads_in_pipeline_order() {
        let obs = "jw01073001001_02101_00001_nrca1";
        let mut files = vec![
            "jw01073001001_02101_00001_nrcb1_cal.fits",
            "jw01073001001_02101_00001_nrca1_cal.fits",
            "jw01073001001_02101_00001_nrca1_uncal.fits",
            "jw01073001001_02101_00001_nrca1_rate.fits",
            "jw01073001001_02101_00001_nrcb1_uncal.fits",
            "jw01073001001_02101_00001_nrca1_zzz.fits",
        ];
        files.sort_by(|a, b| compare(obs, a, obs, b));
        assert_eq!(
            files,
            [
                "jw01073001001_02101_00001_nrca1_uncal.fits",
                "jw01073001001_02101_00001_nrca1_rate.fits",
                "jw01073001001_02101_00001_nrca1_cal.fits",
                "jw01073001001_02101_00001_nrca1_zzz.fits",
                "jw01073001001_02101_00001_nrcb1_uncal.fits",
                "jw01073001001_02101_00001_nrcb1_cal.fits",
            ]
        );
    }

    #[test]
    fn observations_come_first() {
        assert_eq!(
            compare("b", "a_cal.fits", "a", "z_uncal.fits"),
            Ordering::Greater
        );
        assert_eq!(
            compare("A", "x_cal.fits", "a", "x_cal.fits"),
            Ordering::Equal
        );
    }
}
