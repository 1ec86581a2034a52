//! Keys to tui-input editing requests (readline-like), without depending on a terminal crate.
use tui_input::{Input, InputRequest};

use super::key::{Key, KeyCode};

/// Applies an editing key; true when the text changed. Keys that do not edit are ignored.
pub fn apply_key(input: &mut Input, key: &Key) -> bool {
    let req = match (key.code, key.mods.ctrl, key.mods.alt) {
        (KeyCode::Char(c), false, false) => InputRequest::InsertChar(c),
        (KeyCode::Backspace, false, false) => InputRequest::DeletePrevChar,
        (KeyCode::Backspace, _, _) | (KeyCode::Char('w'), true, false) => {
            InputRequest::DeletePrevWord
        }
        (KeyCode::Delete, _, _) | (KeyCode::Char('d'), true, false) => InputRequest::DeleteNextChar,
        (KeyCode::Left, false, false) | (KeyCode::Char('b'), true, false) => {
            InputRequest::GoToPrevChar
        }
        (KeyCode::Right, false, false) | (KeyCode::Char('f'), true, false) => {
            InputRequest::GoToNextChar
        }
        (KeyCode::Left, true, _) | (KeyCode::Char('b'), false, true) => InputRequest::GoToPrevWord,
        (KeyCode::Right, true, _) | (KeyCode::Char('f'), false, true) => InputRequest::GoToNextWord,
        (KeyCode::Home, _, _) | (KeyCode::Char('a'), true, false) => InputRequest::GoToStart,
        (KeyCode::End, _, _) | (KeyCode::Char('e'), true, false) => InputRequest::GoToEnd,
        (KeyCode::Char('u'), true, false) => InputRequest::DeleteFromStart,
        (KeyCode::Char('k'), true, false) => InputRequest::DeleteTillEnd,
        (KeyCode::Char('y'), true, false) => InputRequest::Yank,
        _ => return false,
    };
    input.handle(req).is_some_and(|c| c.value)
}

/// Inserts pasted text, dropping line breaks and other control characters.
pub fn paste(input: &mut Input, text: &str) -> bool {
    let mut changed = false;
    for ch in text.chars().filter(|c| !c.is_control()) {
        changed |= input
            .handle(InputRequest::InsertChar(ch))
            .is_some_and(|c| c.value);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits() {
        let mut i = Input::default();
        assert!(apply_key(&mut i, &Key::ch('q')));
        assert!(apply_key(&mut i, &Key::ch('x')));
        assert!(apply_key(&mut i, &Key::new(KeyCode::Backspace)));
        assert_eq!(i.value(), "q");
        assert!(!apply_key(&mut i, &Key::new(KeyCode::Left)));
        assert!(paste(&mut i, "a\nb"));
        assert_eq!(i.value(), "abq");
    }
}
