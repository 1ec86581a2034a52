use std::process::ExitCode;

use clap::Parser;
use mastui::cli::args::Cli;

fn main() -> ExitCode {
    // The config file fills the environment before flags are parsed (clap reads variables
    // for the flags that have one) and before any thread starts.
    if let Err(e) = mastui::settings::install() {
        eprintln!("mastui: {}", mastui::sanitize::printable(&e));
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    // Not for `mastui sim`: a simulator logs nothing of a user's session, and its memory
    // is the benchmarks' fixed reference.
    if !matches!(cli.command, Some(mastui::cli::args::Command::Sim(_))) {
        mastui::heap::give_big_buffers_back();
        mastui::logging::init(&mastui::config::Paths::from_env().cache_dir);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mastui: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let code = runtime.block_on(mastui::cli::run::run(cli));
    // Background tasks (the simulator, signal listeners) must not hold the exit.
    runtime.shutdown_background();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
