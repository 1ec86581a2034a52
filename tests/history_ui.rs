//! Remembered searches in the browser: the history overlay (Ctrl-R, filter as you type,
//! Enter restores the form), Up/Down in an empty form walking the history, `S` saving
//! through the worker, a saved search's news marked in the grid, snapshots of the overlays,
//! and the real worker recording a search against `mastui sim` for the form to restore.
use std::sync::Arc;
use std::time::Duration;

use mastui::app::effect::OverlayRequest;
use mastui::app::overlays::stack::Overlay;
use mastui::app::panes::search::form::FieldId;
use mastui::app::panes::search::source::Source;
use mastui::app::{Cmd, Key, KeyCode, Msg, State, update};
use mastui::mast::catalogs::Catalog;
use mastui::mast::client::MastClient;
use mastui::mast::table::{Cell, Table};
use mastui::remember::news::Seen;
use mastui::remember::spec::{SearchSpec, catalog_source};
use mastui::remember::store::{HistoryEntry, Store};
use mastui::sim::{SimOptions, start};
use mastui::ui::{Theme, view};
use mastui::worker::Worker;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn observations(terms: &[&str], target: Option<&str>) -> SearchSpec {
    SearchSpec {
        source: "observations".into(),
        target: target.map(String::from),
        radius: None,
        terms: terms.iter().map(|t| t.to_string()).collect(),
    }
}

/// Newest first, as the worker sends them.
fn entries() -> Vec<HistoryEntry> {
    let tic = SearchSpec {
        source: catalog_source(Catalog::Tic),
        target: Some("M101".into()),
        radius: Some(0.05),
        terms: vec!["Tmag=8..10".into()],
    };
    vec![
        HistoryEntry {
            spec: observations(&["obs_collection=JWST", "proposal_id=1073"], None),
            at: 1_796_620_800,
            rows: Some(15),
        },
        HistoryEntry {
            spec: tic,
            at: 1_796_617_200,
            rows: Some(1_234),
        },
        HistoryEntry {
            spec: observations(&["obs_collection=HST"], Some("NGC 1365")),
            at: 1_796_500_000,
            rows: None,
        },
    ]
}

fn state() -> State {
    let mut s = State::new("http://127.0.0.1:40123", 100, 30);
    s.search.missions_req = None;
    update(&mut s, Msg::History(Ok(entries())));
    s
}

fn key(s: &mut State, k: Key) -> Vec<Cmd> {
    update(s, Msg::Key(k))
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        key(s, Key::ch(c));
    }
}

#[test]
fn ctrl_r_filters_the_history_and_enter_restores_the_form() {
    let mut s = state();
    key(&mut s, Key::ctrl('r'));
    let Some(Overlay::History(h)) = s.overlays.last() else {
        panic!("the history is open: {:?}", s.overlays.len());
    };
    assert_eq!(h.shown().len(), 3);
    typed(&mut s, "hst 1365");
    let Some(Overlay::History(h)) = s.overlays.last() else {
        panic!("still open");
    };
    assert_eq!(h.shown().len(), 1);
    let cmds = key(&mut s, Key::new(KeyCode::Enter));
    assert!(s.overlays.is_empty());
    assert_eq!(s.search.value(FieldId::Target), "NGC 1365");
    assert_eq!(s.search.value(FieldId::Collection), "HST");
    assert_eq!(s.search.value(FieldId::Proposal), "");
    // The restored form is counted as a typed one is.
    assert!(
        cmds.iter().any(|c| matches!(c, Cmd::Schedule { .. })),
        "{cmds:?}"
    );

    // A catalog search comes back with its source.
    key(&mut s, Key::ctrl('r'));
    typed(&mut s, "tic");
    key(&mut s, Key::new(KeyCode::Enter));
    assert_eq!(s.search.source, Source::Catalog(Catalog::Tic));
    assert_eq!(s.search.value(FieldId::CatTarget), "M101");
    assert_eq!(s.search.value(FieldId::CatCriteria), "Tmag=8..10");

    // Nothing matches: Enter says so and keeps the overlay.
    key(&mut s, Key::ctrl('r'));
    typed(&mut s, "zzz");
    key(&mut s, Key::new(KeyCode::Enter));
    assert!(matches!(s.overlays.last(), Some(Overlay::History(_))));
    key(&mut s, Key::new(KeyCode::Esc));
    assert!(s.overlays.is_empty());
}

