//! The real `mastui` binary in a pseudo-terminal, read back through a VT100 parser, for the
//! end-to-end tests. The screen is polled with a deadline instead of fixed sleeps.
// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

/// How long any one wait may take before the test fails with the screen shown.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    reader: Option<thread::JoinHandle<()>>,
    /// The data directory unless the test names its own: a session, the history and a
    /// basket journal never reach the real one, nor leak from one test into another.
    _data: tempfile::TempDir,
}

impl Session {
    /// `mastui args` on a `cols` x `rows` terminal (TERM=xterm-256color, colours allowed);
    /// `setup` adds the test's own environment.
    pub fn start(
        args: &[&str],
        (cols, rows): (u16, u16),
        setup: impl FnOnce(&mut CommandBuilder),
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_mastui"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let data = tempfile::tempdir().expect("a data directory");
        cmd.env("MASTUI_DATA_DIR", data.path());
        setup(&mut cmd);
        let child = pty.slave.spawn_command(cmd).expect("spawn mastui");
        // Only the child holds the slave now, so the reader sees EOF when it exits.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let size = |n: u16| std::num::NonZeroU16::new(n).expect("non-zero size");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(rows), size(cols), 0)));
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
            _data: data,
        }
    }

    pub fn text(&self) -> String {
        self.screen.lock().expect("screen lock").screen().contents()
    }

    /// Waits until `pred` holds for the screen text; panics with the screen otherwise.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
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

    pub fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Waits for the exit, then for the last output, and returns the exit code.
    pub fn exit_code(&mut self) -> u32 {
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

    /// The terminal is back as it was: main screen, cursor shown.
    pub fn assert_restored(&self) {
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
