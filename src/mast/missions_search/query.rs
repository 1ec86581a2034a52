//! A missions search as a person asks it, checked against the mission's columns and the
//! API's limits, and turned into the JSON bodies the API takes: one per batch of at most
//! 100 positions and page of at most 5,000 rows.
use serde_json::{Map, Value, json};

use super::columns::MissionColumns;
use super::{MAX_RADIUS_ARCMIN, MAX_ROWS_PER_REQUEST};
use crate::mast::coords::SkyCoord;
use crate::mast::criteria::Target;
use crate::mast::error::InputError;

/// Everything one search asks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MissionQuery {
    /// `hst`, `jwst`, ... (lower case).
    pub mission: String,
    /// Where to search: names to resolve or coordinates; none for conditions only.
    pub targets: Vec<Target>,
    /// Cone radius in arcminutes (the API's default, 3', when `None`).
    pub radius_arcmin: Option<f64>,
    /// `column=value` conditions, the value in the API's syntax (`a,b`, `*`, `!x`, `<N`,
    /// `a..b`), AND'ed.
    pub conditions: Vec<(String, String)>,
    /// Columns to return (the mission's defaults when empty).
    pub columns: Vec<String>,
    /// Sort columns, `true` for descending.
    pub sort: Vec<(String, bool)>,
    /// Stop after this many rows.
    pub limit: Option<u64>,
}

impl MissionQuery {
    /// Refuses, before any search request, names the mission does not have, a radius
    /// beyond the API's, and a search with nothing to search by.
    pub fn check(&self, cols: &MissionColumns) -> Result<(), InputError> {
        if self.targets.is_empty() && self.conditions.is_empty() {
            return Err(InputError::new(
                "criteria",
                format!(
                    "give a position (--target NAME or --coords \"RA DEC\") or a condition \
                     (--where COLUMN=VALUE); `mastui mission {} --list-columns` lists the columns",
                    self.mission
                ),
            ));
        }
        if let Some(r) = self.radius_arcmin
            && !(r > 0.0 && r <= MAX_RADIUS_ARCMIN)
        {
            return Err(InputError::new(
                "--radius",
                format!(
                    "{r} arcminutes: the missions search takes a radius above 0 and up to \
                     {MAX_RADIUS_ARCMIN}' (0.5 degrees); e.g. 3', 30\", 0.1d"
                ),
            ));
        }
        if self.radius_arcmin.is_some() && self.targets.is_empty() {
            return Err(InputError::new(
                "--radius",
                "a radius needs a position: --target NAME or --coords \"RA DEC\"",
            ));
        }
        for (name, value) in &self.conditions {
            cols.check("--where", &self.mission, name)?;
            if value.trim().is_empty() {
                return Err(InputError::new(
                    "--where",
                    format!("{name}= has no value; e.g. {name}=A,B or {name}=>=10"),
                ));
            }
        }
        for c in &self.columns {
            cols.check("--columns", &self.mission, c)?;
        }
        for (c, _) in &self.sort {
            cols.check("--sort", &self.mission, c)?;
        }
        Ok(())
    }

    /// The conditions as the API takes them: one object per condition, a number sent as a
    /// JSON number for numeric columns (as astroquery sends it).
    fn conditions_json(&self, cols: &MissionColumns) -> Value {
        let list: Vec<Value> = self
            .conditions
            .iter()
            .map(|(name, value)| {
                let numeric = cols
                    .column(name)
                    .is_some_and(|c| matches!(c.qual_type.as_str(), "integer" | "float"));
                let v = value.trim();
                let val = match (numeric, v.parse::<i64>(), v.parse::<f64>()) {
                    (true, Ok(i), _) => json!(i),
                    (true, _, Ok(x)) if x.is_finite() => json!(x),
                    _ => json!(v),
                };
                let mut m = Map::new();
                m.insert(name.clone(), val);
                Value::Object(m)
            })
            .collect();
        Value::Array(list)
    }

    /// The body of one request: these positions (degrees), this page.
    pub fn body(
        &self,
        cols: &MissionColumns,
        positions: &[SkyCoord],
        offset: u64,
        limit: u64,
    ) -> Value {
        let mut body = Map::new();
        if !positions.is_empty() {
            let targets: Vec<Value> = positions
                .iter()
                .map(|p| Value::String(format!("{} {}", p.ra, p.dec)))
                .collect();
            body.insert("target".into(), Value::Array(targets));
            let r = self.radius_arcmin.unwrap_or(super::DEFAULT_RADIUS_ARCMIN);
            body.insert("radius".into(), json!(r * 60.0));
            body.insert("radius_units".into(), json!("arcseconds"));
        }
        body.insert("limit".into(), json!(limit.clamp(1, MAX_ROWS_PER_REQUEST)));
        body.insert("offset".into(), json!(offset));
        body.insert(
            "select_cols".into(),
            if self.columns.is_empty() {
                Value::Null
            } else {
                json!(self.columns)
            },
        );
        body.insert("conditions".into(), self.conditions_json(cols));
        if !self.sort.is_empty() {
            let by: Vec<&str> = self.sort.iter().map(|(c, _)| c.as_str()).collect();
            let desc: Vec<bool> = self.sort.iter().map(|(_, d)| *d).collect();
            body.insert("sort_by".into(), json!(by));
            body.insert("sort_desc".into(), json!(desc));
        }
        Value::Object(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> MissionColumns {
        MissionColumns::from_json(
            br#"[{"column_name": "sci_instrume", "qual_type": "string"},
                {"column_name": "sci_pep_id", "qual_type": "integer"},
                {"column_name": "sci_data_set_name", "qual_type": "string"}]"#,
        )
        .unwrap()
    }

    #[test]
    fn bodies_follow_the_recorded_shape() {
        let q = MissionQuery {
            mission: "hst".into(),
            targets: vec![Target::Coords(SkyCoord {
                ra: 322.49324,
                dec: 12.16683,
            })],
            conditions: vec![
                ("sci_instrume".into(), "ACS,WFC3".into()),
                ("sci_pep_id".into(), "12557".into()),
            ],
            sort: vec![("sci_pep_id".into(), true)],
            ..Default::default()
        };
        q.check(&cols()).unwrap();
        let c = SkyCoord {
            ra: 322.49324,
            dec: 12.16683,
        };
        let b = q.body(&cols(), &[c], 5000, 9999);
        assert_eq!(
            b,
            json!({"target": ["322.49324 12.16683"], "radius": 180.0, "radius_units": "arcseconds",
                   "limit": 5000, "offset": 5000, "select_cols": null,
                   "conditions": [{"sci_instrume": "ACS,WFC3"}, {"sci_pep_id": 12557}],
                   "sort_by": ["sci_pep_id"], "sort_desc": [true]})
        );
    }

    #[test]
    fn bad_names_radii_and_empty_searches_are_refused() {
        let mut q = MissionQuery {
            mission: "hst".into(),
            ..Default::default()
        };
        assert_eq!(q.check(&cols()).unwrap_err().field, "criteria");
        q.conditions = vec![("SCI_INSTRUME".into(), "ACS".into())];
        let e = q.check(&cols()).unwrap_err();
        assert!(e.message.contains("did you mean 'sci_instrume'"), "{e}");
        q.conditions = vec![("sci_instrume".into(), "ACS".into())];
        q.radius_arcmin = Some(45.0);
        assert_eq!(q.check(&cols()).unwrap_err().field, "--radius");
        q.radius_arcmin = None;
        q.columns = vec!["nope".into()];
        assert_eq!(q.check(&cols()).unwrap_err().field, "--columns");
    }
}
