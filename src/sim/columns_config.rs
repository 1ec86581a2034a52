//! `POST /portal/Mashup/Mashup.asmx/columnsconfig`: the column properties astroquery reads
//! to type its criteria (continuous vs discrete, separators) and to validate names.

use super::columns::{ColumnDef, Kind, ObsCol, PRODUCT_COLUMNS};
use super::json_out::JsonBuf;

fn vot_datatype(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "char",
        Kind::Double => "double",
        Kind::Int => "int",
        Kind::Long => "long",
        Kind::Bool => "boolean",
    }
}

fn write_column(out: &mut JsonBuf, d: &ColumnDef, order: usize) {
    out.key(d.name);
    out.raw("{\"text\":");
    out.string(d.text);
    out.raw(",\"order\":");
    out.int(order as i64);
    if d.kind == Kind::Bool {
        out.raw(",\"type\":\"boolean\"");
    }
    out.raw(",\"vot.datatype\":");
    out.string(vot_datatype(d.kind));
    if d.kind == Kind::Text {
        out.raw(",\"vot.arraysize\":\"*\"");
    }
    out.raw(",\"vot.ID\":");
    out.string(d.name);
    out.raw(",\"vot.name\":");
    out.string(d.name);
    out.raw(",\"vot.description\":");
    out.string(d.description);
    if d.separator {
        out.raw(",\"separator\":\";\",\"separatorType\":\"split\"");
    }
    if let Some(u) = d.unit {
        out.raw(",\"unit\":");
        out.string(u);
        let vot = match u {
            "MJD" => "d",
            "sec" => "s",
            other => other,
        };
        out.raw(",\"vot.unit\":");
        out.string(vot);
    }
    if d.is_mjd {
        out.raw(",\"isMjd\":true");
    }
    if !d.example.is_empty() {
        out.raw(",\"example\":");
        out.string(d.example);
    }
    out.raw("}");
}

/// Columns MAST's table has but never returns to this service; astroquery still accepts them
/// as criteria names, and the server then rejects them.
const REMOVED: &[(&str, &str)] = &[
    ("s_fov", "FOV"),
    ("obs_creator_name", "Creator"),
    ("obs_publisher_did", "Observation Publisher"),
    ("em_res_power", ""),
];

/// What the products config says of its columns beyond their type: (name, unit,
/// description), after MAST's own field descriptions.
const PRODUCT_DESCRIPTIONS: &[(&str, &str, &str)] = &[
    ("obsID", "", "Database identifier of the product group"),
    (
        "obs_collection",
        "",
        "Mission, project or survey the data belong to",
    ),
    (
        "dataproduct_type",
        "",
        "Type of the data product (image, spectrum, ...)",
    ),
    ("obs_id", "", "Observation identifier, given by the mission"),
    ("description", "", "File description"),
    ("type", "", "S: a science file, C: a calibration file"),
    ("dataURI", "", "Data access URI"),
    (
        "productType",
        "",
        "Type of product (SCIENCE, AUXILIARY, PREVIEW, ...)",
    ),
    (
        "productGroupDescription",
        "",
        "Product group (Minimum Recommended Products)",
    ),
    (
        "productSubGroupDescription",
        "",
        "Product subgroup (RAW, CAL, DRZ, ...)",
    ),
    ("productFilename", "", "File name"),
    ("size", "byte", "File size"),
    (
        "parent_obsid",
        "",
        "Database identifier of the parent observation",
    ),
    (
        "dataRights",
        "",
        "Data rights: PUBLIC, EXCLUSIVE_ACCESS or RESTRICTED",
    ),
    (
        "calib_level",
        "",
        "Calibration level: 0 raw to 4 contributed",
    ),
];

/// The config for `Mast.Caom.Cone` (also served for the filtered services), or for products.
pub fn columns_config(id: &str) -> Option<Vec<u8>> {
    let mut out = JsonBuf::with_capacity(16 * 1024);
    out.raw(
        "{\"_selected_\":{\"text\":\"selected\",\"add\":true,\"type\":\"boolean\",\"hidden\":true}",
    );
    let id = id.trim();
    if id.eq_ignore_ascii_case("Mast.Caom.Products") {
        for (i, (name, ty)) in PRODUCT_COLUMNS.iter().enumerate() {
            out.raw(",");
            out.key(name);
            out.raw("{\"text\":");
            out.string(name);
            out.raw(",\"order\":");
            out.int(i as i64);
            out.raw(",\"vot.datatype\":");
            out.string(if *ty == "int" { "long" } else { "char" });
            if let Some((_, unit, description)) = PRODUCT_DESCRIPTIONS.iter().find(|d| d.0 == *name)
            {
                out.raw(",\"vot.description\":");
                out.string(description);
                if !unit.is_empty() {
                    out.raw(",\"unit\":");
                    out.string(unit);
                }
            }
            out.raw("}");
        }
    } else if id.to_ascii_lowercase().starts_with("mast.caom.") {
        for (i, c) in ObsCol::ALL.iter().chain([&ObsCol::Distance]).enumerate() {
            out.raw(",");
            write_column(&mut out, c.def(), i);
        }
        for (name, text) in REMOVED {
            out.raw(",");
            out.key(name);
            out.raw("{\"remove\":true,\"text\":");
            out.string(if text.is_empty() { name } else { text });
            out.raw("}");
        }
    } else {
        return None;
    }
    out.raw("}");
    Some(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caom_config_types_columns_like_astroquery_expects() {
        let v: serde_json::Value =
            serde_json::from_slice(&columns_config("Mast.Caom.Cone").unwrap()).unwrap();
        assert_eq!(v["t_min"]["vot.datatype"], "double");
        assert_eq!(v["t_min"]["isMjd"], true);
        assert_eq!(v["calib_level"]["vot.datatype"], "int");
        assert_eq!(v["obsid"]["vot.datatype"], "long");
        assert_eq!(v["filters"]["separator"], ";");
        assert!(v["instrument_name"].get("separator").is_none());
        for c in ObsCol::ALL {
            assert!(v.get(c.name()).is_some(), "{}", c.name());
        }
        let p: serde_json::Value =
            serde_json::from_slice(&columns_config("Mast.Caom.Products").unwrap()).unwrap();
        assert!(p.get("dataURI").is_some());
        assert_eq!(p["size"]["unit"], "byte");
        assert_eq!(p["productFilename"]["vot.description"], "File name");
        for (name, _) in PRODUCT_COLUMNS.iter() {
            assert!(
                PRODUCT_DESCRIPTIONS.iter().any(|d| d.0 == *name)
                    || [
                        "productDocumentationURL",
                        "project",
                        "prvversion",
                        "proposal_id",
                        "filters"
                    ]
                    .contains(name),
                "{name} undescribed"
            );
        }
        assert!(columns_config("Mast.Nope").is_none());
    }
}
