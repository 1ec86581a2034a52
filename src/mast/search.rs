//! The observation search: criteria -> the right CAOM service -> pages streamed to the caller.
//!
//! Order matters: the columns config is fetched and every criterion validated before any
//! invoke request (a typo costs no query), then a name target is resolved, then the search.
use std::collections::HashSet;
use std::ops::ControlFlow;

use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;

use super::client::{Ahead, MastClient};
use super::columns_config::ColumnsConfig;
use super::coords::SkyCoord;
use super::criteria::{Criteria, Filter, Target, build_filters, unknown_column};
use super::error::{InputError, MastError};
use super::name_lookup::ResolvedName;
use super::request::{DEFAULT_PAGESIZE, InvokeRequest};
use super::response::{InvokeResponse, PagingBound};
use super::table::Table;

/// Cone radius when a target comes without one (astroquery's default too).
pub const DEFAULT_RADIUS_DEG: f64 = 0.2;

/// How to fetch the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Rows per page asked of MAST.
    pub pagesize: u64,
    /// Stop after this many rows (the last page is cut).
    pub limit: Option<u64>,
    /// Only these columns (MAST's names); all when `None`.
    pub columns: Option<Vec<String>>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            pagesize: DEFAULT_PAGESIZE,
            limit: None,
            columns: None,
        }
    }
}

/// One page of results as it lands.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub page: u64,
    pub pages: u64,
    pub rows_filtered: u64,
    pub table: Table,
}

/// How a search went.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchSummary {
    /// The CAOM service used.
    pub service: String,
    /// Rows handed to the caller.
    pub rows: u64,
    /// Rows MAST says match.
    pub rows_filtered: u64,
    pub pages_fetched: u64,
    /// True when every matching row was delivered (no limit hit, no early stop, no page
    /// missing from what MAST announced).
    pub complete: bool,
    /// The cone centre, when the search was positional.
    pub position: Option<SkyCoord>,
    pub radius_deg: Option<f64>,
    /// The resolver's answer, when the target was a name.
    pub resolved: Option<ResolvedName>,
    /// Rows dropped because an earlier page had already sent the same `obsid` (a server
    /// whose paging slipped).
    pub repeated: u64,
    /// Queries the search was split into because it matched more rows than the server
    /// answers in one (1: not split).
    pub parts: u64,
    /// Rows a split could not reach (no `t_min` to range over): counted, not fetched.
    pub left_out: u64,
}

/// How a search that may be over the cap starts.
pub(crate) enum Opening {
    /// Within the cap: its first page, landed or on its way.
    First(Ahead<InvokeResponse>),
    /// Over the cap: this many rows, to be fetched in parts.
    Over(u64),
}

/// A search turned into one service call.
pub(crate) struct Plan {
    pub(crate) service: &'static str,
    pub(crate) position: Option<(SkyCoord, f64)>,
    pub(crate) filters: Vec<Filter>,
    pub(crate) resolved: Option<ResolvedName>,
}

impl Plan {
    /// Invoke params asking for `columns` (`*`, a list, or `COUNT_BIG(*)`).
    pub(crate) fn params(&self, columns: &str) -> Value {
        match (self.service, self.position) {
            ("Mast.Caom.Cone", Some((c, r))) => json!({"ra": c.ra, "dec": c.dec, "radius": r}),
            (_, position) => {
                let mut p = json!({
                    "columns": columns,
                    "filters": self.filters.iter().map(Filter::to_json).collect::<Vec<_>>(),
                });
                if let (Some((c, r)), Some(obj)) = (position, p.as_object_mut()) {
                    obj.insert("position".into(), Value::String(position_text(c, r)));
                }
                p
            }
        }
    }

    /// The count request. The cone service takes no `columns`, so a position-only count
    /// asks `Mast.Caom.Filtered.Position` with no filters instead (assumption: real MAST
    /// accepts an empty filter list there; astroquery always sends at least one).
    pub(crate) fn count_request(&self) -> InvokeRequest {
        let service = match self.service {
            "Mast.Caom.Cone" => "Mast.Caom.Filtered.Position",
            s => s,
        };
        let plan = Plan {
            service,
            position: self.position,
            filters: self.filters.clone(),
            resolved: None,
        };
        InvokeRequest::new(service, plan.params("COUNT_BIG(*)"))
    }
}

