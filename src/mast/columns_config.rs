//! The portal's column configuration (`columnsconfig`, e.g. `colConfigId=Mast.Caom.Cone`):
//! which columns exist, how MAST filters on each, and their labels and units.
//!
//! Property values are read leniently: MAST sends booleans as `true` or `"true"`, types under
//! `vot.datatype` or `type`, and the same code reads a Products config.
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::common::near::closest;

/// How MAST filters on a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnKind {
    /// double/float/numeric or treatNumeric: `{"min":..,"max":..}` ranges.
    Continuous,
    /// Everything else (including int columns): values as strings, OR'ed.
    Discrete { separator: Option<String> },
}

/// One column's properties as the config gives them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnInfo {
    /// MAST's spelling.
    pub name: String,
    /// `text`: the label the portal shows.
    pub label: Option<String>,
    /// `vot.datatype`, else `type`, lowercased (`double`, `int`, `char`, ...).
    pub datatype: Option<String>,
    /// `separator` (`;` for multi-valued columns such as obs_collection).
    pub separator: Option<String>,
    /// `treatNumeric`: filtered as a range although not declared numeric.
    pub treat_numeric: bool,
    /// `isMjd`, when the config says.
    pub is_mjd: Option<bool>,
    pub unit: Option<String>,
    /// `vot.description`.
    pub description: Option<String>,
    pub example: Option<String>,
    /// `ignoreValue`: a placeholder value the portal leaves out of histograms.
    pub ignore_value: Option<String>,
    /// `remove`: listed by the config but gone from MAST's answers; the server refuses
    /// criteria on it, so it is never suggested.
    pub remove: bool,
}

const CONTINUOUS_TYPES: &[&str] = &["double", "float", "numeric", "real", "decimal"];
const INTEGER_TYPES: &[&str] = &[
    "int",
    "integer",
    "long",
    "short",
    "byte",
    "unsignedbyte",
    "bigint",
    "smallint",
    "tinyint",
    "int8",
    "int16",
    "int32",
    "int64",
];
/// CAOM's MJD columns, for configs that do not flag them with `isMjd`.
const MJD_COLUMNS: &[&str] = &["t_min", "t_max", "t_obs_release"];

/// Names people reach for, and the CAOM column they mean (suggested only if it exists).
const ALIASES: &[(&str, &str)] = &[
    ("ra", "s_ra"),
    ("dec", "s_dec"),
    ("mission", "obs_collection"),
    ("collection", "obs_collection"),
    ("telescope", "obs_collection"),
    ("instrument", "instrument_name"),
    ("target", "target_name"),
    ("object", "target_name"),
    ("filter", "filters"),
    ("pi", "proposal_pi"),
    ("program", "proposal_id"),
    ("proposal", "proposal_id"),
    ("exptime", "t_exptime"),
    ("exposure", "t_exptime"),
    ("level", "calib_level"),
    ("release", "t_obs_release"),
];

impl ColumnInfo {
    /// Filtered as a range: a numeric datatype or `treatNumeric` (PROTOCOL.md section 2).
    pub fn is_continuous(&self) -> bool {
        self.treat_numeric
            || self
                .datatype
                .as_deref()
                .is_some_and(|t| CONTINUOUS_TYPES.contains(&t))
    }

    /// Declared as a whole-number type (calib_level, obsid): discrete, but ranges like `2..3`
    /// can be expanded and values must be integers.
    pub fn is_integer(&self) -> bool {
        self.datatype
            .as_deref()
            .is_some_and(|t| INTEGER_TYPES.contains(&t))
    }

    pub fn kind(&self) -> ColumnKind {
        if self.is_continuous() {
            ColumnKind::Continuous
        } else {
            ColumnKind::Discrete {
                separator: self.separator.clone(),
            }
        }
    }

