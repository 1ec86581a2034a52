//! What checking a download tree against its manifest found (`mastui verify`, and `V` in
//! the basket pane): plain data, said the same way by both.
use std::path::{Path, PathBuf};

/// One thing wrong with the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Listed as downloaded, not on disk.
    Missing(PathBuf),
    /// On disk, but not what was downloaded.
    Changed { path: PathBuf, why: String },
    /// The manifest says it failed (with MAST's or the download's reason).
    Failed { path: PathBuf, message: String },
    /// A `.part` file: a download that never finished.
    Unfinished(PathBuf),
    /// In the tree, not in the manifest.
    Extra(PathBuf),
}

impl Problem {
    /// `missing  path`, `changed  path: why`, ...
    pub fn line(&self) -> String {
        let show = |p: &Path| crate::sanitize::printable(&p.display().to_string()).into_owned();
        match self {
            Problem::Missing(p) => format!("missing     {}", show(p)),
            Problem::Changed { path, why } => format!("changed     {}: {why}", show(path)),
            Problem::Failed { path, message } => format!(
                "failed      {}: {}",
                show(path),
                crate::sanitize::printable(message)
            ),
            Problem::Unfinished(p) => format!("unfinished  {}", show(p)),
            Problem::Extra(p) => format!("extra       {}", show(p)),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Files the manifest says are complete or skipped, checked.
    pub checked: usize,
    pub ok: usize,
    pub problems: Vec<Problem>,
}

impl Report {
    /// `12 files checked: 11 match, 1 missing, ...`
    pub fn summary(&self) -> String {
        let count = |f: fn(&Problem) -> bool| self.problems.iter().filter(|p| f(p)).count();
        let mut s = format!(
            "{} files checked against the manifest: {} match",
            self.checked, self.ok
        );
        for (n, what) in [
            (count(|p| matches!(p, Problem::Missing(_))), "missing"),
            (count(|p| matches!(p, Problem::Changed { .. })), "changed"),
            (count(|p| matches!(p, Problem::Failed { .. })), "failed"),
            (count(|p| matches!(p, Problem::Unfinished(_))), "unfinished"),
            (count(|p| matches!(p, Problem::Extra(_))), "extra"),
        ] {
            if n > 0 {
                s.push_str(&format!(", {n} {what}"));
            }
        }
        s
    }
}
