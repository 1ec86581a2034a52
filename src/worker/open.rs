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

/// The OSC 52 "set clipboard" sequence for `text`.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub async fn run(url: String, tx: UnboundedSender<Msg>) {
    let env = |k: &str| std::env::var(k).ok();
    let outcome = if has_display(&env) {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        // The URL is one argument, never shell text.
        match tokio::process::Command::new(opener)
            .arg(&url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .await
        {
            Ok(s) if s.success() => OpenOutcome::Browser,
            Ok(s) => OpenOutcome::Failed(format!("{opener} exited with {s}")),
            Err(e) => OpenOutcome::Failed(format!("{opener}: {e}")),
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
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
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
