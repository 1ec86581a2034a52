//! JWST product lists: exposures per detector, guide-star files that outnumber them,
//! level-3 products, and files shared between observations (pools, combined mosaics).

use super::collections::{NIRCAM_LW, NIRCAM_SW};
use super::naming::{BlockRef, stamp};
use super::observations::{Observation, special_group};
use super::product::{Product, Spec, make, spec};
use crate::sim::rng::hash2;

const KB: u64 = 1024;
const MB: u64 = 1024 * 1024;
const DOC: &str =
    "https://jwst-pipeline.readthedocs.io/en/latest/jwst/data_products/science_products.html";
const CAL_VER: &str = "1.14.0";
/// The day (MJD, a week after the simulated today) program 1073 is reprocessed: from then
/// on its observations also list each exposure's outlier-flagged `_crf.fits`, as MAST's
/// listings grow when a newer pipeline build reprocesses a program. Files are only added:
/// a saved search run before and after it sees new files on observations it already knew.
pub const REPROCESSED_MJD: f64 = super::NOW_MJD + 7.0;

struct Out<'a, 'b> {
    v: Vec<Product>,
    obs: &'a Observation<'b>,
}

impl Out<'_, '_> {
    /// Add a file owned by `owner` with dataset name `obs_id` and calibration level `level`.
    fn add(&mut self, owner: &Observation<'_>, obs_id: &str, level: i64, s: Spec) {
        let mut p = make(owner, obs_id, s);
        p.calib_level = level;
        p.prvversion = Some(CAL_VER);
        if p.product_type == "SCIENCE" {
            p.doc_url = Some(DOC);
        }
        self.v.push(p);
    }

    fn own(&mut self, obs_id: &str, level: i64, s: Spec) {
        let obs = self.obs;
        self.add(obs, obs_id, level, s);
    }
}

/// Exposure-level files of one detector exposure `base` (`jw01073001001_02101_00001_nrca1`).
fn exposure(out: &mut Out<'_, '_>, base: &str, dp: &str, mrp_cal: bool) {
    let ts = dp == "timeseries";
    out.own(
        base,
        1,
        spec(
            format!("{base}_uncal.fits"),
            "UNCAL",
            "SCIENCE",
            false,
            "exposure (L1b): uncalibrated",
            (6 * MB, 24 * MB),
        ),
    );
    let (rate, cal) = if ts {
        ("rateints", "calints")
    } else {
        ("rate", "cal")
    };
    let (rs, cs) = if ts {
        ("RATEINTS", "CALINTS")
    } else {
        ("RATE", "CAL")
    };
    out.own(
        base,
        2,
        spec(
            format!("{base}_{rate}.fits"),
            rs,
            "SCIENCE",
            false,
            "exposure (L2a): countrate",
            (3 * MB, 12 * MB),
        ),
    );
    out.own(
        base,
        2,
        spec(
            format!("{base}_{cal}.fits"),
            cs,
            "SCIENCE",
            mrp_cal,
            "exposure (L2b): calibrated",
            (6 * MB, 24 * MB),
        ),
    );
    match dp {
        "image" => {
            out.own(
                base,
                2,
                spec(
                    format!("{base}_cal.jpg"),
                    "CAL",
                    "PREVIEW",
                    false,
                    "preview: full-size",
                    (40 * KB, 250 * KB),
                ),
            );
            out.own(
                base,
                2,
                spec(
                    format!("{base}_cal_thumb.jpg"),
                    "CAL",
                    "PREVIEW",
                    false,
                    "preview: thumbnail",
                    (3 * KB, 9 * KB),
                ),
            );
        }
        "spectrum" => out.own(
            base,
            2,
            spec(
                format!("{base}_x1d.fits"),
                "X1D",
                "SCIENCE",
                false,
                "exposure (L2b): 1D extracted spectrum",
                (100 * KB, 900 * KB),
            ),
        ),
        _ => {}
    }
}

