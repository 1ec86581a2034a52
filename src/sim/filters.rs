//! MAST-style filters over observation columns: discrete values (OR'ed, case-insensitive,
//! `;`-separated multi-values), numeric ranges, SQL LIKE wildcards, and cones.

use serde_json::Value;

use super::catalogue::{Block, Observation};
use super::columns::{Kind, ObsCol};
use super::json_out::Val;

#[derive(Debug, Clone, PartialEq)]
enum Wanted {
    Text(String),
    Num(f64),
}

#[derive(Debug, Clone, PartialEq)]
enum Cond {
    /// Any of the values, or the LIKE pattern (already lower-case, `*` turned into `%`).
    Discrete {
        values: Vec<Wanted>,
        like: Option<String>,
    },
    /// Any of the inclusive ranges; a missing bound is open.
    Range(Vec<(Option<Wanted>, Option<Wanted>)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    col: ObsCol,
    cond: Cond,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cone {
    pub ra: f64,
    pub dec: f64,
    pub radius: f64,
}

/// A parsed search: every filter must hold, and the position cone if any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub filters: Vec<Filter>,
    pub cone: Option<Cone>,
}

/// MAST's (SQL Server's) message for a value that does not convert to the column type.
fn conversion_error(kind: Kind, raw: &str) -> String {
    match kind {
        Kind::Long => "Error converting data type varchar to bigint.".to_string(),
        Kind::Int => {
            format!("Conversion failed when converting the varchar value '{raw}' to data type int.")
        }
        Kind::Bool => {
            format!("Conversion failed when converting the varchar value '{raw}' to data type bit.")
        }
        _ => "Error converting data type varchar to float.".to_string(),
    }
}

fn json_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn wanted(kind: Kind, v: &Value) -> Result<Wanted, String> {
    let raw = json_text(v).ok_or_else(|| format!("Incorrect syntax near '{v}'."))?;
    match kind {
        Kind::Text => Ok(Wanted::Text(raw.trim().to_lowercase())),
        Kind::Bool => match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Wanted::Num(1.0)),
            "false" | "0" => Ok(Wanted::Num(0.0)),
            _ => Err(conversion_error(kind, &raw)),
        },
        Kind::Int | Kind::Long => match raw.trim().parse::<i64>() {
            Ok(i) => Ok(Wanted::Num(i as f64)),
            // A float literal is fine for SQL when compared to an int.
            Err(_) if matches!(v, Value::Number(_)) => {
                Ok(Wanted::Num(v.as_f64().unwrap_or(f64::NAN)))
            }
            Err(_) => Err(conversion_error(kind, &raw)),
        },
        Kind::Double => raw
            .trim()
            .parse::<f64>()
            .map(Wanted::Num)
            .map_err(|_| conversion_error(kind, &raw)),
    }
}

/// Parse `params.filters` (a list). Unknown columns and bad values give MAST's error text.
pub fn parse_filters(v: Option<&Value>) -> Result<Vec<Filter>, String> {
    let list = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(other) => return Err(format!("Incorrect syntax near '{other}'.")),
    };
    let mut out = Vec::with_capacity(list.len());
    for f in list {
        let name = f
            .get("paramName")
            .and_then(Value::as_str)
            .ok_or("Filter is missing its paramName.")?;
        let col =
            ObsCol::from_name(name).ok_or_else(|| format!("Invalid column name '{name}'."))?;
        let kind = col.def().kind;
        let values = f
            .get("values")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let like = match f.get("freeText") {
            Some(Value::String(s)) if !s.is_empty() => Some(s.to_lowercase().replace('*', "%")),
            _ => None,
        };
        let is_range = values.iter().any(|x| x.is_object());
        let cond = if is_range {
            let mut ranges = Vec::new();
            for r in &values {
                let bound = |k: &str| -> Result<Option<Wanted>, String> {
                    match r.get(k) {
                        None | Some(Value::Null) => Ok(None),
                        Some(x) if kind == Kind::Text => {
                            Ok(json_text(x).map(|s| Wanted::Text(s.to_lowercase())))
                        }
                        Some(x) => wanted(
                            if kind == Kind::Bool {
                                Kind::Double
                            } else {
                                kind
                            },
                            x,
                        )
                        .map(Some),
                    }
                };
                ranges.push((bound("min")?, bound("max")?));
            }
            Cond::Range(ranges)
        } else {
            let values = values
                .iter()
                .map(|x| wanted(kind, x))
                .collect::<Result<Vec<_>, _>>()?;
            if values.is_empty() && like.is_none() {
                // An empty value list constrains nothing (the portal sends these for cleared facets).
                continue;
            }
            Cond::Discrete { values, like }
        };
        out.push(Filter { col, cond });
    }
    Ok(out)
}

