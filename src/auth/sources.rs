//! Where the token comes from, in order: an explicit argument, `$MAST_API_TOKEN`, the system
//! keyring (mastui's own entry, then astroquery's for the production archive), the opt-in
//! file store; else none (the TUI can then prompt for one).
use std::path::Path;

use super::file_store;
use super::keyring_store::{SecretStore, StoreError};
use super::token::Token;

pub const TOKEN_ENV: &str = "MAST_API_TOKEN";
/// astroquery's keyring entry (it stores the token there on `login(store_token=True)`).
pub const ASTROQUERY_SERVICE: &str = "astroquery:mast.stsci.edu.token";
pub const KEYRING_USER: &str = "masttoken";
/// The production archive's host: the only one astroquery's entry is meant for.
pub const PRODUCTION_HOST: &str = "mast.stsci.edu";

/// mastui's own keyring entry for one server (a simulator's token never lands on MAST's).
pub fn mastui_service(host: &str) -> String {
    format!("mastui:{host}.token")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Argument,
    Environment,
    Keyring,
    AstroqueryKeyring,
    File,
    /// Typed at the prompt this session.
    Prompt,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::Argument => "the command line",
            Source::Environment => "$MAST_API_TOKEN",
            Source::Keyring => "the system keyring",
            Source::AstroqueryKeyring => "astroquery's keyring entry",
            Source::File => "the token file",
            Source::Prompt => "the prompt",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Found {
    pub token: Token,
    pub source: Source,
}

/// The token found (if any) and what is worth telling the user about the search.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub found: Option<Found>,
    /// Problems met on the way (a bad `$MAST_API_TOKEN`, a file others can read...).
    pub notes: Vec<String>,
    /// Set when there is no keyring service here, with the reason (said once, not an error).
    pub keyring_unavailable: Option<String>,
}

/// What to look in.
pub struct Sources<'a> {
    pub explicit: Option<&'a str>,
    /// `$MAST_API_TOKEN` as read (empty means unset).
    pub env: Option<String>,
    pub keyring: &'a dyn SecretStore,
    pub config_dir: &'a Path,
    /// `host[:port]` of the server in use.
    pub host: &'a str,
}

/// Looks through the sources in order. An explicit argument that is not a token is an error
/// (the user asked for it); anything else that is wrong is a note and the search goes on.
pub fn resolve(s: &Sources<'_>) -> Result<Resolution, String> {
    let mut r = Resolution::default();
    if let Some(text) = s.explicit {
        let token = Token::new(text).map_err(|e| format!("the token given: {e}"))?;
        r.found = Some(Found {
            token,
            source: Source::Argument,
        });
        return Ok(r);
    }
    if let Some(text) = s.env.as_deref().filter(|t| !t.trim().is_empty()) {
        match Token::new(text) {
            Ok(token) => {
                r.found = Some(Found {
                    token,
                    source: Source::Environment,
                });
                return Ok(r);
            }
            Err(e) => r.notes.push(format!("${TOKEN_ENV} ignored: {e}")),
        }
    }
    let mut entries = vec![(mastui_service(s.host), Source::Keyring)];
    if s.host == PRODUCTION_HOST {
        entries.push((ASTROQUERY_SERVICE.to_string(), Source::AstroqueryKeyring));
    }
    for (service, source) in entries {
        match s.keyring.get(&service, KEYRING_USER) {
            Ok(Some(text)) => match Token::new(&text) {
                Ok(token) => {
                    r.found = Some(Found { token, source });
                    return Ok(r);
                }
                Err(e) => r
                    .notes
                    .push(format!("{} entry ignored: {e}", source.describe())),
            },
            Ok(None) => {}
            // No keyring service: the astroquery entry cannot be there either.
            Err(StoreError::Unavailable(why)) => {
                r.keyring_unavailable = Some(why);
                break;
            }
            Err(e @ StoreError::Failed(_)) => {
                r.notes.push(e.to_string());
                break;
            }
        }
    }
    match file_store::read(&file_store::token_path(s.config_dir, s.host)) {
        Ok(Some((token, warning))) => {
            r.notes.extend(warning);
            r.found = Some(Found {
                token,
                source: Source::File,
            });
        }
        Ok(None) => {}
        Err(e) => r.notes.push(e),
    }
    Ok(r)
}
