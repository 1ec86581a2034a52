//! The client the commands and the browser use, built from the command line and the
//! environment: the server, where its address came from, retries and the low-speed rule.
use super::CliError;
use super::args::GlobalArgs;
use crate::mast::client::MastClient;
use crate::mast::retry::RetryPolicy;

pub use crate::config::{RETRIES_ENV, ROW_CAP_ENV, STALL_ENV};

/// The client for `server` (see `policy`). Notices ("server stalled, retrying") go to stderr.
pub fn client(global: &GlobalArgs) -> Result<MastClient, CliError> {
    let server = global.server.as_str();
    let notices: crate::mast::http::Notices = std::sync::Arc::new(|text: &str| {
        eprintln!("mastui: {}", crate::sanitize::printable(text));
    });
    Ok(MastClient::new(server)?
        .with_policy(policy(global)?)
        .with_notices(notices)
        .with_server_source(server_source(server)))
}

/// The retry policy: `MASTUI_RETRIES` caps the attempts per request (scripts that prefer to
/// fail fast, and tests), `MASTUI_STALL_SECS` sets the low-speed window. The browser takes
/// the same, and `--pages-in-flight` (or its variable, checked by clap) sets how many pages
/// of one result are fetched at once.
pub fn policy(global: &GlobalArgs) -> Result<RetryPolicy, CliError> {
    let mut policy = RetryPolicy::default();
    if let Some(n) = global.pages_in_flight {
        policy.pages_in_flight = usize::from(n);
    }
    if let Ok(v) = std::env::var(STALL_ENV) {
        let secs = v
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0);
        let secs = secs.ok_or_else(|| {
            CliError::input(
                STALL_ENV,
                format!("'{v}' is not a number of seconds >= 0 (0 turns the rule off)"),
            )
        })?;
        policy.stall_window = std::time::Duration::from_secs_f64(secs.min(86_400.0));
    }
    if let Ok(v) = std::env::var(ROW_CAP_ENV) {
        policy.row_cap = v.trim().parse::<u64>().map_err(|_| {
            CliError::input(
                ROW_CAP_ENV,
                format!(
                    "'{v}' is not a whole number of rows (MAST answers at most 500,000 rows \
                     a query; 0 never splits a search)"
                ),
            )
        })?;
    }
    if let Ok(v) = std::env::var(RETRIES_ENV) {
        policy.max_attempts = v
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                CliError::input(
                    RETRIES_ENV,
                    format!("'{v}' is not a whole number of attempts >= 1"),
                )
            })?;
    }
    Ok(policy)
}

/// Where the server address came from, as the person would recognise it.
pub fn server_source(server: &str) -> String {
    let flagged = std::env::args().any(|a| a == "--server" || a.starts_with("--server="));
    if flagged {
        "--server".into()
    } else if std::env::var(crate::config::SERVER_ENV).is_ok_and(|v| v == server) {
        // The config file's value reaches us through the variable: name the file then.
        match crate::settings::origin("server") {
            crate::settings::Origin::File { path, line } => {
                format!("server in {}:{line}", path.display())
            }
            _ => crate::config::SERVER_ENV.into(),
        }
    } else {
        "the default".into()
    }
}
