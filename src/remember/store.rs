//! The search store: history and saved searches in one JSON file in the data directory.
//!
//! One small file, rewritten whole: a temporary file beside it, fsync, rename, fsync of the
//! directory, so a crash or a kill mid-write leaves the old file or the new one, never half
//! of one. Writers take an advisory lock on a sibling file so the browser and a headless
//! command do not lose each other's changes. The file names its format and version: a file
//! of another version is refused with a message and never rewritten. It holds criteria
//! as typed, times, counts, obsids and the browser's last session; no token and nothing
//! from a login.
use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::news::{Seen, SeenFiles};
use super::spec::SearchSpec;

/// What the file says it is.
pub const FORMAT: &str = "mastui-searches";
/// The version this mastui reads and writes.
pub const VERSION: u64 = 1;
/// History entries kept (the oldest go first).
pub const HISTORY_MAX: usize = 500;
/// Tests only: pause this many milliseconds between 1 KiB pieces of a write, so that a
/// writer can be killed mid-write.
pub const SLOW_WRITE_ENV: &str = "MASTUI_TEST_SLOW_STORE_MS";

/// One search as it ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub spec: SearchSpec,
    /// Unix time, seconds.
    pub at: u64,
    /// Rows it returned (None: it did not finish).
    #[serde(default)]
    pub rows: Option<u64>,
}

/// A search kept under a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub spec: SearchSpec,
    pub created: u64,
    #[serde(default)]
    pub last_run: Option<u64>,
    #[serde(default)]
    pub rows: Option<u64>,
    /// What its last complete run saw (None: it never ran to the end).
    #[serde(default)]
    pub seen: Option<Seen>,
    /// The files its observations listed at the last complete `mastui products --saved`
    /// run (None: never; absent from stores written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<SeenFiles>,
}

/// Everything the file holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Store {
    /// Oldest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    #[serde(default)]
    pub saved: BTreeMap<String, Saved>,
    /// The browser's last session, for the next start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<super::session::Session>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    #[serde(flatten)]
    store: &'a Store,
}

#[derive(Debug)]
pub enum StoreError {
    /// Written by another version of mastui: left alone.
    Version {
        path: PathBuf,
        found: Option<u64>,
    },
    /// Not a store (not JSON, or not ours): left alone.
    Unreadable {
        path: PathBuf,
        why: String,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl StoreError {
    /// Exit status for a headless command: a file to move away is for the user to fix (2);
    /// a disk failure is 1.
    pub fn exit_code(&self) -> i32 {
        match self {
            StoreError::Io { .. } => 1,
            _ => 2,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Version {
                path,
                found: Some(v),
            } if *v > VERSION => write!(
                f,
                "the search store {} is version {v}, written by a newer mastui; this one reads \
                 version {VERSION} and leaves it untouched (upgrade mastui, or move the file away \
                 to start a new one)",
                path.display()
            ),
            StoreError::Version { path, found } => write!(
                f,
                "the search store {} is version {}, which this mastui (version {VERSION}) does \
                 not read; it is left untouched (move it away to start a new one)",
                path.display(),
                found.map_or("unknown".to_string(), |v| v.to_string())
            ),
            StoreError::Unreadable { path, why } => write!(
                f,
                "the search store {} cannot be read ({why}); it is left untouched (move it away \
                 to start a new one)",
                path.display()
            ),
            StoreError::Io { path, error } => {
                write!(f, "the search store {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for StoreError {}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// The store's file in a data directory.
pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join(crate::config::SEARCH_STORE_FILE)
}

impl Store {
    /// Reads the store; a missing file is an empty store.
    pub fn load(path: &Path) -> Result<Store, StoreError> {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Store::default()),
            Err(e) => return Err(io_err(path)(e)),
        };
        Store::parse(path, &bytes)
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<Store, StoreError> {
        let unreadable = |why: String| StoreError::Unreadable {
            path: path.to_path_buf(),
            why,
        };
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| unreadable(format!("not JSON: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(unreadable(format!(
                "it does not say \"format\": \"{FORMAT}\""
            )));
        }
        let found = value.get("version").and_then(|v| v.as_u64());
        if found != Some(VERSION) {
            return Err(StoreError::Version {
                path: path.to_path_buf(),
                found,
            });
        }
        serde_json::from_value(value).map_err(|e| unreadable(e.to_string()))
    }

    /// Reads, changes and writes the store under its lock; `change`'s answer is returned.
    /// A store that cannot be read is not written.
    pub fn update<R>(path: &Path, change: impl FnOnce(&mut Store) -> R) -> Result<R, StoreError> {
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(io_err(dir))?;
        let lock_path = path.with_extension("lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_err(&lock_path))?;
        // Released when `lock` is dropped (or the process dies).
        lock.lock().map_err(io_err(&lock_path))?;
        let mut store = Store::load(path)?;
        let answer = change(&mut store);
        store.write(path)?;
        Ok(answer)
    }

    /// Writes the whole store beside its final name, then renames it into place.
    fn write(&self, path: &Path) -> Result<(), StoreError> {
        let text = serde_json::to_vec_pretty(&FileOut {
            format: FORMAT,
            version: VERSION,
            store: self,
        })
        .map_err(|e| io_err(path)(io::Error::other(e)))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        remove_stale_temporaries(path);
        let tmp = temporary(path);
        let written = (|| {
            let mut f = File::create(&tmp)?;
            write_slowly_if_asked(&mut f, &text)?;
            f.sync_all()?;
            drop(f);
            fs::rename(&tmp, path)?;
            // The rename itself reaches the disk with the directory.
            #[cfg(unix)]
            File::open(dir)?.sync_all()?;
            Ok(())
        })();
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        written.map_err(io_err(path))
    }

    /// Records a search in the history as the newest entry (an equal earlier one goes).
    pub fn record(&mut self, entry: HistoryEntry) {
        self.history.retain(|h| h.spec != entry.spec);
        self.history.push(entry);
        let over = self.history.len().saturating_sub(HISTORY_MAX);
        self.history.drain(..over);
    }

    /// Keeps a search under a name (replacing one of that name: what it saw is kept when
    /// the criteria are the same).
    pub fn save(&mut self, name: &str, spec: SearchSpec, now: u64) {
        let kept = self
            .saved
            .remove(name)
            .filter(|s| s.spec == spec)
            .map(|s| (s.last_run, s.rows, s.seen, s.files));
        let (last_run, rows, seen, files) = kept.unwrap_or_default();
        self.saved.insert(
            name.to_string(),
            Saved {
                spec,
                created: now,
                last_run,
                rows,
                seen,
                files,
            },
        );
    }
}

fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// Temporaries of writers that died mid-write (under the lock, nobody else is writing).
fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), Some(stem)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&format!("{stem}.")) && name.ends_with(".tmp") {
            let _ = fs::remove_file(e.path());
        }
    }
}

