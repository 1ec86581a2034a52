//! `mastui catalog`: MAST's catalogs from the command line. A position gives a cone, `--where`
//! a criteria search (TIC, CTL, Disk Detective, Pan-STARRS), both a cone with criteria;
//! `hsc --matchid N` lists one match's detections; `hsc-spectra` lists spectra with the
//! columns `mastui download` reads. Rows stream out as pages arrive, in any of the formats
//! of `mastui search`.
use std::ops::ControlFlow;

use tokio_util::sync::CancellationToken;

use super::CliError;
use super::args::{CatalogArgs, Format};
use super::criteria_args::CriteriaArgs;
use super::output::RowWriter;
use crate::mast::catalogs::hsc::parse_match_id;
use crate::mast::catalogs::query::distance_column;
use crate::mast::catalogs::{CATALOGS, Catalog, CatalogQuery};
use crate::mast::client::MastClient;
use crate::mast::search::SearchPage;

/// Columns of `--format table` for one HSC match's detections.
const MATCH_COLUMNS: &[&str] = &[
    "MatchID",
    "MemID",
    "SourceID",
    "ImageName",
    "Filter",
    "Detector",
    "MagAper2",
    "SourceRA",
    "SourceDec",
    "StartMJD",
];

/// `mastui catalog --list`.
pub fn list() -> String {
    let width = CATALOGS.iter().map(|c| c.name.len()).max().unwrap_or(0);
    CATALOGS
        .iter()
        .map(|c| format!("{:width$}  {}\n", c.name, c.description))
        .collect()
}

impl CatalogArgs {
    /// The query the flags ask for, checked for syntax (nothing is sent).
    pub fn to_query(&self) -> Result<CatalogQuery, CliError> {
        let name = self.name.as_deref().unwrap_or("");
        let catalog = Catalog::parse(name, self.version.as_deref(), self.table.as_deref())?;
        // The position and criteria flags of `mastui search`, read by the same code.
        let position = CriteriaArgs {
            target: self.target.clone(),
            coords: self.coords.clone(),
            ra: self.ra.clone(),
            dec: self.dec.clone(),
            radius: self.radius.clone(),
            where_: self.where_.clone(),
            ..CriteriaArgs::default()
        }
        .to_criteria()?;
        let mut q = CatalogQuery::new(catalog);
        q.target = position.target;
        q.radius_deg = position.radius_deg;
        q.terms = position.terms;
        q.columns = (!self.columns.is_empty()).then(|| self.columns.clone());
        q.limit = self.limit;
        q.pagesize = self.pagesize;
        q.check()?;
        Ok(q)
    }
}

pub async fn run(
    client: &MastClient,
    args: &CatalogArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    if args.list {
        print!("{}", list());
        return Ok(());
    }
    if let Some(id) = &args.matchid {
        return matches(client, args, id, cancel).await;
    }
    let q = args.to_query()?;
    if args.count {
        let n = client.catalog_count(&q, cancel).await?;
        println!("{n}");
        return Ok(());
    }
    let shown = match (&q.columns, args.format) {
        (Some(c), _) => Some(c.clone()),
        (None, Format::Table) => {
            let distance = distance_column(q.catalog);
            Some(
                q.catalog
                    .table_columns()
                    .iter()
                    .filter(|c| q.target.is_some() || !c.eq_ignore_ascii_case(distance))
                    .map(|c| c.to_string())
                    .collect(),
            )
        }
        (None, _) => None,
    };
    let mut writer = RowWriter::new(
        args.format,
        std::io::BufWriter::new(std::io::stdout()),
        shown,
    );
    if matches!(args.format, Format::Ecsv | Format::Votable)
        && let Ok(Some(config)) = client.catalog_columns(q.catalog, cancel).await
    {
        writer = writer.with_meta(super::typed::meta_from(&config));
    }
    let mut io_error = None;
    let result = client
        .catalog_search(&q, cancel, &mut |page| {
            write_page(&mut writer, &page, &mut io_error)
        })
        .await;
    if let Some(e) = io_error {
        return Err(CliError::Io(e));
    }
    let summary = result?;
    writer.finish().map_err(CliError::Io)?;
    let limited = args.limit.is_some_and(|l| summary.rows >= l);
    if let Some(cap) = summary.capped {
        eprintln!(
            "mastui: warning: {} answered its maximum of {cap} rows; the cone may hold more \
             sources (narrow --radius)",
            q.catalog
        );
    } else if !summary.complete && !limited {
        eprintln!(
            "mastui: warning: MAST announced {} matching rows but sent {}",
            summary.rows_filtered, summary.rows
        );
    }
    Ok(())
}

