//! Products' `s3://` URIs, the answer of astroquery's `get_cloud_uris(return_uri_map=True)`:
//! each distinct dataURI looked up, each key it gets checked with an anonymous HEAD, and
//! `s3://stpubdata/<key>` for the objects that are there, None for the rest. As astroquery,
//! a 404 means "not in the cloud" and any other failure is an error.
use std::collections::HashMap;

use futures_util::StreamExt;
use tokio_util::sync::CancellationToken;

use super::copy::CloudCopy;
use super::key::s3_uri;
use super::path_lookup::CloudKey;
use crate::mast::client::MastClient;
use crate::mast::error::MastError;

/// HEADs in flight at once.
const HEADS_IN_FLIGHT: usize = 16;

/// `{dataURI: Some("s3://stpubdata/<key>") | None}` for every URI of `uris`.
pub async fn cloud_uris(
    copy: &CloudCopy,
    client: &MastClient,
    uris: &[String],
    cancel: &CancellationToken,
) -> Result<HashMap<String, Option<String>>, MastError> {
    copy.resolve(client, uris, cancel).await?;
    let mut out: HashMap<String, Option<String>> = HashMap::with_capacity(uris.len());
    let mut keyed: Vec<(String, String)> = Vec::new();
    for u in uris {
        if out.contains_key(u) {
            continue;
        }
        match copy.key(u) {
            Some(CloudKey::Key(k)) => {
                out.insert(u.clone(), None);
                keyed.push((u.clone(), k));
            }
            _ => {
                out.insert(u.clone(), None);
            }
        }
    }
    let heads = keyed.into_iter().map(|(uri, key)| async move {
        let there = copy.bucket.exists(&key, cancel).await;
        (uri, key, there)
    });
    let mut heads = futures_util::stream::iter(heads).buffer_unordered(HEADS_IN_FLIGHT);
    while let Some((uri, key, there)) = heads.next().await {
        if there? {
            out.insert(uri, Some(s3_uri(&key)));
        }
    }
    Ok(out)
}
