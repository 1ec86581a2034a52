//! Snapshots of every pane and overlay (ratatui TestBackend) at 80x24, 120x40 and a tiny
//! size, plus "no panic at any size" and the monochrome selection.
use std::sync::Arc;

use mastui::app::effect::{Effect, OverlayRequest};
use mastui::app::focus::Pane;
use mastui::app::panes::search::form::{CountState, FieldId};
use mastui::app::panes::search::source::Source;
use mastui::app::{Key, KeyCode, Msg, ReqId, State, update};
use mastui::mast::catalogs::{Catalog, GaiaRelease, PsTable};
use mastui::mast::criteria::{Criteria, Term};
use mastui::mast::cutouts::services::Sector;
use mastui::mast::missions::Mission;
use mastui::mast::missions_search::columns::MissionColumns;
use mastui::mast::table::{Cell, Table};
use mastui::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

const SIZES: [(u16, u16); 4] = [(80, 24), (120, 40), (40, 10), (30, 6)];

fn observations(n: usize) -> Arc<Table> {
    let targets = ["NGC-1365", "M101", "CAS-A"];
    let filters = ["F150W", "F277W", "F444W"];
    let mut t = Table::default();
    for i in 0..n {
        let obs_id = format!(
            "jw01073-o{:03}_t001_nircam_clear-{}",
            i / 3 + 1,
            filters[i % 3].to_lowercase()
        );
        t.push_row([
            ("intentType", Cell::Text("science")),
            ("obs_collection", Cell::Text("JWST")),
            ("instrument_name", Cell::Text("NIRCAM/IMAGE")),
            ("filters", Cell::Text(filters[i % 3])),
            ("target_name", Cell::Text(targets[i % 3])),
            ("obs_id", Cell::Text(&obs_id)),
            ("s_ra", Cell::Float(53.39355 + i as f64 * 0.001)),
            ("s_dec", Cell::Float(-36.14639)),
            ("dataproduct_type", Cell::Text("image")),
            ("proposal_pi", Cell::Text("Okafor, Adaeze")),
            ("calib_level", Cell::Int(3)),
            ("t_min", Cell::Float(59774.35 + i as f64)),
            (
                "t_exptime",
                if i % 4 == 3 {
                    Cell::Null
                } else {
                    Cell::Float(1202.584)
                },
            ),
            // A hostile title: the escape sequence must not reach the terminal.
            (
                "obs_title",
                Cell::Text("NIRCam survey \u{1b}[31mof NGC 1365"),
            ),
            ("proposal_id", Cell::Text("1073")),
            ("obsid", Cell::Int(2003738726 + i as i64)),
            // Observations 1 and 4 need a login; the column is not among the defaults.
            (
                "dataRights",
                Cell::Text(match i {
                    1 => "EXCLUSIVE_ACCESS",
                    4 => "RESTRICTED",
                    _ => "PUBLIC",
                }),
            ),
        ]);
    }
    Arc::new(t)
}

fn base(w: u16, h: u16) -> State {
    let mut s = State::new("http://127.0.0.1:40123", w, h);
    s.search.missions_req = None;
    s.search.missions = ["GALEX", "HST", "JWST", "K2", "TESS"]
        .iter()
        .enumerate()
        .map(|(i, n)| Mission {
            name: n.to_string(),
            count: 1000 * (i as u64 + 1) * 37,
        })
        .collect();
    s
}

fn with_results(w: u16, h: u16) -> State {
    let mut s = base(w, h);
    let c = Criteria {
        target: None,
        radius_deg: None,
        terms: vec![
            Term {
                column: "obs_collection".into(),
                value: "JWST".into(),
            },
            Term {
                column: "proposal_id".into(),
                value: "1073".into(),
            },
        ],
    };
    let cmds = s.start(Some(c));
    let req = cmds
        .iter()
        .find_map(|c| match c {
            mastui::app::Cmd::Search { req, .. } => Some(*req),
            _ => None,
        })
        .unwrap_or(ReqId(0));
    s.search.missions_req = None;
    update(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 2,
            rows_filtered: 45,
            table: observations(30),
        },
    );
    for k in [' ', 'j', ' '] {
        update(&mut s, Msg::Key(Key::ch(k)));
    }
    s
}

