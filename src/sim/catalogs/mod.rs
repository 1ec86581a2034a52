//! MAST's catalogs, simulated: TIC, CTL, Gaia DR3/DR2, the Hubble Source Catalog (matches,
//! detections, spectra), GALEX, Disk Detective on the invoke endpoint, Pan-STARRS DR2 on its
//! own REST routes, and crossmatch of an uploaded table against CAOM or a catalog.
//!
//! Every catalog lists the same simulated stars (`sky`), clustered around the targets the
//! observations point at, so the answers agree with each other and with the observations:
//! a cone holds only sources inside it, criteria are obeyed, pages slice one fixed order,
//! and counts equal the rows. The HTTP handlers live with the other routes
//! (`routes/catalogs.rs`); this module knows nothing of them.

pub mod answer;
pub mod columns;
pub mod config;
pub mod crossmatch;
pub mod diskdetective;
pub mod filters;
pub mod gaia;
pub mod galex;
pub mod hsc;
pub mod panstarrs;
pub mod photometry;
pub mod sky;
pub mod tic;

use serde_json::Value;

use self::answer::DistanceColumn;
use self::columns::CatTable;
use self::sky::{Cone, Sky};

/// A catalog table the invoke services answer from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catalog {
    Tic,
    Ctl,
    GaiaDr3,
    GaiaDr2,
    HscV3,
    HscV2,
    HscMatches,
    HscSpectra,
    Galex,
    DiskDetective,
}

impl Catalog {
    pub fn table(self) -> &'static CatTable {
        match self {
            Catalog::Tic => &tic::TIC,
            Catalog::Ctl => &tic::CTL,
            Catalog::GaiaDr3 => &gaia::DR3,
            Catalog::GaiaDr2 => &gaia::DR2,
            Catalog::HscV3 => &hsc::V3,
            Catalog::HscV2 => &hsc::V2,
            Catalog::HscMatches => &hsc::MATCHES,
            Catalog::HscSpectra => &hsc::SPECTRA_TABLE,
            Catalog::Galex => &galex::GALEX,
            Catalog::DiskDetective => &diskdetective::DISK_DETECTIVE,
        }
    }

    /// The distance column MAST adds to this catalog's cone answers (HSC has its own
    /// `Distance` among its columns).
    pub fn distance(self) -> Option<DistanceColumn> {
        match self {
            Catalog::Tic | Catalog::Ctl | Catalog::DiskDetective => Some(DistanceColumn {
                name: "dstArcSec",
                per_degree: 3600.0,
            }),
            Catalog::GaiaDr3 | Catalog::GaiaDr2 => Some(DistanceColumn {
                name: "distance",
                per_degree: 60.0,
            }),
            Catalog::Galex => Some(DistanceColumn {
                name: "distance_arcmin",
                per_degree: 60.0,
            }),
            _ => None,
        }
    }

    /// Whether answers carry the portal's `_selected_` column (the HSC services do).
    pub fn selected(self) -> bool {
        matches!(
            self,
            Catalog::HscV3 | Catalog::HscV2 | Catalog::HscMatches | Catalog::HscSpectra
        )
    }
}

/// What an invoke service name asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Cone(Catalog),
    /// `Mast.Catalogs.Filtered.<Cat>[.Position][.Rows]`.
    Filtered {
        catalog: Catalog,
        position: bool,
    },
    /// `Mast.HscMatches.Db.v3|v2`: the detections of one match.
    Matches,
    /// `Mast.HscSpectra.Db.All`.
    Spectra,
    /// `Mast.Catalogs.All.Tic|DiskDetective` (extjs histograms).
    All(Catalog),
    /// `Mast.<Cat>.Crossmatch`; `None` is CAOM.
    Crossmatch(Option<Catalog>),
}

impl Service {
    fn catalog(self) -> Option<Catalog> {
        match self {
            Service::Cone(c) | Service::All(c) => Some(c),
            Service::Filtered { catalog, .. } => Some(catalog),
            Service::Matches => Some(Catalog::HscMatches),
            Service::Spectra => Some(Catalog::HscSpectra),
            Service::Crossmatch(c) => c,
        }
    }
}