    pub fn is_mjd(&self) -> bool {
        self.is_mjd.unwrap_or_else(|| {
            MJD_COLUMNS
                .iter()
                .any(|c| c.eq_ignore_ascii_case(&self.name))
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct ColumnsConfig {
    /// In the config's order, which is the portal's column order.
    columns: Vec<ColumnInfo>,
    /// Lowercased name -> index in `columns`.
    by_lower: HashMap<String, usize>,
}

/// A property as text, whatever JSON type it came as; empty and null count as absent.
fn text_prop(props: &Value, key: &str) -> Option<String> {
    let s = match props.get(key)? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.trim().is_empty()).then_some(s)
}

/// A property as a flag: `true`, `"true"`, `"True"`, `1`, `"1"`, `"yes"`.
fn bool_prop(props: &Value, key: &str) -> Option<bool> {
    match props.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_f64().is_some_and(|x| x != 0.0)),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "y" => Some(true),
            "false" | "0" | "no" | "n" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

impl ColumnInfo {
    fn from_props(name: &str, props: &Value) -> ColumnInfo {
        let datatype = text_prop(props, "vot.datatype")
            .or_else(|| text_prop(props, "type"))
            .map(|t| t.trim().to_ascii_lowercase());
        ColumnInfo {
            name: name.to_string(),
            label: text_prop(props, "text"),
            datatype,
            // Taken verbatim: whitespace may be part of a separator.
            separator: props
                .get("separator")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            treat_numeric: bool_prop(props, "treatNumeric").unwrap_or(false),
            is_mjd: bool_prop(props, "isMjd"),
            unit: text_prop(props, "unit"),
            description: text_prop(props, "vot.description"),
            example: text_prop(props, "example"),
            ignore_value: text_prop(props, "ignoreValue"),
            remove: bool_prop(props, "remove").unwrap_or(false),
        }
    }
}

/// Reads a JSON object's entries in document order (serde_json's map would sort them).
struct OrderedEntries(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for OrderedEntries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OrderedEntries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object of column name -> properties")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedEntries, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                Ok(OrderedEntries(out))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<OrderedEntries, A::Error> {
                Err(de::Error::custom(
                    "expected a JSON object of column name -> properties, got a list",
                ))
            }
        }
        d.deserialize_map(V)
    }
}

impl ColumnsConfig {
    pub fn from_json(bytes: &[u8]) -> Result<ColumnsConfig, String> {
        let OrderedEntries(mut entries) = serde_json::from_slice(bytes)
            .map_err(|e| format!("columns config is not a JSON object: {e}"))?;
        // Tolerate the config wrapped once under its id: {"Mast.Caom.Cone": {...}}.
        if entries.len() == 1
            && entries[0].0.starts_with("Mast.")
            && entries[0]
                .1
                .as_object()
                .is_some_and(|o| !o.is_empty() && o.values().all(Value::is_object))
        {
            let inner = serde_json::to_vec(&entries[0].1).map_err(|e| e.to_string())?;
            entries = serde_json::from_slice::<OrderedEntries>(&inner)
                .map_err(|e| e.to_string())?
                .0;
        }
        let mut config = ColumnsConfig::default();
        for (name, props) in entries {
            // Non-object entries are not column descriptions; skip them rather than fail.
            // `_selected_` is the portal's own checkbox column, never in an answer.
            if !props.is_object() || name.trim().is_empty() || name == "_selected_" {
                continue;
            }
            let lower = name.to_lowercase();
            if config.by_lower.contains_key(&lower) {
                continue;
            }
            config.by_lower.insert(lower, config.columns.len());
            config.columns.push(ColumnInfo::from_props(&name, &props));
        }
        if config.columns.is_empty() {
            return Err("columns config describes no columns".into());
        }
        Ok(config)
    }

    /// A config from column descriptions (tests, fallbacks when the portal is unreachable).
    pub fn from_columns(columns: Vec<ColumnInfo>) -> ColumnsConfig {
        let mut config = ColumnsConfig::default();
        for c in columns {
            let lower = c.name.to_lowercase();
            if config.by_lower.contains_key(&lower) {
                continue;
            }
            config.by_lower.insert(lower, config.columns.len());
            config.columns.push(c);
        }
        config
    }

