//! A mission's archive in the browser, through the real worker and the simulated archive on
//! loopback: JWST program 1073 found by its own keywords (a misspelt one refused as typed,
//! once the column list came), two datasets' files listed in the products pane and one sent
//! to the basket (into astroquery's missions layout), then a TESScut cutout around a dataset
//! queued from the cutout form and unpacked by the basket into FITS files of the asked size.
//! Every Cmd goes to the worker; every Msg it sends back goes through `update`.
use std::path::{Path, PathBuf};
use std::time::Duration;

use mastui::app::focus::Pane;
use mastui::app::overlays::cutout::Listing;
use mastui::app::overlays::stack::Overlay;
use mastui::app::panes::search::form::{CountState, FieldId};
use mastui::app::{Key, KeyCode, Msg, State, update};
use mastui::config::Paths;
use mastui::fits::header::read_headers;
use mastui::mast::basket_item::ItemStatus;
use mastui::mast::client::MastClient;
use mastui::sim::{SimOptions, start};
use mastui::worker::Worker;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

async fn pump(
    s: &mut State,
    w: &mut Worker,
    rx: &mut UnboundedReceiver<Msg>,
    done: impl Fn(&State) -> bool,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while !done(s) {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .unwrap_or_else(|_| panic!("worker answers in time; message {:?}", s.message))
            .expect("worker channel open");
        for cmd in update(s, msg) {
            w.run(cmd);
        }
    }
}

fn keys(s: &mut State, w: &mut Worker, ks: &[Key]) {
    for k in ks {
        for cmd in update(s, Msg::Key(*k)) {
            w.run(cmd);
        }
    }
}

fn typed(s: &mut State, w: &mut Worker, text: &str) {
    let ks: Vec<Key> = text.chars().map(Key::ch).collect();
    keys(s, w, &ks);
}