/// `x` to `places` decimals, as MAST writes them (computed values carry binary noise).
fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// TIC sources around pi Men, as MAST's TIC cone answers them.
fn tic_sources(n: usize) -> Arc<Table> {
    let classes = ["DWARF", "GIANT", "DWARF", ""];
    let mut t = Table::default();
    for i in 0..n {
        let id = format!("{}", 261136679 + i * 7919);
        t.push_row([
            ("ID", Cell::Text(&id)),
            ("ra", Cell::Float(round(84.291188 + i as f64 * 0.0011, 6))),
            ("dec", Cell::Float(round(-80.469119 + i as f64 * 0.0007, 6))),
            ("Tmag", Cell::Float(round(5.1054 + i as f64 * 0.73, 4))),
            (
                "Teff",
                if i % 5 == 4 {
                    Cell::Null
                } else {
                    Cell::Float(6037.0 - i as f64 * 41.0)
                },
            ),
            ("objType", Cell::Text("STAR")),
            ("lumclass", Cell::Text(classes[i % 4])),
            ("priority", Cell::Float(round(0.0021 * (n - i) as f64, 4))),
            ("dstArcSec", Cell::Float(round(i as f64 * 4.9, 3))),
            ("GAIA", Cell::Text("4623036865373793408")),
            ("Jmag", Cell::Float(round(4.869 + i as f64 * 0.6, 3))),
        ]);
    }
    Arc::new(t)
}

fn with_catalog(w: u16, h: u16) -> State {
    let mut s = base(w, h);
    s.search.set_source(Source::Catalog(Catalog::Tic));
    s.search
        .set_value(FieldId::CatTarget, "84.291188 -80.469119");
    s.search.set_value(FieldId::CatRadius, "0.05");
    let cmds = update(&mut s, Msg::Key(Key::new(KeyCode::Enter)));
    let req = cmds
        .iter()
        .find_map(|c| match c {
            mastui::app::Cmd::CatalogSearch { req, .. } => Some(*req),
            _ => None,
        })
        .expect("Enter starts the catalog search");
    update(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: 40,
            table: tic_sources(40),
        },
    );
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    for k in ['j', ' '] {
        update(&mut s, Msg::Key(Key::ch(k)));
    }
    s
}

/// HST's columns as `column_list` names them (a few).
fn hst_columns() -> MissionColumns {
    MissionColumns::from_json(
        br#"[{"column_name": "sci_data_set_name", "qual_type": "string", "default_output": "yes"},
            {"column_name": "sci_targname", "qual_type": "string", "default_output": "yes"},
            {"column_name": "sci_instrume", "qual_type": "string", "default_output": "yes"},
            {"column_name": "sci_spec_1234", "qual_type": "string", "default_output": "yes"},
            {"column_name": "sci_pep_id", "qual_type": "integer", "default_output": "yes"},
            {"column_name": "sci_ra", "qual_type": "ra", "default_output": "yes"},
            {"column_name": "sci_dec", "qual_type": "dec", "default_output": "yes"}]"#,
    )
    .expect("a column list")
}

/// The form on HST, its column list in, a condition misspelt.
fn with_hst_form(w: u16, h: u16) -> State {
    let mut s = base(w, h);
    let hst = Source::ALL
        .into_iter()
        .find(|s| s.label() == "HST")
        .expect("HST is a source");
    s.search.set_source(hst);
    s.search.mission_columns.insert("hst", hst_columns());
    s.search.set_value(FieldId::MisTarget, "M101");
    s.search.set_value(FieldId::MisRadius, "5'");
    s.search.set_value(
        FieldId::MisConditions,
        "sci_instrume=ACS,WFC3; SCI_PEP_ID=9490",
    );
    s.search.focus_on(FieldId::MisConditions);
    s
}

