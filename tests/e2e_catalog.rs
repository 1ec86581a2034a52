//! End to end in a pseudo-terminal (portable-pty + vt100): the real `mastui --demo`, a TIC
//! source picked around NGC 1365, `O` to the observations around it, `p` to their products,
//! then `q`, with the terminal restored.
use std::path::Path;

mod support;

use support::pty::Session;

fn start(home: &Path) -> Session {
    Session::start(&["--demo"], (120, 32), |cmd| {
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
        cmd.env("MASTUI_DATA_DIR", home.join("data"));
        cmd.env("MASTUI_CONFIG_DIR", home.join("config"));
        cmd.env("MASTUI_CACHE_DIR", home.join("cache"));
        cmd.env("MASTUI_DOWNLOAD_DIR", home.join("dl"));
        cmd.env("MASTUI_PREVIEWS", "off");
        cmd.env_remove("MAST_API_TOKEN");
    })
}

const UP: &str = "\x1b[A";
const RIGHT: &str = "\x1b[C";
const TAB: &str = "\t";
const ENTER: &str = "\r";

#[test]
fn a_tic_source_to_its_observations_to_their_products() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut s = start(tmp.path());
    s.wait_for("the search form", |t| {
        t.contains("Source") && t.contains("Observations")
    });
    // Up to the source line, → to TIC, Tab to its target.
    s.keys(UP);
    s.keys(RIGHT);
    s.wait_for("TIC on the source line", |t| t.contains("◂ TIC ▸"));
    s.keys(TAB);
    s.keys("NGC 1365");
    s.wait_for("the live count of sources", |t| {
        t.contains("matching sources: ")
    });
    s.keys(ENTER);
    let text = s.wait_for("TIC sources in the catalog pane", |t| {
        t.contains(" 5 TIC ") && t.lines().filter(|l| l.contains(" 5000")).count() >= 3
    });
    assert!(text.contains("NGC 1365"), "the query is shown:\n{text}");
    // O: observations around the source under the cursor.
    s.keys("O");
    s.wait_for("the observations around the source", |t| {
        t.contains(" Results ") && t.lines().filter(|l| l.contains("jw01073")).count() >= 1
    });
    // p: their products.
    s.keys("p");
    s.wait_for("the products", |t| {
        t.contains(" Products ") && t.contains(".fits") && !t.contains("observations 0/")
    });
    // The catalog's rows are still there.
    s.keys("5");
    s.wait_for("the catalog pane again", |t| {
        t.lines().filter(|l| l.contains(" 5000")).count() >= 3
    });
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}
