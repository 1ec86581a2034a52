//! The results pane: the observations a search found, in the shared grid, and the search
//! still delivering pages. What is its own: starting the search, `p`, which hands the
//! chosen observations to the products pane, `C`, the catalog sources in one's
//! footprint, and `X`, a cutout around one.
pub mod news;
mod resume;

use crate::app::cmd::Cmd;
use crate::app::ctx::Ctx;
use crate::app::effect::{CutoutPlace, Effect, ObservationRef, OverlayRequest};
use crate::app::grid::component::{FilterBy, Grid};
use crate::app::grid::paging::Paging;
use crate::app::grid::result_set::ResultSet;
use crate::app::grid::searched::SearchedPane;
use crate::app::grid::table_source::{OBSERVATIONS, TableSource};
use crate::app::keymap::{Action, Context};
use crate::app::req::ReqId;
use crate::app::web_url::link;
use crate::mast::criteria::{Criteria, Target};
use crate::mast::footprint;
use crate::mast::search::DEFAULT_RADIUS_DEG;

/// Rows asked per page: the first page shows quickly, later ones stream in.
pub const PAGE_SIZE: u32 = 5_000;
/// The cone `C` searches around an observation without a footprint (degrees).
const DEFAULT_FOOTPRINT_DEG: f64 = 0.02;

#[derive(Debug, Clone)]
pub struct ResultsPane {
    pub table: TableSource,
    pub grid: Grid,
    /// The search delivering the rows: progress, total, how it ended, its cone.
    pub paging: Paging,
    pub criteria: Option<Criteria>,
    /// A saved search's news, marked as rows land (`mastui --saved NAME`).
    pub news: Option<news::NewsMarks>,
    /// A session's view of these results, applied once the search has ended.
    pub resumed: Option<crate::remember::session::ResultsView>,
}

impl Default for ResultsPane {
    fn default() -> Self {
        ResultsPane {
            table: TableSource::new(OBSERVATIONS),
            grid: Grid::new(FilterBy::Text),
            paging: Paging::default(),
            criteria: None,
            news: None,
            resumed: None,
        }
    }
}

impl ResultsPane {
    /// Starts a search, replacing (and cancelling) the one shown.
    pub fn start(&mut self, criteria: Criteria, cx: &mut Ctx) {
        self.paging.cancel(cx);
        self.grid.cancel_jobs(cx);
        let req = cx.fresh();
        // Coordinates are known at once; a name's position comes with the answer.
        let cone = match &criteria.target {
            Some(Target::Coords(c)) => Some((
                c.ra,
                c.dec,
                criteria.radius_deg.unwrap_or(DEFAULT_RADIUS_DEG),
            )),
            _ => None,
        };
        *self = ResultsPane {
            paging: Paging::begin(req, cone),
            criteria: Some(criteria.clone()),
            ..ResultsPane::default()
        };
        cx.run(Cmd::Search {
            req,
            criteria,
            pagesize: PAGE_SIZE,
        });
    }

    pub fn data(&self) -> &ResultSet {
        &self.table.data
    }

    pub fn search_req(&self) -> Option<ReqId> {
        self.paging.req()
    }

