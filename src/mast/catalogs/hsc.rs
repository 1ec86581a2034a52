//! One Hubble Source Catalog match's detections (`Mast.HscMatches.Db.v3`, `params:
//! {"input": "<MatchID>"}`): every image in which the matched source was measured.
use std::ops::ControlFlow;

use serde_json::json;
use tokio_util::sync::CancellationToken;

use super::super::client::MastClient;
use super::super::error::{InputError, MastError};
use super::super::request::InvokeRequest;
use super::super::search::{PageCut, SearchPage, Streamed};

/// The match service of HSC version `version` (3 or 2).
pub fn matches_service(version: u8) -> &'static str {
    if version == 2 {
        "Mast.HscMatches.Db.v2"
    } else {
        "Mast.HscMatches.Db.v3"
    }
}

/// A MatchID as typed: a whole number (MAST takes it as text, as astroquery sends it).
pub fn parse_match_id(text: &str) -> Result<i64, InputError> {
    let t = text.trim();
    t.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
        InputError::new(
            "--matchid",
            format!("'{t}' is not an HSC MatchID; a MatchID is a whole number such as 82371983 (the MatchID column of `mastui catalog hsc`)"),
        )
    })
}

impl MastClient {
    /// The detections of HSC match `id`, streamed as pages land (an unknown id has none).
    pub async fn hsc_matches(
        &self,
        version: u8,
        id: i64,
        limit: Option<u64>,
        pagesize: u64,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(SearchPage) -> ControlFlow<()> + Send),
    ) -> Result<Streamed, MastError> {
        let pagesize = limit.map_or(pagesize, |l| l.min(pagesize)).max(1);
        let req = InvokeRequest::new(matches_service(version), json!({"input": id.to_string()}))
            .with_pagesize(pagesize);
        self.stream_pages(
            req,
            &PageCut {
                project: None,
                limit,
                unique: None,
                ramp: false,
            },
            cancel,
            &mut |t| t,
            on_page,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_ids_are_whole_numbers() {
        assert_eq!(parse_match_id(" 82371983 ").unwrap(), 82371983);
        let e = parse_match_id("M-15").unwrap_err();
        assert_eq!(e.field, "--matchid");
        assert!(e.message.contains("whole number"), "{e}");
        assert!(parse_match_id("-3").is_err());
        assert_eq!(matches_service(2), "Mast.HscMatches.Db.v2");
    }
}
