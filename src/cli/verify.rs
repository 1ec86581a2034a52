//! `mastui verify [DIR]`: the download tree against its MANIFEST.csv (sizes, SHA-256, missing,
//! failed, unfinished and extra files); exit 1 on any problem.
use std::path::PathBuf;

use clap::Args;

use super::CliError;
use crate::config::Paths;
use crate::worker::basket::verify::verify;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The download directory (default: $MASTUI_DOWNLOAD_DIR, else the current directory).
    pub dir: Option<PathBuf>,
}

/// Prints the problems and a summary; Ok(true) when the tree matches its manifest.
pub async fn run(args: &VerifyArgs) -> Result<bool, CliError> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| Paths::from_env().download_dir);
    let report = verify(&dir).await.map_err(|e| CliError::input("DIR", e))?;
    for p in &report.problems {
        println!("{}", p.line());
    }
    eprintln!("mastui verify: {}", report.summary());
    Ok(report.problems.is_empty())
}
