//! Crossmatch: a list of positions matched against CAOM observations or a catalog by
//! `Mast.<Cat>.Crossmatch`, the positions uploaded beside `params` as a small table
//! (`data`: fields and rows) and sent a batch at a time.
//!
//! Each uploaded row carries `input_row` (its number in the input file), `input_ra` and
//! `input_dec`; MAST answers each match with the uploaded columns first, then the match's
//! columns and `dstArcSec`, so every output row says which input row it matched.
use std::ops::ControlFlow;

use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use super::super::client::MastClient;
use super::super::error::{InputError, MastError};
use super::super::request::InvokeRequest;
use super::super::search::{PageCut, SearchPage};
use super::catalog::Catalog;
use super::positions::Position;

/// Positions per request: small enough that MAST's join stays quick and a form body small.
pub const UPLOAD_BATCH: usize = 1_000;
/// MAST's default match radius (deg): 7.2".
pub const DEFAULT_RADIUS_DEG: f64 = 0.002;
/// The widest match radius mastui asks for (deg): a crossmatch pairs nearby objects; wider
/// searches are cones.
pub const MAX_RADIUS_DEG: f64 = 1.0;

/// What positions are matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossmatchTarget {
    /// Every CAOM observation (`Mast.Caom.Crossmatch`).
    Caom,
    Catalog(Catalog),
}

/// The names `--catalog` takes, for messages.
pub const TARGETS: &str = "caom, tic, ctl, gaia (--version dr2), galex, hsc";

impl CrossmatchTarget {
    pub fn parse(name: &str, version: Option<&str>) -> Result<CrossmatchTarget, InputError> {
        if name.trim().eq_ignore_ascii_case("caom") {
            if version.is_some() {
                return Err(InputError::new("--version", "caom has no versions"));
            }
            return Ok(CrossmatchTarget::Caom);
        }
        let catalog = Catalog::parse(name, version, None).map_err(|e| {
            InputError::new(
                "--catalog",
                format!("{}; crossmatch takes {TARGETS}", e.message),
            )
        })?;
        if catalog.crossmatch_service().is_none() {
            return Err(InputError::new(
                "--catalog",
                format!("MAST has no crossmatch of {catalog}; crossmatch takes {TARGETS}"),
            ));
        }
        Ok(CrossmatchTarget::Catalog(catalog))
    }

