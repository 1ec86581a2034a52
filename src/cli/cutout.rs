//! `mastui cutout tess|deep|hap`: sector and survey lists, and cutouts fetched through the
//! download basket (`.part`, retries, journal, manifest rows), which verifies and unpacks
//! them under the target directory with every member name checked. Cutout archives are made
//! on request: the services offer no ranges, so a broken download starts over, and says so.
use std::collections::HashSet;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use tokio_util::sync::CancellationToken;

use super::CliError;
use super::format::Format;
use super::output::RowWriter;
use crate::config::Paths;
use crate::mast::angle::parse_radius;
use crate::mast::client::MastClient;
use crate::mast::coords::{SkyCoord, parse_coords};
use crate::mast::cutouts::services::{Center, CutoutRequest, Service, cutout_url};
use crate::mast::cutouts::size::parse_size;
use crate::mast::table::{Cell, Table};
use crate::worker::basket::manifest::write_manifest;
use crate::worker::basket::{Basket, cutout_product, journal_for};

#[derive(Debug, Args)]
pub struct CutoutArgs {
    #[command(subcommand)]
    pub service: CutoutService,
}

#[derive(Debug, Subcommand)]
pub enum CutoutService {
    /// TESScut: TESS full-frame-image cutouts (target pixel files), or --sectors.
    Tess(TessArgs),
    /// Zcut: deep-field survey cutouts, or --surveys.
    Deep(DeepArgs),
    /// HAPcut: Hubble Advanced Products cutouts.
    Hap(HapArgs),
}

/// Where, how big, and where to put it.
#[derive(Debug, Clone, Args)]
pub struct PlaceArgs {
    /// Target name to resolve (e.g. "M101").
    #[arg(long, value_name = "NAME", conflicts_with = "coords")]
    pub target: Option<String>,

    /// Coordinates: "107.27 -70.0", "07:09:04.8 -70:00:00".
    #[arg(long, value_name = "\"RA DEC\"", allow_hyphen_values = true)]
    pub coords: Option<String>,

    /// Cutout size: pixels 10, 10px, 10x20 (width x height); angles 2arcmin, 2', 30",
    /// 30arcsec, 0.05deg.
    #[arg(long, value_name = "SIZE")]
    pub size: Option<String>,

    /// Where the files go (default: $MASTUI_DOWNLOAD_DIR, else the current directory).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Keep the downloaded zip beside the unpacked files.
    #[arg(long)]
    pub keep_zip: bool,

    /// Format of --sectors / --surveys lists.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct TessArgs {
    #[command(flatten)]
    pub place: PlaceArgs,

    /// A moving target by name (asteroid or comet, as JPL Horizons knows it).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["target", "coords"])]
    pub moving: Option<String>,

    /// The moving target's kind: majorbody or smallbody (default: both tried).
    #[arg(long, value_name = "KIND", requires = "moving")]
    pub moving_type: Option<String>,

    /// List the sectors (with camera and CCD) that saw the position instead of cutting.
    #[arg(long)]
    pub sectors: bool,

    /// Search radius for --sectors: 0.1 or 0.1d (degrees), 6' (arcmin), 30" (arcsec).
    #[arg(long, value_name = "R")]
    pub radius: Option<String>,

    /// Only this sector (repeatable; default every sector that saw it).
    #[arg(long, value_name = "N")]
    pub sector: Vec<u32>,
}

#[derive(Debug, Args)]
pub struct DeepArgs {
    #[command(flatten)]
    pub place: PlaceArgs,

    /// List the surveys covering the position instead of cutting.
    #[arg(long)]
    pub surveys: bool,

    /// Search radius for --surveys.
    #[arg(long, value_name = "R")]
    pub radius: Option<String>,

    /// The survey to cut from (default: the first that covers the position).
    #[arg(long, value_name = "NAME")]
    pub survey: Option<String>,
}

#[derive(Debug, Args)]
pub struct HapArgs {
    #[command(flatten)]
    pub place: PlaceArgs,
}

/// The position of `--target` or `--coords`.
async fn position(
    client: &MastClient,
    p: &PlaceArgs,
    cancel: &CancellationToken,
) -> Result<SkyCoord, CliError> {
    match (&p.target, &p.coords) {
        (_, Some(c)) => parse_coords(c).map_err(|e| CliError::input("--coords", e.message)),
        (Some(name), None) => {
            if name.trim().is_empty() {
                return Err(CliError::input("--target", "the target name is empty"));
            }
            let r = client.resolve_name(name, cancel).await?;
            eprintln!(
                "mastui: {} resolved by {} to {}",
                crate::sanitize::printable(name.trim()),
                crate::sanitize::printable(&r.resolver),
                SkyCoord {
                    ra: r.ra,
                    dec: r.dec
                }
            );
            Ok(SkyCoord {
                ra: r.ra,
                dec: r.dec,
            })
        }
        (None, None) => Err(CliError::input(
            "position",
            "give --target NAME or --coords \"RA DEC\" (e.g. --coords \"107.27 -70.0\")",
        )),
    }
}

fn radius_deg(r: &Option<String>) -> Result<f64, CliError> {
    match r {
        None => Ok(0.0),
        Some(t) => parse_radius(t).map_err(|e| CliError::input("--radius", e.message)),
    }
}

fn print_table(format: Format, t: &Table) -> Result<(), CliError> {
    let mut w = RowWriter::new(format, std::io::stdout().lock(), None);
    w.page(t).map_err(CliError::Io)?;
    w.finish().map_err(CliError::Io)
}

