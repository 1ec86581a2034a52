//! What the portal says about catalog columns: the `columnsconfig` of each catalog service
//! (labels and `vot.datatype`), and the `Mast.Catalogs.All.Tic` / `All.DiskDetective`
//! answers (format `extjs`) whose discrete and continuous histograms type the criteria of
//! the filtered services, as astroquery reads them.

use std::ops::ControlFlow;

use super::columns::{CatTable, Ty};
use super::sky::Sky;
use super::{Catalog, diskdetective, tic};
use crate::sim::json_out::JsonBuf;

/// Every so many stars one is read for a histogram: the typing (which columns are
/// discrete, which continuous) is exact, the counts and limits describe a sample.
const SAMPLE_EVERY: u64 = 37;

/// The catalog a columns-config id describes, if any.
fn catalog_of_config(id: &str) -> Option<Catalog> {
    let id = id.trim().to_ascii_lowercase();
    let cat = match id.as_str() {
        "mast.catalogs.tess.cone" | "mast.catalogs.tic.cone" | "mast.tic.crossmatch" => {
            Catalog::Tic
        }
        "mast.catalogs.ctl.cone" | "mast.ctl.crossmatch" => Catalog::Ctl,
        "mast.catalogs.dd.cone" | "mast.catalogs.diskdetective.cone" => Catalog::DiskDetective,
        "mast.catalogs.gaiadr3.cone" | "mast.gaiadr3.crossmatch" => Catalog::GaiaDr3,
        "mast.catalogs.gaiadr2.cone" | "mast.gaiadr2.crossmatch" => Catalog::GaiaDr2,
        "mast.hsc.db.v3" | "mast.hsc.crossmatch.magaper2v3" | "mast.hsc.crossmatch.magautov3" => {
            Catalog::HscV3
        }
        "mast.hsc.db.v2" => Catalog::HscV2,
        "mast.galex.catalog" | "mast.galex.crossmatch" => Catalog::Galex,
        "mast.hscmatches.db.v3" | "mast.hscmatches.db.v2" => Catalog::HscMatches,
        "mast.hscspectra.db.all" => Catalog::HscSpectra,
        _ => return super::parse_service(&id).and_then(|s| s.catalog()),
    };
    Some(cat)
}

/// The columns config for a catalog service id; `None` when the id is not a catalog's.
pub fn columns_config(id: &str) -> Option<Vec<u8>> {
    if id.trim().eq_ignore_ascii_case("Mast.Bundle.Request") {
        return Some(b"{}".to_vec());
    }
    let cat = catalog_of_config(id)?;
    let table = cat.table();
    let mut out = JsonBuf::with_capacity(8 * 1024);
    out.raw("{");
    for (i, c) in table.cols.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.key(c.name);
        out.raw("{\"text\":");
        out.string(c.name);
        out.raw(",\"order\":");
        out.int(i as i64);
        out.raw(",\"vot.datatype\":");
        out.string(c.ty.vot());
        out.raw(",\"vot.name\":");
        out.string(c.name);
        out.raw("}");
    }
    if let Some(d) = cat.distance() {
        out.raw(",");
        out.key(d.name);
        out.raw("{\"text\":\"Distance\",\"vot.datatype\":\"double\"}");
    }
    out.raw(",\"_selected_\":{\"text\":\"selected\",\"add\":true,\"type\":\"boolean\",\"hidden\":true}}");
    Some(out.into_bytes())
}

/// Per-column tallies gathered from the sample.
struct Tally {
    /// Discrete columns: each value and how often it was seen.
    values: Vec<Vec<(String, u64)>>,
    /// Continuous columns: the smallest and largest value seen.
    limits: Vec<(f64, f64)>,
}

