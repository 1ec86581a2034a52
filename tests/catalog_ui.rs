//! Catalogs in the browser, as transitions of the pure state machine: the form's source
//! line, a catalog search into the catalog pane, the live count, `O` from a source to the
//! observations around it, and `C` from an observation to the catalog sources in its
//! footprint.
use std::sync::Arc;

use mastui::app::focus::Pane;
use mastui::app::msg::Timer;
use mastui::app::panes::search::form::{CountState, FieldId};
use mastui::app::panes::search::source::Source;
use mastui::app::{Cmd, Key, KeyCode, Msg, ReqId, State, update};
use mastui::mast::catalogs::{Catalog, CatalogQuery, GaiaRelease};
use mastui::mast::criteria::{Criteria, Target, Term};
use mastui::mast::table::{Cell, Table};

fn st() -> State {
    State::new("http://127.0.0.1:1", 100, 30)
}

fn key(s: &mut State, k: Key) -> Vec<Cmd> {
    update(s, Msg::Key(k))
}

fn code(s: &mut State, c: KeyCode) -> Vec<Cmd> {
    key(s, Key::new(c))
}

fn typed(s: &mut State, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| key(s, Key::ch(c))).collect()
}

fn catalog_search(cmds: &[Cmd]) -> (ReqId, CatalogQuery) {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::CatalogSearch { req, query } => Some((*req, query.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("a catalog search in {cmds:?}"))
}

fn search(cmds: &[Cmd]) -> (ReqId, Criteria) {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Search { req, criteria, .. } => Some((*req, criteria.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("an observation search in {cmds:?}"))
}

/// TIC sources: the first at (53.3928477, -36.152969), the rest further north.
fn tic_page(n: usize) -> Arc<Table> {
    let mut t = Table::default();
    for i in 0..n {
        let id = format!("{}", 50000060 + i);
        t.push_row([
            ("ID", Cell::Text(&id)),
            ("ra", Cell::Float(53.3928477)),
            ("dec", Cell::Float(-36.152969 + i as f64 * 0.01)),
            ("Tmag", Cell::Float(10.5 + i as f64)),
            ("dstArcSec", Cell::Float(51.87 + i as f64)),
        ]);
    }
    Arc::new(t)
}

fn page(s: &mut State, req: ReqId, table: Arc<Table>) -> Vec<Cmd> {
    let rows = table.rows() as u64;
    let mut cmds = update(
        s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: rows,
            table,
        },
    );
    cmds.extend(update(
        s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    ));
    cmds
}

/// The form on TIC (Up to the source line, → once), the target typed.
fn tic_form(s: &mut State, target: &str) {
    code(s, KeyCode::Up);
    assert_eq!(s.search.focused(), FieldId::Source);
    code(s, KeyCode::Right);
    assert_eq!(s.search.source, Source::Catalog(Catalog::Tic));
    code(s, KeyCode::Tab);
    assert_eq!(s.search.focused(), FieldId::CatTarget);
    typed(s, target);
}

#[test]
fn the_source_line_changes_the_fields_and_keeps_what_was_typed() {
    let mut s = st();
    // Typing at start still goes into the observations' target.
    typed(&mut s, "NGC 1365");
    assert_eq!(s.search.value(FieldId::Target), "NGC 1365");
    code(&mut s, KeyCode::Up);
    assert_eq!(s.search.focused(), FieldId::Source);
    // Letters jump: g is Gaia DR3, again g is Gaia DR2; a letter types nothing.
    key(&mut s, Key::ch('g'));
    assert_eq!(
        s.search.source,
        Source::Catalog(Catalog::Gaia(GaiaRelease::Dr3))
    );
    key(&mut s, Key::ch('g'));
    assert_eq!(
        s.search.source,
        Source::Catalog(Catalog::Gaia(GaiaRelease::Dr2))
    );
    // The target came along to the catalog's own field.
    assert_eq!(s.search.value(FieldId::CatTarget), "NGC 1365");
    let shown: Vec<FieldId> = s.search.shown().map(|(_, f)| f.id).collect();
    assert_eq!(
        shown,
        [
            FieldId::Source,
            FieldId::CatTarget,
            FieldId::CatRadius,
            FieldId::AroundRadius
        ]
    );
    // TIC takes criteria: the field shows.
    key(&mut s, Key::ch('t'));
    assert_eq!(s.search.source, Source::Catalog(Catalog::Tic));
    assert!(s.search.shown().any(|(_, f)| f.id == FieldId::CatCriteria));
    // Back to observations (← wraps through the list): every observation field is there,
    // with the target as typed, and none of the catalog's.
    for _ in 0..20 {
        if s.search.source == Source::Observations {
            break;
        }
        code(&mut s, KeyCode::Left);
    }
    assert_eq!(s.search.source, Source::Observations);
    assert_eq!(s.search.value(FieldId::Target), "NGC 1365");
    assert!(s.search.shown().all(|(_, f)| f.id != FieldId::CatTarget));
    assert!(s.search.shown().any(|(_, f)| f.id == FieldId::Collection));
    // Tab from the source line goes to the target.
    code(&mut s, KeyCode::Tab);
    assert_eq!(s.search.focused(), FieldId::Target);
}

#[test]
fn enter_runs_the_catalog_search_in_the_catalog_pane() {
    let mut s = st();
    tic_form(&mut s, "NGC 1365");
    code(&mut s, KeyCode::Down);
    typed(&mut s, "1'");
    code(&mut s, KeyCode::Down);
    assert_eq!(s.search.focused(), FieldId::CatCriteria);
    typed(&mut s, "Tmag=..12; lumclass=DWARF");
    let cmds = code(&mut s, KeyCode::Enter);
    let (req, q) = catalog_search(&cmds);
    assert_eq!(q.catalog, Catalog::Tic);
    assert_eq!(q.target, Some(Target::Name("NGC 1365".into())));
    assert!((q.radius() - 1.0 / 60.0).abs() < 1e-12);
    assert_eq!(
        q.terms,
        vec![Term::new("Tmag", "..12"), Term::new("lumclass", "DWARF")]
    );
    assert_eq!(s.pane, Pane::Catalog);
    assert_eq!(s.catalog.name(), "TIC");
    assert!(s.catalog.paging.loading.is_some());
    page(&mut s, req, tic_page(3));
    assert_eq!(s.catalog.len(), 3);
    assert!(s.catalog.paging.loading.is_none());
    // The catalog's own columns lead, its id first.
    let first = s.catalog.grid.columns.visible[0];
    assert_eq!(s.catalog.table.data.names()[first], "ID");
    // The observations' results were not touched.
    assert!(s.results.data().is_empty());
}

#[test]
fn a_catalog_that_needs_a_position_says_so_and_sends_nothing() {
    let mut s = st();
    code(&mut s, KeyCode::Up);
    key(&mut s, Key::ch('g'));
    let cmds = code(&mut s, KeyCode::Enter);
    assert!(cmds.is_empty(), "{cmds:?}");
    let m = s.message.as_ref().expect("a message").text.clone();
    assert!(m.contains("Gaia DR3 needs a target"), "{m}");
    assert_eq!(s.pane, Pane::Search);
    // A radius without a target is a field problem, named.
    code(&mut s, KeyCode::Down);
    code(&mut s, KeyCode::Down);
    assert_eq!(s.search.focused(), FieldId::CatRadius);
    typed(&mut s, "3'");
    assert!(
        s.search
            .focused_field()
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("needs a target"))
    );
}

