//! A new kind of result plugs into the shared grid without a change to the grid: a pane
//! built here over a catalog-like table (ID, ra, dec, Tmag) is driven through the same
//! keymap as the results and products panes: sort (inline and on the worker), filter as you
//! type, marks that survive both, details, and the same widget draws it.
use std::sync::Arc;

use mastui::app::access::Access;
use mastui::app::cmd::Cmd;
use mastui::app::component::Component;
use mastui::app::ctx::Ctx;
use mastui::app::effect::{Detail, Effect, OverlayRequest};
use mastui::app::grid::component::{FilterBy, Grid, INLINE_ROWS, Outcome};
use mastui::app::grid::source::GridSource;
use mastui::app::grid::view::CellSource;
use mastui::app::key::{Key, KeyCode};
use mastui::app::keymap::{Action, Context};
use mastui::app::message::Message;
use mastui::app::msg::Msg;
use mastui::app::remap::Keymap;
use mastui::app::req::ReqIds;
use mastui::mast::table::Cell;
use mastui::ui::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Catalog sources: an id, a position, a magnitude (missing for some).
#[derive(Debug, Clone)]
struct Stars {
    rows: Vec<(String, f64, f64, Option<f64>)>,
}

const NAMES: [&str; 4] = ["ID", "ra", "dec", "Tmag"];

impl Stars {
    fn new(n: usize) -> Stars {
        Stars {
            rows: (0..n)
                .map(|i| {
                    let mag = (i % 7 != 3).then(|| ((i * 37) % 100) as f64 / 10.0);
                    (
                        format!("TIC {}", 1000 + i),
                        (i as f64 * 0.7) % 360.0,
                        -70.0 + i as f64 * 0.01,
                        mag,
                    )
                })
                .collect(),
        }
    }
}

impl CellSource for Stars {
    fn rows(&self) -> usize {
        self.rows.len()
    }

    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        let Some((id, ra, dec, mag)) = self.rows.get(row) else {
            return Cell::Null;
        };
        match col {
            0 => Cell::Text(id),
            1 => Cell::Float(*ra),
            2 => Cell::Float(*dec),
            3 => mag.map_or(Cell::Null, Cell::Float),
            _ => Cell::Null,
        }
    }

    fn is_numeric(&self, col: usize) -> bool {
        col > 0
    }
}

impl GridSource for Stars {
    fn rows(&self) -> usize {
        self.rows.len()
    }

    fn columns(&self) -> usize {
        NAMES.len()
    }

    fn name(&self, col: usize) -> &str {
        NAMES.get(col).copied().unwrap_or("")
    }

    fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        CellSource::cell(self, row, col)
    }

    fn is_numeric(&self, col: usize) -> bool {
        col > 0
    }

    fn width(&self, col: usize) -> u16 {
        if col == 0 { 10 } else { 8 }
    }

    fn is_key(&self, col: usize) -> bool {
        col == 0
    }

    fn snapshot(&self, _cols: &[usize]) -> Arc<dyn CellSource> {
        Arc::new(self.clone())
    }
}

/// The whole pane: the table, a grid, and the contract.
struct StarsPane {
    stars: Stars,
    grid: Grid,
}

impl Component for StarsPane {
    fn contexts(&self) -> Vec<Context> {
        self.grid.contexts()
    }

    fn typing(&self) -> bool {
        self.grid.typing()
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        let page = cx.grid_rows();
        self.grid.on_action(action, &self.stars, page, cx) != Outcome::Ignored
    }

    fn on_key(&mut self, key: &Key, cx: &mut Ctx) {
        self.grid.on_key(key, &self.stars, cx);
    }

    fn on_msg(&mut self, msg: Msg, cx: &mut Ctx) -> Option<Msg> {
        self.grid.on_msg(msg, &self.stars, cx)
    }
}

/// What the router does with a key: the pane's contexts, then the keymap.
struct Harness {
    pane: StarsPane,
    ids: ReqIds,
    message: Option<Message>,
    cmds: Vec<Cmd>,
    effects: Vec<Effect>,
}

impl Harness {
    fn new(n: usize) -> Harness {
        let mut h = Harness {
            pane: StarsPane {
                stars: Stars::new(n),
                grid: Grid::new(FilterBy::Text),
            },
            ids: ReqIds::default(),
            message: None,
            cmds: Vec::new(),
            effects: Vec::new(),
        };
        h.with_cx(|p, cx| p.grid.refresh(&p.stars, cx));
        h
    }

    fn with_cx<R>(&mut self, f: impl FnOnce(&mut StarsPane, &mut Ctx) -> R) -> R {
        let mut cx = Ctx::new(
            &mut self.ids,
            &mut self.message,
            (100, 30),
            0,
            Access::Unknown,
        );
        let r = f(&mut self.pane, &mut cx);
        let (cmds, effects, _) = cx.finish();
        self.cmds.extend(cmds);
        self.effects.extend(effects);
        r
    }

