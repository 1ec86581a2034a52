//! The login prompt and the status bar's login state: transitions of the pure state machine
//! and snapshots at 80x24 and 120x40. The typed token must never reach the screen or `Debug`.
use mastui::app::auth_check::AuthCheck;
use mastui::app::login_status::LoginStatus;
use mastui::app::overlays::login::LoginPrompt;
use mastui::app::overlays::stack::Overlay;
use mastui::app::{Cmd, Key, KeyCode, Msg, ReqId, State, update};
use mastui::auth::{Identity, Source, StoreKind, Token};
use mastui::mast::MastError;
use mastui::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const TOKEN: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn identity(valid: bool) -> Identity {
    Identity {
        valid,
        display_name: if valid {
            "A. User".into()
        } else {
            String::new()
        },
        ezid: if valid {
            "alice".into()
        } else {
            "anonymous".into()
        },
        scopes: if valid {
            vec!["mast:user:info".into(), "mast:exclusive_access".into()]
        } else {
            Vec::new()
        },
    }
}

fn check(token: Option<&str>, source: Option<Source>, id: Option<Identity>) -> AuthCheck {
    AuthCheck {
        token: token.map(|t| Token::new(t).unwrap()),
        source,
        identity: id,
        error: None,
        notes: Vec::new(),
        keyring_unavailable: None,
        expiring: None,
    }
}

/// A started state and the id of its start-up auth lookup.
fn started(w: u16, h: u16) -> (State, ReqId) {
    let mut s = State::new("http://127.0.0.1:40123", w, h);
    let cmds = s.start(None);
    s.search.missions_req = None;
    let req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::ResolveAuth { req } => Some(*req),
            _ => None,
        })
        .expect("the start looks for a token");
    (s, req)
}

fn key(s: &mut State, k: Key) -> Vec<Cmd> {
    update(s, Msg::Key(k))
}

/// Leaves the search field (where L is just a letter), then L.
fn login(s: &mut State) {
    key(s, Key::new(KeyCode::Esc));
    key(s, Key::ch('L'));
    assert!(matches!(s.overlay(), Some(Overlay::Login(_))));
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        key(s, Key::ch(c));
    }
}

fn enter(s: &mut State) -> Vec<Cmd> {
    key(s, Key::new(KeyCode::Enter))
}

fn check_req(cmds: &[Cmd]) -> ReqId {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::CheckToken { req, token } => {
                assert_eq!(token.expose(), TOKEN);
                Some(*req)
            }
            _ => None,
        })
        .expect("a token check")
}

#[test]
fn a_stored_valid_token_logs_the_session_in() {
    let (mut s, req) = started(80, 24);
    assert_eq!(s.auth.status, LoginStatus::Checking);
    let cmds = update(
        &mut s,
        Msg::Auth {
            req,
            check: check(Some(TOKEN), Some(Source::Keyring), Some(identity(true))),
        },
    );
    assert!(matches!(&cmds[..], [Cmd::UseToken(Some(t))] if t.expose() == TOKEN));
    assert_eq!(s.auth.status.label(), "alice");
    assert!(!format!("{s:?}{cmds:?}").contains(TOKEN));
}

#[test]
fn a_stored_rejected_token_is_not_used_and_said() {
    let (mut s, req) = started(80, 24);
    let cmds = update(
        &mut s,
        Msg::Auth {
            req,
            check: check(Some(TOKEN), Some(Source::File), Some(identity(false))),
        },
    );
    assert!(cmds.is_empty());
    assert!(matches!(s.auth.status, LoginStatus::Rejected { .. }));
    let m = s.message.as_ref().unwrap().text.clone();
    assert!(
        m.contains("invalid or expired") && m.contains("****b1a0"),
        "{m}"
    );
    assert!(!m.contains(TOKEN));
}

#[test]
fn no_token_is_anonymous_and_a_network_failure_still_uses_the_token() {
    let (mut s, req) = started(80, 24);
    update(
        &mut s,
        Msg::Auth {
            req,
            check: check(None, None, None),
        },
    );
    assert_eq!(s.auth.status, LoginStatus::Anonymous);
    let (mut s, req) = started(80, 24);
    let mut c = check(Some(TOKEN), Some(Source::Environment), None);
    c.error = Some(MastError::Cancelled);
    let cmds = update(&mut s, Msg::Auth { req, check: c });
    assert!(matches!(&cmds[..], [Cmd::UseToken(Some(_))]));
    assert!(matches!(s.auth.status, LoginStatus::Unverified { .. }));
}

