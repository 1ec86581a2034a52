//! `mastui search`: observations matching criteria, streamed as pages land; a saved search
//! (`--save`, `--saved`) and only what is new in it (`--new`).
use std::ops::ControlFlow;

use tokio_util::sync::CancellationToken;

use super::args::{Format, SearchArgs};
use super::output::RowWriter;
use super::saved::{no_such, store_error};
use super::{CliError, DEFAULT_SEARCH_COLUMNS};
use crate::config::Paths;
use crate::mast::client::MastClient;
use crate::mast::search::SearchOptions;
use crate::mast::table::{Cell, Column, Table};
use crate::remember::news::{News, Seen, row_key};
use crate::remember::spec::SearchSpec;
use crate::remember::store::{Store, check_name, now_unix};
use crate::sanitize::printable;

/// The column `--new` adds: `new` or `released`.
pub const NEWS_COLUMN: &str = "news";

/// What a saved search brings to a run: its name, and what its last run saw.
struct SavedRun {
    name: String,
    last: Option<Seen>,
}

/// The criteria to run: the flags, or a saved search's; and the saved search, if any.
fn what_to_run(args: &SearchArgs) -> Result<(SearchSpec, Option<SavedRun>), CliError> {
    if let Some(name) = &args.saved {
        if !args.criteria.is_empty() {
            return Err(CliError::input(
                "--saved",
                "runs the criteria saved under its name; give criteria flags or --saved, not both                  (to change a saved search, save the new criteria under its name with --save)",
            ));
        }
        let store = Store::load(&Paths::from_env().search_store()).map_err(store_error)?;
        let saved = store.saved.get(name).ok_or_else(|| no_such(name))?;
        let run = SavedRun {
            name: name.clone(),
            last: saved.seen.clone(),
        };
        return Ok((saved.spec.clone(), Some(run)));
    }
    let criteria = args.criteria.to_criteria()?;
    if criteria.is_empty() && args.save.is_some() {
        return Err(CliError::input(
            "--save",
            "there is nothing to save: give criteria (e.g. --collection JWST --proposal 1073)",
        ));
    }
    let spec = SearchSpec::from_criteria(&criteria);
    let saved = match &args.save {
        Some(name) => {
            check_name(name).map_err(|m| CliError::input("--save", m))?;
            Some(SavedRun {
                name: name.clone(),
                last: None,
            })
        }
        None => None,
    };
    Ok((spec, saved))
}

/// Only the rows that are news against the last run, with a `news` column saying why.
fn news_only(table: &Table, last: &Seen, counts: &mut [u64; 2]) -> Table {
    let news = last.news_rows(table);
    let rows: Vec<usize> = news.iter().map(|(r, _)| *r).collect();
    let mut out = table.select_rows(&rows);
    let mut col = Column::new(NEWS_COLUMN, "string");
    for (_, n) in &news {
        counts[usize::from(*n == News::Released)] += 1;
        col.push(Cell::Text(n.word()));
    }
    out.push_column(col);
    out
}

pub async fn run(
    client: &MastClient,
    args: &SearchArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let (spec, saved) = what_to_run(args)?;
    let criteria = spec.criteria()?;
    if let (Some(s), true) = (&saved, args.save.is_some()) {
        // Kept before the search runs, so that a failed search still leaves it saved.
        let path = Paths::from_env().search_store();
        Store::update(&path, |st| st.save(&s.name, spec.clone(), now_unix()))
            .map_err(store_error)?;
        eprintln!(
            "mastui: saved as '{}': {}",
            printable(&s.name),
            printable(&spec.describe())
        );
    }
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
    let mut columns = (!args.columns.is_empty()).then(|| args.columns.clone());
    // The aligned table is for reading: a few telling columns unless asked otherwise.
    let mut shown = match (&columns, args.format) {
        (Some(c), _) => Some(c.clone()),
        (None, Format::Table) => Some(
            DEFAULT_SEARCH_COLUMNS
                .iter()
                .map(|s| s.to_string())
                .collect(),
        ),
        (None, _) => None,
    };
    // A saved search remembers obsids and rights: ask for them whatever is printed.
    if let (Some(_), Some(cols)) = (&saved, columns.as_mut()) {
        for needed in ["obsid", "dataRights"] {
            if !cols.iter().any(|c| c.eq_ignore_ascii_case(needed)) {
                cols.push(needed.to_string());
            }
        }
    }
    // --new on a search that never ran to the end: everything is new.
    let last = match &saved {
        Some(s) if args.new => Some(s.last.clone().unwrap_or_default()),
        _ => None,
    };
    if last.is_some()
        && let Some(cols) = shown.as_mut()
    {
        cols.insert(0, NEWS_COLUMN.to_string());
    }
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
    let mut seen = Seen::default();
    let mut counts = [0u64; 2];
    let result = client
        .search(&criteria, &opts, cancel, &mut |page| {
            if saved.is_some() {
                for r in 0..page.table.rows() {
                    if let Some((obsid, public)) = row_key(&page.table, r) {
                        seen.add(obsid, public);
                    }
                }
            }
            let written = match &last {
                Some(last) => writer.page(&news_only(&page.table, last, &mut counts)),
                None => writer.page(&page.table),
            };
            match written {
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
    // Rows silently missing are what users of other tools complain about: say so.
    let limited = args.limit.is_some_and(|l| summary.rows >= l);
    if let Some(s) = &saved {
        // Only a whole answer becomes what the next --new compares with.
        let whole = summary.complete && !limited;
        remember_run(s, summary.rows, whole.then_some(seen))?;
        if args.new {
            let [new, released] = counts;
            let first = if s.last.is_none() {
                " (its first complete run: everything is new)"
            } else {
                ""
            };
            eprintln!(
                "mastui: '{}': {new} new, {released} newly public of {} observations{first}",
                printable(&s.name),
                summary.rows
            );
        }
    }
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

/// A saved search ran: its time, rows and (when whole) what it saw.
fn remember_run(s: &SavedRun, rows: u64, seen: Option<Seen>) -> Result<(), CliError> {
    let path = Paths::from_env().search_store();
    Store::update(&path, |st| {
        if let Some(saved) = st.saved.get_mut(&s.name) {
            saved.last_run = Some(now_unix());
            saved.rows = Some(rows);
            if seen.is_some() {
                saved.seen = seen;
            }
        }
    })
    .map_err(store_error)
}
