//! MAST API tokens: where they come from (`sources`), where they are kept (`keyring_store`,
//! `file_store`), how old they are (`age`), who they belong to (`identity`), and the `Token`
//! type that never shows itself (`token`).
//!
//! Anyone building a `MastClient` gets the token with `resolve_token(&paths, server)` (blocking:
//! call it before the UI starts or inside `spawn_blocking`) or `resolve_token_async`, then
//! `client.with_auth(token.as_ref())`; every request to the base then carries it.
pub mod age;
pub mod file_store;
pub mod identity;
pub mod keyring_store;
pub mod sources;
pub mod token;

pub use identity::Identity;
pub use keyring_store::{SecretStore, StoreError, SystemKeyring};
pub use sources::{Found, Resolution, Source};
pub use token::{TOKEN_PAGE, Token, TokenError};

use crate::config::Paths;

/// `host[:port]` of a server URL (`mast.stsci.edu`, `127.0.0.1:40213`).
pub fn host_of(server: &str) -> String {
    match reqwest::Url::parse(server.trim()) {
        Ok(u) => {
            let host = u.host_str().unwrap_or("").to_string();
            match u.port() {
                Some(p) => format!("{host}:{p}"),
                None => host,
            }
        }
        Err(_) => server.trim().to_string(),
    }
}

/// Looks through every source for `server` (blocking: the keyring may take up to its timeout).
pub fn resolve_with(
    paths: &Paths,
    server: &str,
    explicit: Option<&str>,
    keyring: &dyn SecretStore,
) -> Result<Resolution, String> {
    let host = host_of(server);
    sources::resolve(&sources::Sources {
        explicit,
        env: std::env::var(sources::TOKEN_ENV).ok(),
        keyring,
        config_dir: &paths.config_dir,
        host: &host,
    })
}

/// The token to use for `server`, or None. Blocking (keyring calls time out after a few
/// seconds): call it before the UI starts or from `spawn_blocking`.
pub fn resolve_token(paths: &Paths, server: &str) -> Option<Token> {
    let keyring = SystemKeyring::from_env();
    resolve_with(paths, server, None, keyring.as_ref())
        .ok()?
        .found
        .map(|f| f.token)
}

/// `resolve_with` off the async task, with the system keyring.
pub async fn resolve_async(paths: Paths, server: String) -> Resolution {
    tokio::task::spawn_blocking(move || {
        let keyring = SystemKeyring::from_env();
        resolve_with(&paths, &server, None, keyring.as_ref()).unwrap_or_default()
    })
    .await
    .unwrap_or_default()
}

/// Where a token may be kept when the user asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StoreKind {
    /// mastui's own entry in the system keyring.
    Keyring,
    /// A plain-text file, mode 0600, in the config directory.
    File,
    /// Nowhere: check the token only (use `$MAST_API_TOKEN` to pass it).
    None,
}

/// Keeps `token` where asked; returns where, for the message. Blocking.
pub fn store(
    kind: StoreKind,
    token: &Token,
    paths: &Paths,
    server: &str,
    keyring: &dyn SecretStore,
) -> Result<String, StoreError> {
    let host = host_of(server);
    match kind {
        StoreKind::Keyring => keyring
            .set(
                &sources::mastui_service(&host),
                sources::KEYRING_USER,
                token.expose(),
            )
            .map(|()| "the system keyring".to_string()),
        StoreKind::File => {
            let path = file_store::token_path(&paths.config_dir, &host);
            file_store::write(&path, token).map_err(StoreError::Failed)?;
            Ok(path.display().to_string())
        }
        StoreKind::None => Ok("nowhere (this session only)".to_string()),
    }
}

/// Removes mastui's own stored tokens for `server` (never astroquery's). Returns one line per
/// thing done or not possible. Blocking.
pub fn forget(paths: &Paths, server: &str, keyring: &dyn SecretStore) -> Vec<String> {
    let host = host_of(server);
    let mut out = Vec::new();
    match keyring.delete(&sources::mastui_service(&host), sources::KEYRING_USER) {
        Ok(true) => out.push("removed the token from the system keyring".to_string()),
        Ok(false) => {}
        Err(StoreError::Unavailable(_)) => {}
        Err(e) => out.push(e.to_string()),
    }
    let path = file_store::token_path(&paths.config_dir, &host);
    if let Ok(Some((token, _))) = file_store::read(&path) {
        let age = age::age_path(&paths.config_dir);
        let mut book = age::AgeBook::load(&age);
        book.forget(&token);
        let _ = book.save(&age);
    }
    match file_store::remove(&path) {
        Ok(true) => out.push(format!("removed {}", path.display())),
        Ok(false) => {}
        Err(e) => out.push(e),
    }
    out
}