#[test]
fn the_prompt_takes_every_key_checks_and_keeps() {
    let (mut s, req) = started(80, 24);
    update(
        &mut s,
        Msg::Auth {
            req,
            check: check(None, None, None),
        },
    );
    login(&mut s);
    assert!(matches!(s.overlay(), Some(Overlay::Login(_))));
    // Letters that are keys elsewhere (q quits, ? helps) are just token text here.
    type_text(&mut s, "q?jk");
    assert!(!s.quit);
    for _ in 0..4 {
        key(&mut s, Key::new(KeyCode::Backspace));
    }
    type_text(&mut s, TOKEN);
    assert!(
        !format!("{s:?}").contains(TOKEN),
        "Debug shows the typed token"
    );
    let cmds = enter(&mut s);
    let first = check_req(&cmds);
    // Invalid: said, with where to make one; the field is emptied.
    update(
        &mut s,
        Msg::Auth {
            req: first,
            check: check(Some(TOKEN), Some(Source::Prompt), Some(identity(false))),
        },
    );
    match s.overlay() {
        Some(Overlay::Login(LoginPrompt::Typing { secret, error, .. })) => {
            assert!(secret.is_empty());
            let e = error.as_deref().unwrap();
            assert!(e.contains("invalid or expired") && e.contains("Ctrl-O"));
        }
        other => panic!("{other:?}"),
    }
    // Ctrl-O opens (or copies) the page where tokens are made.
    let cmds = key(&mut s, Key::ctrl('o'));
    assert!(
        matches!(&cmds[..], [Cmd::OpenUrl { url }] if url.starts_with("https://auth.mast.stsci.edu/token"))
    );
    // Pasted this time; a stale answer to the first check changes nothing.
    update(&mut s, Msg::Paste(format!(" {TOKEN}\n")));
    let second = check_req(&enter(&mut s));
    assert_ne!(first, second);
    update(
        &mut s,
        Msg::Auth {
            req: first,
            check: check(Some(TOKEN), Some(Source::Prompt), Some(identity(true))),
        },
    );
    assert!(matches!(
        s.overlay(),
        Some(Overlay::Login(LoginPrompt::Typing {
            checking: Some(_),
            ..
        }))
    ));
    let cmds = update(
        &mut s,
        Msg::Auth {
            req: second,
            check: check(Some(TOKEN), Some(Source::Prompt), Some(identity(true))),
        },
    );
    assert!(matches!(&cmds[..], [Cmd::UseToken(Some(_))]));
    assert!(matches!(
        s.overlay(),
        Some(Overlay::Login(LoginPrompt::Keep { .. }))
    ));
    assert_eq!(s.auth.status.label(), "alice");
    let cmds = key(&mut s, Key::ch('f'));
    assert!(matches!(
        &cmds[..],
        [Cmd::StoreToken {
            kind: StoreKind::File,
            ..
        }]
    ));
    assert!(s.overlay().is_none());
    update(
        &mut s,
        Msg::TokenStored {
            result: Ok("/cfg/token.x".into()),
        },
    );
    assert!(s.message.as_ref().unwrap().text.contains("/cfg/token.x"));
}

#[test]
fn esc_cancels_a_check_and_bad_text_is_refused_locally() {
    let (mut s, _) = started(80, 24);
    login(&mut s);
    type_text(&mut s, "two words");
    assert!(enter(&mut s).is_empty());
    match s.overlay() {
        Some(Overlay::Login(LoginPrompt::Typing { error, .. })) => {
            assert!(error.as_deref().unwrap().contains("letters and digits"))
        }
        other => panic!("{other:?}"),
    }
    key(&mut s, Key::ctrl('u'));
    type_text(&mut s, TOKEN);
    let req = check_req(&enter(&mut s));
    let cmds = key(&mut s, Key::new(KeyCode::Esc));
    assert!(matches!(&cmds[..], [Cmd::Cancel(r)] if *r == req));
    assert!(s.overlay().is_none());
    // Ctrl-C still leaves from inside the prompt.
    login(&mut s);
    key(&mut s, Key::ctrl('c'));
    assert!(s.quit);
}

