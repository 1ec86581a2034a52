//! Where a product lands on disk: astroquery's layout
//! `<dir>/mastDownload/<obs_collection>/<obs_id>/<productFilename>`, or flat `<dir>/<name>`.
//!
//! Every component comes from the server, so each must be one plain name: no absolute
//! paths, no `..`, no separators, no control characters. Anything else is refused with a
//! message saying which field was wrong, so a hostile answer can never write outside `dir`.
use std::path::{Path, PathBuf};

/// The folder astroquery puts under the download directory.
pub const MAST_DOWNLOAD: &str = "mastDownload";
/// Longest component most file systems accept (bytes).
const MAX_NAME: usize = 255;
/// Suffix of a file still being written.
pub const PART_SUFFIX: &str = ".part";

/// One component a server sent, checked: `Ok(name)` or why it was refused.
pub fn safe_component<'a>(field: &str, name: &'a str) -> Result<&'a str, String> {
    let shown: String = crate::sanitize::printable(name).chars().take(80).collect();
    let refuse = |why: &str| Err(format!("refusing {field} {shown:?} from the server: {why}"));
    if name.is_empty() {
        return refuse("it is empty");
    }
    if name.chars().any(char::is_control) {
        return refuse("it contains control characters");
    }
    if name.contains('/') || name.contains('\\') {
        return refuse("it contains a path separator");
    }
    if name == "." || name == ".." || name.contains("..") {
        return refuse("it contains '..'");
    }
    if name.len() > MAX_NAME {
        return refuse("it is longer than 255 bytes");
    }
    if name.trim() != name {
        return refuse("it starts or ends with white space");
    }
    if Path::new(name).is_absolute() || name.contains(':') && cfg!(windows) {
        return refuse("it is an absolute path");
    }
    Ok(name)
}

/// The local path of one product, or why its names cannot be used.
pub fn local_path(
    dir: &Path,
    flat: bool,
    obs_collection: &str,
    obs_id: &str,
    product_filename: &str,
) -> Result<PathBuf, String> {
    let file = safe_component("productFilename", product_filename)?;
    if flat {
        return Ok(dir.join(file));
    }
    let collection = safe_component("obs_collection", obs_collection)?;
    let obs_id = safe_component("obs_id", obs_id)?;
    Ok(dir
        .join(MAST_DOWNLOAD)
        .join(collection)
        .join(obs_id)
        .join(file))
}

/// `<path>.part`: where the bytes go until the file is complete and verified.
pub fn part_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(PART_SUFFIX);
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astroquery_layout_and_flat() {
        let d = Path::new("/data");
        assert_eq!(
            local_path(d, false, "HST", "u9o40504m", "u9o40504m_drz.fits").unwrap(),
            PathBuf::from("/data/mastDownload/HST/u9o40504m/u9o40504m_drz.fits")
        );
        assert_eq!(
            local_path(d, true, "HST", "u9o40504m", "u9o40504m_drz.fits").unwrap(),
            PathBuf::from("/data/u9o40504m_drz.fits")
        );
        assert_eq!(
            part_path(Path::new("/a/b.fits")),
            PathBuf::from("/a/b.fits.part")
        );
    }

    #[test]
    fn hostile_names_are_refused_with_the_field_named() {
        let d = Path::new("/data");
        for bad in [
            "",
            "..",
            ".",
            "../../etc/passwd",
            "/etc/passwd",
            "a/b.fits",
            "a\\b.fits",
            "x\u{1b}[2J.fits",
            "x\n.fits",
            "a..b",
            " lead.fits",
        ] {
            let e = local_path(d, true, "HST", "o", bad).unwrap_err();
            assert!(e.contains("productFilename"), "{bad:?}: {e}");
            assert!(!e.contains('\u{1b}'), "{e}");
        }
        let e = local_path(d, false, "..", "o", "f.fits").unwrap_err();
        assert!(e.contains("obs_collection") && e.contains(".."), "{e}");
        let e = local_path(d, false, "HST", "/abs", "f.fits").unwrap_err();
        assert!(e.contains("obs_id"), "{e}");
        // Flat layout ignores the folders, so their names do not matter there.
        assert!(local_path(d, true, "..", "/abs", "f.fits").is_ok());
        assert!(local_path(d, false, "HST", "o", &"x".repeat(300)).is_err());
    }
}
