//! Search criteria flags, shared by `mastui search` and the browser's start-up search.
use clap::Args;

use crate::mast::angle::parse_radius;
use crate::mast::coords::parse_coords;
use crate::mast::criteria::{Criteria, Target, Term};
use crate::mast::dates::parse_date_mjd;
use crate::mast::error::InputError;

#[derive(Debug, Clone, Default, Args)]
pub struct CriteriaArgs {
    /// Target name to resolve (e.g. "M101", "NGC 1365").
    #[arg(long, value_name = "NAME", conflicts_with_all = ["coords", "ra"])]
    pub target: Option<String>,

    /// Coordinates: "210.8 54.35", "10:08:48.5 +54:20:55" or "10h08m48.5s +54d20m55s".
    #[arg(long, value_name = "\"RA DEC\"", conflicts_with = "ra")]
    pub coords: Option<String>,

    /// Right ascension (with --dec), degrees or h:m:s.
    #[arg(long, value_name = "RA", requires = "dec", allow_hyphen_values = true)]
    pub ra: Option<String>,

    /// Declination (with --ra), degrees or d:m:s.
    #[arg(long, value_name = "DEC", requires = "ra", allow_hyphen_values = true)]
    pub dec: Option<String>,

    /// Cone radius: 0.2 (degrees), 0.2d, 12' or 12m (arcmin), 30" or 30s (arcsec).
    #[arg(long, value_name = "R")]
    pub radius: Option<String>,

    /// Mission (obs_collection): JWST, HST, TESS, ...; comma separated alternatives.
    #[arg(long, value_name = "NAME")]
    pub collection: Option<String>,

    /// Instrument (instrument_name), wildcards allowed: "NIRCAM*".
    #[arg(long, value_name = "NAME")]
    pub instrument: Option<String>,

    /// Filters (e.g. F277W), comma separated alternatives.
    #[arg(long, value_name = "NAMES")]
    pub filters: Option<String>,

    /// Proposal id (proposal_id), e.g. 1073.
    #[arg(long, value_name = "ID")]
    pub proposal: Option<String>,

    /// Principal investigator (proposal_pi), wildcards allowed: "Ost*".
    #[arg(long, value_name = "NAME")]
    pub pi: Option<String>,

    /// Data product type (dataproduct_type): image, spectrum, timeseries, cube, ...
    #[arg(long = "type", value_name = "TYPE")]
    pub dataproduct_type: Option<String>,

    /// Calibration level(s): 2, "2,3" or 1..3.
    #[arg(long, value_name = "LEVELS")]
    pub calib: Option<String>,

    /// Observed on or after this date (ISO 2022-07-12 or MJD): t_min >= date.
    #[arg(long, value_name = "DATE")]
    pub after: Option<String>,

    /// Observed on or before this date (ISO or MJD): t_max <= date.
    #[arg(long, value_name = "DATE")]
    pub before: Option<String>,

    /// Any CAOM column: COLUMN=VALUE, alternatives "a,b", ranges lo..hi, wildcards "x*". Repeatable.
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub where_: Vec<String>,
}

/// Names the flag in an error from a parser that only knows its own field name.
fn for_flag(flag: &str, e: InputError) -> InputError {
    InputError::new(flag, e.message)
}

impl CriteriaArgs {
    /// True when no criterion was given.
    pub fn is_empty(&self) -> bool {
        self.target.is_none()
            && self.coords.is_none()
            && self.ra.is_none()
            && self.radius.is_none()
            && self.collection.is_none()
            && self.instrument.is_none()
            && self.filters.is_none()
            && self.proposal.is_none()
            && self.pi.is_none()
            && self.dataproduct_type.is_none()
            && self.calib.is_none()
            && self.after.is_none()
            && self.before.is_none()
            && self.where_.is_empty()
    }

    /// Checks every flag's syntax (nothing is sent) and builds the criteria.
    pub fn to_criteria(&self) -> Result<Criteria, InputError> {
        let mut c = Criteria::default();
        if let Some(name) = &self.target {
            let name = name.trim();
            if name.is_empty() {
                return Err(InputError::new("--target", "the target name is empty"));
            }
            c.target = Some(Target::Name(name.to_string()));
        }
        if let Some(text) = &self.coords {
            c.target = Some(Target::Coords(
                parse_coords(text).map_err(|e| for_flag("--coords", e))?,
            ));
        }
        if let (Some(ra), Some(dec)) = (&self.ra, &self.dec) {
            let text = format!("{} {}", ra.trim(), dec.trim());
            c.target = Some(Target::Coords(
                parse_coords(&text).map_err(|e| for_flag("--ra/--dec", e))?,
            ));
        }
        if let Some(r) = &self.radius {
            if c.target.is_none() {
                return Err(InputError::new(
                    "--radius",
                    "a radius needs a position: add --target NAME or --coords \"RA DEC\"",
                ));
            }
            c.radius_deg = Some(parse_radius(r).map_err(|e| for_flag("--radius", e))?);
        }
        let named = [
            ("obs_collection", &self.collection),
            ("instrument_name", &self.instrument),
            ("filters", &self.filters),
            ("proposal_id", &self.proposal),
            ("proposal_pi", &self.pi),
            ("dataproduct_type", &self.dataproduct_type),
            ("calib_level", &self.calib),
        ];
        for (column, value) in named {
            if let Some(v) = value {
                c.terms.push(Term {
                    column: column.to_string(),
                    value: v.clone(),
                });
            }
        }
        if let Some(d) = &self.after {
            let mjd = parse_date_mjd("--after", d)?;
            c.terms.push(Term {
                column: "t_min".into(),
                value: format!("{mjd}.."),
            });
        }
        if let Some(d) = &self.before {
            let mjd = parse_date_mjd("--before", d)?;
            c.terms.push(Term {
                column: "t_max".into(),
                value: format!("..{mjd}"),
            });
        }
        for w in &self.where_ {
            let Some((column, value)) = w.split_once('=') else {
                return Err(InputError::new(
                    "--where",
                    format!("'{w}' has no '='; use COLUMN=VALUE, e.g. --where t_exptime=100..1000"),
                ));
            };
            let (column, value) = (column.trim(), value.trim());
            if column.is_empty() || value.is_empty() {
                return Err(InputError::new(
                    "--where",
                    format!("'{w}' needs both a column and a value: COLUMN=VALUE"),
                ));
            }
            c.terms.push(Term {
                column: column.to_string(),
                value: value.to_string(),
            });
        }
        Ok(c)
    }
}
