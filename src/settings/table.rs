//! Every key the config file takes: the environment variable it stands for, its default, what
//! it accepts, and a check that turns a written value into that variable's value.
use crate::app::remap::parse_remaps;
use crate::ui::image_protocol::PreviewMode;

pub struct Setting {
    /// As written in the file: `section.name` (`download.parallel`), or a top-level name.
    pub key: &'static str,
    pub env: &'static str,
    /// Shown by `mastui config` when neither the environment nor the file sets it.
    pub default: &'static str,
    /// Named in every error about the key.
    pub accepted: &'static str,
    pub doc: &'static str,
    /// The variable's value for a written one, or None when the value is not accepted.
    pub check: fn(&str) -> Option<String>,
}

pub const LAYOUT_ENV: &str = "MASTUI_LAYOUT";
pub const PARALLEL_ENV: &str = "MASTUI_PARALLEL";
pub const GUIDE_STARS_ENV: &str = "MASTUI_GUIDE_STARS";
pub const FILTER_ENV: &str = "MASTUI_FILTER";
pub const THEME_ENV: &str = "MASTUI_THEME";
pub const MOUSE_ENV: &str = "MASTUI_MOUSE";
pub const KEYS_ENV: &str = "MASTUI_KEYS";

pub use crate::mast::basket_messages::MAX_PARALLEL;

fn url(v: &str) -> Option<String> {
    let v = v.trim();
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))?;
    (!rest.is_empty() && !rest.contains(char::is_whitespace)).then(|| v.to_string())
}

/// A directory as written, with `~/` made the home directory; None when blank.
pub fn expand_home(v: &str) -> Option<String> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    // `~/data` is how people write their home in a config file.
    match v.strip_prefix("~/") {
        Some(rest) => {
            let home = directories::BaseDirs::new()?.home_dir().to_path_buf();
            Some(home.join(rest).to_string_lossy().into_owned())
        }
        None => Some(v.to_string()),
    }
}

fn one_of(v: &str, choices: &[&str]) -> Option<String> {
    let v = v.trim().to_ascii_lowercase();
    choices.contains(&v.as_str()).then_some(v)
}

fn layout(v: &str) -> Option<String> {
    one_of(v, &["astroquery", "flat"])
}

fn parallel(v: &str) -> Option<String> {
    let n = v.trim().parse::<usize>().ok()?;
    (1..=MAX_PARALLEL).contains(&n).then(|| n.to_string())
}

fn retries(v: &str) -> Option<String> {
    let n = v.trim().parse::<u32>().ok()?;
    (1..=100).contains(&n).then(|| n.to_string())
}

fn pages_in_flight(v: &str) -> Option<String> {
    let n = v.trim().parse::<u8>().ok()?;
    (1..=crate::mast::retry::MAX_PAGES_IN_FLIGHT as u8)
        .contains(&n)
        .then(|| n.to_string())
}

fn row_cap(v: &str) -> Option<String> {
    v.trim().parse::<u64>().ok().map(|n| n.to_string())
}

fn seconds(v: &str) -> Option<String> {
    let s = v.trim().parse::<f64>().ok()?;
    (s.is_finite() && (0.0..=86_400.0).contains(&s)).then(|| v.trim().to_string())
}

/// A yes/no as the variables take it (`1` or `0`).
fn switch(v: &str) -> Option<String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some("1".into()),
        "0" | "false" | "no" | "off" => Some("0".into()),
        _ => None,
    }
}

/// `login.keyring = false` is `MASTUI_NO_KEYRING=1`.
fn keyring(v: &str) -> Option<String> {
    switch(v).map(|s| if s == "1" { "0".into() } else { "1".into() })
}

fn guide_stars(v: &str) -> Option<String> {
    one_of(v, &["hidden", "shown"])
}

fn filter(v: &str) -> Option<String> {
    crate::mast::product_filter::ProductFilter::parse(v)
        .ok()
        .map(|_| v.trim().to_string())
}

fn theme(v: &str) -> Option<String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "color" | "colour" => Some("color".into()),
        "mono" => Some("mono".into()),
        _ => None,
    }
}

fn previews(v: &str) -> Option<String> {
    PreviewMode::parse(Some(v))
        .ok()
        .map(|_| v.trim().to_string())
}

fn log_level(v: &str) -> Option<String> {
    one_of(v, &["error", "warn", "info", "debug", "trace"])
}

fn keys(v: &str) -> Option<String> {
    parse_remaps(v).ok().map(|_| v.trim().to_string())
}

