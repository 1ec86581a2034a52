//! The config file (`config.toml`): whatever text it holds gives settings or an error that
//! names the file and the line, and a file written with valid values gives back exactly
//! the values written, each on its line, in the form its variable takes.
use std::path::Path;

use mastui::app::remap::{Remap, action_names, parse_remap, parse_remaps};
use mastui::settings::file::{Entry, parse};
use mastui::settings::table::{SETTINGS, find};
use proptest::prelude::*;

use crate::{any_text, config, text_of};

const FILE: &str = "/c/config.toml";

/// TOML's tokens, mastui's keys and the troublemakers between them.
const PIECES: &[&str] = &[
    "\n",
    "\r\n",
    " ",
    "\t",
    "=",
    " = ",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    ",",
    ".",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "\\",
    "\\u0000",
    "\\U0010FFFF",
    "#",
    "[download]",
    "[network]",
    "[keys]",
    "[browser]",
    "server",
    "download",
    "parallel",
    "layout",
    "dir",
    "cloud",
    "keys",
    "sort",
    "quit",
    "\"Ctrl-Q\"",
    "\"o\"",
    "stall_secs",
    "row_cap",
    "retries",
    "true",
    "false",
    "0",
    "1",
    "16",
    "-0",
    "+8",
    "0x10",
    "1_000",
    "1e400",
    "nan",
    "inf",
    "9223372036854775808",
    "1979-05-27T07:32:00Z",
    "\"https://x\"",
    "\u{feff}",
    "\u{1b}[2J",
    "é",
];

fn path() -> &'static Path {
    Path::new(FILE)
}

/// The line an error names: `FILE:LINE: ...`.
fn error_line(e: &str) -> Option<usize> {
    let rest = e.strip_prefix(FILE)?.strip_prefix(':')?;
    let (line, after) = rest.split_once(':')?;
    after.starts_with(' ').then_some(())?;
    line.parse().ok()
}

/// Settings whose variable is read back through the same check (settings::read): the
/// value the file gives must pass it again, or the next start refuses its own file.
const READ_BACK: &[&str] = &[
    "download.layout",
    "download.parallel",
    "products.guide_stars",
    "products.filter",
    "browser.theme",
    "browser.mouse",
    "keys",
];

/// What any parse must hold to: entries of known keys on lines of the file, values their
/// variables take again; errors naming the file and a line of it.
fn check_outcome(text: &str, got: &Result<Vec<Entry>, String>) -> Result<(), TestCaseError> {
    let lines = text.matches('\n').count() + 1;
    match got {
        Ok(entries) => {
            for e in entries {
                let setting = find(e.key);
                prop_assert!(setting.is_some(), "{e:?}");
                prop_assert!((1..=lines).contains(&e.line), "{e:?} of {lines} lines");
                if READ_BACK.contains(&e.key) {
                    let again = setting.and_then(|s| (s.check)(&e.value));
                    prop_assert_eq!(again.as_deref(), Some(e.value.as_str()), "{:?}", e);
                }
                if e.key == "keys" {
                    prop_assert!(parse_remaps(&e.value).is_ok(), "{e:?}");
                }
            }
        }
        Err(e) => {
            let line = error_line(e);
            prop_assert!(line.is_some(), "no {FILE}:LINE: in {e:?}");
            prop_assert!(
                line.is_some_and(|l| (1..=lines).contains(&l)),
                "{e:?} of {lines} lines"
            );
        }
    }
    Ok(())
}

