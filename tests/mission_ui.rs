//! Missions and cutouts in the browser, as transitions of the pure state machine: a mission
//! on the form's source line (its fields, its conditions checked against its columns, its
//! count), Enter into the mission pane, `p` from datasets to their files in the products
//! pane, and `X` from any row with a position to the cutout form and into the basket.
use std::sync::Arc;

use mastui::app::component::Component;
use mastui::app::effect::CutoutPlace;
use mastui::app::focus::Pane;
use mastui::app::msg::Timer;
use mastui::app::overlays::cutout::{Listing, Part};
use mastui::app::overlays::stack::Overlay;
use mastui::app::panes::search::form::{CountState, FieldId};
use mastui::app::{Cmd, Key, KeyCode, Msg, ReqId, State, update};
use mastui::mast::MastError;
use mastui::mast::basket_messages::BasketRequest;
use mastui::mast::criteria::{Criteria, Target, Term};
use mastui::mast::cutouts::services::{Center, Sector, Service};
use mastui::mast::cutouts::size::CutoutSize;
use mastui::mast::missions_search::columns::MissionColumns;
use mastui::mast::missions_search::query::MissionQuery;
use mastui::mast::product_batch::ProductBatch;
use mastui::mast::product_merge::ProductMerger;
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

fn find<T>(cmds: &[Cmd], what: &str, f: impl Fn(&Cmd) -> Option<T>) -> T {
    cmds.iter()
        .find_map(f)
        .unwrap_or_else(|| panic!("{what} in {cmds:?}"))
}

fn columns_req(cmds: &[Cmd]) -> (ReqId, String) {
    find(cmds, "a column list", |c| match c {
        Cmd::MissionColumns { req, mission } => Some((*req, mission.clone())),
        _ => None,
    })
}

fn mission_search(cmds: &[Cmd]) -> (ReqId, MissionQuery) {
    find(cmds, "a missions search", |c| match c {
        Cmd::MissionSearch { req, query } => Some((*req, query.clone())),
        _ => None,
    })
}

/// JWST's columns, as `column_list` gives them (a few).
fn jwst_columns() -> MissionColumns {
    MissionColumns::from_json(
        br#"[{"column_name": "fileSetName", "qual_type": "string", "default_output": "yes"},
            {"column_name": "targprop", "qual_type": "string", "default_output": "yes"},
            {"column_name": "instrume", "qual_type": "string", "default_output": "yes"},
            {"column_name": "program", "qual_type": "integer", "default_output": "yes"},
            {"column_name": "targ_ra", "qual_type": "ra", "default_output": "yes"},
            {"column_name": "targ_dec", "qual_type": "dec", "default_output": "yes"}]"#,
    )
    .expect("a column list")
}

/// JWST on the source line (Up to it, `j`), its conditions field focused; the column list
/// answered.
fn jwst_form(s: &mut State) {
    code(s, KeyCode::Up);
    let cmds = key(s, Key::ch('j'));
    assert_eq!(s.search.source.label(), "JWST");
    let (req, mission) = columns_req(&cmds);
    assert_eq!(mission, "jwst");
    update(
        s,
        Msg::MissionColumns {
            req,
            result: Ok(jwst_columns()),
        },
    );
    s.search.focus_on(FieldId::MisConditions);
}

/// JWST datasets of program 1073, the second without a position.
fn datasets(n: usize) -> Arc<Table> {
    let mut t = Table::default();
    for i in 0..n {
        let name = format!("jw01073-o{:03}_t001_nircam_clear-f150w", i + 1);
        t.push_row([
            ("fileSetName", Cell::Text(&name)),
            ("targprop", Cell::Text("NGC-1365")),
            ("instrume", Cell::Text("NIRCAM")),
            ("program", Cell::Int(1073)),
            (
                "targ_ra",
                if i == 1 {
                    Cell::Null
                } else {
                    Cell::Float(53.4016)
                },
            ),
            ("targ_dec", Cell::Float(-36.1407)),
            (
                "access",
                Cell::Text(if i == 2 { "EXCLUSIVE_ACCESS" } else { "PUBLIC" }),
            ),
        ]);
    }
    Arc::new(t)
}

