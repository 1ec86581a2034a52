//! The command line: global options, the TUI's flags, and the headless subcommands.
use clap::{Args, Parser, Subcommand, ValueEnum};

use super::criteria_args::CriteriaArgs;
use crate::config::SERVER_ENV;
use crate::mast::DEFAULT_BASE;
use crate::mast::catalogs::query::CATALOG_PAGESIZE;
use crate::worker::basket::DEFAULT_PARALLEL;
use std::path::PathBuf;

/// Every environment variable mastui reads, for `--help` (and the README).
pub const ENVIRONMENT: &str =
    "Environment (each overrides its key in config.toml; see mastui config):
  MASTUI_SERVER        MAST base URL (as --server)
  MAST_API_TOKEN       MAST token for exclusive-access data (never printed)
  MASTUI_DOWNLOAD_DIR  where files land (default: the current directory)
  MASTUI_CONFIG_DIR, MASTUI_DATA_DIR, MASTUI_CACHE_DIR
                       where config, the basket journal, saved searches and caches live
                       (mastui --paths)
  MASTUI_RETRIES       attempts per request, first included (default 6)
  MASTUI_STALL_SECS    seconds under 1 KiB/s before an answer is asked again (0: never)
  MASTUI_PAGES_IN_FLIGHT
                       pages of one result fetched at once, 1 to 4 (as --pages-in-flight)
  MASTUI_ROW_CAP       the most rows one query answers (default 500000); larger
                       searches are fetched in parts split by t_min (0: never)
  MASTUI_NO_KEYRING    1: never touch the system keyring
  MASTUI_CLOUD         1: downloads come from MAST's cloud copy where it has them
  MASTUI_S3_ENDPOINT   an S3-compatible endpoint for the cloud copy (as --s3-endpoint)
  MASTUI_PREVIEWS      off, or the image protocol: kitty, iterm2, sixel, halfblocks
  MASTUI_LAYOUT        astroquery (mastDownload/<collection>/<obs_id>/) or flat
  MASTUI_PARALLEL      files downloaded at once, 1 to 16 (as --parallel; default 4)
  MASTUI_GUIDE_STARS   hidden or shown: the products pane's guide-star files at start
  MASTUI_FILTER        the products pane's file-name filter at start (_cal.fits)
  MASTUI_THEME         color or mono (the browser)
  MASTUI_MOUSE         1: the mouse wheel scrolls the browser's lists
  MASTUI_KEYS          key remaps: sort=o quit=Ctrl-Q
  NO_COLOR             any value: no colours in the browser
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY
                       proxies, honoured for every request
  SSL_CERT_FILE, SSL_CERT_DIR
                       CA certificates (PEM) trusted instead of the system's, beside the
                       built-in Mozilla ones (an institution's TLS proxy)
  DISPLAY, WAYLAND_DISPLAY
                       either set: links open in the browser; neither (as over ssh):
                       they are copied to the clipboard with OSC 52 (on macOS: opened
                       unless SSH_CONNECTION or SSH_TTY is set)
  TERM, TERM_PROGRAM, LC_TERMINAL, KITTY_WINDOW_ID, WEZTERM_EXECUTABLE, SSH_CONNECTION
                       the preview image protocol when MASTUI_PREVIEWS does not name one
  MASTUI_LOG, RUST_LOG the log's level (MASTUI_LOG first; default info); the log is
                       mastui.log in the cache directory
  MASTUI_SIM_FAULTS    mastui sim only: faults to inject (as --faults)
  MASTUI_SIM_EPOCH_DAYS
                       mastui sim only: days its clock is moved by (as --epoch-days)
  MASTUI_TEST_PANIC    tests only: make a named part panic, to test recovery
  MASTUI_TEST_SLOW_STORE_MS
                       tests only: slow the search store's writes, to kill one mid-write";

#[derive(Debug, Parser)]
#[command(
    name = "mastui",
    version,
    about = "A terminal browser for MAST, the Mikulski Archive for Space Telescopes",
    long_about = "A terminal browser for MAST, the Mikulski Archive for Space Telescopes.\n\n\
        Without a subcommand it opens the browser; criteria flags start that search at once.\n\
        `mastui --demo` runs against a simulated archive on loopback (no network, no account).",
    after_help = ENVIRONMENT
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

    /// Open the browser on the search saved under NAME (`mastui saved` lists them) and run
    /// it; observations new since its last run are marked.
    #[arg(long, value_name = "NAME")]
    pub saved: Option<String>,

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

    /// Pages of one result fetched at once after the first (1 to 4; default 3).
    #[arg(long, global = true, env = crate::config::PAGES_IN_FLIGHT_ENV, value_name = "N",
          value_parser = clap::value_parser!(u8).range(1..=crate::mast::retry::MAX_PAGES_IN_FLIGHT as i64))]
    pub pages_in_flight: Option<u8>,
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
    /// Search MAST's catalogs (TIC, CTL, Gaia, HSC, GALEX, Pan-STARRS, Disk Detective);
    /// --list names them.
    Catalog(CatalogArgs),
    /// Match a file of positions against CAOM observations or a catalog.
    Crossmatch(CrossmatchArgs),
    /// Serve the simulated MAST archive on loopback; prints its base URL first.
    Sim(crate::sim::SimArgs),
    /// Look inside FITS files: `mastui fits header FILE [--hdu N]`.
    Fits(super::fits::FitsArgs),
    /// Print shell completions (bash, zsh, fish, powershell, elvish) on stdout.
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout: `mastui man | man -l -`.
    Man,
    /// Show every setting in force and where it came from (the config file, the
    /// environment, the default); --template prints a config file to start from.
    Config(super::config_cmd::ConfigArgs),
    /// Check a download directory against its MANIFEST.csv (sizes, SHA-256, missing, failed,
    /// unfinished and extra files); exit 1 on any problem.
    Verify(super::verify::VerifyArgs),
    /// List saved searches (name, criteria, last run, rows); --delete NAME removes one.
    /// Save with `mastui search ... --save NAME`, run with `mastui search --saved NAME`.
    Saved(super::saved::SavedArgs),
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
#[command(after_help = "Examples:\n  \
    mastui search --collection JWST --proposal 1073 --save ngc1365\n  \
    mastui search --saved ngc1365 --new\n  \
    mastui search --saved ngc1365 --new --format jsonl | mastui products --filter _cal.fits | mastui download")]
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

    /// Also keep these criteria under NAME, with the observations this run finds (so that a
    /// later --new shows only what came after).
    #[arg(long, value_name = "NAME", conflicts_with = "saved")]
    pub save: Option<String>,

    /// Run the search saved under NAME instead of criteria flags (`mastui saved` lists them).
    #[arg(long, value_name = "NAME")]
    pub saved: Option<String>,

    /// With --saved: print only observations that are new since its last run, or that
    /// were exclusive access then and are public now; a `news` column says which.
    #[arg(long, requires = "saved")]
    pub new: bool,
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

    /// productType to keep (SCIENCE, AUXILIARY, PREVIEW, INFO, ...); repeatable. (`--type`
    /// is the search's dataproduct_type.)
    #[arg(long = "product-type", id = "product_type", value_name = "T")]
    pub product_type: Vec<String>,

    /// productSubGroupDescription to keep (UNCAL, RATE, CAL, I2D, X1D, DRZ, ...); repeatable.
    #[arg(long, value_name = "S")]
    pub subgroup: Vec<String>,

    /// The products' calib_level to keep (0-4); repeatable. (`--calib` is the search's.)
    #[arg(long = "product-calib", id = "product_calib", value_name = "N")]
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
    /// Without them: the observations the search flags find, or the `obsid` column of a
    /// table piped in (`mastui search ... --format jsonl|csv|ecsv | mastui products`).
    #[arg(value_name = "OBSID")]
    pub obsids: Vec<String>,

    /// Search criteria, as for `mastui search`, in any order among the products flags.
    #[command(flatten)]
    pub criteria: CriteriaArgs,

    /// Stop the search after N observations.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    #[command(flatten)]
    pub select: ProductFilterArgs,

    /// Output format [default: table on a terminal; jsonl when stdout is a pipe or a file,
    /// which `mastui download` reads].
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Take the observations from the search saved under NAME (`mastui saved` lists them);
    /// the files they list are remembered for the next `--saved NAME --new`.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["obsids", "search"])]
    pub saved: Option<String>,

    /// With --saved: print only files (by dataURI) that its observations did not list at
    /// the last complete `mastui products --saved NAME` run, or that were exclusive then
    /// and are public now: files added to known observations (a reprocessing) included.
    #[arg(long, requires = "saved")]
    pub new: bool,

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

    /// Observations per products request at first (MAST's advice); requests grow from there
    /// while the server answers quickly, up to --max-batch.
    #[arg(long, default_value_t = crate::mast::products_fetch::DEFAULT_BATCH, value_name = "N")]
    pub batch: usize,

    /// The most observations one products request may grow to (set it to --batch for a
    /// fixed size).
    #[arg(long, default_value_t = crate::mast::products_fetch::DEFAULT_MAX_BATCH, value_name = "N")]
    pub max_batch: usize,

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

    /// Put every file straight in DIR instead of mastDownload/<collection>/<obs_id>/
    /// (config: download.layout = "flat").
    #[arg(long)]
    pub flat: bool,

    /// Files downloaded at once (config: download.parallel).
    #[arg(long, env = crate::settings::table::PARALLEL_ENV, default_value_t = DEFAULT_PARALLEL, value_name = "N")]
    pub parallel: usize,

    /// Write a curl script (mastDownload_YYYYMMDDhhmmss.sh) into DIR instead of downloading.
    #[arg(long)]
    pub curl: bool,

    #[command(flatten)]
    pub cloud: super::cloud_args::DownloadCloudArgs,

    #[command(flatten)]
    pub select: ProductFilterArgs,

    /// Search criteria, as for `mastui search`, in any order among the other flags.
    #[command(flatten)]
    pub criteria: CriteriaArgs,

    /// Stop the search after N observations.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

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