fn write_slowly_if_asked(f: &mut File, text: &[u8]) -> io::Result<()> {
    let pause = std::env::var(SLOW_WRITE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok());
    match pause {
        None => f.write_all(text),
        Some(ms) => {
            for piece in text.chunks(1024) {
                f.write_all(piece)?;
                f.flush()?;
                std::thread::sleep(std::time::Duration::from_millis(ms));
            }
            Ok(())
        }
    }
}

/// Checks a saved search's name: it is typed on command lines, so plain characters only.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with(['-', '.']);
    if ok {
        Ok(())
    } else {
        Err(format!(
            "'{}' is not a saved search name; use up to 64 letters, digits, '-', '_' or '.', \
             not starting with '-' or '.' (e.g. ngc1365-weekly)",
            crate::sanitize::printable(name)
        ))
    }
}

/// Seconds since the Unix epoch, now (headless commands and the worker; never `app`).
pub fn now_unix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(t: &str) -> SearchSpec {
        SearchSpec {
            source: "observations".into(),
            target: Some(t.into()),
            radius: None,
            terms: vec![],
        }
    }

    #[test]
    fn writes_read_back_and_history_keeps_one_of_each() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(dir.path());
        for (i, t) in ["M101", "M51", "M101"].iter().enumerate() {
            Store::update(&path, |s| {
                s.record(HistoryEntry {
                    spec: spec(t),
                    at: i as u64,
                    rows: Some(3),
                })
            })
            .unwrap();
        }
        let s = Store::load(&path).unwrap();
        let targets: Vec<_> = s
            .history
            .iter()
            .map(|h| h.spec.target.clone().unwrap())
            .collect();
        assert_eq!(targets, ["M51", "M101"]);
        // No temporary is left beside it.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }

    #[test]
    fn another_version_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(dir.path());
        let newer = r#"{"format":"mastui-searches","version":2,"history":[]}"#;
        fs::write(&path, newer).unwrap();
        let err = Store::update(&path, |s| s.save("x", spec("M1"), 0)).unwrap_err();
        assert!(err.to_string().contains("newer mastui"), "{err}");
        assert_eq!(err.exit_code(), 2);
        assert_eq!(fs::read_to_string(&path).unwrap(), newer);
        fs::write(&path, "{\"saved\":{}}").unwrap();
        let err = Store::load(&path).unwrap_err();
        assert!(err.to_string().contains("cannot be read"), "{err}");
    }

    #[test]
    fn a_store_from_before_files_were_remembered_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_in(dir.path());
        let old = r#"{"format":"mastui-searches","version":1,"history":[],"saved":{"w":
            {"spec":{"source":"observations","target":"M1","radius":null,"terms":[]},
             "created":1,"last_run":2,"rows":3,"seen":{"obsids":[7],"exclusive":[]}}}}"#;
        fs::write(&path, old).unwrap();
        let s = Store::load(&path).unwrap();
        assert_eq!(s.saved["w"].files, None);
        assert!(s.saved["w"].seen.as_ref().unwrap().obsids.contains(&7));
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("ngc1365-weekly").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("--new").is_err());
        assert!(check_name("a b").is_err());
    }
}
