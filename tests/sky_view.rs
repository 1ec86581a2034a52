//! The sky view of the results: opened with `v`, panned and zoomed, stepping through rows
//! moves the grid's cursor, colours by collection or instrument; snapshots at 80x24 and
//! 120x40 in colour and without, one of them across RA 0/360.
use std::sync::Arc;

use mastui::app::overlays::stack::Overlay;
use mastui::app::update::start_search;
use mastui::app::{Cmd, Key, KeyCode, Msg, State, update};
use mastui::mast::coords::SkyCoord;
use mastui::mast::criteria::{Criteria, Target};
use mastui::mast::table::{Cell, Table};
use mastui::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Observations around (ra0, dec0): squares of 0.04 deg, every fifth a circle, two
/// collections and three instruments.
fn observations(ra0: f64, dec0: f64, n: usize) -> Arc<Table> {
    let mut t = Table::default();
    for i in 0..n {
        let ra = (ra0 + (i % 6) as f64 * 0.03 - 0.075).rem_euclid(360.0);
        let dec = dec0 + (i / 6) as f64 * 0.03 - 0.06;
        let h = 0.02;
        let region = if i % 5 == 4 {
            format!("CIRCLE ICRS {ra} {dec} 0.015")
        } else {
            format!(
                "POLYGON ICRS {} {} {} {} {} {} {} {}",
                ra - h,
                dec - h,
                ra + h,
                dec - h,
                ra + h,
                dec + h,
                ra - h,
                dec + h
            )
        };
        let obs_id = format!("obs{i:03}");
        t.push_row([
            ("obs_id", Cell::Text(&obs_id)),
            ("target_name", Cell::Text("NGC-1365")),
            (
                "obs_collection",
                Cell::Text(if i % 3 == 0 { "HST" } else { "JWST" }),
            ),
            (
                "instrument_name",
                Cell::Text(["NIRCAM", "MIRI", "ACS/WFC"][i % 3]),
            ),
            ("s_ra", Cell::Float(ra)),
            ("s_dec", Cell::Float(dec)),
            ("s_region", Cell::Text(&region)),
            ("obsid", Cell::Int(1000 + i as i64)),
        ]);
    }
    Arc::new(t)
}

fn searched(ra: f64, dec: f64, w: u16, h: u16) -> State {
    let mut s = State::new("http://127.0.0.1:40123", w, h);
    let c = Criteria {
        target: Some(Target::Coords(SkyCoord { ra, dec })),
        radius_deg: Some(0.1),
        terms: Vec::new(),
    };
    let req = start_search(&mut s, c)
        .iter()
        .find_map(Cmd::req)
        .expect("search");
    update(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: 24,
            table: observations(ra, dec, 24),
        },
    );
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    s
}

fn key(s: &mut State, c: char) {
    update(s, Msg::Key(Key::ch(c)));
}

fn sky(s: &State) -> &mastui::app::overlays::sky::SkyView {
    match s.overlay() {
        Some(Overlay::Sky(v)) => v,
        other => panic!("the sky view is open: {other:?}"),
    }
}

#[test]
fn v_opens_it_on_the_cone_and_n_moves_the_grids_cursor() {
    let mut s = searched(53.4, -36.1, 100, 30);
    key(&mut s, 'v');
    let v = sky(&s);
    assert_eq!(v.footprints.items.len(), 24);
    assert_eq!(v.footprints.groups, ["HST", "JWST"]);
    assert!((v.view.ra - 53.4).abs() < 1e-9 && (v.view.dec + 36.1).abs() < 1e-9);
    assert!(v.view.width >= 0.2, "the cone fits: {}", v.view.width);
    let width = v.view.width;
    key(&mut s, '+');
    assert!((sky(&s).view.width - width / 2.0).abs() < 1e-12);
    key(&mut s, '-');
    // East is left: panning left raises the RA at the centre.
    update(&mut s, Msg::Key(Key::new(KeyCode::Left)));
    assert!(sky(&s).view.ra > 53.4);
    assert_eq!(s.results.grid.cursor.pos, 0);
    key(&mut s, 'n');
    key(&mut s, 'n');
    assert_eq!(s.results.grid.cursor.pos, 2, "the grid's cursor follows");
    key(&mut s, 'N');
    assert_eq!(s.results.grid.cursor.pos, 1);
    key(&mut s, 'c');
    assert_eq!(sky(&s).footprints.groups, ["NIRCAM", "MIRI", "ACS/WFC"]);
    key(&mut s, 'q');
    assert!(s.overlay().is_none());
    assert!(!s.quit, "q closes the view, it does not quit");
}

fn render(s: &State, theme: &Theme, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("backend");
    t.draw(|f| view(s, theme, f)).expect("draw");
    t
}

