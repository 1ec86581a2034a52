//! `mastui missions` and `mastui mission NAME ...`: a mission's own archive searched by its
//! keywords (the missions search API), and the files of its datasets in the product lines
//! `mastui download` reads.
use std::ops::ControlFlow;

use clap::Args;
use tokio_util::sync::CancellationToken;

use super::CliError;
use super::format::Format;
use super::output::RowWriter;
use crate::mast::angle::parse_radius;
use crate::mast::client::MastClient;
use crate::mast::coords::parse_coords;
use crate::mast::criteria::Target;
use crate::mast::missions_search::catalog::{MISSIONS, MissionApi, mission};
use crate::mast::missions_search::products::PRODUCT_COLUMNS;
use crate::mast::missions_search::query::MissionQuery;
use crate::mast::table::{Cell, Table};

#[derive(Debug, Args)]
pub struct MissionsArgs {
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mastui mission jwst --where program=1073 --where instrume=NIRCAM\n  \
    mastui mission hst --target M101 --radius 5' --where sci_instrume=ACS,WFC3 --format csv\n  \
    mastui mission jwst --products jw01073-o001_t001_nircam_clear-f150w --format jsonl | mastui download")]
pub struct MissionArgs {
    /// The mission: hst, jwst, roman, classy, ullyses (`mastui missions` lists them).
    #[arg(value_name = "NAME")]
    pub mission: String,

    /// Target name to resolve (e.g. "M101"); repeatable.
    #[arg(long, value_name = "NAME")]
    pub target: Vec<String>,

    /// Coordinates: "210.8 54.35", "10:08:48.5 +54:20:55"; repeatable.
    #[arg(long, value_name = "\"RA DEC\"", allow_hyphen_values = true)]
    pub coords: Vec<String>,

    /// Cone radius (default 3'): 3' or 3m (arcmin), 30" or 30s (arcsec), 0.05 or 0.05d
    /// (degrees); at most 30'.
    #[arg(long, value_name = "R")]
    pub radius: Option<String>,

    /// A condition on one of the mission's columns, COLUMN=VALUE (names are
    /// case-sensitive): alternatives "a,b", wildcards "x*", "!x" negates, ">=N", "<DATE",
    /// "a..b". Repeatable, AND'ed.
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    pub where_: Vec<String>,

    /// Columns to return, comma separated (default: the mission's own choice).
    #[arg(long, value_name = "COLS", value_delimiter = ',')]
    pub columns: Vec<String>,

    /// Sort by a column, `-column` for descending; repeatable.
    #[arg(long, value_name = "COL", allow_hyphen_values = true)]
    pub sort: Vec<String>,

    /// Stop after N rows (default: every matching row, 5,000 a request).
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    /// Print only the number of matching datasets.
    #[arg(long)]
    pub count: bool,

    /// List the mission's columns (name, type, description) and exit.
    #[arg(long)]
    pub list_columns: bool,

