//! Pan-STARRS DR2 on Catalogs.MAST's REST routes: `GET {catalogs}/api/v0.1/panstarrs/dr2/
//! {table}.json` with the position and criteria as query parameters, paged with `page` and
//! `pagesize` until a short page (the answer has no paging block).
//!
//! The catalogs host derives from the one base URL as astroquery derives it: `mast` in the
//! host becomes `catalogs.mast` (https://catalogs.mast.stsci.edu); a host without it (the
//! simulator on 127.0.0.1) serves both. Criteria use the service's own words: `col=value`
//! (a key repeated for alternatives, OR'ed), `col.gte=`, `col.lte=` for ranges.
use std::ops::ControlFlow;

use reqwest::{Method, Url};
use tokio_util::sync::CancellationToken;

use super::super::client::Ahead;
use super::super::client::MastClient;
use super::super::criteria::{Filter, OPEN_MAX, OPEN_MIN};
use super::super::error::{InputError, MastError};
use super::super::http::{HttpRequest, deadline_after};
use super::super::response::{InvokeResponse, parse_invoke_response};
use super::super::search::{SearchPage, Streamed};
use super::super::table::Table;
use super::catalog::PsTable;

/// The data release mastui searches.
pub const RELEASE: &str = "dr2";

/// Catalogs.MAST's base for the archive at `base`.
pub fn catalogs_base(base: &str) -> Result<Url, MastError> {
    let mut url = Url::parse(base).map_err(|e| MastError::Protocol {
        what: "Pan-STARRS".into(),
        message: format!("base URL {base:?}: {e}"),
    })?;
    if let Some(host) = url.host_str().map(str::to_string)
        && host.contains("mast")
        && !host.contains("catalogs.mast")
    {
        let _ = url.set_host(Some(&host.replacen("mast", "catalogs.mast", 1)));
    }
    Ok(url)
}

fn route(base: &str, tail: &str) -> Result<Url, MastError> {
    let root = catalogs_base(base)?;
    let text = format!(
        "{}/api/v0.1/panstarrs/{RELEASE}/{tail}",
        root.as_str().trim_end_matches('/')
    );
    Url::parse(&text).map_err(|e| MastError::Protocol {
        what: "Pan-STARRS".into(),
        message: e.to_string(),
    })
}

pub fn metadata_url(base: &str, table: PsTable) -> Result<Url, MastError> {
    route(base, &format!("{}/metadata.json", table.name()))
}

pub fn query_url(base: &str, table: PsTable) -> Result<Url, MastError> {
    route(base, &format!("{}.json", table.name()))
}

/// The criteria as the service's query parameters.
pub fn criteria_pairs(filters: &[Filter]) -> Result<Vec<(String, String)>, InputError> {
    let mut out = Vec::new();
    for f in filters {
        match f {
            Filter::Discrete { param, values, .. } => {
                out.extend(values.iter().map(|v| (param.clone(), v.clone())));
            }
            Filter::Range { param, min, max } => {
                if min == max {
                    out.push((param.clone(), min.to_string()));
                    continue;
                }
                if *min > OPEN_MIN {
                    out.push((format!("{param}.gte"), min.to_string()));
                }
                if *max < OPEN_MAX {
                    out.push((format!("{param}.lte"), max.to_string()));
                }
            }
            Filter::FreeText { param, .. } => {
                return Err(InputError::new(
                    param.clone(),
                    "Pan-STARRS matches exact values and ranges; it takes no wildcard patterns",
                ));
            }
        }
    }
    Ok(out)
}

/// One Pan-STARRS query: the table, its parameters, and the rows a page asks for.
pub(crate) struct PsRequest<'a> {
    pub table: PsTable,
    pub pairs: &'a [(String, String)],
    pub pagesize: u64,
}

