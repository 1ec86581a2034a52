//! Unpacking a cutout archive under a directory, trusting nothing in it. Every member name
//! is checked before a byte is written: relative, no `..` or `.` parts, no absolute or
//! drive paths, no backslashes or control characters, no links, no two members landing on
//! the same file (exactly or but for case, and no name the zip repeats: its own index would
//! hide the repeat, so the central directory's count is checked against it). Members are
//! read to their end, so their CRC-32 is checked, and must be the size they declare.
//! Everything is written as `.part` and renamed only when every member came out whole.
use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::mast::local_path::{part_path, safe_component};

/// The most a cutout archive may unpack to: a cutout is a stamp, not a survey.
pub const MAX_UNPACKED: u64 = 8 << 30;
/// Members one archive may hold.
pub const MAX_MEMBERS: usize = 10_000;

/// A member name as a relative path under the target directory, or why it is refused.
pub fn member_path(name: &str) -> Result<PathBuf, String> {
    let shown: String = crate::sanitize::printable(name).chars().take(80).collect();
    let refuse = |why: &str| Err(format!("refusing archive member {shown:?}: {why}"));
    if name.is_empty() {
        return refuse("it has no name");
    }
    if name.contains('\\') {
        return refuse("it contains a backslash (a Windows path separator)");
    }
    if name.starts_with('/') {
        return refuse("it is an absolute path");
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        return refuse("it names a drive (an absolute Windows path)");
    }
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    let mut path = PathBuf::new();
    for part in trimmed.split('/') {
        if part == ".." {
            return refuse("it climbs out of the directory with '..'");
        }
        if part.is_empty() || part == "." {
            return refuse("it has an empty or '.' path part");
        }
        safe_component("archive member", part)?;
        path.push(part);
    }
    if !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return refuse("it is not a plain relative path");
    }
    Ok(path)
}

/// The central directory's own count of entries (end of central directory record, or its
/// ZIP64 form), read from the archive's tail.
pub fn declared_entries<R: Read + Seek>(r: &mut R) -> Option<u64> {
    let len = r.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(22 + 65_535 + 20);
    r.seek(SeekFrom::Start(len - tail_len)).ok()?;
    let mut tail = vec![0u8; tail_len as usize];
    r.read_exact(&mut tail).ok()?;
    let at = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let eocd = tail.get(at..at + 22)?;
    let count = u64::from(u16::from_le_bytes([eocd[10], eocd[11]]));
    if count != 0xFFFF {
        return Some(count);
    }
    // ZIP64: the locator just before the record says where the ZIP64 record lies.
    let loc = tail.get(at.checked_sub(20)?..at)?;
    if &loc[..4] != b"PK\x06\x07" {
        return None;
    }
    let off = u64::from_le_bytes(loc[8..16].try_into().ok()?);
    r.seek(SeekFrom::Start(off)).ok()?;
    let mut rec = [0u8; 40];
    r.read_exact(&mut rec).ok()?;
    if &rec[..4] != b"PK\x06\x06" {
        return None;
    }
    Some(u64::from_le_bytes(rec[32..40].try_into().ok()?))
}

/// One file an archive unpacked to, with what `mastui verify` checks it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnpackedFile {
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
}

/// A writer hashing what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// One member to extract.
struct Member {
    index: usize,
    rel: PathBuf,
    size: u64,
}

/// Checks every member of the zip at `zip_path`, then extracts them under `dir`. Returns the
/// files written, in archive order. On any refusal nothing is left under a final name.
pub fn unpack(zip_path: &Path, dir: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(unpack_hashed(zip_path, dir)?
        .into_iter()
        .map(|f| f.path)
        .collect())
}

