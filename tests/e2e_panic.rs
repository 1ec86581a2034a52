//! A panic, end to end: the real `mastui --demo` in a pseudo-terminal, made to panic by the
//! hidden test hook (`MASTUI_TEST_PANIC`, src/test_hook.rs). In the UI loop: the terminal
//! comes back (main screen, cursor shown), the panic message is printed on it afterwards,
//! and the basket journal still reads, by eye and by mastui itself. In a worker job: the
//! browser goes on, shows the failure in place, and prints the message after it closes.
use std::path::{Path, PathBuf};

mod support;

use support::pty::Session;

fn start(home: &Path, panic_at: Option<&str>) -> Session {
    Session::start(
        &["--demo", "--collection", "JWST", "--proposal", "1073"],
        (120, 32),
        |cmd| {
            cmd.env_remove("DISPLAY");
            cmd.env_remove("WAYLAND_DISPLAY");
            cmd.env_remove("MAST_API_TOKEN");
            // The message, not a backtrace filling the 32 rows.
            cmd.env("RUST_BACKTRACE", "0");
            cmd.env("MASTUI_DATA_DIR", home.join("data"));
            cmd.env("MASTUI_CONFIG_DIR", home.join("config"));
            cmd.env("MASTUI_CACHE_DIR", home.join("cache"));
            cmd.env("MASTUI_DOWNLOAD_DIR", home.join("dl"));
            match panic_at {
                Some(place) => cmd.env("MASTUI_TEST_PANIC", place),
                None => cmd.env_remove("MASTUI_TEST_PANIC"),
            }
        },
    )
}

fn results_shown(t: &str) -> bool {
    t.lines().filter(|l| l.contains("jw01073")).count() >= 3 && t.contains("15 / 15")
}

fn product_rows(t: &str) -> usize {
    t.lines()
        .filter(|l| l.contains("jw01073") && (l.contains(".fits") || l.contains(".json")))
        .count()
}

/// The demo archive's basket journal under `home`.
fn journal(home: &Path) -> PathBuf {
    std::fs::read_dir(home.join("data"))
        .expect("data dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("basket-127.0.0.1_") && name.ends_with(".jsonl")
        })
        .expect("the demo's basket journal")
}

/// F12 as xterm sends it.
const F12: &str = "\u{1b}[24~";

#[test]
fn a_panic_in_the_ui_loop_restores_the_terminal_and_keeps_the_basket() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = start(tmp.path(), Some("ui"));
    s.wait_for("the observations", results_shown);
    s.keys(" ");
    s.keys("p");
    s.wait_for("products", |t| {
        t.contains(" Products ") && product_rows(t) >= 3 && !t.contains("observations 0/")
    });
    s.keys(" j j ");
    s.keys("b");
    s.wait_for("the hand-off", |t| t.contains("sent to the basket"));
    s.keys("4");
    s.wait_for("three finished downloads", |t| {
        t.contains(" Basket ") && t.contains("3 done")
    });
    let before = std::fs::read_to_string(journal(tmp.path())).expect("journal");

    s.keys(F12);
    // Rust's exit status for a panic that reached main.
    assert_eq!(s.exit_code(), 101);
    s.assert_restored();
    let screen = s.text();
    assert!(
        screen.contains("MASTUI_TEST_PANIC=ui: a deliberate panic in the ui"),
        "{screen}"
    );

    // Every journal line still parses, and the three files are in it, complete.
    let after = std::fs::read_to_string(journal(tmp.path())).expect("journal");
    assert!(after.starts_with(&before[..before.len().min(after.len())]));
    let items: Vec<serde_json::Value> = after
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        items
            .iter()
            .filter(|v| v.pointer("/put/status") == Some(&"complete".into()))
            .count()
            >= 3,
        "{after}"
    );
    // And mastui's own loader reads it back (the demo's next run has another address,
    // hence another journal, so the basket is opened directly).
    let basket = mastui::worker::basket::Basket::open(&journal(tmp.path())).expect("loads");
    let done = basket
        .items()
        .iter()
        .filter(|it| it.status.is_done())
        .count();
    assert_eq!(done, 3, "{:?}", basket.items());
}

#[test]
fn a_panic_in_a_worker_job_is_shown_in_place_and_printed_after() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut s = start(tmp.path(), Some("worker"));
    s.wait_for("the observations", results_shown);
    s.keys(" ");
    s.keys("p");
    // The products job panicked: the browser says so in place and goes on.
    let shown = s.wait_for("the failure in place", |t| {
        t.contains("MASTUI_TEST_PANIC=worker: a deliberate panic")
    });
    assert!(shown.contains("products: internal error"), "{shown}");
    s.keys("1");
    s.wait_for("the search pane still answering", |t| {
        t.contains(" Search ")
    });
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
    let screen = s.text();
    assert!(
        screen.contains(
            "mastui: a background job panicked (a bug; please report it): MASTUI_TEST_PANIC=worker"
        ),
        "{screen}"
    );
}