impl MastClient {
    /// Every page of a Pan-STARRS query, each rewritten by `transform` and cut at `limit`,
    /// handed to `on_page` as it lands.
    pub(crate) async fn panstarrs_pages(
        &self,
        req: &PsRequest<'_>,
        limit: Option<u64>,
        cancel: &CancellationToken,
        transform: &mut (dyn FnMut(Table) -> Table + Send),
        on_page: &mut (dyn FnMut(SearchPage) -> ControlFlow<()> + Send),
    ) -> Result<Streamed, MastError> {
        let PsRequest {
            table,
            pairs,
            pagesize,
        } = *req;
        let base = query_url(self.base_url(), table)?;
        let pagesize = limit.map_or(pagesize, |l| l.min(pagesize)).max(1);
        let url_of = |page: u64| {
            let mut url = base.clone();
            {
                let mut q = url.query_pairs_mut();
                for (k, v) in pairs.iter() {
                    q.append_pair(k, v);
                }
                q.append_pair("page", &page.to_string());
                q.append_pair("pagesize", &pagesize.to_string());
            }
            url
        };
        let what = |page: u64| {
            if page > 1 {
                format!("Pan-STARRS {} (page {page})", table.name())
            } else {
                format!("Pan-STARRS {}", table.name())
            }
        };
        let mut streamed = Streamed::default();
        let mut page = 1u64;
        let mut ahead: Option<Ahead<InvokeResponse>> = None;
        loop {
            let resp = match ahead.take() {
                Some(a) => a.join().await?,
                None => fetch_page(self.clone(), url_of(page), what(page), cancel.clone()).await?,
            };
            let got = resp.table.rows() as u64;
            streamed.pages_fetched += 1;
            let last = got < pagesize;
            // No count in the answer: a full page may have a successor; ask for it now, so
            // that the service works while this page is parsed and printed.
            if !last && limit.is_none_or(|l| streamed.rows + got < l) {
                ahead = Some(Ahead::spawn(fetch_page(
                    self.clone(),
                    url_of(page + 1),
                    what(page + 1),
                    cancel.clone(),
                )));
            }
            let mut t = transform(resp.table);
            if let Some(l) = limit {
                let left = l.saturating_sub(streamed.rows);
                if t.rows() as u64 > left {
                    let keep: Vec<usize> = (0..left as usize).collect();
                    t = t.select_rows(&keep);
                }
            }
            streamed.rows += t.rows() as u64;
            // What arrived is what is known to match.
            streamed.rows_filtered = streamed.rows_filtered.max(streamed.rows);
            let limited = limit.is_some_and(|l| streamed.rows >= l);
            let flow = on_page(SearchPage {
                page,
                pages: if last { page } else { page + 1 },
                rows_filtered: streamed.rows,
                table: t,
            });
            if flow.is_break() {
                return Ok(streamed);
            }
            if last {
                streamed.complete = true;
                return Ok(streamed);
            }
            if limited {
                return Ok(streamed);
            }
            page += 1;
        }
    }
}

/// One page of a Pan-STARRS query, retried and within the policy's deadline.
async fn fetch_page(
    client: MastClient,
    url: Url,
    what: String,
    cancel: CancellationToken,
) -> Result<InvokeResponse, MastError> {
    let req = HttpRequest {
        method: Method::GET,
        url,
        body: None,
        what,
    };
    let deadline = deadline_after(client.policy().deadline);
    client
        .http()
        .fetch(&req, deadline, &cancel, &parse_invoke_response)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogs_host_derives_from_the_base() {
        assert_eq!(
            query_url("https://mast.stsci.edu", PsTable::Mean)
                .unwrap()
                .as_str(),
            "https://catalogs.mast.stsci.edu/api/v0.1/panstarrs/dr2/mean.json"
        );
        assert_eq!(
            metadata_url("http://127.0.0.1:8765", PsTable::Detection)
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8765/api/v0.1/panstarrs/dr2/detection/metadata.json"
        );
    }

    #[test]
    fn criteria_in_the_services_words() {
        let filters = vec![
            Filter::Discrete {
                param: "objName".into(),
                values: vec!["a".into(), "b".into()],
                separator: None,
            },
            Filter::Range {
                param: "nDetections".into(),
                min: 5.0,
                max: OPEN_MAX,
            },
            Filter::Range {
                param: "gMeanPSFMag".into(),
                min: 14.0,
                max: 16.5,
            },
            Filter::Range {
                param: "qualityFlag".into(),
                min: 48.0,
                max: 48.0,
            },
        ];
        let p = criteria_pairs(&filters).unwrap();
        let p: Vec<(&str, &str)> = p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            p,
            [
                ("objName", "a"),
                ("objName", "b"),
                ("nDetections.gte", "5"),
                ("gMeanPSFMag.gte", "14"),
                ("gMeanPSFMag.lte", "16.5"),
                ("qualityFlag", "48")
            ]
        );
        let e = criteria_pairs(&[Filter::FreeText {
            param: "objName".into(),
            text: "PSO%".into(),
        }])
        .unwrap_err();
        assert!(e.message.contains("wildcard"), "{e}");
    }
}
