//! The `:` command line: commands parsed and carried out by the state machine (completion,
//! history, errors kept in the line), and `:export` writing the grid's shown rows, in their
//! order, through the worker's writer into real files (never half-written under the name).
use std::sync::Arc;

use mastui::app::overlays::stack::Overlay;
use mastui::app::{Cmd, Key, KeyCode, Msg, Pane, State, update};
use mastui::mast::basket_messages::{BasketRequest, DownloadSettings};
use mastui::mast::criteria::Criteria;
use mastui::mast::table::{Cell, Table};
use mastui::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn press(s: &mut State, code: KeyCode) -> Vec<Cmd> {
    update(s, Msg::Key(Key::new(code)))
}

fn typed(s: &mut State, text: &str) -> Vec<Cmd> {
    text.chars()
        .flat_map(|c| press(s, KeyCode::Char(c)))
        .collect()
}

fn command(s: &mut State, text: &str) -> Vec<Cmd> {
    press(s, KeyCode::Char(':'));
    assert!(matches!(s.overlay(), Some(Overlay::CommandLine(_))));
    typed(s, text);
    press(s, KeyCode::Enter)
}

fn line(s: &State) -> (String, Option<String>) {
    match s.overlay() {
        Some(Overlay::CommandLine(c)) => (c.input.value().to_string(), c.note.clone()),
        _ => panic!("the command line is open"),
    }
}

fn page(start: usize, n: usize) -> Arc<Table> {
    let names = ["M101", "NGC 1068", "m31"];
    let mut t = Table::default();
    for i in start..start + n {
        let obs_id = format!("jw01073-o{i:03}");
        t.push_row([
            ("obs_id", Cell::Text(&obs_id)),
            ("target_name", Cell::Text(names[i % 3])),
            ("t_exptime", Cell::Float((100 - i % 50) as f64)),
            ("obsid", Cell::Int(1000 + i as i64)),
        ]);
    }
    Arc::new(t)
}

/// The results pane showing 30 observations in 3 pages, the basket's settings known.
fn with_results() -> State {
    let mut s = State::new("http://127.0.0.1:1", 100, 30);
    s.basket.settings = Some(DownloadSettings {
        dir: "/data".into(),
        flat: false,
        parallel: 4,
    });
    let mut criteria = Criteria::default();
    criteria.terms.push(mastui::mast::criteria::Term {
        column: "proposal_id".into(),
        value: "1073".into(),
    });
    let cmds = s.start(Some(criteria));
    let req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Search { req, .. } => Some(*req),
            _ => None,
        })
        .expect("a search");
    for p in 0..3 {
        update(
            &mut s,
            Msg::SearchPage {
                req,
                page: p + 1,
                pages: 3,
                rows_filtered: 30,
                table: page(p as usize * 10, 10),
            },
        );
    }
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    assert_eq!(s.pane, Pane::Results);
    s
}

#[test]
fn commands_reach_the_basket_and_overlays() {
    let mut s = with_results();
    let cmds = command(&mut s, "set parallel=6");
    assert!(s.overlay().is_none());
    assert!(
        matches!(cmds.as_slice(), [Cmd::Basket(BasketRequest::Configure(d))] if d.parallel == 6 && d.dir == "/data"),
        "{cmds:?}"
    );
    let cmds = command(&mut s, "w");
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Basket(BasketRequest::WriteManifest)]
    ));
    let cmds = command(&mut s, "curl");
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::Basket(BasketRequest::WriteCurl)]
    ));
    command(&mut s, "login");
    assert!(matches!(s.overlay(), Some(Overlay::Login(_))));
    press(&mut s, KeyCode::Esc);
    command(&mut s, "q");
    assert!(s.quit);
}

#[test]
fn a_bad_command_stays_in_the_line_with_what_is_accepted() {
    let mut s = with_results();
    assert!(command(&mut s, "crul").is_empty());
    let (text, note) = line(&s);
    assert_eq!(text, "crul");
    assert!(note.unwrap_or_default().contains("did you mean curl"));
    // Letters are text here: q does not quit, 4 does not change pane.
    typed(&mut s, "q4");
    assert!(!s.quit);
    assert_eq!(s.pane, Pane::Results);
    press(&mut s, KeyCode::Esc);
    assert!(s.overlay().is_none());
    command(&mut s, "export results.fits");
    assert!(line(&s).1.unwrap_or_default().contains(".ecsv"));
}

