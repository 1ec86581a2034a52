//! The mission pane: the datasets a missions search found (a mission's own archive, searched
//! by its keywords), in the shared grid, with the search still delivering pages. What is its
//! own: the query, the mission's columns (`policy`), `p`, which lists the marked datasets'
//! files in the products pane, and `X`, a cutout around the dataset under the cursor.
pub mod policy;

use crate::app::cmd::Cmd;
use crate::app::ctx::Ctx;
use crate::app::effect::{CutoutPlace, Effect, OverlayRequest};
use crate::app::grid::component::{FilterBy, Grid};
use crate::app::grid::paging::Paging;
use crate::app::grid::searched::SearchedPane;
use crate::app::grid::table_source::TableSource;
use crate::app::keymap::{Action, Context};
use crate::mast::criteria::Target;
use crate::mast::missions_search::DEFAULT_RADIUS_ARCMIN;
use crate::mast::missions_search::catalog::{MISSIONS, MissionApi, mission};
use crate::mast::missions_search::query::MissionQuery;

#[derive(Debug, Clone)]
pub struct MissionPane {
    pub table: TableSource,
    pub grid: Grid,
    pub paging: Paging,
    /// The mission whose datasets these are.
    pub mission: &'static MissionApi,
    /// The search shown (None before the first).
    pub query: Option<MissionQuery>,
}

impl Default for MissionPane {
    fn default() -> Self {
        MissionPane::new(&MISSIONS[0])
    }
}

impl MissionPane {
    fn new(m: &'static MissionApi) -> MissionPane {
        MissionPane {
            table: TableSource::new(policy::policy(m)),
            grid: Grid::new(FilterBy::Text),
            paging: Paging::default(),
            mission: m,
            query: None,
        }
    }

    /// Starts a search, replacing (and cancelling) the one shown.
    pub fn start(&mut self, query: MissionQuery, cx: &mut Ctx) {
        let Ok(m) = mission(&query.mission) else {
            cx.error(format!(
                "'{}' is not a mission of the search API",
                query.mission
            ));
            return;
        };
        self.paging.cancel(cx);
        self.grid.cancel_jobs(cx);
        let req = cx.fresh();
        let radius_deg = query.radius_arcmin.unwrap_or(DEFAULT_RADIUS_ARCMIN) / 60.0;
        let cone = match query.targets.first() {
            Some(Target::Coords(c)) => Some((c.ra, c.dec, radius_deg)),
            _ => None,
        };
        *self = MissionPane {
            paging: Paging::begin(req, cone),
            query: Some(query.clone()),
            ..MissionPane::new(m)
        };
        cx.run(Cmd::MissionSearch { req, query });
    }

    /// The tab's name: the mission's, once one was searched.
    pub fn name(&self) -> &'static str {
        if self.query.is_some() {
            self.mission.label
        } else {
            "Mission"
        }
    }

    pub fn len(&self) -> usize {
        self.grid.len(&self.table)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The columns holding a dataset's position: the mission's own, else a column called
    /// `ra`/`dec` (a mission the client knows less of).
    fn position_columns(&self) -> Option<(usize, usize)> {
        let data = &self.table.data;
        if let Some((ra, dec)) = self.mission.position {
            return Some((data.column_index(ra)?, data.column_index(dec)?));
        }
        let find = |want: &str| {
            data.names()
                .iter()
                .position(|n| n.eq_ignore_ascii_case(want))
        };
        Some((find("ra")?, find("dec")?))
    }

    /// `p`: the files of the marked (or current) datasets.
    fn ask_products(&self, cx: &mut Ctx) {
        let Some(col) = self.table.data.column_index(self.mission.dataset_column) else {
            cx.error(format!(
                "the rows have no {} column naming their datasets",
                self.mission.dataset_column
            ));
            return;
        };
        let datasets: Vec<String> = self
            .grid
            .selected_rows(&self.table)
            .into_iter()
            .filter_map(|r| {
                let name = self.table.data.cell(r, col).to_string();
                let name = name.trim();
                (!name.is_empty()).then(|| name.to_string())
            })
            .collect();
        if datasets.is_empty() {
            cx.error("no dataset under the cursor: mark datasets with Space first");
            return;
        }
        cx.effect(Effect::ListDatasetProducts {
            mission: self.mission.name.to_string(),
            datasets,
        });
    }

    /// `X`: the cutout form around the dataset under the cursor.
    fn cutout(&self, cx: &mut Ctx) {
        let Some(row) = self.grid.current_row(&self.table) else {
            cx.error("no dataset under the cursor");
            return;
        };
        let at = self.position_columns().and_then(|(ra, dec)| {
            let num = |c| self.table.data.cell(row, c).as_f64();
            Some((num(ra)?, num(dec)?))
        });
        match at {
            Some((ra, dec)) if ra.is_finite() && dec.is_finite() => {
                let name = self
                    .table
                    .text(row, self.mission.dataset_column)
                    .unwrap_or_default();
                cx.effect(Effect::Open(OverlayRequest::Cutout(CutoutPlace {
                    ra,
                    dec,
                    name,
                })));
            }
            _ => cx.error("this dataset has no position to cut around"),
        }
    }
}

impl SearchedPane for MissionPane {
    fn parts(&self) -> (&TableSource, &Grid, &Paging) {
        (&self.table, &self.grid, &self.paging)
    }

    fn parts_mut(&mut self) -> (&mut TableSource, &mut Grid, &mut Paging) {
        (&mut self.table, &mut self.grid, &mut self.paging)
    }

    fn context(&self) -> Context {
        Context::Mission
    }

    fn label(&self) -> &str {
        self.mission.label
    }

    fn own_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::Products => self.ask_products(cx),
            Action::Cutout => self.cutout(cx),
            _ => return false,
        }
        true
    }
}
