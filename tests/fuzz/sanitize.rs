//! The escape-sequence sanitiser: nothing a server sends may reach the terminal as a control.
use std::borrow::Cow;

use mastui::sanitize::printable;
use proptest::prelude::*;

use crate::{any_text, config, text_of};

const PIECES: &[&str] = &[
    "\u{1b}", "\u{1b}[", "\u{1b}]", "\u{1b}P", "\u{1b}\\", "\u{9b}", "\u{9c}", "\u{9d}", "\u{90}",
    "\u{7}", "[", "]", "0", "31", ";", "m", "H", "2J", "52;c;", "\\", "\n", "\r", "\u{2028}",
    "\u{2029}", "\u{7f}", "a", "é", "★", " ",
];

/// What a terminal would act on: any control (C0, DEL, C1) or a line/paragraph separator.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

proptest! {
    #![proptest_config(config(5000))]

    #[test]
    fn output_never_holds_a_control(s in prop_oneof![text_of(PIECES, 30), any_text(60)]) {
        let out = printable(&s);
        prop_assert!(!out.chars().any(is_unsafe), "{s:?} -> {out:?}");
        // Cleaning clean text changes nothing.
        prop_assert_eq!(printable(&out), out.clone());
    }

    #[test]
    fn printable_text_passes_unchanged(s in any::<String>()) {
        prop_assume!(!s.chars().any(is_unsafe));
        let out = printable(&s);
        prop_assert!(matches!(out, Cow::Borrowed(_)));
        prop_assert_eq!(out.as_ref(), s.as_str());
    }
}
