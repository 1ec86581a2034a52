//! Transition tests of the pure state machine: a state plus a message gives the next state
//! and the commands, with no terminal and no network.
use std::sync::Arc;

use mastui::app::focus::Pane;
use mastui::app::grid::component::INLINE_ROWS;
use mastui::app::grid::view::ViewIndex;
use mastui::app::msg::Timer;
use mastui::app::overlays::stack::Overlay;
use mastui::app::panes::search::form::{CountState, FieldId};
use mastui::app::{Cmd, Key, KeyCode, Msg, ReqId, State, update};
use mastui::mast::MastError;
use mastui::mast::criteria::Criteria;
use mastui::mast::table::{Cell, Table};

fn st() -> State {
    State::new("http://127.0.0.1:1", 100, 30)
}

fn send(s: &mut State, msg: Msg) -> Vec<Cmd> {
    update(s, msg)
}

fn key(s: &mut State, k: Key) -> Vec<Cmd> {
    update(s, Msg::Key(k))
}

fn ch(s: &mut State, c: char) -> Vec<Cmd> {
    key(s, Key::ch(c))
}

fn typed(s: &mut State, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| ch(s, c)).collect()
}

fn code(s: &mut State, c: KeyCode) -> Vec<Cmd> {
    key(s, Key::new(c))
}

/// Observations `start..start+n`; every third has no exposure time; names cycle.
fn page(start: usize, n: usize) -> Arc<Table> {
    let names = ["M101", "NGC 1068", "m31"];
    let mut t = Table::default();
    for i in start..start + n {
        let obs_id = format!("jw01073-o{i:03}");
        let exptime = if i % 3 == 2 {
            Cell::Null
        } else {
            Cell::Float((100 - i % 50) as f64)
        };
        t.push_row([
            ("obs_id", Cell::Text(&obs_id)),
            ("target_name", Cell::Text(names[i % 3])),
            ("t_exptime", exptime),
            ("obsid", Cell::Int(1000 + i as i64)),
        ]);
    }
    Arc::new(t)
}

fn search_req(cmds: &[Cmd]) -> ReqId {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Search { req, .. } => Some(*req),
            _ => None,
        })
        .expect("a Search command")
}

/// A state showing a finished search of `rows` observations.
fn with_results(rows: usize, pagesize: usize) -> (State, ReqId) {
    let mut s = st();
    let mut c = Criteria::default();
    c.terms.push(mastui::mast::criteria::Term {
        column: "proposal_id".into(),
        value: "1073".into(),
    });
    let cmds = s.start(Some(c));
    let req = search_req(&cmds);
    let pages = rows.div_ceil(pagesize) as u32;
    for p in 0..pages as usize {
        let n = pagesize.min(rows - p * pagesize);
        send(
            &mut s,
            Msg::SearchPage {
                req,
                page: p as u32 + 1,
                pages,
                rows_filtered: rows as u64,
                table: page(p * pagesize, n),
            },
        );
    }
    (s, req)
}

fn visible_rows(s: &State) -> Vec<usize> {
    let r = &s.results;
    (0..r.len())
        .filter_map(|p| r.grid.row_at(p, &r.table))
        .collect()
}

#[test]
fn q_typed_in_a_field_is_text_not_quit() {
    let mut s = st();
    assert_eq!(s.pane, Pane::Search);
    assert!(s.search.editing);
    ch(&mut s, 'q');
    assert!(!s.quit);
    assert_eq!(s.search.value(FieldId::Target), "q");
    // Digits and ? are text too while typing (no pane jump, no help).
    typed(&mut s, "1?");
    assert_eq!(s.pane, Pane::Search);
    assert!(s.overlay().is_none());
    // Esc leaves the field; now q quits.
    code(&mut s, KeyCode::Esc);
    assert!(!s.search.editing);
    assert!(!s.quit);
    ch(&mut s, 'q');
    assert!(s.quit);
}

