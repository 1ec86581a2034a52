//! Dispatching the command line to the headless commands or the browser.
use tokio_util::sync::CancellationToken;

use super::args::{Cli, Command};
use super::client;
use crate::config::Paths;

/// Runs a parsed command line; returns the process exit status.
pub async fn run(cli: Cli) -> i32 {
    if cli.paths {
        print!("{}", Paths::from_env().describe());
        return 0;
    }
    if cli.command.is_some() && (cli.demo || !cli.criteria.is_empty() || cli.saved.is_some()) {
        eprintln!(
            "mastui: --demo, --saved and criteria flags before a subcommand belong to the \
             browser; put them after the subcommand (mastui search --saved NAME)"
        );
        return 2;
    }
    let cancel = CancellationToken::new();
    // Ctrl-C in a headless command cancels the job cleanly (no half-written output files).
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.cancel();
        }
    });
    let result = match &cli.command {
        Some(Command::Sim(args)) => {
            return match crate::sim::run(args.clone()).await {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("mastui sim: {e}");
                    2
                }
            };
        }
        Some(Command::Fits(args)) => super::fits::run(args),
        Some(Command::Config(args)) => super::config_cmd::run(args),
        Some(Command::Saved(args)) => super::saved::run(args),
        Some(Command::Completions(args)) => super::shell::completions(args),
        Some(Command::Man) => super::shell::man(),
        Some(Command::Verify(args)) => match super::verify::run(args).await {
            Ok(true) => return 0,
            Ok(false) => return 1,
            Err(e) => Err(e),
        },
        Some(Command::Login(args)) => match client::client(&cli.global) {
            Ok(c) => super::login::login(&c, &Paths::from_env(), args, &cancel).await,
            Err(e) => Err(e),
        },
        Some(Command::Whoami) => match client::client(&cli.global) {
            Ok(c) => super::login::whoami(&c, &Paths::from_env(), &cancel).await,
            Err(e) => Err(e),
        },
        Some(Command::Logout) => match client::client(&cli.global) {
            Ok(c) => super::login::logout(&c, &Paths::from_env()).await,
            Err(e) => Err(e),
        },
        Some(Command::Search(args)) => match client::client(&cli.global) {
            Ok(c) => {
                super::search::run(&super::login::with_stored_token(c).await, args, &cancel).await
            }
            Err(e) => Err(e),
        },
        Some(Command::Products(args)) => match client::client(&cli.global) {
            Ok(c) => {
                super::products::run(&super::login::with_stored_token(c).await, args, &cancel).await
            }
            Err(e) => Err(e),
        },
        Some(Command::Missions(args)) => super::mission::list(args),
        Some(Command::Mission(args)) => match client::client(&cli.global) {
            Ok(c) => {
                super::mission::run(&super::login::with_stored_token(c).await, args, &cancel).await
            }
            Err(e) => Err(e),
        },
        Some(Command::Cutout(args)) => match client::client(&cli.global) {
            Ok(c) => {
                super::cutout::run(&super::login::with_stored_token(c).await, args, &cancel).await
            }
            Err(e) => Err(e),
        },
        Some(Command::Catalog(args)) if args.list => {
            print!("{}", super::catalog::list());
            return 0;
        }
        Some(Command::Catalog(args)) => match client::client(&cli.global) {
            Ok(c) => {
                super::catalog::run(&super::login::with_stored_token(c).await, args, &cancel).await
            }
            Err(e) => Err(e),
        },
        Some(Command::Crossmatch(args)) => match client::client(&cli.global) {
            Ok(c) => {
                super::crossmatch::run(&super::login::with_stored_token(c).await, args, &cancel)
                    .await
            }
            Err(e) => Err(e),
        },
        Some(Command::Download(args)) => match client::client(&cli.global) {
            Ok(c) => {
                let (c, token) = super::login::client_and_token(c).await;
                super::download::run(&c, token.as_ref(), args, &cancel).await
            }
            Err(e) => Err(e),
        },
        None => super::browse::run(&cli).await,
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            let code = e.exit_code();
            if code != 0 {
                let text = crate::sanitize::printable(&e.to_string()).into_owned();
                tracing::error!(exit = code, "{text}");
                // A remote or setup failure has its retries and answers in the log; bad
                // input is said in full on the line itself.
                let see = if code == 1 {
                    crate::logging::see_log()
                } else {
                    String::new()
                };
                // The message may quote MAST's `msg` or an error page: no escapes to the terminal.
                eprintln!("mastui: {text}{see}");
            }
            if cancel.is_cancelled() { 130 } else { code }
        }
    }
}