fn page(s: &mut State, req: ReqId, table: Arc<Table>) {
    let rows = table.rows() as u64;
    update(
        s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 0,
            rows_filtered: rows,
            table,
        },
    );
    update(
        s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
}

#[test]
fn a_mission_on_the_source_line_has_its_own_fields_and_conditions() {
    let mut s = st();
    typed(&mut s, "NGC 1365");
    code(&mut s, KeyCode::Up);
    // `h` steps through HSC's entries to HST; the target came along.
    for _ in 0..4 {
        if s.search.source.label() == "HST" {
            break;
        }
        key(&mut s, Key::ch('h'));
    }
    assert_eq!(s.search.source.label(), "HST");
    let shown: Vec<FieldId> = s.search.shown().map(|(_, f)| f.id).collect();
    assert_eq!(
        shown,
        [
            FieldId::Source,
            FieldId::MisTarget,
            FieldId::MisRadius,
            FieldId::MisConditions
        ]
    );
    assert_eq!(s.search.value(FieldId::MisTarget), "NGC 1365");
    s.search
        .set_value(FieldId::MisConditions, "sci_instrume=ACS");
    // JWST's conditions are its own: HST's wait for the way back.
    key(&mut s, Key::ch('j'));
    assert_eq!(s.search.source.label(), "JWST");
    assert_eq!(s.search.value(FieldId::MisConditions), "");
    s.search.set_value(FieldId::MisConditions, "program=1073");
    code(&mut s, KeyCode::Left);
    assert_eq!(s.search.source.label(), "HST");
    assert_eq!(s.search.value(FieldId::MisConditions), "sci_instrume=ACS");
    code(&mut s, KeyCode::Right);
    assert_eq!(s.search.value(FieldId::MisConditions), "program=1073");
    // The observations' fields are untouched.
    assert_eq!(s.search.value(FieldId::Target), "NGC 1365");
}

#[test]
fn conditions_are_checked_against_the_missions_columns_as_typed() {
    let mut s = st();
    jwst_form(&mut s);
    s.search.editing = true;
    // Before its list came nothing could be said; now a wrong name is named, with the
    // closest one.
    typed(&mut s, "PROGRAM=1073");
    let p = s.search.focused_field().problem.clone().expect("a problem");
    assert!(p.contains("jwst has no column 'PROGRAM'"), "{p}");
    assert!(p.contains("did you mean 'program'"), "{p}");
    assert_eq!(s.search.count, CountState::Idle);
    let cmds = code(&mut s, KeyCode::Enter);
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::MissionSearch { .. })));
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("fix the form first")
    );
    // Fixed: the count asks the mission.
    s.search
        .set_value(FieldId::MisConditions, "program=1073; instrume=NIRCAM");
    assert!(s.search.focused_field().problem.is_none());
    typed(&mut s, " ");
    let edit = s.search.edit;
    let cmds = update(&mut s, Msg::Timer(Timer::CountDebounce { edit }));
    let (req, q) = find(&cmds, "a mission count", |c| match c {
        Cmd::MissionCount { req, query } => Some((*req, query.clone())),
        _ => None,
    });
    assert_eq!(q.mission, "jwst");
    assert_eq!(
        q.conditions,
        [
            ("program".to_string(), "1073".to_string()),
            ("instrume".to_string(), "NIRCAM".to_string())
        ]
    );
    update(
        &mut s,
        Msg::Count {
            req,
            result: Ok(15),
        },
    );
    assert_eq!(s.search.count, CountState::Known(15));
}

