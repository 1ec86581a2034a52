//! The bucket holding MAST's cloud copy, as this run reaches it: AWS itself
//! (`https://stpubdata.s3.amazonaws.com/<key>`, virtual-host style) or any S3-compatible
//! endpoint given by `--s3-endpoint` / `MASTUI_S3_ENDPOINT` (`URL/stpubdata/<key>`, path
//! style, as boto3 addresses a custom endpoint). rusty-s3 builds the object URLs; the
//! requests go through a transport of their own that holds no token, so the MAST token can
//! never reach S3 whatever the addresses, and so that failures name the endpoint.
use std::time::Instant;

use reqwest::{Method, Url};
use rusty_s3::{Bucket, UrlStyle};
use tokio_util::sync::CancellationToken;

use super::key::{BUCKET, REGION, checked_key};
use crate::mast::error::{InputError, MastError};
use crate::mast::http::{Http, HttpRequest, Notices, deadline_after};
use crate::mast::retry::RetryPolicy;

/// AWS's endpoint; the bucket name goes in front of the host.
pub const AWS_ENDPOINT: &str = "https://s3.amazonaws.com";

/// The bucket and the anonymous transport to it.
#[derive(Clone)]
pub struct CloudBucket {
    bucket: Bucket,
    pub(crate) http: Http,
}

impl std::fmt::Debug for CloudBucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudBucket")
            .field("base", &self.bucket.base_url().as_str())
            .finish()
    }
}

impl CloudBucket {
    /// AWS's bucket when `endpoint` is None; else the bucket on that S3-compatible server.
    /// `source` names where the endpoint came from, for messages.
    pub fn new(
        endpoint: Option<&str>,
        source: &str,
        policy: RetryPolicy,
        notices: Option<Notices>,
    ) -> Result<CloudBucket, MastError> {
        let (url, style) = match endpoint.map(str::trim).filter(|e| !e.is_empty()) {
            None => (parse_endpoint(AWS_ENDPOINT, source)?, UrlStyle::VirtualHost),
            Some(e) => (parse_endpoint(e, source)?, UrlStyle::Path),
        };
        let bucket = Bucket::new(url, style, BUCKET, REGION).map_err(|e| {
            MastError::Input(InputError::new(
                source,
                format!("cannot address the bucket there: {e:?}"),
            ))
        })?;
        let base = bucket.base_url().clone();
        let mut http = Http::new(base)?;
        http.policy = policy;
        http.notices = notices;
        http.base_source = Some(source.to_string());
        http.usual = "MAST's bucket is https://stpubdata.s3.amazonaws.com".into();
        Ok(CloudBucket { bucket, http })
    }

    /// The URL of the object `key` (checked first: a key from the server stays in the bucket).
    pub fn object_url(&self, key: &str) -> Result<Url, String> {
        let key = checked_key(key)?;
        let url = self
            .bucket
            .object_url(key)
            .map_err(|e| format!("cannot make a URL of the cloud key {key:?}: {e}"))?;
        // Belt and braces: whatever the encoding did, the object is under the bucket's base.
        if !url.as_str().starts_with(self.bucket.base_url().as_str()) {
            return Err(format!("the cloud key {key:?} leaves the bucket"));
        }
        Ok(url)
    }

    /// The bucket's base URL (`https://stpubdata.s3.amazonaws.com/`).
    pub fn base_url(&self) -> &Url {
        self.bucket.base_url()
    }

    /// An anonymous HEAD of `key`: true when the object is there, false on 404 (what S3
    /// answers anyone for a missing key); any other failure, after the usual retries, is
    /// an error (a 403 means the bucket is not public there).
    pub async fn exists(&self, key: &str, cancel: &CancellationToken) -> Result<bool, MastError> {
        let url = self
            .object_url(key)
            .map_err(|message| MastError::Protocol {
                what: "the cloud copy".into(),
                message,
            })?;
        let req = HttpRequest {
            method: Method::HEAD,
            url,
            body: None,
            what: format!("the cloud object {key}"),
        };
        let deadline: Instant = deadline_after(self.http.policy.deadline);
        match self.http.fetch(&req, deadline, cancel, &|_| Ok(())).await {
            Ok(()) => Ok(true),
            Err(MastError::Http { status: 404, .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// An endpoint URL: http or https, a host, no credentials, query or fragment. Its path is
/// kept as a folder, so `http://h/mirror` serves `http://h/mirror/stpubdata/<key>`.
fn parse_endpoint(text: &str, source: &str) -> Result<Url, MastError> {
    let bad = |why: &str| -> MastError {
        InputError::new(
            source,
            format!("{why} (got {text:?}; e.g. http://127.0.0.1:5055 for a local S3 server)"),
        )
        .into()
    };
    let mut url = Url::parse(text).map_err(|e| bad(&format!("not a URL: {e}")))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(bad("only http and https S3 endpoints are supported"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("the URL has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "credentials do not belong in the URL; the public bucket needs none",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("the endpoint cannot have a query or fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(endpoint: Option<&str>) -> Result<CloudBucket, MastError> {
        CloudBucket::new(endpoint, "--s3-endpoint", RetryPolicy::default(), None)
    }

    #[test]
    fn aws_is_virtual_host_style_and_endpoints_are_path_style() {
        let aws = bucket(None).unwrap();
        assert_eq!(
            aws.object_url("hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits")
                .unwrap()
                .as_str(),
            "https://stpubdata.s3.amazonaws.com/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits"
        );
        let local = bucket(Some("http://127.0.0.1:5055")).unwrap();
        assert_eq!(
            local.object_url("tess/public/a b.fits").unwrap().as_str(),
            "http://127.0.0.1:5055/stpubdata/tess/public/a%20b.fits"
        );
        let mirror = bucket(Some("https://mirror.example/s3")).unwrap();
        assert_eq!(
            mirror.object_url("k").unwrap().as_str(),
            "https://mirror.example/s3/stpubdata/k"
        );
    }

    #[test]
    fn keys_and_endpoints_are_checked() {
        let local = bucket(Some("http://127.0.0.1:5055/")).unwrap();
        assert!(local.object_url("../other/x").is_err());
        assert!(local.object_url("/x").is_err());
        for bad in [
            "ftp://h",
            "not a url",
            "http://user:pw@h",
            "http://h/?a=1",
            "file:///tmp",
        ] {
            let e = bucket(Some(bad)).unwrap_err().to_string();
            assert!(e.contains("--s3-endpoint"), "{bad}: {e}");
        }
    }
}
