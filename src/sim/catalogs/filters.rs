//! The `filters` of MAST's filtered catalog services, read against one catalog table:
//! discrete values OR'ed (case-insensitive text, numbers compared as numbers), `freeText`
//! SQL LIKE patterns, and `{"min", "max"}` ranges. Column names match ignoring case, as
//! MAST's do; unknown names and unconvertible values get MAST's own error texts.

use serde_json::Value;

use super::columns::{CatTable, Row, Ty};
use crate::sim::filters::like;
use crate::sim::json_out::Val;

#[derive(Debug, Clone, PartialEq)]
enum Wanted {
    Text(String),
    Num(f64),
}

/// One filter entry: the row matches when any value, the pattern or any range holds.
#[derive(Debug, Clone, PartialEq)]
pub struct CatFilter {
    pub col: usize,
    values: Vec<Wanted>,
    like: Option<String>,
    ranges: Vec<(Option<f64>, Option<f64>)>,
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn conversion_error(ty: Ty, raw: &str) -> String {
    match ty {
        Ty::Int => format!(
            "Conversion failed when converting the varchar value '{raw}' to data type bigint."
        ),
        _ => "Error converting data type varchar to float.".to_string(),
    }
}

fn number(ty: Ty, v: &Value) -> Result<f64, String> {
    let raw = scalar_text(v).ok_or_else(|| format!("Incorrect syntax near '{v}'."))?;
    raw.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| conversion_error(ty, &raw))
}

/// Reads `params.filters` for `table`.
pub fn parse_filters(table: &CatTable, v: Option<&Value>) -> Result<Vec<CatFilter>, String> {
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
        let col = table
            .column(name)
            .ok_or_else(|| format!("Invalid column name '{name}'."))?;
        let ty = table.cols[col].ty;
        let mut filter = CatFilter {
            col,
            values: Vec::new(),
            like: match f.get("freeText") {
                Some(Value::String(s)) if !s.is_empty() => Some(s.to_lowercase().replace('*', "%")),
                _ => None,
            },
            ranges: Vec::new(),
        };
        let values = f
            .get("values")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for x in &values {
            if x.is_object() {
                let bound = |k: &str| -> Result<Option<f64>, String> {
                    match x.get(k) {
                        None | Some(Value::Null) => Ok(None),
                        Some(b) => number(Ty::Float, b).map(Some),
                    }
                };
                filter.ranges.push((bound("min")?, bound("max")?));
            } else if ty == Ty::Text {
                let raw = scalar_text(x).ok_or_else(|| format!("Incorrect syntax near '{x}'."))?;
                filter.values.push(Wanted::Text(raw.trim().to_lowercase()));
            } else {
                filter.values.push(Wanted::Num(number(ty, x)?));
            }
        }
        // An entry with nothing in it constrains nothing (the portal sends these).
        if filter.values.is_empty() && filter.like.is_none() && filter.ranges.is_empty() {
            continue;
        }
        out.push(filter);
    }
    Ok(out)
}

impl CatFilter {
    pub fn matches(&self, v: &Val<'_>) -> bool {
        let text = match v {
            Val::Null => return false,
            Val::Str(s) => Some(s.trim().to_lowercase()),
            _ => None,
        };
        let num = match v {
            Val::Int(i) => Some(*i as f64),
            Val::Float(x) => Some(*x),
            Val::Bool(b) => Some(f64::from(u8::from(*b))),
            Val::Str(s) => s.trim().parse::<f64>().ok(),
            Val::Null => None,
        };
        let value_hit = self.values.iter().any(|w| match (w, &text, num) {
            (Wanted::Text(t), Some(s), _) => s == t,
            (Wanted::Num(n), _, Some(x)) => *n == x,
            _ => false,
        });
        let like_hit = self.like.as_deref().is_some_and(|p| {
            let shown = text.clone().unwrap_or_else(|| match v {
                Val::Int(i) => i.to_string(),
                Val::Float(x) => x.to_string(),
                _ => String::new(),
            });
            like(&shown, p)
        });
        let range_hit = num.is_some_and(|x| {
            self.ranges
                .iter()
                .any(|(lo, hi)| lo.is_none_or(|l| x >= l) && hi.is_none_or(|h| x <= h))
        });
        value_hit || like_hit || range_hit
    }

    /// Whether the row satisfies this filter on `table`.
    pub fn holds(&self, table: &CatTable, row: &Row<'_>) -> bool {
        self.matches(&(table.cols[self.col].val)(row))
    }
}

/// True when every filter holds.
pub fn all_hold(filters: &[CatFilter], table: &CatTable, row: &Row<'_>) -> bool {
    filters.iter().all(|f| f.holds(table, row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::catalogs::sky::{Sky, StarKey};
    use crate::sim::catalogs::tic::{TIC, row_of};
    use serde_json::json;

    #[test]
    fn values_ranges_and_patterns() {
        let sky = Sky::new(1, 2_000);
        let s = sky.star(StarKey::Cluster { k: 1, j: 2 }).unwrap();
        let row = row_of(&s);
        let f = |v: Value| parse_filters(&TIC, Some(&v)).unwrap();
        let objtype = if s.extended { "extended" } else { "star" };
        assert!(all_hold(
            &f(json!([{"paramName": "OBJTYPE", "values": [objtype, "x"]}])),
            &TIC,
            &row
        ));
        assert!(!all_hold(
            &f(json!([{"paramName": "objType", "values": ["nope"]}])),
            &TIC,
            &row
        ));
        let t = s.mag;
        assert!(all_hold(
            &f(json!([{"paramName": "Tmag", "values": [{"min": t - 0.01, "max": t + 0.01}]}])),
            &TIC,
            &row
        ));
        assert!(!all_hold(
            &f(json!([{"paramName": "Tmag", "values": [{"min": t + 0.1, "max": 99}]}])),
            &TIC,
            &row
        ));
        let id = crate::sim::catalogs::tic::tic_id(&s);
        assert!(all_hold(
            &f(json!([{"paramName": "ID", "values": [{"min": id, "max": id}]}])),
            &TIC,
            &row
        ));
        assert!(all_hold(
            &f(json!([{"paramName": "ID", "values": [id.to_string()]}])),
            &TIC,
            &row
        ));
        assert!(all_hold(
            &f(json!([{"paramName": "version", "values": [], "freeText": "2019%"}])),
            &TIC,
            &row
        ));
        assert!(f(json!([{"paramName": "Tmag", "values": []}])).is_empty());
    }

    #[test]
    fn mast_errors() {
        let e = parse_filters(
            &TIC,
            Some(&json!([{"paramName": "Tmagg", "values": ["1"]}])),
        )
        .unwrap_err();
        assert_eq!(e, "Invalid column name 'Tmagg'.");
        let e = parse_filters(
            &TIC,
            Some(&json!([{"paramName": "Tmag", "values": ["bright"]}])),
        )
        .unwrap_err();
        assert_eq!(e, "Error converting data type varchar to float.");
        assert!(parse_filters(&TIC, Some(&json!({"a": 1}))).is_err());
    }
}