#[test]
fn the_radius_is_the_apis_and_needs_a_target() {
    let mut s = st();
    jwst_form(&mut s);
    s.search.set_value(FieldId::MisRadius, "3'");
    s.search.focus_on(FieldId::MisRadius);
    let p = s.search.focused_field().problem.clone().expect("a problem");
    assert!(p.contains("needs a target"), "{p}");
    s.search.set_value(FieldId::MisTarget, "53.4 -36.14");
    s.search.set_value(FieldId::MisRadius, "45'");
    let p = s.search.focused_field().problem.clone().expect("a problem");
    assert!(p.contains("up to 30'"), "{p}");
    s.search.set_value(FieldId::MisRadius, "0.1");
    assert!(s.search.focused_field().problem.is_none());
    let q = s.search.mission_query("jwst").expect("a query");
    assert!((q.radius_arcmin.unwrap() - 6.0).abs() < 1e-9);
    assert!(matches!(q.targets[..], [Target::Coords(_)]));
    // Nothing to search by: said, nothing sent.
    let mut s = st();
    jwst_form(&mut s);
    let cmds = code(&mut s, KeyCode::Enter);
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::MissionSearch { .. })));
    let m = s.message.as_ref().expect("a message").text.clone();
    assert!(
        m.contains("JWST") && m.contains("target or conditions"),
        "{m}"
    );
}

#[test]
fn enter_searches_into_the_mission_pane_and_p_lists_the_datasets_files() {
    let mut s = st();
    jwst_form(&mut s);
    s.search.set_value(FieldId::MisConditions, "program=1073");
    let (req, q) = mission_search(&code(&mut s, KeyCode::Enter));
    assert_eq!(q.mission, "jwst");
    assert_eq!(s.pane, Pane::Mission);
    assert_eq!(s.mission.name(), "JWST");
    assert!(s.mission.paging.loading.is_some());
    page(&mut s, req, datasets(4));
    assert_eq!(s.mission.len(), 4);
    // The mission's own columns lead, its dataset column first; exclusive rows are marked.
    let first = s.mission.grid.columns.visible[0];
    assert_eq!(s.mission.table.data.names()[first], "fileSetName");
    // Marks (Space marks and moves on), then p: the files of the two marked datasets, in
    // the products pane.
    key(&mut s, Key::ch(' '));
    key(&mut s, Key::ch(' '));
    let cmds = key(&mut s, Key::ch('p'));
    let (preq, mission, names) = find(&cmds, "a dataset products fetch", |c| match c {
        Cmd::MissionProducts {
            req,
            mission,
            datasets,
        } => Some((*req, mission.clone(), datasets.clone())),
        _ => None,
    });
    assert_eq!(mission, "jwst");
    assert_eq!(
        names,
        [
            "jw01073-o001_t001_nircam_clear-f150w",
            "jw01073-o002_t001_nircam_clear-f150w"
        ]
    );
    assert_eq!(s.pane, Pane::Products);
    assert_eq!(s.products.unit, "datasets");
    assert!(s.products.activity(0)[0].contains("datasets 0/2"));
    // The files arrive in the products' columns; b sends them to the basket.
    let mut t = Table::default();
    for (d, f) in [("o001", "a_cal.fits"), ("o002", "b_cal.fits")] {
        let dataset = format!("jw01073-{d}_t001_nircam_clear-f150w");
        let uri = format!("mast:JWST/product/{f}");
        t.push_row([
            ("obs_id", Cell::Text(&dataset)),
            ("obs_collection", Cell::Text("jwst")),
            ("productFilename", Cell::Text(f)),
            ("size", Cell::Int(2880)),
            ("dataRights", Cell::Text("PUBLIC")),
            ("productType", Cell::Text("SCIENCE")),
            ("dataURI", Cell::Text(&uri)),
        ]);
    }
    update(
        &mut s,
        Msg::ProductsBatch {
            req: preq,
            batch: Arc::new(ProductBatch::prepare(&mut ProductMerger::default(), t)),
            done: 2,
            total: 2,
        },
    );
    update(
        &mut s,
        Msg::Products {
            req: preq,
            result: Ok(Default::default()),
        },
    );
    assert_eq!(s.products.total(), 2);
    key(&mut s, Key::ch('a'));
    let cmds = key(&mut s, Key::ch('b'));
    let products = find(&cmds, "files for the basket", |c| match c {
        Cmd::Basket(BasketRequest::Add(p)) => Some(p.clone()),
        _ => None,
    });
    assert_eq!(products.len(), 2);
    // Astroquery's missions layout: mastDownload/<mission>/<dataset>/.
    assert_eq!(products[0].obs_collection, "jwst");
    assert_eq!(products[0].obs_id, "jw01073-o001_t001_nircam_clear-f150w");
    // Back in the mission pane, nothing was lost; 6 reaches it too.
    key(&mut s, Key::ch('6'));
    assert_eq!(s.pane, Pane::Mission);
    assert_eq!(s.mission.grid.marks.count(), 2);
}

