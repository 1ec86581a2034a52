//! The basket's settings overlay (`o`): opened with the settings in force, edited (a
//! directory typed, the layout flipped, parallelism stepped within its bounds), applied as
//! one request to the basket, or cancelled with nothing sent; snapshot at 80x24.
use mastui::app::overlays::stack::Overlay;
use mastui::app::{Cmd, Key, KeyCode, Msg, Pane, State, update};
use mastui::mast::basket_messages::{BasketEvent, BasketRequest, DownloadSettings};
use mastui::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn press(s: &mut State, code: KeyCode) -> Vec<Cmd> {
    update(s, Msg::Key(Key::new(code)))
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// The basket pane shown, with the worker's settings in.
fn basket() -> State {
    let mut s = State::new("http://127.0.0.1:40123", 80, 24);
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('4'));
    assert_eq!(s.pane, Pane::Basket);
    update(
        &mut s,
        Msg::Basket(BasketEvent::Settings(DownloadSettings {
            dir: "/data/mast".into(),
            flat: false,
            parallel: 4,
        })),
    );
    s
}

#[test]
fn the_overlay_edits_and_applies_the_settings() {
    let mut s = basket();
    press(&mut s, KeyCode::Char('o'));
    assert!(matches!(s.overlay(), Some(Overlay::DownloadSettings(_))));
    // In the directory field letters are text, not keys (o, q, 4 do nothing else).
    for _ in 0.."mast".len() {
        press(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "jwst-q4o");
    assert!(!s.quit);
    press(&mut s, KeyCode::Tab);
    press(&mut s, KeyCode::Char(' '));
    press(&mut s, KeyCode::Down);
    for _ in 0..20 {
        press(&mut s, KeyCode::Right);
    }
    let Some(Overlay::DownloadSettings(f)) = s.overlay() else {
        panic!("the form is open");
    };
    assert_eq!(f.parallel, 16, "capped");
    for _ in 0..10 {
        press(&mut s, KeyCode::Left);
    }
    let cmds = press(&mut s, KeyCode::Enter);
    assert!(s.overlay().is_none());
    let want = DownloadSettings {
        dir: "/data/jwst-q4o".into(),
        flat: true,
        parallel: 6,
    };
    assert!(
        matches!(cmds.as_slice(), [Cmd::Basket(BasketRequest::Configure(got))] if *got == want),
        "{cmds:?}"
    );
    let m = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(m.contains("/data/jwst-q4o (flat), 6 at once"), "{m}");
}

#[test]
fn esc_cancels_and_an_empty_directory_is_refused() {
    let mut s = basket();
    press(&mut s, KeyCode::Char('o'));
    typed(&mut s, "/x");
    assert!(press(&mut s, KeyCode::Esc).is_empty());
    assert!(s.overlay().is_none());

    press(&mut s, KeyCode::Char('o'));
    for _ in 0..20 {
        press(&mut s, KeyCode::Backspace);
    }
    assert!(press(&mut s, KeyCode::Enter).is_empty());
    let Some(Overlay::DownloadSettings(f)) = s.overlay() else {
        panic!("still open");
    };
    assert!(
        f.error
            .as_deref()
            .unwrap_or("")
            .contains("write a directory")
    );
}

#[test]
fn before_the_basket_answers_the_key_says_so() {
    let mut s = State::new("http://127.0.0.1:40123", 80, 24);
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('4'));
    press(&mut s, KeyCode::Char('o'));
    assert!(s.overlay().is_none());
    let m = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(m.contains("still starting"), "{m}");
}

#[test]
fn snapshot() {
    let mut s = basket();
    press(&mut s, KeyCode::Char('o'));
    press(&mut s, KeyCode::Tab);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view(&s, &Theme::MONO, f)).unwrap();
    insta::assert_snapshot!("download_settings_80x24", t.backend());
}
