//! From the path MAST's path lookup answers to the object key in the public bucket, by the
//! rules astroquery applies (PROTOCOL-MORE.md section 4), and the checks a key from the
//! server must pass before it becomes a URL: it names an object inside the bucket, never
//! a path that climbs out of it.
//!
//! Keys only ever name remote objects: where a file lands on disk comes from the product's
//! own fields (`local_path`), whatever the bucket calls it.

/// MAST's public bucket.
pub const BUCKET: &str = "stpubdata";
/// Its region (the default endpoint is virtual-host style in us-east-1).
pub const REGION: &str = "us-east-1";
/// S3's own limit on a key's length, in bytes.
const MAX_KEY: usize = 1024;

/// The key of the object a lookup `path` names, as astroquery derives it: GALEX paths lose
/// their leading `/mast/` (astroquery's `lstrip`, a strip of those characters), PanSTARRS'
/// `/ps1/` becomes `panstarrs/ps1/public/`, HLSPs' `/hlsp_local/public/` becomes `mast/`,
/// anything else loses its leading `/`.
pub fn key_of_path(path: &str) -> String {
    if path.contains("galex") {
        path.trim_start_matches(['/', 'm', 'a', 's', 't'])
            .to_string()
    } else if path.contains("/ps1/") {
        path.replace("/ps1/", "panstarrs/ps1/public/")
    } else if path.contains("hlsp") {
        path.replace("/hlsp_local/public/", "mast/")
    } else {
        path.trim_start_matches('/').to_string()
    }
}

/// `key` when it may be fetched: a relative name of plain segments inside the bucket.
pub fn checked_key(key: &str) -> Result<&str, String> {
    let shown: String = crate::sanitize::printable(key).chars().take(120).collect();
    let refuse = |why: &str| Err(format!("refusing the cloud key {shown:?}: {why}"));
    if key.is_empty() {
        return refuse("it is empty");
    }
    if key.len() > MAX_KEY {
        return refuse("it is longer than 1024 bytes");
    }
    if key.chars().any(char::is_control) {
        return refuse("it contains control characters");
    }
    if key.contains('\\') {
        return refuse("it contains a backslash");
    }
    if key.starts_with('/') {
        return refuse("it is absolute");
    }
    if key
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return refuse("it has an empty, '.' or '..' segment");
    }
    Ok(key)
}

/// `s3://stpubdata/<key>`, as astroquery's `get_cloud_uris` answers.
pub fn s3_uri(key: &str) -> String {
    format!("s3://{BUCKET}/{key}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_keys_as_astroquery_makes_them() {
        // The pairs recorded in astroquery's remote tests.
        assert_eq!(
            key_of_path("/hst/public/u24r/u24r0102t/u24r0102t_c1f.fits"),
            "hst/public/u24r/u24r0102t/u24r0102t_c1f.fits"
        );
        assert_eq!(
            key_of_path(
                "/ps1/rings.v3.skycell/1334/061/rings.v3.skycell.1334.061.stk.r.unconv.exp.fits"
            ),
            "panstarrs/ps1/public/rings.v3.skycell/1334/061/rings.v3.skycell.1334.061.stk.r.unconv.exp.fits"
        );
        // lstrip("/mast/") strips characters, not a prefix: "/mast/galex" and "/galex" alike.
        assert_eq!(
            key_of_path("/mast/galex/public/AIS_1/x.fits.gz"),
            "galex/public/AIS_1/x.fits.gz"
        );
        assert_eq!(key_of_path("/galex/a"), "galex/a");
        assert_eq!(
            key_of_path("/hlsp_local/public/hlsp/phangs/x_drz.fits"),
            "mast/hlsp/phangs/x_drz.fits"
        );
        assert_eq!(key_of_path("//tess/public/a"), "tess/public/a");
    }

    #[test]
    fn keys_that_would_leave_the_bucket_are_refused() {
        assert!(checked_key("hst/public/u24r/u24r0102t/u24r0102t_c1f.fits").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "hst/../../other-bucket/x",
            "hst/./x",
            "hst//x",
            "hst/x/",
            "a\\b",
            "a\u{7}b",
        ] {
            let e = checked_key(bad).unwrap_err();
            assert!(e.starts_with("refusing the cloud key"), "{bad:?}: {e}");
        }
        assert!(checked_key(&"a".repeat(1025)).is_err());
        // A key from a path that climbs: refused after the conversion too.
        assert!(checked_key(&key_of_path("/../x")).is_err());
        assert_eq!(s3_uri("hst/a"), "s3://stpubdata/hst/a");
    }
}