/// Parse `"ra, dec, radius"` (degrees).
pub fn parse_position(s: &str) -> Result<Cone, String> {
    let parts: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| {
            format!("Invalid position '{s}': expected 'ra, dec, radius' in decimal degrees.")
        })?;
    match parts[..] {
        [ra, dec, radius] if (-90.0..=90.0).contains(&dec) && radius >= 0.0 => {
            Ok(Cone { ra, dec, radius })
        }
        _ => Err(format!(
            "Invalid position '{s}': expected 'ra, dec, radius' in decimal degrees."
        )),
    }
}

/// SQL LIKE on lower-case text: `%` any run, `_` one character.
pub fn like(text: &str, pattern: &str) -> bool {
    let t: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let p: Vec<char> = pattern.chars().collect();
    let (mut ti, mut pi) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '_' || p[pi] == t[ti]) {
            ti += 1;
            pi += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '%')
}

/// Great-circle distance in degrees.
pub fn separation(ra1: f64, dec1: f64, ra2: f64, dec2: f64) -> f64 {
    let (d1, d2) = (dec1.to_radians(), dec2.to_radians());
    let dra = (ra2 - ra1).to_radians();
    let a = ((d2 - d1) / 2.0).sin().powi(2) + d1.cos() * d2.cos() * (dra / 2.0).sin().powi(2);
    2.0 * a.sqrt().min(1.0).asin().to_degrees()
}

fn text_eq(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b)
}

impl Filter {
    fn matches(&self, v: &Val<'_>) -> bool {
        let sep = self.col.def().separator;
        match (&self.cond, v) {
            (_, Val::Null) => false,
            (Cond::Discrete { values, like: pat }, Val::Str(s)) => {
                let one = |part: &str| {
                    values
                        .iter()
                        .any(|w| matches!(w, Wanted::Text(t) if text_eq(part, t)))
                        || pat.as_deref().is_some_and(|p| like(part.trim(), p))
                };
                one(s) || (sep && s.split(';').any(one))
            }
            (Cond::Discrete { values, like: pat }, v) => {
                let x = match v {
                    Val::Bool(b) => f64::from(u8::from(*b)),
                    other => other.as_f64().unwrap_or(f64::NAN),
                };
                values
                    .iter()
                    .any(|w| matches!(w, Wanted::Num(n) if *n == x))
                    || pat.as_deref().is_some_and(|p| like(&fmt_num(v), p))
            }
            (Cond::Range(ranges), Val::Str(s)) => ranges.iter().any(|(lo, hi)| {
                let s = s.to_lowercase();
                let ok = |b: &Option<Wanted>, below: bool| match b {
                    None => true,
                    Some(Wanted::Text(t)) => {
                        if below {
                            s.as_str() >= t.as_str()
                        } else {
                            s.as_str() <= t.as_str()
                        }
                    }
                    Some(Wanted::Num(n)) => s
                        .parse::<f64>()
                        .is_ok_and(|x| if below { x >= *n } else { x <= *n }),
                };
                ok(lo, true) && ok(hi, false)
            }),
            (Cond::Range(ranges), v) => {
                let Some(x) = v.as_f64() else { return false };
                ranges.iter().any(|(lo, hi)| {
                    let num = |b: &Option<Wanted>| match b {
                        Some(Wanted::Num(n)) => Some(*n),
                        Some(Wanted::Text(t)) => t.parse().ok(),
                        None => None,
                    };
                    num(lo).is_none_or(|l| x >= l) && num(hi).is_none_or(|h| x <= h)
                })
            }
        }
    }
}

