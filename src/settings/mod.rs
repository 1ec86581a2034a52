//! The config file, `config.toml` in the config directory.
//!
//! Every key stands for one environment variable (`download.parallel` is
//! `MASTUI_PARALLEL`). At start, before any thread exists, each value the file gives is put
//! into the process environment unless the environment already has that variable; flags
//! that read a variable (clap's `env`) then override both. So every part of mastui reads a
//! setting one way, and the order is the same everywhere: flag, environment, file, default.
pub mod file;
pub mod read;
pub mod table;

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::config::Paths;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Environment,
    File { path: PathBuf, line: usize },
    Default,
}

static ORIGINS: OnceLock<Vec<(&'static str, Origin)>> = OnceLock::new();

fn set_in_env(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// Reads the config file (if there is one) into the environment. Must run before any thread
/// is started: it changes the process environment.
pub fn install() -> Result<(), String> {
    let path = Paths::from_env().config_file();
    let entries = match std::fs::read_to_string(&path) {
        Ok(text) => file::parse(&path, &text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("{}: cannot be read: {e}", path.display())),
    };
    let mut origins = Vec::new();
    for setting in table::SETTINGS {
        let origin = if set_in_env(setting.env) {
            Origin::Environment
        } else if let Some(e) = entries.iter().find(|e| e.key == setting.key) {
            // SAFETY: called from `main` before the runtime or any other thread exists, so
            // nothing reads the environment concurrently.
            unsafe { std::env::set_var(setting.env, &e.value) };
            Origin::File {
                path: path.clone(),
                line: e.line,
            }
        } else {
            Origin::Default
        };
        origins.push((setting.key, origin));
    }
    let _ = ORIGINS.set(origins);
    Ok(())
}

/// Where each setting came from, as `install` found it (all defaults when it did not run).
pub fn origin(key: &str) -> Origin {
    ORIGINS
        .get()
        .and_then(|o| o.iter().find(|(k, _)| *k == key))
        .map(|(_, o)| o.clone())
        .unwrap_or(Origin::Default)
}
