//! Static facts about each simulated mission: instruments, filters, eras, proportions.

/// The missions (obs_collection values) the simulated archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Collection {
    Jwst,
    Hst,
    Tess,
    Galex,
    Kepler,
    K2,
    Iue,
    Ps1,
    Hlsp,
}

impl Collection {
    pub const ALL: [Collection; 9] = [
        Collection::Hst,
        Collection::Tess,
        Collection::Jwst,
        Collection::Galex,
        Collection::K2,
        Collection::Kepler,
        Collection::Ps1,
        Collection::Iue,
        Collection::Hlsp,
    ];
    /// Share of blocks (percent) per entry of `ALL`, roughly MAST's mix.
    pub const WEIGHTS: [u32; 9] = [26, 20, 12, 10, 8, 7, 6, 5, 6];

    pub fn name(self) -> &'static str {
        match self {
            Collection::Jwst => "JWST",
            Collection::Hst => "HST",
            Collection::Tess => "TESS",
            Collection::Galex => "GALEX",
            Collection::Kepler => "Kepler",
            Collection::K2 => "K2",
            Collection::Iue => "IUE",
            Collection::Ps1 => "PS1",
            Collection::Hlsp => "HLSP",
        }
    }

    pub fn from_name(s: &str) -> Option<Collection> {
        Collection::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s))
    }

    pub fn instruments(self) -> &'static [Instrument] {
        match self {
            Collection::Jwst => JWST,
            Collection::Hst => HST,
            Collection::Tess => TESS,
            Collection::Galex => GALEX,
            Collection::Kepler => KEPLER,
            Collection::K2 => K2,
            Collection::Iue => IUE,
            Collection::Ps1 => PS1,
            Collection::Hlsp => HLSP,
        }
    }

    /// MJD range of observations.
    pub fn era(self) -> (f64, f64) {
        match self {
            Collection::Jwst => (59_760.0, 60_790.0),
            Collection::Hst => (48_100.0, 60_790.0),
            Collection::Tess => (58_325.0, 60_780.0),
            Collection::Galex => (52_730.0, 55_900.0),
            Collection::Kepler => (54_953.0, 56_423.0),
            Collection::K2 => (56_725.0, 58_420.0),
            Collection::Iue => (43_600.0, 50_080.0),
            Collection::Ps1 => (55_200.0, 56_650.0),
            Collection::Hlsp => (50_000.0, 60_500.0),
        }
    }

    /// Angular spread (deg) of a block's observations around its centre.
    pub fn spread(self) -> f64 {
        match self {
            Collection::Jwst => 0.03,
            Collection::Hst => 0.05,
            Collection::Tess => 6.0,
            Collection::Kepler | Collection::K2 => 4.0,
            Collection::Galex => 0.6,
            Collection::Ps1 => 0.3,
            Collection::Iue => 0.002,
            Collection::Hlsp => 0.1,
        }
    }

    /// Whether each observation targets its own object (TIC/KIC/EPIC stars).
    pub fn target_per_observation(self) -> bool {
        matches!(
            self,
            Collection::Tess
                | Collection::Kepler
                | Collection::K2
                | Collection::Galex
                | Collection::Ps1
        )
    }

    pub fn provenance(self) -> &'static str {
        match self {
            Collection::Jwst => "CALJWST",
            Collection::Hst => "CALWF3",
            Collection::Tess => "SPOC",
            Collection::Galex => "AIS",
            Collection::Kepler | Collection::K2 => "Kepler",
            Collection::Iue => "NEWSIPS",
            Collection::Ps1 => "3PI",
            Collection::Hlsp => "HLSP",
        }
    }

    /// Months of proprietary period after the end of an observation.
    pub fn proprietary_days(self) -> f64 {
        match self {
            Collection::Jwst | Collection::Hst => 365.0,
            _ => 0.0,
        }
    }
}

/// One filter choice: the `filters` column value, a slug for file names, em_min/em_max (nm).
#[derive(Debug)]
pub struct Filter {
    pub name: &'static str,
    pub slug: &'static str,
    pub em: (f64, f64),
}

/// One instrument (`instrument_name`) with what it observes and how its files are named.
#[derive(Debug)]
pub struct Instrument {
    pub name: &'static str,
    pub slug: &'static str,
    pub dataproduct_type: &'static str,
    pub region: &'static str,
    pub filters: &'static [Filter],
    pub detectors: &'static [&'static str],
    /// Half-size of the footprint (deg); a circle for photometers, a square otherwise.
    pub fov: f64,
    pub weight: u32,
}

