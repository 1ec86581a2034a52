//! Keys as the state machine sees them: plain data, so transitions can be tested without a
//! terminal. The UI loop translates terminal events into these.

/// Which modifier keys were held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Mods {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Mods,
}

impl Key {
    pub const fn new(code: KeyCode) -> Key {
        Key {
            code,
            mods: Mods {
                ctrl: false,
                alt: false,
                shift: false,
            },
        }
    }

    pub const fn ch(c: char) -> Key {
        Key::new(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: Mods {
                ctrl: true,
                alt: false,
                shift: false,
            },
        }
    }

    /// A printable character typed without Ctrl or Alt (Shift is part of the character).
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.mods.ctrl && !self.mods.alt => Some(c),
            _ => None,
        }
    }

    /// Compares ignoring Shift on characters (the terminal already folded it into the char).
    pub fn matches(&self, other: &Key) -> bool {
        match (self.code, other.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                a == b && self.mods.ctrl == other.mods.ctrl && self.mods.alt == other.mods.alt
            }
            _ => self == other,
        }
    }

    /// A key as people write it (and as `label` writes it): `q`, `Q`, `Ctrl-N`, `F5`,
    /// `Enter`, `Esc`, `Tab`, `Shift-Tab`, `Space`, `Backspace`, `Del`, arrows as `Up` or
    /// `↑`, `Home`, `End`, `PgUp`, `PgDn`. Case matters for a single letter only.
    pub fn parse(text: &str) -> Result<Key, String> {
        let t = text.trim();
        let bad = || {
            format!(
                "'{t}' is not a key; write a character (q, Q, /), Ctrl-<letter>, F1-F12, Enter, \
                 Esc, Tab, Shift-Tab, Space, Backspace, Del, Up, Down, Left, Right, Home, End, \
                 PgUp or PgDn"
            )
        };
        if let Some(rest) = t
            .strip_prefix("Ctrl-")
            .or_else(|| t.strip_prefix("ctrl-"))
            .or_else(|| t.strip_prefix("C-"))
        {
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => {
                    Ok(Key::ctrl(c.to_ascii_lowercase()))
                }
                _ => Err(bad()),
            };
        }
        let mut chars = t.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Key::ch(c));
        }
        let code = match t.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "del" | "delete" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            f if f.starts_with('f') => match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        };
        Ok(Key::new(code))
    }

    /// A character typed without Ctrl or Alt: text, in a field.
    pub fn is_plain_char(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.mods.ctrl && !self.mods.alt
    }

    /// How the key is written in help and hints: `q`, `Ctrl-N`, `Enter`, `Shift-Tab`.
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.mods.ctrl {
            s.push_str("Ctrl-");
        }
        if self.mods.alt {
            s.push_str("Alt-");
        }
        match self.code {
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) if self.mods.ctrl => s.push(c.to_ascii_uppercase()),
            KeyCode::Char(c) => s.push(c),
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::BackTab => s.push_str("Shift-Tab"),
            KeyCode::Backspace => s.push_str("Backspace"),
            KeyCode::Delete => s.push_str("Del"),
            KeyCode::Left => s.push('←'),
            KeyCode::Right => s.push('→'),
            KeyCode::Up => s.push('↑'),
            KeyCode::Down => s.push('↓'),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::F(n) => {
                s.push('F');
                s.push_str(&n.to_string());
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_as_they_are_written() {
        assert_eq!(Key::parse("q"), Ok(Key::ch('q')));
        assert_eq!(Key::parse("Q"), Ok(Key::ch('Q')));
        assert_eq!(Key::parse("Ctrl-N"), Ok(Key::ctrl('n')));
        assert_eq!(Key::parse("F5"), Ok(Key::new(KeyCode::F(5))));
        assert_eq!(Key::parse("shift-tab"), Ok(Key::new(KeyCode::BackTab)));
        assert_eq!(Key::parse("Space"), Ok(Key::ch(' ')));
        for k in [Key::ch('x'), Key::ctrl('u'), Key::new(KeyCode::PageDown)] {
            assert_eq!(Key::parse(&k.label()), Ok(k), "{}", k.label());
        }
        assert!(Key::parse("Ctrl-").is_err());
        assert!(Key::parse("F13").unwrap_err().contains("not a key"));
    }
}
