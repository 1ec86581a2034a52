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
    searched_for(ra, dec, 0.1, observations(ra, dec, 24), w, h)
}

/// A cone search of `radius` around (ra, dec) answered with `table` in one page.
fn searched_for(ra: f64, dec: f64, radius: f64, table: Arc<Table>, w: u16, h: u16) -> State {
    let mut s = State::new("http://127.0.0.1:40123", w, h);
    let c = Criteria {
        target: Some(Target::Coords(SkyCoord { ra, dec })),
        radius_deg: Some(radius),
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
            rows_filtered: table.rows() as u64,
            table,
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

/// Observations around the north (`pole` = 1.0) or south (-1.0) celestial pole: twelve on a
/// ring 0.08 deg from the pole every 30 deg of RA, each a square 0.03 deg on a side as it
/// lies on the sky (the one at RA 0 spans RA 0/360; every fourth a circle), one square with
/// the pole inside it and one band across RA 0 just beyond the ring.
fn around_the_pole(pole: f64) -> Arc<Table> {
    use mastui::sky::View;
    let dec = |d: f64| pole * d;
    let mut rows: Vec<(f64, f64, String)> = Vec::new();
    for k in 0..12 {
        let ra = f64::from(k) * 30.0;
        let at = View {
            ra,
            dec: dec(89.92),
            width: 1.0,
        };
        let region = if k % 4 == 3 {
            format!("CIRCLE ICRS {ra} {} 0.012", dec(89.92))
        } else {
            let h = 0.015;
            let corners = [(-h, -h), (h, -h), (h, h), (-h, h)].map(|(x, y)| at.unproject(x, y));
            let text: Vec<String> = corners.iter().map(|(r, d)| format!("{r} {d}")).collect();
            format!("POLYGON ICRS {}", text.join(" "))
        };
        rows.push((ra, dec(89.92), region));
    }
    let d = dec(89.97);
    rows.push((
        0.0,
        dec(89.995),
        format!("POLYGON ICRS 45 {d} 135 {d} 225 {d} 315 {d}"),
    ));
    let (d1, d2) = (dec(89.885), dec(89.9));
    rows.push((
        0.0,
        dec(89.8925),
        format!("POLYGON ICRS 355 {d1} 5 {d1} 5 {d2} 355 {d2}"),
    ));
    let mut t = Table::default();
    for (i, (ra, dec, region)) in rows.iter().enumerate() {
        let obs_id = format!("pole{i:02}");
        t.push_row([
            ("obs_id", Cell::Text(&obs_id)),
            ("target_name", Cell::Text("POLE")),
            (
                "obs_collection",
                Cell::Text(if i % 2 == 0 { "HST" } else { "JWST" }),
            ),
            ("instrument_name", Cell::Text("NIRCAM")),
            ("s_ra", Cell::Float(*ra)),
            ("s_dec", Cell::Float(*dec)),
            ("s_region", Cell::Text(region)),
            ("obsid", Cell::Int(2000 + i as i64)),
        ]);
    }
    Arc::new(t)
}

/// The plot's drawn cells (anything but blanks and empty braille), as offsets in degrees
/// on the tangent plane from where the pole lands, with the row's text for messages. The
/// plot is the frame's inside above its legend line; dots are square (two by four to a
/// cell), as the view draws them.
fn drawn_around_pole(s: &State, w: u16, h: u16, pole: f64) -> Vec<(f64, f64)> {
    let v = sky(s).view;
    let t = render(s, &Theme::MONO, w, h);
    let buf = t.backend().buffer();
    let bottom = (0..h)
        .find(|&y| buf[(0, y)].symbol() == "└")
        .expect("the frame's bottom");
    // Inside the frame (from row 2), less the legend line.
    let (cols, rows) = (f64::from(w - 2), f64::from(bottom - 3));
    let deg_per_col = v.width / cols;
    let (hw, hh) = (v.width / 2.0, rows * 2.0 * deg_per_col / 2.0);
    let (px, py) = v
        .project(0.0, 90.0 * pole)
        .expect("the pole is on the view");
    let mut out = Vec::new();
    for y in 2..bottom - 1 {
        for x in 1..w - 1 {
            let sym = buf[(x, y)].symbol();
            if sym == " " || sym == "⠀" {
                continue;
            }
            let cx = -hw + (f64::from(x - 1) + 0.5) * deg_per_col;
            let cy = hh - (f64::from(y - 2) + 0.5) * 2.0 * deg_per_col;
            out.push((cx - px, cy - py));
        }
    }
    out
}

#[test]
fn near_both_poles_the_footprints_ring_the_pole_and_nothing_crosses_the_sky() {
    for (pole, ra, name) in [(1.0, 10.0, "north"), (-1.0, 350.0, "south")] {
        let dec = 89.98 * pole;
        for (w, h) in [(80u16, 24u16), (120, 40)] {
            let mut s = searched_for(ra, dec, 0.05, around_the_pole(pole), w, h);
            key(&mut s, 'n');
            key(&mut s, 'v');
            let v = sky(&s);
            assert_eq!(v.footprints.items.len(), 14, "{name}");
            assert!(v.footprints.items.iter().all(|f| f.shapes.len() == 1));
            assert_eq!(v.footprints.unreadable, 0);
            insta::assert_snapshot!(
                format!("sky_{name}_pole_mono_{w}x{h}"),
                render(&s, &Theme::MONO, w, h).backend()
            );
            // Labels: the centre as searched, the legend's counts.
            let text = render(&s, &Theme::MONO, w, h).backend().to_string();
            let centre = format!("centre {ra:.4} {dec:+.4}");
            assert!(text.contains(&centre), "{name} {w}x{h}: {text}");
            assert!(text.contains("+ HST 7  x JWST 7"), "{name} {w}x{h}: {text}");
            // Drawn on every side of the pole: the ring, the band across RA 0 and the
            // square round the pole show as whole outlines, not cut at RA 0/360.
            let cells = drawn_around_pole(&s, w, h, pole);
            let side =
                |f: &dyn Fn(f64, f64) -> bool| cells.iter().filter(|&&(x, y)| f(x, y)).count();
            let (left, right) = (side(&|x, _| x < -0.03), side(&|x, _| x > 0.03));
            let (above, below) = (side(&|_, y| y > 0.03), side(&|_, y| y < -0.03));
            assert!(
                left >= 8 && right >= 8 && above >= 4 && below >= 4,
                "{name} {w}x{h}: left {left} right {right} above {above} below {below}: {text}"
            );
            // Zoomed out, everything drawn stays within the footprints' reach of the pole
            // (0.11 deg, the cone's ring 0.08) and a cell: nothing wraps round the sky.
            key(&mut s, '-');
            let width = sky(&s).view.width;
            let cell = width / f64::from(w - 2) * 5f64.sqrt();
            for (x, y) in drawn_around_pole(&s, w, h, pole) {
                let r = x.hypot(y);
                assert!(
                    r < 0.115 + cell,
                    "{name} {w}x{h}: drawn {r} deg from the pole"
                );
            }
            // Panning on over the pole turns the view round and keeps it on the sky.
            for _ in 0..6 {
                update(&mut s, Msg::Key(Key::new(KeyCode::Up)));
            }
            let v = sky(&s).view;
            assert!(v.dec.abs() <= 90.0 && (0.0..360.0).contains(&v.ra), "{v:?}");
            let text = render(&s, &Theme::MONO, w, h).backend().to_string();
            assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
        }
    }
}
