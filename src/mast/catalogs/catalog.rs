//! The catalogs mastui can search, in MAST's own names: which service answers a cone, a
//! criteria search, a count, a crossmatch, and which columns config describes the columns.
//!
//! Service names follow astroquery 0.4.11 and PROTOCOL-MORE.md section 1: `Mast.Catalogs.
//! <Cat>.Cone` for cones, `Mast.Catalogs.Filtered.<Cat>[.Position][.Rows]` for criteria
//! (TIC, CTL, Disk Detective only), `Mast.Hsc.Db.v3`, `Mast.Galex.Catalog`, Pan-STARRS on
//! Catalogs.MAST's REST routes, `Mast.<Cat>.Crossmatch` for uploads.
use std::fmt;

use super::super::error::InputError;
use crate::common::near::closest;

/// Gaia data release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaiaRelease {
    Dr3,
    Dr2,
}

/// Pan-STARRS table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PsTable {
    Mean,
    Stack,
    Detection,
}

impl PsTable {
    pub fn name(self) -> &'static str {
        match self {
            PsTable::Mean => "mean",
            PsTable::Stack => "stack",
            PsTable::Detection => "detection",
        }
    }
}

/// A catalog, with its release or table chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catalog {
    Tic,
    Ctl,
    Gaia(GaiaRelease),
    /// The Hubble Source Catalog, version 3 or 2.
    Hsc(u8),
    HscSpectra,
    Galex,
    /// Pan-STARRS DR2.
    Panstarrs(PsTable),
    DiskDetective,
}

/// One line of `mastui catalog --list`.
pub struct Listed {
    pub name: &'static str,
    pub description: &'static str,
}

/// Every catalog, as `mastui catalog --list` names them.
pub const CATALOGS: &[Listed] = &[
    Listed {
        name: "tic",
        description: "TESS Input Catalog v8: every star TESS may observe (cone, criteria)",
    },
    Listed {
        name: "ctl",
        description: "TESS Candidate Target List: TIC stars with a 2-minute priority (cone, criteria)",
    },
    Listed {
        name: "gaia",
        description: "Gaia DR3 sources (--version dr2 for DR2) (cone)",
    },
    Listed {
        name: "hsc",
        description: "Hubble Source Catalog v3 (--version 2), --matchid N lists a match's detections (cone)",
    },
    Listed {
        name: "hsc-spectra",
        description: "HSC spectra, downloadable with `mastui download` (all, or a cone filtered here)",
    },
    Listed {
        name: "galex",
        description: "GALEX ultraviolet sources (GR6/7) (cone)",
    },
    Listed {
        name: "panstarrs",
        description: "Pan-STARRS DR2, --table mean|stack|detection (cone, criteria)",
    },
    Listed {
        name: "diskdetective",
        description: "Disk Detective candidate disk hosts with their WISE/2MASS/Gaia matches (cone, criteria)",
    },
];

/// Cone radius when none is given: MAST's service pages use 0.02 deg for catalog cones.
pub const DEFAULT_RADIUS_DEG: f64 = 0.02;

