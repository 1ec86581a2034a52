//! Cutout archive member names: whatever a server puts in a zip, what is accepted lands
//! under the target directory, as a plain relative path, and an archive either unpacks
//! wholly inside the directory or not at all.
use std::io::{Cursor, Write};
use std::path::{Component, Path};

use mastui::mast::cutouts::archive::{member_path, unpack};
use proptest::prelude::*;

use crate::{any_text, config, costly, text_of};

const PIECES: &[&str] = &[
    ".", "..", "/", "\\", "~", ":", "C:", "c:/", " ", "a", "b.fits", "\0", "\n", "\u{1b}", "%2e",
    "%2f", "\u{2215}", "\u{ff0e}", "-", "*", "//", "./", "../", "sub/",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![text_of(PIECES, 10), any_text(16), "[a-z0-9_./-]{1,40}"]
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn accepted_names_stay_under_the_directory(name in name()) {
        let Ok(rel) = member_path(&name) else { return Ok(()) };
        prop_assert!(!rel.as_os_str().is_empty());
        prop_assert!(rel.components().all(|c| matches!(c, Component::Normal(_))), "{rel:?}");
        let dir = Path::new("/data/cut");
        let full = dir.join(&rel);
        prop_assert!(full.starts_with(dir), "{full:?}");
        prop_assert!(!name.contains(".."), "{name:?}");
        prop_assert!(!name.chars().any(char::is_control), "{name:?}");
    }
}

proptest! {
    // An archive written, unpacked and walked on disk costs about 50 name checks.
    #![proptest_config(costly(60, 50))]

    #[test]
    fn archives_unpack_inside_or_not_at_all(names in prop::collection::vec(name(), 1..5)) {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut written = Vec::new();
        for n in &names {
            // The writer refuses some names (repeats); what it writes is what a server sends.
            if w.start_file(n.as_str(), opts).is_ok() {
                let _ = w.write_all(n.as_bytes());
                written.push(n.clone());
            }
        }
        let Ok(bytes) = w.finish().map(Cursor::into_inner) else { return Ok(()) };
        let root = tempfile::tempdir().unwrap();
        let zip = root.path().join("x.zip");
        std::fs::write(&zip, bytes).unwrap();
        let dir = root.path().join("inside");
        let result = unpack(&zip, &dir);
        let mut found = Vec::new();
        let mut stack = vec![root.path().to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() { stack.push(p) } else { found.push(p) }
            }
        }
        for p in &found {
            prop_assert!(p == &zip || p.starts_with(&dir), "{p:?} escaped ({names:?})");
            prop_assert!(!p.to_string_lossy().ends_with(".part"), "{p:?} left half-written");
        }
        match result {
            Ok(files) => prop_assert_eq!(found.len(), files.len() + 1),
            Err(_) => prop_assert_eq!(found.len(), 1, "{:?}", found),
        }
    }
}