/// Guide-star files of a visit (`prefix` = `jw01073001001`), owned by `owner`; `fg` fine-guide stamps.
fn guide_stars(out: &mut Out<'_, '_>, owner: &Observation<'_>, prefix: &str, t: f64, fg: u64) {
    let desc = "guide star data";
    let file = |out: &mut Out<'_, '_>, name: String, sub: &'static str, lo: u64, hi: u64| {
        let dataset = name
            .trim_end_matches(".fits")
            .trim_end_matches("_cal")
            .trim_end_matches("_uncal")
            .to_string();
        let level = if name.ends_with("_cal.fits") { 2 } else { 1 };
        out.add(
            owner,
            &dataset,
            level,
            spec(name, sub, "AUXILIARY", false, desc, (lo, hi)),
        );
    };
    for attempt in 1..=2 {
        file(
            out,
            format!("{prefix}_gs-id_{attempt}_image_uncal.fits"),
            "GS-ID",
            60 * KB,
            400 * KB,
        );
        file(
            out,
            format!("{prefix}_gs-id_{attempt}_image_cal.fits"),
            "GS-ID",
            60 * KB,
            400 * KB,
        );
    }
    for (k, kind, sub) in [
        (0.01, "acq1", "GS-ACQ1"),
        (0.012, "acq2", "GS-ACQ2"),
        (0.014, "track", "GS-TRACK"),
    ] {
        let st = stamp(t + k).yday();
        file(
            out,
            format!("{prefix}_gs-{kind}_{st}_uncal.fits"),
            sub,
            30 * KB,
            1200 * KB,
        );
        file(
            out,
            format!("{prefix}_gs-{kind}_{st}_cal.fits"),
            sub,
            30 * KB,
            1200 * KB,
        );
    }
    for n in 0..fg {
        let st = stamp(t + 0.02 + n as f64 * 0.0021).yday();
        file(
            out,
            format!("{prefix}_gs-fg_{st}_uncal.fits"),
            "GS-FG",
            200 * KB,
            2 * MB,
        );
        file(
            out,
            format!("{prefix}_gs-fg_{st}_cal.fits"),
            "GS-FG",
            200 * KB,
            2 * MB,
        );
    }
}

/// Level-3 products of `obs` named after `stem`, owned by `owner`.
fn level3(out: &mut Out<'_, '_>, owner: &Observation<'_>, stem: &str, dp: &str, mrp: bool) {
    let add = |out: &mut Out<'_, '_>, suffix: &str, sub, ty, m, desc, size| {
        out.add(
            owner,
            stem,
            3,
            spec(format!("{stem}_{suffix}"), sub, ty, m, desc, size),
        );
    };
    match dp {
        "image" => {
            add(
                out,
                "i2d.fits",
                "I2D",
                "SCIENCE",
                mrp,
                "combined (L3): drizzled mosaic",
                (20 * MB, 60 * MB),
            );
            add(
                out,
                "segm.fits",
                "SEGM",
                "SCIENCE",
                false,
                "combined (L3): segmentation map",
                (4 * MB, 12 * MB),
            );
            add(
                out,
                "cat.ecsv",
                "CAT",
                "SCIENCE",
                mrp,
                "combined (L3): source catalog",
                (100 * KB, 2 * MB),
            );
            add(
                out,
                "i2d.jpg",
                "I2D",
                "PREVIEW",
                false,
                "preview: full-size",
                (100 * KB, 600 * KB),
            );
            add(
                out,
                "i2d_thumb.jpg",
                "I2D",
                "PREVIEW",
                false,
                "preview: thumbnail",
                (4 * KB, 12 * KB),
            );
        }
        "cube" => {
            add(
                out,
                "s3d.fits",
                "S3D",
                "SCIENCE",
                mrp,
                "combined (L3): IFU cube",
                (20 * MB, 80 * MB),
            );
            add(
                out,
                "x1d.fits",
                "X1D",
                "SCIENCE",
                mrp,
                "combined (L3): 1D extracted spectrum",
                (100 * KB, 900 * KB),
            );
        }
        "timeseries" => {
            add(
                out,
                "x1dints.fits",
                "X1DINTS",
                "SCIENCE",
                mrp,
                "combined (L3): 1D spectra per integration",
                (5 * MB, 30 * MB),
            );
            add(
                out,
                "whtlt.ecsv",
                "WHTLT",
                "SCIENCE",
                false,
                "combined (L3): white-light curve",
                (20 * KB, 200 * KB),
            );
        }
        _ => {
            add(
                out,
                "x1d.fits",
                "X1D",
                "SCIENCE",
                mrp,
                "combined (L3): 1D extracted spectrum",
                (100 * KB, 900 * KB),
            );
            add(
                out,
                "s2d.fits",
                "S2D",
                "SCIENCE",
                false,
                "combined (L3): 2D resampled spectrum",
                (2 * MB, 9 * MB),
            );
        }
    }
}