/// `Mast.Catalogs.All.Tic` (TIC and CTL) or `...All.DiskDetective` in `extjs` format.
pub fn all_answer(sky: &Sky, cat: Catalog) -> Vec<u8> {
    let (table, discrete): (&CatTable, &[&str]) = match cat {
        Catalog::DiskDetective => (&diskdetective::DISK_DETECTIVE, diskdetective::DISCRETE),
        _ => (&tic::TIC, tic::TIC_DISCRETE),
    };
    let is_discrete = |name: &str| discrete.iter().any(|d| d.eq_ignore_ascii_case(name));
    let mut tally = Tally {
        values: vec![Vec::new(); table.cols.len()],
        limits: vec![(f64::INFINITY, f64::NEG_INFINITY); table.cols.len()],
    };
    let mut n = 0u64;
    table.scan(sky, None, &mut |row| {
        n += 1;
        if n % SAMPLE_EVERY != 1 {
            return ControlFlow::Continue(());
        }
        for (i, c) in table.cols.iter().enumerate() {
            let v = (c.val)(row);
            if is_discrete(c.name) {
                let key = match &v {
                    crate::sim::json_out::Val::Str(s) => s.to_string(),
                    crate::sim::json_out::Val::Null => String::new(),
                    other => other.as_f64().map(|x| x.to_string()).unwrap_or_default(),
                };
                match tally.values[i].iter_mut().find(|(k, _)| *k == key) {
                    Some(e) => e.1 += SAMPLE_EVERY,
                    None => tally.values[i].push((key, SAMPLE_EVERY)),
                }
            } else if c.ty != Ty::Text
                && let Some(x) = v.as_f64()
            {
                let l = &mut tally.limits[i];
                *l = (l.0.min(x), l.1.max(x));
            }
        }
        ControlFlow::Continue(())
    });
    let mut out = JsonBuf::with_capacity(16 * 1024);
    out.raw("{\"status\":\"COMPLETE\",\"msg\":\"\",\"data\":{\"name\":\"NewDataSet\",\"Tables\":[{\"name\":\"Table\",\"ExtendedProperties\":{\"discreteHistogram\":{");
    let mut first = true;
    for (i, c) in table.cols.iter().enumerate() {
        if !is_discrete(c.name) {
            continue;
        }
        if !first {
            out.raw(",");
        }
        first = false;
        out.key(c.name);
        out.raw("{\"hist\":[");
        for (j, (k, count)) in tally.values[i].iter().enumerate() {
            if j > 0 {
                out.raw(",");
            }
            out.raw("{\"count\":");
            out.int(*count as i64);
            out.raw(",\"key\":");
            out.string(k);
            out.raw("}");
        }
        out.raw("]");
        for (k, count) in &tally.values[i] {
            out.raw(",");
            out.key(k);
            out.raw("{\"count\":");
            out.int(*count as i64);
            out.raw(",\"key\":");
            out.string(k);
            out.raw("}");
        }
        out.raw("}");
    }
    out.raw("},\"continuousHistogram\":{");
    let mut first = true;
    for (i, c) in table.cols.iter().enumerate() {
        if is_discrete(c.name) || c.ty == Ty::Text {
            continue;
        }
        let (lo, hi) = tally.limits[i];
        let (lo, hi) = if lo <= hi { (lo, hi) } else { (0.0, 0.0) };
        if !first {
            out.raw(",");
        }
        first = false;
        out.key(c.name);
        out.raw("{\"hist\":{\"hist\":[");
        // Ten bins over the sampled range; their counts are left at zero but the first.
        for b in 0..10 {
            if b > 0 {
                out.raw(",");
            }
            out.raw("{\"key\":");
            out.float(lo + (hi - lo) * f64::from(b) / 10.0);
            out.raw(",\"count\":");
            out.int(if b == 0 { (n / SAMPLE_EVERY) as i64 } else { 0 });
            out.raw("}");
        }
        out.raw("]},\"min\":");
        out.float(lo);
        out.raw(",\"max\":");
        out.float(hi);
        out.raw(",\"type\":\"numeric\"}");
    }
    out.raw("},\"Paging\":{\"page\":1,\"pageSize\":0,\"pagesFiltered\":0,\"rows\":0,\"rowsFiltered\":0,\"rowsTotal\":0}},\"Columns\":[");
    for (i, c) in table.cols.iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        out.raw("{\"text\":");
        out.string(c.name);
        out.raw(",\"dataIndex\":");
        out.string(c.name);
        out.raw(",\"ignoreValue\":");
        out.raw(if c.ty == Ty::Text { "\"\"" } else { "null" });
        out.raw("}");
    }
    out.raw("],\"Fields\":[");
    let fields: Vec<(&str, &str)> = table.cols.iter().map(|c| (c.name, c.field)).collect();
    super::answer::write_fields(&mut out, &fields);
    out.raw("],\"Rows\":[]}]}}");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_name_every_column() {
        let v: serde_json::Value =
            serde_json::from_slice(&columns_config("Mast.Catalogs.Tess.Cone").unwrap()).unwrap();
        assert_eq!(v["Tmag"]["vot.datatype"], "double");
        assert!(v.get("dstArcSec").is_some());
        for id in [
            "Mast.Catalogs.Dd.Cone",
            "mast.catalogs.gaiadr3.cone",
            "Mast.Hsc.Db.v3",
            "Mast.HscSpectra.Db.All",
            "Mast.HscMatches.Db.v3",
            "Mast.Galex.Catalog",
            "Mast.Catalogs.Filtered.Tic.Position.Rows",
            "Mast.Bundle.Request",
        ] {
            assert!(columns_config(id).is_some(), "{id}");
        }
        assert!(columns_config("Mast.Nope").is_none());
    }

    #[test]
    fn all_tic_types_columns_as_astroquery_reads_them() {
        let sky = Sky::new(1, 1_000);
        let v: serde_json::Value = serde_json::from_slice(&all_answer(&sky, Catalog::Tic)).unwrap();
        let ep = &v["data"]["Tables"][0]["ExtendedProperties"];
        assert!(
            ep["discreteHistogram"]["objType"]["STAR"]["count"]
                .as_i64()
                .unwrap()
                > 0
        );
        assert_eq!(ep["continuousHistogram"]["Tmag"]["type"], "numeric");
        assert!(ep["continuousHistogram"].get("ID").is_some());
        assert!(ep["continuousHistogram"].get("lumclass").is_none());
        assert_eq!(
            v["data"]["Tables"][0]["Fields"].as_array().unwrap().len(),
            89
        );
    }
}
