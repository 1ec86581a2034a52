//! Running a catalog search: columns config and criteria checked first (a typo costs no
//! query), then the target resolved, then the pages streamed to the caller through the same
//! invoke machinery as observation searches (EXECUTING polls, retries, deadlines, paging
//! held to the first announced count), with MAST's null stand-ins cleared on the way.
use std::ops::ControlFlow;

use tokio_util::sync::CancellationToken;

use super::super::client::MastClient;
use super::super::coords::SkyCoord;
use super::super::criteria::Target;
use super::super::error::{InputError, MastError};
use super::super::name_lookup::ResolvedName;
use super::super::request::InvokeRequest;
use super::super::search::{PageCut, SearchPage, Streamed};
use super::super::table::Table;
use super::catalog::Catalog;
use super::query::{CatalogQuery, Plan, check_columns, distance_column, filters_of, plan};
use super::sentinel::clear_sentinels;
use super::spectra::with_download_columns;

/// How a catalog search went.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogSummary {
    /// What answered: an invoke service, or the Pan-STARRS route.
    pub service: String,
    /// Rows handed to the caller.
    pub rows: u64,
    /// Rows MAST says match.
    pub rows_filtered: u64,
    /// Every matching row was delivered.
    pub complete: bool,
    /// The service's own row cap (HSC `nr`, GALEX `maxrecords`) was reached: the cone may
    /// hold more sources than were sent.
    pub capped: Option<u64>,
    pub position: Option<SkyCoord>,
    pub radius_deg: Option<f64>,
    pub resolved: Option<ResolvedName>,
}

/// A checked query, ready to send.
struct Prepared {
    plan: Plan,
    /// The columns to keep, in order (MAST's spelling), when `--columns` was given.
    project: Option<Vec<String>>,
    /// Whether the projection still needs checking against the first answer (MAST gave
    /// no columns config for this catalog).
    project_unchecked: bool,
    position: Option<(SkyCoord, f64)>,
    resolved: Option<ResolvedName>,
}

impl MastClient {
    async fn prepare(
        &self,
        q: &CatalogQuery,
        count: bool,
        cancel: &CancellationToken,
    ) -> Result<Prepared, MastError> {
        q.check()?;
        let catalog = q.catalog;
        let positional = q.target.is_some();
        let wants_columns = q.columns.as_ref().is_some_and(|c| !c.is_empty()) && !count;
        let config = if !q.terms.is_empty() || wants_columns {
            self.catalog_columns(catalog, cancel).await?
        } else {
            None
        };
        let filters = filters_of(&q.terms, config.as_ref(), catalog)?;
        let (project, project_unchecked) = match (&q.columns, wants_columns, &config) {
            (Some(cols), true, Some(config)) => (
                Some(check_columns(cols, config, catalog, positional)?),
                false,
            ),
            (Some(cols), true, None) => (
                Some(cols.iter().map(|c| c.trim().to_string()).collect()),
                true,
            ),
            _ => (None, false),
        };
        let (position, resolved) = match &q.target {
            None => (None, None),
            Some(Target::Coords(c)) => {
                if !(c.ra.is_finite() && c.dec.is_finite()) {
                    return Err(InputError::new("coordinates", "RA and Dec must be numbers").into());
                }
                (Some((*c, q.radius())), None)
            }
            Some(Target::Name(name)) => {
                let r = self.resolve_name(name, cancel).await?;
                (
                    Some((
                        SkyCoord {
                            ra: r.ra,
                            dec: r.dec,
                        },
                        q.radius(),
                    )),
                    Some(r),
                )
            }
        };
        // The services that select columns themselves get the list without the distance
        // column, which is not one of the table's.
        let server_columns: Option<Vec<String>> = project.as_ref().map(|cols| {
            let distance = distance_column(catalog);
            cols.iter()
                .filter(|c| {
                    matches!(catalog, Catalog::Panstarrs(_)) || !c.eq_ignore_ascii_case(distance)
                })
                .cloned()
                .collect()
        });
        let plan = plan(
            catalog,
            position,
            &filters,
            server_columns.as_deref(),
            q.limit,
            count,
        )?;
        Ok(Prepared {
            plan,
            project,
            project_unchecked,
            position,
            resolved,
        })
    }