fn asn(out: &mut Out<'_, '_>, owner: &Observation<'_>, dataset: &str, name: String) {
    out.add(
        owner,
        dataset,
        3,
        spec(
            name,
            "ASN",
            "INFO",
            false,
            "association table",
            (3 * KB, 9 * KB),
        ),
    );
}

/// All product rows listed under a JWST observation.
pub fn products(seed: u64, obs: &Observation<'_>) -> Vec<Product> {
    let mut out = Out {
        v: Vec::with_capacity(256),
        obs,
    };
    if obs.block.r == BlockRef::Special {
        special(seed, &mut out);
    } else {
        generic(seed, &mut out);
    }
    for p in &mut out.v {
        if p.mrp && p.product_type != "SCIENCE" {
            p.mrp = false;
        }
    }
    out.v
}

fn generic(seed: u64, out: &mut Out<'_, '_>) {
    let obs = out.obs;
    let blk = obs.block;
    let inst = blk.instrument;
    let dp = inst.dataproduct_type;
    let prog = blk.program;
    let h = hash2(seed, obs.index);
    let exposures = 2 + h % 4;
    let dets = obs.jwst_detectors();
    let prefix = format!("jw{prog:05}{:03}001", obs.visit);
    for e in 1..=exposures {
        for det in dets {
            exposure(
                out,
                &format!("{prefix}_02101_{e:05}_{det}"),
                dp,
                !obs.level3,
            );
        }
    }
    guide_stars(out, obs, &prefix, obs.t_min, exposures * (3 + (h >> 8) % 5));
    let pool = stamp(blk.t0).pool();
    if obs.level3 {
        let id = obs.obs_id();
        level3(out, obs, &id, dp, true);
        let kind = if dp == "image" {
            "image3"
        } else if dp == "timeseries" {
            "tso3"
        } else {
            "spec3"
        };
        asn(
            out,
            obs,
            &id,
            format!("jw{prog:05}-o{:03}_{pool}_{kind}_00001_asn.json", obs.visit),
        );
        // Pairs of imaging observations share a combined mosaic, listed under both.
        let owner_j = obs.j & !1;
        if dp == "image" && owner_j + 1 < blk.len {
            let owner = blk.observation(seed, owner_j);
            if owner.level3 {
                let stem = format!(
                    "jw{prog:05}-c{:04}_t001_{}_{}",
                    1000 + owner_j / 2,
                    inst.slug,
                    owner.filter.slug
                );
                out.add(
                    &owner,
                    &stem,
                    3,
                    spec(
                        format!("{stem}_i2d.fits"),
                        "I2D",
                        "SCIENCE",
                        true,
                        "combined (L3): drizzled mosaic",
                        (20 * MB, 60 * MB),
                    ),
                );
                asn(
                    out,
                    &owner,
                    &stem,
                    format!(
                        "jw{prog:05}-c{:04}_{pool}_image3_00001_asn.json",
                        1000 + owner_j / 2
                    ),
                );
            }
        }
    }
    // One association pool per program, listed under every observation.
    let first = blk.observation(seed, 0);
    let pool_name = format!("jw{prog:05}_{pool}_pool.csv");
    out.add(
        &first,
        &format!("jw{prog:05}"),
        3,
        spec(
            pool_name,
            "POOL",
            "INFO",
            false,
            "association pool",
            (10 * KB, 90 * KB),
        ),
    );
}

