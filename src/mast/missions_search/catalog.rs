//! The missions MAST serves through the search API, with the column naming a dataset
//! (astroquery's `dataset_kwds`) and where their files come from.

/// One mission of the search API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissionApi {
    /// The name in URLs, lower case (`hst`, `jwst`).
    pub name: &'static str,
    /// The column naming a dataset, which product lists take.
    pub dataset_column: &'static str,
    /// The collection its `mast:` file URIs name (`mast:HST/product/...`).
    pub collection: &'static str,
    pub title: &'static str,
    /// The name a person reads (the browser's source line and tab).
    pub label: &'static str,
    /// The columns a table shows first, in order (`mastui mission --format table`, the
    /// browser's grid); `ang_sep`, last, only cone searches return. Empty: every column.
    pub table_columns: &'static [&'static str],
    /// The columns holding a dataset's position in degrees (RA, Dec).
    pub position: Option<(&'static str, &'static str)>,
    /// The column saying whether a dataset is public (`PUBLIC`, `EXCLUSIVE_ACCESS`).
    pub rights_column: Option<&'static str>,
}

pub static MISSIONS: &[MissionApi] = &[
    MissionApi {
        name: "hst",
        dataset_column: "sci_data_set_name",
        collection: "HST",
        title: "Hubble Space Telescope: datasets by HST keywords (sci_*)",
        label: "HST",
        table_columns: &[
            "sci_data_set_name",
            "sci_targname",
            "sci_instrume",
            "sci_spec_1234",
            "sci_actual_duration",
            "sci_start_time",
            "sci_pep_id",
            "sci_ra",
            "sci_dec",
            "ang_sep",
        ],
        position: Some(("sci_ra", "sci_dec")),
        rights_column: None,
    },
    MissionApi {
        name: "jwst",
        dataset_column: "fileSetName",
        collection: "JWST",
        title: "James Webb Space Telescope: file sets by JWST keywords",
        label: "JWST",
        table_columns: &[
            "fileSetName",
            "targprop",
            "instrume",
            "opticalElements",
            "productLevel",
            "duration",
            "date_obs",
            "program",
            "targ_ra",
            "targ_dec",
            "access",
            "ang_sep",
        ],
        position: Some(("targ_ra", "targ_dec")),
        rights_column: Some("access"),
    },
    MissionApi {
        name: "roman",
        dataset_column: "fileSetName",
        collection: "ROMAN",
        title: "Nancy Grace Roman Space Telescope (simulated and early data)",
        label: "Roman",
        table_columns: &[],
        position: None,
        rights_column: None,
    },
    MissionApi {
        name: "classy",
        dataset_column: "Target",
        collection: "HLSP",
        title: "CLASSY: COS Legacy Archive Spectroscopic SurveY (HLSP)",
        label: "CLASSY",
        table_columns: &[],
        position: None,
        rights_column: None,
    },
    MissionApi {
        name: "ullyses",
        dataset_column: "observation_id",
        collection: "HLSP",
        title: "ULLYSES: Hubble UV Legacy Library of Young Stars as Essential Standards (HLSP)",
        label: "ULLYSES",
        table_columns: &[],
        position: None,
        rights_column: None,
    },
];

/// The mission of this name (any case), or why not, naming the ones there are.
pub fn mission(name: &str) -> Result<&'static MissionApi, String> {
    let n = name.trim().to_ascii_lowercase();
    MISSIONS.iter().find(|m| m.name == n).ok_or_else(|| {
        let names: Vec<&str> = MISSIONS.iter().map(|m| m.name).collect();
        format!(
            "'{}' is not a mission of the search API; missions: {}",
            crate::sanitize::printable(name.trim()),
            names.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_in_any_case() {
        assert_eq!(mission("JWST").unwrap().dataset_column, "fileSetName");
        let e = mission("tess").unwrap_err();
        assert!(e.contains("hst, jwst"), "{e}");
    }
}
