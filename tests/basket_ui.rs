//! The basket pane: transitions of the pure state machine (open once, controls, asking
//! before quitting while downloads run) and snapshots at 80x24 and 120x40.
use std::path::PathBuf;

use mastui::app::auth_check::AuthCheck;
use mastui::app::login_status::LoginStatus;
use mastui::app::overlays::stack::Overlay;
use mastui::app::{Cmd, Key, KeyCode, Msg, Pane, State, update};
use mastui::auth::Source;
use mastui::mast::basket_item::{BasketItem, ItemStatus};
use mastui::mast::basket_messages::{BasketEvent, BasketRequest};
use mastui::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn item(id: u64, name: &str, status: ItemStatus, size: u64) -> BasketItem {
    BasketItem {
        id,
        data_uri: format!("mast:JWST/product/{name}"),
        product_filename: name.into(),
        obs_collection: "JWST".into(),
        obs_id: "jw01073001001_02101_00001_nrca1".into(),
        size: Some(size),
        protected: false,
        dest: PathBuf::from(format!("mastDownload/JWST/o/{name}")),
        status,
        message: String::new(),
        bytes: if status.is_done() { size } else { 0 },
        sha256: None,
        archive: None,
    }
}

fn key(s: &mut State, c: char) -> Vec<Cmd> {
    update(s, Msg::Key(Key::new(KeyCode::Char(c))))
}

/// A fresh state with the basket pane shown (the search form starts in a field).
fn at_basket(w: u16, h: u16) -> (State, Vec<Cmd>) {
    let mut s = State::new("http://127.0.0.1:40123", w, h);
    update(&mut s, Msg::Key(Key::new(KeyCode::Esc)));
    let cmds = key(&mut s, '4');
    assert_eq!(s.pane, Pane::Basket);
    (s, cmds)
}

/// A basket mid-run: two active (one half done), queued, done, skipped, failed, needs login.
fn busy(w: u16, h: u16) -> State {
    let (mut s, cmds) = at_basket(w, h);
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Basket(BasketRequest::Open {
            only_if_journalled: false
        })]
    ));
    update(
        &mut s,
        Msg::Basket(BasketEvent::Info {
            dir: "/home/alice/data".into(),
            free: Some(120_000_000_000),
        }),
    );
    let mut failed = item(
        6,
        "jw01073001001_02101_00002_nrcb1_cal.fits",
        ItemStatus::Failed,
        4_000_000,
    );
    failed.message = "HTTP 404 from MAST: File not found".into();
    let mut login = item(
        7,
        "jw01073001001_02101_00003_nrca3_cal.fits",
        ItemStatus::NeedsLogin,
        4_000_000,
    );
    login.message = "HTTP 401 from MAST: log in with a token that has exclusive access".into();
    for it in [
        item(
            1,
            "jw01073001001_02101_00001_nrca1_cal.fits",
            ItemStatus::Active,
            4_000_000,
        ),
        item(
            2,
            "jw01073001001_02101_00001_nrca2_cal.fits",
            ItemStatus::Active,
            8_000_000,
        ),
        item(
            3,
            "jw01073-o001_t001_nircam_clear-f277w_i2d.fits",
            ItemStatus::Queued,
            120_000_000,
        ),
        item(
            4,
            "jw01073001001_02101_00001_nrca3_rate.fits",
            ItemStatus::Complete,
            4_000_000,
        ),
        item(
            5,
            "jw01073001001_02101_00001_nrca4_rate.fits",
            ItemStatus::Skipped,
            4_000_000,
        ),
        failed,
        login,
        item(
            8,
            "evil\u{1b}[2J\u{1b}]0;pwned\u{7}_cal.fits",
            ItemStatus::Queued,
            2_880,
        ),
    ] {
        update(&mut s, Msg::Basket(BasketEvent::Item(it)));
    }
    // Each file first reports where it starts (0 here), then what arrived.
    for id in [1, 2] {
        update(
            &mut s,
            Msg::Basket(BasketEvent::Progress {
                id,
                bytes: 0,
                total: None,
            }),
        );
    }
    update(&mut s, Msg::Tick { now_ms: 1_000 });
    update(
        &mut s,
        Msg::Basket(BasketEvent::Progress {
            id: 1,
            bytes: 2_000_000,
            total: Some(4_000_000),
        }),
    );
    update(
        &mut s,
        Msg::Basket(BasketEvent::Progress {
            id: 2,
            bytes: 1_000_000,
            total: Some(8_000_000),
        }),
    );
    update(&mut s, Msg::Tick { now_ms: 3_000 });
    s
}

