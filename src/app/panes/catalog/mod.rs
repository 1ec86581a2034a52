//! The catalog pane: the sources a catalog search found, in the shared grid, with the
//! search still delivering pages. What is its own: the query, the catalog's columns
//! (`policy`), `O`, which searches observations around the source under the cursor, and
//! `X`, a cutout around it.
pub mod policy;

use crate::app::cmd::Cmd;
use crate::app::ctx::Ctx;
use crate::app::effect::{CutoutPlace, Effect, OverlayRequest};
use crate::app::grid::component::{FilterBy, Grid};
use crate::app::grid::paging::Paging;
use crate::app::grid::searched::SearchedPane;
use crate::app::grid::table_source::TableSource;
use crate::app::keymap::{Action, Context};
use crate::mast::catalogs::{Catalog, CatalogQuery};
use crate::mast::criteria::Target;

/// `C` looks at most this far (degrees) around an observation: a TESS sector's footprint
/// reaches 17 degrees, which no catalog should be asked for in one cone.
pub const MAX_AROUND_DEG: f64 = 0.5;
/// ... and at least MAST's own catalog cone, for footprints of an aperture's size.
pub const MIN_AROUND_DEG: f64 = crate::mast::catalogs::catalog::DEFAULT_RADIUS_DEG;

#[derive(Debug, Clone)]
pub struct CatalogPane {
    pub table: TableSource,
    pub grid: Grid,
    pub paging: Paging,
    /// The search shown (None before the first).
    pub query: Option<CatalogQuery>,
}

impl Default for CatalogPane {
    fn default() -> Self {
        CatalogPane::new(Catalog::Tic)
    }
}

impl CatalogPane {
    fn new(catalog: Catalog) -> CatalogPane {
        CatalogPane {
            table: TableSource::new(policy::policy(catalog)),
            grid: Grid::new(FilterBy::Text),
            paging: Paging::default(),
            query: None,
        }
    }

    /// Starts a search, replacing (and cancelling) the one shown.
    pub fn start(&mut self, query: CatalogQuery, cx: &mut Ctx) {
        self.paging.cancel(cx);
        self.grid.cancel_jobs(cx);
        let req = cx.fresh();
        let cone = match &query.target {
            Some(Target::Coords(c)) => Some((c.ra, c.dec, query.radius())),
            _ => None,
        };
        *self = CatalogPane {
            paging: Paging::begin(req, cone),
            query: Some(query.clone()),
            ..CatalogPane::new(query.catalog)
        };
        cx.run(Cmd::CatalogSearch { req, query });
    }

    /// The catalog shown, if a search ran.
    pub fn catalog(&self) -> Option<Catalog> {
        self.query.as_ref().map(|q| q.catalog)
    }

    /// The tab's name: the catalog's, once one was searched.
    pub fn name(&self) -> &'static str {
        self.catalog().map_or("Catalog", Catalog::label)
    }

    pub fn len(&self) -> usize {
        self.grid.len(&self.table)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The position of the source under the cursor, and its id; or why there is none.
    fn current_position(&self) -> Result<(f64, f64, String), String> {
        let (Some(catalog), Some(row)) = (self.catalog(), self.grid.current_row(&self.table))
        else {
            return Err("no source under the cursor".into());
        };
        let (ra_col, dec_col) = catalog.position_columns();
        let num = |name: &str| self.table.data.get(row, name).as_f64();
        match (num(ra_col), num(dec_col)) {
            (Some(ra), Some(dec)) if ra.is_finite() && dec.is_finite() => {
                let id = self
                    .table
                    .text(row, catalog.id_column())
                    .unwrap_or_default();
                Ok((ra, dec, format!("{} {id}", catalog.label())))
            }
            _ => Err(format!("this source has no position ({ra_col}, {dec_col})")),
        }
    }

    /// `X`: the cutout form around the source under the cursor.
    fn cutout(&self, cx: &mut Ctx) {
        match self.current_position() {
            Ok((ra, dec, name)) => cx.effect(Effect::Open(OverlayRequest::Cutout(CutoutPlace {
                ra,
                dec,
                name,
            }))),
            Err(e) => cx.error(format!("{e} to cut around")),
        }
    }

    /// `O`: observations in a cone around the source under the cursor.
    fn observations_around(&self, cx: &mut Ctx) {
        let (Some(catalog), Some(row)) = (self.catalog(), self.grid.current_row(&self.table))
        else {
            cx.error("no source under the cursor");
            return;
        };
        let (ra_col, dec_col) = catalog.position_columns();
        let num = |name: &str| self.table.data.get(row, name).as_f64();
        match (num(ra_col), num(dec_col)) {
            (Some(ra), Some(dec)) if ra.is_finite() && dec.is_finite() => {
                cx.effect(Effect::ObservationsAround { ra, dec })
            }
            _ => cx.error(format!(
                "this source has no position ({ra_col}, {dec_col}) to search around"
            )),
        }
    }
}

impl SearchedPane for CatalogPane {
    fn parts(&self) -> (&TableSource, &Grid, &Paging) {
        (&self.table, &self.grid, &self.paging)
    }

    fn parts_mut(&mut self) -> (&mut TableSource, &mut Grid, &mut Paging) {
        (&mut self.table, &mut self.grid, &mut self.paging)
    }

    fn context(&self) -> Context {
        Context::Catalog
    }

    fn label(&self) -> &str {
        self.name()
    }

    fn own_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::ObservationsAround => self.observations_around(cx),
            Action::Cutout => self.cutout(cx),
            _ => return false,
        }
        true
    }
}
