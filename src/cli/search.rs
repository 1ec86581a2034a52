//! `mastui search`: observations matching criteria, streamed as pages land.
use std::ops::ControlFlow;

use tokio_util::sync::CancellationToken;

use super::args::{Format, SearchArgs};
use super::output::RowWriter;
use super::{CliError, DEFAULT_SEARCH_COLUMNS};
use crate::mast::client::MastClient;
use crate::mast::search::SearchOptions;

pub async fn run(
    client: &MastClient,
    args: &SearchArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let criteria = args.criteria.to_criteria()?;
    if args.count {
        let n = client.count(&criteria, cancel).await?;
        println!("{n}");
        return Ok(());
    }
    if args.limit == Some(0) {
        return Err(CliError::input("--limit", "must be at least 1"));
    }
    if args.pagesize == 0 {
        return Err(CliError::input("--pagesize", "must be at least 1"));
    }
    let columns = (!args.columns.is_empty()).then(|| args.columns.clone());
    // The aligned table is for reading: a few telling columns unless asked otherwise.
    let shown = match (&columns, args.format) {
        (Some(c), _) => Some(c.clone()),
        (None, Format::Table) => Some(
            DEFAULT_SEARCH_COLUMNS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        (None, _) => None,
    };
    let opts = SearchOptions {
        pagesize: args.pagesize,
        limit: args.limit,
        columns,
    };
    let stdout = std::io::stdout();
    let mut writer = RowWriter::new(args.format, std::io::BufWriter::new(stdout), shown);
    // The typed formats carry units and descriptions from MAST's column configuration
    // (the criteria check has usually fetched it already; without it, types only).
    if matches!(args.format, Format::Ecsv | Format::Votable)
        && let Ok(config) = client.columns_config(cancel).await
    {
        writer = writer.with_meta(super::typed::meta_from(&config));
    }
    let mut io_error = None;
    let result = client
        .search(
            &criteria,
            &opts,
            cancel,
            &mut |page| match writer.page(&page.table) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    io_error = Some(e);
                    ControlFlow::Break(())
                }
            },
        )
        .await;
    if let Some(e) = io_error {
        return Err(CliError::Io(e));
    }
    let summary = result?;
    writer.finish().map_err(CliError::Io)?;
    // Rows silently missing are what users of other tools complain about: say so.
    let limited = args.limit.is_some_and(|l| summary.rows >= l);
    if summary.repeated > 0 {
        eprintln!(
            "mastui: warning: MAST sent {} rows again that earlier pages had already sent; \
             each observation is printed once",
            summary.repeated
        );
    }
    let more = summary.rows > summary.rows_filtered;
    if (!summary.complete || more) && !limited {
        eprintln!(
            "mastui: warning: MAST announced {} matching rows but sent {}",
            summary.rows_filtered, summary.rows
        );
    }
    Ok(())
}
