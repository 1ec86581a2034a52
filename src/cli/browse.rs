//! `mastui [--demo] [criteria]`: the interactive browser.
use super::CliError;
use super::args::Cli;

pub async fn run(cli: &Cli) -> Result<(), CliError> {
    let criteria = if cli.criteria.is_empty() {
        None
    } else {
        Some(cli.criteria.to_criteria()?)
    };
    let _ = (criteria, cli.demo, &cli.global.server);
    Err(CliError::input(
        "mastui",
        "the interactive browser is not built yet; use `mastui search` or `mastui sim`",
    ))
}