macro_rules! f {
    ($n:expr, $s:expr, $a:expr, $b:expr) => {
        Filter {
            name: $n,
            slug: $s,
            em: ($a, $b),
        }
    };
}

pub static NIRCAM_SW: &[&str] = &[
    "nrca1", "nrca2", "nrca3", "nrca4", "nrcb1", "nrcb2", "nrcb3", "nrcb4",
];
pub static NIRCAM_LW: &[&str] = &["nrcalong", "nrcblong"];

pub static JWST: &[Instrument] = &[
    Instrument {
        name: "NIRCAM/IMAGE",
        slug: "nircam",
        dataproduct_type: "image",
        region: "INFRARED",
        filters: &[
            f!("F090W", "clear-f090w", 795.0, 1005.0),
            f!("F150W", "clear-f150w", 1331.0, 1668.0),
            f!("F200W", "clear-f200w", 1755.0, 2227.0),
            f!("F277W", "clear-f277w", 2416.0, 3127.0),
            f!("F356W", "clear-f356w", 3140.0, 3980.0),
            f!("F444W", "clear-f444w", 3881.0, 4982.0),
        ],
        detectors: NIRCAM_SW,
        fov: 0.045,
        weight: 30,
    },
    Instrument {
        name: "NIRCAM/GRISM",
        slug: "nircam",
        dataproduct_type: "spectrum",
        region: "INFRARED",
        filters: &[f!("F444W;GRISMR", "f444w-grismr", 3881.0, 4982.0)],
        detectors: NIRCAM_LW,
        fov: 0.02,
        weight: 5,
    },
    Instrument {
        name: "NIRSPEC/MSA",
        slug: "nirspec",
        dataproduct_type: "spectrum",
        region: "INFRARED",
        filters: &[
            f!("CLEAR;PRISM", "clear-prism", 600.0, 5300.0),
            f!("F170LP;G235M", "f170lp-g235m", 1660.0, 3070.0),
        ],
        detectors: &["nrs1", "nrs2"],
        fov: 0.025,
        weight: 15,
    },
    Instrument {
        name: "NIRSPEC/IFU",
        slug: "nirspec",
        dataproduct_type: "cube",
        region: "INFRARED",
        filters: &[f!("F290LP;G395H", "f290lp-g395h", 2870.0, 5270.0)],
        detectors: &["nrs1", "nrs2"],
        fov: 0.0009,
        weight: 8,
    },
    Instrument {
        name: "MIRI/IMAGE",
        slug: "miri",
        dataproduct_type: "image",
        region: "INFRARED",
        filters: &[
            f!("F770W", "f770w", 6581.0, 8687.0),
            f!("F1000W", "f1000w", 9023.0, 10_891.0),
            f!("F1500W", "f1500w", 13_527.0, 16_640.0),
            f!("F2100W", "f2100w", 18_482.0, 23_159.0),
        ],
        detectors: &["mirimage"],
        fov: 0.017,
        weight: 15,
    },
    Instrument {
        name: "MIRI/IFU",
        slug: "miri",
        dataproduct_type: "cube",
        region: "INFRARED",
        filters: &[
            f!("CH1;SHORT", "ch1-short", 4900.0, 5740.0),
            f!("CH3;MEDIUM", "ch3-medium", 13_340.0, 15_570.0),
        ],
        detectors: &["mirifushort", "mirifulong"],
        fov: 0.001,
        weight: 8,
    },
    Instrument {
        name: "NIRISS/SOSS",
        slug: "niriss",
        dataproduct_type: "timeseries",
        region: "INFRARED",
        filters: &[f!("CLEAR;GR700XD", "clear-gr700xd", 600.0, 2800.0)],
        detectors: &["nis"],
        fov: 0.006,
        weight: 8,
    },
    Instrument {
        name: "NIRISS/IMAGE",
        slug: "niriss",
        dataproduct_type: "image",
        region: "INFRARED",
        filters: &[
            f!("F115W", "clear-f115w", 1013.0, 1283.0),
            f!("F200W", "clear-f200w", 1751.0, 2226.0),
        ],
        detectors: &["nis"],
        fov: 0.031,
        weight: 6,
    },
    Instrument {
        name: "FGS/FGS",
        slug: "fgs",
        dataproduct_type: "image",
        region: "INFRARED",
        filters: &[f!("N/A", "clear", 600.0, 5000.0)],
        detectors: &["guider1"],
        fov: 0.01,
        weight: 2,
    },
];