/// The catalog service `name` names (MAST matches service names ignoring case).
pub fn parse_service(name: &str) -> Option<Service> {
    let n = name.trim().to_ascii_lowercase();
    let s = match n.as_str() {
        "mast.catalogs.tic.cone" => Service::Cone(Catalog::Tic),
        "mast.catalogs.ctl.cone" => Service::Cone(Catalog::Ctl),
        "mast.catalogs.gaiadr3.cone" => Service::Cone(Catalog::GaiaDr3),
        "mast.catalogs.gaiadr2.cone" => Service::Cone(Catalog::GaiaDr2),
        "mast.catalogs.diskdetective.cone" => Service::Cone(Catalog::DiskDetective),
        "mast.hsc.db.v3" => Service::Cone(Catalog::HscV3),
        "mast.hsc.db.v2" => Service::Cone(Catalog::HscV2),
        "mast.galex.catalog" => Service::Cone(Catalog::Galex),
        "mast.hscmatches.db.v3" | "mast.hscmatches.db.v2" => Service::Matches,
        "mast.hscspectra.db.all" => Service::Spectra,
        "mast.catalogs.all.tic" | "mast.catalogs.all.ctl" => Service::All(Catalog::Tic),
        "mast.catalogs.all.diskdetective" => Service::All(Catalog::DiskDetective),
        "mast.caom.crossmatch" => Service::Crossmatch(None),
        "mast.tic.crossmatch" => Service::Crossmatch(Some(Catalog::Tic)),
        "mast.ctl.crossmatch" => Service::Crossmatch(Some(Catalog::Ctl)),
        "mast.gaiadr3.crossmatch" => Service::Crossmatch(Some(Catalog::GaiaDr3)),
        "mast.gaiadr2.crossmatch" => Service::Crossmatch(Some(Catalog::GaiaDr2)),
        "mast.galex.crossmatch" => Service::Crossmatch(Some(Catalog::Galex)),
        "mast.hsc.crossmatch.magaper2v3" | "mast.hsc.crossmatch.magautov3" => {
            Service::Crossmatch(Some(Catalog::HscV3))
        }
        _ => {
            let rest = n.strip_prefix("mast.catalogs.filtered.")?;
            let rest = rest.strip_suffix(".rows").unwrap_or(rest);
            let (cat, position) = match rest.strip_suffix(".position") {
                Some(c) => (c, true),
                None => (rest, false),
            };
            let catalog = match cat {
                "tic" => Catalog::Tic,
                "ctl" => Catalog::Ctl,
                "diskdetective" => Catalog::DiskDetective,
                _ => return None,
            };
            Service::Filtered { catalog, position }
        }
    };
    Some(s)
}

/// True when the invoke service is a catalog's.
pub fn handles(service: &str) -> bool {
    parse_service(service).is_some()
}

/// MAST's page size when a request names none.
pub const DEFAULT_PAGESIZE: u64 = 1000;

pub fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn paging_of(req: &Value) -> (u64, u64) {
    let get = |k: &str| {
        req.get(k)
            .and_then(number)
            .filter(|x| *x >= 1.0)
            .map(|x| x as u64)
    };
    (
        get("page").unwrap_or(1),
        get("pagesize").unwrap_or(DEFAULT_PAGESIZE),
    )
}

/// `ra`, `dec`, `radius` (degrees) from the params, with MAST's messages when missing.
pub fn cone_of(params: &Value) -> Result<Cone, String> {
    let mut vals = [0.0; 3];
    for (slot, name) in vals.iter_mut().zip(["ra", "dec", "radius"]) {
        match params.get(name) {
            None | Some(Value::Null) => {
                return Err(format!(
                    "Request Object is Missing Required Parameter : {}",
                    name.to_uppercase()
                ));
            }
            Some(v) => match number(v) {
                Some(x) if x.is_finite() => *slot = x,
                _ => return Err("Error converting data type varchar to float.".into()),
            },
        }
    }
    if !(-90.0..=90.0).contains(&vals[1]) || vals[2] < 0.0 {
        return Err(format!(
            "Invalid position: ra {}, dec {}, radius {} (degrees, |dec| <= 90, radius >= 0)",
            vals[0], vals[1], vals[2]
        ));
    }
    Ok(Cone {
        ra: vals[0].rem_euclid(360.0),
        dec: vals[1],
        radius: vals[2],
    })
}

pub fn is_count(columns: &str) -> bool {
    let c: String = columns
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    c == "COUNT_BIG(*)" || c == "COUNT(*)"
}

