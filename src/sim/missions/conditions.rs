//! The value syntax of missions search conditions, applied as MAST applies it: `a,b`
//! alternatives OR'ed, `*` wildcards, a leading `!` negates (negations AND'ed), `<`, `>`,
//! `<=`, `>=` and inclusive `a..b` ranges on numbers and dates. Text compares without case
//! and without MAST's blank padding.

use serde_json::Value;

use super::columns::{Col, Kind};
use crate::sim::filters::like;
use crate::sim::json_out::Val;

#[derive(Debug, Clone, PartialEq)]
enum Bound {
    Num(f64),
    /// An ISO date or date-time prefix (`2012`, `2022-07-12T08`).
    Date(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    /// Equal text, lower-cased.
    Text(String),
    /// A LIKE pattern (`%` for `*`), lower-cased.
    Like(String),
    /// Inclusive bounds; `None` is open. Strict bounds say so.
    Range {
        lo: Option<(Bound, bool)>,
        hi: Option<(Bound, bool)>,
    },
}

/// One condition on one column.
#[derive(Clone)]
pub struct Condition {
    pub column: &'static Col,
    any: Vec<Test>,
    none: Vec<Test>,
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(a) => {
            let parts: Option<Vec<String>> = a.iter().map(value_text).collect();
            parts.map(|p| p.join(","))
        }
        _ => None,
    }
}

fn bound(kind: Kind, text: &str, column: &str) -> Result<Bound, String> {
    let t = text.trim();
    match kind {
        Kind::DateTime => {
            let ok = !t.is_empty()
                && t.chars().take(4).all(|c| c.is_ascii_digit())
                && t.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | 'T' | ' ' | '.'));
            if ok {
                Ok(Bound::Date(t.replace(' ', "T")))
            } else {
                Err(format!("'{t}' is not a date for {column} (YYYY-MM-DD)"))
            }
        }
        _ => t
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Bound::Num)
            .ok_or_else(|| format!("'{t}' is not a number for {column}")),
    }
}

fn parse_one(col: &Col, part: &str) -> Result<Test, String> {
    let p = part.trim();
    let ordered = matches!(col.kind, Kind::Int | Kind::Float | Kind::DateTime);
    if ordered {
        for (op, lower, strict) in [
            ("<=", false, false),
            (">=", true, false),
            ("<", false, true),
            (">", true, true),
        ] {
            if let Some(rest) = p.strip_prefix(op) {
                let b = Some((bound(col.kind, rest, col.name)?, strict));
                return Ok(if lower {
                    Test::Range { lo: b, hi: None }
                } else {
                    Test::Range { lo: None, hi: b }
                });
            }
        }
        if let Some((a, b)) = p.split_once("..") {
            let end = |t: &str| -> Result<Option<(Bound, bool)>, String> {
                if t.trim().is_empty() {
                    Ok(None)
                } else {
                    Ok(Some((bound(col.kind, t, col.name)?, false)))
                }
            };
            return Ok(Test::Range {
                lo: end(a)?,
                hi: end(b)?,
            });
        }
        if !p.contains('*') {
            let b = bound(col.kind, p, col.name)?;
            return Ok(match b {
                Bound::Num(_) => Test::Range {
                    lo: Some((b.clone(), false)),
                    hi: Some((b, false)),
                },
                // A date alone is the whole day (or month, or year) it names.
                Bound::Date(d) => Test::Like(format!("{}%", d.to_lowercase())),
            });
        }
    }
    let lower = p.to_lowercase();
    if lower.contains('*') {
        Ok(Test::Like(lower.replace('*', "%")))
    } else {
        Ok(Test::Text(lower))
    }
}

impl Condition {
    /// `{column: value}` as the request sends it; the column must exist (checked by caller).
    pub fn parse(column: &'static Col, v: &Value) -> Result<Condition, String> {
        let text = value_text(v)
            .ok_or_else(|| format!("the value of {} is not text or a number", column.name))?;
        let mut any = Vec::new();
        let mut none = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.strip_prefix('!') {
                Some(neg) => none.push(parse_one(column, neg)?),
                None => any.push(parse_one(column, part)?),
            }
        }
        if any.is_empty() && none.is_empty() {
            return Err(format!("the value of {} is empty", column.name));
        }
        Ok(Condition { column, any, none })
    }

    /// Whether `v` (the column's value for one dataset) passes.
    pub fn matches(&self, v: &Val<'_>) -> bool {
        if matches!(v, Val::Null) {
            return false;
        }
        let one = |t: &Test| test(t, v);
        !self.none.iter().any(one) && (self.any.is_empty() || self.any.iter().any(one))
    }
}

