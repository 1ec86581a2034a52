//! Where the simulated archive's files sit in its cloud copy: the path its path lookup
//! answers for a product (PROTOCOL-MORE.md section 4), or none when the bucket lacks it.
//!
//! HST follows MAST's recorded layout, `/hst/public/<first 4>/<dataset>/<file>` in lower
//! case, the dataset being the file's own rootname; PanSTARRS, GALEX and HLSPs take the
//! paths astroquery's rules expect (`/ps1/...`, `/mast/galex/...`, `/hlsp_local/public/...`).
//! TESS and Kepler follow the bucket's published folders (`tid/<sector>/<TIC in fours>`,
//! `lightcurves|target_pixel_files/<first 4 of the KIC>/<KIC>`). The JWST layout is not
//! recorded anywhere; this simulator invents one: `/jwst/public/<jwPPPPP>/<obs_id>/<file>`.
//!
//! Not in the cloud: exclusive-access data (the bucket is public), K2, IUE, HLA cutouts
//! made on request, and a fixed tenth of the rest chosen by a hash of the URI, so clients
//! meet the 404s they must fall back from.

use super::catalogue::collections::Collection;
use super::catalogue::product::Product;
use super::rng::hash_str;

/// One product in this many is missing from the bucket.
const ABSENT_ONE_IN: u64 = 10;

/// The path lookup's `path` for `p` of `collection`, or None when the cloud lacks it.
pub fn cloud_path(p: &Product, collection: Collection) -> Option<String> {
    let uri = p.uri.to_ascii_lowercase();
    // Files made on request (no size, like HLA cutouts) exist nowhere to be copied.
    if p.exclusive || p.size.is_none() || !uri.starts_with("mast:") || uri.starts_with("mast:hla/")
    {
        return None;
    }
    if hash_str(&p.uri).is_multiple_of(ABSENT_ONE_IN) {
        return None;
    }
    let file = p.file.as_str();
    if file.contains('/') || file.is_empty() {
        return None;
    }
    let obs_id = p.obs_id.to_lowercase();
    match collection {
        Collection::Hst => {
            let root = file.split(['_', '.']).next().unwrap_or(file).to_lowercase();
            let first4 = root.get(..4)?;
            Some(format!(
                "/hst/public/{first4}/{root}/{}",
                file.to_lowercase()
            ))
        }
        Collection::Jwst => {
            let program = file.get(..7).filter(|p| p.starts_with("jw"))?;
            Some(format!("/jwst/public/{program}/{obs_id}/{file}"))
        }
        Collection::Tess => {
            let tokens: Vec<&str> = file.split(['-', '_']).collect();
            let sector = tokens.iter().find(|t| {
                t.len() == 5 && t.starts_with('s') && t[1..].bytes().all(|c| c.is_ascii_digit())
            });
            let tic = tokens
                .iter()
                .find(|t| t.len() == 16 && t.bytes().all(|c| c.is_ascii_digit()));
            match (sector, tic) {
                (Some(s), Some(t)) => Some(format!(
                    "/tess/public/tid/{s}/{}/{}/{}/{}/{file}",
                    &t[..4],
                    &t[4..8],
                    &t[8..12],
                    &t[12..]
                )),
                _ => Some(format!("/tess/public/{obs_id}/{file}")),
            }
        }
        Collection::Kepler => {
            let kic = file.strip_prefix("kplr")?.get(..9)?;
            let kind = if file.contains("_llc") {
                "lightcurves"
            } else {
                "target_pixel_files"
            };
            Some(format!("/kepler/public/{kind}/{}/{kic}/{file}", &kic[..4]))
        }
        Collection::Galex => Some(format!("/mast/galex/public/{obs_id}/{file}")),
        Collection::Ps1 => {
            // rings.v3.skycell.CCCC.SSS.<rest>
            let rest = file.strip_prefix("rings.v3.skycell.")?;
            let mut parts = rest.split('.');
            let (cell, sub) = (parts.next()?, parts.next()?);
            Some(format!("/ps1/rings.v3.skycell/{cell}/{sub}/{file}"))
        }
        Collection::Hlsp => {
            let project = p.uri.split('/').nth(1)?.to_lowercase();
            Some(format!("/hlsp_local/public/hlsp/{project}/{obs_id}/{file}"))
        }
        Collection::K2 | Collection::Iue => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalogue::Catalogue;

    #[test]
    fn public_files_have_paths_by_collection_and_a_share_do_not() {
        let cat = Catalogue::new(7, 3000);
        let (mut with, mut without, mut exclusive) = (0, 0, 0);
        let mut seen = std::collections::HashSet::new();
        for index in (0..3000).step_by(7) {
            let (r, j) = cat.locate(index).unwrap();
            let blk = cat.block(r).unwrap();
            let o = blk.observation(cat.seed, j);
            for p in cat.products_of(&o) {
                match cloud_path(&p, blk.collection) {
                    Some(path) => {
                        with += 1;
                        assert!(path.starts_with('/'), "{path}");
                        assert!(path.ends_with(&p.file) || blk.collection == Collection::Hst);
                        seen.insert(blk.collection);
                        if blk.collection == Collection::Hst {
                            assert_eq!(path, path.to_lowercase());
                            let parts: Vec<&str> = path.split('/').collect();
                            assert_eq!(parts[1..3], ["hst", "public"]);
                            assert!(parts[4].starts_with(parts[3]), "{path}");
                        }
                    }
                    None if p.exclusive => exclusive += 1,
                    None if matches!(blk.collection, Collection::K2 | Collection::Iue) => {}
                    None if p.size.is_none() => {}
                    None => without += 1,
                }
            }
        }
        // About a tenth of the public files the bucket would hold are missing from it.
        let share = without as f64 / (with + without) as f64;
        assert!((0.05..0.15).contains(&share), "{with} in, {without} out");
        assert!(without > 0 && exclusive > 0);
        assert!(seen.contains(&Collection::Hst) && seen.contains(&Collection::Tess));
    }
}
