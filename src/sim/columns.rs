//! Column definitions of the CAOM observation and product tables: names, the (lying)
//! declared field types, and what the columns config says about each.

/// Declared JSON field type, and the `vot.datatype` the columns config advertises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Double,
    Int,
    /// Big integers (obsid, objID): declared `string` in answers, `long` in the config.
    Long,
    Bool,
}

#[derive(Debug)]
pub struct ColumnDef {
    pub name: &'static str,
    pub kind: Kind,
    pub text: &'static str,
    pub separator: bool,
    pub unit: Option<&'static str>,
    pub is_mjd: bool,
    pub description: &'static str,
    pub example: &'static str,
}

impl ColumnDef {
    /// The `type` declared in the `fields` list of an answer (MAST's lies included).
    pub fn field_type(&self) -> &'static str {
        match self.kind {
            Kind::Text | Kind::Long => "string",
            Kind::Double => "float",
            Kind::Int => "int",
            Kind::Bool => "boolean",
        }
    }
}

/// The observation columns, in MAST's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ObsCol {
    IntentType,
    ObsCollection,
    ProvenanceName,
    InstrumentName,
    Project,
    Filters,
    WavelengthRegion,
    TargetName,
    TargetClassification,
    ObsId,
    SRa,
    SDec,
    DataproductType,
    ProposalPi,
    CalibLevel,
    TMin,
    TMax,
    TExptime,
    EmMin,
    EmMax,
    ObsTitle,
    TObsRelease,
    ProposalId,
    ProposalType,
    SequenceNumber,
    SRegion,
    JpegUrl,
    DataUrl,
    DataRights,
    MtFlag,
    SrcDen,
    Obsid,
    ObjId,
    /// Only in positional searches.
    Distance,
}

impl ObsCol {
    pub const ALL: [ObsCol; 33] = [
        ObsCol::IntentType,
        ObsCol::ObsCollection,
        ObsCol::ProvenanceName,
        ObsCol::InstrumentName,
        ObsCol::Project,
        ObsCol::Filters,
        ObsCol::WavelengthRegion,
        ObsCol::TargetName,
        ObsCol::TargetClassification,
        ObsCol::ObsId,
        ObsCol::SRa,
        ObsCol::SDec,
        ObsCol::DataproductType,
        ObsCol::ProposalPi,
        ObsCol::CalibLevel,
        ObsCol::TMin,
        ObsCol::TMax,
        ObsCol::TExptime,
        ObsCol::EmMin,
        ObsCol::EmMax,
        ObsCol::ObsTitle,
        ObsCol::TObsRelease,
        ObsCol::ProposalId,
        ObsCol::ProposalType,
        ObsCol::SequenceNumber,
        ObsCol::SRegion,
        ObsCol::JpegUrl,
        ObsCol::DataUrl,
        ObsCol::DataRights,
        ObsCol::MtFlag,
        ObsCol::SrcDen,
        ObsCol::Obsid,
        ObsCol::ObjId,
    ];