/// HST datasets around M101, as the missions search answers them (padding trimmed).
fn hst_datasets(n: usize) -> Arc<Table> {
    let instruments = ["ACS", "WFC3", "WFPC2"];
    let mut t = Table::default();
    for i in 0..n {
        let name = format!("J9E{:03}0{}Q", 100 + i, i % 10);
        t.push_row([
            ("sci_data_set_name", Cell::Text(&name)),
            ("sci_targname", Cell::Text("M101-FIELD")),
            ("sci_instrume", Cell::Text(instruments[i % 3])),
            ("sci_spec_1234", Cell::Text("F814W")),
            ("sci_actual_duration", Cell::Float(1200.0 + i as f64 * 10.0)),
            ("sci_start_time", Cell::Text("2004-02-10T09:05:00.000000")),
            ("sci_pep_id", Cell::Int(9490)),
            (
                "sci_ra",
                Cell::Float(round(210.8023 + i as f64 * 0.0013, 6)),
            ),
            ("sci_dec", Cell::Float(54.3487)),
            ("ang_sep", Cell::Float(round(0.12 + i as f64 * 0.07, 3))),
        ]);
    }
    Arc::new(t)
}

fn with_mission(w: u16, h: u16) -> State {
    let mut s = with_hst_form(w, h);
    s.search
        .set_value(FieldId::MisConditions, "sci_instrume=ACS,WFC3");
    let cmds = update(&mut s, Msg::Key(Key::new(KeyCode::Enter)));
    let req = cmds
        .iter()
        .find_map(|c| match c {
            mastui::app::Cmd::MissionSearch { req, .. } => Some(*req),
            _ => None,
        })
        .expect("Enter starts the missions search");
    update(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 0,
            rows_filtered: 30,
            table: hst_datasets(30),
        },
    );
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    for k in ['j', ' '] {
        update(&mut s, Msg::Key(Key::ch(k)));
    }
    s
}

/// The cutout form on an HST dataset, TESScut's sectors in, two picked.
fn with_cutout_form(w: u16, h: u16) -> State {
    let mut s = with_mission(w, h);
    let cmds = update(&mut s, Msg::Key(Key::ch('X')));
    let req = cmds
        .iter()
        .find_map(|c| match c {
            mastui::app::Cmd::CutoutSectors { req, .. } => Some(*req),
            _ => None,
        })
        .expect("X asks for the sectors");
    let sectors = [(14, 2, 1), (21, 2, 2), (41, 2, 1), (47, 3, 4), (48, 2, 2)]
        .map(|(sector, camera, ccd)| Sector {
            sector_name: format!("tess-s{sector:04}-{camera}-{ccd}"),
            sector,
            camera,
            ccd,
        })
        .to_vec();
    update(
        &mut s,
        Msg::CutoutSectors {
            req,
            result: Ok(sectors),
        },
    );
    update(&mut s, Msg::Key(Key::new(KeyCode::Tab)));
    for k in [' ', 'j', 'j', ' '] {
        update(&mut s, Msg::Key(Key::ch(k)));
    }
    s
}

/// Results whose target names hold wide characters (two terminal columns each).
fn with_wide_results(w: u16, h: u16) -> State {
    let mut s = base(w, h);
    let c = Criteria {
        terms: vec![Term::new("proposal_id", "2738")],
        ..Criteria::default()
    };
    let cmds = s.start(Some(c));
    let req = cmds
        .iter()
        .find_map(|c| match c {
            mastui::app::Cmd::Search { req, .. } => Some(*req),
            _ => None,
        })
        .unwrap_or(ReqId(0));
    let mut t = Table::default();
    for (i, target) in ["オリオン大星雲", "M42", "猎户座星云 (M42)", "Orion Nebula"]
        .iter()
        .enumerate()
    {
        let obs_id = format!("jw02738-o00{}_t001_nircam", i + 1);
        t.push_row([
            ("obs_id", Cell::Text(&obs_id)),
            ("target_name", Cell::Text(target)),
            ("obs_collection", Cell::Text("JWST")),
            ("instrument_name", Cell::Text("NIRCAM/IMAGE")),
            ("filters", Cell::Text("F200W")),
            ("calib_level", Cell::Int(3)),
            ("obsid", Cell::Int(2009000000 + i as i64)),
        ]);
    }
    update(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: 4,
            table: Arc::new(t),
        },
    );
    s
}