#[test]
fn a_failed_search_and_a_failed_column_list_are_said() {
    let mut s = st();
    code(&mut s, KeyCode::Up);
    let cmds = key(&mut s, Key::ch('j'));
    let (req, _) = columns_req(&cmds);
    update(
        &mut s,
        Msg::MissionColumns {
            req,
            result: Err(MastError::Cancelled),
        },
    );
    assert!(s.search.columns_req.is_none());
    // Without the list the form still searches; the worker checks names then.
    s.search.set_value(FieldId::MisConditions, "PROGRAM=1073");
    assert!(!s.search.has_problems());
    let (req, _) = mission_search(&code(&mut s, KeyCode::Enter));
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Err(MastError::Protocol {
                what: "jwst search".into(),
                message: "HTTP 500".into(),
            }),
        },
    );
    assert!(s.mission.paging.failed.is_some());
    assert!(s.message.as_ref().unwrap().text.contains("JWST search"));
}

fn jwst_pane(s: &mut State, n: usize) {
    jwst_form(s);
    s.search.set_value(FieldId::MisConditions, "program=1073");
    let (req, _) = mission_search(&code(s, KeyCode::Enter));
    page(s, req, datasets(n));
}

fn cutout_form(s: &State) -> &mastui::app::overlays::cutout::CutoutForm {
    match s.overlays.last() {
        Some(Overlay::Cutout(f)) => f,
        other => panic!("the cutout form, not {other:?}"),
    }
}

fn sectors_req(cmds: &[Cmd]) -> (ReqId, f64, f64) {
    find(cmds, "a sector list", |c| match c {
        Cmd::CutoutSectors { req, ra, dec } => Some((*req, *ra, *dec)),
        _ => None,
    })
}

fn sector(n: u32) -> Sector {
    Sector {
        sector_name: format!("tess-s{n:04}-4-3"),
        sector: n,
        camera: 4,
        ccd: 3,
    }
}

#[test]
fn x_opens_the_cutout_form_which_queues_a_tesscut_cutout() {
    let mut s = st();
    jwst_pane(&mut s, 3);
    let cmds = key(&mut s, Key::ch('X'));
    let (req, ra, dec) = sectors_req(&cmds);
    assert_eq!((ra, dec), (53.4016, -36.1407));
    let f = cutout_form(&s);
    assert_eq!(f.service, Service::Tesscut);
    assert_eq!(f.part, Part::Size);
    assert_eq!(f.place.name, "jw01073-o001_t001_nircam_clear-f150w");
    // The sectors arrive; Tab to the list, pick two of three.
    update(
        &mut s,
        Msg::CutoutSectors {
            req,
            result: Ok(vec![sector(3), sector(4), sector(30)]),
        },
    );
    assert_eq!(cutout_form(&s).sectors.items().len(), 3);
    code(&mut s, KeyCode::Tab);
    assert_eq!(cutout_form(&s).part, Part::List);
    key(&mut s, Key::ch(' '));
    key(&mut s, Key::ch('j'));
    key(&mut s, Key::ch('j'));
    key(&mut s, Key::ch(' '));
    assert_eq!(cutout_form(&s).picked, [3, 30]);
    // The size as typed: a bad one is named and nothing is queued.
    code(&mut s, KeyCode::BackTab);
    assert_eq!(cutout_form(&s).part, Part::Size);
    key(&mut s, Key::ctrl('u'));
    typed(&mut s, "5furlongs");
    assert!(
        cutout_form(&s)
            .size_problem
            .as_deref()
            .is_some_and(|p| p.contains("accepted"))
    );
    let cmds = code(&mut s, KeyCode::Enter);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(s.message.as_ref().unwrap().text.contains("size"));
    assert!(!s.overlays.is_empty(), "the form stays open");
    for _ in 0.."furlongs".len() {
        code(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "x3");
    let cmds = code(&mut s, KeyCode::Enter);
    let (request, folder) = find(&cmds, "a cutout for the basket", |c| match c {
        Cmd::Basket(BasketRequest::AddCutout { request, folder }) => {
            Some((request.clone(), folder.clone()))
        }
        _ => None,
    });
    assert_eq!(request.service, Service::Tesscut);
    assert_eq!(request.size, CutoutSize::Pixels { x: 5, y: 3 });
    assert_eq!(request.sectors, [3, 30]);
    let Center::Position(at) = request.center else {
        panic!("a position")
    };
    assert_eq!((at.ra, at.dec), (53.4016, -36.1407));
    assert_eq!(folder, "jw01073-o001_t001_nircam_clear-f150w");
    assert!(s.overlays.is_empty());
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("queued in the basket")
    );
}