#[test]
fn ctrl_c_quits_even_while_typing_or_in_an_overlay() {
    let mut s = st();
    key(&mut s, Key::ctrl('c'));
    assert!(s.quit);
    let (mut s, _) = with_results(5, 5);
    ch(&mut s, '/');
    key(&mut s, Key::ctrl('c'));
    assert!(s.quit);
}

#[test]
fn esc_backs_out_one_level_and_never_quits() {
    let (mut s, _) = with_results(10, 10);
    ch(&mut s, '?');
    assert!(matches!(s.overlay(), Some(Overlay::Help(_))));
    code(&mut s, KeyCode::Esc);
    assert!(s.overlay().is_none());
    ch(&mut s, '/');
    typed(&mut s, "m101");
    code(&mut s, KeyCode::Enter);
    assert!(s.overlay().is_none());
    assert_eq!(s.results.len(), 4);
    code(&mut s, KeyCode::Esc);
    assert_eq!(s.results.filter(), "");
    assert_eq!(s.results.len(), 10);
    for _ in 0..5 {
        code(&mut s, KeyCode::Esc);
    }
    assert!(!s.quit);
    assert_eq!(s.pane, Pane::Results);
}

#[test]
fn esc_in_the_filter_prompt_clears_the_filter() {
    let (mut s, _) = with_results(9, 9);
    ch(&mut s, '/');
    typed(&mut s, "ngc");
    assert_eq!(s.results.len(), 3, "filter applies as typed");
    code(&mut s, KeyCode::Down);
    assert_eq!(
        s.results.grid.cursor.pos, 1,
        "arrows move the grid while filtering"
    );
    assert_eq!(s.results.filter(), "ngc");
    code(&mut s, KeyCode::Esc);
    assert!(s.overlay().is_none());
    assert_eq!(s.results.len(), 9);
}

#[test]
fn tab_moves_fields_while_typing_and_panes_otherwise() {
    let mut s = st();
    code(&mut s, KeyCode::Tab);
    assert_eq!(s.search.focused(), FieldId::Radius);
    assert_eq!(s.pane, Pane::Search);
    code(&mut s, KeyCode::Esc);
    code(&mut s, KeyCode::Tab);
    assert_eq!(s.pane, Pane::Results);
    ch(&mut s, '4');
    assert_eq!(s.pane, Pane::Basket);
}

#[test]
fn count_is_debounced_and_superseded_counts_are_cancelled_and_dropped() {
    let mut s = st();
    code(&mut s, KeyCode::Tab);
    code(&mut s, KeyCode::Tab);
    assert_eq!(s.search.focused(), FieldId::Collection);
    let cmds = typed(&mut s, "JWST");
    // One timer per keystroke, no count yet.
    assert_eq!(
        cmds.iter()
            .filter(|c| matches!(c, Cmd::Schedule { .. }))
            .count(),
        4
    );
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Count { .. })));
    assert_eq!(s.search.count, CountState::Waiting);
    // An old timer does nothing; the latest starts the count.
    let edit = s.search.edit;
    assert!(send(&mut s, Msg::Timer(Timer::CountDebounce { edit: edit - 1 })).is_empty());
    let cmds = send(&mut s, Msg::Timer(Timer::CountDebounce { edit }));
    let first = match cmds.as_slice() {
        [Cmd::Count { req, criteria }] => {
            assert_eq!(criteria.terms[0].column, "obs_collection");
            assert_eq!(criteria.terms[0].value, "JWST");
            *req
        }
        other => panic!("expected one Count, got {other:?}"),
    };
    // Another keystroke supersedes it: cancelled at once, and its answer ignored.
    let cmds = ch(&mut s, ',');
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Cancel(r) if *r == first))
    );
    send(
        &mut s,
        Msg::Count {
            req: first,
            result: Ok(7),
        },
    );
    assert_eq!(s.search.count, CountState::Waiting);
    let edit = s.search.edit;
    let cmds = send(&mut s, Msg::Timer(Timer::CountDebounce { edit }));
    let Some(Cmd::Count { req: second, .. }) = cmds.first() else {
        panic!("count expected")
    };
    send(
        &mut s,
        Msg::Count {
            req: *second,
            result: Ok(42),
        },
    );
    assert_eq!(s.search.count, CountState::Known(42));
}

