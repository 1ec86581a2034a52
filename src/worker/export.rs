//! `:export`: the rows a grid shows, written on a blocking thread in the format the file's
//! extension names, through the same writers as the headless commands; into a `.part` file
//! renamed into place, so a failed or half-done export never sits under the final name.
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::app::command::export_format;
use crate::app::export_rows::ExportRows;
use crate::cli::format::Format;
use crate::cli::output::RowWriter;
use crate::common::format::thousands;
use crate::mast::table::Table;

/// Rows handed to the writer at a time: bounded memory whatever the size of the grid.
const CHUNK: usize = 20_000;

fn target(path: &str) -> PathBuf {
    match crate::settings::table::expand_home(path) {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(path),
    }
}

/// Writes `rows` to `path`; the answer says how many went where, or why nothing did.
pub fn export(rows: &ExportRows, path: &str, force: bool, what: &str) -> Result<String, String> {
    let name = export_format(path).ok_or_else(|| format!("{path}: unknown extension"))?;
    let format = Format::from_str(name, true).map_err(|e| e.to_string())?;
    let dest = target(path);
    if dest.exists() && !force {
        return Err(format!(
            "{} exists; :export! {path} replaces it",
            dest.display()
        ));
    }
    let mut part = dest.clone().into_os_string();
    part.push(".part");
    let part = PathBuf::from(part);
    let written = write_part(rows, &part, format).and_then(|()| {
        std::fs::rename(&part, &dest).map_err(|e| format!("cannot rename into place: {e}"))
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&part);
        return Err(format!("export to {} failed: {e}", dest.display()));
    }
    let shown = std::path::absolute(&dest).unwrap_or(dest);
    Ok(format!(
        "{} {what} written to {}",
        thousands(rows.len() as u64),
        shown.display()
    ))
}

fn write_part(rows: &ExportRows, part: &Path, format: Format) -> Result<(), String> {
    let file = std::fs::File::create(part).map_err(|e| format!("cannot create it: {e}"))?;
    let mut w = RowWriter::new(format, BufWriter::new(&file), None);
    let io = |e: std::io::Error| e.to_string();
    let (data, order) = (&rows.data, &rows.order);
    for chunk in order.chunks(CHUNK) {
        let mut t = Table::default();
        // Runs of rows from one page are copied together.
        let mut i = 0;
        while i < chunk.len() {
            let Some((page, _)) = data.locate(chunk[i] as usize) else {
                i += 1;
                continue;
            };
            let (start, len) = data.page_span(page);
            let on_page = start..start + len;
            let mut j = i;
            while j < chunk.len() && on_page.contains(&(chunk[j] as usize)) {
                j += 1;
            }
            let offs = chunk[i..j].iter().map(|&r| r as usize - start);
            t.append_rows(data.page(page), offs);
            i = j;
        }
        w.page(&t).map_err(io)?;
    }
    w.finish().map_err(io)?;
    file.sync_all().map_err(io)
}