    fn key(&mut self, key: Key) {
        let mut contexts = self.pane.contexts();
        contexts.push(Context::Always);
        match Keymap::default().lookup(&contexts, &key) {
            Some(action) => {
                self.with_cx(|p, cx| p.on_action(action, cx));
            }
            None if self.pane.typing() => self.with_cx(|p, cx| p.on_key(&key, cx)),
            None => {}
        }
    }

    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(Key::ch(c));
        }
    }

    /// Row ids shown, in order.
    fn shown(&self) -> Vec<usize> {
        let g = &self.pane.grid;
        (0..g.len(&self.pane.stars))
            .filter_map(|p| g.row_at(p, &self.pane.stars))
            .collect()
    }

    fn mags(&self) -> Vec<Option<f64>> {
        self.shown()
            .iter()
            .map(|&r| self.pane.stars.rows[r].3)
            .collect()
    }

    /// Runs the worker's jobs here, as the worker would (cancelled ones never answer), and
    /// answers the pane.
    fn run_jobs(&mut self) {
        let cmds = std::mem::take(&mut self.cmds);
        let cancelled: Vec<_> = cmds
            .iter()
            .filter_map(|c| match c {
                Cmd::Cancel(r) => Some(*r),
                _ => None,
            })
            .collect();
        for cmd in cmds {
            if let Cmd::ComputeView { req, job } = cmd
                && !cancelled.contains(&req)
            {
                let rows = job.run();
                let left = self.with_cx(|p, cx| p.on_msg(Msg::ViewReady { req, rows }, cx));
                assert!(left.is_none(), "the grid takes its own answer");
            }
        }
    }
}

#[test]
fn a_catalog_table_sorts_filters_marks_and_shows_details_through_the_keymap() {
    let mut h = Harness::new(40);
    assert_eq!(h.shown().len(), 40);
    // l l l: the column cursor on Tmag; s sorts it, nulls last; S reverses.
    h.keys("lll");
    assert_eq!(h.pane.grid.columns.current(), Some(3));
    h.keys("s");
    let up = h.mags();
    let nulls = up.iter().filter(|m| m.is_none()).count();
    assert!(nulls > 0);
    assert!(up[up.len() - nulls..].iter().all(Option::is_none), "{up:?}");
    assert!(up[..up.len() - nulls].windows(2).all(|w| w[0] <= w[1]));
    h.keys("S");
    let down = h.mags();
    assert!(down[..down.len() - nulls].windows(2).all(|w| w[0] >= w[1]));
    // Space marks the row under the cursor and moves down; marks are by row id.
    h.key(Key::ch('g'));
    h.keys("  ");
    let marked: Vec<usize> = h.pane.grid.marks.iter().collect();
    assert_eq!(marked.len(), 2);
    // / filters as typed over the shown columns; Enter keeps it.
    h.keys("/");
    assert!(h.pane.typing());
    h.keys("TIC 102");
    h.key(Key::new(KeyCode::Enter));
    assert!(!h.pane.typing());
    let ids: Vec<String> = h
        .shown()
        .iter()
        .map(|&r| h.pane.stars.rows[r].0.clone())
        .collect();
    assert_eq!(ids.len(), 10, "TIC 1020 to TIC 1029");
    assert!(ids.iter().all(|i| i.contains("TIC 102")));
    // Still sorted, and the marks survived the sort and the filter.
    let m = h.mags();
    let n = m.iter().filter(|x| x.is_none()).count();
    assert!(m[..m.len() - n].windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(h.pane.grid.marks.iter().collect::<Vec<_>>(), marked);
    // Enter: every field of the row under the cursor, for the detail overlay.
    h.key(Key::new(KeyCode::Enter));
    let row = h.shown()[h.pane.grid.cursor.pos];
    let Some(Effect::Open(OverlayRequest::Detail(Detail { lines, row: r, .. }))) = h.effects.last()
    else {
        panic!("details asked for: {:?}", h.effects)
    };
    assert_eq!(*r, row);
    let names: Vec<&str> = lines.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, NAMES);
    // Esc clears the filter; the sort stays.
    h.key(Key::new(KeyCode::Esc));
    assert_eq!(h.shown().len(), 40);
    // The same widget draws it: key column, separator, the sorted column's arrow.
    let mut buf = Buffer::empty(Rect::new(0, 0, 60, 8));
    mastui::ui::grid::draw(
        &mut buf,
        Rect::new(0, 0, 60, 8),
        &h.pane.grid,
        &h.pane.stars,
        &Theme::MONO,
    );
    let header: String = (0..60).map(|x| buf[(x, 0)].symbol()).collect();
    assert!(header.contains("ID") && header.contains("│") && header.contains("Tmag▼"));
}

#[test]
fn a_large_catalog_sorts_and_filters_on_the_worker() {
    let mut h = Harness::new(INLINE_ROWS + 500);
    h.keys("lll");
    h.keys("s");
    // The sort went to the worker; until it answers the rows keep their order.
    assert!(h.pane.grid.pending());
    assert_eq!(h.shown()[..3], [0, 1, 2]);
    h.run_jobs();
    assert!(!h.pane.grid.pending());
    let m = h.mags();
    let n = m.iter().filter(|x| x.is_none()).count();
    assert!(m[..m.len() - n].windows(2).all(|w| w[0] <= w[1]));
    // A filter over that many rows goes to the worker too, and keeps the sort.
    h.keys("/TIC 2");
    assert!(h.pane.grid.pending());
    h.run_jobs();
    let shown = h.shown();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|&r| h.pane.stars.rows[r].0.contains("TIC 2"))
    );
    let m = h.mags();
    let n = m.iter().filter(|x| x.is_none()).count();
    assert!(m[..m.len() - n].windows(2).all(|w| w[0] <= w[1]));
}
