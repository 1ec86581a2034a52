//! Login state and the `L` prompt. The token is typed into a hidden field (never drawn, only
//! its length), checked by the worker against `/whoami`, then kept where the user chooses.
//! Pure: the worker does the looking up, checking and storing.
use std::fmt;

use zeroize::Zeroizing;

use crate::auth::{Identity, Source, StoreKind, TOKEN_PAGE, Token};
use crate::mast::MastError;

use super::advice::describe;
use super::cmd::Cmd;
use super::key::{Key, KeyCode};
use super::msg::ReqId;
use super::overlay::Overlay;
use super::state::State;

/// Who the session is, as the status bar shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum LoginStatus {
    /// Looking for a stored token at start.
    #[default]
    Checking,
    Anonymous,
    LoggedIn {
        /// `ezid` (short, for the status bar).
        user: String,
        /// Display name and ezid, for the prompt.
        name: String,
        exclusive_access: bool,
        /// The masked token (`****ab12`).
        hint: String,
        source: Source,
        /// Set when the token expires soon (tracked locally).
        expiring: Option<String>,
    },
    /// MAST did not accept the stored token (expired, revoked).
    Rejected {
        hint: String,
        source: Source,
    },
    /// A token is in use but MAST could not be asked about it.
    Unverified {
        hint: String,
        source: Source,
    },
}

/// The session's login, and the start-up check.
#[derive(Debug, Clone, Default)]
pub struct Auth {
    pub status: LoginStatus,
    pub req: Option<ReqId>,
    /// Why there is no keyring here, if there is none (told once, in the prompt).
    pub keyring_unavailable: Option<String>,
    /// `--demo`: the simulated archive's token, told in the prompt so that anyone can try
    /// the login (it opens nothing real).
    pub demo_token: Option<String>,
}

/// What the worker found: the token (masked in Debug), where from, and whose it is.
#[derive(Debug, Clone)]
pub struct AuthCheck {
    pub token: Option<Token>,
    pub source: Option<Source>,
    /// Set when MAST answered; `valid` says if it accepted the token.
    pub identity: Option<Identity>,
    /// Set when MAST could not be asked.
    pub error: Option<MastError>,
    pub notes: Vec<String>,
    pub keyring_unavailable: Option<String>,
    pub expiring: Option<String>,
}

/// Typed secret text: wiped on drop, never in Debug output.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    pub fn len(&self) -> usize {
        self.0.chars().count()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretText({} chars)", self.len())
    }
}

/// The login overlay.
#[derive(Debug, Clone)]
pub enum LoginPrompt {
    Typing {
        secret: SecretText,
        /// Why the last try failed.
        error: Option<String>,
        /// The check in flight.
        checking: Option<ReqId>,
    },
    /// Accepted: where to keep it?
    Keep { token: Token, name: String },
}

impl LoginPrompt {
    pub fn new() -> LoginPrompt {
        LoginPrompt::Typing {
            secret: SecretText::default(),
            error: None,
            checking: None,
        }
    }
}

impl Default for LoginPrompt {
    fn default() -> Self {
        LoginPrompt::new()
    }
}

impl LoginStatus {
    /// The status bar's words.
    pub fn label(&self) -> String {
        match self {
            // Nothing until known (a moment at start).
            LoginStatus::Checking => String::new(),
            LoginStatus::Anonymous => "anonymous".into(),
            LoginStatus::LoggedIn {
                user,
                expiring,
                exclusive_access,
                ..
            } => match (expiring, exclusive_access) {
                (Some(_), _) => format!("{user} (token expiring)"),
                (None, false) => format!("{user} (no exclusive access)"),
                (None, true) => user.clone(),
            },
            LoginStatus::Rejected { .. } => "token expired".into(),
            LoginStatus::Unverified { .. } => "token unchecked".into(),
        }
    }
}

/// `L`: open the prompt.
pub fn open(state: &mut State) -> Vec<Cmd> {
    state.overlay = Some(Overlay::Login(LoginPrompt::new()));
    Vec::new()
}

/// The start-up lookup: which token, and is it still good. The demo archive skips it: a
/// person's real token means nothing to the simulator and would only be reported invalid.
pub fn start(state: &mut State) -> Option<Cmd> {
    if state.auth.demo_token.is_some() {
        state.auth.status = LoginStatus::Anonymous;
        return None;
    }
    let req = state.ids.fresh();
    state.auth.req = Some(req);
    state.auth.status = LoginStatus::Checking;
    Some(Cmd::ResolveAuth { req })
}

