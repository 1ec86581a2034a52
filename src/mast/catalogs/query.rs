//! A catalog search as asked, checked, and turned into the one request that answers it:
//! a cone (`Mast.Catalogs.<Cat>.Cone`, `Mast.Hsc.Db.v3`, `Mast.Galex.Catalog`), a criteria
//! search with or without a position (`Mast.Catalogs.Filtered.<Cat>[.Position][.Rows]`), a
//! Pan-STARRS REST query, or the HSC spectra list. Pure: no I/O here.
use serde_json::{Value, json};

use super::super::columns_config::ColumnsConfig;
use super::super::coords::SkyCoord;
use super::super::criteria::{Filter, Target, Term, build_filters, unknown_column};
use super::super::error::InputError;
use super::catalog::{Catalog, DEFAULT_RADIUS_DEG};
use super::panstarrs::criteria_pairs;

/// Columns the download path reads, added to each HSC spectrum's row.
pub const SPECTRUM_DOWNLOAD_COLUMNS: &[&str] = &[
    "dataURI",
    "productFilename",
    "obs_collection",
    "obs_id",
    "dataRights",
    "size",
];

/// Rows per page of a catalog search. Catalog rows are wide (the TIC's 89 columns are about
/// 1.4 kB of JSON): 25,000-row pages keep an answer near 35 MB while the next page is
/// fetched during the printing of this one.
pub const CATALOG_PAGESIZE: u64 = 25_000;

/// What a person asked of a catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogQuery {
    pub catalog: Catalog,
    pub target: Option<Target>,
    /// Cone radius in degrees; [`DEFAULT_RADIUS_DEG`] when a position comes without one.
    pub radius_deg: Option<f64>,
    /// `--where` criteria, in the value grammar of `mastui search`.
    pub terms: Vec<Term>,
    /// Only these columns, in this order.
    pub columns: Option<Vec<String>>,
    pub limit: Option<u64>,
    pub pagesize: u64,
}

impl CatalogQuery {
    pub fn new(catalog: Catalog) -> CatalogQuery {
        CatalogQuery {
            catalog,
            target: None,
            radius_deg: None,
            terms: Vec::new(),
            columns: None,
            limit: None,
            pagesize: CATALOG_PAGESIZE,
        }
    }

    /// What can be refused before anything is sent (no config needed).
    pub fn check(&self) -> Result<(), InputError> {
        let c = self.catalog;
        if !self.terms.is_empty() && !c.takes_criteria() {
            return Err(InputError::new(
                "--where",
                format!(
                    "MAST offers criteria searches of tic, ctl, diskdetective and panstarrs; \
                     {c} takes a position only (--target NAME or --coords \"RA DEC\", with --radius)"
                ),
            ));
        }
        if self.target.is_none() && self.terms.is_empty() && c != Catalog::HscSpectra {
            let what = if c.takes_criteria() {
                "a position (--target NAME, --coords \"RA DEC\" or --ra/--dec) or criteria (--where COLUMN=VALUE)"
            } else {
                "a position (--target NAME, --coords \"RA DEC\" or --ra/--dec)"
            };
            return Err(InputError::new("catalog", format!("{c} needs {what}")));
        }
        if let Some(r) = self.radius_deg {
            if self.target.is_none() {
                return Err(InputError::new(
                    "--radius",
                    "a radius needs a position: add --target NAME or --coords \"RA DEC\"",
                ));
            }
            if !(r.is_finite() && r > 0.0 && r <= 180.0) {
                return Err(InputError::new(
                    "--radius",
                    format!("{r} is not a radius in degrees (0 < r <= 180)"),
                ));
            }
            if matches!(c, Catalog::Panstarrs(_)) && r > PANSTARRS_MAX_RADIUS {
                return Err(InputError::new(
                    "--radius",
                    format!(
                        "Pan-STARRS cones reach {PANSTARRS_MAX_RADIUS} deg at most (asked {r} deg)"
                    ),
                ));
            }
        }
        if self.limit == Some(0) {
            return Err(InputError::new("--limit", "must be at least 1"));
        }
        if self.pagesize == 0 {
            return Err(InputError::new("--pagesize", "must be at least 1"));
        }
        Ok(())
    }

    pub fn radius(&self) -> f64 {
        self.radius_deg.unwrap_or(DEFAULT_RADIUS_DEG)
    }
}

/// The widest Pan-STARRS cone (deg), per the service's documentation.
pub const PANSTARRS_MAX_RADIUS: f64 = 0.5;

/// The distance column a positional answer of `catalog` carries (MAST's names).
pub fn distance_column(catalog: Catalog) -> &'static str {
    match catalog {
        Catalog::Tic | Catalog::Ctl | Catalog::DiskDetective => "dstArcSec",
        Catalog::Galex => "distance_arcmin",
        Catalog::Hsc(_) => "Distance",
        _ => "distance",
    }
}

