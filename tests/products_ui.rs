//! Snapshots of the products pane (TestBackend) at 80x24 and 120x40: streaming, the grid
//! with marks and shared files, the filter bar with an error caret, the facet list, the
//! detail overlay, the grid sorted by a column, the column chooser and
//! its result; and no panic at any size.
mod products_support;

use std::sync::Arc;

use mastui::app::cmd::Cmd;
use mastui::app::update::start_search;
use mastui::app::{Key, KeyCode, Msg, ReqId, State, update};
use mastui::mast::criteria::Criteria;
use mastui::mast::table::{Cell, Table};
use mastui::ui::{Theme, view};
use products_support::batch;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn key(s: &mut State, k: Key) {
    update(s, Msg::Key(k));
}

fn started(w: u16, h: u16) -> (State, ReqId) {
    let mut s = State::new("http://127.0.0.1:40123", w, h);
    let req = start_search(&mut s, Criteria::default())
        .iter()
        .find_map(Cmd::req)
        .expect("search req");
    let mut t = Table::default();
    for i in 0..3 {
        let obs_id = format!("jw01073{i:03}001");
        t.push_row([
            ("obsid", Cell::Int(1000 + i as i64)),
            ("obs_id", Cell::Text(&obs_id)),
        ]);
    }
    update(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: 3,
            table: Arc::new(t),
        },
    );
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    key(&mut s, Key::ch('a'));
    let cmds = update(&mut s, Msg::Key(Key::ch('p')));
    let req = cmds.iter().find_map(Cmd::req).expect("products req");
    (s, req)
}

fn landed(w: u16, h: u16) -> State {
    let (mut s, req) = started(w, h);
    let msg = products_support::landed(&s, req, batch(&[(0, 1000), (1, 1001)], 18, 2), 2, 3);
    update(&mut s, msg);
    s
}

fn screens(w: u16, h: u16) -> Vec<(&'static str, State)> {
    let mut out = Vec::new();
    out.push(("products_streaming_empty", started(w, h).0));

    let mut s = landed(w, h);
    key(&mut s, Key::new(KeyCode::Down));
    key(&mut s, Key::ch(' '));
    key(&mut s, Key::ch(' '));
    out.push(("products_grid", s));

    let mut s = landed(w, h);
    key(&mut s, Key::ch('/'));
    for c in "_cal.fits,!".chars() {
        key(&mut s, Key::ch(c));
    }
    out.push(("products_filter_error", s));

    let mut s = landed(w, h);
    key(&mut s, Key::ch('/'));
    for c in "_cal,_i2d".chars() {
        key(&mut s, Key::ch(c));
    }
    key(&mut s, Key::new(KeyCode::Enter));
    key(&mut s, Key::ch('x'));
    out.push(("products_filtered_guide_shown", s));

    let mut s = landed(w, h);
    key(&mut s, Key::ch('f'));
    key(&mut s, Key::ch(' '));
    key(&mut s, Key::new(KeyCode::Down));
    out.push(("products_facets", s));

    let mut s = landed(w, h);
    key(&mut s, Key::ch('G'));
    key(&mut s, Key::new(KeyCode::Enter));
    out.push(("products_detail", s));

    // Sorted by size, largest first: the header's arrow says so.
    let mut s = landed(w, h);
    for _ in 0..5 {
        key(&mut s, Key::ch('l'));
    }
    key(&mut s, Key::ch('S'));
    out.push(("products_sorted_by_size", s));

    // `c`: the chooser lists the products' columns; hiding the shared count and moving
    // obs_id first redraws the grid with them.
    let mut s = landed(w, h);
    key(&mut s, Key::ch('c'));
    key(&mut s, Key::ch(' '));
    out.push(("products_columns_chooser", s.clone()));
    for _ in 0..7 {
        key(&mut s, Key::ch('j'));
    }
    for _ in 0..6 {
        key(&mut s, Key::ch('K'));
    }
    key(&mut s, Key::new(KeyCode::Enter));
    out.push(("products_columns_chosen", s));
    out
}

fn render(s: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| view(s, &Theme::COLOR, f)).expect("draw");
    t
}

#[test]
fn products_pane_at_80x24_and_120x40() {
    for (w, h) in [(80, 24), (120, 40)] {
        for (name, s) in screens(w, h) {
            let t = render(&s, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
        }
    }
}

#[test]
fn no_panic_at_any_size() {
    for (_, s) in screens(80, 24) {
        for w in [0, 1, 5, 20, 39, 40, 41, 60, 79, 133, 250] {
            for h in [0, 1, 3, 9, 10, 11, 24, 61] {
                let mut s = s.clone();
                update(
                    &mut s,
                    Msg::Resize {
                        width: w,
                        height: h,
                    },
                );
                render(&s, w, h);
            }
        }
    }
}

#[test]
fn export_writes_the_products_shown_from_the_shared_table() {
    let mut s = landed(120, 40);
    let shown = s.products.shown();
    assert!(!shown.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("products.csv");
    key(&mut s, Key::ch(':'));
    for c in format!("export {}", path.display()).chars() {
        key(&mut s, Key::ch(c));
    }
    let cmds = update(&mut s, Msg::Key(Key::new(KeyCode::Enter)));
    let [
        Cmd::Export {
            rows,
            path: p,
            force,
            what,
        },
    ] = cmds.as_slice()
    else {
        panic!("{cmds:?}");
    };
    assert_eq!(*what, "products");
    assert_eq!(rows.order, shown);
    mastui::worker::export::export(rows, p, *force, what).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let uri = header
        .iter()
        .position(|h| *h == "dataURI")
        .expect("dataURI column");
    let got: Vec<String> = lines
        .map(|l| l.split(',').nth(uri).unwrap_or("").to_string())
        .collect();
    let want: Vec<String> = shown
        .iter()
        .map(|&r| s.products.table().get(r as usize, "dataURI").to_string())
        .collect();
    assert_eq!(got, want);
}