    /// Runs a catalog search, handing each page to `on_page` as it lands (break to stop).
    pub async fn catalog_search(
        &self,
        q: &CatalogQuery,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(SearchPage) -> ControlFlow<()> + Send),
    ) -> Result<CatalogSummary, MastError> {
        let p = self.prepare(q, false, cancel).await?;
        let mut summary = CatalogSummary {
            service: String::new(),
            rows: 0,
            rows_filtered: 0,
            complete: false,
            capped: None,
            position: p.position.map(|x| x.0),
            radius_deg: p.position.map(|x| x.1),
            resolved: p.resolved.clone(),
        };
        let catalog = q.catalog;
        let project: Option<Vec<&str>> = p
            .project
            .as_ref()
            .map(|c| c.iter().map(String::as_str).collect());
        // Names MAST gave no config for are checked on the first page, before any output.
        let mut unknown: Option<MastError> = None;
        let unchecked = p.project_unchecked;
        let mut checked_first = false;
        let mut page_filter = |mut page: SearchPage| -> ControlFlow<()> {
            if unchecked && !checked_first {
                checked_first = true;
                if let Some(cols) = &project
                    && let Some(missing) =
                        cols.iter().find(|c| page.table.column_index(c).is_none())
                {
                    let have: Vec<&str> = page.table.column_names().collect();
                    if !page.table.is_empty() || !have.is_empty() {
                        unknown = Some(
                            InputError::new(
                                "--columns",
                                format!(
                                    "unknown column '{missing}'; valid columns: {}",
                                    have.join(", ")
                                ),
                            )
                            .into(),
                        );
                        return ControlFlow::Break(());
                    }
                }
            }
            if let Some(cols) = &project {
                page.table = page.table.project(cols);
            }
            on_page(page)
        };
        let streamed: Streamed = match &p.plan {
            Plan::Panstarrs { pairs } => {
                let Catalog::Panstarrs(table) = catalog else {
                    return Err(InputError::new("catalog", "not Pan-STARRS").into());
                };
                summary.service = format!("Pan-STARRS DR2 {}", table.name());
                self.panstarrs_pages(
                    &super::panstarrs::PsRequest {
                        table,
                        pairs,
                        pagesize: q.pagesize,
                    },
                    q.limit,
                    cancel,
                    &mut clear_sentinels_all,
                    &mut page_filter,
                )
                .await?
            }
            Plan::Invoke { service, params } => {
                summary.service = service.clone();
                let pagesize = q.limit.map_or(q.pagesize, |l| l.min(q.pagesize)).max(1);
                let req =
                    InvokeRequest::new(service.clone(), params.clone()).with_pagesize(pagesize);
                let mut transform = |t: Table| transform_for(catalog, t);
                self.stream_pages(
                    req,
                    &PageCut {
                        project: None,
                        limit: q.limit,
                        unique: None,
                        ramp: true,
                    },
                    cancel,
                    &mut transform,
                    &mut page_filter,
                )
                .await?
            }
            Plan::Spectra => {
                summary.service = "Mast.HscSpectra.Db.All".into();
                let req = InvokeRequest::new("Mast.HscSpectra.Db.All", serde_json::json!({}))
                    .with_pagesize(q.pagesize.max(1));
                let cone = p.position;
                let mut transform = |t: Table| {
                    let t = match cone {
                        Some((c, r)) => within(&t, "RA", "Dec", c, r),
                        None => t,
                    };
                    with_download_columns(t)
                };
                let mut s = self
                    .stream_pages(
                        req,
                        &PageCut {
                            project: None,
                            limit: q.limit,
                            unique: None,
                            ramp: false,
                        },
                        cancel,
                        &mut transform,
                        &mut page_filter,
                    )
                    .await?;
                if cone.is_some() {
                    // MAST counted every spectrum; what matches is what was kept here.
                    s.rows_filtered = s.rows;
                    s.complete = s.complete || q.limit.is_none_or(|l| s.rows < l);
                }
                s
            }
        };
        if let Some(e) = unknown {
            return Err(e);
        }
        summary.rows = streamed.rows;
        summary.rows_filtered = streamed.rows_filtered;
        summary.complete = streamed.complete;
        if let (Plan::Invoke { params, .. }, Some((key, _))) = (&p.plan, catalog.max_records()) {
            let cap = params.get(key).and_then(|v| v.as_u64());
            let asked_less = q.limit.is_some_and(|l| cap == Some(l));
            if !asked_less && cap.is_some_and(|c| streamed.rows_filtered >= c) {
                summary.capped = cap;
            }
        }
        Ok(summary)
    }

    /// How many rows a catalog search finds: MAST's `COUNT_BIG(*)` where its filtered
    /// services take one (TIC, CTL), otherwise the rows counted as they arrive.
    pub async fn catalog_count(
        &self,
        q: &CatalogQuery,
        cancel: &CancellationToken,
    ) -> Result<u64, MastError> {
        let mut q = q.clone();
        q.columns = None;
        q.limit = None;
        let counting = q.catalog.filtered_takes_columns() && !q.terms.is_empty();
        if counting {
            let p = self.prepare(&q, true, cancel).await?;
            if let Plan::Invoke { service, params } = p.plan {
                let req = InvokeRequest::new(service.clone(), params);
                let resp = self.invoke_page(&req, cancel).await?;
                return super::super::search::read_count(&resp.table).ok_or_else(|| {
                    MastError::Protocol {
                        what: format!("{service} count"),
                        message: "the answer holds no count (expected one row with Column1)".into(),
                    }
                });
            }
        }
        let mut n = 0u64;
        self.catalog_search(&q, cancel, &mut |page| {
            n += page.table.rows() as u64;
            ControlFlow::Continue(())
        })
        .await?;
        Ok(n)
    }
}

fn clear_sentinels_all(t: Table) -> Table {
    clear_sentinels(t, |_| true)
}

/// MAST's stand-ins for "no value" cleared where a catalog uses them: -999 in GALEX and in
/// Disk Detective's float columns.
fn transform_for(catalog: Catalog, t: Table) -> Table {
    match catalog {
        Catalog::Galex => clear_sentinels(t, |_| true),
        Catalog::DiskDetective => clear_sentinels(t, |declared| {
            matches!(declared, "float" | "double" | "real" | "decimal")
        }),
        _ => t,
    }
}

/// The rows of `t` whose (`ra_col`, `dec_col`) lies within `r` degrees of `c`.
fn within(t: &Table, ra_col: &str, dec_col: &str, c: SkyCoord, r: f64) -> Table {
    let keep: Vec<usize> = (0..t.rows())
        .filter(
            |&i| match (t.get(i, ra_col).as_f64(), t.get(i, dec_col).as_f64()) {
                (Some(ra), Some(dec)) => c.separation(SkyCoord { ra, dec }) <= r,
                _ => false,
            },
        )
        .collect();
    t.select_rows(&keep)
}
