//! The layering stays true: no file of `src/` reaches, through the paths it uses, a file that
//! uses it back. Every `use` (grouped ones too), every inline `crate::`/`super::`/`self::`
//! path, and re-exports through `mod.rs` count as an arrow from the file to the file that
//! defines the module named; a circle of arrows between files fails the test, naming them.
//! Test modules (`#[cfg(test)]`, by convention at the end of a file) are left out: a test
//! may use what the code under test is built from.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path (`["app", "grid", "view"]`) to the file defining it, for every file.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).expect("under src");
            let mut segs: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if matches!(
                segs.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                segs.pop();
            }
            out.insert(segs, path);
        }
    }
    out
}

/// The code of a file without comments, string and character literals, and test modules.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'r' if b.get(i + 1) == Some(&b'#') || b.get(i + 1) == Some(&b'"') => {
                // A raw string: r"..." or r#"..."#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                let end: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while j < b.len() && !b[j..].starts_with(&end) {
                    j += 1;
                }
                i = j + end.len();
                out.push_str("\"\"");
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push_str("\"\"");
            }
            // A character literal ('x', '\n', '\''), not a lifetime ('a).
            b'\'' if b.get(i + 2) == Some(&b'\'') || b.get(i + 1) == Some(&b'\\') => {
                i += 1;
                if b.get(i) == Some(&b'\\') {
                    i += 1;
                }
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

/// The paths a `use` tree names: `a::{b, c::{d, self}}` gives `a::b`, `a::c::d`, `a::c`.
fn use_paths(tree: &str) -> Vec<Vec<String>> {
    fn parse(tokens: &[String], i: &mut usize, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let mut path = prefix.to_vec();
        while *i < tokens.len() {
            match tokens[*i].as_str() {
                "::" => *i += 1,
                "{" => {
                    *i += 1;
                    loop {
                        parse(tokens, i, &path, out);
                        match tokens.get(*i).map(String::as_str) {
                            Some(",") => *i += 1,
                            Some("}") => {
                                *i += 1;
                                return;
                            }
                            _ => return,
                        }
                        if tokens.get(*i).map(String::as_str) == Some("}") {
                            *i += 1;
                            return;
                        }
                    }
                }
                "," | "}" => break,
                "as" => *i += 2,
                "*" => *i += 1,
                "self" => *i += 1,
                seg => {
                    path.push(seg.to_string());
                    *i += 1;
                }
            }
        }
        out.push(path);
    }
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut chars = tree.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            tokens.push(std::mem::take(&mut word));
        }
        match c {
            ':' if chars.peek() == Some(&':') => {
                chars.next();
                tokens.push("::".into());
            }
            '{' | '}' | ',' | '*' => tokens.push(c.to_string()),
            _ => {}
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    let mut out = Vec::new();
    let mut i = 0;
    parse(&tokens, &mut i, &[], &mut out);
    out
}

/// The module a path names, relative to module `here` (`crate::`, `super::`, `self::`, or
/// a child module of `here`); None for paths outside the crate.
fn absolute(
    path: &[String],
    here: &[String],
    mods: &BTreeMap<Vec<String>, PathBuf>,
) -> Option<Vec<String>> {
    let mut segs = path.iter().peekable();
    let mut base: Vec<String> = match segs.peek().map(|s| s.as_str()) {
        Some("crate") | Some("mastui") => {
            segs.next();
            Vec::new()
        }
        Some("super") => {
            let mut b = here.to_vec();
            while segs.peek().map(|s| s.as_str()) == Some("super") {
                segs.next();
                b.pop();
            }
            b
        }
        Some("self") => {
            segs.next();
            here.to_vec()
        }
        Some(first) => {
            let mut child = here.to_vec();
            child.push(first.to_string());
            if !mods.contains_key(&child) {
                return None;
            }
            here.to_vec()
        }
        None => return None,
    };
    base.extend(segs.cloned());
    // The longest prefix that is a module: the rest names items inside it.
    while !base.is_empty() && !mods.contains_key(&base) {
        base.pop();
    }
    Some(base)
}

/// Every arrow file -> file among the crate's files.
fn arrows(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mods = modules(src);
    let mut out: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (here, file) in &mods {
        let code = code_of(&std::fs::read_to_string(file).expect("read"));
        let mut paths: Vec<Vec<String>> = Vec::new();
        // `use` statements, grouped ones too.
        let mut rest = code.as_str();
        while let Some(i) = find_word(rest, "use") {
            let tail = &rest[i + 3..];
            let Some(end) = tail.find(';') else { break };
            paths.extend(use_paths(&tail[..end]));
            rest = &tail[end..];
        }
        // Inline paths.
        for anchor in ["crate::", "super::", "self::"] {
            let mut rest = code.as_str();
            while let Some(i) = rest.find(anchor) {
                let before = rest[..i].chars().next_back();
                let tail = &rest[i..];
                let len = tail
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(tail.len());
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    let p: Vec<String> = tail[..len]
                        .split("::")
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect();
                    paths.push(p);
                }
                rest = &tail[len.max(1)..];
            }
        }
        for p in paths {
            if let Some(target) = absolute(&p, here, &mods)
                && let Some(to) = mods.get(&target)
                && to != file
            {
                out.entry(file.clone()).or_default().insert(to.clone());
            }
        }
    }
    out
}