pub static HST: &[Instrument] = &[
    Instrument {
        name: "WFC3/IR",
        slug: "i",
        dataproduct_type: "image",
        region: "INFRARED",
        filters: &[
            f!("F160W", "f160w", 1400.0, 1700.0),
            f!("F125W", "f125w", 1100.0, 1400.0),
            f!("F110W", "f110w", 880.0, 1400.0),
        ],
        detectors: &["ir"],
        fov: 0.034,
        weight: 20,
    },
    Instrument {
        name: "WFC3/UVIS",
        slug: "i",
        dataproduct_type: "image",
        region: "OPTICAL",
        filters: &[
            f!("F606W", "f606w", 470.0, 720.0),
            f!("F275W", "f275w", 230.0, 310.0),
            f!("F814W", "f814w", 700.0, 960.0),
        ],
        detectors: &["uvis"],
        fov: 0.045,
        weight: 20,
    },
    Instrument {
        name: "ACS/WFC",
        slug: "j",
        dataproduct_type: "image",
        region: "OPTICAL",
        filters: &[
            f!("F814W", "f814w", 700.0, 960.0),
            f!("F606W", "f606w", 470.0, 720.0),
            f!("F435W;CLEAR2L", "f435w", 360.0, 490.0),
        ],
        detectors: &["wfc"],
        fov: 0.056,
        weight: 25,
    },
    Instrument {
        name: "STIS/CCD",
        slug: "o",
        dataproduct_type: "spectrum",
        region: "OPTICAL",
        filters: &[
            f!("G430L", "g430l", 290.0, 570.0),
            f!("G750L", "g750l", 524.0, 1027.0),
        ],
        detectors: &["ccd"],
        fov: 0.014,
        weight: 10,
    },
    Instrument {
        name: "COS/FUV",
        slug: "l",
        dataproduct_type: "spectrum",
        region: "UV",
        filters: &[
            f!("G130M", "g130m", 90.0, 145.0),
            f!("G160M", "g160m", 140.0, 178.0),
        ],
        detectors: &["fuv"],
        fov: 0.0007,
        weight: 12,
    },
    Instrument {
        name: "WFPC2/WFC",
        slug: "u",
        dataproduct_type: "image",
        region: "OPTICAL",
        filters: &[
            f!("F814W", "f814w", 713.5, 867.5),
            f!("F555W", "f555w", 450.0, 610.0),
        ],
        detectors: &["wfc"],
        fov: 0.04,
        weight: 13,
    },
];

pub static TESS: &[Instrument] = &[Instrument {
    name: "Photometer",
    slug: "tess",
    dataproduct_type: "timeseries",
    region: "OPTICAL",
    filters: &[f!("TESS", "tess", 600.0, 1000.0)],
    detectors: &["spoc"],
    fov: 0.0035,
    weight: 1,
}];

pub static GALEX: &[Instrument] = &[Instrument {
    name: "GALEX",
    slug: "galex",
    dataproduct_type: "image",
    region: "UV",
    filters: &[f!("NUV", "nd", 169.3, 300.8), f!("FUV", "fd", 134.4, 180.6)],
    detectors: &["nd"],
    fov: 0.625,
    weight: 1,
}];

pub static KEPLER: &[Instrument] = &[Instrument {
    name: "Kepler",
    slug: "kplr",
    dataproduct_type: "timeseries",
    region: "OPTICAL",
    filters: &[f!("KEPLER", "kepler", 420.0, 900.0)],
    detectors: &["lc"],
    fov: 0.0025,
    weight: 1,
}];

pub static K2: &[Instrument] = &[Instrument {
    name: "Kepler",
    slug: "ktwo",
    dataproduct_type: "timeseries",
    region: "OPTICAL",
    filters: &[f!("KEPLER", "kepler", 420.0, 900.0)],
    detectors: &["lc"],
    fov: 0.0025,
    weight: 1,
}];

pub static IUE: &[Instrument] = &[
    Instrument {
        name: "SWP",
        slug: "swp",
        dataproduct_type: "spectrum",
        region: "UV",
        filters: &[
            f!("LOW DISP", "lo", 115.0, 197.5),
            f!("HIGH DISP", "hi", 115.0, 197.5),
        ],
        detectors: &["swp"],
        fov: 0.0028,
        weight: 5,
    },
    Instrument {
        name: "LWP",
        slug: "lwp",
        dataproduct_type: "spectrum",
        region: "UV",
        filters: &[f!("LOW DISP", "lo", 185.0, 335.0)],
        detectors: &["lwp"],
        fov: 0.0028,
        weight: 3,
    },
    Instrument {
        name: "LWR",
        slug: "lwr",
        dataproduct_type: "spectrum",
        region: "UV",
        filters: &[f!("LOW DISP", "lo", 185.0, 335.0)],
        detectors: &["lwr"],
        fov: 0.0028,
        weight: 2,
    },
];