/// `"210.802429, 54.34875, 0.2"`: ra, dec, radius in degrees, joined by ", ".
fn position_text(c: SkyCoord, radius: f64) -> String {
    format!("{}, {}, {}", c.ra, c.dec, radius)
}

impl MastClient {
    /// Validates and resolves `criteria` into one service call.
    async fn plan(
        &self,
        criteria: &Criteria,
        cancel: &CancellationToken,
    ) -> Result<Plan, MastError> {
        if criteria.target.is_none() && criteria.terms.is_empty() {
            return Err(InputError::new(
                "criteria",
                "give at least one criterion: a target (name or coordinates) or a column value \
                 such as obs_collection=JWST",
            )
            .into());
        }
        let filters = if criteria.terms.is_empty() {
            Vec::new()
        } else {
            let config = self.columns_config(cancel).await?;
            build_filters(&criteria.terms, &config)?
        };
        let radius = criteria.radius_deg.unwrap_or(DEFAULT_RADIUS_DEG);
        if criteria.target.is_some() && !(radius.is_finite() && radius > 0.0 && radius <= 180.0) {
            return Err(InputError::new(
                "radius",
                format!("{radius} is not a radius in degrees (0 < r <= 180)"),
            )
            .into());
        }
        let (position, resolved) = match &criteria.target {
            None => (None, None),
            Some(Target::Coords(c)) => {
                if !(c.ra.is_finite() && c.dec.is_finite()) {
                    return Err(InputError::new("coordinates", "RA and Dec must be numbers").into());
                }
                (Some((*c, radius)), None)
            }
            Some(Target::Name(name)) => {
                let r = self.resolve_name(name, cancel).await?;
                (
                    Some((
                        SkyCoord {
                            ra: r.ra,
                            dec: r.dec,
                        },
                        radius,
                    )),
                    Some(r),
                )
            }
        };
        let service = match (position.is_some(), filters.is_empty()) {
            (true, false) => "Mast.Caom.Filtered.Position",
            (false, _) => "Mast.Caom.Filtered",
            (true, true) => "Mast.Caom.Cone",
        };
        Ok(Plan {
            service,
            position,
            filters,
            resolved,
        })
    }

    /// How many observations match, without fetching them (`COUNT_BIG(*)`).
    pub async fn count(
        &self,
        criteria: &Criteria,
        cancel: &CancellationToken,
    ) -> Result<u64, MastError> {
        let plan = self.plan(criteria, cancel).await?;
        let req = plan.count_request();
        let resp = self.invoke_page(&req, cancel).await?;
        read_count(&resp.table).ok_or_else(|| MastError::Protocol {
            what: format!("{} count", req.service),
            message: "the answer holds no count (expected one row with Column1)".into(),
        })
    }

