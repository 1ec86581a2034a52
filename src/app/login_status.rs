//! The session's login: who it is (for the status bar and the prompt), what it may fetch,
//! and the start-up lookup of a stored token. The `L` prompt is `overlays::login`.
use crate::app::auth_check::AuthCheck;
use crate::auth::{Identity, Source, Token};

use super::access::Access;
use super::cmd::Cmd;
use super::ctx::Ctx;
use super::req::ReqId;

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

    pub fn access(&self) -> Access {
        match self {
            LoginStatus::Anonymous | LoginStatus::Rejected { .. } => {
                Access::Lacks { logged_in: false }
            }
            LoginStatus::LoggedIn {
                exclusive_access: false,
                ..
            } => Access::Lacks { logged_in: true },
            LoginStatus::LoggedIn { .. } => Access::Exclusive,
            LoginStatus::Checking | LoginStatus::Unverified { .. } => Access::Unknown,
        }
    }

    /// Logged in as `id` with `token`.
    pub fn logged_in(
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
}

impl Auth {
    /// The start-up lookup: which token, and is it still good. The demo archive skips it: a
    /// person's real token means nothing to the simulator and would only be reported invalid.
    pub fn start(&mut self, fresh: ReqId) -> Option<Cmd> {
        if self.demo_token.is_some() {
            self.status = LoginStatus::Anonymous;
            return None;
        }
        self.req = Some(fresh);
        self.status = LoginStatus::Checking;
        Some(Cmd::ResolveAuth { req: fresh })
    }

    /// The worker's answer to the start-up lookup; None when `req` is not it.
    pub fn on_start_up(&mut self, req: ReqId, check: &AuthCheck, cx: &mut Ctx) -> bool {
        if check.keyring_unavailable.is_some() {
            self.keyring_unavailable = check.keyring_unavailable.clone();
        }
        if self.req != Some(req) {
            return false;
        }
        self.req = None;
        if let Some(note) = check.notes.first() {
            cx.error(note.clone());
        }
        let (Some(token), Some(source)) = (check.token.clone(), check.source) else {
            self.status = LoginStatus::Anonymous;
            return true;
        };
        let hint = token.hint();
        match (&check.identity, &check.error) {
            (Some(id), _) if id.valid => {
                if let Some(w) = &check.expiring {
                    cx.error(w.clone());
                }
                self.status = LoginStatus::logged_in(id, &token, source, check.expiring.clone());
                cx.run(Cmd::UseToken(Some(token)));
            }
            (Some(_), _) => {
                cx.error(format!(
                    "token {hint} from {}: invalid or expired; L to log in again",
                    source.describe()
                ));
                self.status = LoginStatus::Rejected { hint, source };
            }
            // MAST could not be asked: use the token anyway; downloads will tell.
            _ => {
                self.status = LoginStatus::Unverified { hint, source };
                cx.run(Cmd::UseToken(Some(token)));
            }
        }
        true
    }
}
