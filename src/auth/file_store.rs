//! The opt-in plaintext store for machines without a keyring: one file per server in the
//! config directory, mode 0600, written only when the user asks (`--store file`).
use std::io::Write;
use std::path::{Path, PathBuf};

use super::token::Token;

/// Said whenever the file store is written.
pub const FILE_WARNING: &str = "the token is stored in plain text (mode 0600); anyone who can \
     read your files as you (or as root) can use it until it expires; `mastui logout` removes it";

/// `token.<host>` in the config directory.
pub fn token_path(config_dir: &Path, host: &str) -> PathBuf {
    let label: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    config_dir.join(format!("token.{label}"))
}

/// The stored token, if any. A file others can read is still used, with a warning.
pub fn read(path: &Path) -> Result<Option<(Token, Option<String>)>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => zeroize::Zeroizing::new(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let token = Token::new(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some((token, loose_permissions(path))))
}

#[cfg(unix)]
fn loose_permissions(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "{} is readable by others (mode {mode:o}); run `chmod 600` on it",
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn loose_permissions(_: &Path) -> Option<String> {
    None
}

/// Writes the token to `path`, mode 0600 from the first byte (a temporary file renamed into
/// place, so a crash never leaves half a token).
pub fn write(path: &Path, token: &Token) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = opts
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(token.expose().as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(())
}

/// Removes the stored token; true when there was one.
pub fn remove(path: &Path) -> Result<bool, String> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(format!("cannot remove {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_with_mode_0600_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let p = token_path(&dir.path().join("cfg"), "127.0.0.1:8080");
        assert!(p.ends_with("token.127.0.0.1_8080"));
        assert_eq!(read(&p).unwrap(), None);
        let t = Token::new("abcdef0123456789abcdef0123456789").unwrap();
        write(&p, &t).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let (back, warn) = read(&p).unwrap().unwrap();
        assert_eq!(back, t);
        assert_eq!(warn, None);
        assert!(remove(&p).unwrap());
        assert!(!remove(&p).unwrap());
    }
}
