//! `mastui login`, `mastui whoami`, `mastui logout`: the token checked against `/whoami`,
//! kept only where asked, and never printed (a masked hint at most).
use std::io::{BufRead, IsTerminal, Write};

use tokio_util::sync::CancellationToken;
use zeroize::Zeroizing;

use super::CliError;
use crate::auth::age::{self, AgeStatus, unix_now};
use crate::auth::{self, Identity, StoreKind, SystemKeyring, TOKEN_PAGE, Token};
use crate::config::Paths;
use crate::mast::client::MastClient;
use crate::mast::dates::ymd_from_mjd;

/// `mastui login` options.
#[derive(Debug, Clone, clap::Args)]
pub struct LoginArgs {
    /// Where to keep the token once MAST accepts it: mastui's entry in the system keyring,
    /// a plain-text file (mode 0600) in the config directory, or nowhere.
    #[arg(long, value_enum, default_value_t = StoreKind::Keyring)]
    pub store: StoreKind,
}

/// Reads the token (a hidden prompt on a terminal, else one line of stdin), checks it, keeps it.
pub async fn login(
    client: &MastClient,
    paths: &Paths,
    args: &LoginArgs,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    refuse_clear_text(client)?;
    let text = read_token_text()?;
    let token = Token::new(&text).map_err(|e| CliError::input("token", e.to_string()))?;
    let client = client.clone().with_auth(Some(&token));
    let id = Identity::from_whoami(&client.whoami(cancel).await?);
    let host = auth::host_of(client.base_url());
    if !id.valid {
        return Err(invalid(&host));
    }
    let status = age::record_use(&paths.config_dir, &token, unix_now());
    println!("logged in to {host} as {}", id.name());
    println!("scopes: {}", scopes(&id));
    if !id.has_exclusive_access() {
        eprintln!(
            "mastui: this token lacks the mast:exclusive_access scope: exclusive-access data will \
             still answer 401; make one with that scope at {TOKEN_PAGE}"
        );
    }
    let (kind, paths2, server) = (args.store, paths.clone(), client.base_url().to_string());
    let keep = token.clone();
    let stored = tokio::task::spawn_blocking(move || {
        let keyring = SystemKeyring::from_env();
        auth::store(kind, &keep, &paths2, &server, keyring.as_ref())
    })
    .await
    .map_err(|e| CliError::Setup(format!("storing the token: {e}")))?;
    match stored {
        Ok(place) => {
            println!("token {} kept in {place}", token.hint());
            if kind == StoreKind::File {
                eprintln!("mastui: warning: {}", auth::file_store::FILE_WARNING);
            }
            if kind == StoreKind::None {
                eprintln!(
                    "mastui: to use it, set MAST_API_TOKEN in your environment (mastui reads it \
                     before the keyring)"
                );
            }
        }
        Err(e) => {
            return Err(CliError::Setup(format!(
                "the token is valid but was not stored: {e}. On a machine without a keyring, \
                 use `mastui login --store file` (plain text, mode 0600) or set MAST_API_TOKEN"
            )));
        }
    }
    if let Some(w) = status.warning(unix_now()) {
        eprintln!("mastui: {w}");
    }
    Ok(())
}

/// `mastui whoami`: the token mastui would use, whose it is, and how long it has left.
pub async fn whoami(
    client: &MastClient,
    paths: &Paths,
    cancel: &CancellationToken,
) -> Result<(), CliError> {
    let host = auth::host_of(client.base_url());
    let resolution = auth::resolve_async(paths.clone(), client.base_url().to_string()).await;
    for note in &resolution.notes {
        eprintln!("mastui: {note}");
    }
    let Some(found) = resolution.found else {
        if let Some(why) = &resolution.keyring_unavailable {
            eprintln!("mastui: {}", auth::StoreError::Unavailable(why.clone()));
        }
        return Err(CliError::Setup(format!(
            "not logged in to {host}: no token in $MAST_API_TOKEN, the keyring or the token \
             file; run `mastui login` (tokens are made at {TOKEN_PAGE})"
        )));
    };
    refuse_clear_text(client)?;
    let client = client.clone().with_auth(Some(&found.token));
    let id = Identity::from_whoami(&client.whoami(cancel).await?);
    if !id.valid {
        return Err(invalid(&host));
    }
    let now = unix_now();
    let status = age::record_use(&paths.config_dir, &found.token, now);
    println!("server:  {host}");
    println!("user:    {}", id.name());
    println!("scopes:  {}", scopes(&id));
    println!(
        "token:   {} from {}",
        found.token.hint(),
        found.source.describe()
    );
    println!("age:     {}", describe_age(&status, now));
    if let Some(w) = status.warning(now) {
        eprintln!("mastui: {w}");
    }
    Ok(())
}