/// The columns asked for, in MAST's spelling; unknown names refused with the closest one
/// suggested. Positional answers also have their distance column; spectra their download
/// columns.
pub fn check_columns(
    columns: &[String],
    config: &ColumnsConfig,
    catalog: Catalog,
    positional: bool,
) -> Result<Vec<String>, InputError> {
    columns
        .iter()
        .map(|typed| {
            let typed = typed.trim();
            let distance = distance_column(catalog);
            if positional && typed.eq_ignore_ascii_case(distance) {
                return Ok(distance.to_string());
            }
            if catalog == Catalog::HscSpectra
                && let Some(d) = SPECTRUM_DOWNLOAD_COLUMNS
                    .iter()
                    .find(|d| d.eq_ignore_ascii_case(typed))
            {
                return Ok(d.to_string());
            }
            if let Some(name) = config.canonical_name(typed) {
                return Ok(name.to_string());
            }
            Err(InputError::new(
                "--columns",
                unknown_column(typed, config).message,
            ))
        })
        .collect()
}

/// The request that answers a checked query.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// An invoke service and its params.
    Invoke { service: String, params: Value },
    /// A Pan-STARRS REST query.
    Panstarrs { pairs: Vec<(String, String)> },
    /// Every HSC spectrum (MAST's service takes no position), kept within the cone here.
    Spectra,
}

/// The plan for `catalog` at `position` (already resolved) with `filters` (already checked),
/// for rows or for a count. `server_columns` are the names the service itself selects,
/// where it can.
pub fn plan(
    catalog: Catalog,
    position: Option<(SkyCoord, f64)>,
    filters: &[Filter],
    server_columns: Option<&[String]>,
    limit: Option<u64>,
    count: bool,
) -> Result<Plan, InputError> {
    if let Catalog::Panstarrs(_) = catalog {
        let mut pairs = Vec::new();
        if let Some((c, r)) = position {
            pairs.push(("ra".to_string(), c.ra.to_string()));
            pairs.push(("dec".to_string(), c.dec.to_string()));
            pairs.push(("radius".to_string(), r.to_string()));
        }
        pairs.extend(criteria_pairs(filters)?);
        let cols: Vec<String> = match (count, server_columns) {
            // A count needs one small column.
            (true, _) => vec!["objID".to_string()],
            (false, Some(c)) => c.to_vec(),
            (false, None) => Vec::new(),
        };
        if !cols.is_empty() {
            pairs.push(("columns".to_string(), format!("[{}]", cols.join(","))));
        }
        return Ok(Plan::Panstarrs { pairs });
    }
    if catalog == Catalog::HscSpectra {
        return Ok(Plan::Spectra);
    }
    if !filters.is_empty() {
        let service = catalog
            .filtered_service(position.is_some(), count)
            .ok_or_else(|| InputError::new("--where", format!("{catalog} takes no criteria")))?;
        let mut params = json!({
            "filters": filters.iter().map(Filter::to_json).collect::<Vec<_>>(),
        });
        let obj = params.as_object_mut();
        if let Some(obj) = obj {
            if count {
                obj.insert("columns".into(), json!("COUNT_BIG(*)"));
            } else if catalog.filtered_takes_columns() {
                let cols = server_columns.map_or_else(|| "*".to_string(), |c| c.join(","));
                obj.insert("columns".into(), json!(cols));
            }
            if let Some((c, r)) = position {
                obj.insert("ra".into(), json!(c.ra));
                obj.insert("dec".into(), json!(c.dec));
                obj.insert("radius".into(), json!(r));
            }
        }
        return Ok(Plan::Invoke { service, params });
    }
    let Some((c, r)) = position else {
        return Err(InputError::new(
            "catalog",
            format!("{catalog} needs a position"),
        ));
    };
    let service = catalog
        .cone_service()
        .ok_or_else(|| InputError::new("catalog", format!("{catalog} has no cone service")))?;
    let mut params = json!({"ra": c.ra, "dec": c.dec, "radius": r});
    if let Some(obj) = params.as_object_mut() {
        match catalog {
            // astroquery's HSC defaults: at most nr records, seen on at least one image,
            // MagAper2 magnitudes.
            Catalog::Hsc(_) => {
                let (_, cap) = catalog.max_records().unwrap_or(("nr", 50_000));
                obj.insert("nr".into(), json!(limit.map_or(cap, |l| l.min(cap))));
                obj.insert("ni".into(), json!(1));
                obj.insert("magtype".into(), json!(1));
            }
            Catalog::Galex => {
                let (_, cap) = catalog.max_records().unwrap_or(("maxrecords", 50_000));
                obj.insert(
                    "maxrecords".into(),
                    json!(limit.map_or(cap, |l| l.min(cap))),
                );
            }
            _ => {}
        }
    }
    Ok(Plan::Invoke {
        service: service.to_string(),
        params,
    })
}

