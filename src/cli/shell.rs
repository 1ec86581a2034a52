//! `mastui completions SHELL` and `mastui man`: shell completions and a man page, generated
//! from the same clap definitions the command line parses with, so they cannot drift.
use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell as ClapShell;

use super::CliError;
use super::args::{Cli, CompletionsArgs, Shell};

pub fn completions(args: &CompletionsArgs) -> Result<(), CliError> {
    let shell = match args.shell {
        Shell::Bash => ClapShell::Bash,
        Shell::Zsh => ClapShell::Zsh,
        Shell::Fish => ClapShell::Fish,
        Shell::Powershell => ClapShell::PowerShell,
        Shell::Elvish => ClapShell::Elvish,
    };
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "mastui", &mut out);
    write_out(&out)
}

/// The man page (roff) on stdout: `mastui man > mastui.1`, `mastui man | man -l -`.
pub fn man() -> Result<(), CliError> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .map_err(CliError::Io)?;
    write_out(&out)
}

fn write_out(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).map_err(CliError::Io)?;
    stdout.flush().map_err(CliError::Io)
}
