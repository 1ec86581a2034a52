//! `mastui config`: every setting's value in force and where it came from; `--template`
//! prints a commented config file to start from.
use clap::Args;

use super::CliError;
use crate::config::Paths;
use crate::settings::table::{SETTINGS, from_env};
use crate::settings::{Origin, origin};

#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Print a commented config.toml with every key (its defaults commented out).
    #[arg(long)]
    pub template: bool,
}

pub fn run(args: &ConfigArgs) -> Result<(), CliError> {
    let file = Paths::from_env().config_file();
    if args.template {
        print!("{}", template());
        return Ok(());
    }
    let state = if file.exists() {
        ""
    } else {
        " (none yet: mastui config --template)"
    };
    println!("# {}{state}", file.display());
    let width = SETTINGS.iter().map(|s| s.key.len()).max().unwrap_or(0);
    let mut bad = Vec::new();
    for s in SETTINGS {
        let (value, from) = match (from_env(s), origin(s.key)) {
            (Err(e), _) => {
                bad.push(format!("{}: {e}", s.env));
                (
                    "(not accepted)".to_string(),
                    format!("environment {}", s.env),
                )
            }
            (Ok(None), _) | (_, Origin::Default) => (s.default.to_string(), "default".into()),
            (Ok(Some(v)), Origin::Environment) => (v, format!("environment {}", s.env)),
            (Ok(Some(v)), Origin::File { path, line }) => (v, format!("{}:{line}", path.display())),
        };
        let value = crate::sanitize::printable(&value).into_owned();
        println!("{:width$}  {value}   ({from})", s.key);
    }
    match bad.first() {
        Some(first) => Err(CliError::input("settings", first.clone())),
        None => Ok(()),
    }
}

fn template() -> String {
    let mut out = String::from(
        "# mastui's settings. The environment overrides this file and flags override both;\n\
         # `mastui config` shows what is in force and where it came from.\n",
    );
    let mut section = "";
    for s in SETTINGS {
        let (sec, leaf) = s.key.split_once('.').unwrap_or(("", s.key));
        if s.key == "keys" {
            out.push_str(&format!(
                "\n[keys]\n# {} ({}).\n# {}\n# sort = \"o\"\n# quit = \"Ctrl-Q\"\n",
                s.doc, s.env, s.accepted
            ));
            continue;
        }
        if sec != section {
            out.push_str(&format!("\n[{sec}]\n"));
            section = sec;
        }
        out.push_str(&format!(
            "# {} ({}); {}.\n# {leaf} = {}\n",
            s.doc,
            s.env,
            s.accepted,
            example(s.key, s.default)
        ));
    }
    out
}

/// A default written as TOML: numbers and booleans bare, the rest quoted.
fn example(key: &str, default: &str) -> String {
    let bare = default.parse::<f64>().is_ok() || default == "true" || default == "false";
    match key {
        "download.dir" => "\"~/mast\"".into(),
        "download.s3_endpoint" => "\"http://127.0.0.1:9000\"".into(),
        "products.filter" => "\"_cal.fits\"".into(),
        _ if bare => default.into(),
        _ => format!("{default:?}"),
    }
}