    /// List the files of these datasets instead of searching (jsonl is what `mastui
    /// download` reads on stdin).
    #[arg(long, value_name = "DATASET", num_args = 1.., value_delimiter = ',')]
    pub products: Vec<String>,

    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The columns of the aligned table for a mission's datasets (the mission's own list;
/// `ang_sep` only for cone searches, which alone return it).
fn table_columns(m: &MissionApi, positional: bool) -> Option<Vec<String>> {
    if m.table_columns.is_empty() {
        return None;
    }
    Some(
        m.table_columns
            .iter()
            .filter(|c| positional || **c != "ang_sep")
            .map(|s| s.to_string())
            .collect(),
    )
}

/// `mastui missions`.
pub fn list(args: &MissionsArgs) -> Result<(), CliError> {
    let mut t = Table::default();
    for m in MISSIONS {
        t.push_row([
            ("mission", Cell::Text(m.name)),
            ("dataset_column", Cell::Text(m.dataset_column)),
            ("description", Cell::Text(m.title)),
        ]);
    }
    let mut w = RowWriter::new(args.format, std::io::stdout().lock(), None);
    w.page(&t).map_err(CliError::Io)?;
    w.finish().map_err(CliError::Io)
}

/// The query the flags ask for, every syntax checked (nothing sent).
fn query(args: &MissionArgs) -> Result<MissionQuery, CliError> {
    let m = mission(&args.mission).map_err(|e| CliError::input("mission", e))?;
    let mut q = MissionQuery {
        mission: m.name.to_string(),
        limit: args.limit,
        ..Default::default()
    };
    for t in &args.target {
        let t = t.trim();
        if t.is_empty() {
            return Err(CliError::input("--target", "the target name is empty"));
        }
        q.targets.push(Target::Name(t.to_string()));
    }
    for c in &args.coords {
        let c = parse_coords(c).map_err(|e| CliError::input("--coords", e.message))?;
        q.targets.push(Target::Coords(c));
    }
    if let Some(r) = &args.radius {
        let deg = parse_radius(r).map_err(|e| CliError::input("--radius", e.message))?;
        q.radius_arcmin = Some(deg * 60.0);
    }
    for w in &args.where_ {
        let Some((k, v)) = w.split_once('=') else {
            return Err(CliError::input(
                "--where",
                format!("'{w}' has no '='; use COLUMN=VALUE, e.g. --where sci_instrume=ACS,WFC3"),
            ));
        };
        if k.trim().is_empty() {
            return Err(CliError::input(
                "--where",
                format!("'{w}' has no column name before '='"),
            ));
        }
        q.conditions
            .push((k.trim().to_string(), v.trim().to_string()));
    }
    q.columns = args
        .columns
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    for s in &args.sort {
        let s = s.trim();
        let (name, desc) = match s.strip_prefix('-') {
            Some(n) => (n, true),
            None => (s, false),
        };
        if name.is_empty() {
            return Err(CliError::input(
                "--sort",
                "give a column, or -column for descending",
            ));
        }
        q.sort.push((name.to_string(), desc));
    }
    if args.limit == Some(0) {
        return Err(CliError::input("--limit", "must be at least 1"));
    }
    Ok(q)
}

pub async fn run(
    client: &MastClient,
    args: &MissionArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let m = mission(&args.mission).map_err(|e| CliError::input("mission", e))?;
    if args.list_columns {
        let cols = client.mission_columns(m.name, cancel).await?;
        let mut t = Table::default();
        for c in &cols.columns {
            t.push_row([
                ("column_name", Cell::Text(&c.name)),
                ("qual_type", Cell::Text(&c.qual_type)),
                ("default_output", Cell::Bool(c.default_output)),
                ("description", Cell::Text(&c.description)),
            ]);
        }
        let mut w = RowWriter::new(args.format, std::io::stdout().lock(), None);
        w.page(&t).map_err(CliError::Io)?;
        return w.finish().map_err(CliError::Io);
    }
    if !args.products.is_empty() {
        return products(client, m.name, args, cancel).await;
    }
    let q = query(args)?;
    if args.count {
        let n = client.mission_count(&q, cancel).await?;
        println!("{n}");
        return Ok(());
    }
    let shown = match (args.format, q.columns.is_empty()) {
        (_, false) => Some(q.columns.clone()),
        (Format::Table, true) => table_columns(m, !q.targets.is_empty()),
        _ => None,
    };
    let stdout = std::io::stdout();
    let mut writer = RowWriter::new(args.format, std::io::BufWriter::new(stdout), shown);
    // The typed formats carry the descriptions of the mission's column list (one more
    // request; without it, types only).
    if matches!(args.format, Format::Ecsv | Format::Votable)
        && let Ok(cols) = client.mission_columns(m.name, cancel).await
    {
        writer = writer.with_meta(super::typed::meta_from_mission(&cols));
    }
    let mut io_error = None;
    let result = client
        .mission_search(&q, cancel, &mut |table| match writer.page(&table) {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                io_error = Some(e);
                ControlFlow::Break(())
            }
        })
        .await;
    if let Some(e) = io_error {
        return Err(CliError::Io(e));
    }
    let summary = result?;
    writer.finish().map_err(CliError::Io)?;
    for msg in &summary.messages {
        eprintln!("mastui: MAST says: {}", crate::sanitize::printable(msg));
    }
    if summary.capped {
        eprintln!(
            "mastui: warning: showing {} of {} matching rows (--limit {}); raise --limit to \
             see more",
            summary.rows,
            summary.total,
            args.limit.unwrap_or(0)
        );
    } else if !summary.complete {
        eprintln!(
            "mastui: warning: MAST announced {} matching rows but sent {}",
            summary.total, summary.rows
        );
    }
    Ok(())
}

async fn products(
    client: &MastClient,
    mission: &str,
    args: &MissionArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let table = client
        .mission_products(mission, &args.products, cancel)
        .await?;
    if table.is_empty() {
        eprintln!("mastui: no files listed for these datasets (unknown names give none)");
    }
    let shown = match args.format {
        Format::Table => Some(
            [
                "obs_id",
                "productFilename",
                "productType",
                "productSubGroupDescription",
                "size",
                "dataRights",
            ]
            .map(String::from)
            .to_vec(),
        ),
        _ => Some(PRODUCT_COLUMNS.iter().map(|s| s.to_string()).collect()),
    };
    let mut w = RowWriter::new(
        args.format,
        std::io::BufWriter::new(std::io::stdout()),
        shown,
    );
    // The files carry MAST's product column names, described by the products' config.
    if matches!(args.format, Format::Ecsv | Format::Votable)
        && let Ok(Some(config)) = client.products_columns(cancel).await
    {
        w = w.with_meta(super::typed::meta_from(&config));
    }
    w.page(&table).map_err(CliError::Io)?;
    w.finish().map_err(CliError::Io)
}
