//! `mastui [--demo] [criteria]`: the interactive browser.
use super::CliError;
use super::args::Cli;
use crate::tui::{TuiOptions, run_tui};
use crate::ui::image_protocol::{PREVIEWS_ENV, PreviewMode};

pub async fn run(cli: &Cli) -> Result<(), CliError> {
    // Criteria flags are checked before the terminal is taken over, so that a typo gets a
    // plain message and exit status 2.
    let criteria = if cli.criteria.is_empty() {
        None
    } else {
        Some(cli.criteria.to_criteria()?)
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
    })
    .await
    .map_err(CliError::Setup)
}