#[test]
fn keys_become_controls_and_quitting_asks_while_downloads_run() {
    let mut s = busy(80, 24);
    // The journal is asked for once only.
    key(&mut s, '1');
    assert!(key(&mut s, '4').is_empty());
    assert!(matches!(
        key(&mut s, 'p').as_slice(),
        [Cmd::Basket(BasketRequest::Pause(1))]
    ));
    key(&mut s, 'j');
    assert!(matches!(
        key(&mut s, 'x').as_slice(),
        [Cmd::Basket(BasketRequest::Cancel(2))]
    ));
    assert!(matches!(
        key(&mut s, 'r').as_slice(),
        [Cmd::Basket(BasketRequest::Retry(2))]
    ));
    assert!(matches!(
        key(&mut s, 'R').as_slice(),
        [Cmd::Basket(BasketRequest::RetryAllFailed)]
    ));
    assert!(matches!(
        key(&mut s, 'c').as_slice(),
        [Cmd::Basket(BasketRequest::WriteCurl)]
    ));
    assert!(s.basket.rate > 0.0);

    key(&mut s, 'q');
    assert!(!s.quit);
    assert!(matches!(s.overlay(), Some(Overlay::Confirm(_))));
    key(&mut s, 'n');
    assert!(!s.quit && s.overlay().is_none());
    key(&mut s, 'q');
    key(&mut s, 'y');
    assert!(s.quit);

    // Nothing running: q quits at once.
    let (mut s, _) = at_basket(80, 24);
    update(
        &mut s,
        Msg::Basket(BasketEvent::Item(item(
            1,
            "a.fits",
            ItemStatus::Complete,
            10,
        ))),
    );
    key(&mut s, 'q');
    assert!(s.quit);
}

#[test]
fn snapshots() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (mut empty, _) = at_basket(w, h);
        update(
            &mut empty,
            Msg::Basket(BasketEvent::Info {
                dir: "/home/alice/data".into(),
                free: Some(120_000_000_000),
            }),
        );
        for (name, s) in [("empty", empty), ("busy", busy(w, h))] {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| view(&s, &Theme::MONO, f)).unwrap();
            let screen: String = t
                .backend()
                .buffer()
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect();
            assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'));
            insta::assert_snapshot!(format!("basket_{name}_{w}x{h}"), t.backend());
        }
    }
}

fn protected(id: u64, status: ItemStatus) -> BasketItem {
    let mut it = item(
        id,
        &format!("jw01073012001_nrca{id}_cal.fits"),
        status,
        4_000_000,
    );
    it.protected = true;
    it
}

fn screen_text(s: &State, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view(s, &Theme::MONO, f)).unwrap();
    t.backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect()
}