    pub fn service(self) -> &'static str {
        match self {
            CrossmatchTarget::Caom => "Mast.Caom.Crossmatch",
            CrossmatchTarget::Catalog(c) => {
                c.crossmatch_service().unwrap_or("Mast.Caom.Crossmatch")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CrossmatchQuery {
    pub target: CrossmatchTarget,
    pub radius_deg: f64,
    pub positions: Vec<Position>,
    pub limit: Option<u64>,
    pub pagesize: u64,
}

impl CrossmatchQuery {
    pub fn new(target: CrossmatchTarget, positions: Vec<Position>) -> CrossmatchQuery {
        CrossmatchQuery {
            target,
            radius_deg: DEFAULT_RADIUS_DEG,
            positions,
            limit: None,
            pagesize: super::query::CATALOG_PAGESIZE,
        }
    }
}

/// How a crossmatch went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CrossmatchSummary {
    /// Match rows handed to the caller.
    pub rows: u64,
    /// Match rows MAST found.
    pub rows_filtered: u64,
    /// Requests sent (one per batch of positions).
    pub batches: u64,
    pub complete: bool,
}

/// A match radius (deg) mastui sends: above 0, at most [`MAX_RADIUS_DEG`].
pub fn check_radius(r: f64) -> Result<(), InputError> {
    if r.is_finite() && r > 0.0 && r <= MAX_RADIUS_DEG {
        Ok(())
    } else {
        Err(InputError::new(
            "--radius",
            format!(
                "{r} deg is not a crossmatch radius (0 < r <= {MAX_RADIUS_DEG} deg; e.g. 2\" or 0.001)"
            ),
        ))
    }
}

/// The upload of one batch: `{"fields": [..], "data": [{input_row, input_ra, input_dec}]}`.
pub fn upload_table(batch: &[Position]) -> Value {
    json!({
        "fields": [
            {"name": "input_row", "type": "int"},
            {"name": "input_ra", "type": "float"},
            {"name": "input_dec", "type": "float"},
        ],
        "data": batch
            .iter()
            .map(|p| json!({"input_row": p.row, "input_ra": p.ra, "input_dec": p.dec}))
            .collect::<Vec<_>>(),
    })
}

impl MastClient {
    /// Matches every position, a batch per request, handing pages to `on_page` as they land.
    pub async fn crossmatch(
        &self,
        q: &CrossmatchQuery,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(SearchPage) -> ControlFlow<()> + Send),
    ) -> Result<CrossmatchSummary, MastError> {
        let r = q.radius_deg;
        check_radius(r)?;
        if q.positions.is_empty() {
            return Err(InputError::new("--input", "no positions to match").into());
        }
        if q.limit == Some(0) || q.pagesize == 0 {
            return Err(InputError::new("--limit", "must be at least 1").into());
        }
        let mut summary = CrossmatchSummary {
            complete: true,
            ..CrossmatchSummary::default()
        };
        let mut stopped = false;
        for batch in q.positions.chunks(UPLOAD_BATCH) {
            let left = q.limit.map(|l| l.saturating_sub(summary.rows));
            if left == Some(0) {
                summary.complete = false;
                break;
            }
            let pagesize = left.map_or(q.pagesize, |l| l.min(q.pagesize)).max(1);
            let params = json!({"raColumn": "input_ra", "decColumn": "input_dec", "radius": r});
            let req = InvokeRequest::new(q.target.service(), params)
                .with_data(upload_table(batch))
                .with_pagesize(pagesize);
            let mut forward = |page: SearchPage| {
                let flow = on_page(page);
                if flow.is_break() {
                    stopped = true;
                }
                flow
            };
            let s = self
                .stream_pages(
                    req,
                    &PageCut {
                        project: None,
                        limit: left,
                        unique: None,
                        ramp: false,
                    },
                    cancel,
                    &mut |t| t,
                    &mut forward,
                )
                .await?;
            summary.batches += 1;
            summary.rows += s.rows;
            summary.rows_filtered += s.rows_filtered;
            summary.complete &= s.complete;
            if stopped {
                summary.complete = false;
                break;
            }
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::catalogs::catalog::GaiaRelease;

    #[test]
    fn targets_by_name() {
        assert_eq!(
            CrossmatchTarget::parse("CAOM", None).unwrap().service(),
            "Mast.Caom.Crossmatch"
        );
        assert_eq!(
            CrossmatchTarget::parse("tic", None).unwrap().service(),
            "Mast.Tic.Crossmatch"
        );
        assert_eq!(
            CrossmatchTarget::parse("gaia", Some("dr2")).unwrap(),
            CrossmatchTarget::Catalog(Catalog::Gaia(GaiaRelease::Dr2))
        );
        let e = CrossmatchTarget::parse("panstarrs", None).unwrap_err();
        assert!(
            e.message.contains("no crossmatch") && e.message.contains("caom, tic"),
            "{e}"
        );
        let e = CrossmatchTarget::parse("tyc", None).unwrap_err();
        assert_eq!(e.field, "--catalog");
    }

    #[test]
    fn the_upload_names_each_input_row() {
        let p = [Position {
            row: 7,
            line: 8,
            ra: 1.5,
            dec: -2.0,
        }];
        let t = upload_table(&p);
        assert_eq!(
            t["data"][0],
            json!({"input_row": 7, "input_ra": 1.5, "input_dec": -2.0})
        );
        assert_eq!(t["fields"][0]["name"], "input_row");
    }
}
