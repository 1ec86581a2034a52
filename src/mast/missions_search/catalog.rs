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
}

pub static MISSIONS: &[MissionApi] = &[
    MissionApi {
        name: "hst",
        dataset_column: "sci_data_set_name",
        collection: "HST",
        title: "Hubble Space Telescope: datasets by HST keywords (sci_*)",
    },
    MissionApi {
        name: "jwst",
        dataset_column: "fileSetName",
        collection: "JWST",
        title: "James Webb Space Telescope: file sets by JWST keywords",
    },
    MissionApi {
        name: "roman",
        dataset_column: "fileSetName",
        collection: "ROMAN",
        title: "Nancy Grace Roman Space Telescope (simulated and early data)",
    },
    MissionApi {
        name: "classy",
        dataset_column: "Target",
        collection: "HLSP",
        title: "CLASSY: COS Legacy Archive Spectroscopic SurveY (HLSP)",
    },
    MissionApi {
        name: "ullyses",
        dataset_column: "observation_id",
        collection: "HLSP",
        title: "ULLYSES: Hubble UV Legacy Library of Young Stars as Essential Standards (HLSP)",
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