fn screens(w: u16, h: u16) -> Vec<(&'static str, State)> {
    let mut out = Vec::new();
    let answered = |c: AuthCheck| {
        let (mut s, req) = started(w, h);
        update(&mut s, Msg::Auth { req, check: c });
        s
    };
    out.push(("status_anonymous", answered(check(None, None, None))));
    out.push((
        "status_logged_in",
        answered(check(
            Some(TOKEN),
            Some(Source::Keyring),
            Some(identity(true)),
        )),
    ));
    let mut c = check(Some(TOKEN), Some(Source::File), Some(identity(true)));
    c.expiring =
        Some("MAST token expires within 20 h (10 days unused, or 60 days old); renew it".into());
    out.push(("status_expiring", answered(c)));
    out.push((
        "status_rejected",
        answered(check(
            Some(TOKEN),
            Some(Source::File),
            Some(identity(false)),
        )),
    ));

    let mut s = answered(check(None, None, None));
    login(&mut s);
    out.push(("login_empty", s.clone()));
    type_text(&mut s, TOKEN);
    out.push(("login_typed", s.clone()));
    let req = check_req(&enter(&mut s));
    out.push(("login_checking", s.clone()));
    let mut bad = s.clone();
    update(
        &mut bad,
        Msg::Auth {
            req,
            check: check(Some(TOKEN), Some(Source::Prompt), Some(identity(false))),
        },
    );
    out.push(("login_rejected", bad));
    let mut c = check(Some(TOKEN), Some(Source::Prompt), Some(identity(true)));
    c.keyring_unavailable = Some("no secret service provider or dbus session found".into());
    s.auth.keyring_unavailable = c.keyring_unavailable.clone();
    update(&mut s, Msg::Auth { req, check: c });
    out.push(("login_keep_no_keyring", s));
    out
}

#[test]
fn snapshots_never_show_the_token() {
    for (w, h) in SIZES {
        for (name, s) in screens(w, h) {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| view(&s, &Theme::MONO, f)).unwrap();
            let screen: String = t
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect();
            assert!(!screen.contains(TOKEN), "{name} shows the token");
            assert!(
                !screen.contains(&TOKEN[..8]),
                "{name} shows part of the token"
            );
            insta::assert_snapshot!(format!("auth_{name}_{w}x{h}"), t.backend());
        }
    }
}

#[test]
fn the_demo_prompt_tells_its_token_and_the_token_logs_in() {
    use mastui::tui::DEMO_TOKEN;
    let (mut s, req) = started(80, 24);
    s.auth.demo_token = Some(DEMO_TOKEN.to_string());
    update(
        &mut s,
        Msg::Auth {
            req,
            check: check(None, None, None),
        },
    );
    login(&mut s);
    for (w, h) in SIZES {
        let mut s = s.clone();
        update(
            &mut s,
            Msg::Resize {
                width: w,
                height: h,
            },
        );
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| view(&s, &Theme::MONO, f)).unwrap();
        let screen: String = t
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(screen.contains("the token is `demo`"), "{w}x{h}");
        insta::assert_snapshot!(format!("auth_login_demo_{w}x{h}"), t.backend());
    }
    type_text(&mut s, DEMO_TOKEN);
    let cmds = enter(&mut s);
    let req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::CheckToken { req, token } if token.expose() == DEMO_TOKEN => Some(*req),
            _ => None,
        })
        .expect("the demo token is checked like any other");
    update(
        &mut s,
        Msg::Auth {
            req,
            check: check(Some(DEMO_TOKEN), Some(Source::Prompt), Some(identity(true))),
        },
    );
    assert!(matches!(
        s.auth.status,
        LoginStatus::LoggedIn {
            exclusive_access: true,
            ..
        }
    ));
}

#[test]
fn the_demo_archive_does_not_look_up_stored_tokens() {
    let mut s = State::new("http://127.0.0.1:40123", 80, 24);
    s.auth.demo_token = Some("demo".into());
    let cmds = s.start(None);
    assert!(
        !cmds.iter().any(|c| matches!(c, Cmd::ResolveAuth { .. })),
        "{cmds:?}"
    );
    assert_eq!(s.auth.status, LoginStatus::Anonymous);
    let mut real = State::new("http://127.0.0.1:40123", 80, 24);
    let cmds = real.start(None);
    assert!(cmds.iter().any(|c| matches!(c, Cmd::ResolveAuth { .. })));
}