/// Keys while the prompt is open (it takes them all but Ctrl-C).
pub fn on_key(state: &mut State, key: &Key) -> Vec<Cmd> {
    let Some(Overlay::Login(prompt)) = state.overlay.as_mut() else {
        return Vec::new();
    };
    if key.mods.ctrl && key.code == KeyCode::Char('c') {
        state.quit = true;
        return Vec::new();
    }
    match prompt {
        LoginPrompt::Typing {
            secret,
            error,
            checking,
        } => match key.code {
            KeyCode::Esc => {
                let cancel = checking.map(Cmd::Cancel);
                state.overlay = None;
                return cancel.into_iter().collect();
            }
            KeyCode::Enter if checking.is_none() => match Token::new(&secret.0) {
                Ok(token) => {
                    let req = state.ids.fresh();
                    *checking = Some(req);
                    *error = None;
                    return vec![Cmd::CheckToken { req, token }];
                }
                Err(e) => *error = Some(e.to_string()),
            },
            KeyCode::Backspace if checking.is_none() => {
                secret.0.pop();
            }
            KeyCode::Char('u') if key.mods.ctrl && checking.is_none() => secret.0.clear(),
            // Where tokens are made: a browser if there is a display, else the link copied.
            KeyCode::Char('o') if key.mods.ctrl => {
                return vec![Cmd::OpenUrl {
                    url: TOKEN_PAGE.to_string(),
                }];
            }
            KeyCode::Char(c) if !key.mods.ctrl && !key.mods.alt && checking.is_none() => {
                secret.0.push(c);
            }
            _ => {}
        },
        LoginPrompt::Keep { token, .. } => {
            let kind = match key.code {
                KeyCode::Char('k') => Some(StoreKind::Keyring),
                KeyCode::Char('f') => Some(StoreKind::File),
                KeyCode::Char('s') | KeyCode::Enter | KeyCode::Esc => None,
                _ => return Vec::new(),
            };
            let token = token.clone();
            state.overlay = None;
            return match kind {
                Some(kind) => vec![Cmd::StoreToken { token, kind }],
                None => {
                    state.info("logged in for this session only");
                    Vec::new()
                }
            };
        }
    }
    Vec::new()
}

/// Pasted text goes into the hidden field (a token is usually pasted).
pub fn on_paste(state: &mut State, text: &str) -> bool {
    if let Some(Overlay::Login(LoginPrompt::Typing {
        secret,
        checking: None,
        ..
    })) = state.overlay.as_mut()
    {
        secret.0.push_str(text.trim());
        return true;
    }
    false
}

/// The worker's answer to `ResolveAuth` or `CheckToken`.
pub fn on_checked(state: &mut State, req: ReqId, check: AuthCheck) -> Vec<Cmd> {
    if check.keyring_unavailable.is_some() {
        state.auth.keyring_unavailable = check.keyring_unavailable.clone();
    }
    if state.auth.req == Some(req) {
        state.auth.req = None;
        return on_start_up(state, check);
    }
    let Some(Overlay::Login(LoginPrompt::Typing {
        secret,
        error,
        checking,
    })) = state.overlay.as_mut()
    else {
        return Vec::new();
    };
    if *checking != Some(req) {
        return Vec::new();
    }
    *checking = None;
    let Some(token) = check.token else {
        return Vec::new();
    };
    match (&check.identity, &check.error) {
        (Some(id), _) if id.valid => {
            let name = id.name();
            state.auth.status = logged_in(id, &token, Source::Prompt, check.expiring);
            state.overlay = Some(Overlay::Login(LoginPrompt::Keep {
                token: token.clone(),
                name,
            }));
            vec![Cmd::UseToken(Some(token))]
        }
        (Some(_), _) => {
            *secret = SecretText::default();
            *error = Some(
                "MAST did not accept this token: invalid or expired (tokens expire after 10 \
                 days unused, 60 days at most). Ctrl-O to make a new one."
                    .to_string(),
            );
            Vec::new()
        }
        (None, Some(e)) => {
            *error = Some(describe("login check", e));
            Vec::new()
        }
        (None, None) => Vec::new(),
    }
}

fn on_start_up(state: &mut State, check: AuthCheck) -> Vec<Cmd> {
    if let Some(note) = check.notes.first() {
        state.error(note.clone());
    }
    let (Some(token), Some(source)) = (check.token, check.source) else {
        state.auth.status = LoginStatus::Anonymous;
        return Vec::new();
    };
    let hint = token.hint();
    match (&check.identity, &check.error) {
        (Some(id), _) if id.valid => {
            if let Some(w) = &check.expiring {
                state.error(w.clone());
            }
            state.auth.status = logged_in(id, &token, source, check.expiring);
            vec![Cmd::UseToken(Some(token))]
        }
        (Some(_), _) => {
            state.error(format!(
                "token {hint} from {}: invalid or expired; L to log in again",
                source.describe()
            ));
            state.auth.status = LoginStatus::Rejected { hint, source };
            Vec::new()
        }
        // MAST could not be asked: use the token anyway; downloads will tell.
        _ => {
            state.auth.status = LoginStatus::Unverified { hint, source };
            vec![Cmd::UseToken(Some(token))]
        }
    }
}

fn logged_in(
    id: &Identity,
    token: &Token,
    source: Source,
    expiring: Option<String>,
) -> LoginStatus {
    LoginStatus::LoggedIn {
        user: if id.ezid.is_empty() {
            id.display_name.clone()
        } else {
            id.ezid.clone()
        },
        name: id.name(),
        exclusive_access: id.has_exclusive_access(),
        hint: token.hint(),
        source,
        expiring,
    }
}

/// The worker's answer to `StoreToken`.
pub fn on_stored(state: &mut State, result: Result<String, String>) -> Vec<Cmd> {
    match result {
        Ok(place) => state.info(format!("token kept in {place}")),
        Err(e) => state.error(format!(
            "{e}; the token is kept for this session only (L, then f, keeps it in a 0600 file)"
        )),
    }
    Vec::new()
}
