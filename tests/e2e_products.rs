//! End to end, the products pane: the real `mastui --demo` in a pseudo-terminal (portable-pty
//! and vt100, as tests/e2e_browser.rs does): program 1073 found, all marked, `p` lists
//! their products with guide stars hidden, `x` shows them, and quitting restores the terminal.
mod support;

use support::pty::Session;

fn start(args: &[&str]) -> Session {
    Session::start(args, (120, 32), |cmd| {
        // No display: `o` must never start a browser here.
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
    })
}

/// Product rows on screen (file names of program 1073).
fn product_rows(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains("jw01073") && (l.contains(".fits") || l.contains(".json")))
        .collect()
}

#[test]
fn products_of_program_1073_with_guide_stars_hidden() {
    let mut s = start(&["--demo", "--collection", "JWST", "--proposal", "1073"]);
    s.wait_for("the 15 observations of program 1073", |t| {
        t.lines().filter(|l| l.contains("jw01073")).count() >= 3 && t.contains("15 / 15")
    });
    // Mark every observation, then ask for their products.
    s.keys("a");
    s.keys("p");
    let text = s.wait_for("every observation's products", |t| {
        t.contains(" Products ")
            && !t.contains("observations 0/")
            && product_rows(t).len() >= 5
            && !t.contains("observations 1")
            && t.contains("guide stars hidden")
    });
    // Only the rows count: the hint bar's example expression mentions `_gs-` itself.
    assert!(
        !product_rows(&text).iter().any(|l| l.contains("_gs-")),
        "guide-star files are hidden by default:\n{text}"
    );

    // Only guide-star names: none shows until `x`.
    s.keys("/_gs-\r");
    s.wait_for("nothing passes while guide stars are hidden", |t| {
        t.contains("No product passes")
    });
    s.keys("x");
    let text = s.wait_for("guide-star files", |t| {
        product_rows(t)
            .iter()
            .filter(|l| l.contains("_gs-"))
            .count()
            >= 3
    });
    assert!(text.contains("guide stars shown"), "{text}");

    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}
