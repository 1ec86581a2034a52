//! Previews beside the products: the real worker fetches program 1073's preview JPEGs from
//! the simulator through the disk cache and decodes them; the panel follows the cursor once
//! it rests, never fetches when previews are off, and draws in half blocks where the
//! terminal has no image protocol (the test backend).
use std::time::Duration;

use mastui::app::panes::products::preview::{Preview, Shown};
use mastui::app::update::start_search;
use mastui::app::{Cmd, Key, Msg, State, update};
use mastui::mast::client::MastClient;
use mastui::mast::criteria::{Criteria, Term};
use mastui::sim::{SimOptions, start};
use mastui::ui::{Theme, view};
use mastui::worker::Worker;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::UnboundedReceiver;

/// Runs every command on the worker and feeds answers (timers included) back until `done`.
async fn pump(
    s: &mut State,
    w: &mut Worker,
    rx: &mut UnboundedReceiver<Msg>,
    cmds: Vec<Cmd>,
    done: impl Fn(&State) -> bool,
) {
    for c in cmds {
        w.run(c);
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done(s) {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("answers in time")
            .expect("channel open");
        for c in update(s, msg) {
            w.run(c);
        }
    }
}

async fn products_shown(
    previews: bool,
) -> (State, Worker, UnboundedReceiver<Msg>, tempfile::TempDir) {
    products_of_first(previews, |_| true).await
}

/// Program 1073's observations searched and the products of the first row `pick` accepts
/// listed.
async fn products_of_first(
    previews: bool,
    pick: impl Fn(&State) -> bool,
) -> (State, Worker, UnboundedReceiver<Msg>, tempfile::TempDir) {
    let sim = start(SimOptions::default()).await.expect("sim");
    let client = MastClient::new(&sim.base_url).expect("client");
    // The simulator lives as long as the test process (its handle is leaked on purpose).
    std::mem::forget(sim);
    let tmp = tempfile::tempdir().expect("tempdir");
    let paths = mastui::config::Paths {
        config_dir: tmp.path().join("config"),
        data_dir: tmp.path().join("data"),
        cache_dir: tmp.path().join("cache"),
        download_dir: tmp.path().join("dl"),
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut w = Worker::new(client, tx).with_paths(paths);
    let mut s = State::new("sim", 130, 40);
    s.products.preview = Preview::new(previews, 130);
    let criteria = Criteria {
        terms: vec![
            Term::new("obs_collection", "JWST"),
            Term::new("proposal_id", "1073"),
        ],
        ..Default::default()
    };
    let cmds = start_search(&mut s, criteria);
    pump(&mut s, &mut w, &mut rx, cmds, |s| {
        s.results.paging.loading.is_none()
    })
    .await;
    let mut moved = 0;
    while !pick(&s) {
        assert!(moved < s.results.len(), "no observation fits");
        update(&mut s, Msg::Key(Key::ch('j')));
        moved += 1;
    }
    let cmds = update(&mut s, Msg::Key(Key::ch('p')));
    pump(&mut s, &mut w, &mut rx, cmds, |s| s.products.req.is_none()).await;
    (s, w, rx, tmp)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_panel_follows_the_cursor_once_it_rests_and_draws_in_half_blocks() {
    let (mut s, mut w, mut rx, tmp) = products_shown(true).await;
    // 130 columns start without the panel (the file names keep their width); i opens it.
    assert!(!s.products.preview.open);
    assert!(Preview::new(true, 170).open && !Preview::new(false, 170).open);
    update(&mut s, Msg::Key(Key::ch('i')));
    assert!(s.products.preview.open);
    // Guide stars shown and the expression narrowed to the previews themselves.
    let mut cmds = update(&mut s, Msg::Key(Key::ch('/')));
    for c in "_cal.jpg".chars() {
        cmds.extend(update(&mut s, Msg::Key(Key::ch(c))));
    }
    cmds.extend(update(
        &mut s,
        Msg::Key(Key::new(mastui::app::KeyCode::Enter)),
    ));
    assert!(
        matches!(&s.products.preview.shown, Shown::Loading(u) if u.ends_with("_cal.jpg")),
        "{:?}",
        s.products.preview.shown
    );
    // The rest of the cursor (a timer), then the worker's fetch and decode.
    pump(&mut s, &mut w, &mut rx, cmds, |s| {
        matches!(
            s.products.preview.shown,
            Shown::Ready { .. } | Shown::Failed { .. }
        )
    })
    .await;
    let Shown::Ready { uri, image } = &s.products.preview.shown else {
        panic!("a preview: {:?}", s.products.preview.shown)
    };
    assert!(uri.starts_with("mast:JWST/product/") && uri.ends_with("_cal.jpg"));
    assert!(image.width() > 8 && image.height() > 8);
    // Cached on disk: one file per image.
    let cached = std::fs::read_dir(tmp.path().join("cache/previews"))
        .expect("the cache exists")
        .count();
    assert_eq!(cached, 1);
    // Drawn in half blocks beside the grid.
    let mut t = Terminal::new(TestBackend::new(130, 40)).expect("backend");
    t.draw(|f| view(&s, &Theme::COLOR, f)).expect("draw");
    let buf = t.backend().buffer();
    let panel_x = 130 - 36 + 2;
    let title: String = (panel_x..panel_x + 7)
        .map(|x| buf[(x, 3)].symbol())
        .collect();
    assert_eq!(title, "Preview", "{:?}", t.backend());
    let blocks = (4..30u16)
        .flat_map(|y| (panel_x..128).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].symbol() == "▀")
        .count();
    assert!(blocks > 50, "half blocks drawn: {blocks}");
    // Moving on to another product asks for its image (after the rest), not at once.
    let cmds = update(&mut s, Msg::Key(Key::ch('j')));
    assert!(cmds.iter().all(|c| !matches!(c, Cmd::Preview { .. })));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Schedule { .. })));
    // i closes the panel: nothing more is fetched.
    update(&mut s, Msg::Key(Key::ch('i')));
    assert!(!s.products.preview.open);
    let cmds = update(&mut s, Msg::Key(Key::ch('j')));
    assert!(
        cmds.iter()
            .all(|c| !matches!(c, Cmd::Preview { .. } | Cmd::Schedule { .. }))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn previews_off_fetch_nothing() {
    let (mut s, _w, _rx, tmp) = products_shown(false).await;
    let mut cmds = Vec::new();
    for k in ['j', 'j', 'k', 'G'] {
        cmds.extend(update(&mut s, Msg::Key(Key::ch(k))));
    }
    assert!(
        cmds.iter()
            .all(|c| !matches!(c, Cmd::Preview { .. } | Cmd::Schedule { .. }))
    );
    assert!(matches!(s.products.preview.shown, Shown::None));
    assert!(!tmp.path().join("cache/previews").exists());
    let cmds = update(&mut s, Msg::Key(Key::ch('i')));
    assert!(cmds.is_empty());
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("previews are off"))
    );
}

