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

/// A cutout asked of the basket as the browser asks it (`BasketRequest::AddCutout`, into
/// `mastDownload/tesscut/<folder>/` of its destination); the events it sent, and the basket.
async fn basket_cutout(
    base: &str,
    root: &Path,
) -> (
    mastui::worker::basket::Basket,
    Vec<mastui::mast::basket_messages::BasketEvent>,
) {
    use mastui::mast::basket_messages::BasketRequest;
    use mastui::mast::coords::SkyCoord;
    use mastui::mast::cutouts::services::{Center, CutoutRequest, Service};
    use mastui::mast::cutouts::size::CutoutSize;
    use mastui::worker::basket::{Basket, Control, Destination};
    let client = mastui::mast::client::MastClient::new(base).unwrap();
    let mut basket = Basket::open(&root.join("data").join("basket.jsonl"))
        .unwrap()
        .with_destination(Destination {
            dir: root.join("dl"),
            flat: false,
            base: base.to_string(),
            manifest: true,
        });
    let (control, rx) = tokio::sync::mpsc::unbounded_channel();
    control
        .send(Control::Request(BasketRequest::AddCutout {
            request: CutoutRequest {
                service: Service::Tesscut,
                center: Center::Position(SkyCoord {
                    ra: 107.27,
                    dec: -70.0,
                }),
                size: CutoutSize::Pixels { x: 5, y: 5 },
                sectors: vec![],
                survey: None,
            },
            folder: "TIC_1".into(),
        }))
        .unwrap();
    drop(control);
    let (tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    basket
        .run(
            &client,
            2,
            None,
            Some(rx),
            &tx,
            &tokio_util::sync::CancellationToken::new(),
        )
        .await
        .unwrap();
    drop(tx);
    let mut seen = Vec::new();
    while let Some(e) = events.recv().await {
        seen.push(e);
    }
    (basket, seen)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_browsers_basket_fails_a_hostile_cutout_cleanly() {
    for (what, bytes, needle) in hostile_archives() {
        let base = zip_server(bytes).await;
        let root = tempfile::tempdir().unwrap();
        let (basket, _) = basket_cutout(&base, root.path()).await;
        let item = &basket.items()[0];
        assert_eq!(
            item.status,
            mastui::mast::basket_item::ItemStatus::Failed,
            "{what}"
        );
        assert!(item.message.contains(needle), "{what}: {}", item.message);
        assert!(item.archive.as_ref().unwrap().files.is_empty(), "{what}");
        // The archive, left for inspection in its folder, and the manifest saying why.
        let names: Vec<String> = files_under(&root.path().join("dl"))
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(names.len(), 2, "{what}: {names:?}");
        assert!(
            names.iter().any(
                |n| n.starts_with("mastDownload/tesscut/TIC_1/tesscut_") && n.ends_with(".zip")
            ),
            "{what}: {names:?}"
        );
        let manifest =
            std::fs::read_to_string(root.path().join("dl").join("MANIFEST.csv")).unwrap();
        assert!(
            manifest.contains("ERROR") && manifest.contains(needle),
            "{manifest}"
        );
    }
    assert!(!Path::new("/tmp/evil.fits").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stale_part_is_dropped_and_said_and_the_archive_unpacked_into_its_folder() {
    use mastui::mast::basket_messages::BasketEvent;
    let big = vec![7u8; 50_000];
    let base = zip_server(zip_of(&[("a.fits", &big), ("sub/b.fits", b"bee")], &[])).await;
    let root = tempfile::tempdir().unwrap();
    // A first run unpacks it; then a run stopped half way leaves bytes the service cannot
    // resume from, and the same cutout is asked again.
    let zip = {
        let (first, _) = basket_cutout(&base, root.path()).await;
        first.items()[0].dest.clone()
    };
    let folder = zip.parent().unwrap().to_path_buf();
    assert_eq!(std::fs::read(folder.join("a.fits")).unwrap(), big);
    std::fs::remove_file(folder.join("a.fits")).unwrap();
    let mut part = zip.as_os_str().to_owned();
    part.push(".part");
    std::fs::write(&part, b"half of an old archive").unwrap();
    let (basket, events) = basket_cutout(&base, root.path()).await;
    let said = events.iter().any(|e| {
        matches!(e, BasketEvent::Note(n) if n.contains("cannot be resumed") && n.contains(".part"))
    });
    assert!(said, "{events:?}");
    let item = &basket.items()[0];
    assert!(item.status.is_done(), "{}", item.message);
    assert_eq!(item.message, "unpacked 2 files");
    let files = &item.archive.as_ref().unwrap().files;
    assert_eq!(
        files.iter().map(|f| f.path.clone()).collect::<Vec<_>>(),
        [folder.join("a.fits"), folder.join("sub").join("b.fits")]
    );
    assert_eq!(std::fs::read(folder.join("a.fits")).unwrap(), big);
    assert!(!zip.exists() && !Path::new(&part).exists());
    assert_eq!(files[1].bytes, 3);
}
