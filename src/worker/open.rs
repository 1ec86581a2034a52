//! `o`: a URL opened in a browser where a display exists; otherwise (plain SSH, a console)
//! shown to the user and copied to their clipboard with OSC 52, which terminals and
//! multiplexers forward over SSH.
use std::io::Write;

use tokio::sync::mpsc::UnboundedSender;

use crate::app::msg::Msg;
use crate::app::msg::OpenOutcome;

/// True when a graphical session can show a browser: X11 or Wayland on Unix; macOS unless
/// the session came in over SSH.
pub fn has_display(env: &dyn Fn(&str) -> Option<String>) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.trim().is_empty());
    if cfg!(target_os = "macos") {
        return !set("SSH_CONNECTION") && !set("SSH_TTY");
    }
    set("DISPLAY") || set("WAYLAND_DISPLAY")
}

/// The OSC 52 "set clipboard" sequence for `text` (crossterm's command, written as text so
/// it goes out in one write).
pub fn osc52(text: &str) -> String {
    let mut seq = String::new();
    let copy = crossterm::clipboard::CopyToClipboard::to_clipboard_from(text);
    // Writing a command into a String cannot fail.
    let _ = crossterm::Command::write_ansi(&copy, &mut seq);
    seq
}

pub async fn run(url: String, tx: UnboundedSender<Msg>) {
    let env = |k: &str| std::env::var(k).ok();
    let outcome = if has_display(&env) {
        // The `open` crate knows each platform's opener (xdg-open, gio, wslview on WSL,
        // open, start); the URL is one argument, never shell text.
        let target = url.clone();
        match tokio::task::spawn_blocking(move || open::that(&target)).await {
            Ok(Ok(())) => OpenOutcome::Browser,
            Ok(Err(e)) => OpenOutcome::Failed(e.to_string()),
            Err(e) => OpenOutcome::Failed(e.to_string()),
        }
    } else {
        // One write of the whole sequence, under the stdout lock, so it is not split.
        let seq = osc52(&url);
        let written = tokio::task::spawn_blocking(move || {
            let mut out = std::io::stdout().lock();
            out.write_all(seq.as_bytes()).and_then(|()| out.flush())
        })
        .await;
        match written {
            Ok(Ok(())) => OpenOutcome::Copied,
            Ok(Err(e)) => OpenOutcome::Failed(e.to_string()),
            Err(e) => OpenOutcome::Failed(e.to_string()),
        }
    };
    let _ = tx.send(Msg::Opened { url, outcome });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_of_the_text() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x1b\\");
        assert_eq!(osc52("foobar"), "\x1b]52;c;Zm9vYmFy\x1b\\");
    }

    #[test]
    fn display_detection() {
        let none = |_: &str| None;
        let x11 = |k: &str| (k == "DISPLAY").then(|| ":0".to_string());
        let blank = |k: &str| (k == "DISPLAY").then(String::new);
        if !cfg!(target_os = "macos") {
            assert!(!has_display(&none));
            assert!(has_display(&x11));
            assert!(!has_display(&blank));
        }
    }
}