/// The start of `word` standing alone (as a keyword) in `s`.
fn find_word(s: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s[from..].find(word) {
        let at = from + i;
        let before = s[..at].chars().next_back();
        let after = s[at + word.len()..].chars().next();
        let alone = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if alone(before) && alone(after) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// Groups of files that reach each other (Tarjan's strongly connected components).
fn circles(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    struct T<'a> {
        graph: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: BTreeMap<&'a PathBuf, usize>,
        low: BTreeMap<&'a PathBuf, usize>,
        stack: Vec<&'a PathBuf>,
        on: BTreeSet<&'a PathBuf>,
        next: usize,
        out: Vec<Vec<PathBuf>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a PathBuf) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        if let Some(ws) = t.graph.get(v) {
            for w in ws {
                if !t.index.contains_key(w) {
                    visit(t, w);
                    let lw = t.low[w];
                    let lv = t.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(lw);
                } else if t.on.contains(w) {
                    let iw = t.index[w];
                    let lv = t.low.get_mut(v).expect("visited");
                    *lv = (*lv).min(iw);
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut group = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                group.push(w.clone());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                t.out.push(group);
            }
        }
    }
    let mut t = T {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

#[test]
fn no_file_uses_a_file_that_uses_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = arrows(&src);
    let found = circles(&graph);
    let text: Vec<String> = found
        .iter()
        .map(|g| {
            let names: Vec<String> = g
                .iter()
                .map(|p| p.strip_prefix(&src).unwrap_or(p).display().to_string())
                .collect();
            names.join(" <-> ")
        })
        .collect();
    assert!(found.is_empty(), "import circles:\n{}", text.join("\n"));
}

/// The checker itself finds what it must: grouped uses, `super::` paths, re-exports through
/// `mod.rs`, and inline paths; and it ignores comments, strings and test modules.
#[test]
fn the_checker_sees_every_kind_of_arrow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    std::fs::create_dir_all(src.join("a")).expect("mkdir");
    let write = |p: &str, t: &str| std::fs::write(src.join(p), t).expect("write");
    write("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n");
    write("a/mod.rs", "pub mod x;\npub mod y;\npub use x::X;\n");
    write("a/x.rs", "use super::y::{Y, other::{Z}};\npub struct X;\n");
    write(
        "a/y.rs",
        "// use crate::b;\nconst S: &str = \"crate::c::C\";\npub fn f() { crate::a::X; }\n\
         #[cfg(test)]\nmod tests { use crate::c::C; }\n",
    );
    write("b.rs", "use crate::c::C;\n");
    write("c.rs", "pub struct C;\n");
    let graph = arrows(src);
    let edge = |from: &str, to: &str| {
        graph
            .get(&src.join(from))
            .is_some_and(|s| s.contains(&src.join(to)))
    };
    assert!(edge("a/x.rs", "a/y.rs"), "{graph:#?}");
    assert!(edge("a/mod.rs", "a/x.rs"), "re-export");
    assert!(edge("a/y.rs", "a/mod.rs"), "inline path through mod.rs");
    assert!(edge("b.rs", "c.rs"));
    assert!(!edge("a/y.rs", "b.rs"), "comment");
    assert!(!edge("a/y.rs", "c.rs"), "string and test module");
    // x -> y -> mod -> x is a circle.
    let found = circles(&graph);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].len(), 3);
}
