//! `mastui crossmatch`: the positions of a file (CSV with a header, or a `mastui` CSV or
//! jsonl output) matched against CAOM observations or a catalog. Each output row starts with
//! `input_row`, the number of the input row it matched (1 is the first data row), and its
//! `input_ra`/`input_dec`, then the match's columns and `dstArcSec`.
use std::ops::ControlFlow;
use std::path::Path;

use tokio_util::sync::CancellationToken;

use super::CliError;
use super::args::{CrossmatchArgs, Format};
use super::output::RowWriter;
use super::typed::meta_for_crossmatch;
use crate::mast::angle::parse_radius;
use crate::mast::catalogs::positions::read_positions;
use crate::mast::catalogs::{CrossmatchQuery, CrossmatchTarget};
use crate::mast::client::MastClient;
use crate::mast::error::InputError;

/// The match columns `--format table` shows, after the input ones.
fn table_columns(target: CrossmatchTarget) -> Vec<String> {
    let mut cols = vec!["input_row", "input_ra", "input_dec"];
    match target {
        CrossmatchTarget::Caom => cols.extend([
            "obs_collection",
            "instrument_name",
            "target_name",
            "obs_id",
            "obsid",
        ]),
        CrossmatchTarget::Catalog(c) => cols.extend(c.table_columns().iter().filter(|n| {
            !matches!(
                **n,
                "dstArcSec" | "distance" | "Distance" | "distance_arcmin"
            )
        })),
    }
    cols.push("dstArcSec");
    cols.into_iter().map(str::to_string).collect()
}

/// The file's text, or why it cannot be read (bad input: exit 2).
fn read_input(path: &Path) -> Result<String, CliError> {
    let bytes = std::fs::read(path).map_err(|e| {
        CliError::Mast(
            InputError::new("--input", format!("cannot read {}: {e}", path.display())).into(),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::input(
            "--input",
            format!(
                "{} is not UTF-8 text (byte {}); give a CSV or mastui's jsonl",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

pub async fn run(
    client: &MastClient,
    args: &CrossmatchArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let target = CrossmatchTarget::parse(&args.catalog, args.version.as_deref())?;
    let radius = match &args.radius {
        Some(r) => parse_radius(r).map_err(|e| InputError::new("--radius", e.message))?,
        None => crate::mast::catalogs::crossmatch::DEFAULT_RADIUS_DEG,
    };
    crate::mast::catalogs::crossmatch::check_radius(radius)?;
    if args.limit == Some(0) {
        return Err(CliError::input("--limit", "must be at least 1"));
    }
    let text = read_input(&args.input)?;
    let positions = read_positions(&text, args.ra_col.as_deref(), args.dec_col.as_deref())
        .map_err(|e| {
            InputError::new(
                e.field.clone(),
                format!("{}: {}", args.input.display(), e.message),
            )
        })?;
    let mut q = CrossmatchQuery::new(target, positions);
    q.radius_deg = radius;
    q.limit = args.limit;
    let columns = (!args.columns.is_empty()).then(|| args.columns.clone());
    let shown = match (&columns, args.format) {
        (Some(c), _) => Some(c.clone()),
        (None, Format::Table) => Some(table_columns(target)),
        (None, _) => None,
    };
    let mut writer = RowWriter::new(
        args.format,
        std::io::BufWriter::new(std::io::stdout()),
        shown,
    );
    // The typed formats carry units and descriptions: the match's columns from the
    // target's column configuration, the input ones and the distance from mastui.
    if matches!(args.format, Format::Ecsv | Format::Votable) {
        let meta = match target {
            CrossmatchTarget::Caom => {
                meta_for_crossmatch(client.columns_config(cancel).await.ok().as_deref())
            }
            CrossmatchTarget::Catalog(c) => meta_for_crossmatch(
                client
                    .catalog_columns(c, cancel)
                    .await
                    .ok()
                    .flatten()
                    .as_ref(),
            ),
        };
        writer = writer.with_meta(meta);
    }
    let mut io_error = None;
    let result = client
        .crossmatch(&q, cancel, &mut |page| {
            let table = match &columns {
                Some(cols) => {
                    let names: Vec<&str> = cols.iter().map(String::as_str).collect();
                    page.table.project(&names)
                }
                None => page.table,
            };
            match writer.page(&table) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    io_error = Some(e);
                    ControlFlow::Break(())
                }
            }
        })
        .await;
    if let Some(e) = io_error {
        return Err(CliError::Io(e));
    }
    let summary = result?;
    writer.finish().map_err(CliError::Io)?;
    let limited = args.limit.is_some_and(|l| summary.rows >= l);
    if !summary.complete && !limited {
        eprintln!(
            "mastui: warning: MAST announced {} matches but sent {}",
            summary.rows_filtered, summary.rows
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::catalogs::Catalog;

    #[test]
    fn table_columns_lead_with_the_input() {
        let c = table_columns(CrossmatchTarget::Catalog(Catalog::Tic));
        assert_eq!(&c[..4], ["input_row", "input_ra", "input_dec", "ID"]);
        assert_eq!(c.last().map(String::as_str), Some("dstArcSec"));
        assert_eq!(c.iter().filter(|n| *n == "dstArcSec").count(), 1);
        assert!(table_columns(CrossmatchTarget::Caom).contains(&"obsid".to_string()));
    }
}