    /// Runs the search, handing each page to `on_page` as it lands (break to stop early).
    pub async fn search(
        &self,
        criteria: &Criteria,
        opts: &SearchOptions,
        cancel: &CancellationToken,
        on_page: &mut (dyn FnMut(SearchPage) -> ControlFlow<()> + Send),
    ) -> Result<SearchSummary, MastError> {
        let plan = self.plan(criteria, cancel).await?;
        let mut summary = SearchSummary {
            service: plan.service.to_string(),
            rows: 0,
            rows_filtered: 0,
            pages_fetched: 0,
            complete: false,
            position: plan.position.map(|p| p.0),
            radius_deg: plan.position.map(|p| p.1),
            resolved: plan.resolved.clone(),
            repeated: 0,
            parts: 1,
            left_out: 0,
        };
        if opts.limit == Some(0) {
            return Ok(summary);
        }
        let wanted = match &opts.columns {
            Some(cols) if !cols.is_empty() => {
                let config = self.columns_config(cancel).await?;
                Some(check_columns(cols, &config, plan.position.is_some())?)
            }
            _ => None,
        };
        let columns = wanted.as_ref().map_or("*".to_string(), |c| c.join(","));
        // Never ask for more rows a page than the limit wants.
        let pagesize = opts
            .limit
            .map_or(opts.pagesize, |l| l.min(opts.pagesize))
            .max(1);
        let req = InvokeRequest::new(plan.service, plan.params(&columns)).with_pagesize(pagesize);
        // The cone service ignores `columns`: project on our side instead.
        let project: Option<Vec<&str>> = match (&wanted, plan.service) {
            (Some(cols), "Mast.Caom.Cone") => Some(cols.iter().map(String::as_str).collect()),
            _ => None,
        };
        let cut = PageCut {
            project: project.as_deref(),
            limit: opts.limit,
            unique: Some("obsid"),
            ramp: true,
        };
        let cap = self.policy().row_cap;
        let mut first = None;
        if cap > 0 && opts.limit.is_none_or(|l| l > cap) {
            let first_req = cut.plan().steps(req.pagesize).request(&req, 1);
            match self.open_capped(&plan, &first_req, cap, cancel).await? {
                Opening::First(page) => first = Some(page),
                Opening::Over(total) => {
                    let split = self
                        .search_in_parts(
                            &plan, &columns, total, pagesize, opts.limit, cancel, on_page,
                        )
                        .await?;
                    summary.parts = split.parts;
                    summary.left_out = split.left_out;
                    summary.repeated = split.streamed.repeated;
                    summary.rows = split.streamed.rows;
                    summary.rows_filtered = split.streamed.rows_filtered;
                    summary.pages_fetched = split.streamed.pages_fetched;
                    summary.complete = split.streamed.complete;
                    return Ok(summary);
                }
            }
        }
        let streamed = self
            .stream_pages_from(
                req,
                &cut,
                first,
                &mut HashSet::new(),
                cancel,
                &mut |t| t,
                on_page,
            )
            .await?;
        summary.repeated = streamed.repeated;
        summary.rows = streamed.rows;
        summary.rows_filtered = streamed.rows_filtered;
        summary.pages_fetched = streamed.pages_fetched;
        summary.complete = streamed.complete;
        Ok(summary)
    }
}

/// What happens to each page before the caller sees it.
pub(crate) struct PageCut<'a> {
    /// Keep only these columns (services that ignore `columns`).
    pub project: Option<&'a [&'a str]>,
    /// Stop after this many rows (the last page is cut).
    pub limit: Option<u64>,
    /// A column naming each row once (observations' `obsid`): a row already delivered is
    /// not delivered twice (a page that repeats the previous one).
    pub unique: Option<&'a str>,
    /// Ask a quarter page first and double (`PagePlan::ramp`).
    pub ramp: bool,
}

impl PageCut<'_> {
    /// How the pages are walked.
    pub(crate) fn plan(&self) -> super::client::PagePlan {
        super::client::PagePlan {
            prefetch: true,
            max_rows: self.limit,
            ramp: self.ramp,
        }
    }
}

/// How a stream of pages ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Streamed {
    /// Rows handed to the caller.
    pub rows: u64,
    /// Rows MAST says match.
    pub rows_filtered: u64,
    pub pages_fetched: u64,
    /// Every matching row was delivered (no limit hit, no early stop, none missing).
    pub complete: bool,
    /// Rows left out because an earlier page had delivered them already.
    pub repeated: u64,
}

impl MastClient {
    /// Every page of `req`, each rewritten by `transform`, projected and cut at the limit,
    /// handed to `on_page` as it lands (break to stop). Paging is held to the count the
    /// first page announced; the next page is asked for while this one is handled; EXECUTING
    /// polls, retries and deadlines are `invoke_pages`'s.
    pub(crate) async fn stream_pages(
        &self,
        req: InvokeRequest,
        cut: &PageCut<'_>,
        cancel: &CancellationToken,
        transform: &mut (dyn FnMut(Table) -> Table + Send),
        on_page: &mut (dyn FnMut(SearchPage) -> ControlFlow<()> + Send),
    ) -> Result<Streamed, MastError> {
        let mut seen = HashSet::new();
        self.stream_pages_from(req, cut, None, &mut seen, cancel, transform, on_page)
            .await
    }

