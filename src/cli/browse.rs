//! `mastui [--demo] [criteria]`: the interactive browser.
use super::CliError;
use super::args::Cli;
use super::saved::{no_such, store_error};
use crate::app::remap::Keymap;
use crate::config::Paths;
use crate::mast::basket_messages::DownloadSettings;
use crate::mast::error::{InputError, MastError};
use crate::remember::store::Store;
use crate::settings::read;
use crate::tui::{BrowserPrefs, SavedStart, TuiOptions, run_tui};
use crate::ui::image_protocol::{PREVIEWS_ENV, PreviewMode};

pub async fn run(cli: &Cli) -> Result<(), CliError> {
    // Criteria flags are checked before the terminal is taken over, so that a typo gets a
    // plain message and exit status 2.
    let criteria = if cli.criteria.is_empty() {
        None
    } else {
        Some(cli.criteria.to_criteria()?)
    };
    // A saved search is read (and a store of another version refused) before the terminal
    // is taken over, too.
    let saved = match &cli.saved {
        Some(_) if criteria.is_some() => {
            return Err(CliError::input(
                "--saved",
                "opens the criteria saved under its name; give criteria flags or --saved, not both",
            ));
        }
        Some(name) => {
            let store = Store::load(&Paths::from_env().search_store()).map_err(store_error)?;
            let s = store.saved.get(name).ok_or_else(|| no_such(name))?;
            Some(SavedStart {
                name: name.clone(),
                spec: s.spec.clone(),
                last: s.seen.clone(),
            })
        }
        None => None,
    };
    // Where the last session stopped, unless told what to search; a store that cannot be
    // read only loses the session (the browser says so through the history).
    let session = if criteria.is_none() && saved.is_none() && !cli.demo {
        Store::load(&Paths::from_env().search_store())
            .ok()
            .and_then(|s| s.session)
    } else {
        None
    };
    let previews = PreviewMode::parse(std::env::var(PREVIEWS_ENV).ok().as_deref())
        .map_err(|why| CliError::input(PREVIEWS_ENV, why))?;
    run_tui(TuiOptions {
        server: cli.global.server.clone(),
        server_source: super::client::server_source(&cli.global.server).to_string(),
        policy: super::client::policy(&cli.global)?,
        demo: cli.demo,
        criteria,
        previews,
        prefs: prefs()?,
        saved,
        session,
    })
    .await
    .map_err(CliError::Setup)
}

/// The browser's settings from the environment (which the config file fills).
fn prefs() -> Result<BrowserPrefs, CliError> {
    let bad = |e: InputError| CliError::Mast(MastError::Input(e));
    // The basket reads these itself; a bad value is refused here, before the screen is
    // taken over.
    let dir = crate::config::Paths::from_env().download_dir;
    // Shown and edited whole: `.` says little in a form.
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let download = DownloadSettings {
        dir: dir.display().to_string(),
        flat: read::flat_layout().map_err(bad)?,
        parallel: read::parallel()
            .map_err(bad)?
            .unwrap_or(crate::worker::basket::DEFAULT_PARALLEL),
    };
    Ok(BrowserPrefs {
        download: Some(download),
        mono: read::mono().map_err(bad)?,
        mouse: read::mouse().map_err(bad)?,
        keys: Keymap::new(read::remaps().map_err(bad)?),
        guide_stars_shown: read::guide_stars_shown().map_err(bad)?,
        products_filter: read::products_filter().map_err(bad)?,
    })
}
