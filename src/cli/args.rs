//! The command line: global options, the TUI's flags, and the headless subcommands.
use clap::{Args, Parser, Subcommand, ValueEnum};

use super::criteria_args::CriteriaArgs;
use crate::config::SERVER_ENV;
use crate::mast::DEFAULT_BASE;
use crate::worker::basket::DEFAULT_PARALLEL;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "mastui",
    version,
    about = "A terminal browser for MAST, the Mikulski Archive for Space Telescopes",
    long_about = "A terminal browser for MAST, the Mikulski Archive for Space Telescopes.\n\n\
        Without a subcommand it opens the browser; criteria flags start that search at once.\n\
        `mastui --demo` runs against a simulated archive on loopback (no network, no account)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// Run against the built-in simulated archive on a free loopback port.
    #[arg(long)]
    pub demo: bool,

    /// Print where config, cache, the basket journal and downloads live, then exit.
    #[arg(long)]
    pub paths: bool,

    #[command(flatten)]
    pub criteria: CriteriaArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// MAST base URL; every endpoint derives from it.
    #[arg(long, global = true, env = SERVER_ENV, default_value = DEFAULT_BASE, value_name = "URL")]
    pub server: String,
}

// Parsed once per run: the size of its variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search observations (CAOM) and print them.
    Search(SearchArgs),
    /// List the de-duplicated data products of observations (by obsid).
    Products(ProductsArgs),
    /// Check a MAST token (read hidden from the terminal, or from stdin) and keep it.
    Login(super::login::LoginArgs),
    /// Show whose token mastui would use, its scopes and how long it has left.
    Whoami,
    /// Remove mastui's stored token for this server (astroquery's entry is left alone).
    Logout,
    /// Download products (from criteria, --obsid, or `mastui products --format jsonl` on
    /// stdin) in parallel, resumable and verified, through the journalled basket.
    Download(DownloadArgs),
    /// List the missions MAST serves through its missions search API.
    Missions(super::mission::MissionsArgs),
    /// Search a mission's own archive by its keywords, or list its datasets' files.
    Mission(super::mission::MissionArgs),
    /// Cutouts: TESScut (tess), Zcut deep fields (deep), HAPcut (hap).
    Cutout(super::cutout::CutoutArgs),
    /// Serve the simulated MAST archive on loopback; prints its base URL first.
    Sim(crate::sim::SimArgs),
    /// Look inside FITS files: `mastui fits header FILE [--hdu N]`.
    Fits(super::fits::FitsArgs),
    /// Check a download directory against its MANIFEST.csv (sizes, SHA-256, missing, failed,
    /// unfinished and extra files); exit 1 on any problem.
    Verify(super::verify::VerifyArgs),
}

/// `mastui products --rights`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RightsArg {
    /// PUBLIC.
    Public,
    /// EXCLUSIVE_ACCESS or RESTRICTED (downloads need a token).
    Exclusive,
}

// The output formats live in their own file, so that command files can name them without
// an import circle through this one.
pub use super::format::Format;

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[command(flatten)]
    pub criteria: CriteriaArgs,

    /// Print only the number of matching observations.
    #[arg(long)]
    pub count: bool,

    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Stop after N rows.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    /// Columns to ask MAST for, comma separated (default: all).
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub columns: Vec<String>,

    /// Rows per page requested from MAST.
    #[arg(long, default_value_t = 50_000, value_name = "N")]
    pub pagesize: u64,
}

/// Which products to keep, for `mastui products` and `mastui download` alike.
#[derive(Debug, Clone, Default, Args)]
pub struct ProductFilterArgs {
    /// File-name expression: case-insensitive parts OR'ed with ',', '!part' excluded,
    /// e.g. "_cal.fits,_i2d.fits,!_gs-".
    #[arg(long, value_name = "EXPR", allow_hyphen_values = true)]
    pub filter: Option<String>,

    /// Keep guide-star products (`_gs-` in the name), hidden by default.
    #[arg(long)]
    pub guide_stars: bool,

    /// productType to keep (SCIENCE, AUXILIARY, PREVIEW, INFO, ...); repeatable.
    #[arg(long = "type", value_name = "T")]
    pub product_type: Vec<String>,

    /// productSubGroupDescription to keep (UNCAL, RATE, CAL, I2D, X1D, DRZ, ...); repeatable.
    #[arg(long, value_name = "S")]
    pub subgroup: Vec<String>,

    /// calib_level to keep (0-4); repeatable.
    #[arg(long, value_name = "N")]
    pub calib: Vec<String>,

    /// File extension to keep (fits, jpg, json, fits.gz, ...); repeatable.
    #[arg(long, value_name = "E")]
    pub ext: Vec<String>,

    /// Minimum Recommended Products only.
    #[arg(long)]
    pub mrp: bool,

    /// Data rights to keep: public, or exclusive (EXCLUSIVE_ACCESS and RESTRICTED).
    #[arg(long, value_enum, value_name = "R")]
    pub rights: Option<RightsArg>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mastui products 87602009 87602010 --filter '_cal.fits,_i2d.fits' --mrp\n  \
    mastui products --format jsonl --search --collection JWST --proposal 1073 > products.jsonl")]
pub struct ProductsArgs {
    /// Observation product-group ids (`obsid`, an integer such as 2003738726; not `obs_id`).
    #[arg(value_name = "OBSID", required_unless_present = "search")]
    pub obsids: Vec<String>,

    #[command(flatten)]
    pub select: ProductFilterArgs,

    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Take the observations from a search: every flag after --search is a search
    /// criterion, as for `mastui search` (e.g. --search --collection JWST --proposal 1073).
    #[arg(
        long,
        num_args = 0..,
        allow_hyphen_values = true,
        value_name = "CRITERIA",
        conflicts_with = "obsids"
    )]
    pub search: Option<Vec<String>>,

    /// Observations per products request.
    #[arg(long, default_value_t = crate::mast::products_fetch::DEFAULT_BATCH, value_name = "N")]
    pub batch: usize,

    /// Product requests in flight at once.
    #[arg(long, default_value_t = crate::mast::products_fetch::DEFAULT_IN_FLIGHT, value_name = "N")]
    pub parallel: usize,

    #[command(flatten)]
    pub cloud: super::cloud_args::ProductsCloudArgs,
}

#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// Download the products of these observations (obsid, comma separated or repeated)
    /// instead of searching; without criteria or --obsid, a product list is read from stdin
    /// as JSON lines (`mastui products --format jsonl`).
    #[arg(long = "obsid", value_name = "OBSID", value_delimiter = ',')]
    pub obsids: Vec<String>,

    /// Download directory (default: $MASTUI_DOWNLOAD_DIR, else the current directory).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Put every file straight in DIR instead of mastDownload/<collection>/<obs_id>/.
    #[arg(long)]
    pub flat: bool,

    /// Files downloaded at once.
    #[arg(long, default_value_t = DEFAULT_PARALLEL, value_name = "N")]
    pub parallel: usize,

    /// Write a curl script (mastDownload_YYYYMMDDhhmmss.sh) into DIR instead of downloading.
    #[arg(long)]
    pub curl: bool,

    #[command(flatten)]
    pub cloud: super::cloud_args::DownloadCloudArgs,

    #[command(flatten)]
    pub select: ProductFilterArgs,

    /// Take the observations from a search, as `mastui products --search` does: every flag
    /// after --search is a search criterion (e.g. --search --collection JWST --proposal 1073).
    #[arg(
        long,
        num_args = 0..,
        allow_hyphen_values = true,
        value_name = "CRITERIA",
        conflicts_with = "obsids"
    )]
    pub search: Option<Vec<String>>,
}