#[test]
fn the_live_count_asks_the_catalog() {
    let mut s = st();
    tic_form(&mut s, "NGC 1365");
    assert_eq!(s.search.count, CountState::Waiting);
    let edit = s.search.edit;
    let cmds = update(&mut s, Msg::Timer(Timer::CountDebounce { edit }));
    let (req, q) = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::CatalogCount { req, query } => Some((*req, query.clone())),
            _ => None,
        })
        .expect("a catalog count");
    assert_eq!(q.catalog, Catalog::Tic);
    update(&mut s, Msg::Count { req, result: Ok(6) });
    assert_eq!(s.search.count, CountState::Known(6));
}

#[test]
fn o_searches_observations_around_the_source_with_the_forms_radius() {
    let mut s = st();
    tic_form(&mut s, "NGC 1365");
    s.search.set_value(FieldId::AroundRadius, "1'");
    let (req, _) = catalog_search(&code(&mut s, KeyCode::Enter));
    page(&mut s, req, tic_page(3));
    key(&mut s, Key::ch('j'));
    let cmds = key(&mut s, Key::ch('O'));
    let (_, c) = search(&cmds);
    let Some(Target::Coords(at)) = c.target else {
        panic!("a cone: {c:?}")
    };
    assert!((at.ra - 53.3928477).abs() < 1e-9);
    assert!((at.dec - (-36.142969)).abs() < 1e-9);
    assert!((c.radius_deg.expect("a radius") - 1.0 / 60.0).abs() < 1e-12);
    assert!(c.terms.is_empty());
    assert_eq!(s.pane, Pane::Results);
    // The form says what was searched; the catalog's rows stay for the way back.
    assert_eq!(s.search.source, Source::Observations);
    assert!(s.search.value(FieldId::Target).starts_with("53.3928477 "));
    assert_eq!(s.catalog.len(), 3);
    key(&mut s, Key::ch('5'));
    assert_eq!(s.pane, Pane::Catalog);
    assert_eq!(s.catalog.grid.current_row(&s.catalog.table), Some(1));
}