pub async fn run(
    client: &MastClient,
    args: &CutoutArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    match &args.service {
        CutoutService::Tess(a) => tess(client, a, cancel).await,
        CutoutService::Deep(a) => deep(client, a, cancel).await,
        CutoutService::Hap(a) => {
            let size = size_of(&a.place)?;
            let c = position(client, &a.place, cancel).await?;
            let req = CutoutRequest {
                service: Service::Hapcut,
                center: Center::Position(c),
                size,
                sectors: Vec::new(),
                survey: None,
            };
            fetch(client, &req, &a.place, cancel).await
        }
    }
}

fn size_of(p: &PlaceArgs) -> Result<crate::mast::cutouts::size::CutoutSize, CliError> {
    let Some(s) = &p.size else {
        return Err(CliError::input(
            "--size",
            "give the cutout's size: pixels 10, 10px, 10x20; angles 2arcmin, 2', 30\", 0.05deg",
        ));
    };
    Ok(parse_size(s)?)
}

async fn tess(
    client: &MastClient,
    a: &TessArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let center = match &a.moving {
        Some(name) if name.trim().is_empty() => {
            return Err(CliError::input(
                "--moving",
                "the moving target's name is empty",
            ));
        }
        Some(name) => Center::Moving {
            name: name.trim().to_string(),
            kind: a.moving_type.clone(),
        },
        None => {
            // Sizes are checked before any request, names resolved after.
            if !a.sectors {
                size_of(&a.place)?;
            }
            Center::Position(position(client, &a.place, cancel).await?)
        }
    };
    if a.sectors {
        let list = client
            .tess_sectors(&center, radius_deg(&a.radius)?, cancel)
            .await?;
        if list.is_empty() {
            eprintln!("mastui: no TESS sector covers this position");
        }
        let mut t = Table::default();
        for s in &list {
            t.push_row([
                ("sectorName", Cell::Text(&s.sector_name)),
                ("sector", Cell::Int(i64::from(s.sector))),
                ("camera", Cell::Int(i64::from(s.camera))),
                ("ccd", Cell::Int(i64::from(s.ccd))),
            ]);
        }
        return print_table(a.place.format, &t);
    }
    let req = CutoutRequest {
        service: Service::Tesscut,
        center,
        size: size_of(&a.place)?,
        sectors: a.sector.clone(),
        survey: None,
    };
    fetch(client, &req, &a.place, cancel).await
}

async fn deep(
    client: &MastClient,
    a: &DeepArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    if !a.surveys {
        size_of(&a.place)?;
    }
    let c = position(client, &a.place, cancel).await?;
    if a.surveys {
        let list = client
            .zcut_surveys(c, radius_deg(&a.radius)?, cancel)
            .await?;
        if list.is_empty() {
            eprintln!("mastui: no deep-field survey covers this position");
        }
        let mut t = Table::default();
        for s in &list {
            t.push_row([("survey", Cell::Text(s))]);
        }
        return print_table(a.place.format, &t);
    }
    let req = CutoutRequest {
        service: Service::Zcut,
        center: Center::Position(c),
        size: size_of(&a.place)?,
        sectors: Vec::new(),
        survey: a.survey.clone(),
    };
    fetch(client, &req, &a.place, cancel).await
}

/// Fetches the archive through the basket, which checks and unpacks it under the
/// directory; prints each file unpacked.
async fn fetch(
    client: &MastClient,
    req: &CutoutRequest,
    place: &PlaceArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let url = cutout_url(client.base_url(), req)?;
    let paths = Paths::from_env();
    let dir = place
        .dir
        .clone()
        .unwrap_or_else(|| paths.download_dir.clone());
    let product = cutout_product(req, url.as_str(), "");
    let mut basket =
        Basket::open(&journal_for(&paths, client.base_url())).map_err(CliError::Setup)?;
    let id = basket
        .add_archive(&product, &dir, true, place.keep_zip)
        .map_err(CliError::Setup)?;
    let scope: HashSet<u64> = HashSet::from([id]);
    eprintln!(
        "mastui cutout: fetching {} into {}",
        req.service.name(),
        dir.display()
    );
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let notes = tokio::spawn(async move {
        while let Some(ev) = rx.recv().await {
            if let crate::mast::basket_messages::BasketEvent::Note(n) = ev {
                eprintln!("mastui cutout: {}", crate::sanitize::printable(&n));
            }
        }
    });
    let ran = basket.run(client, 1, Some(&scope), None, &tx, cancel).await;
    drop(tx);
    let _ = notes.await;
    ran.map_err(CliError::Setup)?;
    let item = basket
        .items()
        .iter()
        .find(|it| it.id == id)
        .cloned()
        .ok_or_else(|| CliError::Setup("the basket lost the cutout".into()))?;
    if cancel.is_cancelled() {
        return Err(CliError::Mast(crate::mast::error::MastError::Cancelled));
    }
    let manifest = write_manifest(&dir, client.base_url(), std::slice::from_ref(&item))
        .map_err(CliError::Setup)?;
    if !item.status.is_done() {
        return Err(CliError::Setup(format!(
            "the cutout failed: {}",
            crate::sanitize::printable(&item.message)
        )));
    }
    let files = item.archive.map(|a| a.files).unwrap_or_default();
    if files.is_empty() {
        eprintln!(
            "mastui cutout: {}",
            crate::sanitize::printable(&item.message)
        );
        return Ok(());
    }
    for f in &files {
        println!("{}", f.path.display());
    }
    eprintln!(
        "mastui cutout: {} files in {}; manifest {}",
        files.len(),
        dir.display(),
        manifest.display()
    );
    Ok(())
}