#[test]
fn invalid_fields_show_a_problem_and_block_the_search() {
    let mut s = st();
    for _ in 0..5 {
        code(&mut s, KeyCode::Tab);
    }
    assert_eq!(s.search.focused(), FieldId::Proposal);
    typed(&mut s, "10x");
    let problem = s.search.fields[s.search.focus].problem.clone();
    assert!(problem.is_some_and(|p| p.contains("10x")));
    assert_eq!(s.search.count, CountState::Idle);
    let cmds = code(&mut s, KeyCode::Enter);
    assert!(cmds.is_empty());
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("Proposal id"))
    );
    code(&mut s, KeyCode::Backspace);
    assert!(s.search.fields[s.search.focus].problem.is_none());
    let cmds = code(&mut s, KeyCode::Enter);
    search_req(&cmds);
    assert_eq!(s.pane, Pane::Results);
}

#[test]
fn pages_append_as_they_land_and_stale_searches_are_dropped() {
    let mut s = st();
    typed(&mut s, "M101");
    let first = search_req(&code(&mut s, KeyCode::Enter));
    assert_eq!(s.pane, Pane::Results);
    assert!(s.busy());
    send(
        &mut s,
        Msg::SearchPage {
            req: first,
            page: 1,
            pages: 3,
            rows_filtered: 12,
            table: page(0, 4),
        },
    );
    assert_eq!(s.results.len(), 4);
    assert_eq!(s.results.paging.total, Some(12));
    // A new search replaces and cancels the old one.
    ch(&mut s, '1');
    let cmds = code(&mut s, KeyCode::Enter);
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Cancel(r) if *r == first))
    );
    let second = search_req(&cmds);
    send(
        &mut s,
        Msg::SearchPage {
            req: first,
            page: 2,
            pages: 3,
            rows_filtered: 12,
            table: page(4, 4),
        },
    );
    assert_eq!(s.results.len(), 0, "a page of the old search is dropped");
    send(
        &mut s,
        Msg::SearchPage {
            req: second,
            page: 1,
            pages: 1,
            rows_filtered: 2,
            table: page(0, 2),
        },
    );
    send(
        &mut s,
        Msg::SearchDone {
            req: first,
            result: Err(MastError::Cancelled),
        },
    );
    assert!(
        s.results.paging.loading.is_some(),
        "the old search's end does not end the new one"
    );
    send(
        &mut s,
        Msg::SearchDone {
            req: second,
            result: Ok(()),
        },
    );
    assert!(s.results.paging.loading.is_none());
    assert_eq!(s.results.len(), 2);
    assert!(!s.busy() || s.search.missions_req.is_some());
}

#[test]
fn esc_stops_a_loading_search_and_keeps_its_rows() {
    let mut s = st();
    typed(&mut s, "M101");
    let req = search_req(&code(&mut s, KeyCode::Enter));
    send(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 5,
            rows_filtered: 25,
            table: page(0, 5),
        },
    );
    let cmds = code(&mut s, KeyCode::Esc);
    assert!(matches!(cmds.as_slice(), [Cmd::Cancel(r)] if *r == req));
    assert!(s.results.paging.loading.is_none());
    assert!(s.results.paging.partial);
    assert_eq!(s.results.len(), 5);
    // A late page of the stopped search is ignored.
    send(
        &mut s,
        Msg::SearchPage {
            req,
            page: 2,
            pages: 5,
            rows_filtered: 25,
            table: page(5, 5),
        },
    );
    assert_eq!(s.results.len(), 5);
}

