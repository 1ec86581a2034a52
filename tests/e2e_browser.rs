//! End to end: the real `mastui` binary in a pseudo-terminal, read back through a VT100
//! parser. The screen is polled with a deadline instead of fixed sleeps.
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const COLS: u16 = 110;
const ROWS: u16 = 30;
const PATIENCE: Duration = Duration::from_secs(30);

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    reader: Option<thread::JoinHandle<()>>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_mastui"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).expect("spawn mastui");
        // Only the child holds the slave now, so the reader sees EOF when it exits.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero size");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(ROWS), size(COLS), 0)));
        let sink = Arc::clone(&screen);
        let reader = thread::spawn(move || {
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink.lock().expect("screen lock").process(&buf[..n]),
                }
            }
        });
        Session {
            child,
            writer,
            screen,
            reader: Some(reader),
        }
    }

    fn text(&self) -> String {
        self.screen.lock().expect("screen lock").screen().contents()
    }

    /// Waits until `pred` holds for the screen text; panics with the screen otherwise.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let text = self.text();
            if pred(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{text}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    /// Waits for the exit, then for the last output, and returns the exit code.
    fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("try_wait") {
                break s;
            }
            assert!(
                Instant::now() < deadline,
                "mastui did not exit; screen:\n{}",
                self.text()
            );
            thread::sleep(Duration::from_millis(20));
        };
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        status.exit_code()
    }

    fn assert_restored(&self) {
        let parser = self.screen.lock().expect("screen lock");
        let screen = parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor left hidden");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Grid lines showing an observation of program 1073.
fn rows_of_1073(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains("jw01073")).collect()
}

#[test]
fn search_from_flags_filter_then_quit_restores_the_terminal() {
    let mut s = Session::start(&["--demo", "--collection", "JWST", "--proposal", "1073"]);
    // Program 1073 has 15 observations; waiting for the complete count (not just some rows)
    // keeps a half-drawn first frame from being taken for the whole result.
    let text = s.wait_for("rows of program 1073", |t| {
        t.contains("15 / 15") && rows_of_1073(t).len() >= 3
    });
    let all = rows_of_1073(&text).len();
    assert!(
        text.contains("127.0.0.1:"),
        "the status bar names the server:\n{text}"
    );

    s.keys("/f150");
    let text = s.wait_for("the filter to narrow the rows", |t| {
        let rows = rows_of_1073(t);
        t.contains("filter \"f150\"") && !rows.is_empty() && rows.len() < all
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
    let mut s = Session::start(&["--demo", "--collection", "JWST", "--proposal", "1073"]);
    s.wait_for("rows of program 1073", |t| rows_of_1073(t).len() >= 3);
    let pid = s.child.process_id().expect("child pid");
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
    let mut s = Session::start(&["--demo"]);
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