fn write_page<W: std::io::Write>(
    writer: &mut RowWriter<W>,
    page: &SearchPage,
    io_error: &mut Option<std::io::Error>,
) -> ControlFlow<()> {
    match writer.page(&page.table) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            *io_error = Some(e);
            ControlFlow::Break(())
        }
    }
}

/// `mastui catalog hsc --matchid N`.
async fn matches(
    client: &MastClient,
    args: &CatalogArgs,
    id: &str,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let name = args.name.as_deref().unwrap_or("");
    let Catalog::Hsc(version) =
        Catalog::parse(name, args.version.as_deref(), args.table.as_deref())?
    else {
        return Err(CliError::input(
            "--matchid",
            format!(
                "--matchid lists an HSC match's detections: use it with `mastui catalog hsc`, not {name}"
            ),
        ));
    };
    if args.radius.is_some() {
        return Err(CliError::input("--radius", "--matchid takes no radius"));
    }
    if args.limit == Some(0) {
        return Err(CliError::input("--limit", "must be at least 1"));
    }
    let id = parse_match_id(id)?;
    let shown = match (args.columns.is_empty(), args.format) {
        (false, _) => Some(args.columns.clone()),
        (true, Format::Table) => Some(MATCH_COLUMNS.iter().map(|c| c.to_string()).collect()),
        (true, _) => None,
    };
    let project = (!args.columns.is_empty()).then(|| args.columns.clone());
    let mut writer = RowWriter::new(
        args.format,
        std::io::BufWriter::new(std::io::stdout()),
        shown,
    );
    let mut io_error = None;
    let result = client
        .hsc_matches(
            version,
            id,
            args.limit,
            args.pagesize,
            cancel,
            &mut |mut page| {
                if let Some(cols) = &project {
                    let names: Vec<&str> = cols.iter().map(String::as_str).collect();
                    page.table = page.table.project(&names);
                }
                write_page(&mut writer, &page, &mut io_error)
            },
        )
        .await;
    if let Some(e) = io_error {
        return Err(CliError::Io(e));
    }
    let streamed = result?;
    writer.finish().map_err(CliError::Io)?;
    if streamed.rows == 0 {
        eprintln!("mastui: HSC v{version} has no detections for MatchID {id}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::args::{Cli, Command};

    fn parse(args: &[&str]) -> CatalogArgs {
        let mut all = vec!["mastui", "catalog"];
        all.extend_from_slice(args);
        match Cli::try_parse_from(all).unwrap().command {
            Some(Command::Catalog(a)) => a,
            _ => panic!("not a catalog command"),
        }
    }

    #[test]
    fn flags_become_a_query() {
        let q = parse(&[
            "tic",
            "--target",
            "M101",
            "--radius",
            "2'",
            "--where",
            "Tmag=..12",
        ])
        .to_query()
        .unwrap();
        assert_eq!(q.catalog, Catalog::Tic);
        assert!((q.radius_deg.unwrap() - 2.0 / 60.0).abs() < 1e-12);
        assert_eq!(q.terms[0].column, "Tmag");
        let e = parse(&["gaia", "--coords", "1 2", "--where", "ra=1"])
            .to_query()
            .unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = parse(&["tic", "--radius", "1"]).to_query().unwrap_err();
        assert!(e.to_string().contains("--radius"), "{e}");
        let e = parse(&["gaia", "--where", "x"]).to_query().unwrap_err();
        assert!(e.to_string().contains("--where"), "{e}");
        assert!(Cli::try_parse_from(["mastui", "catalog"]).is_err());
        assert!(parse(&["--list"]).list);
        assert!(
            Cli::try_parse_from([
                "mastui",
                "catalog",
                "hsc",
                "--matchid",
                "1",
                "--target",
                "M1"
            ])
            .is_err()
        );
    }

    #[test]
    fn the_list_names_every_catalog() {
        let l = list();
        for name in [
            "tic",
            "ctl",
            "gaia",
            "hsc",
            "hsc-spectra",
            "galex",
            "panstarrs",
            "diskdetective",
        ] {
            assert!(l.lines().any(|line| line.starts_with(name)), "{name}: {l}");
        }
    }
}
