//! `v` in the results: where the observations fall on the sky. Each row's position and
//! footprint (`footprints`), the searched cone, the row under the grid's cursor highlighted;
//! arrows pan, `+`/`-` zoom, `n`/`N` step through the rows (moving the grid's cursor), `c`
//! colours by collection or instrument; the catalog pane's sources drawn over them (`s`
//! hides or shows them). It reads and moves the results pane, which the router hands it.
pub mod footprints;
pub mod sources;

use crate::app::ctx::Ctx;
use crate::app::keymap::{Action, Context};
use crate::app::panes::results::ResultsPane;
use crate::sky::{View, separation};

use crate::app::panes::catalog::CatalogPane;

use footprints::{Footprints, build};
use sources::Sources;

/// What the colours (or, without colour, the markers) tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorBy {
    Collection,
    Instrument,
}

impl ColorBy {
    pub fn column(self) -> &'static str {
        match self {
            ColorBy::Collection => "obs_collection",
            ColorBy::Instrument => "instrument_name",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SkyView {
    pub view: View,
    pub footprints: Footprints,
    pub color_by: ColorBy,
    /// The searched cone (centre and radius, degrees), when the search had one.
    pub cone: Option<(f64, f64, f64)>,
    /// The catalog pane's sources, as the view opened.
    pub sources: Option<Sources>,
    pub show_sources: bool,
}

/// Views are never narrower than this when fitted to the rows (an arcminute or so).
const MIN_FIT: f64 = 0.02;

impl SkyView {
    pub fn open(results: &ResultsPane, catalog: &CatalogPane) -> SkyView {
        let footprints = build(results.data(), ColorBy::Collection.column());
        let mut sky = SkyView {
            view: View {
                ra: 0.0,
                dec: 0.0,
                width: 1.0,
            },
            footprints,
            color_by: ColorBy::Collection,
            cone: results.paging.cone,
            sources: Sources::of(catalog),
            show_sources: true,
        };
        sky.fit(results);
        sky
    }

    /// Centres on the searched cone (else the cursor's row, else the first row) and takes
    /// in what is around it.
    fn fit(&mut self, results: &ResultsPane) {
        let current = results.current_row();
        let centre = self
            .cone
            .map(|(ra, dec, _)| (ra, dec))
            .or_else(|| self.position_of(current?))
            .or_else(|| self.footprints.items.first().map(|f| (f.ra, f.dec)));
        let Some((ra, dec)) = centre else {
            return;
        };
        // Wide enough for nine rows in ten (a few far-flung ones do not shrink the rest).
        let mut reach: Vec<f64> = self
            .footprints
            .items
            .iter()
            .map(|f| separation(ra, dec, f.ra, f.dec) + f.extent)
            .collect();
        reach.sort_by(f64::total_cmp);
        let far = reach
            .get((reach.len() * 9 / 10).min(reach.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0);
        let cone = self.cone.map_or(0.0, |(_, _, r)| r);
        // A terminal's plot is about half as high as it is wide: the width takes in twice
        // the reach both ways, with a margin.
        self.view = View {
            ra,
            dec,
            width: (4.5 * far.max(cone)).clamp(MIN_FIT, 120.0),
        };
    }

    fn position_of(&self, row: usize) -> Option<(f64, f64)> {
        self.footprints
            .items
            .iter()
            .find(|f| f.row == row)
            .map(|f| (f.ra, f.dec))
    }

    pub fn contexts(&self) -> Vec<Context> {
        vec![Context::Sky]
    }

    pub fn on_action(&mut self, action: Action, results: &mut ResultsPane, cx: &mut Ctx) -> bool {
        // Rows that landed since the view opened join it.
        if results.data().rows() != self.footprints.rows {
            self.footprints = build(results.data(), self.color_by.column());
        }
        const STEP: f64 = 0.2;
        match action {
            Action::Left => self.view.pan(-STEP, 0.0),
            Action::Right => self.view.pan(STEP, 0.0),
            Action::Up => self.view.pan(0.0, STEP),
            Action::Down => self.view.pan(0.0, -STEP),
            Action::ZoomIn => self.view.zoom(0.5),
            Action::ZoomOut => self.view.zoom(2.0),
            Action::NextRow | Action::PrevRow => {
                let delta = if action == Action::NextRow { 1 } else { -1 };
                let len = results.len();
                results.grid.cursor.move_by(delta, len, cx.grid_rows());
                self.follow(results);
            }
            Action::Center => {
                if let Some((ra, dec)) = results.current_row().and_then(|r| self.position_of(r)) {
                    self.view.ra = ra;
                    self.view.dec = dec;
                }
            }
            Action::ColorBy => {
                self.color_by = match self.color_by {
                    ColorBy::Collection => ColorBy::Instrument,
                    ColorBy::Instrument => ColorBy::Collection,
                };
                self.footprints = build(results.data(), self.color_by.column());
            }
            Action::ToggleSources => match &self.sources {
                Some(s) => {
                    self.show_sources = !self.show_sources;
                    let state = if self.show_sources { "shown" } else { "hidden" };
                    cx.info(format!("{} sources {state}", s.label));
                }
                None => cx.info("no catalog sources to show: search a catalog (pane 5) first"),
            },
            Action::Back => cx.close(),
            _ => return false,
        }
        true
    }

    /// Brings the cursor's row into the view when it has left it.
    fn follow(&mut self, results: &ResultsPane) {
        let Some((ra, dec)) = results.current_row().and_then(|r| self.position_of(r)) else {
            return;
        };
        let inside = self.view.project(ra, dec).is_some_and(|(x, y)| {
            x.abs() < self.view.width * 0.45 && y.abs() < self.view.width * 0.45
        });
        if !inside {
            self.view.ra = ra;
            self.view.dec = dec;
        }
    }
}
