//! The `:` command line's language: rarer actions typed by name (`:export results.ecsv`,
//! `:curl`, `:set parallel=6`), parsed here without side effects; the router carries them out.

use crate::common::near::closest;
use crate::mast::basket_messages::MAX_PARALLEL;

/// A command as typed and understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The focused grid's shown rows, in their order, with every column, into a file whose
    /// extension names the format. `force` (`:export!`) replaces an existing file.
    Export {
        path: String,
        force: bool,
    },
    /// The basket's curl script.
    Curl,
    Login,
    Set(Setting),
    /// The basket's MANIFEST.csv, now.
    WriteManifest,
    /// Keep the search form under a name (as `S`).
    Save(String),
    Help,
    Quit,
}

/// What `:set` changes: the basket's download settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting {
    DownloadDir(String),
    Flat(bool),
    Parallel(usize),
}

/// Every command with what it takes and does, for completion and the error that lists them.
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "export",
        "FILE: the grid's shown rows (.csv .ecsv .jsonl .votable .txt); export! replaces",
    ),
    ("curl", "write the basket's curl script"),
    ("login", "log in with a MAST token"),
    (
        "set",
        "download_dir=DIR, layout=flat|astroquery, parallel=1-16",
    ),
    ("w", "write the basket's MANIFEST.csv now"),
    ("save", "NAME: keep the search form under a name"),
    ("help", "every key"),
    ("q", "quit"),
];

const SET_KEYS: [&str; 3] = ["download_dir=", "layout=", "parallel="];

/// File extensions `:export` writes, as the headless `--format` names them.
pub const EXPORT_FORMATS: &[(&str, &str)] = &[
    ("csv", "csv"),
    ("ecsv", "ecsv"),
    ("jsonl", "jsonl"),
    ("json", "jsonl"),
    ("votable", "votable"),
    ("vot", "votable"),
    ("xml", "votable"),
    ("txt", "table"),
];

/// The `--format` name for a file's extension.
pub fn export_format(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    EXPORT_FORMATS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, f)| *f)
}

fn usage() -> String {
    let names: Vec<&str> = COMMANDS.iter().map(|(n, _)| *n).collect();
    format!("commands: {}", names.join(", "))
}

/// Parses one command line (without its `:`).
pub fn parse(text: &str) -> Result<Command, String> {
    let text = text.trim();
    let (name, rest) = text
        .split_once(char::is_whitespace)
        .map_or((text, ""), |(n, r)| (n, r.trim()));
    match name {
        "" => Err(usage()),
        "export" | "export!" => {
            if rest.is_empty() {
                return Err("export takes a file name: :export results.ecsv".into());
            }
            if export_format(rest).is_none() {
                let exts: Vec<String> = EXPORT_FORMATS
                    .iter()
                    .map(|(e, _)| format!(".{e}"))
                    .collect();
                return Err(format!(
                    "'{rest}': the extension names the format; use {}",
                    exts.join(" ")
                ));
            }
            Ok(Command::Export {
                path: rest.to_string(),
                force: name.ends_with('!'),
            })
        }
        "curl" => Ok(Command::Curl),
        "login" => Ok(Command::Login),
        "w" | "manifest" => Ok(Command::WriteManifest),
        "help" | "h" => Ok(Command::Help),
        "q" | "quit" => Ok(Command::Quit),
        "set" => parse_set(rest).map(Command::Set),
        "save" => match rest {
            "" => Err("save takes a name: :save my-program".into()),
            name => Ok(Command::Save(name.to_string())),
        },
        other => {
            let near = closest(other, COMMANDS.iter().map(|(n, _)| *n))
                .map(|n| format!(" (did you mean {n}?)"))
                .unwrap_or_default();
            Err(format!("'{other}' is not a command{near}; {}", usage()))
        }
    }
}

