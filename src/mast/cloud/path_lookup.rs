//! MAST's path lookup: `GET BASE/api/v0.1/path_lookup/?uri=..&uri=..` (at most 50 URIs a
//! call, as astroquery sends them), answered by an object keyed by the exact URIs asked:
//! `{"mast:HST/product/x.fits": {"status_code": 200, "path": "/hst/public/.../x.fits"}}`,
//! or `{"status_code": 404, "path": null}` for a file the cloud copy lacks. Each path
//! becomes a bucket key by astroquery's rules (`key`), checked before it is ever used.
use std::time::Instant;

use reqwest::{Method, Url};
use tokio_util::sync::CancellationToken;

use super::key::{checked_key, key_of_path};
use crate::mast::client::MastClient;
use crate::mast::error::{InputError, MastError};
use crate::mast::http::{HttpRequest, deadline_after};

/// The route under the archive's base URL (with astroquery's trailing slash).
pub const PATH_LOOKUP_PATH: &str = "/api/v0.1/path_lookup/";
/// URIs per call: astroquery's batch, and what the service is known to take.
pub const URIS_PER_LOOKUP: usize = 50;

/// What the lookup says of one dataURI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloudKey {
    /// The object's key in the bucket (already checked).
    Key(String),
    /// Not in the cloud copy, and why (for the manifest and the summary).
    Absent(String),
}

/// The lookup URL for `uris` on the archive at `base` (each URI form-encoded, as requests
/// encodes astroquery's parameters).
pub fn lookup_url(base: &str, uris: &[String]) -> Result<Url, MastError> {
    let mut url = Url::parse(&format!("{}{PATH_LOOKUP_PATH}", base.trim_end_matches('/')))
        .map_err(|e| InputError::new("base URL", e.to_string()))?;
    {
        let mut q = url.query_pairs_mut();
        for u in uris {
            q.append_pair("uri", u);
        }
    }
    Ok(url)
}

/// The answer for each of `asked`, in order. A URI the answer leaves out, a null path or a
/// non-200 status is absent; a path whose key would leave the bucket is absent too, and
/// says why. Only an answer that is not a JSON object is an error.
pub fn parse_answer(body: &[u8], asked: &[String]) -> Result<Vec<CloudKey>, String> {
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("the path lookup is not JSON: {e}"))?;
    let Some(obj) = v.as_object() else {
        return Err("the path lookup's answer is not a JSON object keyed by dataURI".into());
    };
    Ok(asked
        .iter()
        .map(|uri| {
            let Some(entry) = obj.get(uri) else {
                return CloudKey::Absent("the path lookup did not answer for it".into());
            };
            let status = entry.get("status_code").and_then(serde_json::Value::as_u64);
            match entry.get("path").and_then(serde_json::Value::as_str) {
                Some(path) if !path.trim().is_empty() && status.is_none_or(|s| s == 200) => {
                    let key = key_of_path(path.trim());
                    match checked_key(&key) {
                        Ok(k) => CloudKey::Key(k.to_string()),
                        Err(why) => CloudKey::Absent(why),
                    }
                }
                _ => CloudKey::Absent(match status {
                    Some(s) => format!("MAST's path lookup has no path for it ({s})"),
                    None => "MAST's path lookup has no path for it".into(),
                }),
            }
        })
        .collect())
}

/// One call for at most `URIS_PER_LOOKUP` URIs, with the client's retries.
pub async fn path_lookup(
    client: &MastClient,
    uris: &[String],
    cancel: &CancellationToken,
) -> Result<Vec<CloudKey>, MastError> {
    debug_assert!(uris.len() <= URIS_PER_LOOKUP);
    let req = HttpRequest {
        method: Method::GET,
        url: lookup_url(client.base_url(), uris)?,
        body: None,
        what: "the path lookup".into(),
    };
    let deadline: Instant = deadline_after(client.policy().deadline);
    let parse = |b: &[u8]| parse_answer(b, uris);
    client.http().fetch(&req, deadline, cancel, &parse).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uris(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn uris_are_form_encoded_and_repeated() {
        let url = lookup_url(
            "https://mast.stsci.edu/",
            &uris(&["mast:HST/product/u9o40504m_c3m.fits", "mast:X/a b&c"]),
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "https://mast.stsci.edu/api/v0.1/path_lookup/?uri=mast%3AHST%2Fproduct%2Fu9o40504m_c3m.fits&uri=mast%3AX%2Fa+b%26c"
        );
    }

    #[test]
    fn the_recorded_answer_reads_as_keys_and_absences() {
        let asked = uris(&[
            "mast:HST/product/u9o40504m_c3m.fits",
            "mast:HST/product/does_not_exist.fits",
            "mast:HST/product/left_out.fits",
        ]);
        let body = br#"{"mast:HST/product/u9o40504m_c3m.fits": {"status_code": 200,
            "path": "/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits"},
            "mast:HST/product/does_not_exist.fits": {"status_code": 404, "path": null}}"#;
        let got = parse_answer(body, &asked).unwrap();
        assert_eq!(
            got[0],
            CloudKey::Key("hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits".into())
        );
        assert!(matches!(&got[1], CloudKey::Absent(w) if w.contains("404")));
        assert!(matches!(&got[2], CloudKey::Absent(w) if w.contains("did not answer")));
    }

    #[test]
    fn hostile_paths_and_answers() {
        let asked = uris(&["a", "b"]);
        let body = br#"{"a": {"status_code": 200, "path": "/../../etc/passwd"},
                        "b": {"status_code": 200, "path": "/hst/x\u0007y"}}"#;
        let got = parse_answer(body, &asked).unwrap();
        assert!(
            got.iter()
                .all(|k| matches!(k, CloudKey::Absent(w) if w.contains("refusing")))
        );
        assert!(parse_answer(b"[1,2]", &asked).is_err());
        assert!(parse_answer(b"<html>", &asked).is_err());
    }
}