#[test]
fn filter_while_pages_arrive_extends_the_filtered_view() {
    let mut s = st();
    typed(&mut s, "M101");
    let req = search_req(&code(&mut s, KeyCode::Enter));
    send(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 2,
            rows_filtered: 12,
            table: page(0, 6),
        },
    );
    ch(&mut s, '/');
    typed(&mut s, "ngc");
    assert_eq!(visible_rows(&s), vec![1, 4]);
    send(
        &mut s,
        Msg::SearchPage {
            req,
            page: 2,
            pages: 2,
            rows_filtered: 12,
            table: page(6, 6),
        },
    );
    assert_eq!(visible_rows(&s), vec![1, 4, 7, 10]);
    // With a sort too, new rows are merged into the order.
    code(&mut s, KeyCode::Enter);
    code(&mut s, KeyCode::Right);
    code(&mut s, KeyCode::Right);
    ch(&mut s, 'S');
    let before = visible_rows(&s);
    assert_eq!(before.len(), 4);
}

#[test]
fn sort_numbers_with_nulls_last_and_toggle_back() {
    let (mut s, _) = with_results(6, 6);
    // Columns: obs_id, target_name (frozen), t_exptime, obsid.
    code(&mut s, KeyCode::Right);
    code(&mut s, KeyCode::Right);
    assert_eq!(
        s.results.data().names()[s.results.grid.columns.visible[s.results.grid.columns.col]],
        "t_exptime"
    );
    ch(&mut s, 's');
    // t_exptime: 100, 99, null, 97, 96, null -> ascending with nulls last.
    assert_eq!(visible_rows(&s), vec![4, 3, 1, 0, 2, 5]);
    ch(&mut s, 'S');
    assert_eq!(visible_rows(&s), vec![0, 1, 3, 4, 2, 5]);
    ch(&mut s, 'S');
    assert_eq!(
        visible_rows(&s),
        vec![0, 1, 2, 3, 4, 5],
        "same key again: arrival order"
    );
}

#[test]
fn large_views_are_computed_off_the_ui_task_and_stale_ones_dropped() {
    let rows = INLINE_ROWS + 3_000;
    let (mut s, _) = with_results(rows, 5_000);
    ch(&mut s, '/');
    let cmds = ch(&mut s, 'n');
    let (req1, job1) = match cmds.as_slice() {
        [Cmd::ComputeView { req, job }] => (*req, job.clone()),
        other => panic!("expected ComputeView, got {other:?}"),
    };
    // The previous view stays until the new one arrives.
    assert_eq!(s.results.len(), rows);
    assert!(s.results.grid.pending());
    let cmds = ch(&mut s, 'g');
    let (req2, job2) = match cmds.as_slice() {
        [Cmd::Cancel(old), Cmd::ComputeView { req, job }] if *old == req1 => (*req, job.clone()),
        other => panic!("expected Cancel + ComputeView, got {other:?}"),
    };
    // The cancelled job's answer is dropped; the latest one installs.
    send(
        &mut s,
        Msg::ViewReady {
            req: req1,
            rows: job1.run(),
        },
    );
    assert_eq!(s.results.len(), rows);
    send(
        &mut s,
        Msg::ViewReady {
            req: req2,
            rows: job2.run(),
        },
    );
    assert!(!s.results.grid.pending());
    assert_eq!(s.results.len(), rows / 3 + usize::from(rows % 3 > 1));
    let ViewIndex::Rows(v) = s.results.grid.view() else {
        panic!("rows expected")
    };
    assert!(v.iter().all(|&r| r % 3 == 1));
}

