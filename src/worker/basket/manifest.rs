//! The manifest astroquery users know (`Local Path, Status, Message, URL`) plus the size
//! and SHA-256 of each file, as CSV in the download directory.
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::mast::basket_item::BasketItem;
use crate::mast::download::download_url;

/// The manifest's file name in the download directory.
pub const MANIFEST_NAME: &str = "MANIFEST.csv";

/// Writes the manifest for `items` atomically; returns its path.
pub fn write_manifest(dir: &Path, base: &str, items: &[BasketItem]) -> Result<PathBuf, String> {
    let path = dir.join(MANIFEST_NAME);
    let mut text = String::from("Local Path,Status,Message,URL,Size,SHA-256\n");
    for it in items {
        let url = download_url(base, &it.data_uri);
        let unpacked = it
            .archive
            .as_ref()
            .filter(|_| it.status.is_done())
            .map(|a| (a.keep, &a.files));
        // An unpacked archive is listed as the files it held (what `mastui verify` finds on
        // disk), its zip only when kept; a service's "nothing to cut" leaves no row.
        if let Some((keep, files)) = unpacked {
            let name = it.dest.file_name().unwrap_or_default().to_string_lossy();
            let message = format!("{} from {name}", it.message);
            for f in files {
                let path = f.path.display().to_string();
                let fields = [
                    path.as_str(),
                    "COMPLETE",
                    &message,
                    &url,
                    &f.bytes.to_string(),
                    &f.sha256,
                ];
                push_row(&fields, &mut text);
            }
            if !keep {
                continue;
            }
        }
        let size = if it.status.is_done() {
            it.bytes.to_string()
        } else {
            it.size.map(|s| s.to_string()).unwrap_or_default()
        };
        let fields = [
            &it.dest.display().to_string(),
            it.status.manifest_word(),
            &it.message,
            &url,
            &size,
            it.sha256.as_deref().unwrap_or_default(),
        ];
        push_row(&fields, &mut text);
    }
    let tmp = dir.join(format!("{MANIFEST_NAME}.part"));
    let err = |e: std::io::Error| format!("cannot write the manifest {}: {e}", path.display());
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut f = std::fs::File::create(&tmp).map_err(err)?;
    f.write_all(text.as_bytes()).map_err(err)?;
    f.sync_all().map_err(err)?;
    std::fs::rename(&tmp, &path).map_err(err)?;
    Ok(path)
}

fn push_row(fields: &[&str], text: &mut String) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        push_csv(f, text);
    }
    text.push('\n');
}

/// RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet never
/// runs a server-chosen name as a formula.
fn push_csv(s: &str, out: &mut String) {
    let s = crate::sanitize::printable(s);
    let formula = s.starts_with(['=', '+', '-', '@']);
    if formula || s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses() {
        let mut s = String::new();
        push_csv("a,\"b\"", &mut s);
        assert_eq!(s, "\"a,\"\"b\"\"\"");
        s.clear();
        push_csv("=cmd()", &mut s);
        assert_eq!(s, "\"'=cmd()\"");
    }
}
