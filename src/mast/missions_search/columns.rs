//! A mission's column list (`GET BASE/search/util/api/v0.1/column_list?mission=..`) and
//! the check every condition and column name passes before a search is sent: names match
//! exactly, case included, as MAST matches them; a wrong one is refused with the closest
//! valid name.
use serde_json::Value;

use crate::common::near::closest;
use crate::mast::error::InputError;

/// The search options that look like columns in astroquery's criteria; mastui has flags.
const OPTION_FIELDS: &[(&str, &str)] = &[
    ("limit", "--limit"),
    ("offset", "--limit (mastui pages with offset itself)"),
    ("sort_by", "--sort"),
    ("sort_desc", "--sort with a leading '-'"),
    ("select_cols", "--columns"),
    ("search_key", "--columns"),
    ("skip_count", "--count"),
    ("user_fields", "--columns"),
];

/// One column as the list describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissionColumn {
    pub name: String,
    /// `string`, `substring`, `integer`, `float`, `boolean`, `datetime`, `ra`, `dec`.
    pub qual_type: String,
    pub description: String,
    pub default_output: bool,
}

/// Every column of one mission, in the list's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissionColumns {
    pub columns: Vec<MissionColumn>,
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn yes(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.trim().to_ascii_lowercase().as_str(), "yes" | "true"),
        _ => false,
    }
}

impl MissionColumns {
    /// The list as MAST sends it (a JSON list of objects; entries without a name skipped).
    pub fn from_json(bytes: &[u8]) -> Result<MissionColumns, String> {
        let v: Value = serde_json::from_slice(bytes)
            .map_err(|e| crate::mast::response::not_json_hint(bytes, e.to_string()))?;
        let list = match &v {
            Value::Array(a) => a,
            // Some deployments wrap the list.
            Value::Object(o) => o
                .get("columns")
                .or_else(|| o.get("results"))
                .and_then(Value::as_array)
                .ok_or("the column list is not a JSON list")?,
            _ => return Err("the column list is not a JSON list".into()),
        };
        let columns: Vec<MissionColumn> = list
            .iter()
            .map(|c| MissionColumn {
                name: text(c, "column_name"),
                qual_type: text(c, "qual_type").to_ascii_lowercase(),
                description: text(c, "description"),
                default_output: yes(c, "default_output"),
            })
            .filter(|c| !c.name.is_empty())
            .collect();
        if columns.is_empty() {
            return Err("the column list names no column".into());
        }
        Ok(MissionColumns { columns })
    }

    pub fn column(&self, name: &str) -> Option<&MissionColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The closest column name to `typed`: the same name in other case, then the nearest
    /// by edit distance if close enough to be a typo, then the one name containing it.
    pub fn suggest(&self, typed: &str) -> Option<&str> {
        let t = typed.trim();
        if t.is_empty() {
            return None;
        }
        if let Some(c) = self.columns.iter().find(|c| c.name.eq_ignore_ascii_case(t)) {
            return Some(&c.name);
        }
        if let Some(c) = closest(t, self.columns.iter().map(|c| c.name.as_str())) {
            return Some(c);
        }
        let lower = t.to_lowercase();
        let mut containing = self
            .columns
            .iter()
            .filter(|c| lower.len() >= 3 && c.name.to_lowercase().contains(&lower));
        match (containing.next(), containing.next()) {
            (Some(c), None) => Some(&c.name),
            _ => None,
        }
    }

    /// `Ok` when `typed` is a column of this mission, exactly; else the refusal, naming the
    /// closest column (or a few valid ones) and, for search options, the flag to use.
    pub fn check(&self, field: &str, mission: &str, typed: &str) -> Result<(), InputError> {
        if self.column(typed).is_some() {
            return Ok(());
        }
        let shown = crate::sanitize::printable(typed).into_owned();
        if let Some((_, flag)) = OPTION_FIELDS.iter().find(|(o, _)| *o == typed) {
            return Err(InputError::new(
                field,
                format!("'{shown}' is a search option, not a {mission} column: use {flag}"),
            ));
        }
        let hint = match self.suggest(typed) {
            Some(s) => format!("did you mean '{s}'? (names are case-sensitive)"),
            None => {
                let some: Vec<&str> = self
                    .columns
                    .iter()
                    .filter(|c| c.default_output)
                    .take(12)
                    .map(|c| c.name.as_str())
                    .collect();
                format!(
                    "valid columns include {} (`mastui mission {mission} --list-columns` \
                     shows all {})",
                    some.join(", "),
                    self.columns.len()
                )
            }
        };
        Err(InputError::new(
            field,
            format!("{mission} has no column '{shown}'; {hint}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> MissionColumns {
        MissionColumns::from_json(
            br#"[{"column_name": "sci_data_set_name", "qual_type": "string", "default_output": "yes"},
                {"column_name": "sci_instrume", "qual_type": "string", "default_output": "yes"},
                {"column_name": "sci_pep_id", "qual_type": "integer", "default_output": "yes"},
                {"column_name": "sci_start_time", "qual_type": "datetime", "default_output": "no"},
                {"qual_type": "string"}]"#,
        )
        .unwrap()
    }

    #[test]
    fn names_are_case_sensitive_with_the_closest_suggested() {
        let c = cols();
        assert_eq!(c.columns.len(), 4);
        assert!(c.check("--where", "hst", "sci_instrume").is_ok());
        let e = c.check("--where", "hst", "SCI_INSTRUME").unwrap_err();
        assert!(e.message.contains("did you mean 'sci_instrume'"), "{e}");
        let e = c.check("--where", "hst", "sci_instrme").unwrap_err();
        assert!(e.message.contains("'sci_instrume'"), "{e}");
        let e = c.check("--where", "hst", "zzzzzzzzzzzz").unwrap_err();
        assert!(
            e.message
                .contains("valid columns include sci_data_set_name"),
            "{e}"
        );
        let e = c.check("--where", "hst", "limit").unwrap_err();
        assert!(e.message.contains("--limit"), "{e}");
        assert!(MissionColumns::from_json(b"[]").is_err());
        assert!(
            MissionColumns::from_json(b"<html>")
                .unwrap_err()
                .contains("HTML")
        );
    }
}