#[test]
fn up_and_down_in_an_empty_form_walk_the_history_as_a_shell_does() {
    let mut s = state();
    assert!(s.search.is_empty());
    key(&mut s, Key::new(KeyCode::Up));
    assert_eq!(s.search.value(FieldId::Proposal), "1073");
    assert_eq!(s.search.focused(), FieldId::Target, "the focus stays");
    key(&mut s, Key::new(KeyCode::Up));
    assert_eq!(s.search.source, Source::Catalog(Catalog::Tic));
    key(&mut s, Key::new(KeyCode::Up));
    assert_eq!(s.search.value(FieldId::Collection), "HST");
    // The oldest stays.
    key(&mut s, Key::new(KeyCode::Up));
    assert_eq!(s.search.value(FieldId::Collection), "HST");
    key(&mut s, Key::new(KeyCode::Down));
    assert_eq!(s.search.source, Source::Catalog(Catalog::Tic));
    key(&mut s, Key::new(KeyCode::Down));
    key(&mut s, Key::new(KeyCode::Down));
    assert!(
        s.search.is_empty(),
        "past the newest, the form is empty again"
    );

    // Once a recalled search is edited, the arrows move between fields again.
    key(&mut s, Key::new(KeyCode::Up));
    key(&mut s, Key::ch('5'));
    assert_eq!(s.search.value(FieldId::Target), "5");
    key(&mut s, Key::new(KeyCode::Down));
    assert_eq!(s.search.focused(), FieldId::Radius);
    assert_eq!(s.search.value(FieldId::Proposal), "1073");
}

#[test]
fn s_saves_the_form_under_a_name_through_the_worker() {
    let mut s = state();
    typed(&mut s, "M101");
    key(&mut s, Key::new(KeyCode::Esc));
    key(&mut s, Key::ch('S'));
    assert!(matches!(s.overlays.last(), Some(Overlay::SaveName(_))));
    typed(&mut s, "a b");
    let cmds = key(&mut s, Key::new(KeyCode::Enter));
    assert!(cmds.is_empty());
    let Some(Overlay::SaveName(p)) = s.overlays.last() else {
        panic!("the prompt stays");
    };
    assert!(
        p.problem
            .as_deref()
            .unwrap()
            .contains("not a saved search name")
    );
    key(&mut s, Key::ctrl('u'));
    typed(&mut s, "m101-weekly");
    let cmds = key(&mut s, Key::new(KeyCode::Enter));
    assert!(s.overlays.is_empty());
    let saved = cmds.iter().find_map(|c| match c {
        Cmd::SaveSearch { name, spec } => Some((name.clone(), spec.clone())),
        _ => None,
    });
    assert_eq!(
        saved,
        Some(("m101-weekly".to_string(), observations(&[], Some("M101"))))
    );
    update(&mut s, Msg::SearchSaved(Ok("m101-weekly".into())));
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("--saved m101-weekly")
    );

    // An empty form has nothing to save.
    let mut empty = state();
    key(&mut empty, Key::new(KeyCode::Esc));
    key(&mut empty, Key::ch('S'));
    assert!(empty.overlays.is_empty());
    assert!(
        empty
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("nothing to save")
    );
}

fn page(obsids: &[(i64, &str)]) -> Arc<Table> {
    let mut t = Table::default();
    for (o, rights) in obsids {
        t.push_row([
            ("obs_id", Cell::Text("jw01073-o005")),
            ("obsid", Cell::Int(*o)),
            ("dataRights", Cell::Text(rights)),
        ]);
    }
    Arc::new(t)
}

#[test]
fn a_saved_search_opened_in_the_browser_marks_what_is_new() {
    let mut s = state();
    let mut last = Seen::default();
    last.add(1, true);
    last.add(2, false);
    last.add(3, false);
    let spec = observations(&["obs_collection=JWST", "proposal_id=1073"], None);
    let cmds = s.start_saved("my-programs", &spec, Some(last));
    let req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Search { req, .. } => Some(*req),
            _ => None,
        })
        .expect("the saved search runs");
    assert_eq!(s.search.value(FieldId::Proposal), "1073");
    let rows = [
        (1, "PUBLIC"),
        (2, "PUBLIC"),
        (3, "EXCLUSIVE_ACCESS"),
        (4, "EXCLUSIVE_ACCESS"),
    ];
    update(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: 4,
            table: page(&rows),
        },
    );
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    let marks = &s.results.grid.marks;
    // Row 1 (obsid 2) was released, row 3 (obsid 4) is new.
    assert_eq!(marks.iter().collect::<Vec<_>>(), [1, 3]);
    let text = &s.message.as_ref().expect("a summary").text;
    assert!(text.contains("1 new and 1 newly public"), "{text}");
}

fn render(s: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| view(s, &Theme::COLOR, f)).expect("draw");
    t
}

