//! Room on the target disk, asked before a download starts.
use std::path::Path;

use crate::common::format::human_bytes;

/// Bytes available to this user on the file system holding `path` (or its nearest
/// existing ancestor, since the download folders may not exist yet).
pub fn available_bytes(path: &Path) -> std::io::Result<u64> {
    let mut p = path;
    loop {
        if p.exists() {
            return statvfs_available(p);
        }
        match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => p = parent,
            _ => return statvfs_available(Path::new(".")),
        }
    }
}

/// statvfs through libc: std has no call for a file system's free space.
#[cfg(unix)]
fn statvfs_available(path: &Path) -> std::io::Result<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
    // SAFETY: `c` is a valid NUL-terminated path and `st` points to writable memory of the
    // right type; statvfs fills it in or fails without touching anything else.
    let rc = unsafe { libc::statvfs(c.as_ptr(), st.as_mut_ptr()) };
    if rc != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: statvfs returned 0, so the struct is initialised.
    let st = unsafe { st.assume_init() };
    #[allow(clippy::unnecessary_cast)] // the field widths differ between platforms
    Ok((st.f_bavail as u64).saturating_mul(st.f_frsize as u64))
}

#[cfg(not(unix))]
fn statvfs_available(_path: &Path) -> std::io::Result<u64> {
    Ok(u64::MAX)
}

/// A clear refusal when `needed` bytes do not fit in `available`.
pub fn check_fits(dir: &Path, needed: u64, available: u64) -> Result<(), String> {
    if needed > available {
        return Err(format!(
            "not enough free space in {}: the downloads need {} but only {} is free",
            dir.display(),
            human_bytes(needed),
            human_bytes(available)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_space_of_missing_folders_comes_from_their_ancestor() {
        let dir = tempfile::tempdir().unwrap();
        let n = available_bytes(&dir.path().join("a/b/c")).unwrap();
        assert!(n > 0);
        assert!(check_fits(dir.path(), 10, n).is_ok());
        let e = check_fits(dir.path(), 2_000_000_000, 1_000).unwrap_err();
        assert!(e.contains("2.00 GB") && e.contains("1.00 kB"), "{e}");
    }
}
