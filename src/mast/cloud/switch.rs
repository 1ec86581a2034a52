//! The switches of the cloud copy: `MASTUI_CLOUD=1` fetches baskets from it (the browser
//! reads it where its basket starts; `mastui download --cloud` takes it too) and
//! `MASTUI_S3_ENDPOINT=URL` (or `--s3-endpoint`) names an S3-compatible server to use
//! instead of AWS's.
use super::bucket::CloudBucket;
use super::copy::CloudCopy;
use crate::mast::http::Notices;
use crate::mast::retry::RetryPolicy;

/// `1`, `true`, `yes` or `on` fetch baskets from the cloud copy; `0`, `false`, `no`, `off`
/// or empty do not.
pub const CLOUD_ENV: &str = "MASTUI_CLOUD";
/// An S3-compatible endpoint (path style) to use instead of AWS's.
pub const S3_ENDPOINT_ENV: &str = "MASTUI_S3_ENDPOINT";

/// Whether `value` (of `MASTUI_CLOUD`) turns the cloud on; an error names what is accepted.
pub fn cloud_on(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "" | "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!(
            "{CLOUD_ENV}={:?} is not understood: use 1 (fetch from MAST's cloud copy) or 0",
            crate::sanitize::printable(value)
        )),
    }
}

/// The cloud copy the environment asks for (`None` when `MASTUI_CLOUD` is unset or off),
/// reached with `policy`; an error says which variable is wrong and how.
pub fn from_env(
    policy: RetryPolicy,
    notices: Option<Notices>,
) -> Result<Option<CloudCopy>, String> {
    let on = match std::env::var(CLOUD_ENV) {
        Ok(v) => cloud_on(&v)?,
        Err(_) => false,
    };
    if !on {
        return Ok(None);
    }
    let endpoint = std::env::var(S3_ENDPOINT_ENV).ok();
    let bucket = CloudBucket::new(endpoint.as_deref(), S3_ENDPOINT_ENV, policy, notices)
        .map_err(|e| e.to_string())?;
    Ok(Some(CloudCopy::new(bucket)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_reads_common_words_and_refuses_others() {
        for on in ["1", "true", "YES", " on "] {
            assert_eq!(cloud_on(on), Ok(true), "{on}");
        }
        for off in ["0", "false", "No", "off", ""] {
            assert_eq!(cloud_on(off), Ok(false), "{off}");
        }
        let e = cloud_on("maybe").unwrap_err();
        assert!(e.contains("MASTUI_CLOUD") && e.contains("use 1"), "{e}");
    }
}
