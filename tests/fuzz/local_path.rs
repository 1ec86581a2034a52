//! The local-path builder: whatever names a server sends, the file stays under the download
//! directory.
use std::path::{Component, Path};

use mastui::mast::local_path::{local_path, part_path};
use proptest::prelude::*;

use crate::{any_text, config, text_of};

const PIECES: &[&str] = &[
    ".", "..", "/", "\\", "~", ":", "C:", " ", "a", "b.fits", "\0", "\n", "\u{1b}", "%2e",
    "\u{2215}", "\u{ff0e}", "-", "*", "?",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![text_of(PIECES, 8), any_text(12), "[a-z0-9_.-]{1,300}"]
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn the_result_always_stays_under_the_download_directory(
        dir in prop::sample::select(vec!["/tmp/dl", "dl", "/", "./x y", "/data/mast"]),
        flat in any::<bool>(),
        collection in name(),
        obs_id in name(),
        file in name(),
    ) {
        let dir = Path::new(dir);
        let Ok(path) = local_path(dir, flat, &collection, &obs_id, &file) else {
            return Ok(());
        };
        let rel = path.strip_prefix(dir);
        prop_assert!(rel.is_ok(), "{path:?} is not under {dir:?}");
        let rel = rel.unwrap();
        let parts: Vec<Component> = rel.components().collect();
        prop_assert!(parts.iter().all(|c| matches!(c, Component::Normal(_))), "{path:?}");
        prop_assert_eq!(parts.len(), if flat { 1 } else { 4 }, "{:?}", path);
        prop_assert_eq!(path.file_name().and_then(|f| f.to_str()), Some(file.as_str()));
        // The `.part` file sits beside it.
        let part = part_path(&path);
        prop_assert_eq!(part.parent(), path.parent());
    }
}