pub static PS1: &[Instrument] = &[Instrument {
    name: "GPC1",
    slug: "ps1",
    dataproduct_type: "image",
    region: "OPTICAL",
    filters: &[
        f!("g", "g", 394.0, 559.0),
        f!("r", "r", 538.0, 704.0),
        f!("i", "i", 678.0, 830.0),
        f!("z", "z", 803.0, 935.0),
        f!("y", "y", 910.0, 1084.0),
    ],
    detectors: &["gpc1"],
    fov: 0.2,
    weight: 1,
}];

pub static HLSP: &[Instrument] = &[
    Instrument {
        name: "ACS/WFC",
        slug: "hst_acs-wfc",
        dataproduct_type: "image",
        region: "OPTICAL",
        filters: &[
            f!("F606W", "f606w", 470.0, 720.0),
            f!("F814W", "f814w", 700.0, 960.0),
        ],
        detectors: &["wfc"],
        fov: 0.06,
        weight: 4,
    },
    Instrument {
        name: "WFC3/UVIS",
        slug: "hst_wfc3-uvis",
        dataproduct_type: "image",
        region: "OPTICAL",
        filters: &[
            f!("F275W", "f275w", 230.0, 310.0),
            f!("F336W", "f336w", 310.0, 360.0),
        ],
        detectors: &["uvis"],
        fov: 0.045,
        weight: 3,
    },
    Instrument {
        name: "Photometer",
        slug: "tess_photometer",
        dataproduct_type: "timeseries",
        region: "OPTICAL",
        filters: &[f!("TESS", "tess", 600.0, 1000.0)],
        detectors: &["ffi"],
        fov: 0.006,
        weight: 3,
    },
];

/// HLSP project names (lower-case slug, project column value).
pub static HLSP_PROJECTS: &[(&str, &str)] = &[
    ("phangs-hst", "PHANGS-HST"),
    ("candels", "CANDELS"),
    ("legus", "LEGUS"),
    ("ullyses", "ULLYSES"),
    ("qlp", "QLP"),
    ("tess-spoc", "TESS-SPOC"),
];

pub static GALEX_SURVEYS: &[&str] = &["AIS", "MIS", "DIS", "GII", "NGS"];

pub static CLASSIFICATIONS: &[&str] = &[
    "Galaxy;Spiral",
    "Galaxy;Elliptical",
    "Galaxy;Active galactic nucleus",
    "Galaxy;Interacting",
    "Star;Exoplanet host",
    "Star;White dwarf",
    "Star;Young stellar object",
    "Star cluster;Globular cluster",
    "Nebula;HII region",
    "Nebula;Planetary nebula",
    "Galaxy cluster;Lensing cluster",
    "ISM;Molecular cloud",
    "Solar system;Planet",
];

pub static PI_NAMES: &[&str] = &[
    "Okafor, Adaeze",
    "Lindqvist, Henrik",
    "Tanaka, Yui",
    "Moreau, Camille",
    "Osei, Kwame",
    "Ferreira, Lucas",
    "Novak, Petra",
    "Haddad, Samir",
    "Kowalski, Anna",
    "Reyes, Mateo",
    "Chen, Wei",
    "O'Brien, Siobhan",
    "Ivanova, Daria",
    "Singh, Priya",
    "Mbeki, Thandiwe",
    "Ostrowski, Jan",
];

pub static TITLE_TOPICS: &[&str] = &[
    "The Star Formation History of",
    "Resolved Stellar Populations in",
    "Dust and Gas in the Disk of",
    "Transmission Spectroscopy of",
    "A Deep Imaging Survey of",
    "Kinematics of the Nuclear Region of",
    "Variability and Flares in",
    "The Chemical Inventory of",
    "Mapping the Outflow of",
    "Weak Lensing Constraints from",
];

pub static JWST_PROPOSAL_TYPES: &[&str] =
    &["GO", "GO", "GO", "GO", "GTO", "GTO", "ERS", "DD", "CAL"];
pub static HST_PROPOSAL_TYPES: &[&str] = &["GO", "GO", "GO", "GO", "SNAP", "GO/DD", "GTO", "CAL"];
