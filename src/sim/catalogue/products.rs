//! Data products of an observation, generated on demand with deterministic sizes.

use super::collections::Collection;
use super::observations::Observation;
use super::product::{Product, Spec, make, spec};
use super::{hst, jwst};

const KB: u64 = 1024;
const MB: u64 = 1024 * 1024;

/// Every product row listed under `obs` (shared files included, each owned by its first user).
pub fn products_of(seed: u64, obs: &Observation<'_>) -> Vec<Product> {
    let id = obs.obs_id();
    let mk = |s: Spec| make(obs, &id, s);
    match obs.collection() {
        Collection::Jwst => jwst::products(seed, obs),
        Collection::Hst => hst::products(obs),
        Collection::Tess => {
            let mut v = vec![
                mk(spec(
                    format!("{id}_lc.fits"),
                    "LC",
                    "SCIENCE",
                    true,
                    "Light curves",
                    (1500 * KB, 2200 * KB),
                )),
                mk(spec(
                    format!("{id}_tp.fits"),
                    "TP",
                    "SCIENCE",
                    false,
                    "Target pixel files",
                    (8 * MB, 45 * MB),
                )),
            ];
            if obs.j.is_multiple_of(5) {
                let fast = id.trim_end_matches("-s").to_string() + "-a_fast";
                v.push(mk(spec(
                    format!("{fast}-lc.fits"),
                    "FAST-LC",
                    "SCIENCE",
                    false,
                    "Fast-cadence light curves",
                    (4 * MB, 6 * MB),
                )));
            }
            if obs.j % 4 == 1 {
                v.push(mk(spec(
                    format!("{id}_dvt.fits"),
                    "DVT",
                    "AUXILIARY",
                    false,
                    "Data validation time series",
                    (700 * KB, 2 * MB),
                )));
                v.push(mk(spec(
                    format!("{id}_dvr.pdf"),
                    "DVR",
                    "INFO",
                    false,
                    "Data validation report",
                    (300 * KB, 3 * MB),
                )));
            }
            v
        }
        Collection::Kepler | Collection::K2 => {
            let prefix = if obs.collection() == Collection::Kepler {
                "kplr"
            } else {
                "ktwo"
            };
            let n = if obs.collection() == Collection::Kepler {
                4 + obs.j % 6
            } else {
                1
            };
            let mut v = Vec::new();
            for q in 0..n {
                let tag = match obs.collection() {
                    Collection::Kepler => format!(
                        "{prefix}{:09}-{}",
                        obs.star,
                        2_009_131_105_131_u64 + q * 8_760_000
                    ),
                    _ => format!(
                        "{prefix}{:09}-c{:02}",
                        obs.star,
                        obs.block.sequence.unwrap_or(1)
                    ),
                };
                v.push(mk(spec(
                    format!("{tag}_llc.fits"),
                    "LLC",
                    "SCIENCE",
                    true,
                    "Lightcurve Long Cadence (CLC) - Q",
                    (400 * KB, 600 * KB),
                )));
                v.push(mk(spec(
                    format!("{tag}_lpd-targ.fits.gz"),
                    "LPD-TARG",
                    "SCIENCE",
                    false,
                    "Target Pixel Long Cadence (TPL) - Q",
                    (2 * MB, 9 * MB),
                )));
            }
            v
        }
        Collection::Galex => {
            let t = obs.galex_tile();
            let band = obs.filter.slug;
            vec![
                mk(spec(
                    format!("{t}-{band}-int.fits.gz"),
                    "INT",
                    "SCIENCE",
                    true,
                    "Intensity map (J2000)",
                    (3 * MB, 9 * MB),
                )),
                mk(spec(
                    format!("{t}-{band}-cnt.fits.gz"),
                    "CNT",
                    "SCIENCE",
                    false,
                    "Count map",
                    (MB, 4 * MB),
                )),
                mk(spec(
                    format!("{t}-{band}-skybg.fits.gz"),
                    "SKYBG",
                    "AUXILIARY",
                    false,
                    "Sky background map",
                    (200 * KB, 900 * KB),
                )),
                mk(spec(
                    format!("{t}-{band}-rrhr.fits.gz"),
                    "RRHR",
                    "AUXILIARY",
                    false,
                    "High resolution relative response",
                    (MB, 3 * MB),
                )),
                mk(spec(
                    format!("{t}-xd-mcat.fits.gz"),
                    "MCAT",
                    "SCIENCE",
                    false,
                    "Merged catalog",
                    (500 * KB, 6 * MB),
                )),
                mk(spec(
                    format!("{t}-{band}-int.jpg"),
                    "JPG",
                    "PREVIEW",
                    false,
                    "Preview image",
                    (40 * KB, 300 * KB),
                )),
            ]
        }
        Collection::Iue => vec![
            mk(spec(
                format!("{id}.mxlo.gz"),
                "MXLO",
                "SCIENCE",
                true,
                "Extracted spectrum (NEWSIPS)",
                (20 * KB, 60 * KB),
            )),
            mk(spec(
                format!("{id}mxlo_vo.fits"),
                "MXLO_VO",
                "SCIENCE",
                false,
                "Extracted spectrum (VO format)",
                (15 * KB, 40 * KB),
            )),
            mk(spec(
                format!("{id}.lilo.gz"),
                "LILO",
                "SCIENCE",
                false,
                "Linearized image",
                (300 * KB, 700 * KB),
            )),
            mk(spec(
                format!("{id}.melo.gz"),
                "MELO",
                "AUXILIARY",
                false,
                "Extracted spectrum, no background",
                (20 * KB, 60 * KB),
            )),
            mk(spec(
                format!("{id}.gif"),
                "GIF",
                "PREVIEW",
                false,
                "Preview plot",
                (5 * KB, 20 * KB),
            )),
        ],
        Collection::Ps1 => {
            let d = "PS1 stack image";
            vec![
                mk(spec(
                    format!("{id}.unconv.fits"),
                    "STK",
                    "SCIENCE",
                    true,
                    d,
                    (20 * MB, 40 * MB),
                )),
                mk(spec(
                    format!("{id}.unconv.wt.fits"),
                    "WT",
                    "AUXILIARY",
                    false,
                    "Variance image",
                    (20 * MB, 40 * MB),
                )),
                mk(spec(
                    format!("{id}.unconv.mask.fits"),
                    "MASK",
                    "AUXILIARY",
                    false,
                    "Mask image",
                    (2 * MB, 6 * MB),
                )),
                mk(spec(
                    format!("{id}.unconv.exp.fits"),
                    "EXP",
                    "AUXILIARY",
                    false,
                    "Exposure time image",
                    (2 * MB, 6 * MB),
                )),
                mk(spec(
                    format!("{id}.unconv.num.fits"),
                    "NUM",
                    "AUXILIARY",
                    false,
                    "Number of exposures",
                    (MB, 3 * MB),
                )),
                mk(spec(
                    format!("{id}.unconv.jpg"),
                    "JPG",
                    "PREVIEW",
                    false,
                    "Preview image",
                    (60 * KB, 400 * KB),
                )),
            ]
        }
        Collection::Hlsp => {
            let mut v = Vec::new();
            if obs.block.instrument.dataproduct_type == "timeseries" {
                v.push(mk(spec(
                    format!("{id}_llc.fits"),
                    "LLC",
                    "SCIENCE",
                    true,
                    "HLSP light curve",
                    (100 * KB, 900 * KB),
                )));
            } else {
                v.push(mk(spec(
                    format!("{id}_drz.fits"),
                    "DRZ",
                    "SCIENCE",
                    true,
                    "HLSP drizzled mosaic",
                    (10 * MB, 60 * MB),
                )));
                v.push(mk(spec(
                    format!("{id}_wht.fits"),
                    "WHT",
                    "AUXILIARY",
                    false,
                    "HLSP weight map",
                    (5 * MB, 30 * MB),
                )));
                v.push(mk(spec(
                    format!("{id}_cat.ecsv"),
                    "CAT",
                    "SCIENCE",
                    false,
                    "HLSP source catalog",
                    (50 * KB, 2 * MB),
                )));
                v.push(mk(spec(
                    format!("{id}_drz.jpg"),
                    "JPG",
                    "PREVIEW",
                    false,
                    "Preview image",
                    (60 * KB, 400 * KB),
                )));
            }
            v.push(mk(spec(
                format!("{id}_readme.txt"),
                "README",
                "INFO",
                false,
                "HLSP README",
                (3 * KB, 12 * KB),
            )));
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalogue::Block;
    use crate::sim::catalogue::product::size_of;

    #[test]
    fn sizes_are_deterministic_and_fits_aligned() {
        let a = size_of("x_cal.fits", 1000, 100_000);
        assert_eq!(a, size_of("x_cal.fits", 1000, 100_000));
        assert_eq!(a % 2880, 0);
        assert!(size_of("x.json", 10, 20) >= 2880);
    }

    #[test]
    fn every_collection_lists_products_with_unique_uris() {
        for b in 0..200 {
            let blk = Block::generic(3, b, 1_000_000);
            let o = blk.observation(3, b % 16);
            let ps = products_of(3, &o);
            assert!(!ps.is_empty(), "{:?}", blk.collection);
            let mut uris: Vec<&str> = ps.iter().map(|p| p.uri.as_str()).collect();
            uris.sort_unstable();
            let n = uris.len();
            uris.dedup();
            assert_eq!(n, uris.len(), "duplicate uri in {:?}", blk.collection);
            let (main, _) = o.main_files();
            if let Some(m) = main {
                assert!(
                    ps.iter().any(|p| p.file == m),
                    "{m} listed for {:?}",
                    blk.collection
                );
            }
        }
    }
}