fn special(seed: u64, out: &mut Out<'_, '_>) {
    let obs = out.obs;
    let blk = obs.block;
    let k = obs.j;
    let v = obs.visit;
    let fi = k % 3;
    let dets: &[&str] = if fi == 0 { NIRCAM_SW } else { NIRCAM_LW };
    let prefix = format!("jw01073{v:03}001");
    let pool = stamp(blk.t0).pool();
    let id = obs.obs_id();
    let reprocessed = blk.today >= REPROCESSED_MJD;
    for e in 1..=4u64 {
        for det in dets {
            let base = format!("{prefix}_{}_{e:05}_{det}", special_group(k));
            exposure(out, &base, "image", false);
            if reprocessed {
                out.own(
                    &base,
                    2,
                    spec(
                        format!("{base}_crf.fits"),
                        "CRF",
                        "SCIENCE",
                        false,
                        "exposure (L2c): outlier-flagged, from a reprocessing",
                        (6 * MB, 24 * MB),
                    ),
                );
            }
        }
        asn(
            out,
            obs,
            &id,
            format!("jw01073-o{v:03}_{pool}_image2_{:05}_asn.json", fi * 4 + e),
        );
    }
    // Guide stars belong to the visit: the three filters of a visit list the same files.
    let visit_owner = blk.observation(seed, (v - 1) * 3);
    guide_stars(out, &visit_owner, &prefix, visit_owner.t_min, 80);
    level3(out, obs, &id, "image", true);
    asn(
        out,
        obs,
        &id,
        format!("jw01073-o{v:03}_{pool}_image3_{:05}_asn.json", fi + 1),
    );
    // The all-visit mosaic of this filter, shared by the five observations through it.
    let mosaic_owner = blk.observation(seed, fi);
    let stem = format!("jw01073-c1000_t001_nircam_{}", obs.filter.slug);
    level3(out, &mosaic_owner, &stem, "image", true);
    asn(
        out,
        &mosaic_owner,
        &stem,
        format!("jw01073-c1000_{pool}_image3_{:05}_asn.json", fi + 10),
    );
    let first = blk.observation(seed, 0);
    out.add(
        &first,
        "jw01073",
        3,
        spec(
            format!("jw01073_{pool}_pool.csv"),
            "POOL",
            "INFO",
            false,
            "association pool",
            (10 * KB, 90 * KB),
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalogue::Block;
    use std::collections::HashMap;

    #[test]
    fn the_reprocessing_only_adds_files_to_program_1073() {
        let before = Block::special(20_000);
        let mut after = Block::special(20_000);
        after.today = REPROCESSED_MJD;
        for j in [0, 7, 14] {
            let was: Vec<String> = products(1, &before.observation(1, j))
                .into_iter()
                .map(|p| p.uri)
                .collect();
            let is: Vec<String> = products(1, &after.observation(1, j))
                .into_iter()
                .map(|p| p.uri)
                .collect();
            assert!(was.iter().all(|u| is.contains(u)), "a file went away");
            let added: Vec<&String> = is.iter().filter(|u| !was.contains(u)).collect();
            assert!(!added.is_empty(), "observation {j} gained nothing");
            assert!(added.iter().all(|u| u.ends_with("_crf.fits")), "{added:?}");
        }
    }

    #[test]
    fn program_1073_has_what_users_meet() {
        let blk = Block::special(20_000);
        let mut count: HashMap<String, usize> = HashMap::new();
        let mut rows = 0;
        let mut gs = 0;
        let mut science = 0;
        let mut exclusive = 0;
        for j in 0..15 {
            let o = blk.observation(1, j);
            let ps = products(1, &o);
            assert!(ps.len() > 100, "{}", ps.len());
            for p in &ps {
                *count.entry(p.uri.clone()).or_default() += 1;
                if p.file.contains("_gs-") {
                    gs += 1;
                } else if p.product_type == "SCIENCE" {
                    science += 1;
                }
                exclusive += usize::from(p.exclusive);
                rows += 1;
            }
        }
        assert!(gs > science, "guide stars {gs} outnumber science {science}");
        for suffix in [
            "_uncal.fits",
            "_rate.fits",
            "_cal.fits",
            "_i2d.fits",
            "_asn.json",
            ".jpg",
            "_pool.csv",
        ] {
            assert!(count.keys().any(|u| u.ends_with(suffix)), "{suffix}");
        }
        let shared = count
            .iter()
            .filter(|(u, n)| **n > 1 && u.contains("-c1000"))
            .count();
        assert!(shared > 0, "level-3 files shared by several observations");
        let pools: Vec<_> = count
            .iter()
            .filter(|(u, _)| u.ends_with("_pool.csv"))
            .collect();
        assert_eq!(pools.len(), 1, "{pools:?}");
        assert_eq!(*pools[0].1, 15);
        assert!(exclusive > 0 && exclusive < rows);
    }
}
