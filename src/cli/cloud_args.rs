//! The cloud copy's flags: `mastui download --cloud`, `mastui products --cloud-uris`, and
//! `--s3-endpoint` for both; and the bucket they make.
use clap::Args;

use super::CliError;
use crate::mast::cloud::bucket::CloudBucket;
use crate::mast::cloud::copy::CloudCopy;
use crate::mast::cloud::switch::{CLOUD_ENV, S3_ENDPOINT_ENV, cloud_on};
use crate::mast::retry::RetryPolicy;

/// `mastui download`'s.
#[derive(Debug, Clone, Default, Args)]
pub struct DownloadCloudArgs {
    /// Fetch each file from MAST's public cloud copy (S3 bucket stpubdata) when it is there,
    /// from MAST otherwise (exclusive-access data, files the bucket lacks).
    #[arg(long, env = CLOUD_ENV, value_parser = cloud_on)]
    pub cloud: bool,

    /// An S3-compatible endpoint (path style, URL/stpubdata/<key>) instead of AWS's, for a
    /// mirror or a local server; used with --cloud.
    #[arg(long, env = S3_ENDPOINT_ENV, value_name = "URL")]
    pub s3_endpoint: Option<String>,
}

/// `mastui products`'.
#[derive(Debug, Clone, Default, Args)]
pub struct ProductsCloudArgs {
    /// Add each product's cloudURI: s3://stpubdata/<key> when the public cloud copy holds it,
    /// null otherwise (astroquery's get_cloud_uris).
    #[arg(long)]
    pub cloud_uris: bool,

    /// An S3-compatible endpoint (path style) instead of AWS's; used with --cloud-uris.
    #[arg(long, env = S3_ENDPOINT_ENV, value_name = "URL")]
    pub s3_endpoint: Option<String>,
}

/// The cloud copy at `endpoint` (AWS's when None), reached with `policy`; `--s3-endpoint`
/// given without the flag that uses it is refused rather than silently ignored.
pub fn cloud_copy(
    endpoint: Option<&str>,
    used: bool,
    user_flag: &str,
    policy: RetryPolicy,
) -> Result<Option<CloudCopy>, CliError> {
    let flagged = std::env::args().any(|a| a == "--s3-endpoint" || a.starts_with("--s3-endpoint="));
    if !used {
        if flagged {
            return Err(CliError::input(
                "--s3-endpoint",
                format!("names where the cloud copy is; it needs {user_flag}"),
            ));
        }
        return Ok(None);
    }
    let source = if flagged {
        "--s3-endpoint"
    } else {
        S3_ENDPOINT_ENV
    };
    let notices: crate::mast::http::Notices = std::sync::Arc::new(|text: &str| {
        eprintln!("mastui: {}", crate::sanitize::printable(text));
    });
    let bucket = CloudBucket::new(endpoint, source, policy, Some(notices))?;
    Ok(Some(CloudCopy::new(bucket)))
}