    /// Rows shown.
    pub fn len(&self) -> usize {
        self.grid.len(&self.table)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row id under the cursor.
    pub fn current_row(&self) -> Option<usize> {
        self.grid.current_row(&self.table)
    }

    pub fn filter(&self) -> &str {
        self.grid.filter_text()
    }

    /// How many leading shown columns are key columns.
    pub fn frozen(&self) -> usize {
        self.grid.columns.frozen(&self.table)
    }

    /// The marked observations, or the current one when none is marked.
    pub fn selected_observations(&self) -> Vec<ObservationRef> {
        let rows = self.grid.selected_rows(&self.table);
        let data = self.data();
        // Columns are looked up once: this may run over a million marked rows.
        let Some(col) = data.column_index("obsid") else {
            return Vec::new();
        };
        let obs_id = data.column_index("obs_id");
        let preview = data.column_index("jpegURL");
        let text = |row: usize, c: Option<usize>| {
            c.and_then(|c| data.cell(row, c).as_str().map(|s| s.trim().to_string()))
                .filter(|s| !s.is_empty())
        };
        rows.into_iter()
            .filter_map(|r| {
                Some(ObservationRef {
                    obsid: data.cell(r, col).as_i64()?,
                    obs_id: text(r, obs_id),
                    preview: text(r, preview),
                })
            })
            .collect()
    }

    /// `p`: the products of the marked (or current) observations.
    fn ask_products(&mut self, cx: &mut Ctx) {
        let observations = self.selected_observations();
        if observations.is_empty() {
            cx.error("no obsid in the selected rows: mark observations with Space first");
            return;
        }
        cx.effect(Effect::ListProducts(observations));
    }

    /// `C`: catalog sources within the current observation's footprint (its `s_region`'s
    /// reach from `s_ra`/`s_dec`; a small cone when it has none).
    fn sources_around(&mut self, cx: &mut Ctx) {
        let Some(row) = self.current_row() else {
            cx.error("no observation under the cursor");
            return;
        };
        let num = |name: &str| self.table.data.get(row, name).as_f64();
        let (Some(ra), Some(dec)) = (num("s_ra"), num("s_dec")) else {
            cx.error("this observation has no position (s_ra, s_dec)");
            return;
        };
        let radius = self
            .table
            .text(row, "s_region")
            .and_then(|r| footprint::parse(&r).ok())
            .and_then(|shapes| footprint::reach(&shapes, ra, dec))
            .filter(|r| *r > 0.0)
            .unwrap_or(DEFAULT_FOOTPRINT_DEG);
        cx.effect(Effect::SourcesAround { ra, dec, radius });
    }

    /// `X`: the cutout form around the observation under the cursor.
    fn cutout(&self, cx: &mut Ctx) {
        let Some(row) = self.current_row() else {
            cx.error("no observation under the cursor");
            return;
        };
        let num = |name: &str| self.table.data.get(row, name).as_f64();
        match (num("s_ra"), num("s_dec")) {
            (Some(ra), Some(dec)) if ra.is_finite() && dec.is_finite() => {
                let name = self.table.text(row, "obs_id").unwrap_or_default();
                cx.effect(Effect::Open(OverlayRequest::Cutout(CutoutPlace {
                    ra,
                    dec,
                    name,
                })));
            }
            _ => cx.error("this observation has no position (s_ra, s_dec) to cut around"),
        }
    }

    /// `o`: the observation's preview.
    fn open(&self, cx: &mut Ctx) {
        let url = self
            .current_row()
            .and_then(|r| self.table.text(r, "jpegURL"))
            .and_then(|u| link(cx.server, &u));
        match url {
            Some(url) => cx.run(Cmd::OpenUrl { url }),
            None => cx.error("no preview URL (jpegURL) for this observation"),
        }
    }
}

impl SearchedPane for ResultsPane {
    fn parts(&self) -> (&TableSource, &Grid, &Paging) {
        (&self.table, &self.grid, &self.paging)
    }

    fn parts_mut(&mut self) -> (&mut TableSource, &mut Grid, &mut Paging) {
        (&mut self.table, &mut self.grid, &mut self.paging)
    }

    fn context(&self) -> Context {
        Context::Results
    }

    fn label(&self) -> &str {
        "search"
    }

    fn what(&self) -> String {
        "search".into()
    }

    fn own_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::Products => self.ask_products(cx),
            Action::Open => self.open(cx),
            Action::Sky => cx.effect(Effect::Open(OverlayRequest::Sky)),
            Action::SourcesAround => self.sources_around(cx),
            Action::Cutout => self.cutout(cx),
            _ => return false,
        }
        true
    }

    /// A saved search's news is marked as its rows land; a session's view is put back once
    /// the search has ended.
    fn after_search_msg(&mut self, cx: &mut Ctx) {
        let ended = self.paging.loading.is_none();
        if let Some(n) = &mut self.news {
            n.mark(&self.table.data, &mut self.grid.marks);
            if ended && self.paging.failed.is_none() {
                cx.info(n.summary());
            }
        }
        if ended {
            self.apply_resumed(cx);
        }
    }
}