#[test]
fn every_sector_picked_asks_for_all_and_none_there_refuses() {
    let mut s = st();
    jwst_pane(&mut s, 1);
    let (req, _, _) = sectors_req(&key(&mut s, Key::ch('X')));
    update(
        &mut s,
        Msg::CutoutSectors {
            req,
            result: Ok(vec![sector(1), sector(2)]),
        },
    );
    code(&mut s, KeyCode::Tab);
    key(&mut s, Key::ch('a'));
    assert_eq!(cutout_form(&s).picked, [1, 2]);
    let req = cutout_form(&s).request().expect("a request");
    assert!(req.sectors.is_empty(), "all of them: the service's default");
    // A position no sector saw: nothing to queue, said.
    let mut s = st();
    jwst_pane(&mut s, 1);
    let (req, _, _) = sectors_req(&key(&mut s, Key::ch('X')));
    update(
        &mut s,
        Msg::CutoutSectors {
            req,
            result: Ok(vec![]),
        },
    );
    let cmds = code(&mut s, KeyCode::Enter);
    assert!(cmds.is_empty());
    assert!(s.message.as_ref().unwrap().text.contains("no TESS sector"));
}

#[test]
fn zcut_asks_for_its_surveys_and_hapcut_needs_no_list() {
    let mut s = st();
    jwst_pane(&mut s, 1);
    key(&mut s, Key::ch('X'));
    code(&mut s, KeyCode::BackTab);
    assert_eq!(cutout_form(&s).part, Part::Service);
    let cmds = code(&mut s, KeyCode::Right);
    assert_eq!(cutout_form(&s).service, Service::Zcut);
    let req = find(&cmds, "a survey list", |c| match c {
        Cmd::CutoutSurveys { req, .. } => Some(*req),
        _ => None,
    });
    update(
        &mut s,
        Msg::CutoutSurveys {
            req,
            result: Ok(vec!["goods_south".into(), "candels_gs_30mas".into()]),
        },
    );
    code(&mut s, KeyCode::Tab);
    code(&mut s, KeyCode::Tab);
    key(&mut s, Key::ch('j'));
    key(&mut s, Key::ch(' '));
    assert_eq!(cutout_form(&s).survey.as_deref(), Some("candels_gs_30mas"));
    let cmds = code(&mut s, KeyCode::Enter);
    let request = find(&cmds, "a cutout", |c| match c {
        Cmd::Basket(BasketRequest::AddCutout { request, .. }) => Some(request.clone()),
        _ => None,
    });
    assert_eq!(request.service, Service::Zcut);
    assert_eq!(request.survey.as_deref(), Some("candels_gs_30mas"));
    // HAPcut: service and size only; switching there asks nothing.
    let mut s = st();
    jwst_pane(&mut s, 1);
    key(&mut s, Key::ch('X'));
    code(&mut s, KeyCode::BackTab);
    let cmds = code(&mut s, KeyCode::Left);
    assert_eq!(cutout_form(&s).service, Service::Hapcut);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert_eq!(cutout_form(&s).parts(), [Part::Service, Part::Size]);
}