/// The columns a `columns` parameter asks for: `*`, or names MAST knows.
pub fn columns_of(table: &CatTable, columns: &str) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for name in columns.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        if name == "*" {
            out.extend(0..table.cols.len());
        } else {
            out.push(
                table
                    .column(name)
                    .ok_or_else(|| format!("Invalid column name '{name}'."))?,
            );
        }
    }
    if out.is_empty() {
        return Err("Incorrect syntax near 'FROM'.".into());
    }
    Ok(out)
}

/// The product behind an HSC spectrum's download URI
/// (`mast:HLA/url/cgi-bin/getdata.cgi?config=ops&dataset=<DatasetName>` or
/// `mast:HLA/url/cgi-bin/ecfproxy?file_id=<DatasetName>.fits`), for the download route.
pub fn spectrum_product(
    cat: &crate::sim::catalogue::Catalogue,
    uri: &str,
) -> Option<(
    crate::sim::catalogue::Product,
    crate::sim::catalogue::Collection,
)> {
    let rest = uri.strip_prefix("mast:HLA/url/cgi-bin/")?;
    let dataset = if let Some(q) = rest.strip_prefix("getdata.cgi?") {
        crate::sim::routes::form::get(q, "dataset")?
    } else if let Some(q) = rest.strip_prefix("ecfproxy?") {
        crate::sim::routes::form::get(q, "file_id")?
            .strip_suffix(".fits")?
            .to_string()
    } else {
        return None;
    };
    let (key, sub) = hsc::spectrum_of_dataset(&dataset)?;
    let star = Sky::of(cat).star(key)?;
    if sub >= hsc::spectra_of(&star) || hsc::dataset_name(&star, sub) != dataset {
        return None;
    }
    let size = hsc::spectrum_size(&star, sub);
    let product = crate::sim::catalogue::Product {
        obs_id: dataset.clone(),
        file: format!("{dataset}.fits"),
        uri: uri.to_string(),
        description: "HSC spectrum",
        kind: "S",
        product_type: "SCIENCE",
        mrp: true,
        subgroup: "SPEC1D",
        doc_url: None,
        prvversion: None,
        size: Some(size),
        body_len: size,
        exclusive: false,
        calib_level: 3,
        dataproduct_type: "spectrum",
        filters: "",
        owner_obsid: 0,
    };
    Some((product, crate::sim::catalogue::Collection::Hst))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_match_ignoring_case() {
        assert_eq!(
            parse_service("Mast.Catalogs.TIC.Cone"),
            Some(Service::Cone(Catalog::Tic))
        );
        assert_eq!(
            parse_service("Mast.Catalogs.Filtered.Tic.Position.Rows"),
            Some(Service::Filtered {
                catalog: Catalog::Tic,
                position: true
            })
        );
        assert_eq!(
            parse_service("Mast.Catalogs.Filtered.DiskDetective"),
            Some(Service::Filtered {
                catalog: Catalog::DiskDetective,
                position: false
            })
        );
        assert_eq!(
            parse_service("Mast.Hsc.Crossmatch.MagAper2v3"),
            Some(Service::Crossmatch(Some(Catalog::HscV3)))
        );
        assert_eq!(parse_service("Mast.Caom.Filtered"), None);
        assert!(!handles("Mast.Catalogs.Filtered.Nope"));
    }

    #[test]
    fn spectra_uris_lead_to_their_file() {
        let cat = crate::sim::catalogue::Catalogue::new(1, 2_000);
        let sky = Sky::of(&cat);
        let mut found = None;
        let _ = sky.visit(None, 0.0, &mut |s| {
            if hsc::spectra_of(s) > 0 {
                found = Some(s.clone());
                return std::ops::ControlFlow::Break(());
            }
            std::ops::ControlFlow::Continue(())
        });
        let s = found.expect("some star has a spectrum");
        let name = hsc::dataset_name(&s, 0);
        let uri = format!("mast:HLA/url/cgi-bin/ecfproxy?file_id={name}.fits");
        let (p, _) = spectrum_product(&cat, &uri).expect("found");
        assert_eq!(p.file, format!("{name}.fits"));
        let uri = format!("mast:HLA/url/cgi-bin/getdata.cgi?config=ops&dataset={name}");
        assert!(spectrum_product(&cat, &uri).is_some());
        assert!(
            spectrum_product(&cat, "mast:HLA/url/cgi-bin/ecfproxy?file_id=HAG_x.fits").is_none()
        );
    }
}
