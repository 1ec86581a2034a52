//! One file from the cloud copy when it is there, from MAST when it is not: the object is
//! fetched anonymously from the bucket with every guarantee of `download` (`.part`, Range
//! resume, size checks, SHA-256, the low-speed rule, retries); exclusive-access data, a
//! file the path lookup has no key for, or one the bucket refuses or lacks (403, 404, or
//! failures past the retries) comes from MAST's file service instead, resuming whatever
//! bytes are already on disk. What happened is said by the `Origin`.
use tokio_util::sync::CancellationToken;

use super::copy::CloudCopy;
use super::path_lookup::CloudKey;
use crate::mast::client::MastClient;
use crate::mast::download::{
    DownloadOutcome, FileRequest, ProgressFn, Server, download_file, fetch_file,
};

/// Where a file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// MAST; the cloud copy was not asked (the cloud is off).
    Mast,
    /// The bucket, at this object URL.
    Cloud(String),
    /// MAST, because the cloud copy could not give it, and why.
    Fallback(String),
}

impl Origin {
    /// Words for the manifest's Message column ("" for plain MAST downloads).
    pub fn describe(&self) -> String {
        match self {
            Origin::Mast => String::new(),
            Origin::Cloud(url) => format!("from the cloud copy: {url}"),
            Origin::Fallback(why) => format!("from MAST ({why})"),
        }
    }
}

/// "7 from the cloud copy, 3 from MAST": where the files of a run came from.
pub fn tally<'a>(origins: impl IntoIterator<Item = &'a Origin>) -> String {
    let (mut cloud, mut mast) = (0usize, 0usize);
    for o in origins {
        match o {
            Origin::Cloud(_) => cloud += 1,
            Origin::Mast | Origin::Fallback(_) => mast += 1,
        }
    }
    format!("{cloud} from the cloud copy, {mast} from MAST")
}

/// Fetches `req` from the cloud copy if it is there, else from MAST. `protected` files
/// (anything but PUBLIC) are never in the public bucket and go to MAST at once.
pub async fn fetch_with_fallback(
    copy: &CloudCopy,
    client: &MastClient,
    req: &FileRequest,
    protected: bool,
    cancel: &CancellationToken,
    progress: ProgressFn<'_>,
) -> (DownloadOutcome, Origin) {
    let key = if protected {
        CloudKey::Absent("exclusive-access data is not in the public bucket".into())
    } else if let Some(why) = copy.down() {
        CloudKey::Absent(why)
    } else if !is_mast_uri(&req.data_uri) {
        CloudKey::Absent("not a file of MAST's archive".into())
    } else {
        if copy.unknown(&req.data_uri) {
            // Callers look up whole batches ahead; a file queued alone is asked alone.
            let _ = copy
                .resolve(client, std::slice::from_ref(&req.data_uri), cancel)
                .await;
        }
        copy.key(&req.data_uri)
            .unwrap_or_else(|| CloudKey::Absent("the path lookup did not answer".into()))
    };
    let why = match key {
        CloudKey::Absent(why) => why,
        CloudKey::Key(key) => match copy.bucket.object_url(&key) {
            Err(why) => why,
            Ok(url) => {
                let outcome = fetch_file(
                    &copy.bucket.http,
                    &url,
                    Server::Cloud,
                    req,
                    cancel,
                    progress,
                )
                .await;
                match outcome {
                    DownloadOutcome::Failed { message }
                    | DownloadOutcome::NeedsLogin { message } => {
                        copy.failed();
                        format!("the cloud copy failed: {message}")
                    }
                    done => return (done, Origin::Cloud(url.to_string())),
                }
            }
        },
    };
    if cancel.is_cancelled() {
        return (DownloadOutcome::Cancelled, Origin::Fallback(why));
    }
    let outcome = download_file(client, req, cancel, progress).await;
    (outcome, Origin::Fallback(why))
}

/// `mast:...` (any case): the only URIs the path lookup knows.
pub fn is_mast_uri(uri: &str) -> bool {
    uri.get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("mast:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_say_where_files_came_from() {
        assert_eq!(Origin::Mast.describe(), "");
        assert_eq!(
            Origin::Cloud("https://stpubdata.s3.amazonaws.com/hst/a".into()).describe(),
            "from the cloud copy: https://stpubdata.s3.amazonaws.com/hst/a"
        );
        assert_eq!(
            Origin::Fallback("not in the bucket (HTTP 404)".into()).describe(),
            "from MAST (not in the bucket (HTTP 404))"
        );
        let run = [
            Origin::Cloud("u".into()),
            Origin::Fallback("w".into()),
            Origin::Cloud("v".into()),
        ];
        assert_eq!(tally(&run), "2 from the cloud copy, 1 from MAST");
        assert!(is_mast_uri("MAST:HST/product/a.fits"));
        assert!(!is_mast_uri("http://h/x"));
        assert!(!is_mast_uri("mas"));
    }
}
