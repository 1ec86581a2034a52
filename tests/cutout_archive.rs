//! Cutout archives that try to escape the target folder: members named `../`, absolute
//! paths, symbolic links, names repeated (exactly, or but for case). Each is refused before
//! anything is written; checked on the unpacker itself and through `mastui cutout` against
//! a server on 127.0.0.1 that sends such an archive.
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use mastui::mast::cutouts::archive::unpack;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

fn zip_of(entries: &[(&str, &[u8])], links: &[(&str, &str)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    // Stored, so that tests can patch names and bytes in place.
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    for (name, target) in links {
        w.add_symlink(*name, *target, opts).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Replaces every occurrence of `from` by `to` (same length): names the zip writer would
/// refuse to write, such as a second member of the same name.
fn patch(mut bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let (f, t) = (from.as_bytes(), to.as_bytes());
    let mut i = 0;
    while i + f.len() <= bytes.len() {
        if &bytes[i..i + f.len()] == f {
            bytes[i..i + f.len()].copy_from_slice(t);
        }
        i += 1;
    }
    bytes
}

/// Every file under `root`, relative.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn hostile_archives() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let ok: &[u8] = b"SIMPLE  =                    T";
    vec![
        (
            "dot-dot",
            zip_of(&[("a.fits", ok), ("../evil.fits", ok)], &[]),
            "'..'",
        ),
        (
            "deep dot-dot",
            zip_of(&[("sub/../../evil.fits", ok)], &[]),
            "'..'",
        ),
        (
            "absolute",
            zip_of(&[("/tmp/evil.fits", ok)], &[]),
            "absolute",
        ),
        ("drive", zip_of(&[("C:/evil.fits", ok)], &[]), "drive"),
        (
            "backslash",
            zip_of(&[("..\\evil.fits", ok)], &[]),
            "backslash",
        ),
        (
            "symlink",
            zip_of(&[("a.fits", ok)], &[("link.fits", "/etc/passwd")]),
            "symbolic link",
        ),
        (
            "repeated name",
            patch(
                zip_of(&[("a.fits", ok), ("b.fits", b"second")], &[]),
                "b.fits",
                "a.fits",
            ),
            "repeated",
        ),
        (
            "case twin",
            zip_of(&[("A.fits", ok), ("a.fits", ok)], &[]),
            "appears twice",
        ),
    ]
}

#[test]
fn escaping_members_are_refused_before_anything_is_written() {
    for (what, bytes, needle) in hostile_archives() {
        let root = tempfile::tempdir().unwrap();
        let zip = root.path().join("cut.zip");
        std::fs::write(&zip, &bytes).unwrap();
        let dir = root.path().join("target");
        let e = unpack(&zip, &dir).expect_err(what);
        assert!(e.contains(needle), "{what}: {e}");
        assert_eq!(
            files_under(root.path()),
            [PathBuf::from("cut.zip")],
            "{what}"
        );
    }
    assert!(!Path::new("/tmp/evil.fits").exists());
}

#[test]
fn a_good_archive_unpacks_whole_and_a_damaged_one_leaves_nothing() {
    let root = tempfile::tempdir().unwrap();
    let zip = root.path().join("cut.zip");
    let big = vec![42u8; 100_000];
    std::fs::write(
        &zip,
        zip_of(&[("a.fits", &big), ("sub/b.fits", b"bee")], &[]),
    )
    .unwrap();
    let dir = root.path().join("t");
    let files = unpack(&zip, &dir).unwrap();
    assert_eq!(files, [dir.join("a.fits"), dir.join("sub/b.fits")]);
    assert_eq!(std::fs::read(dir.join("a.fits")).unwrap(), big);
    // A member whose bytes were damaged in transit fails its CRC: no file, no .part.
    let mut bytes = std::fs::read(&zip).unwrap();
    let at = bytes.windows(3).position(|w| w == b"bee").unwrap();
    bytes[at] = b'B';
    let zip2 = root.path().join("bad.zip");
    std::fs::write(&zip2, bytes).unwrap();
    let dir2 = root.path().join("t2");
    assert!(unpack(&zip2, &dir2).is_err());
    let left: Vec<PathBuf> = files_under(root.path())
        .into_iter()
        .filter(|p| p.starts_with("t2"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A server on 127.0.0.1 answering every request with `body` as a zip.
async fn zip_server(body: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 8192];
                let _ = sock.read(&mut buf).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n",
                    body.len()
                );
                let _ = sock.write_all(head.as_bytes()).await;
                let _ = sock.write_all(&body).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    base
}

#[tokio::test(flavor = "multi_thread")]
async fn mastui_cutout_refuses_a_hostile_archive_from_the_server() {
    for (what, bytes, _) in hostile_archives() {
        let base = zip_server(bytes).await;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("inner").join("cut");
        let out = Command::new(env!("CARGO_BIN_EXE_mastui"))
            .args([
                "--server", &base, "cutout", "tess", "--coords", "107 -70", "--size", "5",
            ])
            .arg("--dir")
            .arg(&dir)
            .env_remove("MASTUI_SERVER")
            .env("MASTUI_DATA_DIR", root.path().join("data"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(err.contains("refusing"), "{what}: {err}");
        assert!(out.stdout.is_empty(), "{what}");
        // Only the archive (left for inspection) and the manifest saying why.
        let names: Vec<String> = files_under(&root.path().join("inner"))
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(names.len(), 2, "{what}: {names:?}");
        assert!(
            names.iter().any(|n| n.ends_with("MANIFEST.csv")),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n.ends_with(".zip")), "{names:?}");
        let manifest = std::fs::read_to_string(dir.join("MANIFEST.csv")).unwrap();
        assert!(
            manifest.contains("ERROR") && manifest.contains("refusing"),
            "{manifest}"
        );
    }
}