#[test]
fn marks_survive_filtering_and_p_asks_for_their_products() {
    let (mut s, _) = with_results(6, 6);
    ch(&mut s, ' ');
    ch(&mut s, ' ');
    assert_eq!(s.results.grid.marks.count(), 2);
    assert_eq!(s.results.grid.cursor.pos, 2, "Space moves down");
    ch(&mut s, '/');
    typed(&mut s, "m101");
    code(&mut s, KeyCode::Enter);
    assert!(s.results.grid.marks.is_marked(0) && s.results.grid.marks.is_marked(1));
    let cmds = ch(&mut s, 'p');
    match cmds.as_slice() {
        [Cmd::Products { obsids, .. }] => assert_eq!(obsids, &vec![1000, 1001]),
        other => panic!("expected Products, got {other:?}"),
    }
    assert_eq!(s.pane, Pane::Products);
    ch(&mut s, '2');
    ch(&mut s, 'A');
    assert_eq!(s.results.grid.marks.count(), 0);
    ch(&mut s, 'a');
    assert_eq!(
        s.results.grid.marks.count(),
        2,
        "a marks the rows shown (filtered)"
    );
    code(&mut s, KeyCode::Esc);
    ch(&mut s, 'A');
    // With nothing marked, p takes the current row.
    let cmds = ch(&mut s, 'p');
    assert!(
        matches!(cmds.as_slice(), [Cmd::Cancel(_), Cmd::Products { obsids, .. }] if obsids == &vec![1000])
    );
}

#[test]
fn stale_product_answers_are_dropped() {
    let (mut s, _) = with_results(3, 3);
    let first = match ch(&mut s, 'p').as_slice() {
        [Cmd::Products { req, .. }] => *req,
        _ => panic!("products expected"),
    };
    ch(&mut s, '2');
    let cmds = ch(&mut s, 'p');
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Cancel(r) if *r == first))
    );
    send(
        &mut s,
        Msg::Products {
            req: first,
            result: Err(MastError::Cancelled),
        },
    );
    assert!(s.products.req.is_some() && s.products.error.is_none());
}

#[test]
fn detail_and_columns_overlays() {
    let (mut s, _) = with_results(3, 3);
    code(&mut s, KeyCode::Enter);
    assert!(matches!(s.overlay(), Some(Overlay::Detail(d)) if d.detail.row == 0));
    code(&mut s, KeyCode::Esc);
    ch(&mut s, 'c');
    assert!(matches!(s.overlay(), Some(Overlay::Columns(_))));
    ch(&mut s, ' '); // hide obs_id
    code(&mut s, KeyCode::Enter);
    let names: Vec<&str> = s
        .results
        .grid
        .columns
        .visible
        .iter()
        .map(|&c| s.results.data().names()[c].as_str())
        .collect();
    assert_eq!(names, vec!["target_name", "t_exptime", "obsid"]);
    assert_eq!(s.results.frozen(), 1);
}

#[test]
fn errors_say_what_to_do_next() {
    let mut s = st();
    typed(&mut s, "Nowhere Galaxy");
    let req = search_req(&code(&mut s, KeyCode::Enter));
    send(
        &mut s,
        Msg::SearchDone {
            req,
            result: Err(MastError::NotResolved {
                name: "Nowhere Galaxy".into(),
            }),
        },
    );
    assert!(
        s.results.paging.failed.is_some(),
        "the pane keeps the failure"
    );
    let m = s.message.clone().expect("an error message");
    assert!(m.text.contains("could not resolve"), "{}", m.text);
    assert!(m.text.contains("coordinates"), "{}", m.text);
}

#[test]
fn empty_form_does_not_search() {
    let mut s = st();
    assert!(code(&mut s, KeyCode::Enter).is_empty());
    assert!(s.message.is_some());
    assert_eq!(s.pane, Pane::Search);
}

#[test]
fn cursor_stays_in_the_window_when_scrolling() {
    let (mut s, _) = with_results(100, 50);
    let page = s.grid_rows();
    code(&mut s, KeyCode::PageDown);
    assert_eq!(s.results.grid.cursor.pos, page);
    assert!(
        s.results.grid.cursor.top <= s.results.grid.cursor.pos
            && s.results.grid.cursor.pos < s.results.grid.cursor.top + page
    );
    ch(&mut s, 'G');
    assert_eq!(s.results.grid.cursor.pos, 99);
    assert_eq!(s.results.grid.cursor.top, 100 - page);
    ch(&mut s, 'g');
    assert_eq!(
        (s.results.grid.cursor.pos, s.results.grid.cursor.top),
        (0, 0)
    );
    send(
        &mut s,
        Msg::Resize {
            width: 40,
            height: 10,
        },
    );
    ch(&mut s, 'G');
    assert_eq!(s.results.grid.cursor.top, 100 - s.grid_rows());
}

