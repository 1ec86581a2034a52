//! Text from the server made safe for a terminal: no escape sequences, no control characters.
//! Kept by hand: it must also blank every other control character (C0, C1, DEL) and borrow
//! when nothing needs changing, which an escape-stripping crate alone does not do.
use std::borrow::Cow;

/// Removes ANSI/VT escape sequences (CSI, OSC, DCS and lone ESC pairs) and replaces other
/// control characters with a space, so that a hostile string cannot move the cursor, change
/// colours, set the window title or write to the clipboard.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI/OSC/DCS introducers carry sequences of their own.
            '\u{9b}' => skip_until_final(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_unsafe(c) => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_until_final(chars),
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => skip_string(chars),
        // Two-character sequences (ESC c, ESC 7, ...) end here.
        _ => {}
    }
}

/// CSI: parameters and intermediates up to a final byte in '@'..='~'.
fn skip_until_final(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/...: up to BEL or ST (ESC \ or U+009C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(printable("M101 é ★"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_are_removed() {
        assert_eq!(printable("a\u{1b}[31mred\u{1b}[0m"), "ared");
        assert_eq!(printable("t\u{1b}]0;pwned\u{7}x"), "tx");
        assert_eq!(printable("c\u{1b}]52;c;aGk=\u{1b}\\d"), "cd");
        assert_eq!(printable("a\u{9b}2Jb"), "ab");
        assert_eq!(printable("line\nnext\ttab\r"), "line next tab ");
        assert_eq!(printable("bell\u{7}"), "bell ");
        assert_eq!(printable("\u{1b}"), "");
    }
}