#[test]
fn snapshots_of_the_history_and_the_save_prompt() {
    for (w, h) in [(80, 24), (120, 40), (40, 10)] {
        let mut s = state();
        update(
            &mut s,
            Msg::Resize {
                width: w,
                height: h,
            },
        );
        key(&mut s, Key::ctrl('r'));
        insta::assert_snapshot!(format!("history_{w}x{h}"), render(&s, w, h).backend());
        typed(&mut s, "jwst");
        insta::assert_snapshot!(
            format!("history_filtered_{w}x{h}"),
            render(&s, w, h).backend()
        );
    }
    let mut s = State::new("http://127.0.0.1:40123", 80, 24);
    s.search.missions_req = None;
    s.open(OverlayRequest::History(Vec::new()));
    insta::assert_snapshot!("history_empty_80x24", render(&s, 80, 24).backend());
    let mut s = state();
    s.open(OverlayRequest::SaveSearch(observations(
        &["obs_collection=JWST", "proposal_id=1073"],
        Some("NGC 1365"),
    )));
    typed(&mut s, "ngc1365");
    insta::assert_snapshot!("save_prompt_80x24", render(&s, 100, 30).backend());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_records_each_search_for_the_form_to_restore() {
    let sim = start(SimOptions {
        scale: 2_000,
        ..SimOptions::default()
    })
    .await
    .expect("sim starts");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("searches.json");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut w =
        Worker::new(MastClient::new(&sim.base_url).unwrap(), tx).with_search_store(store.clone());
    let mut s = State::new(sim.base_url.clone(), 100, 30);
    w.run(Cmd::LoadHistory);
    typed(&mut s, "NGC 1365");
    key(&mut s, Key::new(KeyCode::Down));
    key(&mut s, Key::new(KeyCode::Down));
    typed(&mut s, "JWST");
    for c in key(&mut s, Key::new(KeyCode::Enter)) {
        w.run(c);
    }
    // Pages, the end, then the history with this search in it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let mut histories = 0;
    while histories < 2 {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("the worker answers in time")
            .expect("channel open");
        histories += usize::from(matches!(msg, Msg::History(_)));
        for c in update(&mut s, msg) {
            w.run(c);
        }
    }
    let rows = s.results.data().rows() as u64;
    assert!(rows > 0);
    let newest = s.search.history.first().expect("recorded").clone();
    assert_eq!(newest.rows, Some(rows));
    assert_eq!(newest.spec.target.as_deref(), Some("NGC 1365"));
    assert_eq!(newest.spec.terms, ["obs_collection=JWST"]);
    assert_eq!(Store::load(&store).unwrap().history.len(), 1);

    // The next session: the form empties, Up brings the search back.
    let mut next = State::new(sim.base_url.clone(), 100, 30);
    update(&mut next, Msg::History(Ok(s.search.history.clone())));
    key(&mut next, Key::new(KeyCode::Up));
    assert_eq!(next.search.value(FieldId::Target), "NGC 1365");
    assert_eq!(next.search.value(FieldId::Collection), "JWST");
}

fn obs_page(n: i64) -> Arc<Table> {
    let mut t = Table::default();
    for i in 0..n {
        let obs_id = format!("jw01073-o{:03}", n - i);
        t.push_row([
            ("obs_id", Cell::Text(&obs_id)),
            ("obsid", Cell::Int(2_000_000_000 + i)),
            ("t_exptime", Cell::Float(100.0 * (i % 4) as f64)),
            ("dataRights", Cell::Text("PUBLIC")),
        ]);
    }
    Arc::new(t)
}

fn searched(cmds: &[Cmd]) -> mastui::app::ReqId {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Search { req, .. } => Some(*req),
            _ => None,
        })
        .expect("a search")
}

#[test]
fn a_session_comes_back_where_it_stopped() {
    let mut s = state();
    typed(&mut s, "NGC 1365");
    let req = searched(&key(&mut s, Key::new(KeyCode::Enter)));
    let page = |req| Msg::SearchPage {
        req,
        page: 1,
        pages: 1,
        rows_filtered: 12,
        table: obs_page(12),
    };
    update(&mut s, page(req));
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    // Marks on the first two rows, a filter, a sort on obs_id, the cursor moved down.
    key(&mut s, Key::ch(' '));
    key(&mut s, Key::ch(' '));
    key(&mut s, Key::ch('/'));
    typed(&mut s, "jw01073");
    key(&mut s, Key::new(KeyCode::Enter));
    key(&mut s, Key::ch('s'));
    key(&mut s, Key::ch('j'));
    key(&mut s, Key::ch('j'));
    let before = s.session();
    let view = before.results.clone().expect("results kept");
    assert_eq!(view.marks, [2_000_000_000, 2_000_000_001]);
    assert_eq!(view.filter, "jw01073");
    assert!(view.sort.is_some());
    let cursor = view.cursor.expect("a row under the cursor");
    assert_eq!(
        before.form.as_ref().unwrap().target.as_deref(),
        Some("NGC 1365")
    );

    // Through the store's JSON, as it is kept between runs.
    let text = serde_json::to_string(&before).unwrap();
    let kept: mastui::remember::session::Session = serde_json::from_str(&text).unwrap();

    let mut next = state();
    let cmds = next.start_session(kept);
    let req = searched(&cmds);
    assert_eq!(next.search.value(FieldId::Target), "NGC 1365");
    update(&mut next, page(req));
    update(
        &mut next,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    assert_eq!(next.session(), before);
    let row = next.results.current_row().unwrap();
    assert_eq!(next.results.data().get(row, "obsid").as_i64(), Some(cursor));
}