#[test]
fn a_silent_archive_shows_how_long_it_has_been() {
    let mut s = st();
    typed(&mut s, "M101");
    search_req(&code(&mut s, KeyCode::Enter));
    // Ticks start with the busy period; the first one marks the start.
    send(&mut s, Msg::Tick { now_ms: 90_000 });
    send(&mut s, Msg::Tick { now_ms: 93_000 });
    assert!(
        s.activities()
            .iter()
            .any(|a| a.starts_with("search 0 rows"))
    );
    send(&mut s, Msg::Tick { now_ms: 98_000 });
    let acts = s.activities();
    assert!(
        acts.iter()
            .any(|a| a == "search: no answer for 8 s (Esc stops)"),
        "{acts:?}"
    );
}

#[test]
fn a_job_that_died_of_a_bug_stops_the_wait() {
    let mut s = st();
    typed(&mut s, "M101");
    let req = search_req(&code(&mut s, KeyCode::Enter));
    send(
        &mut s,
        Msg::JobFailed {
            req,
            message: "index out of bounds".into(),
        },
    );
    assert!(s.results.paging.loading.is_none());
    let m = s.message.clone().expect("an error message");
    assert!(
        m.text.contains("index out of bounds") && m.text.contains("bug"),
        "{}",
        m.text
    );
    // An unknown request's failure still says something, and changes nothing else.
    send(
        &mut s,
        Msg::JobFailed {
            req: ReqId(999),
            message: "boom".into(),
        },
    );
    assert!(s.message.as_ref().is_some_and(|m| m.text.contains("boom")));
}

/// Counts `n` matches for "JWST" in the collection field and presses Enter.
fn enter_with_count(s: &mut State, n: u64) -> Vec<Cmd> {
    code(s, KeyCode::Tab);
    code(s, KeyCode::Tab);
    typed(s, "JWST");
    let edit = s.search.edit;
    let cmds = send(s, Msg::Timer(Timer::CountDebounce { edit }));
    let Some(Cmd::Count { req, .. }) = cmds.first() else {
        panic!("count expected: {cmds:?}")
    };
    send(
        s,
        Msg::Count {
            req: *req,
            result: Ok(n),
        },
    );
    code(s, KeyCode::Enter)
}

#[test]
fn a_search_over_the_row_cap_shows_its_split_plan_before_it_starts() {
    let mut s = st();
    let cmds = enter_with_count(&mut s, 1_234_567);
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Search { .. })));
    let Some(Overlay::Confirm(c)) = s.overlay() else {
        panic!("a question first: {:?}", s.overlay())
    };
    assert!(
        c.question.contains("1,234,567")
            && c.question.contains("500,000")
            && c.question.contains("3 or more parts of about 411,523 rows")
            && c.question.contains("t_min"),
        "{}",
        c.question
    );
    // No: nothing runs. Yes: the search starts.
    ch(&mut s, 'n');
    assert!(s.overlay().is_none());
    code(&mut s, KeyCode::Enter);
    let cmds = ch(&mut s, 'y');
    assert!(
        cmds.iter().any(|c| matches!(c, Cmd::Search { .. })),
        "{cmds:?}"
    );

    // The cap is the client's: a low one (MASTUI_ROW_CAP) plans small parts.
    let mut s = st();
    s.search.row_cap = 3_000;
    enter_with_count(&mut s, 8_000);
    let Some(Overlay::Confirm(c)) = s.overlay() else {
        panic!("a question first")
    };
    assert!(
        c.question.contains("3 or more parts of about 2,667 rows"),
        "{}",
        c.question
    );
    // Under the cap, no question.
    let mut s = st();
    let cmds = enter_with_count(&mut s, 120_000);
    assert!(s.overlay().is_none());
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Search { .. })));
}