    /// A column's properties, matched case-insensitively.
    pub fn column(&self, column: &str) -> Option<&ColumnInfo> {
        let i = self.by_lower.get(&column.trim().to_lowercase())?;
        self.columns.get(*i)
    }

    /// Every column in the config's order.
    pub fn columns(&self) -> &[ColumnInfo] {
        &self.columns
    }

    /// MAST's spelling of a column, matched case-insensitively.
    pub fn canonical_name(&self, column: &str) -> Option<&str> {
        self.column(column).map(|c| c.name.as_str())
    }

    pub fn kind(&self, column: &str) -> Option<ColumnKind> {
        self.column(column).map(ColumnInfo::kind)
    }

    /// True for MJD time columns (t_min, t_max, t_obs_release).
    pub fn is_mjd(&self, column: &str) -> bool {
        self.column(column).is_some_and(ColumnInfo::is_mjd)
    }

    /// The closest valid column name, for "did you mean": a known alias (`ra` -> `s_ra`),
    /// then the one name that contains what was typed (`instrument` -> `instrument_name`),
    /// then the nearest by edit distance if it is close enough for a typo (1 edit for up to
    /// 4 letters, 2 up to 8, 3 beyond), ignoring case and `-`/space versus `_`.
    pub fn suggest(&self, column: &str) -> Option<&str> {
        let typed: String = column
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect();
        if typed.is_empty() {
            return None;
        }
        if let Some(c) = self.column(&typed) {
            return Some(&c.name);
        }
        if let Some(c) = ALIASES
            .iter()
            .find(|(alias, _)| *alias == typed)
            .and_then(|(_, target)| self.column(target))
        {
            return Some(&c.name);
        }
        // Columns MAST marks removed would only earn a server error: never suggested.
        let candidates: Vec<(&ColumnInfo, String)> = self
            .columns
            .iter()
            .filter(|c| !c.remove)
            .map(|c| (c, c.name.to_lowercase()))
            .collect();
        if typed.chars().count() >= 3 {
            let mut containing = candidates.iter().filter(|(_, n)| n.contains(&typed));
            if let (Some((c, _)), None) = (containing.next(), containing.next()) {
                return Some(&c.name);
            }
        }
        // Of equally close names the first wins: config order is stable.
        closest(&typed, candidates.iter().map(|(c, _)| c.name.as_str()))
    }

