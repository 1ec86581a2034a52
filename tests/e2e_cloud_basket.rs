//! The browser's basket with `MASTUI_CLOUD=1`: the real `mastui` in a pseudo-terminal,
//! against `mastui sim` (the archive and its path lookup) and moto's S3 server (the cloud
//! copy). A file left half fetched in the journal is finished from the bucket with a Range
//! request when the browser starts, MAST's file service never asked, and the basket pane
//! shows it done.
use std::ops::ControlFlow;
use std::thread;
use std::time::{Duration, Instant};

mod cloud_support;
mod support;

use cloud_support::{Moto, sim_bytes};
use mastui::mast::cloud::key::key_of_path;
use mastui::mast::product_ref::ProductRef;
use support::pty::{PATIENCE, Session};

#[test]
fn the_browsers_basket_resumes_a_file_from_the_cloud_copy() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = rt
        .block_on(mastui::sim::start(mastui::sim::SimOptions {
            scale: 2_000,
            file_size: Some(500_000),
            ..Default::default()
        }))
        .expect("sim");
    let Some(moto) = rt.block_on(Moto::start()) else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let dl = tmp.path().join("dl");
    // A public product the cloud copy holds.
    let cat = mastui::sim::catalogue::Catalogue::new(1, 2_000);
    let mut found = None;
    cat.scan(
        |_| true,
        |o| {
            let collection = o.block.collection;
            for p in cat.products_of(o) {
                if let Some(path) = mastui::sim::cloud::cloud_path(&p, collection) {
                    let product = ProductRef {
                        data_uri: p.uri.clone(),
                        product_filename: p.file.clone(),
                        obs_collection: collection.name().to_string(),
                        obs_id: p.obs_id.clone(),
                        obsid: Some(o.obsid()),
                        size: Some(500_000),
                        data_rights: "PUBLIC".into(),
                        shared_by: 1,
                    };
                    found = Some((product, key_of_path(&path)));
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        },
    );
    let (product, key) = found.expect("a product in the cloud");
    let whole = rt.block_on(sim_bytes(&sim.base_url, &product.data_uri));
    rt.block_on(moto.put_public(&key, whole.clone()));

    // Queued in the journal with 200 kB in `.part`, as a killed session leaves it.
    let paths = mastui::config::Paths::resolve(|k| match k {
        mastui::config::DATA_DIR_ENV => Some(tmp.path().join("data")),
        _ => None,
    });
    let journal = mastui::worker::basket::journal_for(&paths, &sim.base_url);
    let dest = {
        let mut b = mastui::worker::basket::Basket::open(&journal).expect("journal");
        b.add(std::slice::from_ref(&product), &dl, false)
            .expect("add");
        b.items()[0].dest.clone()
    };
    std::fs::create_dir_all(dest.parent().expect("parent")).expect("dirs");
    std::fs::write(
        mastui::mast::local_path::part_path(&dest),
        &whole[..200_000],
    )
    .expect("part");
    let before = sim.download_counts();

    let mut s = Session::start(&["--server", &sim.base_url], (120, 32), |cmd| {
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
        cmd.env("MASTUI_DATA_DIR", tmp.path().join("data"));
        cmd.env("MASTUI_CONFIG_DIR", tmp.path().join("config"));
        cmd.env("MASTUI_CACHE_DIR", tmp.path().join("cache"));
        cmd.env("MASTUI_DOWNLOAD_DIR", &dl);
        cmd.env_remove("MAST_API_TOKEN");
        // No previews: nothing here is about them.
        cmd.env("MASTUI_PREVIEWS", "off");
        cmd.env("MASTUI_CLOUD", "1");
        cmd.env("MASTUI_S3_ENDPOINT", &moto.endpoint);
    });
    let deadline = Instant::now() + PATIENCE;
    while !dest.exists() {
        assert!(Instant::now() < deadline, "not resumed:\n{}", s.text());
        thread::sleep(Duration::from_millis(20));
    }
    assert!(
        std::fs::read(&dest).expect("file") == whole,
        "resumed bytes differ"
    );
    assert_eq!(moto.requests_for(&key), [("GET".to_string(), 206)]);
    assert_eq!(
        sim.download_counts().requests,
        before.requests,
        "nothing from MAST"
    );
    // Esc leaves the search field, then 4 goes to pane 4. Esc and 4 read together are Alt-4,
    // which no fixed pause rules out on a busy machine: 4 waits until the form has left the
    // field (its hint no longer offers Esc).
    s.wait_for("the search field taking text", |t| {
        t.contains("Esc stop typing")
    });
    s.keys("\u{1b}");
    s.wait_for("the search field left", |t| t.contains("i edits the field"));
    s.keys("4");
    s.wait_for("the finished file in the basket pane", |t| {
        t.contains(" Basket ") && t.contains("1 done")
    });
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    drop(sim);
}