fn fmt_num(v: &Val<'_>) -> String {
    match v {
        Val::Int(i) => i.to_string(),
        Val::Float(f) => f.to_string(),
        Val::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

impl Query {
    /// False when no observation of the block can match (block-wide columns and the cone).
    pub fn block_may_match(&self, blk: &Block) -> bool {
        if let Some(c) = self.cone
            && separation(c.ra, c.dec, blk.ra, blk.dec) > c.radius + blk.reach()
        {
            return false;
        }
        self.filters
            .iter()
            .all(|f| blk.value(f.col).is_none_or(|v| f.matches(&v)))
    }

    /// Some(distance in arcsec, 0 without a cone) when the observation matches.
    pub fn matches(&self, obs: &Observation<'_>) -> Option<f64> {
        let distance = match self.cone {
            Some(c) => {
                let d = separation(c.ra, c.dec, obs.ra, obs.dec);
                if d > c.radius {
                    return None;
                }
                d * 3600.0
            }
            None => 0.0,
        };
        let block_level = |col: ObsCol| obs.block.value(col).is_some();
        self.filters
            .iter()
            .all(|f| block_level(f.col) || f.matches(&obs.value(f.col)))
            .then_some(distance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(filters: Value) -> Query {
        Query {
            filters: parse_filters(Some(&filters)).unwrap(),
            cone: None,
        }
    }

    #[test]
    fn like_is_anchored_and_case_insensitive() {
        assert!(like("NIRCAM/IMAGE", "nircam%"));
        assert!(!like("XNIRCAM", "nircam%"));
        assert!(like("jw01073-o001_t001", "%o001%"));
        assert!(like("abc", "a_c"));
        assert!(!like("abcd", "a_c"));
        assert!(like("", "%"));
    }

    #[test]
    fn parse_errors_are_mast_like() {
        let e = parse_filters(Some(&json!([{"paramName": "nope", "values": ["x"]}]))).unwrap_err();
        assert_eq!(e, "Invalid column name 'nope'.");
        let e = parse_filters(Some(
            &json!([{"paramName": "obsid", "values": ["jw01073-o001"]}]),
        ))
        .unwrap_err();
        assert_eq!(e, "Error converting data type varchar to bigint.");
        assert!(
            parse_filters(Some(
                &json!([{"paramName": "t_min", "values": [{"min": "x", "max": 3}]}])
            ))
            .is_err()
        );
        assert!(parse_position("1, 2").is_err());
        assert_eq!(parse_position("210.8, 54.3, 0.2").unwrap().radius, 0.2);
    }

    #[test]
    fn evaluates_against_the_special_program() {
        let blk = Block::special(100);
        let o = blk.observation(1, 1); // F277W
        assert!(
            q(json!([{"paramName": "obs_collection", "values": ["jwst"], "separator": ";"}]))
                .matches(&o)
                .is_some()
        );
        assert!(
            q(json!([{"paramName": "filters", "values": ["F277W", "F090W"]}]))
                .matches(&o)
                .is_some()
        );
        assert!(
            q(json!([{"paramName": "filters", "values": ["F090W"]}]))
                .matches(&o)
                .is_none()
        );
        assert!(
            q(json!([{"paramName": "instrument_name", "values": [], "freeText": "NIRCAM*"}]))
                .matches(&o)
                .is_some()
        );
        assert!(
            q(json!([{"paramName": "t_exptime", "values": [{"min": 1000, "max": 1300}]}]))
                .matches(&o)
                .is_some()
        );
        assert!(
            q(json!([{"paramName": "t_exptime", "values": [{"min": 1300, "max": 2000}]}]))
                .matches(&o)
                .is_none()
        );
        assert!(
            q(json!([{"paramName": "calib_level", "values": ["3"]}]))
                .matches(&o)
                .is_some()
        );
        assert!(q(json!([{"paramName": "proposal_id", "values": ["1073"]}])).block_may_match(&blk));
        assert!(
            !q(json!([{"paramName": "proposal_id", "values": ["1074"]}])).block_may_match(&blk)
        );
        let tc = q(
            json!([{"paramName": "target_classification", "values": ["spiral"], "separator": ";"}]),
        );
        assert!(tc.matches(&o).is_some());
        let mut cone = Query {
            cone: Some(Cone {
                ra: 53.40155,
                dec: -36.14039,
                radius: 0.1,
            }),
            ..Default::default()
        };
        let d = cone.matches(&o).unwrap();
        assert!(d < 360.0, "{d}");
        cone.cone = Some(Cone {
            ra: 10.0,
            dec: 10.0,
            radius: 0.1,
        });
        assert!(cone.matches(&o).is_none());
        assert!(!cone.block_may_match(&blk));
    }

    #[test]
    fn separation_is_sane() {
        assert!((separation(0.0, 0.0, 1.0, 0.0) - 1.0).abs() < 1e-9);
        assert!((separation(10.0, 89.0, 190.0, 89.0) - 2.0).abs() < 1e-9);
    }
}
