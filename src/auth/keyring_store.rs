//! The system keyring (Secret Service over D-Bus in pure Rust on Linux and the BSDs, the
//! keychain on macOS, the credential store on Windows), behind a small trait so that
//! the source order and the no-keyring path can be tested without a keyring service. Every
//! call runs on its own thread with a timeout: a locked or absent keyring never blocks the
//! caller for long, and async callers wrap these calls in `spawn_blocking`.
use std::sync::mpsc;
use std::time::Duration;

/// How long one keyring call may take before we give up on it (a locked keyring may be
/// waiting for a password prompt nobody will see over SSH).
pub const KEYRING_TIMEOUT: Duration = Duration::from_secs(5);

/// Set to `1` to never touch the system keyring (scripts, tests, shared accounts).
pub const NO_KEYRING_ENV: &str = "MASTUI_NO_KEYRING";

/// True where the build has a backend that keeps secrets past the process (see the
/// features in Cargo.toml); elsewhere keyring's fallback forgets them at exit. The list is
/// keyring 3.6's own: Secret Service only on Linux, FreeBSD and OpenBSD; NetBSD, DragonFly
/// and every other system get its in-memory `mock` store, so they are refused here.
pub const PERSISTS: bool = cfg!(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows"
));

/// Why a store could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// No keyring service here (a headless server, SSH without a desktop session, CI).
    Unavailable(String),
    /// The service exists but refused or failed.
    Failed(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Unavailable(why) => write!(f, "no system keyring here ({why})"),
            StoreError::Failed(why) => write!(f, "the system keyring failed: {why}"),
        }
    }
}

/// A place holding secrets by (service, user), as keyrings do.
pub trait SecretStore: Send + Sync {
    fn get(&self, service: &str, user: &str) -> Result<Option<String>, StoreError>;
    fn set(&self, service: &str, user: &str, secret: &str) -> Result<(), StoreError>;
    /// True when there was an entry to remove.
    fn delete(&self, service: &str, user: &str) -> Result<bool, StoreError>;
}

/// The real system keyring.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemKeyring;

impl SystemKeyring {
    /// The system keyring, or a store that is never available when `MASTUI_NO_KEYRING` is set.
    pub fn from_env() -> Box<dyn SecretStore> {
        let off =
            std::env::var(NO_KEYRING_ENV).is_ok_and(|v| !v.trim().is_empty() && v.trim() != "0");
        if off {
            Box::new(NoKeyring(format!("{NO_KEYRING_ENV} is set")))
        } else if !PERSISTS {
            // keyring would fall back to a store in memory and claim success: refuse.
            Box::new(NoKeyring(format!(
                "mastui has no keyring backend for {}; use --store file (a 0600 file) or \
                 MAST_API_TOKEN",
                std::env::consts::OS
            )))
        } else {
            Box::new(SystemKeyring)
        }
    }
}

impl SecretStore for SystemKeyring {
    fn get(&self, service: &str, user: &str) -> Result<Option<String>, StoreError> {
        let (s, u) = (service.to_string(), user.to_string());
        with_timeout(move || match keyring::Entry::new(&s, &u)?.get_password() {
            Ok(p) => Ok(Some(p)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e),
        })
    }

    fn set(&self, service: &str, user: &str, secret: &str) -> Result<(), StoreError> {
        let (s, u) = (service.to_string(), user.to_string());
        let secret = zeroize::Zeroizing::new(secret.to_string());
        with_timeout(move || keyring::Entry::new(&s, &u)?.set_password(&secret))
    }

    fn delete(&self, service: &str, user: &str) -> Result<bool, StoreError> {
        let (s, u) = (service.to_string(), user.to_string());
        with_timeout(
            move || match keyring::Entry::new(&s, &u)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring::Error::NoEntry) => Ok(false),
                Err(e) => Err(e),
            },
        )
    }
}

/// A keyring that is not there, with the reason.
#[derive(Debug, Clone)]
pub struct NoKeyring(pub String);

impl SecretStore for NoKeyring {
    fn get(&self, _: &str, _: &str) -> Result<Option<String>, StoreError> {
        Err(StoreError::Unavailable(self.0.clone()))
    }
    fn set(&self, _: &str, _: &str, _: &str) -> Result<(), StoreError> {
        Err(StoreError::Unavailable(self.0.clone()))
    }
    fn delete(&self, _: &str, _: &str) -> Result<bool, StoreError> {
        Err(StoreError::Unavailable(self.0.clone()))
    }
}

/// Runs one keyring call on its own thread; a call that hangs is abandoned after
/// `KEYRING_TIMEOUT` (the thread ends whenever the keyring answers).
fn with_timeout<T: Send + 'static>(
    call: impl FnOnce() -> Result<T, keyring::Error> + Send + 'static,
) -> Result<T, StoreError> {
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("mastui-keyring".into())
        .spawn(move || {
            let _ = tx.send(call());
        });
    if let Err(e) = spawned {
        return Err(StoreError::Failed(format!("cannot start a thread: {e}")));
    }
    match rx.recv_timeout(KEYRING_TIMEOUT) {
        Ok(r) => r.map_err(classify),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(StoreError::Unavailable(format!(
            "no answer within {} s; is the keyring locked?",
            KEYRING_TIMEOUT.as_secs()
        ))),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(StoreError::Failed("the keyring call failed".into()))
        }
    }
}

/// Keyring errors carry no secrets, but they can be long: keep the first line.
fn classify(e: keyring::Error) -> StoreError {
    let text = e.to_string();
    let line = text
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(160)
        .collect();
    match e {
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            StoreError::Unavailable(line)
        }
        _ => StoreError::Failed(line),
    }
}