pub static SETTINGS: &[Setting] = &[
    Setting {
        key: "server",
        env: crate::config::SERVER_ENV,
        default: crate::mast::DEFAULT_BASE,
        accepted: "an http:// or https:// URL",
        doc: "MAST's base URL; every endpoint derives from it",
        check: url,
    },
    Setting {
        key: "download.dir",
        env: crate::config::DOWNLOAD_DIR_ENV,
        default: ". (the current directory)",
        accepted: "a directory path (~/ is your home)",
        doc: "where downloaded files land",
        check: expand_home,
    },
    Setting {
        key: "download.layout",
        env: LAYOUT_ENV,
        default: "astroquery",
        accepted: "astroquery (mastDownload/<collection>/<obs_id>/) or flat",
        doc: "how files are laid out under the download directory",
        check: layout,
    },
    Setting {
        key: "download.parallel",
        env: PARALLEL_ENV,
        default: "4",
        accepted: "a whole number from 1 to 16",
        doc: "files downloaded at once",
        check: parallel,
    },
    Setting {
        key: "download.cloud",
        env: crate::mast::cloud::switch::CLOUD_ENV,
        default: "false",
        accepted: "true or false",
        doc: "fetch from MAST's public cloud copy where it has the file",
        check: switch,
    },
    Setting {
        key: "download.s3_endpoint",
        env: crate::mast::cloud::switch::S3_ENDPOINT_ENV,
        default: "AWS (s3.amazonaws.com)",
        accepted: "an http:// or https:// URL",
        doc: "an S3-compatible endpoint or mirror for the cloud copy",
        check: url,
    },
    Setting {
        key: "network.retries",
        env: crate::config::RETRIES_ENV,
        default: "6",
        accepted: "a whole number of attempts from 1 to 100",
        doc: "attempts per request, the first included",
        check: retries,
    },
    Setting {
        key: "network.stall_secs",
        env: crate::config::STALL_ENV,
        default: "10",
        accepted: "seconds from 0 (never) to 86400",
        doc: "seconds under 1 KiB/s before an answer is asked for again",
        check: seconds,
    },
    Setting {
        key: "network.pages_in_flight",
        env: crate::config::PAGES_IN_FLIGHT_ENV,
        default: "3",
        accepted: "a whole number from 1 to 4",
        doc: "pages of one result fetched at once after the first (as --pages-in-flight)",
        check: pages_in_flight,
    },
    Setting {
        key: "network.row_cap",
        env: crate::config::ROW_CAP_ENV,
        default: "500000",
        accepted: "a whole number of rows (0 never splits a search)",
        doc: "the most rows one query answers; larger searches are split by t_min",
        check: row_cap,
    },
    Setting {
        key: "products.guide_stars",
        env: GUIDE_STARS_ENV,
        default: "hidden",
        accepted: "hidden or shown",
        doc: "whether the products pane starts with guide-star files (_gs-) shown",
        check: guide_stars,
    },
    Setting {
        key: "products.filter",
        env: FILTER_ENV,
        default: "(none)",
        accepted: "a file-name expression as the products pane's / takes (_cal.fits; _cal,_i2d \
                   for either; !_uncal to leave out)",
        doc: "the file-name filter the products pane starts with",
        check: filter,
    },
    Setting {
        key: "browser.theme",
        env: THEME_ENV,
        default: "color",
        accepted: "color or mono (NO_COLOR also gives mono)",
        doc: "the browser's colours",
        check: theme,
    },
    Setting {
        key: "browser.mouse",
        env: MOUSE_ENV,
        default: "false",
        accepted: "true or false",
        doc: "the wheel scrolls lists and a click focuses a pane; off keeps the terminal's \
              own text selection",
        check: switch,
    },
    Setting {
        key: "browser.previews",
        env: crate::ui::image_protocol::PREVIEWS_ENV,
        default: "auto",
        accepted: "auto, off, kitty, iterm2, sixel or halfblocks",
        doc: "preview images, and the terminal protocol that draws them",
        check: previews,
    },
    Setting {
        key: "login.keyring",
        env: crate::auth::keyring_store::NO_KEYRING_ENV,
        default: "true",
        accepted: "true or false",
        doc: "whether the system keyring is used for the token",
        check: keyring,
    },
    Setting {
        key: "log.level",
        env: crate::logging::LOG_ENV,
        default: "info",
        accepted: "error, warn, info, debug or trace",
        doc: "how much goes into mastui.log in the cache directory",
        check: log_level,
    },
    Setting {
        key: "keys",
        env: KEYS_ENV,
        default: "(none)",
        accepted: "a table of action = \"key\" (sort = \"o\", quit = \"Ctrl-Q\", \
                   to_basket = \"b,B\"); `?` in the browser lists the actions' keys",
        doc: "key remaps (the environment variable takes `sort=o quit=Ctrl-Q`)",
        check: keys,
    },
];

/// The setting written as `key`.
pub fn find(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// A value the environment gives for `s`, checked: the error says what the variable
/// accepts (and the caller names the variable).
pub fn from_env(s: &Setting) -> Result<Option<String>, String> {
    let Ok(raw) = std::env::var(s.env) else {
        return Ok(None);
    };
    if raw.trim().is_empty() {
        return Ok(None);
    }
    (s.check)(&raw).map(Some).ok_or_else(|| {
        format!(
            "{:?} is not accepted; it takes {}",
            crate::sanitize::printable(&raw),
            s.accepted
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_normalise_or_refuse() {
        assert_eq!(parallel("8"), Some("8".into()));
        assert_eq!(parallel("0"), None);
        assert_eq!(parallel("17"), None);
        assert_eq!(switch("True"), Some("1".into()));
        assert_eq!(keyring("false"), Some("1".into()));
        assert_eq!(layout("Flat"), Some("flat".into()));
        assert_eq!(url("ftp://x"), None);
        assert_eq!(seconds("-1"), None);
        assert!(filter("_cal.fits").is_some());
        assert!(keys("sort=o").is_some());
        assert!(keys("sort").is_none());
    }

    #[test]
    fn every_key_is_unique_and_so_is_every_variable() {
        for (i, a) in SETTINGS.iter().enumerate() {
            for b in &SETTINGS[i + 1..] {
                assert_ne!(a.key, b.key);
                assert_ne!(a.env, b.env);
            }
        }
    }
}