/// `unpack`, each file with its size and SHA-256 (hashed as it is written).
pub fn unpack_hashed(zip_path: &Path, dir: &Path) -> Result<Vec<UnpackedFile>, String> {
    let open = |p: &Path| File::open(p).map_err(|e| format!("cannot open {}: {e}", p.display()));
    let mut file = open(zip_path)?;
    let declared = declared_entries(&mut file);
    file.seek(SeekFrom::Start(0))
        .map_err(|e| format!("cannot read {}: {e}", zip_path.display()))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| format!("{} is not a readable zip archive: {e}", zip_path.display()))?;
    if zip.len() > MAX_MEMBERS {
        return Err(format!(
            "the archive holds {} members; a cutout has at most {MAX_MEMBERS}",
            zip.len()
        ));
    }
    if declared.is_some_and(|n| n != zip.len() as u64) {
        return Err(format!(
            "refusing the archive: its directory lists {} entries but only {} distinct names \
             (a member name is repeated, so one would overwrite another)",
            declared.unwrap_or(0),
            zip.len()
        ));
    }
    let mut members = Vec::new();
    let mut names = HashSet::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| format!("cannot read archive entry {i}: {e}"))?;
        let name = std::str::from_utf8(f.name_raw())
            .map_err(|_| "refusing an archive member whose name is not UTF-8".to_string())?
            .to_string();
        if name.contains('\0') {
            return Err("refusing an archive member whose name holds a NUL byte".into());
        }
        let rel = member_path(&name)?;
        if f.is_symlink() {
            return Err(format!(
                "refusing archive member {:?}: it is a symbolic link",
                crate::sanitize::printable(&name)
            ));
        }
        // Lower case: two names a case-insensitive file system would merge are one file.
        let key = rel.to_string_lossy().to_lowercase();
        if !names.insert(key) {
            return Err(format!(
                "refusing the archive: {:?} appears twice (one would overwrite the other)",
                crate::sanitize::printable(&name)
            ));
        }
        if f.is_dir() || name.ends_with('/') {
            continue;
        }
        total = total.saturating_add(f.size());
        members.push(Member {
            index: i,
            rel,
            size: f.size(),
        });
    }
    // A file and a directory of one name cannot both be.
    for m in &members {
        for a in m.rel.ancestors().skip(1) {
            if !a.as_os_str().is_empty() && members.iter().any(|o| o.rel == a) {
                return Err(format!(
                    "refusing the archive: {} is both a file and a folder",
                    a.display()
                ));
            }
        }
    }
    if total > MAX_UNPACKED {
        return Err(format!(
            "the archive unpacks to {total} bytes; a cutout may unpack to at most {} GiB",
            MAX_UNPACKED >> 30
        ));
    }
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut hashes: Vec<(u64, String)> = Vec::with_capacity(members.len());
    let result = (|| -> Result<(), String> {
        for m in &members {
            let dest = dir.join(&m.rel);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            let part = part_path(&dest);
            written.push((part.clone(), dest.clone()));
            let file = File::create(&part)
                .map_err(|e| format!("cannot create {}: {e}", part.display()))?;
            let mut out = Hashing {
                inner: file,
                hasher: Sha256::new(),
            };
            let entry = zip
                .by_index(m.index)
                .map_err(|e| format!("cannot read {}: {e}", m.rel.display()))?;
            // Never more than declared: a lying header cannot fill the disk.
            let mut limited = entry.take(m.size + 1);
            let n = std::io::copy(&mut limited, &mut out)
                .map_err(|e| format!("{} is damaged in the archive: {e}", m.rel.display()))?;
            if n != m.size {
                return Err(format!(
                    "{} holds {n} bytes but the archive declares {}",
                    m.rel.display(),
                    m.size
                ));
            }
            out.flush()
                .and_then(|()| out.inner.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", part.display()))?;
            hashes.push((n, crate::mast::download::hex(&out.hasher.finalize())));
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (part, _) in &written {
            let _ = std::fs::remove_file(part);
        }
        return Err(e);
    }
    let mut files = Vec::with_capacity(written.len());
    for ((part, dest), (bytes, sha256)) in written.into_iter().zip(hashes) {
        std::fs::rename(&part, &dest)
            .map_err(|e| format!("cannot rename {} into place: {e}", part.display()))?;
        files.push(UnpackedFile {
            path: dest,
            bytes,
            sha256,
        });
    }
    Ok(files)
}

/// The message of a cutout service's "no data" answer (HTTP 200 JSON `{"msg": ..}`), when
/// the body is one rather than a zip.
pub fn no_data_message(head: &[u8]) -> Option<String> {
    if head.starts_with(b"PK") {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(head).ok()?;
    let msg = v.get("msg").or_else(|| v.get("message"))?;
    Some(match msg {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_stay_inside() {
        for ok in [
            "a.fits",
            "sub/a.fits",
            "tess-s0001-4-3_107.27_-70.0_5x5_astrocut.fits",
        ] {
            assert!(member_path(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "../a.fits",
            "a/../../b",
            "/etc/passwd",
            "C:evil",
            "c:/x",
            "a\\b",
            "./a",
            "a//b",
            "a/./b",
            "..",
            "x\u{1b}[2J",
            " lead",
        ] {
            assert!(member_path(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            no_data_message(br#"{"msg": "none here", "results": []}"#).as_deref(),
            Some("none here")
        );
        assert_eq!(no_data_message(b"PK\x03\x04"), None);
    }
}
