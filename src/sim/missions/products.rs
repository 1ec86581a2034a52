//! `POST /search/<mission>/api/v0.1/post_list_products`: the files of datasets, in the
//! missions API's shape (`product_key`, `dataset`, `filename`, `uri`, `size`, ...). They are
//! the CAOM products of the same observations, so `retrieve_product` serves them through
//! the one download route.

use serde_json::Value;

use super::{MAX_DATASETS, Mission};
use crate::sim::catalogue::naming::block_of_file;
use crate::sim::catalogue::{Catalogue, Product};
use crate::sim::json_out::JsonBuf;

/// The dataset ids of a request body (`{"dataset_ids": [..]}`, a list or one string).
pub fn dataset_ids(body: &Value) -> Result<Vec<String>, String> {
    let ids = match body.get("dataset_ids") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>(),
        Some(Value::String(s)) => s
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        _ => return Err("dataset_ids is required: a list of dataset names".into()),
    };
    if ids.len() > MAX_DATASETS {
        return Err(format!(
            "{} dataset_ids given; a request takes at most {MAX_DATASETS}",
            ids.len()
        ));
    }
    Ok(ids)
}

/// The files of one dataset (the products of the CAOM observation of that name that the
/// mission's file service holds) and its instrument; empty for an unknown name.
pub fn files_of(cat: &Catalogue, mission: Mission, dataset: &str) -> (Vec<Product>, &'static str) {
    let collection = mission.collection();
    let Some(blk) = block_of_file(collection, &dataset.to_lowercase()).and_then(|r| cat.block(r))
    else {
        return (Vec::new(), "");
    };
    if blk.collection != collection {
        return (Vec::new(), "");
    }
    let prefix = format!("mast:{}/product/", collection.name());
    for j in 0..blk.len {
        let obs = blk.observation(cat.seed, j);
        if obs.obs_id_str().eq_ignore_ascii_case(dataset) {
            let files = cat
                .products_of(&obs)
                .into_iter()
                .filter(|p| p.uri.starts_with(&prefix) && p.size.is_some())
                .collect();
            return (files, blk.instrument.name);
        }
    }
    (Vec::new(), "")
}

/// The answer body for these datasets.
pub fn list_products(cat: &Catalogue, mission: Mission, ids: &[String]) -> Vec<u8> {
    let mut out = JsonBuf::with_capacity(64 * 1024);
    out.raw("{\"products\":[");
    let mut first = true;
    for id in ids {
        // Dataset names are upper case for HST, lower case for JWST; MAST matches either.
        let dataset = match mission {
            Mission::Hst => id.to_uppercase(),
            Mission::Jwst => id.to_lowercase(),
        };
        let (files, instrument) = files_of(cat, mission, &dataset);
        // HST pads instrument names as its search does ("HRS   ").
        let instrument = match mission {
            Mission::Hst => format!("{:<6}", instrument.split('/').next().unwrap_or("")),
            Mission::Jwst => instrument.to_string(),
        };
        for p in files {
            if !first {
                out.raw(",");
            }
            first = false;
            write_product(&mut out, &dataset, &instrument, &p);
        }
    }
    out.raw("]}");
    out.into_bytes()
}

fn write_product(out: &mut JsonBuf, dataset: &str, instrument: &str, p: &Product) {
    let suffix = p
        .file
        .rsplit_once('_')
        .map_or("", |(_, s)| s.split('.').next().unwrap_or(""))
        .to_uppercase();
    out.raw("{\"product_key\":");
    out.string(&format!("{dataset}_{}", p.file));
    out.raw(",\"access\":");
    out.string(p.rights());
    out.raw(",\"dataset\":");
    out.string(dataset);
    out.raw(",\"instrument_name\":");
    out.string(instrument);
    out.raw(",\"filters\":");
    out.string(p.filters);
    out.raw(",\"filename\":");
    out.string(&p.file);
    out.raw(",\"uri\":");
    out.string(&format!("{dataset}/{}", p.file));
    out.raw(",\"authz_primary_identifier\":");
    out.string(dataset);
    out.raw(",\"authz_secondary_identifier\":");
    out.string(p.subgroup);
    out.raw(",\"file_suffix\":");
    out.string(&suffix);
    out.raw(",\"category\":");
    out.string(match p.product_type {
        "SCIENCE" if p.calib_level >= 2 => "CALIBRATED",
        "SCIENCE" => "UNCALIBRATED",
        "PREVIEW" => "PREVIEW",
        _ => "AUX",
    });
    out.raw(",\"size\":");
    out.int(p.size.unwrap_or(0) as i64);
    out.raw(",\"type\":");
    out.string(match p.product_type {
        "SCIENCE" | "PREVIEW" => "science",
        _ => "auxiliary",
    });
    out.raw("}");
}

/// The CAOM URI behind `retrieve_product?product_name=<dataset>/<file>`.
pub fn uri_of(mission: Mission, product_name: &str) -> Option<String> {
    let file = product_name.rsplit('/').next()?.trim();
    if file.is_empty() || file == "." || file == ".." {
        return None;
    }
    Some(format!(
        "mast:{}/product/{file}",
        mission.collection().name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalogue::Block;

    #[test]
    fn program_1073_datasets_list_their_files() {
        let cat = Catalogue::new(1, 2000);
        let blk = Block::special(2000);
        let obs = blk.observation(1, 0);
        let (files, inst) = files_of(&cat, Mission::Jwst, obs.obs_id_str());
        assert_eq!(inst, "NIRCAM/IMAGE");
        assert!(files.len() > 10, "{}", files.len());
        let body = list_products(&cat, Mission::Jwst, &[obs.obs_id(), "nope".into()]);
        let v: Value = serde_json::from_slice(&body).unwrap();
        let list = v["products"].as_array().unwrap();
        assert_eq!(list.len(), files.len());
        let uri = uri_of(Mission::Jwst, list[0]["uri"].as_str().unwrap()).unwrap();
        assert!(cat.find_product(&uri).is_some(), "{uri}");
        assert!(dataset_ids(&serde_json::json!({})).is_err());
    }
}
