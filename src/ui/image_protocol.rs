//! Which image protocol previews are drawn with, chosen from `MASTUI_PREVIEWS` and the
//! environment the terminal leaves behind; the terminal itself is never asked.
//!
//! Why not ask: the usual query writes escape sequences and reads the answers from stdin on a
//! thread of its own. A terminal that does not answer (or answers late over a slow SSH link)
//! leaves that thread reading stdin after the timeout, where it swallows the person's keys
//! and finally resets raw mode under the running browser. Variables such as `TERM`,
//! `TERM_PROGRAM` and `LC_TERMINAL` name the terminal well enough for the common cases, and
//! `MASTUI_PREVIEWS` names the protocol outright for the rest (sixel terminals say nothing).
use ratatui_image::picker::{Picker, ProtocolType};

/// The variable that turns previews off or names their protocol.
pub const PREVIEWS_ENV: &str = "MASTUI_PREVIEWS";

/// What `MASTUI_PREVIEWS` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum PreviewMode {
    /// Nothing fetched, no panel.
    Off,
    /// The protocol the environment suggests, half blocks when it suggests none.
    #[default]
    Auto,
    /// This protocol, whatever the environment says.
    Fixed(ProtocolType),
}

impl PreviewMode {
    /// Parses the variable's value (unset is `auto`); a value it does not know is an error
    /// naming the accepted ones.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        let Some(raw) = value else {
            return Ok(Self::Auto);
        };
        match raw.trim().to_ascii_lowercase().as_str() {
            "" | "auto" | "on" | "1" | "yes" | "true" => Ok(Self::Auto),
            "off" | "0" | "no" | "false" => Ok(Self::Off),
            "kitty" => Ok(Self::Fixed(ProtocolType::Kitty)),
            "sixel" => Ok(Self::Fixed(ProtocolType::Sixel)),
            "iterm2" | "iterm" => Ok(Self::Fixed(ProtocolType::Iterm2)),
            "halfblocks" | "blocks" => Ok(Self::Fixed(ProtocolType::Halfblocks)),
            _ => Err(format!(
                "'{}' is not understood; accepted: auto, off, kitty, sixel, \
                 iterm2, halfblocks",
                crate::sanitize::printable(raw)
            )),
        }
    }

    pub fn enabled(self) -> bool {
        self != Self::Off
    }
}

/// The protocol the terminal's environment names, if any. `lookup` reads a variable.
pub fn protocol_from_env(lookup: impl Fn(&str) -> Option<String>) -> Option<ProtocolType> {
    let has = |name: &str| lookup(name).is_some_and(|v| !v.is_empty());
    let term = lookup("TERM").unwrap_or_default();
    let program = lookup("TERM_PROGRAM").unwrap_or_default();
    // Inside tmux or screen, images need passthrough the multiplexer may not give; the
    // outer terminal's variables are often stale there too.
    if term.starts_with("tmux") || term.starts_with("screen") || program == "tmux" {
        return None;
    }
    if term == "xterm-kitty" || term == "xterm-ghostty" || program == "ghostty" {
        return Some(ProtocolType::Kitty);
    }
    if has("KITTY_WINDOW_ID") && !has("SSH_CONNECTION") {
        return Some(ProtocolType::Kitty);
    }
    const ITERM2_PROGRAMS: [&str; 5] = ["iTerm.app", "WezTerm", "mintty", "vscode", "rio"];
    if ITERM2_PROGRAMS.iter().any(|p| program.contains(p))
        || lookup("LC_TERMINAL").is_some_and(|v| v.contains("iTerm"))
        || has("WEZTERM_EXECUTABLE")
    {
        return Some(ProtocolType::Iterm2);
    }
    if term == "foot" || term.starts_with("foot-") || term.starts_with("mlterm") {
        return Some(ProtocolType::Sixel);
    }
    None
}

/// The picker for `mode` (None when previews are off). The cell size in pixels comes from
/// the terminal's window size report when it gives one; the protocols that draw pixels need
/// it to scale the image to the panel.
pub fn picker(mode: PreviewMode) -> Option<Picker> {
    let protocol = match mode {
        PreviewMode::Off => return None,
        PreviewMode::Fixed(p) => p,
        PreviewMode::Auto => {
            protocol_from_env(|name| std::env::var(name).ok()).unwrap_or(ProtocolType::Halfblocks)
        }
    };
    // `from_fontsize` is deprecated in favour of the stdin query this module avoids (see
    // the top); it stays the way to give the cell size without asking.
    #[allow(deprecated)]
    let mut picker = match cell_pixels() {
        Some(size) => Picker::from_fontsize(size),
        None => Picker::halfblocks(),
    };
    picker.set_protocol_type(protocol);
    Some(picker)
}

fn cell_pixels() -> Option<(u16, u16)> {
    let size = crossterm::terminal::window_size().ok()?;
    if size.columns == 0 || size.rows == 0 || size.width == 0 || size.height == 0 {
        return None;
    }
    Some((size.width / size.columns, size.height / size.rows)).filter(|(w, h)| *w > 0 && *h > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_variable_names_a_mode_or_says_what_is_accepted() {
        assert_eq!(PreviewMode::parse(None), Ok(PreviewMode::Auto));
        assert_eq!(PreviewMode::parse(Some(" OFF ")), Ok(PreviewMode::Off));
        assert_eq!(
            PreviewMode::parse(Some("Sixel")),
            Ok(PreviewMode::Fixed(ProtocolType::Sixel))
        );
        let err = PreviewMode::parse(Some("pictures\x1b[2J")).unwrap_err();
        assert!(err.contains("'pictures"), "{err}");
        assert!(err.contains("accepted: auto, off, kitty"), "{err}");
        assert!(!err.contains('\x1b'), "{err:?}");
    }

    #[test]
    fn terminals_are_known_by_what_they_leave_in_the_environment() {
        assert_eq!(
            protocol_from_env(env(&[("TERM", "xterm-kitty")])),
            Some(ProtocolType::Kitty)
        );
        assert_eq!(
            protocol_from_env(env(&[
                ("TERM", "xterm-256color"),
                ("TERM_PROGRAM", "iTerm.app")
            ])),
            Some(ProtocolType::Iterm2)
        );
        assert_eq!(
            protocol_from_env(env(&[
                ("TERM", "xterm-256color"),
                ("LC_TERMINAL", "iTerm2")
            ])),
            Some(ProtocolType::Iterm2)
        );
        assert_eq!(
            protocol_from_env(env(&[("TERM", "foot")])),
            Some(ProtocolType::Sixel)
        );
        assert_eq!(protocol_from_env(env(&[("TERM", "xterm-256color")])), None);
        assert_eq!(protocol_from_env(env(&[("TERM", "vt100")])), None);
    }

    #[test]
    fn multiplexers_and_stale_kitty_ids_over_ssh_get_half_blocks() {
        assert_eq!(
            protocol_from_env(env(&[("TERM", "tmux-256color"), ("KITTY_WINDOW_ID", "3")])),
            None
        );
        assert_eq!(
            protocol_from_env(env(&[
                ("TERM", "xterm-256color"),
                ("KITTY_WINDOW_ID", "3"),
                ("SSH_CONNECTION", "10.0.0.1 5 10.0.0.2 22")
            ])),
            None
        );
    }
}