/// The criteria as MAST filters, checked against the catalog's columns.
pub fn filters_of(
    terms: &[Term],
    config: Option<&ColumnsConfig>,
    catalog: Catalog,
) -> Result<Vec<Filter>, InputError> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let Some(config) = config else {
        return Err(InputError::new(
            "--where",
            format!("MAST describes no columns for {catalog}, so criteria cannot be checked"),
        ));
    };
    build_filters(terms, config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::catalogs::catalog::{GaiaRelease, PsTable};

    fn at() -> Option<(SkyCoord, f64)> {
        Some((
            SkyCoord {
                ra: 53.4,
                dec: -36.1,
            },
            0.05,
        ))
    }

    fn tmag() -> Vec<Filter> {
        vec![Filter::Range {
            param: "Tmag".into(),
            min: 8.0,
            max: 9.0,
        }]
    }

    #[test]
    fn each_kind_of_search_gets_its_service() {
        let p = plan(Catalog::Tic, at(), &[], None, None, false).unwrap();
        assert_eq!(
            p,
            Plan::Invoke {
                service: "Mast.Catalogs.Tic.Cone".into(),
                params: json!({"ra": 53.4, "dec": -36.1, "radius": 0.05})
            }
        );
        let Plan::Invoke { service, params } =
            plan(Catalog::Tic, None, &tmag(), None, None, false).unwrap()
        else {
            panic!("invoke")
        };
        assert_eq!(service, "Mast.Catalogs.Filtered.Tic.Rows");
        assert_eq!(params["columns"], "*");
        assert_eq!(params["filters"][0]["values"][0]["min"], 8.0);
        assert!(params.get("ra").is_none());
        let Plan::Invoke { service, params } =
            plan(Catalog::Ctl, at(), &tmag(), None, None, true).unwrap()
        else {
            panic!("invoke")
        };
        assert_eq!(service, "Mast.Catalogs.Filtered.Ctl.Position");
        assert_eq!(params["columns"], "COUNT_BIG(*)");
        assert_eq!(params["radius"], 0.05);
        let Plan::Invoke { service, params } =
            plan(Catalog::DiskDetective, None, &tmag(), None, None, false).unwrap()
        else {
            panic!("invoke")
        };
        assert_eq!(service, "Mast.Catalogs.Filtered.DiskDetective");
        assert!(params.get("columns").is_none());
        let Plan::Invoke { params, .. } =
            plan(Catalog::Hsc(3), at(), &[], None, Some(10), false).unwrap()
        else {
            panic!("invoke")
        };
        assert_eq!(
            (params["nr"].clone(), params["ni"].clone()),
            (json!(10), json!(1))
        );
        let Plan::Invoke { service, .. } = plan(
            Catalog::Gaia(GaiaRelease::Dr2),
            at(),
            &[],
            None,
            None,
            false,
        )
        .unwrap() else {
            panic!("invoke")
        };
        assert_eq!(service, "Mast.Catalogs.GaiaDR2.Cone");
        let Plan::Panstarrs { pairs } = plan(
            Catalog::Panstarrs(PsTable::Mean),
            at(),
            &[],
            Some(&["objID".into(), "distance".into()]),
            None,
            false,
        )
        .unwrap() else {
            panic!("panstarrs")
        };
        assert!(pairs.contains(&("columns".into(), "[objID,distance]".into())));
        assert_eq!(
            plan(Catalog::HscSpectra, None, &[], None, None, false).unwrap(),
            Plan::Spectra
        );
    }

    #[test]
    fn refused_before_anything_is_sent() {
        let mut q = CatalogQuery::new(Catalog::Gaia(GaiaRelease::Dr3));
        q.terms.push(Term::new("phot_g_mean_mag", "..12"));
        q.target = Some(Target::Name("M101".into()));
        let e = q.check().unwrap_err();
        assert!(
            e.message.contains("tic, ctl, diskdetective and panstarrs"),
            "{e}"
        );
        let q = CatalogQuery::new(Catalog::Tic);
        assert!(q.check().unwrap_err().message.contains("--where"));
        assert!(CatalogQuery::new(Catalog::HscSpectra).check().is_ok());
        let mut q = CatalogQuery::new(Catalog::Panstarrs(PsTable::Mean));
        q.target = Some(Target::Name("M101".into()));
        q.radius_deg = Some(1.0);
        assert!(q.check().unwrap_err().message.contains("0.5"));
    }

    #[test]
    fn columns_are_checked_with_a_suggestion() {
        let config = ColumnsConfig::from_json(br#"{"ID": {}, "Tmag": {}, "ra": {}}"#).unwrap();
        let cols = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            check_columns(
                &cols(&["id", "TMAG", "dstarcsec"]),
                &config,
                Catalog::Tic,
                true
            )
            .unwrap(),
            ["ID", "Tmag", "dstArcSec"]
        );
        let e = check_columns(&cols(&["Tmga"]), &config, Catalog::Tic, false).unwrap_err();
        assert!(e.message.contains("did you mean 'Tmag'"), "{e}");
        assert!(check_columns(&cols(&["dstArcSec"]), &config, Catalog::Tic, false).is_err());
    }
}