/// A TOML basic string holding `s` exactly.
fn toml_string(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if c.is_control() => o.push_str(&format!("\\u{:04X}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A valid value for `key`: (as written in the file, the variable's value).
fn valid_value(key: &'static str) -> BoxedStrategy<(String, String)> {
    fn pick(choices: &'static [(&'static str, &'static str)]) -> BoxedStrategy<(String, String)> {
        prop::sample::select(choices)
            .prop_map(|(w, v)| (toml_string(w), v.to_string()))
            .boxed()
    }
    fn whole(range: std::ops::RangeInclusive<u64>) -> BoxedStrategy<(String, String)> {
        (range, any::<bool>())
            .prop_map(|(n, quoted)| {
                let written = if quoted {
                    toml_string(&format!(" {n} "))
                } else {
                    n.to_string()
                };
                (written, n.to_string())
            })
            .boxed()
    }
    fn switch(inverted: bool) -> BoxedStrategy<(String, String)> {
        (
            any::<bool>(),
            prop::sample::select(&["", "true", "yes", "ON", "1", "false", "No", "off", "0"][..]),
        )
            .prop_map(move |(b, s)| {
                let (written, on) = if s.is_empty() {
                    (b.to_string(), b)
                } else {
                    let on = matches!(s.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "1");
                    (toml_string(s), on)
                };
                (written, if on != inverted { "1" } else { "0" }.to_string())
            })
            .boxed()
    }
    match key {
        "server" | "download.s3_endpoint" => (
            prop::sample::select(&["http://", "https://"][..]),
            "[a-z0-9.-]{1,20}(:[0-9]{1,5})?(/[A-Za-z0-9_./%-]{0,12})?",
            prop::sample::select(&["", " ", "\t"][..]),
        )
            .prop_map(|(scheme, rest, pad)| {
                let url = format!("{scheme}{rest}");
                (toml_string(&format!("{pad}{url}{pad}")), url)
            })
            .boxed(),
        "download.dir" => any_text(24)
            .prop_filter("a directory", |s| {
                !s.trim().is_empty() && !s.trim().starts_with("~/")
            })
            .prop_map(|s| (toml_string(&s), s.trim().to_string()))
            .boxed(),
        "download.layout" => pick(&[
            ("astroquery", "astroquery"),
            ("flat", "flat"),
            (" Flat ", "flat"),
            ("ASTROQUERY", "astroquery"),
        ]),
        "download.parallel" => whole(1..=16),
        "download.cloud" | "browser.mouse" => switch(false),
        "login.keyring" => switch(true),
        "network.retries" => whole(1..=100),
        "network.pages_in_flight" => whole(1..=4),
        "network.row_cap" => prop_oneof![
            (0..=i64::MAX as u64).prop_map(|n| (n.to_string(), n.to_string())),
            any::<u64>().prop_map(|n| (toml_string(&n.to_string()), n.to_string())),
        ]
        .boxed(),
        "network.stall_secs" => prop_oneof![
            (0u32..=86_400).prop_map(|s| (s.to_string(), s.to_string())),
            (0u32..86_400_000).prop_map(|ms| {
                let t = format!("{}.{:03}", ms / 1000, ms % 1000);
                (t.clone(), t)
            }),
        ]
        .boxed(),
        "products.guide_stars" => {
            pick(&[("hidden", "hidden"), ("shown", "shown"), ("Shown", "shown")])
        }
        "products.filter" => pick(&[
            ("_cal.fits", "_cal.fits"),
            (" _cal,_i2d ", "_cal,_i2d"),
            ("!_uncal", "!_uncal"),
            ("", ""),
        ]),
        "browser.theme" => pick(&[("color", "color"), ("Colour", "color"), ("mono", "mono")]),
        "browser.previews" => pick(&[
            ("auto", "auto"),
            ("off", "off"),
            (" kitty", "kitty"),
            ("iterm2", "iterm2"),
            ("sixel", "sixel"),
            ("halfblocks", "halfblocks"),
        ]),
        "log.level" => pick(&[
            ("error", "error"),
            ("Warn", "warn"),
            ("info", "info"),
            ("debug", "debug"),
            ("TRACE", "trace"),
        ]),
        other => panic!("no generator for the setting {other}: add one"),
    }
}

/// Keys every action takes (no plain characters: some actions also work while typing),
/// written in the forms people use.
const KEYS: &[&str] = &[
    "Ctrl-Q",
    "ctrl-n",
    "C-a",
    "F1",
    "F12",
    "Enter",
    "Esc",
    "Tab",
    "Shift-Tab",
    "Backspace",
    "Del",
    "Up",
    "pgdn",
    "Home",
    " F5",
    "End ",
];

/// `[keys]`: distinct actions, each with one to three keys, as a string or a list.
fn remaps() -> impl Strategy<Value = Vec<(String, Vec<&'static str>, bool)>> {
    let names: Vec<String> = action_names().into_iter().map(|(n, _)| n).collect();
    prop::sample::subsequence(names.clone(), 0..=names.len().min(5)).prop_flat_map(|actions| {
        actions
            .into_iter()
            .map(|a| {
                (
                    Just(a),
                    prop::collection::vec(prop::sample::select(KEYS), 1..=3),
                    any::<bool>(),
                )
            })
            .collect::<Vec<_>>()
    })
}

/// One valid file: the settings it sets (key, written, value) and the remaps.
/// Settings as (key, written, value).
type Written = Vec<(&'static str, String, String)>;
/// Remaps as (action, keys, written as a list).
type Remaps = Vec<(String, Vec<&'static str>, bool)>;

fn valid_file() -> impl Strategy<Value = (Written, Remaps, Vec<u8>)> {
    let per_key: Vec<_> = SETTINGS
        .iter()
        .filter(|s| s.key != "keys")
        .map(|s| {
            let key = s.key;
            prop::option::of(valid_value(key)).prop_map(move |v| v.map(|(w, e)| (key, w, e)))
        })
        .collect();
    (
        per_key.prop_map(|v| v.into_iter().flatten().collect::<Vec<_>>()),
        remaps(),
        prop::collection::vec(0u8..4, 64),
    )
}

/// Writes the file; the entries `parse` should give, in the file's order.
fn write_file(
    settings: &[(&'static str, String, String)],
    remaps: &[(String, Vec<&'static str>, bool)],
    fillers: &[u8],
) -> (String, Vec<Entry>) {
    let mut text = String::new();
    let mut line = 1;
    let mut fill = fillers.iter().cycle();
    let mut push = |text: &mut String, s: &str, line: &mut usize| {
        // Blank lines and comments between the lines that matter.
        for _ in 0..*fill.next().unwrap_or(&0) / 2 {
            text.push_str(["\n", "# a comment = 3\n", "   \n"][*line % 3]);
            *line += 1;
        }
        let at = *line;
        text.push_str(s);
        text.push('\n');
        *line += 1;
        at
    };
    let mut want = Vec::new();
    // Top-level keys first: after a [section] header a key belongs to the section.
    let mut sections: Vec<&str> = Vec::new();
    for (key, _, _) in settings {
        if let Some((section, _)) = key.split_once('.')
            && !sections.contains(&section)
        {
            sections.push(section);
        }
    }
    for (key, written, value) in settings.iter().filter(|(k, _, _)| !k.contains('.')) {
        let at = push(&mut text, &format!("{key} = {written}"), &mut line);
        want.push(Entry {
            key,
            value: value.clone(),
            line: at,
        });
    }
    for section in sections {
        push(&mut text, &format!("[{section}]"), &mut line);
        for (key, written, value) in settings
            .iter()
            .filter(|(k, _, _)| k.split_once('.').is_some_and(|(s, _)| s == section))
        {
            let leaf = &key[section.len() + 1..];
            let at = push(&mut text, &format!("{leaf} = {written}"), &mut line);
            want.push(Entry {
                key,
                value: value.clone(),
                line: at,
            });
        }
    }
    if !remaps.is_empty() {
        let at = push(&mut text, "[keys]", &mut line);
        let mut values = Vec::new();
        for (action, keys, as_list) in remaps {
            let written = if *as_list {
                let items: Vec<String> = keys.iter().map(|k| toml_string(k)).collect();
                format!("[{}]", items.join(", "))
            } else {
                toml_string(&keys.join(","))
            };
            push(&mut text, &format!("{action} = {written}"), &mut line);
            values.push(format!("{action}={}", keys.join(",")));
        }
        values.sort();
        want.push(Entry {
            key: "keys",
            value: values.join(" "),
            line: at,
        });
    }
    (text, want)
}

/// The remaps `[keys]` asked for, as each action's own parse reads them.
fn remaps_meant(remaps: &[(String, Vec<&'static str>, bool)]) -> Vec<Remap> {
    let mut v: Vec<Remap> = remaps
        .iter()
        .map(|(a, keys, _)| parse_remap(a, &keys.join(",")).unwrap())
        .collect();
    v.sort_by_key(|r| format!("{:?}", r.action));
    v
}

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_text_is_settings_or_an_error_naming_a_line(text in any_text(200)) {
        let got = parse(path(), &text);
        check_outcome(&text, &got)?;
    }

    #[test]
    fn any_bytes_read_as_text_are_settings_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let got = parse(path(), &text);
        check_outcome(&text, &got)?;
    }

    #[test]
    fn toml_ish_text_is_settings_or_an_error_naming_a_line(text in text_of(PIECES, 40)) {
        let got = parse(path(), &text);
        check_outcome(&text, &got)?;
    }

    #[test]
    fn valid_files_give_back_the_values_written((settings, remaps, fillers) in valid_file()) {
        let (text, want) = write_file(&settings, &remaps, &fillers);
        let got = parse(path(), &text);
        prop_assert!(got.is_ok(), "{text}\n{got:?}");
        let got = got.unwrap();
        // Settings in the file's order, then the remaps, whose value is what the variable
        // takes: read back, it means the remaps the file wrote.
        let (got_keys, got_settings): (Vec<Entry>, Vec<Entry>) =
            got.into_iter().partition(|e| e.key == "keys");
        let (want_keys, want_settings): (Vec<Entry>, Vec<Entry>) =
            want.into_iter().partition(|e| e.key == "keys");
        prop_assert_eq!(got_settings, want_settings, "{}", text);
        prop_assert_eq!(got_keys.len(), want_keys.len(), "{}", text);
        if let (Some(g), Some(w)) = (got_keys.first(), want_keys.first()) {
            prop_assert_eq!(g.line, w.line, "{}", text);
            let mut read = parse_remaps(&g.value).map_err(|e| TestCaseError::fail(format!("{e}: {g:?}\n{text}")))?;
            read.sort_by_key(|r| format!("{:?}", r.action));
            prop_assert_eq!(read, remaps_meant(&remaps), "{}", text);
        }
        check_outcome(&text, &Ok(parse(path(), &text).unwrap()))?;
    }

    #[test]
    fn a_valid_file_with_a_byte_changed_does_not_panic(
        (settings, remaps, fillers) in valid_file(),
        pos in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        how in 0u8..3,
    ) {
        let (text, _) = write_file(&settings, &remaps, &fillers);
        let mut b = text.into_bytes();
        if b.is_empty() {
            b.push(byte);
        }
        let at = pos.index(b.len());
        match how {
            0 => b[at] = byte,
            1 => b.insert(at, byte),
            _ => { b.remove(at); }
        }
        let text = String::from_utf8_lossy(&b);
        let got = parse(path(), &text);
        check_outcome(&text, &got)?;
    }
}

#[test]
fn blanks_around_remapped_keys_do_not_reach_the_variable() {
    // The case the round trip found (see src/settings/file.rs): accepted by the file,
    // refused by MASTUI_KEYS at the next start.
    let e = parse(
        path(),
        "[keys]\nquit = \" F5\"\nsort = [\"Ctrl-O \", \" End\"]\n",
    )
    .unwrap();
    assert_eq!(e[0].value, "quit=F5 sort=Ctrl-O,End");
    assert!(parse_remaps(&e[0].value).is_ok());
}