    /// [`stream_pages`](Self::stream_pages) whose first page may already be on its way,
    /// with the `unique` values delivered so far shared across calls (the parts of a split
    /// search).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn stream_pages_from(
        &self,
        req: InvokeRequest,
        cut: &PageCut<'_>,
        first: Option<Ahead<InvokeResponse>>,
        seen: &mut HashSet<i64>,
        cancel: &CancellationToken,
        transform: &mut (dyn FnMut(Table) -> Table + Send),
        on_page: &mut (dyn FnMut(SearchPage) -> ControlFlow<()> + Send),
    ) -> Result<Streamed, MastError> {
        let limit = cut.limit;
        let mut delivered: u64 = 0;
        let mut stopped = false;
        let mut bound = PagingBound::default();
        let mut repeated: u64 = 0;
        // What MAST announced on the first page: rows it repeats later must not inflate it.
        let mut announced: Option<u64> = None;
        let mut handle = |info: super::client::PageInfo, resp: super::response::InvokeResponse| {
            let more = bound.more(info.page, info.pages, resp.table.rows());
            if announced.is_none() {
                announced = resp.paging.map(|p| p.rows_filtered).filter(|n| *n > 0);
            }
            let mut table = transform(resp.table);
            // A row already delivered is not delivered twice (a page that repeats the
            // previous one); the count of them goes to the summary.
            if let Some(col) = cut.unique.and_then(|u| table.column(u)) {
                let keep: Vec<usize> = (0..table.rows())
                    .filter(|&r| col.get(r).as_i64().is_none_or(|id| seen.insert(id)))
                    .collect();
                if keep.len() < table.rows() {
                    repeated += (table.rows() - keep.len()) as u64;
                    table = table.select_rows(&keep);
                }
            }
            if let Some(names) = cut.project {
                table = table.project(names);
            }
            if let Some(l) = limit {
                let left = l.saturating_sub(delivered);
                if (table.rows() as u64) > left {
                    let keep: Vec<usize> = (0..left as usize).collect();
                    table = table.select_rows(&keep);
                }
            }
            delivered += table.rows() as u64;
            let page = SearchPage {
                page: info.page,
                pages: info.pages,
                rows_filtered: info.rows_filtered,
                table,
            };
            if on_page(page).is_break() {
                stopped = true;
                return ControlFlow::Break(());
            }
            if !more || limit.is_some_and(|l| delivered >= l) {
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        };
        let plan = cut.plan();
        let paged = self
            .invoke_pages_from(req, plan, first, cancel, &mut handle)
            .await?;
        Ok(Streamed {
            rows: delivered,
            // What MAST announced on the first page: rows it repeats later must not inflate it.
            rows_filtered: announced.unwrap_or(paged.rows_filtered),
            pages_fetched: paged.pages_fetched,
            complete: !stopped && delivered >= paged.rows_filtered,
            repeated,
        })
    }
}

/// The columns asked for, in MAST's spelling, refused before any search request when one is
/// unknown (MAST would answer "Invalid column name" only after the query ran). `distance`
/// exists only in positional answers.
fn check_columns(
    columns: &[String],
    config: &ColumnsConfig,
    positional: bool,
) -> Result<Vec<String>, InputError> {
    columns
        .iter()
        .map(|typed| {
            let typed = typed.trim();
            if positional && typed.eq_ignore_ascii_case("distance") {
                return Ok("distance".to_string());
            }
            if let Some(name) = config.canonical_name(typed) {
                return Ok(name.to_string());
            }
            Err(InputError::new(
                "columns",
                unknown_column(typed, config).message,
            ))
        })
        .collect()
}

