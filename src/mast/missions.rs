//! The mission list from `Mast.Caom.All` (`format: extjs`): the keys of the obs_collection
//! histogram, `data.Tables[0].Columns[i].ExtendedProperties.histObj`.
use serde_json::Value;

use super::response::lenient_u64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mission {
    pub name: String,
    pub count: u64,
}

const COLUMN: &str = "obs_collection";

/// A value that may be an object or a JSON string holding one (extjs answers nest both ways).
fn as_object_value(v: &Value) -> Option<Value> {
    match v {
        Value::Object(_) => Some(v.clone()),
        Value::String(s) => serde_json::from_str::<Value>(s)
            .ok()
            .filter(Value::is_object),
        _ => None,
    }
}

/// A key looked up exactly, then ignoring case.
fn get_ci<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let obj = v.as_object()?;
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn is_collection_column(col: &Value) -> bool {
    ["text", "name", "dataIndex"].iter().any(|k| {
        get_ci(col, k)
            .and_then(Value::as_str)
            .is_some_and(|s| s.trim().eq_ignore_ascii_case(COLUMN))
    })
}

/// Every table's columns, wherever `Tables` sits (under `data`, or at the top).
fn columns(root: &Value) -> Vec<&Value> {
    let data = get_ci(root, "data").unwrap_or(root);
    let tables = get_ci(data, "Tables")
        .and_then(Value::as_array)
        .map(|t| t.iter().collect::<Vec<_>>())
        .unwrap_or_default();
    tables
        .into_iter()
        .filter_map(|t| get_ci(t, "Columns").and_then(Value::as_array))
        .flatten()
        .collect()
}

fn histogram(col: &Value) -> Option<Value> {
    let props = get_ci(col, "ExtendedProperties").and_then(as_object_value);
    let hist = props.as_ref().and_then(|p| get_ci(p, "histObj"));
    hist.or_else(|| get_ci(col, "histObj"))
        .and_then(as_object_value)
}

/// The obs_collection histogram's keys and counts, sorted by name (ignoring case).
pub fn parse_missions(bytes: &[u8]) -> Result<Vec<Mission>, String> {
    let root: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("mission list answer is not JSON: {e}"))?;
    if let Some(status) = get_ci(&root, "status").and_then(Value::as_str)
        && status.eq_ignore_ascii_case("ERROR")
    {
        let msg = get_ci(&root, "msg").and_then(Value::as_str).unwrap_or("");
        return Err(format!("mission list: MAST answered ERROR: {msg}"));
    }
    let hist = columns(&root)
        .into_iter()
        .filter(|c| is_collection_column(c))
        .find_map(histogram)
        .ok_or_else(|| "mission list answer has no obs_collection histogram".to_string())?;
    let Some(obj) = hist.as_object() else {
        return Err("mission list histogram is not an object".into());
    };
    let mut missions: Vec<Mission> = obj
        .iter()
        .filter(|(k, _)| k.as_str() != "hist")
        .filter_map(|(k, v)| {
            let entry = v.as_object()?;
            let name = k.trim();
            (!name.is_empty()).then(|| Mission {
                name: name.to_string(),
                count: lenient_u64(entry.get("count")).unwrap_or(0),
            })
        })
        .collect();
    if missions.is_empty() {
        // Some answers carry only the `hist` list of {key, count}.
        missions = obj
            .get("hist")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|e| {
                let name = get_ci(e, "key").and_then(Value::as_str)?.trim();
                (!name.is_empty()).then(|| Mission {
                    name: name.to_string(),
                    count: lenient_u64(get_ci(e, "count")).unwrap_or(0),
                })
            })
            .collect();
    }
    missions.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.name.cmp(&b.name))
    });
    missions.dedup_by(|a, b| a.name == b.name);
    Ok(missions)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXTJS: &str = r#"{"status": "COMPLETE", "msg": "", "data": {"Tables": [{
        "TableName": "Mast.Caom.All", "ExtendedProperties": {},
        "Columns": [
          {"text": "Observation Type", "dataIndex": "intentType", "ExtendedProperties":
             {"histObj": {"hist": [], "science": {"count": 3000000, "key": "science"}}}},
          {"text": "Mission", "dataIndex": "obs_collection", "ExtendedProperties": {
             "vot.datatype": "char",
             "histObj": {
               "hist": [{"key": "HST", "count": 484983}, {"key": "JWST", "count": 98123}],
               "HST": {"count": 484983, "key": "HST"},
               "JWST": {"count": "98123", "key": "JWST"},
               "TESS": {"count": 1203555, "key": "TESS"},
               "K2": {"count": 62012, "key": "K2"},
               "Kepler": {"count": 14789, "key": "Kepler"},
               "GALEX": {"count": 1223, "key": "GALEX"},
               "HLSP": {"count": 54321, "key": "HLSP"},
               "IUE": {"count": 110000, "key": "IUE"},
               "PS1": {"count": 4, "key": "PS1"},
               "SWIFT": {"count": 1542, "key": "SWIFT"},
               "hla": {"count": 7, "key": "hla"},
               "note": "not an entry",
               "total": 5
             }}}
        ],
        "Rows": []}]}}"#;

    #[test]
    fn reads_obs_collection_histogram_sorted() {
        let m = parse_missions(EXTJS.as_bytes()).unwrap();
        let names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "GALEX", "hla", "HLSP", "HST", "IUE", "JWST", "K2", "Kepler", "PS1", "SWIFT",
                "TESS"
            ]
        );
        assert_eq!(
            m[3],
            Mission {
                name: "HST".into(),
                count: 484983
            }
        );
        assert_eq!(m[5].count, 98123);
    }

    #[test]
    fn column_found_by_name_and_histogram_as_string() {
        let body = r#"{"data": {"Tables": [{"Columns": [
            {"name": "OBS_COLLECTION", "ExtendedProperties":
               "{\"histObj\": {\"hist\": [], \"HST\": {\"count\": 3}}}"}]}]}}"#;
        let m = parse_missions(body.as_bytes()).unwrap();
        assert_eq!(
            m,
            vec![Mission {
                name: "HST".into(),
                count: 3
            }]
        );
    }

    #[test]
    fn falls_back_to_hist_list() {
        let body = r#"{"data": {"Tables": [{"Columns": [{"dataIndex": "obs_collection",
            "ExtendedProperties": {"histObj": {"hist": [{"key": "TESS", "count": 9},
            {"key": "HST", "count": "4"}, {"count": 1}]}}}]}]}}"#;
        let m = parse_missions(body.as_bytes()).unwrap();
        assert_eq!(
            m,
            vec![
                Mission {
                    name: "HST".into(),
                    count: 4
                },
                Mission {
                    name: "TESS".into(),
                    count: 9
                }
            ]
        );
    }

    #[test]
    fn errors() {
        assert!(parse_missions(b"<html>").is_err());
        assert!(parse_missions(br#"{"data": {"Tables": []}}"#).is_err());
        assert!(
            parse_missions(br#"{"data": {"Tables": [{"Columns": [{"text": "Mission"}]}]}}"#)
                .is_err()
        );
        let e = parse_missions(br#"{"status": "ERROR", "msg": "boom", "data": null}"#).unwrap_err();
        assert!(e.contains("boom"));
        assert!(parse_missions(b"[1,2]").is_err());
    }
}