/// The observation's `jpegURL` under the results' cursor.
fn jpeg_url(s: &State) -> Option<String> {
    let row = s.results.current_row()?;
    match s.results.data().get(row, "jpegURL") {
        mastui::mast::table::Cell::Text(u) if u.starts_with("mast:") => Some(u.to_string()),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_product_without_a_preview_shows_its_observations_jpeg_url_from_the_simulator() {
    let (mut s, mut w, mut rx, tmp) = products_of_first(true, |s| jpeg_url(s).is_some()).await;
    let asked = s
        .products
        .asked
        .first()
        .cloned()
        .expect("an observation asked");
    let want = asked.preview.clone().expect("its jpegURL came along");
    // Opening the panel asks for the current product's image (after the rest) already.
    let mut cmds = update(&mut s, Msg::Key(Key::ch('i')));
    // The FITS files only: no product under the cursor is an image of its own.
    cmds.extend(update(&mut s, Msg::Key(Key::ch('/'))));
    for c in ".fits".chars() {
        cmds.extend(update(&mut s, Msg::Key(Key::ch(c))));
    }
    cmds.extend(update(
        &mut s,
        Msg::Key(Key::new(mastui::app::KeyCode::Enter)),
    ));
    let row = s.products.current_row().expect("a FITS product");
    let t = s.products.table();
    let (file, kind) = (
        t.get(row, "productFilename").to_string(),
        t.get(row, "productType").to_string(),
    );
    assert!(
        file.ends_with(".fits") && kind != "PREVIEW",
        "{file} {kind}"
    );
    assert!(
        matches!(&s.products.preview.shown, Shown::Loading(u) if *u == want),
        "{want}: {:?}",
        s.products.preview.shown
    );
    pump(&mut s, &mut w, &mut rx, cmds, |s| {
        matches!(
            s.products.preview.shown,
            Shown::Ready { .. } | Shown::Failed { .. }
        )
    })
    .await;
    let Shown::Ready { uri, image } = &s.products.preview.shown else {
        panic!("{want} served: {:?}", s.products.preview.shown)
    };
    assert_eq!(*uri, want);
    assert!(image.width() > 8 && image.height() > 8);
    let cached = std::fs::read_dir(tmp.path().join("cache/previews"))
        .expect("the cache exists")
        .count();
    assert_eq!(cached, 1);
}

/// Every `jpegURL` the simulator lists names a preview it serves, and the `.jpg` ones are
/// images a client can decode (the browser shows them beside products that have none).
#[test]
fn every_jpeg_url_the_simulator_lists_is_a_preview_it_serves() {
    use mastui::sim::catalogue::Catalogue;
    use mastui::sim::fits::Body;
    use std::collections::HashMap;
    use std::ops::ControlFlow;
    let cat = Catalogue::new(1, 20_000);
    let mut seen: HashMap<String, usize> = HashMap::new();
    // The first few observations of each collection that list one (finding a product walks
    // its block, so not every observation).
    cat.scan(
        |_| true,
        |o| {
            let Some(file) = o.main_files().1 else {
                return ControlFlow::Continue(());
            };
            let uri = o.uri_prefix() + &file;
            let collection = uri["mast:".len()..]
                .split('/')
                .next()
                .unwrap_or("")
                .to_string();
            let n = seen.entry(collection).or_default();
            if *n >= 3 {
                return ControlFlow::Continue(());
            }
            *n += 1;
            let (product, collection) = cat
                .find_product(&uri)
                .unwrap_or_else(|| panic!("{uri} is not served"));
            assert_eq!(product.product_type, "PREVIEW", "{uri}");
            if file.ends_with(".jpg") {
                let body = Body::new(
                    &uri,
                    &product.file,
                    collection.name(),
                    product.body_len,
                    product.size,
                );
                let bytes = body.slice(0, product.body_len);
                let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{uri}: {e}"));
                assert!(img.width() > 8, "{uri}");
            }
            ControlFlow::Continue(())
        },
    );
    for c in ["JWST", "HST", "GALEX", "PS1", "HLSP"] {
        assert!(seen.get(c).is_some_and(|&n| n > 0), "{c}: {seen:?}");
    }
}