/// The count of an answer that is certainly a count (one row holding `Column1`): a server
/// that answers something else must not make a search look bigger than it is.
pub(crate) fn strict_count(table: &Table) -> Option<u64> {
    (table.rows() == 1 && table.column("Column1").is_some())
        .then(|| read_count(table))
        .flatten()
}

/// The count of a `COUNT_BIG(*)` answer: `Column1` (declared string, holding an integer,
/// sometimes a numeric string), else the first cell of the first row.
pub(crate) fn read_count(table: &Table) -> Option<u64> {
    if table.is_empty() {
        return None;
    }
    let cell = match table.column("Column1") {
        Some(c) => c.get(0),
        None => table.cell(0, 0),
    };
    cell.as_i64()
        .and_then(|n| u64::try_from(n).ok())
        .or_else(|| {
            cell.as_f64()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .map(|x| x as u64)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mast::table::Cell;

    fn plan(service: &'static str, position: Option<(SkyCoord, f64)>) -> Plan {
        Plan {
            service,
            position,
            filters: Vec::new(),
            resolved: None,
        }
    }

    #[test]
    fn params_per_service() {
        let c = SkyCoord {
            ra: 210.802429,
            dec: 54.34875,
        };
        let p = plan("Mast.Caom.Filtered.Position", Some((c, 0.2))).params("*");
        assert_eq!(
            p,
            json!({"columns": "*", "filters": [], "position": "210.802429, 54.34875, 0.2"})
        );
        let p = plan("Mast.Caom.Cone", Some((c, 0.2))).params("*");
        assert_eq!(p, json!({"ra": 210.802429, "dec": 54.34875, "radius": 0.2}));
        let p = plan("Mast.Caom.Filtered", None).params("obsid,obs_id");
        assert_eq!(p, json!({"columns": "obsid,obs_id", "filters": []}));
    }

    #[test]
    fn cone_counts_through_filtered_position() {
        let c = SkyCoord { ra: 1.5, dec: -2.0 };
        let req = plan("Mast.Caom.Cone", Some((c, 0.1))).count_request();
        assert_eq!(req.service, "Mast.Caom.Filtered.Position");
        assert_eq!(
            req.params,
            json!({"columns": "COUNT_BIG(*)", "filters": [], "position": "1.5, -2, 0.1"})
        );
    }

    #[test]
    fn columns_are_checked_and_spelled_as_mast_does() {
        let config = ColumnsConfig::from_json(
            br#"{"obsid": {"vot.datatype": "long"}, "obs_id": {"vot.datatype": "char"},
                "s_fov": {"vot.datatype": "double", "remove": true}}"#,
        )
        .unwrap();
        let cols = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            check_columns(&cols(&["OBSID", " obs_id "]), &config, false).unwrap(),
            ["obsid", "obs_id"]
        );
        assert_eq!(
            check_columns(&cols(&["distance"]), &config, true).unwrap(),
            ["distance"]
        );
        let e = check_columns(&cols(&["distance"]), &config, false).unwrap_err();
        assert_eq!(e.field, "columns");
        let e = check_columns(&cols(&["obsdi"]), &config, false).unwrap_err();
        assert!(e.message.contains("did you mean 'obsid'"), "{e}");
        let e = check_columns(&cols(&["zzzzzzzz"]), &config, false).unwrap_err();
        assert!(e.message.contains("valid columns: obsid, obs_id"), "{e}");
    }

    #[test]
    fn counts_are_read_leniently() {
        let mut t = Table::default();
        assert_eq!(read_count(&t), None);
        t.push_row([("Column1", Cell::Int(599))]);
        assert_eq!(read_count(&t), Some(599));
        let mut t = Table::default();
        t.push_row([("column1", Cell::Text(" 42 "))]);
        assert_eq!(read_count(&t), Some(42));
        let mut t = Table::default();
        t.push_row([("n", Cell::Float(7.0))]);
        assert_eq!(read_count(&t), Some(7));
        let mut t = Table::default();
        t.push_row([("Column1", Cell::Int(-1))]);
        assert_eq!(read_count(&t), None);
    }
}
