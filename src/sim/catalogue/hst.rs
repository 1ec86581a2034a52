//! HST product lists: association products, per-exposure files, and HLA cutouts made on
//! request (odd `mast:HLA/url/...` URIs without a known size).

use super::observations::Observation;
use super::product::{Product, make, size_of, spec};

const KB: u64 = 1024;
const MB: u64 = 1024 * 1024;

pub fn products(obs: &Observation<'_>) -> Vec<Product> {
    let id = obs.obs_id();
    let root = id.to_lowercase();
    let inst = obs.block.instrument.name;
    let image = obs.block.instrument.dataproduct_type == "image";
    let has_flc = inst == "ACS/WFC" || inst == "WFC3/UVIS";
    let mut v = Vec::new();
    let mut push = |file: String, sub, ty, mrp, desc, size| {
        let mut p = make(obs, &id, spec(file, sub, ty, mrp, desc, size));
        p.prvversion = if ty == "SCIENCE" {
            Some("DrizzlePac 3.7.1")
        } else {
            None
        };
        v.push(p);
    };
    let members = if obs.level3 { 2 + obs.j % 3 } else { 1 };
    if obs.level3 {
        push(
            format!("{root}_asn.fits"),
            "ASN",
            "AUXILIARY",
            false,
            "DADS ASN file - Association table",
            (8 * KB, 12 * KB),
        );
        if image {
            push(
                format!("{root}_drz.fits"),
                "DRZ",
                "SCIENCE",
                true,
                "DADS DRZ file - Calibrated combined image",
                (20 * MB, 90 * MB),
            );
            if has_flc {
                push(
                    format!("{root}_drc.fits"),
                    "DRC",
                    "SCIENCE",
                    true,
                    "DADS DRC file - CTE-corrected combined image",
                    (20 * MB, 90 * MB),
                );
            }
            push(
                format!("{root}_drz.jpg"),
                "JPG",
                "PREVIEW",
                false,
                "Preview image",
                (60 * KB, 400 * KB),
            );
        } else {
            push(
                format!("{root}_x1dsum.fits"),
                "X1DSUM",
                "SCIENCE",
                true,
                "DADS X1DSUM file - Summed 1D spectrum",
                (200 * KB, MB),
            );
        }
        push(
            format!("{root}_trl.fits"),
            "TRL",
            "AUXILIARY",
            false,
            "DADS TRL file - Processing log",
            (20 * KB, 60 * KB),
        );
    }
    for k in 1..=members {
        let m = obs.hst_root(k);
        push(
            format!("{m}_raw.fits"),
            "RAW",
            "SCIENCE",
            false,
            "DADS RAW file - Raw exposure",
            (8 * MB, 20 * MB),
        );
        if image {
            push(
                format!("{m}_flt.fits"),
                "FLT",
                "SCIENCE",
                !obs.level3,
                "DADS FLT file - Calibrated exposure",
                (15 * MB, 40 * MB),
            );
            if has_flc {
                push(
                    format!("{m}_flc.fits"),
                    "FLC",
                    "SCIENCE",
                    false,
                    "DADS FLC file - CTE-corrected calibrated exposure",
                    (15 * MB, 40 * MB),
                );
            }
            if inst == "WFC3/IR" {
                push(
                    format!("{m}_ima.fits"),
                    "IMA",
                    "CALIBRATION",
                    false,
                    "DADS IMA file - Intermediate calibrated exposure",
                    (20 * MB, 60 * MB),
                );
            }
        } else {
            push(
                format!("{m}_x1d.fits"),
                "X1D",
                "SCIENCE",
                !obs.level3,
                "DADS X1D file - 1D extracted spectrum",
                (100 * KB, 600 * KB),
            );
            push(
                format!("{m}_flt.fits"),
                "FLT",
                "SCIENCE",
                false,
                "DADS FLT file - Calibrated exposure",
                (MB, 8 * MB),
            );
        }
        push(
            format!("{m}_spt.fits"),
            "SPT",
            "AUXILIARY",
            false,
            "DADS SPT file - Support, planning and telemetry",
            (30 * KB, 90 * KB),
        );
    }
    if obs.level3 && image {
        // HLA cutouts are made on request: odd URI, no known size.
        let mut p = make(
            obs,
            &id,
            spec(
                format!("{root}_drz_cutout.fits"),
                "CUTOUT",
                "SCIENCE",
                false,
                "HLA cutout",
                (1, 2),
            ),
        );
        p.uri = format!("mast:HLA/url/cgi-bin/fitscut.cgi?red={root}_drz&size=ALL&format=fits");
        p.size = None;
        p.body_len = size_of(&p.uri, 200 * KB, 2 * MB);
        p.product_type = "SCIENCE";
        v.push(p);
    }
    v
}
