//! The log file: what mastui asked, what came back, retries and failures, in the platform's
//! cache directory (`mastui --paths`), for when a message says "see the log". The level
//! comes from `MASTUI_LOG`, else `RUST_LOG`, else `info`.
//!
//! Other crates' events are kept at `info` and above whatever the level asked: HTTP
//! libraries' debug and trace events may carry request headers, and a request header may
//! carry the token. mastui's own events never hold it.
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use tracing::Level;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

pub const LOG_ENV: &str = "MASTUI_LOG";
/// Past this size the log is moved to `mastui.log.1` (one generation kept) at start.
const ROTATE_BYTES: u64 = 10 * 1024 * 1024;

static LOG_PATH: OnceLock<PathBuf> = OnceLock::new();

/// Where the log is being written, once `init` succeeded (for messages).
pub fn path() -> Option<&'static Path> {
    LOG_PATH.get().map(PathBuf::as_path)
}

/// ` (details in ~/.cache/mastui/mastui.log)`, or nothing without a log.
pub fn see_log() -> String {
    path().map_or(String::new(), |p| format!(" (details in {})", p.display()))
}

/// Starts logging into `dir/mastui.log`. A log that cannot be opened (read-only home) is
/// not a reason to fail: mastui runs without one.
pub fn init(dir: &Path) {
    let Some(file) = open(dir) else {
        return;
    };
    let directive = std::env::var(LOG_ENV)
        .or_else(|_| std::env::var("RUST_LOG"))
        .unwrap_or_else(|_| "info".to_string());
    let filter = EnvFilter::try_new(directive.trim()).unwrap_or_else(|_| EnvFilter::new("info"));
    let ours_or_quiet =
        filter_fn(|meta| meta.target().starts_with("mastui") || *meta.level() <= Level::INFO);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_target(true);
    let ok = tracing_subscriber::registry()
        .with(layer.with_filter(ours_or_quiet))
        .with(filter)
        .try_init()
        .is_ok();
    if ok {
        let _ = LOG_PATH.set(dir.join("mastui.log"));
    }
}

fn open(dir: &Path) -> Option<File> {
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join("mastui.log");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > ROTATE_BYTES) {
        let _ = std::fs::rename(&path, dir.join("mastui.log.1"));
    }
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).ok()
}