    pub fn def(self) -> &'static ColumnDef {
        &OBS_DEFS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// Case-insensitive lookup, as MAST's SQL is.
    pub fn from_name(name: &str) -> Option<ObsCol> {
        let name = name.trim();
        ObsCol::ALL
            .into_iter()
            .chain([ObsCol::Distance])
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

macro_rules! col {
    ($n:expr, $k:ident, $t:expr, $sep:expr, $u:expr, $mjd:expr, $d:expr, $e:expr) => {
        ColumnDef {
            name: $n,
            kind: Kind::$k,
            text: $t,
            separator: $sep,
            unit: $u,
            is_mjd: $mjd,
            description: $d,
            example: $e,
        }
    };
}

static OBS_DEFS: [ColumnDef; 34] = [
    col!(
        "intentType",
        Text,
        "Observation Type",
        false,
        None,
        false,
        "Whether the observation is for science or calibration.",
        "Valid values: science, calibration"
    ),
    col!(
        "obs_collection",
        Text,
        "Mission",
        true,
        None,
        false,
        "Collection",
        "E.g. JWST, HST, TESS"
    ),
    col!(
        "provenance_name",
        Text,
        "Provenance Name",
        false,
        None,
        false,
        "Provenance name, or source of data",
        "E.g. TASOC, CALSTIS, PS1"
    ),
    col!(
        "instrument_name",
        Text,
        "Instrument",
        false,
        None,
        false,
        "Instrument name",
        "E.g. NIRCAM/IMAGE, WFC3/IR, STIS/CCD"
    ),
    col!(
        "project",
        Text,
        "Project",
        true,
        None,
        false,
        "Processing project",
        "E.g. HST, HLA, EUVE, hlsp_legus"
    ),
    col!(
        "filters",
        Text,
        "Filters",
        true,
        None,
        false,
        "Instrument filters",
        "F277W, NUV, FUV, LOW DISP, MIRROR"
    ),
    col!(
        "wavelength_region",
        Text,
        "Waveband",
        true,
        None,
        false,
        "Energy band",
        "EUV, XRAY, OPTICAL"
    ),
    col!(
        "target_name",
        Text,
        "Target Name",
        false,
        None,
        false,
        "Target name",
        "Ex. NGC-1365"
    ),
    col!(
        "target_classification",
        Text,
        "Target Classification",
        true,
        None,
        false,
        "Type of target",
        "Ex. Galaxy;Spiral"
    ),
    col!(
        "obs_id",
        Text,
        "Observation ID",
        false,
        None,
        false,
        "Observation identifier, given by the mission",
        "U24Z0101T, N4QF18030"
    ),
    col!(
        "s_ra",
        Double,
        "RA",
        false,
        Some("deg"),
        false,
        "Observation right ascension (ICRS)",
        "12.2"
    ),
    col!(
        "s_dec",
        Double,
        "Dec",
        false,
        Some("deg"),
        false,
        "Observation declination (ICRS)",
        "-29.3"
    ),
    col!(
        "dataproduct_type",
        Text,
        "Product Type",
        false,
        None,
        false,
        "Type of product",
        "Valid values: image, spectrum, cube, timeseries"
    ),
    col!(
        "proposal_pi",
        Text,
        "Principal Investigator",
        false,
        None,
        false,
        "Principal investigator's last name",
        "Ex. Ost"
    ),
    col!(
        "calib_level",
        Int,
        "Calibration Level",
        false,
        None,
        false,
        "Calibration level: 0 = raw, 1 = uncalibrated, 2 = calibrated, 3 = science product, 4 = contributed",
        "Valid values: 0, 1, 2, 3, 4"
    ),
    col!(
        "t_min",
        Double,
        "Start Time",
        false,
        Some("MJD"),
        true,
        "Observation start datetime",
        "Ex. 58000.5"
    ),
    col!(
        "t_max",
        Double,
        "End Time",
        false,
        Some("MJD"),
        true,
        "Observation end datetime",
        "Ex. 58001.5"
    ),
    col!(
        "t_exptime",
        Double,
        "Exposure Length",
        false,
        Some("sec"),
        false,
        "Exposure time",
        "Ex. 1500"
    ),
    col!(
        "em_min",
        Double,
        "Min. Wavelength",
        false,
        Some("nm"),
        false,
        "Minimum wavelength",
        "Ex. 713.5"
    ),
    col!(
        "em_max",
        Double,
        "Max. Wavelength",
        false,
        Some("nm"),
        false,
        "Maximum wavelength",
        "Ex. 867.45"
    ),
    col!(
        "obs_title",
        Text,
        "Observation Title",
        false,
        None,
        false,
        "Observation description from the proposal",
        "Ex. A Deep Imaging Survey of NGC 1365"
    ),
    col!(
        "t_obs_release",
        Double,
        "Release Date",
        false,
        Some("MJD"),
        true,
        "Data release date",
        "Ex. 59000.0"
    ),
    col!(
        "proposal_id",
        Text,
        "Proposal ID",
        false,
        None,
        false,
        "Proposal identifier",
        "Ex. 1073"
    ),
    col!(
        "proposal_type",
        Text,
        "Proposal Type",
        false,
        None,
        false,
        "Type of proposal",
        "Ex. GO, GTO, CAL"
    ),
    col!(
        "sequence_number",
        Int,
        "Sequence Number",
        false,
        None,
        false,
        "Sequence number, e.g. TESS sector or K2 campaign",
        "Ex. 14"
    ),
    col!(
        "s_region",
        Text,
        "s_region",
        false,
        Some("ICRS Shape"),
        false,
        "STC-S region of the observation footprint",
        "POLYGON 12.1 -29.3 12.2 -29.3 12.2 -29.2"
    ),
    col!(
        "jpegURL",
        Text,
        "Preview",
        false,
        None,
        false,
        "Preview image URL",
        "mast:JWST/product/..._i2d.jpg"
    ),
    col!(
        "dataURL",
        Text,
        "Data URL",
        false,
        None,
        false,
        "Main data product URL",
        "mast:JWST/product/..._i2d.fits"
    ),
    col!(
        "dataRights",
        Text,
        "Data Rights",
        false,
        None,
        false,
        "Data access rights",
        "Valid values: PUBLIC, EXCLUSIVE_ACCESS, RESTRICTED"
    ),
    col!(
        "mtFlag",
        Bool,
        "Moving Target",
        false,
        None,
        false,
        "Moving target flag",
        "true, false"
    ),
    col!(
        "srcDen",
        Double,
        "Number of Catalog Objects",
        false,
        None,
        false,
        "Number of sources in associated catalogs",
        "Ex. 5885"
    ),
    col!(
        "obsid",
        Long,
        "Product Group ID",
        false,
        None,
        false,
        "Product group identifier (what Mast.Caom.Products takes)",
        "Ex. 2003738726"
    ),
    col!(
        "objID",
        Long,
        "Object ID",
        false,
        None,
        false,
        "Plane identifier",
        "Ex. 2012765872"
    ),
    col!(
        "distance",
        Double,
        "Distance (\")",
        false,
        Some("arcsec"),
        false,
        "Angular distance from the search position",
        "Ex. 293.1"
    ),
];

/// The product columns, in MAST's order (`_selected_` is appended on output).
pub static PRODUCT_COLUMNS: [(&str, &str); 20] = [
    ("obsID", "string"),
    ("obs_collection", "string"),
    ("dataproduct_type", "string"),
    ("obs_id", "string"),
    ("description", "string"),
    ("type", "string"),
    ("dataURI", "string"),
    ("productType", "string"),
    ("productGroupDescription", "string"),
    ("productSubGroupDescription", "string"),
    ("productDocumentationURL", "string"),
    ("project", "string"),
    ("prvversion", "string"),
    ("proposal_id", "string"),
    ("productFilename", "string"),
    ("size", "int"),
    ("parent_obsid", "string"),
    ("dataRights", "string"),
    ("calib_level", "int"),
    ("filters", "string"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defs_line_up_with_enum() {
        for (i, c) in ObsCol::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i);
        }
        assert_eq!(ObsCol::Distance.name(), "distance");
        assert_eq!(
            ObsCol::from_name("OBS_COLLECTION"),
            Some(ObsCol::ObsCollection)
        );
        assert_eq!(ObsCol::from_name("objid"), Some(ObsCol::ObjId));
        assert_eq!(ObsCol::from_name("nope"), None);
        assert_eq!(ObsCol::Obsid.def().field_type(), "string");
        assert_eq!(ObsCol::CalibLevel.def().field_type(), "int");
    }
}
