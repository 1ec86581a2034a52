//! Where mastui keeps its files, and which server it talks to.
//!
//! Platform directories come from `directories`; environment variables override each one so
//! that tests and scripts can isolate their state.
use std::path::PathBuf;

/// The environment variable naming the MAST base URL.
pub const SERVER_ENV: &str = "MASTUI_SERVER";
/// Pages of one result fetched at once (as `--pages-in-flight`).
pub const PAGES_IN_FLIGHT_ENV: &str = "MASTUI_PAGES_IN_FLIGHT";
/// Attempts per request, first included.
pub const RETRIES_ENV: &str = "MASTUI_RETRIES";
/// Seconds of the low-speed rule's window: an answer under 1 KiB/s for that long is
/// abandoned and asked again (0 turns the rule off).
pub const STALL_ENV: &str = "MASTUI_STALL_SECS";
/// The most rows the server answers for one query; searches counted above it are split.
pub const ROW_CAP_ENV: &str = "MASTUI_ROW_CAP";
pub const CONFIG_DIR_ENV: &str = "MASTUI_CONFIG_DIR";
pub const DATA_DIR_ENV: &str = "MASTUI_DATA_DIR";
pub const CACHE_DIR_ENV: &str = "MASTUI_CACHE_DIR";
pub const DOWNLOAD_DIR_ENV: &str = "MASTUI_DOWNLOAD_DIR";
/// History and saved searches, in the data directory (`remember::store`).
pub const SEARCH_STORE_FILE: &str = "searches.json";

/// The directories mastui reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
    pub cache_dir: PathBuf,
    /// Where downloads go unless told otherwise: the current directory, as astroquery does.
    pub download_dir: PathBuf,
}

impl Paths {
    /// The platform's directories with the environment's overrides applied.
    pub fn from_env() -> Paths {
        Self::resolve(|k| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
    }

    /// Pure resolution from a variable lookup, so that it can be tested without touching the
    /// process environment.
    pub fn resolve(var: impl Fn(&str) -> Option<PathBuf>) -> Paths {
        let project = directories::ProjectDirs::from("", "", "mastui");
        let fallback = |f: fn(&directories::ProjectDirs) -> &std::path::Path, leaf: &str| {
            project
                .as_ref()
                .map(|p| f(p).to_path_buf())
                .unwrap_or_else(|| PathBuf::from(".mastui").join(leaf))
        };
        Paths {
            config_dir: var(CONFIG_DIR_ENV)
                .unwrap_or_else(|| fallback(directories::ProjectDirs::config_dir, "config")),
            data_dir: var(DATA_DIR_ENV)
                .unwrap_or_else(|| fallback(directories::ProjectDirs::data_dir, "data")),
            cache_dir: var(CACHE_DIR_ENV)
                .unwrap_or_else(|| fallback(directories::ProjectDirs::cache_dir, "cache")),
            download_dir: var(DOWNLOAD_DIR_ENV).unwrap_or_else(|| PathBuf::from(".")),
        }
    }

    /// The settings file (`mastui config`).
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    /// The basket's journal (written by the download queue).
    pub fn basket_journal(&self) -> PathBuf {
        self.data_dir.join("basket.jsonl")
    }

    /// History and saved searches (`remember::store`).
    pub fn search_store(&self) -> PathBuf {
        self.data_dir.join(SEARCH_STORE_FILE)
    }

    /// Lines for `mastui --paths`.
    pub fn describe(&self) -> String {
        format!(
            "config:   {}
settings: {}
data:     {}
cache:    {}
basket:   {}
searches: {}
downloads: {}
",
            self.config_dir.display(),
            self.config_file().display(),
            self.data_dir.display(),
            self.cache_dir.display(),
            self.basket_journal().display(),
            self.search_store().display(),
            self.download_dir.display()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_each_directory() {
        let p = Paths::resolve(|k| match k {
            CONFIG_DIR_ENV => Some(PathBuf::from("/tmp/c")),
            DATA_DIR_ENV => Some(PathBuf::from("/tmp/d")),
            _ => None,
        });
        assert_eq!(p.config_dir, PathBuf::from("/tmp/c"));
        assert_eq!(p.data_dir, PathBuf::from("/tmp/d"));
        assert_eq!(p.basket_journal(), PathBuf::from("/tmp/d/basket.jsonl"));
        assert_eq!(p.download_dir, PathBuf::from("."));
        assert_ne!(p.cache_dir, PathBuf::from("/tmp/d"));
    }
}
