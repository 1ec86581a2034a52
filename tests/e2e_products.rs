//! End to end, the products pane: the real `mastui --demo` in a pseudo-terminal (portable-pty
//! and vt100, as tests/e2e_browser.rs does): program 1073 found, all marked, `p` lists
//! their products with guide stars hidden, `x` shows them, and quitting restores the terminal.
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const COLS: u16 = 120;
const ROWS: u16 = 32;
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
        // No display: `o` must never start a browser here.
        cmd.env_remove("DISPLAY");
        cmd.env_remove("WAYLAND_DISPLAY");
        let child = pty.slave.spawn_command(cmd).expect("spawn mastui");
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

    fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("try_wait") {
                break s;
            }
            assert!(
                Instant::now() < deadline,
                "mastui did not exit:\n{}",
                self.text()
            );
            thread::sleep(Duration::from_millis(20));
        };
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        status.exit_code()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// Product rows on screen (file names of program 1073).
fn product_rows(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.contains("jw01073") && (l.contains(".fits") || l.contains(".json")))
        .collect()
}

#[test]
fn products_of_program_1073_with_guide_stars_hidden() {
    let mut s = Session::start(&["--demo", "--collection", "JWST", "--proposal", "1073"]);
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
    assert!(
        !text.contains("_gs-"),
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
    let parser = s.screen.lock().expect("screen lock");
    assert!(!parser.screen().alternate_screen(), "terminal restored");
    assert!(!parser.screen().hide_cursor(), "cursor restored");
}