#[test]
fn protected_items_added_without_a_login_say_how_many_need_one() {
    let (mut s, _) = at_basket(120, 40);
    s.auth.status = LoginStatus::Anonymous;
    update(
        &mut s,
        Msg::Basket(BasketEvent::Item(item(
            1,
            "public_cal.fits",
            ItemStatus::Queued,
            10,
        ))),
    );
    assert!(s.message.is_none(), "public items need nothing");
    for id in [2, 3] {
        update(
            &mut s,
            Msg::Basket(BasketEvent::Item(protected(id, ItemStatus::Queued))),
        );
    }
    // A done one needs nothing any more.
    update(
        &mut s,
        Msg::Basket(BasketEvent::Item(protected(4, ItemStatus::Complete))),
    );
    let text = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(text.starts_with("2 items need a login"), "{text}");
    assert!(
        text.contains("L to log in") && text.contains("mastui login"),
        "{text}"
    );
    assert!(screen_text(&s, 120, 40).contains("2 items need a login"));

    // A token without the scope is not enough either, and says why.
    s.auth.status = LoginStatus::LoggedIn {
        user: "alice".into(),
        name: "A. User (alice)".into(),
        exclusive_access: false,
        hint: "****b1a0".into(),
        source: Source::Prompt,
        expiring: None,
    };
    let screen = screen_text(&s, 120, 40);
    assert!(screen.contains("2 items need a token with exclusive access"));

    // With the scope: nothing to say, in the pane or as a new message.
    if let LoginStatus::LoggedIn {
        exclusive_access, ..
    } = &mut s.auth.status
    {
        *exclusive_access = true;
    }
    s.message = None;
    update(
        &mut s,
        Msg::Basket(BasketEvent::Item(protected(5, ItemStatus::Queued))),
    );
    assert!(s.message.is_none());
    assert!(!screen_text(&s, 120, 40).contains("need a login"));
}

#[test]
fn a_resumed_basket_is_told_once_the_start_up_check_finds_no_token() {
    let mut s = State::new("http://127.0.0.1:40123", 80, 24);
    let cmds = s.start(None);
    let req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::ResolveAuth { req } => Some(*req),
            _ => None,
        })
        .expect("the start looks for a token");
    // The journal's items arrive while the token is still being looked for: nothing claimed.
    update(
        &mut s,
        Msg::Basket(BasketEvent::Item(protected(1, ItemStatus::Queued))),
    );
    assert!(s.message.is_none());
    let none = AuthCheck {
        token: None,
        source: None,
        identity: None,
        error: None,
        notes: Vec::new(),
        keyring_unavailable: None,
        expiring: None,
    };
    update(&mut s, Msg::Auth { req, check: none });
    assert_eq!(s.auth.status, LoginStatus::Anonymous);
    let text = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(text.starts_with("1 item needs a login"), "{text}");
}

/// Enter on a finished file: the worker reads its FITS headers (here: the real reader on a
/// file the simulator's writer made), the detail overlay lists them, `/` searches them.
#[test]
fn enter_on_a_finished_file_peeks_at_its_fits_header_and_slash_searches_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jw01073001001_02101_00001_nrca1_cal.fits");
    std::fs::write(
        &path,
        mastui::sim::fits::header(
            "jw01073001001_02101_00001_nrca1_cal.fits",
            "JWST",
            Some(2880),
        ),
    )
    .unwrap();
    let (mut s, _) = at_basket(100, 30);
    let mut it = item(
        1,
        "jw01073001001_02101_00001_nrca1_cal.fits",
        ItemStatus::Queued,
        2880,
    );
    it.dest = path.clone();
    update(&mut s, Msg::Basket(BasketEvent::Item(it.clone())));
    // Not on disk yet: said so, nothing asked.
    let cmds = update(&mut s, Msg::Key(Key::new(KeyCode::Enter)));
    assert!(cmds.is_empty());
    assert!(s.message.as_ref().unwrap().text.contains("not on disk"));
    it.status = ItemStatus::Complete;
    update(&mut s, Msg::Basket(BasketEvent::Item(it)));
    let cmds = update(&mut s, Msg::Key(Key::new(KeyCode::Enter)));
    let [Cmd::FitsHeader { req, path: asked }] = cmds.as_slice() else {
        panic!("a header read: {cmds:?}")
    };
    assert_eq!(asked, &path);
    // The worker's answer, made as the worker makes it.
    let result = mastui::fits::header::read_headers(&mut std::fs::File::open(&path).unwrap())
        .map_err(|e| e.to_string());
    update(
        &mut s,
        Msg::FitsHeader {
            req: *req,
            file: path.display().to_string(),
            result,
        },
    );
    let Some(Overlay::Detail(d)) = s.overlay() else {
        panic!("the header shows: {:?}", s.overlay())
    };
    assert!(d.detail.title.contains("1 HDUs"), "{}", d.detail.title);
    let all = d.lines().len();
    assert!(
        d.lines()
            .iter()
            .any(|(k, v)| k == "TELESCOP" && v.starts_with("JWST"))
    );
    key(&mut s, '/');
    for c in "telesc".chars() {
        key(&mut s, c);
    }
    let Some(Overlay::Detail(d)) = s.overlay() else {
        panic!("still open")
    };
    assert_eq!(d.lines().len(), 1, "only the TELESCOP line holds 'telesc'");
    // Esc clears the search, a second Esc closes.
    update(&mut s, Msg::Key(Key::new(KeyCode::Esc)));
    let Some(Overlay::Detail(d)) = s.overlay() else {
        panic!("still open")
    };
    assert_eq!(d.lines().len(), all);
    update(&mut s, Msg::Key(Key::new(KeyCode::Esc)));
    assert!(s.overlay().is_none());
}

