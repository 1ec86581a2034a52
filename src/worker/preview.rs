//! `Cmd::Preview`: a preview image fetched through the download machinery into a disk cache
//! (a file per URI, the oldest dropped past a size cap), decoded with limits (the bytes come
//! from a server) and made small, off the UI task.
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::{ImageReader, Limits, RgbaImage};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::mast::client::MastClient;
use crate::mast::download::{DownloadOutcome, FileRequest, download_file, hex};

/// The cache keeps at most this many bytes of previews.
pub const CACHE_CAP_BYTES: u64 = 100_000_000;
/// Thumbnails are at most this many pixels on a side.
const THUMB: u32 = 320;

pub async fn run(
    client: MastClient,
    cache_dir: PathBuf,
    req: ReqId,
    uri: String,
    tx: UnboundedSender<Msg>,
    cancel: CancellationToken,
) {
    let result = fetch(&client, &cache_dir.join("previews"), &uri, &cancel).await;
    if cancel.is_cancelled() {
        return;
    }
    let _ = tx.send(Msg::Preview { req, result });
}

async fn fetch(
    client: &MastClient,
    dir: &Path,
    uri: &str,
    cancel: &CancellationToken,
) -> Result<Arc<RgbaImage>, String> {
    let path = dir.join(hex(&Sha256::digest(uri.as_bytes())));
    if !path.is_file() {
        let req = FileRequest {
            data_uri: uri.to_string(),
            dest: path.clone(),
            expected_size: None,
        };
        match download_file(client, &req, cancel, &|_, _| {}).await {
            DownloadOutcome::Complete { .. } => {}
            DownloadOutcome::NeedsLogin { .. } => {
                return Err("the preview needs a login (exclusive-access data): L".into());
            }
            DownloadOutcome::Failed { message } => return Err(message),
            DownloadOutcome::Cancelled => return Err("cancelled".into()),
        }
        let dir = dir.to_path_buf();
        let _ = tokio::task::spawn_blocking(move || prune(&dir, CACHE_CAP_BYTES)).await;
    }
    tokio::task::spawn_blocking(move || decode(&path))
        .await
        .map_err(|e| e.to_string())?
}

/// The image in `path`, at most `THUMB` pixels on a side.
fn decode(path: &Path) -> Result<Arc<RgbaImage>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the preview: {e}"))?;
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read the preview: {e}"))?;
    // The bytes come from a server: no image is allowed to ask for more than this.
    let mut limits = Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|e| format!("not an image mastui can show: {e}"))?;
    Ok(Arc::new(image.thumbnail(THUMB, THUMB).to_rgba8()))
}

/// Deletes the oldest files of `dir` until it holds at most `cap` bytes.
pub fn prune(dir: &Path, cap: u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let m = e.metadata().ok()?;
            m.is_file().then(|| {
                (
                    m.modified().unwrap_or(std::time::UNIX_EPOCH),
                    m.len(),
                    e.path(),
                )
            })
        })
        .collect();
    let mut total: u64 = files.iter().map(|f| f.1).sum();
    files.sort();
    for (_, len, path) in files {
        if total <= cap {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_drops_its_oldest_files_past_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        for (i, name) in ["a", "b", "c"].iter().enumerate() {
            std::fs::write(dir.path().join(name), vec![0u8; 1000]).unwrap();
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1000 + i as u64);
            let f = std::fs::File::options()
                .write(true)
                .open(dir.path().join(name))
                .unwrap();
            f.set_modified(t).unwrap();
        }
        prune(dir.path(), 2000);
        assert!(!dir.path().join("a").exists());
        assert!(dir.path().join("b").exists() && dir.path().join("c").exists());
    }

    #[test]
    fn a_file_that_is_not_an_image_is_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x");
        std::fs::write(&p, b"SIMPLE  =                    T").unwrap();
        assert!(decode(&p).unwrap_err().contains("not an image"));
        std::fs::write(&p, crate::sim::preview::jpeg(7, 5000)).unwrap();
        let img = decode(&p).unwrap();
        assert!(img.width() <= THUMB && img.width() > 0);
    }
}
