//! Headless downloads on a terminal draw progress bars (an overall bar with the time left,
//! one per file in flight); the same command with stderr on a pipe prints plain lines only.
use std::process::Command;

mod support;

use support::pty::Session;

#[test]
fn bars_on_a_terminal_plain_lines_on_a_pipe() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = rt
        .block_on(mastui::sim::start(mastui::sim::SimOptions {
            file_size: Some(400_000),
            // Slow enough that the bars are on screen for a while.
            chunk_delay_ms: 20,
            ..Default::default()
        }))
        .expect("sim");
    let home = tempfile::tempdir().expect("home");
    let base = sim.base_url.clone();
    let args = |dir: &str| -> Vec<String> {
        [
            "--server",
            &base,
            "download",
            "--flat",
            "--dir",
            dir,
            "--collection",
            "JWST",
            "--proposal",
            "1073",
            "--limit",
            "1",
            "--filter",
            "_cal.fits",
            "--parallel",
            "2",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let dir = home.path().join("tty").to_string_lossy().into_owned();
    let tty_args = args(&dir);
    let tty_refs: Vec<&str> = tty_args.iter().map(String::as_str).collect();
    let h = home.path().to_path_buf();
    let mut s = Session::start(&tty_refs, (110, 24), move |cmd| {
        cmd.env("MASTUI_DATA_DIR", h.join("data"));
        cmd.env("MASTUI_CACHE_DIR", h.join("cache"));
    });
    s.wait_for("the bars", |t| {
        t.contains("ETA") && t.contains("_cal.fits") && t.contains("files")
    });
    assert_eq!(s.exit_code(), 0);
    let text = s.text();
    assert!(text.contains("complete"), "{text}");

    // On a pipe: lines, no bar characters, no cursor movement.
    let dir = home.path().join("pipe").to_string_lossy().into_owned();
    let out = Command::new(env!("CARGO_BIN_EXE_mastui"))
        .args(args(&dir))
        .env("MASTUI_DATA_DIR", home.path().join("data2"))
        .env("MASTUI_CACHE_DIR", home.path().join("cache2"))
        .output()
        .expect("mastui");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("] complete "), "{err}");
    assert!(!err.contains("ETA") && !err.contains('\u{1b}'), "{err}");
    drop(rt);
}