/// (NAXIS1, NAXIS2) of every image HDU of a FITS file.
fn image_sizes(path: &Path) -> Vec<(usize, usize)> {
    let mut f = std::fs::File::open(path).expect("open FITS");
    let h = read_headers(&mut f).expect("valid FITS");
    h.hdus
        .iter()
        .filter(|u| u.value("XTENSION").is_some_and(|x| x.trim() == "IMAGE"))
        .map(|u| {
            let n = |k: &str| u.value(k).unwrap().trim().parse::<usize>().unwrap();
            (n("NAXIS1"), n("NAXIS2"))
        })
        .collect()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jwst_datasets_to_their_files_and_a_cutout_on_disk() {
    let sim = start(SimOptions::default()).await.expect("sim starts");
    let client = MastClient::new(&sim.base_url).expect("client");
    let home = tempfile::tempdir().expect("temp dir");
    let dl = home.path().join("dl");
    let paths = Paths {
        config_dir: home.path().join("config"),
        data_dir: home.path().join("data"),
        cache_dir: home.path().join("cache"),
        download_dir: dl.clone(),
    };
    let (tx, mut rx) = unbounded_channel();
    let mut w = Worker::new(client, tx).with_paths(paths);
    let mut s = State::new(sim.base_url.clone(), 120, 40);
    for cmd in s.start(None) {
        w.run(cmd);
    }
    // Source line: JWST (`j`); its column list comes from the archive.
    keys(&mut s, &mut w, &[Key::new(KeyCode::Up), Key::ch('j')]);
    assert_eq!(s.search.source.label(), "JWST");
    pump(&mut s, &mut w, &mut rx, |s| s.search.columns_req.is_none()).await;
    assert!(
        s.search.mission_columns.contains_key("jwst"),
        "{:?}",
        s.message
    );
    // Tab to the conditions; a name in the wrong case is refused as typed.
    let tab = Key::new(KeyCode::Tab);
    keys(&mut s, &mut w, &[tab, tab, tab]);
    assert_eq!(s.search.focused(), FieldId::MisConditions);
    typed(&mut s, &mut w, "Program=1073");
    let p = s.search.focused_field().problem.clone().expect("refused");
    assert!(p.contains("did you mean 'program'"), "{p}");
    keys(&mut s, &mut w, &[Key::ctrl('u')]);
    typed(&mut s, &mut w, "program=1073");
    assert!(s.search.focused_field().problem.is_none());
    // The live count from the mission (Ctrl-N skips the debounce), then Enter.
    keys(&mut s, &mut w, &[Key::ctrl('n')]);
    pump(&mut s, &mut w, &mut rx, |s| {
        matches!(s.search.count, CountState::Known(_) | CountState::Failed(_))
    })
    .await;
    assert_eq!(s.search.count, CountState::Known(15));
    keys(&mut s, &mut w, &[Key::new(KeyCode::Enter)]);
    assert_eq!(s.pane, Pane::Mission);
    pump(&mut s, &mut w, &mut rx, |s| {
        s.mission.paging.loading.is_none()
    })
    .await;
    assert!(s.message.is_none(), "{:?}", s.message);
    assert_eq!(s.mission.len(), 15, "the count is the rows");
    let data = &s.mission.table.data;
    for row in 0..data.rows() {
        assert_eq!(data.get(row, "program").as_i64(), Some(1073));
    }

    // Two datasets marked, p: their files in the products pane.
    keys(&mut s, &mut w, &[Key::ch(' '), Key::ch(' ')]);
    let marked: Vec<String> = s
        .mission
        .grid
        .selected_rows(&s.mission.table)
        .into_iter()
        .map(|r| s.mission.table.text(r, "fileSetName").expect("a dataset"))
        .collect();
    assert_eq!(marked.len(), 2);
    keys(&mut s, &mut w, &[Key::ch('p')]);
    assert_eq!(s.pane, Pane::Products);
    pump(&mut s, &mut w, &mut rx, |s| s.products.req.is_none()).await;
    assert!(s.message.is_none(), "{:?}", s.message);
    assert!(s.products.total() > 2, "{}", s.products.total());
    let t = s.products.table();
    for r in 0..t.rows() {
        assert_eq!(s.products.text(r, "obs_collection"), "jwst");
        assert!(marked.contains(&s.products.text(r, "obs_id")));
        assert!(
            s.products
                .text(r, "dataURI")
                .starts_with("mast:JWST/product/")
        );
    }
    // The facets and the triage work on them as on any products.
    assert!(!s.products.facet_lines().is_empty());
    // The smallest file (sorted by size, first row) to the basket.
    while s.products.grid.columns.current() != Some(5) {
        let before = s.products.grid.columns.current();
        keys(&mut s, &mut w, &[Key::ch('l')]);
        assert_ne!(before, s.products.grid.columns.current(), "size reachable");
    }
    keys(&mut s, &mut w, &[Key::ch('s')]);
    pump(&mut s, &mut w, &mut rx, |s| !s.products.grid.sorting()).await;
    keys(&mut s, &mut w, &[Key::ch('g')]);
    let row = s.products.current_row().expect("a product");
    let (dataset, file) = (
        s.products.text(row, "obs_id"),
        s.products.text(row, "productFilename"),
    );
    keys(&mut s, &mut w, &[Key::ch('b')]);
    pump(&mut s, &mut w, &mut rx, |s| {
        s.basket
            .items
            .iter()
            .any(|i| i.product_filename == file && i.status.is_done())
            || s.basket.items.iter().any(|i| i.status.is_failed())
    })
    .await;
    let item = s
        .basket
        .items
        .iter()
        .find(|i| i.product_filename == file)
        .expect("the file in the basket");
    assert_eq!(item.status, ItemStatus::Complete, "{}", item.message);
    let on_disk = dl
        .join("mastDownload")
        .join("jwst")
        .join(&dataset)
        .join(&file);
    assert!(on_disk.is_file(), "{}", on_disk.display());

    // Back to the datasets, X: the cutout form asks TESScut which sectors saw the first.
    keys(&mut s, &mut w, &[Key::ch('6'), Key::ch('g'), Key::ch('X')]);
    let has_sectors = |s: &State| match s.overlays.last() {
        Some(Overlay::Cutout(f)) => !matches!(f.sectors, Listing::Loading(_)),
        _ => true,
    };
    pump(&mut s, &mut w, &mut rx, has_sectors).await;
    let Some(Overlay::Cutout(f)) = s.overlays.last() else {
        panic!("the cutout form: {:?}", s.message)
    };
    let Listing::Ready(sectors) = &f.sectors else {
        panic!("sectors: {:?}", f.sectors)
    };
    assert!(!sectors.is_empty(), "NGC 1365 is seen by TESS");
    let folder = f.place.name.clone();
    // One sector picked, a 4 x 3 pixel stamp.
    keys(
        &mut s,
        &mut w,
        &[Key::ctrl('u'), Key::ch('4'), Key::ch('x'), Key::ch('3')],
    );
    keys(
        &mut s,
        &mut w,
        &[tab, Key::ch(' '), Key::new(KeyCode::Enter)],
    );
    assert!(s.overlays.is_empty(), "{:?}", s.message);
    pump(&mut s, &mut w, &mut rx, |s| {
        s.basket
            .items
            .iter()
            .any(|i| i.archive.is_some() && (i.status.is_done() || i.status.is_failed()))
    })
    .await;
    let cut = s
        .basket
        .items
        .iter()
        .find(|i| i.archive.is_some())
        .expect("the cutout in the basket");
    assert_eq!(cut.status, ItemStatus::Complete, "{}", cut.message);
    let files = &cut.archive.as_ref().expect("an archive").files;
    assert_eq!(files.len(), 1, "one sector, one target pixel file");
    let fits = &files[0].path;
    assert!(
        fits.starts_with(dl.join("mastDownload").join("tesscut").join(&folder)),
        "{}",
        fits.display()
    );
    assert_eq!(image_sizes(fits), [(4, 3)], "the APERTURE image is 4 x 3");
    assert_eq!(std::fs::metadata(fits).unwrap().len(), files[0].bytes);
    // The zip is gone once unpacked; no .part is left anywhere.
    let left = files_under(&dl);
    assert!(
        left.iter().all(|p| {
            let n = p.to_string_lossy();
            !n.ends_with(".zip") && !n.ends_with(".part")
        }),
        "{left:?}"
    );
    assert!(!s.busy(), "{:?}", s.activities());
    // The manifest, written once the basket is idle (just after it says so), names the
    // FITS file, so verify finds all well.
    let manifest_path = dl.join("MANIFEST.csv");
    let named = || {
        std::fs::read_to_string(&manifest_path).is_ok_and(|m| m.contains(&*fits.to_string_lossy()))
    };
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !named() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(named(), "{:?}", std::fs::read_to_string(&manifest_path));
    let report = mastui::worker::basket::verify::verify(&dl)
        .await
        .expect("a report");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