fn parse_set(rest: &str) -> Result<Setting, String> {
    let accepted = "set takes download_dir=DIR, layout=flat or layout=astroquery, parallel=1-16";
    let (key, value) = rest.split_once('=').ok_or_else(|| accepted.to_string())?;
    let value = value.trim();
    match key.trim() {
        "download_dir" | "dir" if !value.is_empty() => Ok(Setting::DownloadDir(value.into())),
        "layout" => match value {
            "flat" => Ok(Setting::Flat(true)),
            "astroquery" => Ok(Setting::Flat(false)),
            _ => Err(format!("layout is flat or astroquery, not '{value}'")),
        },
        "parallel" => match value.parse::<usize>() {
            Ok(n) if (1..=MAX_PARALLEL).contains(&n) => Ok(Setting::Parallel(n)),
            _ => Err(format!(
                "parallel is a whole number from 1 to {MAX_PARALLEL}, not '{value}'"
            )),
        },
        _ => Err(accepted.into()),
    }
}

/// What Tab offers for `text`: the commands it starts, or `:set`'s keys.
pub fn complete(text: &str) -> Vec<String> {
    if let Some(rest) = text.strip_prefix("set ") {
        let rest = rest.trim_start();
        return SET_KEYS
            .iter()
            .filter(|k| k.starts_with(rest) && !rest.contains('='))
            .map(|k| format!("set {k}"))
            .collect();
    }
    if text.contains(char::is_whitespace) {
        return Vec::new();
    }
    COMMANDS
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| n.starts_with(text))
        .map(|n| match n {
            "export" | "set" | "save" => format!("{n} "),
            _ => n.to_string(),
        })
        .collect()
}

/// The longest text every candidate starts with (what Tab fills in when several match).
pub fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else {
        return String::new();
    };
    let mut len = first.len();
    for c in &candidates[1..] {
        len = first
            .char_indices()
            .zip(c.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(len);
    }
    first[..len].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_or_say_what_is_accepted() {
        assert_eq!(
            parse("export results.ecsv"),
            Ok(Command::Export {
                path: "results.ecsv".into(),
                force: false
            })
        );
        assert_eq!(
            parse(" export! ~/x/products.csv "),
            Ok(Command::Export {
                path: "~/x/products.csv".into(),
                force: true
            })
        );
        assert!(parse("export results.fits").unwrap_err().contains(".ecsv"));
        assert!(parse("export").unwrap_err().contains("file name"));
        assert_eq!(parse("w"), Ok(Command::WriteManifest));
        assert_eq!(
            parse("save weekly 1073"),
            Ok(Command::Save("weekly 1073".into()))
        );
        assert!(parse("save").unwrap_err().contains("a name"));
        assert_eq!(
            parse("set parallel=6"),
            Ok(Command::Set(Setting::Parallel(6)))
        );
        assert_eq!(
            parse("set layout=flat"),
            Ok(Command::Set(Setting::Flat(true)))
        );
        assert_eq!(
            parse("set download_dir=~/mast"),
            Ok(Command::Set(Setting::DownloadDir("~/mast".into())))
        );
        assert!(parse("set parallel=40").unwrap_err().contains("1 to 16"));
        assert!(
            parse("set colour=red")
                .unwrap_err()
                .contains("download_dir=")
        );
        assert!(parse("crul").unwrap_err().contains("did you mean curl"));
        assert!(parse("").unwrap_err().contains("export"));
    }

    #[test]
    fn tab_offers_commands_and_set_keys() {
        assert_eq!(complete("ex"), vec!["export "]);
        assert_eq!(complete("set p"), vec!["set parallel="]);
        assert_eq!(complete("set ").len(), 3);
        assert!(complete("export a").is_empty());
        let c = complete("");
        assert!(c.len() == COMMANDS.len());
        assert_eq!(
            common_prefix(&["set download_dir=".into(), "set dir".into()]),
            "set d"
        );
        assert_eq!(common_prefix(&["curl".into()]), "curl");
    }
}