/// V asks the basket to check its directory; problems found open in the detail overlay.
#[test]
fn v_verifies_the_download_directory_and_lists_what_is_wrong() {
    use mastui::mast::verify_report::{Problem, Report};
    let (mut s, _) = at_basket(100, 30);
    let cmds = key(&mut s, 'V');
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Basket(BasketRequest::Verify)]
    ));
    let report = Report {
        checked: 3,
        ok: 2,
        problems: vec![
            Problem::Missing(PathBuf::from("mastDownload/JWST/o/a_cal.fits")),
            Problem::Extra(PathBuf::from("notes.txt")),
        ],
    };
    update(&mut s, Msg::Basket(BasketEvent::Verified(Ok(report))));
    let Some(Overlay::Detail(d)) = s.overlay() else {
        panic!("the problems show: {:?}", s.overlay())
    };
    assert_eq!(d.lines().len(), 2);
    assert_eq!(d.lines()[0].0, "missing");
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("1 missing, 1 extra")
    );
    // A clean tree is one line in the message line.
    update(&mut s, Msg::Key(Key::new(KeyCode::Esc)));
    let clean = Report {
        checked: 3,
        ok: 3,
        problems: vec![],
    };
    update(&mut s, Msg::Basket(BasketEvent::Verified(Ok(clean))));
    assert!(s.overlay().is_none());
    assert!(s.message.as_ref().unwrap().text.contains("3 match"));
}

#[test]
fn a_file_kept_despite_a_size_disagreement_says_so_beside_its_size() {
    let (mut s, _) = at_basket(120, 40);
    let mut kept = item(1, "kept_cal.fits", ItemStatus::Complete, 4_000);
    kept.message = "MAST lists this file as 3000 bytes; the server sent 4000, twice, \
                    complete by its own headers: kept as sent"
        .into();
    update(&mut s, Msg::Basket(BasketEvent::Item(kept)));
    let row = screen_text(&s, 120, 40)
        .chars()
        .collect::<Vec<_>>()
        .chunks(120)
        .map(|l| l.iter().collect::<String>())
        .find(|l| l.contains("kept_cal.fits"))
        .expect("the item's row");
    assert!(row.contains("MAST lists this file as 3000"), "{row}");
    assert!(row.trim_end().ends_with("kB"), "the size stays: {row}");

    // At 80 columns the note is cut short, and the size still shows.
    let narrow = screen_text(&s, 80, 24);
    assert!(
        narrow.contains("MAST lists") && narrow.contains("4.00 kB"),
        "{narrow}"
    );
}
