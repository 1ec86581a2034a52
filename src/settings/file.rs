//! Reading `config.toml`: each value with the line it is on, every unknown key and badly
//! typed value an error naming the file, the line and what is accepted.
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::table::{SETTINGS, find};
use crate::common::near::closest;

/// One setting as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: &'static str,
    /// The value as its variable takes it.
    pub value: String,
    pub line: usize,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// A scalar written in the file, as text (`4`, `true`, `flat`).
fn scalar(value: &DeValue) -> Option<String> {
    match value {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => Some(i.as_str().to_string()),
        DeValue::Float(f) => Some(f.as_str().to_string()),
        DeValue::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn nearest_key(written: &str) -> String {
    closest(written, SETTINGS.iter().map(|s| s.key))
        .map(|k| format!(" (did you mean {k}?)"))
        .unwrap_or_default()
}

/// The settings in `text` (the contents of `file`).
pub fn parse(file: &Path, text: &str) -> Result<Vec<Entry>, String> {
    let at = |offset: usize| format!("{}:{}", file.display(), line_of(text, offset));
    let doc = DeTable::parse(text).map_err(|e| {
        let where_ = e
            .span()
            .map_or_else(|| file.display().to_string(), |s| at(s.start));
        format!("{where_}: not valid TOML: {}", e.message().trim())
    })?;
    let mut out = Vec::new();
    let mut remaps = Vec::new();
    let mut remap_line = 0;
    for (name, value) in doc.get_ref() {
        let name_at = at(name.span().start);
        match (name.get_ref().as_ref(), value.get_ref()) {
            ("keys", DeValue::Table(t)) => {
                for (action, keys) in t {
                    let line_at = at(action.span().start);
                    let written = match keys.get_ref() {
                        DeValue::String(s) => s.to_string(),
                        DeValue::Array(a) => a
                            .iter()
                            .map(|v| v.get_ref().as_str().map(str::to_string))
                            .collect::<Option<Vec<_>>>()
                            .map(|v| v.join(","))
                            .ok_or_else(|| {
                                format!(
                                    "{line_at}: keys.{action}: a list of keys must be strings",
                                    action = action.get_ref()
                                )
                            })?,
                        _ => {
                            return Err(format!(
                                "{line_at}: keys.{}: write the key as a string, for example \"o\" or \"Ctrl-Q\"",
                                action.get_ref()
                            ));
                        }
                    };
                    crate::app::remap::parse_remap(action.get_ref(), &written)
                        .map_err(|e| format!("{line_at}: keys.{}: {e}", action.get_ref()))?;
                    remaps.push(remap_entry(action.get_ref(), &written));
                    remap_line = line_of(text, name.span().start);
                }
            }
            (section, DeValue::Table(t)) => {
                for (leaf, v) in t {
                    let key = format!("{section}.{}", leaf.get_ref());
                    out.push(entry(
                        &key,
                        v.get_ref(),
                        &at(leaf.span().start),
                        line_of(text, leaf.span().start),
                    )?);
                }
            }
            (key, v) => out.push(entry(key, v, &name_at, line_of(text, name.span().start))?),
        }
    }
    // The parsed table is ordered by name; the file's order is easier to follow.
    out.sort_by_key(|e| e.line);
    remaps.sort();
    if !remaps.is_empty() {
        out.push(Entry {
            key: "keys",
            value: remaps.join(" "),
            line: remap_line,
        });
    }
    Ok(out)
}

/// `action=keys` as `MASTUI_KEYS` takes it: the variable splits entries at blanks, so the
/// blanks a file may leave around a name or a key (`quit = " F5"`, `"Ctrl-Q, F10"`), which
/// `parse_remap` accepts, are left out, or the next start refuses the file's own remaps.
fn remap_entry(action: &str, keys: &str) -> String {
    let keys = if keys.trim() == "," {
        ",".to_string()
    } else {
        keys.split(',').map(str::trim).collect::<Vec<_>>().join(",")
    };
    format!("{}={keys}", action.trim())
}

fn entry(key: &str, value: &DeValue, at: &str, line: usize) -> Result<Entry, String> {
    let Some(setting) = find(key).filter(|s| s.key != "keys") else {
        let keys: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
        return Err(format!(
            "{at}: unknown key {key}{}; the keys are {}",
            nearest_key(key),
            keys.join(", ")
        ));
    };
    let bad = || {
        format!(
            "{at}: {key} = {}: not accepted; {key} takes {}",
            crate::sanitize::printable(&scalar(value).unwrap_or_else(|| value.type_str().into())),
            setting.accepted
        )
    };
    let text = scalar(value).ok_or_else(bad)?;
    let value = (setting.check)(&text).ok_or_else(bad)?;
    Ok(Entry {
        key: setting.key,
        value,
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Vec<Entry>, String> {
        parse(Path::new("/c/config.toml"), text)
    }

    #[test]
    fn sections_and_remaps_become_settings_with_lines() {
        let e = p("server = \"http://127.0.0.1:9\"\n\n[download]\nparallel = 8\nlayout = \"flat\"\ncloud = true\n[keys]\nsort = \"o\"\nquit = [\"Ctrl-Q\", \"F10\"]\n").unwrap();
        assert_eq!(
            e[0],
            Entry {
                key: "server",
                value: "http://127.0.0.1:9".into(),
                line: 1
            }
        );
        assert_eq!(
            e[1],
            Entry {
                key: "download.parallel",
                value: "8".into(),
                line: 4
            }
        );
        assert_eq!(e[2].value, "flat");
        assert_eq!(e[3].value, "1");
        assert_eq!(
            e[4],
            Entry {
                key: "keys",
                value: "quit=Ctrl-Q,F10 sort=o".into(),
                line: 7
            }
        );
    }

    #[test]
    fn remaps_with_blanks_around_keys_are_what_the_variable_takes() {
        // Found by tests/fuzz: `quit = " F5"` was accepted here but written to MASTUI_KEYS
        // as `quit= F5`, which the next read refused ("'' is not a key").
        let e = p("[keys]\nquit = \" F5\"\nsort = [\"Ctrl-O \", \" End\"]\n").unwrap();
        assert_eq!(e[0].value, "quit=F5 sort=Ctrl-O,End");
        assert!(crate::app::remap::parse_remaps(&e[0].value).is_ok());
        let e = p("[keys]\nsort = \" , \"\n").unwrap();
        assert_eq!(e[0].value, "sort=,");
    }

    #[test]
    fn errors_name_file_line_and_what_is_accepted() {
        let e = p("[download]\nparalel = 3\n").unwrap_err();
        assert!(
            e.starts_with("/c/config.toml:2: unknown key download.paralel"),
            "{e}"
        );
        assert!(e.contains("did you mean download.parallel"), "{e}");
        let e = p("\n[download]\nparallel = 0\n").unwrap_err();
        assert!(
            e.starts_with("/c/config.toml:3: download.parallel = 0"),
            "{e}"
        );
        assert!(e.contains("from 1 to 16"), "{e}");
        let e = p("[download]\nparallel = [1]\n").unwrap_err();
        assert!(e.contains("array"), "{e}");
        let e = p("server = \n").unwrap_err();
        assert!(e.starts_with("/c/config.toml:1: not valid TOML"), "{e}");
        let e = p("[keys]\nsrot = \"o\"\n").unwrap_err();
        assert!(
            e.contains(":2: keys.srot") && e.contains("did you mean sort"),
            "{e}"
        );
    }
}