/// The valid catalog names, for messages.
pub fn names() -> String {
    CATALOGS
        .iter()
        .map(|c| c.name)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Catalog {
    /// A catalog from what was typed: its name, and `--version` / `--table` where they apply.
    pub fn parse(
        name: &str,
        version: Option<&str>,
        table: Option<&str>,
    ) -> Result<Catalog, InputError> {
        let n = name.trim().to_ascii_lowercase();
        let version = version.map(|v| v.trim().to_ascii_lowercase());
        let no_version = |c: Catalog| -> Result<Catalog, InputError> {
            match &version {
                Some(v) => Err(InputError::new(
                    "--version",
                    format!(
                        "{} has one release; '--version {v}' applies to gaia (dr3, dr2) and hsc (3, 2)",
                        c.name()
                    ),
                )),
                None => Ok(c),
            }
        };
        let catalog = match n.as_str() {
            "tic" => no_version(Catalog::Tic)?,
            "ctl" => no_version(Catalog::Ctl)?,
            "gaia" => match version.as_deref() {
                None | Some("dr3" | "3") => Catalog::Gaia(GaiaRelease::Dr3),
                Some("dr2" | "2") => Catalog::Gaia(GaiaRelease::Dr2),
                Some(v) => {
                    return Err(InputError::new(
                        "--version",
                        format!(
                            "'{v}' is not a Gaia release mastui searches; accepted: dr3 (default), dr2"
                        ),
                    ));
                }
            },
            "hsc" => match version.as_deref() {
                None | Some("3" | "v3") => Catalog::Hsc(3),
                Some("2" | "v2") => Catalog::Hsc(2),
                Some(v) => {
                    return Err(InputError::new(
                        "--version",
                        format!("'{v}' is not an HSC version; accepted: 3 (default), 2"),
                    ));
                }
            },
            "hsc-spectra" | "hscspectra" => no_version(Catalog::HscSpectra)?,
            "galex" => no_version(Catalog::Galex)?,
            "panstarrs" | "pan-starrs" | "ps1" => {
                if let Some(v) = version.as_deref().filter(|v| *v != "dr2" && *v != "2") {
                    return Err(InputError::new(
                        "--version",
                        format!("'{v}' is not a Pan-STARRS release mastui searches; accepted: dr2"),
                    ));
                }
                let t = match table.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
                    None | Some("mean") => PsTable::Mean,
                    Some("stack") => PsTable::Stack,
                    Some("detection") => PsTable::Detection,
                    Some(t) => {
                        return Err(InputError::new(
                            "--table",
                            format!(
                                "'{t}' is not a Pan-STARRS DR2 table; accepted: mean, stack, detection"
                            ),
                        ));
                    }
                };
                return Ok(Catalog::Panstarrs(t));
            }
            "diskdetective" | "disk-detective" | "dd" => no_version(Catalog::DiskDetective)?,
            _ => {
                let suggestion = closest(&n, CATALOGS.iter().map(|c| c.name))
                    .map(|s| format!("; did you mean '{s}'?"))
                    .unwrap_or_default();
                return Err(InputError::new(
                    "catalog",
                    format!(
                        "unknown catalog '{}'{suggestion} (catalogs: {})",
                        name.trim(),
                        names()
                    ),
                ));
            }
        };
        if table.is_some() {
            return Err(InputError::new(
                "--table",
                "--table applies to panstarrs only (mean, stack, detection)",
            ));
        }
        Ok(catalog)
    }

    /// The name `mastui catalog` takes.
    pub fn name(self) -> &'static str {
        match self {
            Catalog::Tic => "tic",
            Catalog::Ctl => "ctl",
            Catalog::Gaia(_) => "gaia",
            Catalog::Hsc(_) => "hsc",
            Catalog::HscSpectra => "hsc-spectra",
            Catalog::Galex => "galex",
            Catalog::Panstarrs(_) => "panstarrs",
            Catalog::DiskDetective => "diskdetective",
        }
    }

    /// The catalog as people call it, with its release or table: `TIC`, `Gaia DR3`,
    /// `Pan-STARRS mean` (the browser's source line, tab and messages).
    pub fn label(self) -> &'static str {
        match self {
            Catalog::Tic => "TIC",
            Catalog::Ctl => "CTL",
            Catalog::Gaia(GaiaRelease::Dr3) => "Gaia DR3",
            Catalog::Gaia(GaiaRelease::Dr2) => "Gaia DR2",
            Catalog::Hsc(2) => "HSC v2",
            Catalog::Hsc(_) => "HSC v3",
            Catalog::HscSpectra => "HSC spectra",
            Catalog::Galex => "GALEX",
            Catalog::Panstarrs(PsTable::Mean) => "Pan-STARRS mean",
            Catalog::Panstarrs(PsTable::Stack) => "Pan-STARRS stack",
            Catalog::Panstarrs(PsTable::Detection) => "Pan-STARRS detection",
            Catalog::DiskDetective => "Disk Detective",
        }
    }

    /// The invoke service of a cone search (Pan-STARRS has none: it is REST).
    pub fn cone_service(self) -> Option<&'static str> {
        Some(match self {
            Catalog::Tic => "Mast.Catalogs.Tic.Cone",
            Catalog::Ctl => "Mast.Catalogs.Ctl.Cone",
            Catalog::Gaia(GaiaRelease::Dr3) => "Mast.Catalogs.GaiaDR3.Cone",
            Catalog::Gaia(GaiaRelease::Dr2) => "Mast.Catalogs.GaiaDR2.Cone",
            Catalog::Hsc(2) => "Mast.Hsc.Db.v2",
            Catalog::Hsc(_) => "Mast.Hsc.Db.v3",
            Catalog::Galex => "Mast.Galex.Catalog",
            Catalog::DiskDetective => "Mast.Catalogs.DiskDetective.Cone",
            Catalog::HscSpectra | Catalog::Panstarrs(_) => return None,
        })
    }

    /// True where MAST answers criteria (`--where`) searches.
    pub fn takes_criteria(self) -> bool {
        matches!(
            self,
            Catalog::Tic | Catalog::Ctl | Catalog::DiskDetective | Catalog::Panstarrs(_)
        )
    }

    /// A criterion this catalog's own columns accept, for hints (TIC's `Tmag` is no
    /// column of Pan-STARRS or Disk Detective); None where criteria are not taken.
    pub fn criteria_example(self) -> Option<&'static str> {
        Some(match self {
            Catalog::Tic | Catalog::Ctl => "Tmag=8..10",
            Catalog::Panstarrs(PsTable::Mean) => "nDetections=5..50",
            Catalog::Panstarrs(PsTable::Stack) => "primaryDetection=1",
            Catalog::Panstarrs(PsTable::Detection) => "filterID=1",
            Catalog::DiskDetective => "state=complete",
            _ => return None,
        })
    }

    /// The filtered invoke service: rows (the `.Rows` row-store variant where MAST has one)
    /// or a count, with or without a position.
    pub fn filtered_service(self, position: bool, count: bool) -> Option<String> {
        let cat = match self {
            Catalog::Tic => "Tic",
            Catalog::Ctl => "Ctl",
            Catalog::DiskDetective => "DiskDetective",
            _ => return None,
        };
        let mut s = format!("Mast.Catalogs.Filtered.{cat}");
        if position {
            s.push_str(".Position");
        }
        // The row store answers rows quickly; counts go to the plain service.
        if !count && self != Catalog::DiskDetective {
            s.push_str(".Rows");
        }
        Some(s)
    }

    /// The filtered services of TIC and CTL take `columns`; Disk Detective's does not.
    pub fn filtered_takes_columns(self) -> bool {
        matches!(self, Catalog::Tic | Catalog::Ctl)
    }

    /// The columns config describing the catalog's columns, and the `All` service whose
    /// histograms type its criteria (continuous or discrete), as astroquery reads them.
    pub fn config_ids(self) -> (&'static str, Option<&'static str>) {
        match self {
            Catalog::Tic | Catalog::Ctl => {
                ("Mast.Catalogs.Tess.Cone", Some("Mast.Catalogs.All.Tic"))
            }
            Catalog::DiskDetective => (
                "Mast.Catalogs.Dd.Cone",
                Some("Mast.Catalogs.All.DiskDetective"),
            ),
            Catalog::HscSpectra => ("Mast.HscSpectra.Db.All", None),
            other => (other.cone_service().unwrap_or(""), None),
        }
    }

    /// The parameter capping a cone's rows, and MAST's own cap: HSC's `nr`, GALEX's
    /// `maxrecords`. A cone answered with exactly that many rows may hold more.
    pub fn max_records(self) -> Option<(&'static str, u64)> {
        match self {
            Catalog::Hsc(_) => Some(("nr", 50_000)),
            Catalog::Galex => Some(("maxrecords", 50_000)),
            _ => None,
        }
    }

    /// `Mast.<Cat>.Crossmatch`, where MAST has one.
    pub fn crossmatch_service(self) -> Option<&'static str> {
        Some(match self {
            Catalog::Tic => "Mast.Tic.Crossmatch",
            Catalog::Ctl => "Mast.Ctl.Crossmatch",
            Catalog::Gaia(GaiaRelease::Dr3) => "Mast.GaiaDR3.Crossmatch",
            Catalog::Gaia(GaiaRelease::Dr2) => "Mast.GaiaDR2.Crossmatch",
            Catalog::Galex => "Mast.Galex.Crossmatch",
            Catalog::Hsc(3) => "Mast.Hsc.Crossmatch.MagAper2v3",
            _ => return None,
        })
    }

    /// The columns holding a row's position (degrees), in MAST's spelling.
    pub fn position_columns(self) -> (&'static str, &'static str) {
        match self {
            Catalog::Hsc(_) => ("MatchRA", "MatchDec"),
            Catalog::HscSpectra => ("RA", "Dec"),
            Catalog::Panstarrs(PsTable::Mean) => ("raMean", "decMean"),
            Catalog::Panstarrs(PsTable::Stack) => ("raStack", "decStack"),
            _ => ("ra", "dec"),
        }
    }

    /// The column naming a source (TIC `ID`, Gaia `source_id`, HSC `MatchID` ...).
    pub fn id_column(self) -> &'static str {
        self.table_columns().first().copied().unwrap_or("ID")
    }

    /// Columns `--format table` shows unless `--columns` says otherwise.
    pub fn table_columns(self) -> &'static [&'static str] {
        match self {
            Catalog::Tic | Catalog::Ctl => &[
                "ID",
                "ra",
                "dec",
                "Tmag",
                "Teff",
                "objType",
                "lumclass",
                "priority",
                "dstArcSec",
            ],
            Catalog::Gaia(_) => &[
                "source_id",
                "ra",
                "dec",
                "phot_g_mean_mag",
                "bp_rp",
                "parallax",
                "pmra",
                "pmdec",
                "distance",
            ],
            Catalog::Hsc(_) => &[
                "MatchID",
                "MatchRA",
                "MatchDec",
                "NumImages",
                "NumFilters",
                "TargetName",
                "CI",
                "Distance",
            ],
            Catalog::HscSpectra => &[
                "DatasetName",
                "MatchID",
                "RA",
                "Dec",
                "SpectrumType",
                "Detector",
                "SpectralElement",
                "TargetName",
            ],
            Catalog::Galex => &[
                "objid",
                "ra",
                "dec",
                "fuv_mag",
                "nuv_mag",
                "survey",
                "distance_arcmin",
            ],
            Catalog::Panstarrs(PsTable::Detection) => &[
                "objID", "detectID", "filterID", "obsTime", "ra", "dec", "psfFlux", "distance",
            ],
            Catalog::Panstarrs(_) => &[
                "objName",
                "objID",
                "raMean",
                "decMean",
                "nDetections",
                "gMeanPSFMag",
                "rMeanPSFMag",
                "iMeanPSFMag",
                "distance",
            ],
            Catalog::DiskDetective => &[
                "designation",
                "ZooniverseID",
                "ra",
                "dec",
                "w1mpro",
                "w4mpro",
                "state",
                "dstArcSec",
            ],
        }
    }
}

