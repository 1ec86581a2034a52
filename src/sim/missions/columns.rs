//! Each mission's columns: the `column_list` answer (name, label, qualifier type, datatype,
//! whether a search returns it by default) and how a column's value comes from a CAOM
//! observation. HST's 57 columns are MAST's own list as astroquery recorded it; JWST's are
//! the keywords of MAST's JWST search.

use super::Mission;
use crate::mast::dates::ymd_from_mjd;
use crate::sim::catalogue::Observation;
use crate::sim::json_out::{JsonBuf, Val};
use crate::sim::rng::hash_str;

/// How a column's values compare and how the answer's `info` declares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Float,
    DateTime,
}

impl Kind {
    /// The type name in a search answer's `info` list.
    pub fn info_type(self) -> &'static str {
        match self {
            Kind::Text => "VARCHAR",
            Kind::Int => "INTEGER",
            Kind::Float => "FLOAT",
            Kind::DateTime => "DATETIME",
        }
    }
}

/// What a search adds to a row itself (the cone it was found in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Computed {
    None,
    AngSep,
    SearchPos,
    SearchKey,
}

/// One column of a mission.
pub struct Col {
    pub name: &'static str,
    pub field_name: &'static str,
    pub qual_type: &'static str,
    pub datatype: &'static str,
    pub queryable: bool,
    pub default_output: bool,
    pub kind: Kind,
    pub computed: Computed,
    pub description: &'static str,
    pub get: fn(&Observation<'_>) -> Val<'static>,
}

fn null(_: &Observation<'_>) -> Val<'static> {
    Val::Null
}

macro_rules! col {
    ($n:expr, $f:expr, $q:expr, $d:expr, $qy:expr, $def:expr, $k:ident, $get:expr, $desc:expr) => {
        Col {
            name: $n,
            field_name: $f,
            qual_type: $q,
            datatype: $d,
            queryable: $qy,
            default_output: $def,
            kind: Kind::$k,
            computed: Computed::None,
            description: $desc,
            get: $get,
        }
    };
}

macro_rules! computed {
    ($n:expr, $f:expr, $q:expr, $d:expr, $qy:expr, $def:expr, $k:ident, $c:ident, $desc:expr) => {
        Col {
            name: $n,
            field_name: $f,
            qual_type: $q,
            datatype: $d,
            queryable: $qy,
            default_output: $def,
            kind: Kind::$k,
            computed: Computed::$c,
            description: $desc,
            get: null,
        }
    };
}

/// `2022-07-14T08:24:00.123000`: ISO without a zone, microseconds, as MAST writes DATETIME.
pub fn iso(mjd: f64) -> String {
    let day = mjd.floor();
    let (y, m, d) = ymd_from_mjd(day as i64);
    let micros = ((mjd - day) * 86_400e6).round() as i64;
    let micros = micros.clamp(0, 86_400_000_000 - 1);
    let (s, us) = (micros / 1_000_000, micros % 1_000_000);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{us:06}",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn text(s: impl Into<String>) -> Val<'static> {
    Val::owned(s.into())
}

fn opt_text(s: Option<&str>) -> Val<'static> {
    s.map_or(Val::Null, |s| Val::owned(s.to_string()))
}

/// The first part of `INSTRUMENT/MODE`.
fn head(o: &Observation<'_>) -> &'static str {
    let name = o.block.instrument.name;
    name.split('/').next().unwrap_or(name)
}

fn proposal_number(o: &Observation<'_>) -> Val<'static> {
    o.block
        .proposal_id
        .as_deref()
        .and_then(|p| p.parse::<i64>().ok())
        .map_or(Val::Null, Val::Int)
}

fn hst_status(o: &Observation<'_>) -> Val<'static> {
    Val::s(if o.exclusive { "PROPRIETARY" } else { "PUBLIC" })
}

fn hst_obs_type(o: &Observation<'_>) -> Val<'static> {
    Val::s(match o.block.instrument.dataproduct_type {
        "image" => "IMAGE",
        "timeseries" => "PHOTOMETRY",
        _ => "SPECTRUM",
    })
}

fn pi_last_name(o: &Observation<'_>) -> Val<'static> {
    opt_text(
        o.block
            .proposal_pi
            .map(|pi| pi.split(',').next().unwrap_or(pi).trim()),
    )
    .upper()
}

trait Upper {
    fn upper(self) -> Self;
}

impl Upper for Val<'static> {
    fn upper(self) -> Self {
        match self {
            Val::Str(s) => Val::owned(s.to_uppercase()),
            other => other,
        }
    }
}

/// HST's columns, in MAST's order (57, as recorded by astroquery's tests).
pub static HST: &[Col] = &[
    computed!(
        "search_pos",
        "Search Position",
        "string",
        "char",
        false,
        false,
        Text,
        SearchPos,
        "Search Position (RA and Dec)"
    ),
    col!(
        "sci_data_set_name",
        "Dataset",
        "string",
        "char",
        true,
        true,
        Text,
        |o| text(o.obs_id_str()),
        "Data set name, the first character indicates instrument"
    ),
    col!(
        "sci_targname",
        "Target Name",
        "string",
        "char",
        true,
        true,
        Text,
        |o| text(o.target_name().to_uppercase()),
        "Target name designated by the observer for the HST proposal"
    ),
    col!(
        "sci_hapnum",
        "HAP",
        "boolean",
        "long",
        true,
        true,
        Int,
        |o| Val::Int(i64::from(o.level3)),
        "Reports if there are any Hubble Advanced Products (HAP)"
    ),
    col!(
        "sci_haspnum",
        "HASP",
        "boolean",
        "char",
        true,
        true,
        Int,
        |o| Val::Int(i64::from(o.block.instrument.dataproduct_type == "spectrum")),
        "Reports if there are any Hubble Advanced Spectral Products (HASP)"
    ),
    col!(
        "sci_instrume",
        "Instrument",
        "string",
        "char",
        true,
        true,
        Text,
        // MAST pads instrument names to six characters ("WFPC  ").
        |o| text(format!("{:<6}", head(o))),
        "Instrument used (e.g. ACS, COS, FGS, FOC, FOS, HRS, HSP, NICMOS, STIS, WFPC, WFPC2, WFC3)"
    ),
    col!(
        "sci_aper_1234",
        "Apertures",
        "string",
        "char",
        true,
        true,
        Text,
        |o| text(o.block.instrument.detectors[0].to_uppercase()),
        "Aperture configuration"
    ),
    col!(
        "sci_spec_1234",
        "Filters/Gratings",
        "string",
        "char",
        true,
        true,
        Text,
        |o| text(o.filter.name),
        "The filter(s) or grating(s) used"
    ),
    col!(
        "sci_actual_duration",
        "Exp Time",
        "float",
        "float",
        true,
        true,
        Float,
        |o| Val::Float(o.t_exptime),
        "Exposure time in seconds"
    ),
    col!(
        "sci_start_time",
        "Start Time",
        "datetime",
        "char",
        true,
        true,
        DateTime,
        |o| text(iso(o.t_min)),
        "Observation start time"
    ),
    col!(
        "sci_pep_id",
        "Proposal ID",
        "integer",
        "long",
        true,
        true,
        Int,
        proposal_number,
        "ID number (integer) assigned to the proposal"
    ),
    col!(
        "sci_pi_last_name",
        "PI Last Name",
        "string",
        "char",
        true,
        true,
        Text,
        pi_last_name,
        "Principal Investigator (PI) last name; uppercase"
    ),
    col!(
        "sci_ra",
        "RA (J2000)",
        "ra",
        "double",
        true,
        true,
        Float,
        |o| Val::Float(o.ra),
        "Right Ascension (J2000), from 0 to 360, in degrees"
    ),
    col!(
        "sci_dec",
        "Dec (J2000)",
        "dec",
        "double",
        true,
        true,
        Float,
        |o| Val::Float(o.dec),
        "Declination (J2000), from -90 to +90, in degrees"
    ),
    col!(
        "sci_archive_class",
        "Archive Class",
        "string",
        "char",
        true,
        false,
        Text,
        |o| Val::s(if o.level3 { "CAL" } else { "EXP" }),
        "Archive ingest classification"
    ),
    col!(
        "sci_program_id",
        "Prog ID",
        "string",
        "char",
        true,
        false,
        Text,
        |o| text(o.obs_id_str().get(1..4).unwrap_or("")),
        "Internal program ID, which is not the same as proposal ID"
    ),
    col!(
        "sci_obset_id",
        "Obset ID",
        "string",
        "char",
        true,
        false,
        Text,
        |o| text(o.obs_id_str().get(4..6).unwrap_or("")),
        "Observation set ID"
    ),
    col!(
        "sci_obsnum",
        "Obsnum",
        "string",
        "char",
        true,
        false,
        Text,
        |o| text(o.obs_id_str().get(6..8).unwrap_or("")),
        "Observation number"
    ),
    col!(
        "sci_asn_id",
        "Asn ID",
        "string",
        "char",
        true,
        false,
        Text,
        |o| text(o.hst_root(0).to_uppercase()),
        "The association ID for the dataset"
    ),
    col!(
        "sci_target_descrip",
        "Target Descrip",
        "substring",
        "char",
        true,
        false,
        Text,
        |o| opt_text(o.block.classification).upper(),
        "Target description specified by the observer"
    ),
    col!(
        "sci_broad_category",
        "Broad Category",
        "string",
        "char",
        true,
        false,
        Text,
        |o| opt_text(
            o.block
                .classification
                .map(|c| c.split(';').next().unwrap_or(c))
        )
        .upper(),
        "One or more target classifications assigned by the observer"
    ),
    col!(
        "sci_refnum",
        "Ref",
        "integer",
        "long",
        true,
        true,
        Int,
        |o| Val::Int((hash_str(o.obs_id_str()) % 40) as i64),
        "The number of known literature references associated with the data"
    ),
    col!(
        "sci_ra_v1",
        "Ra V1 (J2000)",
        "ra",
        "double",
        true,
        false,
        Float,
        null,
        "Right Ascension (J2000) at V1 position"
    ),
    col!(
        "sci_dec_v1",
        "Dec V1 (J2000)",
        "dec",
        "double",
        true,
        false,
        Float,
        null,
        "Declination (J2000) at V1 position"
    ),
    col!(
        "sci_expflag",
        "Exp Flag",
        "string",
        "char",
        true,
        false,
        Text,
        |_| Val::s("NORMAL"),
        "Exposure interruption indicator"
    ),
    col!(
        "sci_instrument_config",
        "Instrument Config",
        "string",
        "char",
        true,
        false,
        Text,
        |o| text(o.block.instrument.name),
        "Instrument configuration (e.g. ACS/HRC, COS/FUV, STIS/CCD)"
    ),
    col!(
        "sci_operating_mode",
        "Operating Mode",
        "string",
        "char",
        true,
        false,
        Text,
        |o| Val::s(match o.block.instrument.dataproduct_type {
            "image" => "ACCUM",
            _ => "SPEC",
        }),
        "Operating (data taking) mode"
    ),
    col!(
        "sci_spectral_res",
        "Spectral Res",
        "float",
        "float",
        true,
        false,
        Float,
        null,
        "Spectral resolving power"
    ),
    col!(
        "sci_spectrum_end",
        "Spectrum End",
        "float",
        "float",
        true,
        false,
        Float,
        |o| Val::Float(o.filter.em.1 * 10.0),
        "Maximum wavelength for spectrum, in Angstroms"
    ),
    col!(
        "sci_spectrum_start",
        "Spectrum Start",
        "float",
        "float",
        true,
        false,
        Float,
        |o| Val::Float(o.filter.em.0 * 10.0),
        "Minimum wavelength for spectrum, in Angstroms"
    ),
    col!(
        "sci_bandwidth",
        "Bandwidth",
        "float",
        "float",
        true,
        false,
        Float,
        |o| Val::Float((o.filter.em.1 - o.filter.em.0) * 10.0),
        "Bandwidth of the data"
    ),
    col!(
        "sci_central_wavelength",
        "Central Wavelength",
        "float",
        "float",
        true,
        true,
        Float,
        |o| Val::Float((o.filter.em.0 + o.filter.em.1) * 5.0),
        "Central wavelength, in Angstroms, of the bandpass for filters"
    ),
    col!(
        "sci_dispersion",
        "Dispersion",
        "float",
        "float",
        true,
        false,
        Float,
        null,
        "Dispersion of grating"
    ),
    col!(
        "sci_pixel_res",
        "Pixel Res",
        "float",
        "float",
        true,
        false,
        Float,
        null,
        "Pixel resolution (arcsec/pixel)"
    ),
    col!(
        "sci_fgslock",
        "FGS Lock",
        "string",
        "char",
        true,
        false,
        Text,
        |_| Val::s("FINE"),
        "Fine Guidance Sensors (FGS) lock status"
    ),
    col!(
        "sci_mtflag",
        "MT Flag",
        "string",
        "char",
        true,
        false,
        Text,
        |o| Val::s(if o.block.moving { "T" } else { "F" }),
        "Moving Target Flag"
    ),
    col!(
        "sci_release_date",
        "Release Date",
        "datetime",
        "char",
        true,
        true,
        DateTime,
        |o| text(iso(o.t_obs_release)),
        "Date of public release"
    ),
    col!(
        "sci_stop_time",
        "Stop Time",
        "datetime",
        "char",
        true,
        true,
        DateTime,
        |o| text(iso(o.t_max)),
        "Observation stop time"
    ),
    col!(
        "sci_v3_pos_angle",
        "V3 Pos Angle",
        "float",
        "float",
        true,
        false,
        Float,
        |o| Val::Float(crate::sim::rng::round_to(o.angle * 4.0, 4)),
        "The V3 position angle, from 0 to 360, in degrees"
    ),
    col!(
        "sci_ecliptic_latitude",
        "Ecliptic Latitude",
        "float",
        "float",
        true,
        false,
        Float,
        null,
        "Ecliptic Latitude (J2000)"
    ),
    col!(
        "sci_ecliptic_longitude",
        "Ecliptic Longitude",
        "float",
        "float",
        true,
        false,
        Float,
        null,
        "Ecliptic Longitude (J2000)"
    ),
    col!(
        "sci_galactic_latitude",
        "Galactic Latitude",
        "float",
        "float",
        true,
        false,
        Float,
        null,
        "Galactic Latitude (J2000)"
    ),
    col!(
        "sci_galactic_longitude",
        "Galactic Longitude",
        "float",
        "float",
        true,
        false,
        Float,
        null,
        "Galactic Longitude (J2000)"
    ),
    col!(
        "sci_sun_alt",
        "Sun Alt",
        "float",
        "float",
        true,
        false,
        Float,
        null,
        "Altitude of the Sun above the Earth's limb"
    ),
    col!(
        "sci_pa_aper",
        "PA Aper",
        "float",
        "float",
        true,
        false,
        Float,
        null,
        "Position angle of aperture"
    ),
    col!(
        "sci_costar_deploy",
        "COSTAR",
        "string",
        "char",
        true,
        false,
        Text,
        null,
        "Whether COSTAR was deployed"
    ),
    col!(
        "sci_aec",
        "AEC",
        "string",
        "char",
        true,
        false,
        Text,
        |o| Val::s(if o.block.intent == "calibration" {
            "C"
        } else {
            "S"
        }),
        "Archived Exposures Catalog (AEC); purpose of observation"
    ),
    col!(
        "sci_fov_config",
        "FOV Config",
        "string",
        "char",
        true,
        false,
        Text,
        null,
        "Field of view (FOV) configuration"
    ),
    col!(
        "sci_generation_date",
        "Generation Date",
        "datetime",
        "char",
        true,
        false,
        DateTime,
        |o| text(iso(o.t_max + 1.0)),
        "The date when associated data products were generated"
    ),
    col!(
        "sci_archive_date",
        "Archive Date",
        "datetime",
        "char",
        true,
        false,
        DateTime,
        |o| text(iso(o.t_max + 1.5)),
        "The date when archiving was completed"
    ),
    col!(
        "sci_preview_name",
        "Preview Name",
        "string",
        "char",
        true,
        true,
        Text,
        |o| text(o.obs_id_str()),
        "Preview name, generally the same as the data set name"
    ),
    col!(
        "sci_obs_type",
        "Obs Type",
        "string",
        "char",
        true,
        false,
        Text,
        hst_obs_type,
        "Observation category"
    ),
    col!(
        "scp_scan_type",
        "Scan Type",
        "string",
        "char",
        true,
        true,
        Text,
        null,
        "Observation scan mode"
    ),
    col!(
        "sci_hlsp",
        "High-Level Science Products",
        "integer",
        "long",
        true,
        true,
        Int,
        |o| Val::Int((hash_str(o.obs_id_str()) % 3) as i64),
        "Number of known High Level Science Products"
    ),
    computed!(
        "ang_sep",
        "Ang Sep (')",
        "float",
        "float",
        true,
        true,
        Float,
        AngSep,
        "Angular Separation"
    ),
    col!(
        "sci_status",
        "Status",
        "string",
        "char",
        true,
        false,
        Text,
        hst_status,
        "Data access status (PUBLIC or PROPRIETARY=exclusive data)"
    ),
    computed!(
        "search_key",
        "Search Key",
        "string",
        "char",
        false,
        false,
        Text,
        SearchKey,
        "Search Key (Concat of sci_data_set_name and search_pos)"
    ),
];

/// JWST's exposure type of an instrument mode.
fn exp_type(o: &Observation<'_>) -> &'static str {
    match o.block.instrument.name {
        "NIRCAM/IMAGE" => "NRC_IMAGE",
        "NIRCAM/GRISM" => "NRC_WFSS",
        "NIRSPEC/MSA" => "NRS_MSASPEC",
        "NIRSPEC/IFU" => "NRS_IFU",
        "MIRI/IMAGE" => "MIR_IMAGE",
        "MIRI/IFU" => "MIR_MRS",
        "NIRISS/SOSS" => "NIS_SOSS",
        "NIRISS/IMAGE" => "NIS_IMAGE",
        _ => "FGS_IMAGE",
    }
}

/// JWST's columns.
pub static JWST: &[Col] = &[
    computed!(
        "search_pos",
        "Search Position",
        "string",
        "char",
        false,
        false,
        Text,
        SearchPos,
        "Search Position (RA and Dec)"
    ),
    col!(
        "ArchiveFileID",
        "Archive File ID",
        "integer",
        "long",
        true,
        true,
        Int,
        |o| Val::Int(o.obsid()),
        "Unique archive identifier of the file set"
    ),
    col!(
        "fileSetName",
        "Dataset",
        "string",
        "char",
        true,
        true,
        Text,
        |o| text(o.obs_id_str()),
        "Name of the file set (dataset)"
    ),
    col!(
        "productLevel",
        "Product Level",
        "string",
        "char",
        true,
        true,
        Text,
        |o| Val::s(match (o.level3, o.calib_level) {
            (true, _) => "3",
            (false, 1) => "1b",
            _ => "2b",
        }),
        "Calibration level of the products (1b, 2a, 2b, 3)"
    ),
    col!(
        "targprop",
        "Target Name",
        "string",
        "char",
        true,
        true,
        Text,
        |o| text(o.target_name().to_uppercase()),
        "Target name proposed by the observer"
    ),
    col!(
        "targ_ra",
        "RA (J2000)",
        "ra",
        "double",
        true,
        true,
        Float,
        |o| Val::Float(o.ra),
        "Right Ascension of the target (J2000), in degrees"
    ),
    col!(
        "targ_dec",
        "Dec (J2000)",
        "dec",
        "double",
        true,
        true,
        Float,
        |o| Val::Float(o.dec),
        "Declination of the target (J2000), in degrees"
    ),
    col!(
        "instrume",
        "Instrument",
        "string",
        "char",
        true,
        true,
        Text,
        |o| text(head(o)),
        "Instrument used (NIRCAM, NIRSPEC, MIRI, NIRISS, FGS)"
    ),
    col!(
        "exp_type",
        "Exposure Type",
        "string",
        "char",
        true,
        true,
        Text,
        |o| Val::s(exp_type(o)),
        "Type of data in the exposure (e.g. NRC_IMAGE, MIR_MRS)"
    ),
    col!(
        "opticalElements",
        "Optical Elements",
        "string",
        "char",
        true,
        true,
        Text,
        |o| text(o.filter.name),
        "Filters, gratings and pupils in the beam"
    ),
    col!(
        "date_obs",
        "Observation Start",
        "datetime",
        "char",
        true,
        true,
        DateTime,
        |o| text(iso(o.t_min)),
        "UTC start of the first exposure"
    ),
    col!(
        "duration",
        "Duration",
        "float",
        "float",
        true,
        true,
        Float,
        |o| Val::Float(o.t_exptime),
        "Total exposure time, in seconds"
    ),
    col!(
        "program",
        "Program",
        "integer",
        "long",
        true,
        true,
        Int,
        proposal_number,
        "Program (proposal) number"
    ),
    col!(
        "observtn",
        "Observation",
        "integer",
        "long",
        true,
        true,
        Int,
        |o| Val::Int(o.visit as i64),
        "Observation number within the program"
    ),
    col!(
        "publicReleaseDate",
        "Release Date",
        "datetime",
        "char",
        true,
        true,
        DateTime,
        |o| text(iso(o.t_obs_release)),
        "Date the data become public"
    ),
    col!(
        "pi_name",
        "PI Name",
        "string",
        "char",
        true,
        true,
        Text,
        |o| opt_text(o.block.proposal_pi),
        "Principal investigator"
    ),
    col!(
        "title",
        "Program Title",
        "substring",
        "char",
        true,
        false,
        Text,
        |o| opt_text(o.block.obs_title.as_deref()),
        "Title of the program"
    ),
    col!(
        "category",
        "Category",
        "string",
        "char",
        true,
        true,
        Text,
        |o| opt_text(o.block.proposal_type),
        "Program category (GO, GTO, ERS, DD, CAL)"
    ),
    col!(
        "cal_ver",
        "Pipeline Version",
        "string",
        "char",
        true,
        false,
        Text,
        |_| Val::s("1.14.0"),
        "Version of the calibration pipeline"
    ),
    col!(
        "s_region",
        "Footprint",
        "string",
        "char",
        false,
        false,
        Text,
        |o| text(o.s_region()),
        "STC-S footprint of the observation"
    ),
    col!(
        "access",
        "Access",
        "string",
        "char",
        true,
        true,
        Text,
        |o| Val::s(o.rights()),
        "PUBLIC, or EXCLUSIVE_ACCESS during the exclusive-access period"
    ),
    computed!(
        "ang_sep",
        "Ang Sep (')",
        "float",
        "float",
        true,
        true,
        Float,
        AngSep,
        "Angular Separation"
    ),
    computed!(
        "search_key",
        "Search Key",
        "string",
        "char",
        false,
        false,
        Text,
        SearchKey,
        "Search Key (Concat of fileSetName and search_pos)"
    ),
];

/// A mission's columns, in order.
pub fn columns(m: Mission) -> &'static [Col] {
    match m {
        Mission::Hst => HST,
        Mission::Jwst => JWST,
    }
}

/// The column of this name, matched exactly (MAST's names are case-sensitive).
pub fn find(m: Mission, name: &str) -> Option<&'static Col> {
    columns(m).iter().find(|c| c.name == name)
}

/// `GET /search/util/api/v0.1/column_list?mission=..`: the list as JSON.
pub fn column_list(m: Mission) -> Vec<u8> {
    let mut out = JsonBuf::with_capacity(16 * 1024);
    out.raw("[");
    for (i, c) in columns(m).iter().enumerate() {
        if i > 0 {
            out.raw(",");
        }
        let yes = |b: bool| if b { "yes" } else { "no" };
        out.raw("{\"column_name\":");
        out.string(c.name);
        out.raw(",\"field_name\":");
        out.string(c.field_name);
        out.raw(",\"qual_type\":");
        out.string(c.qual_type);
        out.raw(",\"datatype\":");
        out.string(c.datatype);
        out.raw(",\"queryable\":");
        out.string(yes(c.queryable));
        out.raw(",\"default_output\":");
        out.string(yes(c.default_output));
        out.raw(",\"indexed\":");
        out.string(yes(c.default_output));
        out.raw(",\"description\":");
        out.string(c.description);
        out.raw("}");
    }
    out.raw("]");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hst_keeps_mast_recorded_list() {
        assert_eq!(HST.len(), 57);
        assert_eq!(HST[1].name, "sci_data_set_name");
        assert!(find(Mission::Hst, "sci_instrume").is_some());
        assert!(find(Mission::Hst, "SCI_INSTRUME").is_none());
        let v: serde_json::Value = serde_json::from_slice(&column_list(Mission::Jwst)).unwrap();
        assert_eq!(v[2]["column_name"], "fileSetName");
        assert_eq!(v[2]["default_output"], "yes");
    }

    #[test]
    fn datetimes_are_iso_without_zone() {
        assert_eq!(iso(59_774.35), "2022-07-14T08:24:00.000000");
        assert_eq!(iso(40_587.0), "1970-01-01T00:00:00.000000");
    }
}
