//! `L`: the login prompt. The token is typed into a hidden field (never drawn, only its
//! length), checked by the worker against `/whoami`, then kept where the user chooses. Every
//! key but the typed characters comes from the keymap (`Login`, `LoginKeep`).
use std::fmt;

use zeroize::Zeroizing;

use crate::app::advice::describe;
use crate::app::auth_check::AuthCheck;
use crate::app::cmd::Cmd;
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::key::{Key, KeyCode};
use crate::app::keymap::{Action, Context};
use crate::app::login_status::{Auth, LoginStatus};
use crate::app::req::ReqId;
use crate::auth::{Source, StoreKind, TOKEN_PAGE, Token};

#[derive(Clone)]
pub enum LoginPrompt {
    Typing {
        /// What was typed: wiped on drop, never shown (not even in Debug).
        secret: Zeroizing<String>,
        /// Why the last try failed.
        error: Option<String>,
        /// The check in flight.
        checking: Option<ReqId>,
    },
    /// Accepted: where to keep it?
    Keep { token: Token, name: String },
}

impl fmt::Debug for LoginPrompt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginPrompt::Typing {
                secret,
                error,
                checking,
            } => f
                .debug_struct("Typing")
                .field("typed", &format_args!("{} chars", secret.chars().count()))
                .field("error", error)
                .field("checking", checking)
                .finish(),
            LoginPrompt::Keep { token, name } => f
                .debug_struct("Keep")
                .field("token", token)
                .field("name", name)
                .finish(),
        }
    }
}

impl Default for LoginPrompt {
    fn default() -> Self {
        LoginPrompt::Typing {
            secret: Zeroizing::new(String::new()),
            error: None,
            checking: None,
        }
    }
}

impl LoginPrompt {
    /// Characters typed so far (what the prompt shows instead of them).
    pub fn typed(&self) -> usize {
        match self {
            LoginPrompt::Typing { secret, .. } => secret.chars().count(),
            LoginPrompt::Keep { .. } => 0,
        }
    }

    /// The worker's answer to the typed token's check; false when it is not this prompt's.
    pub fn on_checked(
        &mut self,
        req: ReqId,
        check: AuthCheck,
        auth: &mut Auth,
        cx: &mut Ctx,
    ) -> bool {
        let LoginPrompt::Typing {
            secret,
            error,
            checking,
        } = self
        else {
            return false;
        };
        if *checking != Some(req) {
            return false;
        }
        *checking = None;
        let Some(token) = check.token else {
            return true;
        };
        match (&check.identity, &check.error) {
            (Some(id), _) if id.valid => {
                let name = id.name();
                auth.status = LoginStatus::logged_in(id, &token, Source::Prompt, check.expiring);
                *self = LoginPrompt::Keep {
                    token: token.clone(),
                    name,
                };
                cx.run(Cmd::UseToken(Some(token)));
            }
            (Some(_), _) => {
                secret.clear();
                *error = Some(
                    "MAST did not accept this token: invalid or expired (tokens expire after 10 \
                     days unused, 60 days at most). Ctrl-O to make a new one."
                        .to_string(),
                );
            }
            (None, Some(e)) => *error = Some(describe("login check", e)),
            (None, None) => {}
        }
        true
    }
}

impl Component for LoginPrompt {
    fn contexts(&self) -> Vec<Context> {
        match self {
            LoginPrompt::Typing { .. } => vec![Context::Login],
            LoginPrompt::Keep { .. } => vec![Context::LoginKeep],
        }
    }

    /// A token may hold any letter: every key that is not bound is typed.
    fn typing(&self) -> bool {
        matches!(self, LoginPrompt::Typing { .. })
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match self {
            LoginPrompt::Typing {
                secret,
                error,
                checking,
            } => match action {
                Action::Accept if checking.is_none() => match Token::new(secret.as_str()) {
                    Ok(token) => {
                        let req = cx.fresh();
                        *checking = Some(req);
                        *error = None;
                        cx.run(Cmd::CheckToken { req, token });
                    }
                    Err(e) => *error = Some(e.to_string()),
                },
                Action::Accept => {}
                Action::Back => {
                    if let Some(req) = checking {
                        cx.run(Cmd::Cancel(*req));
                    }
                    cx.close();
                }
                Action::ClearField if checking.is_none() => secret.clear(),
                Action::ClearField => {}
                // Where tokens are made: a browser if there is a display, else the link copied.
                Action::MakeToken => cx.run(Cmd::OpenUrl {
                    url: TOKEN_PAGE.to_string(),
                }),
                _ => return false,
            },
            LoginPrompt::Keep { token, .. } => {
                let kind = match action {
                    Action::KeepKeyring => Some(StoreKind::Keyring),
                    Action::KeepFile => Some(StoreKind::File),
                    Action::KeepSession => None,
                    _ => return false,
                };
                match kind {
                    Some(kind) => cx.run(Cmd::StoreToken {
                        token: token.clone(),
                        kind,
                    }),
                    None => cx.info("logged in for this session only"),
                }
                cx.close();
            }
        }
        true
    }

    fn on_key(&mut self, key: &Key, _cx: &mut Ctx) {
        if let LoginPrompt::Typing {
            secret,
            checking: None,
            ..
        } = self
        {
            match key.code {
                KeyCode::Backspace => {
                    secret.pop();
                }
                KeyCode::Char(c) if !key.mods.ctrl && !key.mods.alt => secret.push(c),
                _ => {}
            }
        }
    }

    /// Pasted text goes into the hidden field (a token is usually pasted).
    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) {
        if let LoginPrompt::Typing {
            secret,
            checking: None,
            ..
        } = self
        {
            secret.push_str(text.trim());
        }
    }
}
