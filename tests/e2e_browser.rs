//! End to end: the real `mastui` binary in a pseudo-terminal, read back through a VT100
//! parser. The screen is polled with a deadline instead of fixed sleeps.
mod support;

use support::pty::Session;

/// The terminal the browser runs in: cols x rows.
const SIZE: (u16, u16) = (110, 30);

/// `mastui args` on the test terminal, with the environment as it is.
fn start(args: &[&str]) -> Session {
    Session::start(args, SIZE, |_| {})
}

/// Grid lines showing an observation of program 1073.
fn rows_of_1073(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains("jw01073")).collect()
}

#[test]
fn search_from_flags_filter_then_quit_restores_the_terminal() {
    let mut s = start(&["--demo", "--collection", "JWST", "--proposal", "1073"]);
    // Program 1073 has 15 observations, and all of them fit on the screen. The count sits
    // above the rows, so a frame read half drawn can show it with only some rows: waiting
    // for every row keeps such a frame from being taken for the whole result.
    let text = s.wait_for("rows of program 1073", |t| {
        t.contains("15 / 15") && rows_of_1073(t).len() == 15
    });
    let all = rows_of_1073(&text).len();
    assert!(
        text.contains("127.0.0.1:"),
        "the status bar names the server:\n{text}"
    );

    s.keys("/f150");
    // The filter prompt is the frame's last line: once it shows "/f150", the rows above it
    // are drawn too. The title's `filter "f150"` alone can be read with old rows below it.
    let text = s.wait_for("the filter to narrow the rows", |t| {
        let rows = rows_of_1073(t);
        t.contains("filter \"f150\"")
            && t.lines()
                .any(|l| l.starts_with("/f150") && l.contains(" shown"))
            && !rows.is_empty()
            && rows.len() < all
    });
    assert!(
        rows_of_1073(&text)
            .iter()
            .all(|l| l.to_lowercase().contains("f150")),
        "every row left shows the filter text:\n{text}"
    );

    s.keys("\r");
    s.wait_for("the filter prompt to close", |t| !t.contains("Enter keep"));
    s.keys("q");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}

/// Sends `signal` once the rows show; the browser must exit 0 with the terminal restored.
fn exits_cleanly_on(signal: &str) {
    let mut s = start(&["--demo", "--collection", "JWST", "--proposal", "1073"]);
    s.wait_for("rows of program 1073", |t| rows_of_1073(t).len() >= 3);
    let pid = s.pid();
    let killed = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    assert_eq!(s.exit_code(), 0, "after {signal}");
    s.assert_restored();
}

#[test]
fn sigterm_exits_cleanly_and_restores_the_terminal() {
    exits_cleanly_on("-TERM");
}

#[test]
fn sighup_exits_cleanly_and_restores_the_terminal() {
    exits_cleanly_on("-HUP");
}

#[test]
fn ctrl_c_while_typing_exits_and_restores_the_terminal() {
    let mut s = start(&["--demo"]);
    s.wait_for("the search form", |t| {
        t.contains("Target") && t.contains("Collections")
    });
    // q is text in a field; Ctrl-C still leaves.
    s.keys("q");
    s.wait_for("q typed into the target field", |t| {
        t.lines().any(|l| l.contains("Target") && l.contains(" q"))
    });
    s.keys("\u{3}");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}

/// A server that trickles its answers: the browser says it stalled and is retrying, in the
/// message line, instead of waiting in silence.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_server_is_said_in_the_message_line() {
    let sim = mastui::sim::start(mastui::sim::SimOptions {
        faults: "trickle=1".parse().expect("fault spec"),
        ..mastui::sim::SimOptions::default()
    })
    .await
    .expect("sim starts");
    let dir = tempfile::tempdir().expect("tempdir");
    let base = sim.base_url.clone();
    let home = dir.path().to_path_buf();
    let mut s = tokio::task::spawn_blocking(move || {
        let s = Session::start(
            &[
                "--server",
                &base,
                "--collection",
                "JWST",
                "--proposal",
                "1073",
            ],
            SIZE,
            |c| {
                c.env("MASTUI_STALL_SECS", "1");
                c.env("MASTUI_RETRIES", "2");
                c.env("MASTUI_CONFIG_DIR", home.join("config"));
                c.env("MASTUI_DATA_DIR", home.join("data"));
                c.env("MASTUI_CACHE_DIR", home.join("cache"));
                c.env_remove("MAST_API_TOKEN");
                c.env_remove("MASTUI_SERVER");
            },
        );
        s.wait_for("the stall said", |t| t.contains("stalled"));
        s
    })
    .await
    .expect("the browser ran");
    s.keys("\u{3}");
    assert_eq!(s.exit_code(), 0);
    s.assert_restored();
}