#[test]
fn snapshots_in_colour_and_without_and_across_ra_zero() {
    for (name, ra, dec) in [("sky_ngc1365", 53.4, -36.1), ("sky_across_ra0", 0.02, 10.0)] {
        for (w, h) in [(80, 24), (120, 40)] {
            let mut s = searched(ra, dec, w, h);
            key(&mut s, 'n');
            key(&mut s, 'v');
            for (theme, tag) in [(Theme::COLOR, "color"), (Theme::MONO, "mono")] {
                let t = render(&s, &theme, w, h);
                insta::assert_snapshot!(format!("{name}_{tag}_{w}x{h}"), t.backend());
            }
        }
    }
}

#[test]
fn across_ra_zero_nothing_is_drawn_across_the_sky() {
    let mut s = searched(0.02, 10.0, 120, 40);
    key(&mut s, 'v');
    key(&mut s, '-');
    let t = render(&s, &Theme::MONO, 120, 40);
    let buf = t.backend().buffer();
    // Every footprint and the cone are within a tenth of a degree of the centre, a fifth of
    // the view: the plot's outer quarters stay empty (a polygon wrapped at RA 0 would
    // stripe the whole width).
    for y in 3..36u16 {
        for x in (2..25u16).chain(95..118) {
            let sym = buf[(x, y)].symbol();
            assert!(sym == " " || sym == "⠀", "({x},{y}) = {sym:?}");
        }
    }
}

/// A TIC search around (ra, dec) answered with `n` sources on a small spiral.
fn with_sources(s: &mut State, ra: f64, dec: f64, n: usize) {
    use mastui::mast::catalogs::{Catalog, CatalogQuery};
    let mut q = CatalogQuery::new(Catalog::Tic);
    q.target = Some(Target::Coords(SkyCoord { ra, dec }));
    q.radius_deg = Some(0.1);
    let cmds = update(s, Msg::Key(Key::ch('1')));
    drop(cmds);
    let mut cx_cmds = Vec::new();
    {
        // The router's way in: the catalog search effect, as Enter in the form gives it.
        s.search
            .set_source(mastui::app::panes::search::source::Source::Catalog(
                Catalog::Tic,
            ));
        s.search.set_value(
            mastui::app::panes::search::form::FieldId::CatTarget,
            &format!("{ra} {dec}"),
        );
        s.search
            .set_value(mastui::app::panes::search::form::FieldId::CatRadius, "0.1");
        cx_cmds.extend(update(s, Msg::Key(Key::new(KeyCode::Enter))));
    }
    let req = cx_cmds
        .iter()
        .find_map(|c| match c {
            Cmd::CatalogSearch { req, .. } => Some(*req),
            _ => None,
        })
        .expect("a catalog search");
    let mut t = Table::default();
    for i in 0..n {
        let a = i as f64 * 0.7;
        let r = 0.004 * i as f64;
        let id = format!("{}", 50_000_000 + i);
        t.push_row([
            ("ID", Cell::Text(&id)),
            ("ra", Cell::Float(ra + r * a.cos() / dec.to_radians().cos())),
            ("dec", Cell::Float(dec + r * a.sin())),
            ("Tmag", Cell::Float(9.0 + i as f64 * 0.1)),
        ]);
    }
    update(
        s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: n as u64,
            table: Arc::new(t),
        },
    );
    update(s, Msg::Key(Key::ch('2')));
}

#[test]
fn catalog_sources_are_drawn_over_the_observations_and_s_hides_them() {
    let mut s = searched(53.4, -36.1, 120, 40);
    with_sources(&mut s, 53.4, -36.1, 20);
    key(&mut s, 'v');
    let v = sky(&s);
    let src = v.sources.as_ref().expect("the catalog's sources");
    assert_eq!((src.label, src.points.len()), ("TIC", 20));
    let plus = |s: &State| {
        let t = render(s, &Theme::MONO, 120, 40);
        let buf = t.backend().buffer();
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        (text.matches('⋆').count(), text.contains("⋆ TIC 20"))
    };
    let (shown, legend) = plus(&s);
    assert!(shown >= 10, "sources drawn: {shown}");
    assert!(legend);
    for (theme, tag) in [(Theme::COLOR, "color"), (Theme::MONO, "mono")] {
        let t = render(&s, &theme, 120, 40);
        insta::assert_snapshot!(format!("sky_with_tic_{tag}_120x40"), t.backend());
    }
    key(&mut s, 's');
    assert!(!sky(&s).show_sources);
    let (hidden, legend) = plus(&s);
    assert!(hidden == 0 && !legend, "{hidden} marks left");
}
