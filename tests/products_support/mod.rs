//! Product tables shaped like MAST's `Mast.Caom.Products` answers, for the products tests.
#![allow(dead_code)]
use std::sync::Arc;

use mastui::app::{Msg, ReqId, State};
use mastui::mast::product_batch::ProductBatch;
use mastui::mast::product_merge::ProductMerger;
use mastui::mast::table::{Cell, Table};

/// The message the worker sends when `table` lands for the products fetch `req` of `s`
/// (merged against the products `s` holds, as the worker's merger would have it).
pub fn landed(s: &State, req: ReqId, table: Table, done: usize, total: usize) -> Msg {
    let mut merger = ProductMerger::continuing(s.products.table());
    Msg::ProductsBatch {
        req,
        batch: Arc::new(ProductBatch::prepare(&mut merger, table)),
        done,
        total,
    }
}

/// The product rows of one observation `obsid` (index `o` in its program): `per_obs` own
/// files (exposures with their uncal/rate/cal chain, guide stars, previews) plus `shared`
/// level-3 files that every observation of the program lists.
pub fn batch(obs: &[(usize, i64)], per_obs: usize, shared: usize) -> Table {
    let mut t = Table::default();
    for &(o, obsid) in obs {
        for i in 0..per_obs {
            let exp = i / 6;
            let (suffix, sub, ty, calib, mrp) = match i % 6 {
                0 => ("uncal.fits", "UNCAL", "SCIENCE", 1, false),
                1 => ("rate.fits", "RATE", "SCIENCE", 2, false),
                2 => ("cal.fits", "CAL", "SCIENCE", 2, true),
                3 => ("cal.jpg", "", "PREVIEW", 2, false),
                4 => ("trapsfilled.fits", "TRAPSFILLED", "AUXILIARY", 2, false),
                _ => ("cal.fits", "CAL", "AUXILIARY", 2, false),
            };
            let name = if i % 6 == 5 {
                format!("jw01073{o:03}001_gs-fg_2022{exp:05}_{suffix}")
            } else {
                format!("jw01073{o:03}001_02101_{exp:05}_nrca1_{suffix}")
            };
            let obs_id = format!("jw01073{o:03}001_02101_{exp:05}_nrca1");
            push(
                &mut t,
                obsid,
                &obs_id,
                &name,
                ty,
                sub,
                calib,
                mrp,
                i % 7 == 0,
            );
        }
        for s in 0..shared {
            let name = format!("jw01073-c1000_t001_nircam_clear-f{s:03}w_i2d.fits");
            push(
                &mut t,
                obsid,
                "jw01073-c1000_t001_nircam",
                &name,
                "SCIENCE",
                "I2D",
                3,
                true,
                false,
            );
        }
    }
    t
}

#[allow(clippy::too_many_arguments)]
fn push(
    t: &mut Table,
    obsid: i64,
    obs_id: &str,
    name: &str,
    ty: &str,
    sub: &str,
    calib: i64,
    mrp: bool,
    exclusive: bool,
) {
    let uri = format!("mast:JWST/product/{name}");
    let size = 2880 * (1 + (name.len() as i64 * 7919 + calib * 31) % 5000);
    t.push_row([
        ("obsID", Cell::Int(obsid)),
        ("obs_collection", Cell::Text("JWST")),
        ("obs_id", Cell::Text(obs_id)),
        (
            "description",
            Cell::Text("exposure (L2b): calibrated exposure"),
        ),
        ("dataURI", Cell::Text(&uri)),
        ("productType", Cell::Text(ty)),
        (
            "productGroupDescription",
            if mrp {
                Cell::Text("Minimum Recommended Products")
            } else {
                Cell::Null
            },
        ),
        (
            "productSubGroupDescription",
            if sub.is_empty() {
                Cell::Null
            } else {
                Cell::Text(sub)
            },
        ),
        (
            "productDocumentationURL",
            Cell::Text("https://jwst-pipeline.readthedocs.io/en/latest/"),
        ),
        ("productFilename", Cell::Text(name)),
        ("size", Cell::Int(size)),
        ("parent_obsid", Cell::Int(obsid)),
        (
            "dataRights",
            Cell::Text(if exclusive {
                "EXCLUSIVE_ACCESS"
            } else {
                "PUBLIC"
            }),
        ),
        ("calib_level", Cell::Int(calib)),
    ]);
}
