//! Cutout archives in the basket, for `mastui cutout` and the browser alike. A cutout
//! service makes its archive on request and offers no ranges, so a `.part` left by an
//! earlier try is dropped (and said); once the zip is whole it is read on a blocking thread:
//! the service's "nothing to cut" answer (a JSON message where a zip was expected), or a zip
//! unpacked into its folder with every member name checked.
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::mast::cutouts::archive::{UnpackedFile, no_data_message, unpack_hashed};
use crate::mast::cutouts::services::Service;
use crate::mast::download::hex;
use crate::mast::local_path::part_path;

/// The archive's file name: one per request (its URL), so that a run stopped half way
/// finds its own archive again.
pub fn archive_name(service: Service, url: &str) -> String {
    let digest = hex(&Sha256::digest(url.as_bytes()));
    format!("{}_{}.zip", service.name(), &digest[..16])
}

/// Drops the `.part` of the archive at `dest` left by an earlier try; the sentence saying
/// so, when there was one.
pub async fn drop_stale_part(dest: &Path) -> Option<String> {
    let part = part_path(dest);
    tokio::fs::remove_file(&part).await.ok()?;
    Some(format!(
        "{} from an earlier try is dropped: cutout archives are made on request and cannot \
         be resumed, so it is fetched again from the start",
        part.display()
    ))
}

/// What a whole archive turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    Files(Vec<UnpackedFile>),
    /// The service had nothing to cut (an HTTP 200 JSON message, not a zip).
    NoData(String),
}

/// Reads the archive at `zip` and unpacks it into its own folder (removing it unless
/// `keep`). Blocking: run it off the async threads.
pub fn settle(zip: &Path, keep: bool) -> Result<Settled, String> {
    let dir = zip
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let mut head = vec![0u8; 4096];
    let n = {
        use std::io::Read;
        let mut f =
            std::fs::File::open(zip).map_err(|e| format!("cannot open {}: {e}", zip.display()))?;
        f.read(&mut head)
            .map_err(|e| format!("cannot read {}: {e}", zip.display()))?
    };
    if let Some(msg) = no_data_message(&head[..n]) {
        let _ = std::fs::remove_file(zip);
        return Ok(Settled::NoData(
            crate::sanitize::printable(&msg).into_owned(),
        ));
    }
    let files = unpack_hashed(zip, &dir).map_err(|e| {
        format!(
            "{e} (the archive is left, not unpacked, at {})",
            zip.display()
        )
    })?;
    if !keep {
        let _ = std::fs::remove_file(zip);
    }
    Ok(Settled::Files(files))
}

/// `settle` on a blocking thread.
pub async fn settle_off_thread(zip: PathBuf, keep: bool) -> Result<Settled, String> {
    tokio::task::spawn_blocking(move || settle(&zip, keep))
        .await
        .unwrap_or_else(|e| Err(format!("unpacking the archive failed: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_data_answers_are_said_and_removed() {
        let d = tempfile::tempdir().unwrap();
        let zip = d.path().join("hapcut_x.zip");
        std::fs::write(&zip, br#"{"msg": "Missing HAP files", "results": []}"#).unwrap();
        assert_eq!(
            settle(&zip, false).unwrap(),
            Settled::NoData("Missing HAP files".into())
        );
        assert!(!zip.exists());
        std::fs::write(&zip, b"not a zip at all").unwrap();
        let e = settle(&zip, false).unwrap_err();
        assert!(
            e.contains("not a readable zip") && e.contains("left"),
            "{e}"
        );
        assert!(zip.exists(), "kept for inspection");
        assert_eq!(
            archive_name(Service::Tesscut, "http://h/x").len(),
            "tesscut_".len() + 16 + ".zip".len()
        );
    }
}
