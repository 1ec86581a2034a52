//! A search as it is remembered: where it looked (observations, a catalog, a mission's
//! archive) and its criteria as text, in the words `mastui search` takes. Plain data that the
//! browser's form, the worker and the headless commands all read and write.
use serde::{Deserialize, Serialize};

use crate::mast::catalogs::{Catalog, CatalogQuery};
use crate::mast::coords::parse_coords;
use crate::mast::criteria::{Criteria, Target, Term};
use crate::mast::error::InputError;
use crate::mast::missions_search::query::MissionQuery;

/// The `source` of a CAOM observations search.
pub const OBSERVATIONS: &str = "observations";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchSpec {
    /// `observations`, a catalog as the browser names it (`TIC`, `Gaia DR3`), or
    /// `mission:<name>` (`mission:hst`).
    pub source: String,
    /// A name to resolve, or "RA Dec" in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The cone radius in degrees (arcminutes for a mission, as its API takes them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radius: Option<f64>,
    /// `column=value` criteria, in the value grammar of `mastui search --where`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
}

/// The `source` of a catalog search.
pub fn catalog_source(c: Catalog) -> String {
    c.to_string()
}

/// The `source` of a missions search (`mission` as the API names it: `hst`).
pub fn mission_source(mission: &str) -> String {
    format!("mission:{mission}")
}

fn target_text(t: &Target) -> String {
    match t {
        Target::Name(n) => n.clone(),
        Target::Coords(sc) => format!("{} {}", sc.ra, sc.dec),
    }
}

fn target_of(text: &str) -> Target {
    match parse_coords(text) {
        Ok(sc) => Target::Coords(sc),
        Err(_) => Target::Name(text.to_string()),
    }
}

/// Flags of `mastui search` for the columns they name, so that a remembered search reads
/// as the command that would run it.
const FLAGS: &[(&str, &str)] = &[
    ("obs_collection", "--collection"),
    ("instrument_name", "--instrument"),
    ("filters", "--filters"),
    ("proposal_id", "--proposal"),
    ("proposal_pi", "--pi"),
    ("dataproduct_type", "--type"),
    ("calib_level", "--calib"),
];

impl SearchSpec {
    pub fn from_criteria(c: &Criteria) -> SearchSpec {
        SearchSpec {
            source: OBSERVATIONS.into(),
            target: c.target.as_ref().map(target_text),
            radius: c.radius_deg,
            terms: c.terms.iter().map(Term::to_string).collect(),
        }
    }

    pub fn from_catalog(q: &CatalogQuery) -> SearchSpec {
        SearchSpec {
            source: catalog_source(q.catalog),
            target: q.target.as_ref().map(target_text),
            radius: q.radius_deg,
            terms: q.terms.iter().map(Term::to_string).collect(),
        }
    }

    pub fn from_mission(q: &MissionQuery) -> SearchSpec {
        SearchSpec {
            source: mission_source(&q.mission),
            target: q.targets.first().map(target_text),
            radius: q.radius_arcmin,
            terms: q
                .conditions
                .iter()
                .map(|(c, v)| format!("{c}={v}"))
                .collect(),
        }
    }

    pub fn is_observations(&self) -> bool {
        self.source == OBSERVATIONS
    }

    /// The criteria of an observations search; text that no longer parses is named.
    pub fn criteria(&self) -> Result<Criteria, InputError> {
        if !self.is_observations() {
            return Err(InputError::new(
                "saved search",
                format!(
                    "it searches {}, not observations; open it in the browser (mastui --saved NAME)",
                    self.source
                ),
            ));
        }
        Ok(Criteria {
            target: self.target.as_deref().map(target_of),
            radius_deg: self.radius,
            terms: self.terms(),
        })
    }

    /// The terms, parsed back (each was written by `Term`'s Display).
    pub fn terms(&self) -> Vec<Term> {
        self.terms
            .iter()
            .filter_map(|t| Term::parse(t).ok())
            .collect()
    }

    /// One line: the flags of `mastui search` for observations, else the source and its
    /// criteria. Server text never reaches it (only what was typed), yet it is cleaned
    /// where shown.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.is_observations() {
            parts.push(format!("[{}]", self.source));
        }
        if let Some(t) = &self.target {
            let flag = if parse_coords(t).is_ok() {
                "--coords"
            } else {
                "--target"
            };
            parts.push(format!("{flag} {}", quoted(t)));
        }
        if let Some(r) = self.radius {
            parts.push(format!("--radius {r}"));
        }
        for t in self.terms() {
            let flag = FLAGS
                .iter()
                .find(|(col, _)| col.eq_ignore_ascii_case(&t.column))
                .map(|(_, f)| *f);
            match flag {
                Some(f) if self.is_observations() => {
                    parts.push(format!("{f} {}", quoted(&t.value)))
                }
                _ => parts.push(format!("--where {}", quoted(&t.to_string()))),
            }
        }
        parts.join(" ")
    }
}

/// Shell-style quoting where a value holds a space or a quote.
fn quoted(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,:/*+=@%^<>".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_round_trip_and_read_as_flags() {
        let c = Criteria {
            target: Some(Target::Name("NGC 1365".into())),
            radius_deg: Some(0.1),
            terms: vec![
                Term::new("obs_collection", "JWST"),
                Term::new("proposal_id", "1073"),
                Term::new("t_exptime", ">=100"),
            ],
        };
        let spec = SearchSpec::from_criteria(&c);
        assert_eq!(spec.criteria().unwrap(), c);
        assert_eq!(
            spec.describe(),
            "--target 'NGC 1365' --radius 0.1 --collection JWST --proposal 1073 --where t_exptime>=100"
        );
        let json = serde_json::to_string(&spec).unwrap();
        let back: SearchSpec = serde_json::from_str(&json).unwrap();
        assert_eq!(back, spec);
    }

    #[test]
    fn a_catalog_search_is_not_run_as_observations() {
        let mut q = CatalogQuery::new(Catalog::Tic);
        q.terms.push(Term::new("Tmag", "8..9"));
        let spec = SearchSpec::from_catalog(&q);
        assert_eq!(spec.source, "tic");
        assert!(
            spec.criteria()
                .unwrap_err()
                .message
                .contains("not observations")
        );
        assert_eq!(spec.describe(), "[tic] --where Tmag=8..9");
    }
}