impl fmt::Display for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Catalog::Gaia(GaiaRelease::Dr3) => f.write_str("Gaia DR3"),
            Catalog::Gaia(GaiaRelease::Dr2) => f.write_str("Gaia DR2"),
            Catalog::Hsc(v) => write!(f, "HSC v{v}"),
            Catalog::Panstarrs(t) => write!(f, "Pan-STARRS DR2 {}", t.name()),
            other => f.write_str(other.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_versions_and_tables() {
        assert_eq!(Catalog::parse("TIC", None, None).unwrap(), Catalog::Tic);
        assert_eq!(
            Catalog::parse("gaia", None, None).unwrap(),
            Catalog::Gaia(GaiaRelease::Dr3)
        );
        assert_eq!(
            Catalog::parse("gaia", Some("DR2"), None).unwrap(),
            Catalog::Gaia(GaiaRelease::Dr2)
        );
        assert_eq!(
            Catalog::parse("hsc", Some("2"), None).unwrap(),
            Catalog::Hsc(2)
        );
        assert_eq!(
            Catalog::parse("panstarrs", None, Some("stack")).unwrap(),
            Catalog::Panstarrs(PsTable::Stack)
        );
        let e = Catalog::parse("tic", Some("2"), None).unwrap_err();
        assert_eq!(e.field, "--version");
        let e = Catalog::parse("gaia", None, Some("mean")).unwrap_err();
        assert_eq!(e.field, "--table");
        let e = Catalog::parse("panstarrs", None, Some("forced")).unwrap_err();
        assert!(e.message.contains("mean, stack, detection"), "{e}");
        let e = Catalog::parse("gaai", None, None).unwrap_err();
        assert!(e.message.contains("did you mean 'gaia'"), "{e}");
        let e = Catalog::parse("sdss", None, None).unwrap_err();
        assert!(e.message.contains("tic, ctl, gaia"), "{e}");
        assert_eq!(CATALOGS.len(), 8);
    }

    #[test]
    fn services_in_mast_spelling() {
        assert_eq!(
            Catalog::Tic.filtered_service(true, false).unwrap(),
            "Mast.Catalogs.Filtered.Tic.Position.Rows"
        );
        assert_eq!(
            Catalog::Tic.filtered_service(false, true).unwrap(),
            "Mast.Catalogs.Filtered.Tic"
        );
        assert_eq!(
            Catalog::DiskDetective
                .filtered_service(true, false)
                .unwrap(),
            "Mast.Catalogs.Filtered.DiskDetective.Position"
        );
        assert!(Catalog::Galex.filtered_service(false, false).is_none());
        assert_eq!(Catalog::Hsc(2).cone_service(), Some("Mast.Hsc.Db.v2"));
        assert_eq!(
            Catalog::Gaia(GaiaRelease::Dr3).crossmatch_service(),
            Some("Mast.GaiaDR3.Crossmatch")
        );
        assert!(Catalog::Hsc(2).crossmatch_service().is_none());
    }
}