#[test]
fn stale_pages_do_not_reach_a_newer_search() {
    let mut s = st();
    tic_form(&mut s, "NGC 1365");
    let (old, _) = catalog_search(&code(&mut s, KeyCode::Enter));
    key(&mut s, Key::ch('1'));
    let (new, _) = catalog_search(&code(&mut s, KeyCode::Enter));
    assert_ne!(old, new);
    page(&mut s, old, tic_page(5));
    assert!(s.catalog.table.data.is_empty());
    assert!(s.catalog.paging.loading.is_some());
    page(&mut s, new, tic_page(2));
    assert_eq!(s.catalog.len(), 2);
    // An observation search's pages never land in the catalog, nor the reverse.
    assert!(s.results.data().is_empty());
}

fn observation(s_region: &str) -> Arc<Table> {
    let mut t = Table::default();
    t.push_row([
        ("obs_id", Cell::Text("jw01073-o001_t001_nircam_clear-f150w")),
        ("obsid", Cell::Int(2003738726)),
        ("s_ra", Cell::Float(53.39355)),
        ("s_dec", Cell::Float(-36.14639)),
        ("s_region", Cell::Text(s_region)),
    ]);
    Arc::new(t)
}

fn observations_shown(s: &mut State, s_region: &str) {
    let criteria = Criteria {
        terms: vec![Term::new("proposal_id", "1073")],
        ..Criteria::default()
    };
    let (req, _) = search(&mastui::app::update::start_search(s, criteria));
    page(s, req, observation(s_region));
    assert_eq!(s.pane, Pane::Results);
}

#[test]
fn c_lists_the_last_chosen_catalog_within_the_footprint() {
    let mut s = st();
    // Gaia chosen once in the form, then observations searched.
    code(&mut s, KeyCode::Up);
    key(&mut s, Key::ch('g'));
    key(&mut s, Key::ch('o'));
    assert_eq!(s.search.source, Source::Observations);
    observations_shown(
        &mut s,
        "POLYGON 53.36 -36.17 53.43 -36.17 53.43 -36.12 53.36 -36.12",
    );
    let cmds = key(&mut s, Key::ch('C'));
    let (_, q) = catalog_search(&cmds);
    assert_eq!(q.catalog, Catalog::Gaia(GaiaRelease::Dr3));
    let Some(Target::Coords(at)) = q.target else {
        panic!("a cone: {q:?}")
    };
    assert!((at.ra - 53.39355).abs() < 1e-9);
    // The farthest corner, about 0.036 deg from the centre.
    let r = q.radius();
    assert!(r > 0.03 && r < 0.04, "{r}");
    assert_eq!(s.pane, Pane::Catalog);
    assert_eq!(s.catalog.name(), "Gaia DR3");
    assert_eq!(
        s.search.source,
        Source::Catalog(Catalog::Gaia(GaiaRelease::Dr3))
    );
}

#[test]
fn c_on_a_wide_footprint_looks_half_a_degree_and_says_so() {
    let mut s = st();
    observations_shown(&mut s, "CIRCLE 53.39355 -36.14639 12");
    let cmds = key(&mut s, Key::ch('C'));
    let (_, q) = catalog_search(&cmds);
    assert_eq!(q.catalog, Catalog::Tic);
    assert!((q.radius() - 0.5).abs() < 1e-12);
    let m = s.message.as_ref().expect("a note").text.clone();
    assert!(m.contains("12.00°") && m.contains("0.5°"), "{m}");
}

#[test]
fn o_on_a_source_without_a_position_is_refused_plainly() {
    let mut s = st();
    tic_form(&mut s, "NGC 1365");
    let (req, _) = catalog_search(&code(&mut s, KeyCode::Enter));
    let mut t = Table::default();
    t.push_row([
        ("ID", Cell::Text("1")),
        ("ra", Cell::Null),
        ("dec", Cell::Null),
    ]);
    page(&mut s, req, Arc::new(t));
    let cmds = key(&mut s, Key::ch('O'));
    assert!(cmds.is_empty());
    let m = s.message.as_ref().expect("a message").text.clone();
    assert!(m.contains("no position (ra, dec)"), "{m}");
    assert_eq!(s.pane, Pane::Catalog);
}

#[test]
fn c_on_an_apertures_footprint_looks_at_least_masts_catalog_cone() {
    let mut s = st();
    observations_shown(&mut s, "CIRCLE 53.39355 -36.14639 0.000347");
    let (_, q) = catalog_search(&key(&mut s, Key::ch('C')));
    assert!((q.radius() - 0.02).abs() < 1e-12, "{}", q.radius());
    assert_eq!(s.search.value(FieldId::CatRadius), "0.02");
}