/// `mastui catalog` (run by `cli/catalog.rs`).
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mastui catalog --list\n  \
    mastui catalog tic --target M101 --radius 2' --where Tmag=..12\n  \
    mastui catalog tic --where Tmag=8..9 --where lumclass=GIANT --count\n  \
    mastui catalog gaia --coords \"53.40 -36.14\" --radius 30\" --format csv\n  \
    mastui catalog panstarrs --table mean --target M101 --where nDetections=\">=10\"\n  \
    mastui catalog hsc --matchid 80001234\n  \
    mastui catalog hsc-spectra --target NGC1365 --radius 0.2 --format jsonl | mastui download")]
pub struct CatalogArgs {
    /// The catalog: tic, ctl, gaia, hsc, hsc-spectra, galex, panstarrs, diskdetective.
    #[arg(value_name = "NAME", required_unless_present = "list")]
    pub name: Option<String>,

    /// Name every catalog with a one-line description, then exit.
    #[arg(long, conflicts_with = "name")]
    pub list: bool,

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

    /// Cone radius: 0.02 (degrees, the default), 0.02d, 1.2' or 1.2m (arcmin), 30" or 30s (arcsec).
    #[arg(long, value_name = "R")]
    pub radius: Option<String>,

    /// A criterion on a catalog column: COLUMN=VALUE, ranges lo..hi, >=N, alternatives a,b,
    /// wildcards x*. Repeatable (each must hold).
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub where_: Vec<String>,