#[test]
fn tab_completes_and_up_walks_the_history() {
    let mut s = with_results();
    command(&mut s, "set parallel=3");
    command(&mut s, "w");
    press(&mut s, KeyCode::Char(':'));
    typed(&mut s, "ex");
    press(&mut s, KeyCode::Tab);
    assert_eq!(line(&s).0, "export ");
    press(&mut s, KeyCode::Esc);

    press(&mut s, KeyCode::Char(':'));
    typed(&mut s, "set ");
    press(&mut s, KeyCode::Tab);
    assert!(line(&s).1.unwrap_or_default().contains("parallel="));
    press(&mut s, KeyCode::Esc);

    press(&mut s, KeyCode::Char(':'));
    typed(&mut s, "draft");
    press(&mut s, KeyCode::Up);
    assert_eq!(line(&s).0, "w");
    press(&mut s, KeyCode::Up);
    assert_eq!(line(&s).0, "set parallel=3");
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Down);
    assert_eq!(line(&s).0, "draft");
}

#[test]
fn export_outside_a_grid_says_where_to_go() {
    let mut s = with_results();
    press(&mut s, KeyCode::Char('4'));
    assert!(command(&mut s, "export x.csv").is_empty());
    let m = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(m.contains("results (2)"), "{m}");
}

#[test]
fn export_writes_the_shown_rows_in_order_and_refuses_to_replace_a_file() {
    let mut s = with_results();
    // Filter to M101 (every third row), across all three pages.
    press(&mut s, KeyCode::Char('/'));
    typed(&mut s, "M101");
    press(&mut s, KeyCode::Enter);
    let shown = s.results.len();
    assert_eq!(shown, 10);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("results.csv");
    let cmds = command(&mut s, &format!("export {}", csv.display()));
    let [
        Cmd::Export {
            rows,
            path,
            force,
            what,
        },
    ] = cmds.as_slice()
    else {
        panic!("{cmds:?}");
    };
    assert_eq!((rows.len(), *force, *what), (10, false, "observations"));
    let said = mastui::worker::export::export(rows, path, *force, what).unwrap();
    assert!(said.starts_with("10 observations written to"), "{said}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "obs_id,target_name,t_exptime,obsid");
    assert_eq!(lines.len(), 11);
    let ids: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let want: Vec<String> = (0..30)
        .step_by(3)
        .map(|i| format!("jw01073-o{i:03}"))
        .collect();
    assert_eq!(ids, want);

    // The same again is refused, and nothing is left half-written; with ! it is replaced.
    let e = mastui::worker::export::export(rows, path, false, what).unwrap_err();
    assert!(e.contains(":export!"), "{e}");
    let ecsv = dir.path().join("results.ecsv");
    let ecsv_s = ecsv.display().to_string();
    mastui::worker::export::export(rows, &ecsv_s, false, what).unwrap();
    let head = std::fs::read_to_string(&ecsv).unwrap();
    assert!(head.starts_with("# %ECSV"), "{head}");
    assert!(
        head.contains("{name: \"obsid\", datatype: int64}"),
        "{head}"
    );
    mastui::worker::export::export(rows, &ecsv_s, true, what).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".part")), "{names:?}");

    // A directory that does not exist: an error, and no file.
    let nowhere = dir.path().join("no/such/dir/x.csv").display().to_string();
    let e = mastui::worker::export::export(rows, &nowhere, false, what).unwrap_err();
    assert!(e.contains("cannot create"), "{e}");
}

#[test]
fn snapshot() {
    let mut s = with_results();
    press(&mut s, KeyCode::Char(':'));
    typed(&mut s, "set ");
    press(&mut s, KeyCode::Tab);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view(&s, &Theme::MONO, f)).unwrap();
    insta::assert_snapshot!("command_line_80x24", t.backend());
}

#[test]
fn save_keeps_the_form_under_a_name_through_the_worker() {
    let mut s = with_results();
    press(&mut s, KeyCode::Char('1'));
    let cmds = command(&mut s, "save weekly");
    assert!(
        matches!(cmds.as_slice(), [Cmd::SaveSearch { name, .. }] if name == "weekly"),
        "{cmds:?}"
    );
    assert!(command(&mut s, "save a/b").is_empty());
    let m = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(m.contains("'a/b' is not a saved search name"), "{m}");
}