    /// Column names in the config's order.
    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// Names of the columns MAST does not mark `remove`d, in the config's order: what a
    /// person can usefully search on.
    pub fn searchable_names(&self) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|c| !c.remove)
            .map(|c| c.name.as_str())
            .collect()
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAOM: &[u8] = include_bytes!("../../tests/fixtures/columnsconfig_caom.json");

    fn caom() -> ColumnsConfig {
        ColumnsConfig::from_json(CAOM).unwrap()
    }

    const ALL_CAOM: &[&str] = &[
        "intentType",
        "obs_collection",
        "provenance_name",
        "instrument_name",
        "project",
        "filters",
        "wavelength_region",
        "target_name",
        "target_classification",
        "obs_id",
        "s_ra",
        "s_dec",
        "dataproduct_type",
        "proposal_pi",
        "calib_level",
        "t_min",
        "t_max",
        "t_exptime",
        "em_min",
        "em_max",
        "obs_title",
        "t_obs_release",
        "proposal_id",
        "proposal_type",
        "sequence_number",
        "s_region",
        "jpegURL",
        "dataURL",
        "dataRights",
        "mtFlag",
        "srcDen",
        "obsid",
        "objID",
        "distance",
    ];

    #[test]
    fn fixture_has_every_caom_column_in_order() {
        let c = caom();
        assert_eq!(c.searchable_names(), ALL_CAOM);
        // Removed columns are still known names; the portal's `_selected_` is not.
        let mut all = ALL_CAOM.to_vec();
        all.extend(["s_fov", "obs_creator_name", "em_res_power"]);
        assert_eq!(c.names(), all);
        assert!(c.column("_selected_").is_none());
        assert!(c.column("em_res_power").unwrap().remove);
    }

    #[test]
    fn removed_columns_are_never_suggested() {
        let c = caom();
        assert_eq!(c.suggest("s_fv"), None);
        assert_eq!(c.suggest("creator"), None);
        // Exactly named, it is still found (build_filters lets MAST answer for it).
        assert_eq!(c.canonical_name("S_FOV"), Some("s_fov"));
    }

    #[test]
    fn kinds_follow_the_protocol() {
        let c = caom();
        let sep = |s: &str| ColumnKind::Discrete {
            separator: Some(s.to_string()),
        };
        let plain = ColumnKind::Discrete { separator: None };
        for col in [
            "s_ra",
            "s_dec",
            "t_min",
            "t_max",
            "t_exptime",
            "em_min",
            "em_max",
        ] {
            assert_eq!(c.kind(col), Some(ColumnKind::Continuous), "{col}");
        }
        // Declared double with isMjd; treatNumeric as a string on a column declared string.
        assert_eq!(c.kind("t_obs_release"), Some(ColumnKind::Continuous));
        assert_eq!(c.kind("distance"), Some(ColumnKind::Continuous));
        for col in [
            "obs_collection",
            "project",
            "filters",
            "wavelength_region",
            "target_classification",
        ] {
            assert_eq!(c.kind(col), Some(sep(";")), "{col}");
        }
        for col in [
            "calib_level",
            "obsid",
            "objID",
            "sequence_number",
            "obs_id",
            "intentType",
            "mtFlag",
        ] {
            assert_eq!(c.kind(col), Some(plain.clone()), "{col}");
        }
        assert_eq!(c.kind("nope"), None);
        assert!(c.column("calib_level").unwrap().is_integer());
        assert!(!c.column("obs_id").unwrap().is_integer());
    }

    #[test]
    fn names_are_case_insensitive() {
        let c = caom();
        assert_eq!(c.canonical_name("OBSID"), Some("obsid"));
        assert_eq!(c.canonical_name("obsId"), Some("obsid"));
        assert_eq!(c.canonical_name("intenttype"), Some("intentType"));
        assert_eq!(c.canonical_name(" jpegurl "), Some("jpegURL"));
        assert_eq!(c.canonical_name("obs_ids"), None);
    }

    #[test]
    fn mjd_flags_and_fallback() {
        let c = caom();
        assert!(c.is_mjd("t_min") && c.is_mjd("T_MAX") && c.is_mjd("t_obs_release"));
        assert!(!c.is_mjd("t_exptime") && !c.is_mjd("nope"));
        // Without isMjd, the CAOM names are assumed; an explicit false wins.
        let c = ColumnsConfig::from_json(
            br#"{"t_min": {"vot.datatype": "double"}, "t_max": {"isMjd": false}, "x": {"isMjd": "true"}}"#,
        )
        .unwrap();
        assert!(c.is_mjd("t_min"));
        assert!(!c.is_mjd("t_max"));
        assert!(c.is_mjd("x"));
    }

    #[test]
    fn did_you_mean() {
        let c = caom();
        assert_eq!(c.suggest("calib_lvel"), Some("calib_level"));
        assert_eq!(c.suggest("Calib-Level"), Some("calib_level"));
        assert_eq!(c.suggest("obs_colletcion"), Some("obs_collection"));
        assert_eq!(c.suggest("instrument"), Some("instrument_name"));
        assert_eq!(c.suggest("instrumnt_name"), Some("instrument_name"));
        assert_eq!(c.suggest("ra"), Some("s_ra"));
        assert_eq!(c.suggest("mission"), Some("obs_collection"));
        assert_eq!(c.suggest("proposal_pl"), Some("proposal_pi"));
        assert_eq!(c.suggest("targetname"), Some("target_name"));
        assert_eq!(c.suggest("OBSID"), Some("obsid"));
        // Too far from anything, or ambiguous substrings: no suggestion.
        assert_eq!(c.suggest("banana"), None);
        assert_eq!(c.suggest("xyz"), None);
        assert_eq!(c.suggest("proposal"), Some("proposal_id"));
        assert_eq!(c.suggest("t_m"), None);
        assert_eq!(c.suggest(""), None);
        assert_eq!(
            c.suggest("\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
            None
        );
    }

    #[test]
    fn lenient_values_and_bad_entries() {
        let c = ColumnsConfig::from_json(
            br#"{"a": {"type": "Float"}, "b": {"treatNumeric": "True", "type": "string"},
                 "c": {"treatNumeric": 1}, "d": {"treatNumeric": "false", "vot.datatype": "int", "type": "double"},
                 "e": {"separator": ""}, "f": 7, "g": null, "h": {"separator": ";", "remove": "true", "unit": 5},
                 "A": {"type": "string"}}"#,
        )
        .unwrap();
        assert_eq!(c.names(), ["a", "b", "c", "d", "e", "h"]);
        assert_eq!(c.kind("a"), Some(ColumnKind::Continuous));
        assert_eq!(c.kind("b"), Some(ColumnKind::Continuous));
        assert_eq!(c.kind("c"), Some(ColumnKind::Continuous));
        // vot.datatype wins over type.
        assert_eq!(c.kind("d"), Some(ColumnKind::Discrete { separator: None }));
        assert_eq!(c.kind("e"), Some(ColumnKind::Discrete { separator: None }));
        let h = c.column("h").unwrap();
        assert!(h.remove);
        assert_eq!(h.unit.as_deref(), Some("5"));
        assert_eq!(
            c.kind("h"),
            Some(ColumnKind::Discrete {
                separator: Some(";".into())
            })
        );
    }

    #[test]
    fn labels_units_descriptions() {
        let c = caom();
        let t = c.column("t_min").unwrap();
        assert_eq!(t.label.as_deref(), Some("Start Time"));
        assert_eq!(t.unit.as_deref(), Some("MJD"));
        assert!(
            t.description
                .as_deref()
                .unwrap_or("")
                .contains("start time")
        );
        assert_eq!(c.column("em_min").unwrap().unit.as_deref(), Some("nm"));
    }

    #[test]
    fn wrapped_config_and_garbage() {
        let c = ColumnsConfig::from_json(
            br#"{"Mast.Caom.Cone": {"obsid": {"type": "long"}, "s_ra": {"vot.datatype": "double"}}}"#,
        )
        .unwrap();
        assert_eq!(c.names(), ["obsid", "s_ra"]);
        assert!(ColumnsConfig::from_json(b"[]").is_err());
        assert!(ColumnsConfig::from_json(b"{}").is_err());
        assert!(ColumnsConfig::from_json(b"<html>").is_err());
        assert!(ColumnsConfig::from_json(br#"{"a": 1, "b": "x"}"#).is_err());
        assert!(ColumnsConfig::from_json(b"").is_err());
    }

    #[test]
    fn products_config_works_too() {
        let c = ColumnsConfig::from_json(
            br#"{"obsID": {"text": "Product Group ID", "type": "string"},
                 "productType": {"text": "Product Type", "type": "string"},
                 "size": {"text": "Size", "vot.datatype": "long", "treatNumeric": true},
                 "productFilename": {"text": "Filename"}}"#,
        )
        .unwrap();
        assert_eq!(c.kind("size"), Some(ColumnKind::Continuous));
        assert_eq!(
            c.kind("producttype"),
            Some(ColumnKind::Discrete { separator: None })
        );
        assert_eq!(c.suggest("product_type"), Some("productType"));
        assert!(!c.is_mjd("size"));
    }
}