/// `mastui logout`: removes mastui's own stored token for this server (never astroquery's).
pub async fn logout(client: &MastClient, paths: &Paths) -> Result<(), CliError> {
    let (paths, server) = (paths.clone(), client.base_url().to_string());
    let host = auth::host_of(&server);
    let done = tokio::task::spawn_blocking(move || {
        let keyring = SystemKeyring::from_env();
        auth::forget(&paths, &server, keyring.as_ref())
    })
    .await
    .map_err(|e| CliError::Setup(format!("removing the token: {e}")))?;
    if done.is_empty() {
        println!("no stored mastui token for {host}");
    }
    for line in done {
        println!("{line}");
    }
    if std::env::var(auth::sources::TOKEN_ENV).is_ok_and(|v| !v.trim().is_empty()) {
        eprintln!("mastui: MAST_API_TOKEN is still set in this environment and will be used");
    }
    Ok(())
}

fn scopes(id: &Identity) -> String {
    if id.scopes.is_empty() {
        "(none)".into()
    } else {
        id.scopes.join(", ")
    }
}

fn invalid(host: &str) -> CliError {
    CliError::Setup(format!(
        "{host} did not accept the token: it is invalid or expired (tokens expire after 10 days \
         unused and 60 days at most); make a new one at {TOKEN_PAGE}"
    ))
}

/// Plain http across a network would carry the token in clear text: refuse before reading it.
fn refuse_clear_text(client: &MastClient) -> Result<(), CliError> {
    if client.token_allowed() {
        return Ok(());
    }
    Err(CliError::input(
        "--server",
        format!(
            "{} is plain http to a host that is not this machine; a token goes only over https \
             (or to a loopback address such as the simulator)",
            client.base_url()
        ),
    ))
}

/// "first seen today; valid until 2026-12-01 at the latest".
pub fn describe_age(status: &AgeStatus, now: u64) -> String {
    let seen = match status.age_days {
        0 => "first seen today".to_string(),
        1 => "first seen 1 day ago".to_string(),
        n => format!("first seen {n} days ago"),
    };
    let _ = now;
    format!(
        "{seen}; valid until {} at the latest (10 days unused or 60 days old)",
        iso_day(status.expires_by)
    )
}

fn iso_day(unix: u64) -> String {
    let (y, m, d) = ymd_from_mjd((unix / age::DAY) as i64 + crate::mast::dates::MJD_UNIX_EPOCH);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The token's text: a hidden prompt when stdin is a terminal, else the first line of stdin.
fn read_token_text() -> Result<Zeroizing<String>, CliError> {
    if std::io::stdin().is_terminal() {
        return read_hidden("MAST token (input hidden): ")
            .map_err(|e| CliError::Setup(format!("reading the token: {e}")));
    }
    let mut line = Zeroizing::new(String::new());
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Setup(format!("reading the token from stdin: {e}")))?;
    Ok(line)
}

/// Reads a line with echo off (raw mode), restoring the terminal on every way out.
fn read_hidden(prompt: &str) -> std::io::Result<Zeroizing<String>> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    struct Raw;
    impl Drop for Raw {
        fn drop(&mut self) {
            let _ = crossterm::terminal::disable_raw_mode();
        }
    }
    // Echo goes off before the prompt shows, so nothing typed after it is ever echoed.
    crossterm::terminal::enable_raw_mode()?;
    let raw = Raw;
    let mut err = std::io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    let mut text = Zeroizing::new(String::new());
    loop {
        match read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break,
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    drop(raw);
                    writeln!(err)?;
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::Interrupted,
                        "cancelled",
                    ));
                }
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Char(c) => text.push(c),
                _ => {}
            },
            Event::Paste(s) => text.push_str(&s),
            _ => {}
        }
    }
    drop(raw);
    writeln!(err)?;
    Ok(text)
}

/// `client` with the token from the sources (`$MAST_API_TOKEN`, the keyring, the token file),
/// if any: headless commands start this way so that exclusive-access data works. Problems
/// with a source go to stderr; none is fatal (the command runs anonymously).
pub async fn with_stored_token(client: MastClient) -> MastClient {
    client_and_token(client).await.0
}

/// As `with_stored_token`, also giving the token found (for `mastui download` to tell
/// whether the basket may outlive it).
pub async fn client_and_token(client: MastClient) -> (MastClient, Option<Token>) {
    let paths = Paths::from_env();
    let r = auth::resolve_async(paths.clone(), client.base_url().to_string()).await;
    for note in &r.notes {
        eprintln!("mastui: {note}");
    }
    let Some(found) = r.found else {
        return (client, None);
    };
    let status = age::record_use(&paths.config_dir, &found.token, unix_now());
    if let Some(w) = status.warning(unix_now()) {
        eprintln!("mastui: {w}");
    }
    let client = client.with_auth(Some(&found.token));
    (client, Some(found.token))
}
