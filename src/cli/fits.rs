//! `mastui fits header FILE [--hdu N]`: the headers of a FITS file (keyword, value,
//! comment) for each HDU, read without its data.
use std::fmt::Write as _;
use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::CliError;
use crate::common::format::{human_bytes, thousands};
use crate::fits::header::{Hdu, Headers, read_headers};

#[derive(Debug, Args)]
pub struct FitsArgs {
    #[command(subcommand)]
    pub what: FitsCommand,
}

#[derive(Debug, Subcommand)]
pub enum FitsCommand {
    /// Print the headers of each HDU (only the header blocks are read, never the data).
    Header {
        file: PathBuf,
        /// Only this HDU (0 is the primary).
        #[arg(long, value_name = "N")]
        hdu: Option<usize>,
    },
}

pub fn run(args: &FitsArgs) -> Result<(), CliError> {
    match &args.what {
        FitsCommand::Header { file, hdu } => header(file, *hdu),
    }
}

fn header(file: &PathBuf, only: Option<usize>) -> Result<(), CliError> {
    let mut f = std::fs::File::open(file)
        .map_err(|e| CliError::input("FILE", format!("cannot open {}: {e}", file.display())))?;
    let headers = read_headers(&mut f)
        .map_err(|e| CliError::input("FILE", format!("{}: {e}", file.display())))?;
    if let Some(n) = only
        && n >= headers.hdus.len()
    {
        return Err(CliError::input(
            "--hdu",
            format!(
                "{} has HDUs 0 to {}; there is no HDU {n}",
                file.display(),
                headers.hdus.len().saturating_sub(1)
            ),
        ));
    }
    let mut out = std::io::stdout().lock();
    let text = render(&headers, only);
    out.write_all(text.as_bytes()).map_err(CliError::Io)?;
    Ok(())
}

/// The text printed: a title line per HDU, then its cards, aligned as FITS writes them.
pub fn render(headers: &Headers, only: Option<usize>) -> String {
    let mut s = String::new();
    for hdu in headers
        .hdus
        .iter()
        .filter(|h| only.is_none_or(|n| n == h.index))
    {
        title(&mut s, hdu);
        for c in &hdu.cards {
            let line = match &c.value {
                Some(v) if c.comment.is_empty() => format!("{:<8} = {v}", c.keyword),
                Some(v) => format!("{:<8} = {v:<20} / {}", c.keyword, c.comment),
                None => format!("{:<8} {}", c.keyword, c.comment),
            };
            let _ = writeln!(s, "{}", crate::sanitize::printable(&line));
        }
        s.push('\n');
    }
    if headers.trailing > 0 && only.is_none() {
        let _ = writeln!(
            s,
            "({} bytes after the last HDU are not FITS)",
            thousands(headers.trailing)
        );
    }
    let _ = writeln!(
        s,
        "(read {} bytes of {} to find {} HDUs)",
        thousands(headers.bytes_read),
        human_bytes(headers.file_bytes),
        headers.hdus.len()
    );
    s
}

fn title(s: &mut String, hdu: &Hdu) {
    let _ = writeln!(
        s,
        "# HDU {}  {}  (header at byte {}, {} of data)",
        hdu.index,
        crate::sanitize::printable(&hdu.kind()),
        thousands(hdu.offset),
        human_bytes(hdu.data_bytes)
    );
}