fn key(s: &mut State, k: Key) {
    update(s, Msg::Key(k));
}

/// Every screen worth a snapshot, by name.
fn screens(w: u16, h: u16) -> Vec<(&'static str, State)> {
    let mut out = Vec::new();
    out.push(("search_empty", base(w, h)));

    let mut s = base(w, h);
    for (f, v) in [
        (FieldId::Target, "M101"),
        (FieldId::Radius, "3'"),
        (FieldId::Collection, "JWST,SPITZER"),
        (FieldId::Proposal, "1073x"),
        (FieldId::CalibLevel, "2,3"),
        (FieldId::DateFrom, "2022-07-12"),
    ] {
        s.search.set_value(f, v);
    }
    s.search.focus_on(FieldId::Collection);
    s.search.count = CountState::Known(1204);
    out.push(("search_filled", s));

    let mut s = with_results(w, h);
    s.search.editing = false;
    s.pane = Pane::Search;
    s.search.focus_on(FieldId::Target);
    out.push(("search_browsing", s));

    // The form per source: a catalog with criteria, one searched by position only.
    let mut s = base(w, h);
    s.search.set_source(Source::Catalog(Catalog::Tic));
    s.search.set_value(FieldId::CatTarget, "pi Men");
    s.search.set_value(FieldId::CatRadius, "3'");
    s.search
        .set_value(FieldId::CatCriteria, "Tmag=..10; lumclass=DWARF");
    s.search.focus_on(FieldId::CatCriteria);
    s.search.count = CountState::Known(12);
    out.push(("search_tic", s));

    let mut s = base(w, h);
    s.search
        .set_source(Source::Catalog(Catalog::Gaia(GaiaRelease::Dr3)));
    s.search.focus_on(FieldId::Source);
    out.push(("search_gaia", s));

    out.push(("catalog", with_catalog(w, h)));

    out.push(("search_hst", with_hst_form(w, h)));
    out.push(("mission", with_mission(w, h)));
    out.push(("cutout", with_cutout_form(w, h)));

    let mut s = base(w, h);
    s.pane = Pane::Catalog;
    out.push(("catalog_none_yet", s));

    out.push(("results", with_results(w, h)));

    let mut s = with_results(w, h);
    for _ in 0..4 {
        key(&mut s, Key::ch('l'));
    }
    key(&mut s, Key::ch('s'));
    out.push(("results_scrolled_sorted", s));

    let mut s = base(w, h);
    s.pane = Pane::Results;
    out.push(("results_none_yet", s));

    out.push(("results_wide_names", with_wide_results(w, h)));

    let mut s = with_results(w, h);
    s.error("search: MAST answered ERROR for Mast.Caom.Filtered: Incorrect syntax near '*'. (check the criteria, then Enter to search again)");
    out.push(("results_error", s));

    let mut s = with_results(w, h);
    key(&mut s, Key::ch('p'));
    out.push(("products_waiting", s));

    let mut s = base(w, h);
    s.pane = Pane::Basket;
    out.push(("basket", s));

    let mut s = with_results(w, h);
    key(&mut s, Key::ch('?'));
    out.push(("help", s));

    let mut s = with_results(w, h);
    key(&mut s, Key::new(KeyCode::Enter));
    out.push(("detail", s));

    let mut s = with_results(w, h);
    let names = s.results.data().names().to_vec();
    let visible = s.results.grid.columns.visible.clone();
    s.open(OverlayRequest::Columns { names, visible });
    out.push(("columns", s));

    let mut s = with_results(w, h);
    key(&mut s, Key::ch('/'));
    for c in "m101".chars() {
        key(&mut s, Key::ch(c));
    }
    out.push(("filter", s));

    let mut s = with_results(w, h);
    s.open(OverlayRequest::Confirm {
        question: "2,400,000 observations match; fetch them all? Narrower criteria are faster."
            .into(),
        yes: Box::new(Effect::Quit),
    });
    out.push(("confirm", s));
    out
}