fn text_of(v: &Val<'_>) -> String {
    match v {
        Val::Str(s) => s.trim().to_lowercase(),
        Val::Int(i) => i.to_string(),
        Val::Float(f) => f.to_string(),
        Val::Bool(b) => b.to_string(),
        Val::Null => String::new(),
    }
}

fn test(t: &Test, v: &Val<'_>) -> bool {
    match t {
        Test::Text(want) => {
            let have = text_of(v);
            have == *want
                || v.as_f64()
                    .zip(want.parse::<f64>().ok())
                    .is_some_and(|(a, b)| a == b)
        }
        Test::Like(p) => like(&text_of(v), p),
        Test::Range { lo, hi } => {
            let ok = |b: &Option<(Bound, bool)>, lower: bool| -> bool {
                let Some((b, strict)) = b else { return true };
                match b {
                    Bound::Num(n) => v.as_f64().is_some_and(|x| match (lower, strict) {
                        (true, false) => x >= *n,
                        (true, true) => x > *n,
                        (false, false) => x <= *n,
                        (false, true) => x < *n,
                    }),
                    Bound::Date(d) => {
                        let have = text_of(v);
                        let d = d.to_lowercase();
                        // ISO text orders as time does; an upper bound includes what it
                        // names (`..2013` takes all of 2013).
                        match (lower, strict) {
                            (true, false) => have.as_str() >= d.as_str(),
                            (true, true) => have.as_str() > d.as_str() && !have.starts_with(&d),
                            (false, false) => have.as_str() <= d.as_str() || have.starts_with(&d),
                            (false, true) => have.as_str() < d.as_str(),
                        }
                    }
                }
            };
            ok(lo, true) && ok(hi, false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::missions::Mission;
    use crate::sim::missions::columns::find;
    use serde_json::json;

    fn cond(col: &str, v: Value) -> Condition {
        Condition::parse(find(Mission::Hst, col).unwrap(), &v).unwrap()
    }

    #[test]
    fn text_alternatives_wildcards_and_negation() {
        let c = cond("sci_instrume", json!("ACS,WFC3"));
        assert!(c.matches(&Val::s("WFC3  ")));
        assert!(!c.matches(&Val::s("STIS  ")));
        let c = cond("sci_instrume", json!("!ACS"));
        assert!(c.matches(&Val::s("WFC3  ")) && !c.matches(&Val::s("ACS   ")));
        let c = cond("sci_targname", json!("*LE*"));
        assert!(c.matches(&Val::s("NGC-APPLE")) && !c.matches(&Val::s("M101")));
    }

    #[test]
    fn numbers_and_dates_compare() {
        let c = cond("sci_pep_id", json!(12557));
        assert!(c.matches(&Val::Int(12557)) && !c.matches(&Val::Int(12556)));
        let c = cond("sci_actual_duration", json!(">=100"));
        assert!(c.matches(&Val::Float(100.0)) && !c.matches(&Val::Float(99.9)));
        let c = cond("sci_actual_duration", json!("10..20"));
        assert!(c.matches(&Val::Int(20)) && !c.matches(&Val::Int(21)));
        let c = cond("sci_start_time", json!("<2012"));
        assert!(c.matches(&Val::s("2011-12-31T23:59:59.000000")));
        assert!(!c.matches(&Val::s("2012-01-01T00:00:00.000000")));
        let c = cond("sci_start_time", json!("2010..2011"));
        assert!(c.matches(&Val::s("2011-06-01T00:00:00.000000")));
        assert!(!c.matches(&Val::s("2012-01-01T00:00:00.000000")));
        assert!(
            Condition::parse(find(Mission::Hst, "sci_pep_id").unwrap(), &json!("abc")).is_err()
        );
    }
}
