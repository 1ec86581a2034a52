//! The settings that have no flag of their own, read typed from their variables (which the
//! config file fills): each error names the variable and what it accepts.
use super::table::{self, Setting};
use crate::app::remap::{Remap, parse_remaps};
use crate::mast::error::InputError;

fn value(key: &str) -> Result<Option<String>, InputError> {
    let setting: &Setting =
        table::find(key).ok_or_else(|| InputError::new(key, "is not a setting"))?;
    table::from_env(setting).map_err(|e| InputError::new(setting.env, e))
}

/// `download.layout = "flat"`.
pub fn flat_layout() -> Result<bool, InputError> {
    Ok(value("download.layout")?.is_some_and(|v| v == "flat"))
}

/// `download.parallel`, when set.
pub fn parallel() -> Result<Option<usize>, InputError> {
    Ok(value("download.parallel")?.and_then(|v| v.parse().ok()))
}

/// `products.guide_stars = "shown"`.
pub fn guide_stars_shown() -> Result<bool, InputError> {
    Ok(value("products.guide_stars")?.is_some_and(|v| v == "shown"))
}

/// `products.filter`, or empty.
pub fn products_filter() -> Result<String, InputError> {
    Ok(value("products.filter")?.unwrap_or_default())
}

/// `browser.theme = "mono"` (NO_COLOR is read where the theme is made).
pub fn mono() -> Result<bool, InputError> {
    Ok(value("browser.theme")?.is_some_and(|v| v == "mono"))
}

/// `browser.mouse = true`.
pub fn mouse() -> Result<bool, InputError> {
    Ok(value("browser.mouse")?.is_some_and(|v| v == "1"))
}

/// `[keys]`.
pub fn remaps() -> Result<Vec<Remap>, InputError> {
    match value("keys")? {
        Some(v) => parse_remaps(&v).map_err(|e| InputError::new(table::KEYS_ENV, e)),
        None => Ok(Vec::new()),
    }
}
