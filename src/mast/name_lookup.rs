//! Target names to coordinates via `Mast.Name.Lookup`.
//!
//! The answer is read leniently: numbers may come as strings, fields may be missing, and a
//! resolver entry without usable coordinates is skipped rather than failing the lookup.
use serde_json::Value;

/// One resolver's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedName {
    pub search_string: String,
    pub canonical_name: String,
    pub resolver: String,
    pub ra: f64,
    pub dec: f64,
    pub radius: Option<f64>,
    pub object_type: Option<String>,
}

/// The invoke params for a lookup of `name`.
pub fn lookup_params(name: &str) -> serde_json::Value {
    serde_json::json!({"input": name, "format": "json"})
}

fn number(v: Option<&Value>) -> Option<f64> {
    let x = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    x.is_finite().then_some(x)
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn resolved(entry: &Value) -> Option<ResolvedName> {
    let ra = number(entry.get("ra"))?;
    // MAST says `decl`; accept `dec` too in case a resolver spells it plainly.
    let dec = number(entry.get("decl")).or_else(|| number(entry.get("dec")))?;
    if !(0.0..=360.0).contains(&ra) || !(-90.0..=90.0).contains(&dec) {
        return None;
    }
    let search_string = text(entry.get("searchString")).unwrap_or_default();
    let canonical_name = text(entry.get("canonicalName")).unwrap_or_else(|| search_string.clone());
    Some(ResolvedName {
        search_string,
        canonical_name,
        resolver: text(entry.get("resolver")).unwrap_or_default(),
        // 360.0 is the same place as 0.0; SkyCoord wants [0, 360).
        ra: if ra == 360.0 { 0.0 } else { ra },
        dec,
        radius: number(entry.get("radius")),
        object_type: text(entry.get("objectType")),
    })
}

/// The resolvers' answers, first is best; empty when nothing resolved.
pub fn parse_lookup(bytes: &[u8]) -> Result<Vec<ResolvedName>, String> {
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("name lookup answer is not JSON: {e}"))?;
    let Some(obj) = v.as_object() else {
        return Err("name lookup answer is not a JSON object".into());
    };
    match obj.get("resolvedCoordinate") {
        Some(Value::Array(list)) => Ok(list.iter().filter_map(resolved).collect()),
        // A single entry not wrapped in a list.
        Some(entry @ Value::Object(_)) => Ok(resolved(entry).into_iter().collect()),
        Some(Value::Null) | None => {
            // No list at all: a non-empty status is the server's explanation.
            match obj.get("status").and_then(Value::as_str).map(str::trim) {
                Some(status) if !status.is_empty() => Err(format!("name lookup failed: {status}")),
                _ => Ok(Vec::new()),
            }
        }
        Some(other) => Err(format!(
            "name lookup answer has resolvedCoordinate of an unexpected kind: {other}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M101: &str = r#"{"resolvedCoordinate": [
        {"searchString": "m101", "resolver": "NED", "canonicalName": "MESSIER 101",
         "ra": 210.80227, "decl": 54.34895, "radius": 0.24, "objectType": "G",
         "resolverTime": 113, "cached": true, "cacheDate": "Apr 29, 2025 6:18:01 PM"},
        {"searchString": "m101", "resolver": "SIMBAD", "canonicalName": "M 101",
         "ra": "210.802429", "decl": "54.348750", "radius": "", "objectType": "GiG"}
      ], "status": ""}"#;

    #[test]
    fn params() {
        assert_eq!(
            lookup_params("M101"),
            serde_json::json!({"input": "M101", "format": "json"})
        );
    }

    #[test]
    fn parses_resolvers_in_order() {
        let r = parse_lookup(M101.as_bytes()).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(
            r[0],
            ResolvedName {
                search_string: "m101".into(),
                canonical_name: "MESSIER 101".into(),
                resolver: "NED".into(),
                ra: 210.80227,
                dec: 54.34895,
                radius: Some(0.24),
                object_type: Some("G".into()),
            }
        );
        assert_eq!(r[1].resolver, "SIMBAD");
        assert_eq!((r[1].ra, r[1].dec), (210.802429, 54.34875));
        assert_eq!(r[1].radius, None);
    }

    #[test]
    fn empty_list_means_not_resolved() {
        assert_eq!(
            parse_lookup(br#"{"resolvedCoordinate": [], "status": ""}"#).unwrap(),
            vec![]
        );
        assert_eq!(parse_lookup(br#"{"status": ""}"#).unwrap(), vec![]);
        assert_eq!(
            parse_lookup(br#"{"resolvedCoordinate": null}"#).unwrap(),
            vec![]
        );
    }

    #[test]
    fn missing_fields_tolerated_and_bad_entries_skipped() {
        let r = parse_lookup(
            br#"{"resolvedCoordinate": [
                {"ra": 10, "decl": -5},
                {"ra": "x", "decl": 1},
                {"ra": 1},
                {"ra": 400, "decl": 0},
                {"ra": 1, "decl": 95},
                "garbage",
                {"ra": 360, "dec": "-90", "searchString": "pole"}
            ]}"#,
        )
        .unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].ra, r[0].dec), (10.0, -5.0));
        assert_eq!(r[0].canonical_name, "");
        assert_eq!(r[0].object_type, None);
        assert_eq!((r[1].ra, r[1].dec), (0.0, -90.0));
        assert_eq!(r[1].canonical_name, "pole");
    }

    #[test]
    fn single_object_and_errors() {
        let r = parse_lookup(br#"{"resolvedCoordinate": {"ra": 1, "decl": 2, "resolver": "NED"}}"#)
            .unwrap();
        assert_eq!(r[0].resolver, "NED");
        let e = parse_lookup(br#"{"status": "Resolver service unavailable"}"#).unwrap_err();
        assert!(e.contains("Resolver service unavailable"));
        assert!(parse_lookup(b"<html>").is_err());
        assert!(parse_lookup(b"[]").is_err());
        assert!(parse_lookup(br#"{"resolvedCoordinate": 5}"#).is_err());
    }
}
