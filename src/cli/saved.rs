//! `mastui saved`: the saved searches (name, criteria, last run, rows), `--delete NAME`;
//! and what `mastui search --save/--saved` read and write of them.
use clap::Args;

use super::CliError;
use crate::common::format::{thousands, utc_minute};
use crate::config::Paths;
use crate::remember::store::{Store, StoreError};
use crate::sanitize::printable;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mastui search --collection JWST --proposal 1073 --save ngc1365\n  \
    mastui saved\n  \
    mastui search --saved ngc1365 --new --format jsonl | mastui products --filter _cal.fits | mastui download\n  \
    mastui products --saved ngc1365 --new --filter _cal.fits | mastui download\n  \
    mastui --saved ngc1365\n  \
    mastui saved --delete ngc1365")]
pub struct SavedArgs {
    /// Remove the saved search of this name.
    #[arg(long, value_name = "NAME")]
    pub delete: Option<String>,
}

/// A store that cannot be used is the user's to fix (2); a disk failure is 1.
pub fn store_error(e: StoreError) -> CliError {
    match e.exit_code() {
        2 => CliError::input("search store", e.to_string()),
        _ => CliError::Setup(e.to_string()),
    }
}

pub fn run(args: &SavedArgs) -> Result<(), CliError> {
    let path = Paths::from_env().search_store();
    if let Some(name) = &args.delete {
        let gone = Store::update(&path, |s| s.saved.remove(name).is_some()).map_err(store_error)?;
        if !gone {
            return Err(no_such(name));
        }
        eprintln!("mastui: deleted the saved search '{}'", printable(name));
        return Ok(());
    }
    let store = Store::load(&path).map_err(store_error)?;
    if store.saved.is_empty() {
        eprintln!("mastui: no saved searches yet; save one with mastui search ... --save NAME");
        return Ok(());
    }
    let rows: Vec<[String; 4]> = store
        .saved
        .iter()
        .map(|(name, s)| {
            [
                name.clone(),
                s.last_run.map_or("never".into(), utc_minute),
                s.rows.map_or("-".into(), thousands),
                printable(&s.spec.describe()).into_owned(),
            ]
        })
        .collect();
    let header = ["NAME", "LAST RUN", "ROWS", "CRITERIA"];
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([header[i].len()])
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2) = (width(0), width(1), width(2));
    let mut out = String::new();
    for r in std::iter::once(header.map(String::from)).chain(rows) {
        out.push_str(&format!(
            "{:<w0$}  {:<w1$}  {:>w2$}  {}\n",
            r[0], r[1], r[2], r[3]
        ));
    }
    print!("{out}");
    Ok(())
}

pub fn no_such(name: &str) -> CliError {
    CliError::input(
        "--saved",
        format!(
            "no saved search is called '{}'; `mastui saved` lists them",
            printable(name)
        ),
    )
}
