//! Checking a download tree against its `MANIFEST.csv`: every file the manifest says is
//! there must be, with the size and SHA-256 it recorded; files it says failed are reported;
//! files in the tree it does not name, and unfinished `.part` files, are reported too.
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::manifest::MANIFEST_NAME;
use crate::mast::download::sha256_of;
use crate::mast::verify_report::{Problem, Report};

/// One manifest row.
struct Row {
    path: String,
    status: String,
    message: String,
    size: Option<u64>,
    sha256: String,
}

/// Checks `dir` against `dir/MANIFEST.csv`. An Err when there is no readable manifest.
pub async fn verify(dir: &Path) -> Result<Report, String> {
    let manifest = dir.join(MANIFEST_NAME);
    let rows = read_manifest(&manifest)?;
    let mut report = Report::default();
    let mut listed: HashSet<PathBuf> = HashSet::new();
    for row in rows {
        let path = resolve(dir, &row.path);
        if let Ok(c) = std::fs::canonicalize(&path) {
            listed.insert(c);
        }
        match row.status.as_str() {
            "COMPLETE" | "SKIPPED" => {
                report.checked += 1;
                match check(&path, row.size, &row.sha256).await {
                    None => report.ok += 1,
                    Some(p) => report.problems.push(p),
                }
            }
            _ => report.problems.push(Problem::Failed {
                path,
                message: if row.message.is_empty() {
                    row.status
                } else {
                    row.message
                },
            }),
        }
    }
    for file in files_under(dir) {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ours = name == MANIFEST_NAME
            || name == format!("{MANIFEST_NAME}.part")
            || (name.starts_with("mastDownload_") && name.ends_with(".sh"));
        if ours {
            continue;
        }
        let known = std::fs::canonicalize(&file).is_ok_and(|c| listed.contains(&c));
        if known {
            continue;
        }
        if name.ends_with(".part") {
            report.problems.push(Problem::Unfinished(file));
        } else {
            report.problems.push(Problem::Extra(file));
        }
    }
    Ok(report)
}

/// The problem with one listed file, if any: there, of the recorded size, with the recorded
/// hash (when one was recorded).
async fn check(path: &Path, size: Option<u64>, sha256: &str) -> Option<Problem> {
    let meta = match tokio::fs::metadata(path).await {
        Ok(m) if m.is_file() => m,
        _ => return Some(Problem::Missing(path.to_path_buf())),
    };
    if let Some(want) = size
        && meta.len() != want
    {
        return Some(Problem::Changed {
            path: path.to_path_buf(),
            why: format!("{} bytes, the manifest says {want}", meta.len()),
        });
    }
    if sha256.is_empty() {
        return None;
    }
    match sha256_of(path).await {
        Ok(h) if h.eq_ignore_ascii_case(sha256) => None,
        Ok(_) => Some(Problem::Changed {
            path: path.to_path_buf(),
            why: "its SHA-256 differs from the one recorded".into(),
        }),
        Err(e) => Some(Problem::Changed {
            path: path.to_path_buf(),
            why: format!("cannot be read: {e}"),
        }),
    }
}

/// A manifest path: as written when absolute or found from here; else under `dir`, or a
/// tail of it under `dir` (a tree verified from another directory than it was made in).
fn resolve(dir: &Path, written: &str) -> PathBuf {
    let p = PathBuf::from(written);
    if p.is_absolute() || p.exists() {
        return p;
    }
    let parts: Vec<_> = p.components().collect();
    for skip in 0..parts.len() {
        let tail: PathBuf = parts[skip..].iter().collect();
        let candidate = dir.join(&tail);
        if candidate.exists() {
            return candidate;
        }
    }
    dir.join(p)
}

fn read_manifest(path: &Path) -> Result<Vec<Row>, String> {
    let mut reader = csv::Reader::from_path(path)
        .map_err(|e| format!("no manifest to check against: {}: {e}", path.display()))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(p), Some(st)) = (col("Local Path"), col("Status")) else {
        return Err(format!(
            "{} has no 'Local Path' and 'Status' columns: not a download manifest",
            path.display()
        ));
    };
    let (msg, size, sha) = (col("Message"), col("Size"), col("SHA-256"));
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let r = record.map_err(|e| format!("{}, row {}: {e}", path.display(), i + 2))?;
        let field = |c: Option<usize>| {
            let text = c.and_then(|c| r.get(c)).unwrap_or("").trim();
            crate::common::csv_field::unguard(text).to_string()
        };
        rows.push(Row {
            path: field(Some(p)),
            status: field(Some(st)),
            message: field(msg),
            size: field(size).parse().ok(),
            sha256: field(sha),
        });
    }
    Ok(rows)
}

/// Every file below `dir` (links not followed).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() {
                stack.push(e.path());
            } else if kind.is_file() {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}