#[test]
fn esc_closes_the_form_and_drops_its_late_answers() {
    let mut s = st();
    jwst_pane(&mut s, 1);
    let (req, _, _) = sectors_req(&key(&mut s, Key::ch('X')));
    let cmds = code(&mut s, KeyCode::Esc);
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Cancel(r) if *r == req))
    );
    assert!(s.overlays.is_empty());
    update(
        &mut s,
        Msg::CutoutSectors {
            req,
            result: Ok(vec![sector(1)]),
        },
    );
    assert!(s.overlays.is_empty());
    assert!(s.message.is_none(), "{:?}", s.message);
}

#[test]
fn x_from_results_and_catalog_rows_and_rows_without_a_position() {
    // An observation: its s_ra/s_dec, named by its obs_id.
    let mut s = st();
    let criteria = Criteria {
        terms: vec![Term::new("proposal_id", "1073")],
        ..Criteria::default()
    };
    let cmds = mastui::app::update::start_search(&mut s, criteria);
    let req = find(&cmds, "a search", |c| match c {
        Cmd::Search { req, .. } => Some(*req),
        _ => None,
    });
    let mut t = Table::default();
    t.push_row([
        ("obs_id", Cell::Text("jw01073-o001_t001_nircam_clear-f150w")),
        ("obsid", Cell::Int(2003738726)),
        ("s_ra", Cell::Float(53.39355)),
        ("s_dec", Cell::Float(-36.14639)),
    ]);
    t.push_row([
        ("obs_id", Cell::Text("nowhere")),
        ("obsid", Cell::Int(1)),
        ("s_ra", Cell::Null),
        ("s_dec", Cell::Null),
    ]);
    page(&mut s, req, Arc::new(t));
    let (_, ra, _) = sectors_req(&key(&mut s, Key::ch('X')));
    assert_eq!(ra, 53.39355);
    assert_eq!(
        cutout_form(&s).place,
        CutoutPlace {
            ra: 53.39355,
            dec: -36.14639,
            name: "jw01073-o001_t001_nircam_clear-f150w".into()
        }
    );
    code(&mut s, KeyCode::Esc);
    key(&mut s, Key::ch('j'));
    let cmds = key(&mut s, Key::ch('X'));
    assert!(cmds.is_empty());
    assert!(s.overlays.is_empty());
    let m = s.message.as_ref().unwrap().text.clone();
    assert!(m.contains("no position (s_ra, s_dec)"), "{m}");
    // A catalog source: named by its catalog and id.
    let mut s = st();
    code(&mut s, KeyCode::Up);
    key(&mut s, Key::ch('t'));
    s.search.set_value(FieldId::CatTarget, "53.39 -36.15");
    let cmds = code(&mut s, KeyCode::Enter);
    let req = find(&cmds, "a catalog search", |c| match c {
        Cmd::CatalogSearch { req, .. } => Some(*req),
        _ => None,
    });
    let mut t = Table::default();
    t.push_row([
        ("ID", Cell::Text("50000060")),
        ("ra", Cell::Float(53.3928477)),
        ("dec", Cell::Float(-36.152969)),
    ]);
    page(&mut s, req, Arc::new(t));
    assert_eq!(s.pane, Pane::Catalog);
    key(&mut s, Key::ch('X'));
    assert_eq!(cutout_form(&s).place.name, "TIC 50000060");
    assert!(matches!(cutout_form(&s).sectors, Listing::Loading(_)));
    // A mission dataset without a position: refused plainly.
    let mut s = st();
    jwst_pane(&mut s, 3);
    key(&mut s, Key::ch('j'));
    let cmds = key(&mut s, Key::ch('X'));
    assert!(cmds.is_empty());
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("no position to cut around")
    );
}