fn render(s: &State, theme: &Theme, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    t.draw(|f| view(s, theme, f)).expect("draw");
    t
}

#[test]
fn every_screen_at_three_sizes() {
    for (w, h) in SIZES {
        for (name, s) in screens(w, h) {
            let t = render(&s, &Theme::COLOR, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.backend());
        }
    }
}

/// The search form of every catalog source not in `screens` (Observations, TIC and Gaia
/// are there), at 80x24: each shows its own fields, hint and criteria example.
#[test]
fn the_form_of_every_other_catalog_source() {
    for (name, catalog) in [
        ("ctl", Catalog::Ctl),
        ("hsc", Catalog::Hsc(3)),
        ("hsc_spectra", Catalog::HscSpectra),
        ("galex", Catalog::Galex),
        ("panstarrs", Catalog::Panstarrs(PsTable::Mean)),
        ("diskdetective", Catalog::DiskDetective),
    ] {
        let mut s = base(80, 24);
        s.search.set_source(Source::Catalog(catalog));
        // Criteria focused where the catalog takes them, to show its own example there.
        s.search.focus_on(if catalog.criteria_example().is_some() {
            FieldId::CatCriteria
        } else {
            FieldId::CatTarget
        });
        let t = render(&s, &Theme::COLOR, 80, 24);
        insta::assert_snapshot!(format!("search_{name}_80x24"), t.backend());
    }
}

#[test]
fn no_panic_at_any_size() {
    let widths = [0, 1, 2, 5, 10, 20, 39, 40, 41, 55, 80, 133, 250];
    let heights = [0, 1, 2, 3, 5, 9, 10, 11, 15, 24, 61];
    for (name, s) in screens(80, 24) {
        for w in widths {
            for h in heights {
                let mut s = s.clone();
                update(
                    &mut s,
                    Msg::Resize {
                        width: w,
                        height: h,
                    },
                );
                let mut t = Terminal::new(TestBackend::new(w, h)).expect("test backend");
                let drawn = t.draw(|f| view(&s, &Theme::MONO, f));
                assert!(drawn.is_ok(), "{name} at {w}x{h}");
            }
        }
    }
}

#[test]
fn server_text_is_stripped_of_escape_sequences() {
    let mut s = with_results(120, 40);
    key(&mut s, Key::new(KeyCode::Enter));
    let t = render(&s, &Theme::COLOR, 120, 40);
    let text: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("NIRCam survey of NGC 1365"));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn no_color_keeps_the_selection_visible() {
    let s = with_results(80, 24);
    let t = render(&s, &Theme::MONO, 80, 24);
    let buf = t.backend().buffer();
    // Row 3 is the first data row (tabs, title, header); the cursor is on the third row.
    let cursor_y = 3 + s.results.grid.cursor.pos as u16;
    assert_eq!(buf[(0, cursor_y)].symbol(), ">");
    assert!(buf[(5, cursor_y)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(5, 3)].modifier.contains(Modifier::REVERSED));
    // No colours at all.
    assert!(
        buf.content()
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset)
    );
    // Marks are visible without colour too.
    assert_eq!(buf[(1, 3)].symbol(), "*");
}

#[test]
fn exclusive_access_rows_carry_a_glyph_with_and_without_colour() {
    let s = with_results(80, 24);
    // Data rows start at y=3; rows 1 (EXCLUSIVE_ACCESS) and 4 (RESTRICTED) need a login.
    for theme in [Theme::MONO, Theme::COLOR] {
        let t = render(&s, &theme, 80, 24);
        let buf = t.backend().buffer();
        for row in 0..6u16 {
            let want = if row == 1 || row == 4 { "!" } else { " " };
            assert_eq!(buf[(2, 3 + row)].symbol(), want, "row {row} {theme:?}");
        }
        let glyph = &buf[(2, 4)];
        if theme.color {
            assert_eq!(glyph.fg, ratatui::style::Color::Magenta);
        } else {
            assert_eq!(glyph.fg, ratatui::style::Color::Reset);
        }
    }
}