    /// Columns to print, comma separated, in MAST's names (default: all; a few for --format table).
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub columns: Vec<String>,

    /// Stop after N rows.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    /// Print only the number of matching rows.
    #[arg(long)]
    pub count: bool,

    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Release: gaia dr3 (default) or dr2; hsc 3 (default) or 2; panstarrs dr2.
    #[arg(long, value_name = "V")]
    pub version: Option<String>,

    /// Pan-STARRS table: mean (default), stack or detection.
    #[arg(long, value_name = "T")]
    pub table: Option<String>,

    /// HSC only: list the detections of this MatchID instead of searching.
    #[arg(long, value_name = "N", conflicts_with_all = ["target", "coords", "ra", "where_", "count"])]
    pub matchid: Option<String>,

    /// Rows per page requested from MAST.
    #[arg(long, default_value_t = CATALOG_PAGESIZE, value_name = "N")]
    pub pagesize: u64,
}

/// `mastui crossmatch` (run by `cli/crossmatch.rs`).
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mastui crossmatch --input targets.csv --catalog tic --radius 2\"\n  \
    mastui catalog tic --target M101 --format csv > stars.csv\n  \
    mastui crossmatch --input stars.csv --catalog caom --radius 30\" --format jsonl")]
pub struct CrossmatchArgs {
    /// The positions: a CSV with a header naming RA and Dec columns, or mastui's jsonl.
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,

    /// What to match against: caom (observations), tic, ctl, gaia, galex, hsc.
    #[arg(long, value_name = "NAME")]
    pub catalog: String,

    /// Release: gaia dr3 (default) or dr2.
    #[arg(long, value_name = "V")]
    pub version: Option<String>,

    /// Match radius: 0.002 (degrees, MAST's default), 2" or 2s (arcsec), 0.1' (arcmin).
    #[arg(long, value_name = "R")]
    pub radius: Option<String>,

    /// The RA column of the input (default: found by name, e.g. ra, s_ra, RAJ2000).
    #[arg(long = "ra-col", value_name = "C")]
    pub ra_col: Option<String>,

    /// The Dec column of the input (default: found by name, e.g. dec, s_dec, DEJ2000).
    #[arg(long = "dec-col", value_name = "C")]
    pub dec_col: Option<String>,

    /// Columns to print, comma separated (default: all; a few for --format table).
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub columns: Vec<String>,

    /// Stop after N rows.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `mastui completions SHELL` (run by `cli/shell.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Args)]
#[command(after_help = "Install, for example:\n  \
    mastui completions bash > ~/.local/share/bash-completion/completions/mastui\n  \
    mastui completions zsh > ~/.zfunc/_mastui   (with fpath+=~/.zfunc before compinit)\n  \
    mastui completions fish > ~/.config/fish/completions/mastui.fish")]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: Shell,
}
