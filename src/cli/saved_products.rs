//! `mastui products --saved NAME [--new]`: the files of a saved search's observations, and
//! with `--new` only those its last complete run did not list (or listed as exclusive and
//! now public). `mastui search --saved NAME --new` sees observations; this sees files, so a
//! file a reprocessing added to an observation seen before is news here.
use std::ops::ControlFlow;

use tokio_util::sync::CancellationToken;

use super::CliError;
use super::criteria_args::CriteriaArgs;
use super::saved::{no_such, store_error};
use super::search::NEWS_COLUMN;
use crate::config::Paths;
use crate::mast::client::MastClient;
use crate::mast::search::SearchOptions;
use crate::mast::table::{Cell, Column, Table};
use crate::remember::news::{News, SeenFiles, file_key};
use crate::remember::store::Store;
use crate::sanitize::printable;

/// A saved search's observations as found now, and what its last products run listed.
pub struct SavedFiles {
    pub name: String,
    /// None: no complete `products --saved` run yet (everything is new).
    pub last: Option<SeenFiles>,
    pub obsids: Vec<i64>,
    /// Every observation arrived (no --limit cut, nothing missing): only then is what
    /// their files are remembered.
    pub whole: bool,
}

/// Runs the search saved under `name` for its obsids.
pub async fn observations(
    client: &MastClient,
    name: &str,
    criteria: &CriteriaArgs,
    limit: Option<u64>,
    cancel: &CancellationToken,
) -> Result<SavedFiles, CliError> {
    if !criteria.is_empty() {
        return Err(CliError::input(
            "--saved",
            "takes the observations of the search saved under its name; give criteria flags \
             or --saved, not both",
        ));
    }
    if limit == Some(0) {
        return Err(CliError::input("--limit", "must be at least 1"));
    }
    let store = Store::load(&Paths::from_env().search_store()).map_err(store_error)?;
    let saved = store.saved.get(name).ok_or_else(|| no_such(name))?;
    let criteria = saved.spec.criteria()?;
    let opts = SearchOptions {
        columns: Some(vec!["obsid".into()]),
        limit,
        ..SearchOptions::default()
    };
    let mut obsids = Vec::new();
    let summary = client
        .search(&criteria, &opts, cancel, &mut |page| {
            for r in 0..page.table.rows() {
                if let Some(o) = page.table.get(r, "obsid").as_i64()
                    && !obsids.contains(&o)
                {
                    obsids.push(o);
                }
            }
            ControlFlow::Continue(())
        })
        .await?;
    let limited = limit.is_some_and(|l| summary.rows >= l);
    Ok(SavedFiles {
        name: name.to_string(),
        last: saved.files.clone(),
        obsids,
        whole: summary.complete && !limited,
    })
}

/// Every file a product list holds, as the next run will compare with.
pub fn files_listed(table: &Table) -> SeenFiles {
    let mut seen = SeenFiles::default();
    for r in 0..table.rows() {
        if let Some((uri, public)) = file_key(table, r) {
            seen.add(&uri, public);
        }
    }
    seen
}

impl SavedFiles {
    /// Of `rows` (the ones the selection shows), those that are news, and the `news`
    /// column saying why; counts of new and newly public.
    pub fn news_rows(&self, table: &Table, rows: &[usize]) -> (Vec<usize>, Column, [u64; 2]) {
        let last = self.last.clone().unwrap_or_default();
        let mut kept = Vec::new();
        let mut col = Column::new(NEWS_COLUMN, "string");
        let mut counts = [0u64; 2];
        for &r in rows {
            let Some((uri, public)) = file_key(table, r) else {
                continue;
            };
            if let Some(n) = last.news(&uri, public) {
                kept.push(r);
                col.push(Cell::Text(n.word()));
                counts[usize::from(n == News::Released)] += 1;
            }
        }
        (kept, col, counts)
    }

    /// Keeps what was listed now for the next `--new` (only after a whole run).
    pub fn remember(&self, listed: SeenFiles) -> Result<(), CliError> {
        if !self.whole {
            eprintln!(
                "mastui: '{}': not every observation arrived (--limit, or MAST sent fewer \
                 than it announced); the files listed are not remembered",
                printable(&self.name)
            );
            return Ok(());
        }
        let path = Paths::from_env().search_store();
        Store::update(&path, |st| {
            if let Some(saved) = st.saved.get_mut(&self.name) {
                saved.files = Some(listed);
            }
        })
        .map_err(store_error)
    }

    /// The stderr line of a `--new` run.
    pub fn say_news(&self, [new, released]: [u64; 2], files: usize) {
        let first = if self.last.is_none() {
            " (its first complete products run: everything is new)"
        } else {
            ""
        };
        eprintln!(
            "mastui: '{}': {new} new files, {released} newly public of {files} listed{first}",
            printable(&self.name)
        );
    }
}
