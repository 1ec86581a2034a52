//! Which columns a grid shows, in which order, where each lands on screen, and the column
//! cursor. Key columns stay on the left while the others scroll sideways; a fill column (a
//! file name) takes the width the others leave. The placement is computed here, once, for
//! both the state machine (to keep the column cursor on screen) and the UI (to draw).
use super::source::GridSource;

/// Columns before the first cell: the cursor marker, the mark, the exclusive-access glyph.
pub const GUTTER: u16 = 3;
/// Space between two columns.
pub const GAP: u16 = 1;
/// The separator drawn after the key columns, and the space it takes.
pub const SEPARATOR_WIDTH: u16 = 2;
/// A fill column is never narrower than this.
pub const MIN_FILL: u16 = 8;
/// Columns that give way do so while the fill column would be narrower than this.
pub const FILL_COMFORT: u16 = 50;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// Column ids shown, in order.
    pub visible: Vec<usize>,
    /// The column cursor: an index into `visible`.
    pub col: usize,
    /// The first scrolled (non-key) column drawn: an index into `visible`.
    pub offset: usize,
    /// The user chose the columns (`c`): none gives way any more.
    pub chosen: bool,
}

/// One drawn column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub col: usize,
    /// Its index in `Columns::visible` (to show the column cursor).
    pub vis: usize,
    /// From the grid's left edge.
    pub x: u16,
    pub width: u16,
    /// Cut by the right edge.
    pub cut: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    pub cols: Vec<Placed>,
    /// Where the key columns' separator is drawn, from the grid's left edge.
    pub separator: Option<u16>,
}

impl Columns {
    /// Shown columns for a source that has just got its first rows.
    pub fn ensure(&mut self, src: &dyn GridSource) {
        if self.visible.is_empty() && src.columns() > 0 {
            self.visible = src.default_columns();
        }
    }

    /// The column id under the column cursor.
    pub fn current(&self) -> Option<usize> {
        self.visible.get(self.col).copied()
    }

    /// How many leading shown columns are key columns.
    pub fn frozen(&self, src: &dyn GridSource) -> usize {
        self.visible.iter().take_while(|&&c| src.is_key(c)).count()
    }

    /// A new choice (never empty); the column cursor stays on its column when still shown.
    pub fn choose(&mut self, chosen: Vec<usize>, src: &dyn GridSource, width: u16) {
        let chosen: Vec<usize> = chosen.into_iter().filter(|&c| c < src.columns()).collect();
        if chosen.is_empty() {
            return;
        }
        let current = self.current();
        self.col = current
            .and_then(|c| chosen.iter().position(|&i| i == c))
            .unwrap_or(0);
        self.visible = chosen;
        self.chosen = true;
        self.offset = 0;
        self.fix_offset(src, width);
    }

    /// `h`/`l`: moves the column cursor and scrolls so that its column is on screen.
    pub fn move_col(&mut self, delta: isize, src: &dyn GridSource, width: u16) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() as isize - 1;
        self.col = (self.col as isize + delta).clamp(0, last) as usize;
        self.fix_offset(src, width);
    }

    /// Scrolls sideways so that the column under the cursor is drawn whole.
    pub fn fix_offset(&mut self, src: &dyn GridSource, width: u16) {
        let frozen = self.frozen(src);
        self.col = self.col.min(self.visible.len().saturating_sub(1));
        self.offset = self.offset.max(frozen);
        if self.col < frozen {
            return;
        }
        if self.col < self.offset {
            self.offset = self.col;
        }
        while self.offset < self.col && !self.drawn_whole(self.col, src, width) {
            self.offset += 1;
        }
    }

    fn drawn_whole(&self, vis: usize, src: &dyn GridSource, width: u16) -> bool {
        self.place(src, width)
            .cols
            .iter()
            .any(|p| p.vis == vis && !p.cut)
    }

    /// Where each drawn column goes in a grid `width` columns wide: the key columns, a
    /// separator, then the scrolled ones from `offset` (the last one cut if it does not fit).
    pub fn place(&self, src: &dyn GridSource, width: u16) -> Placement {
        let frozen = self.frozen(src);
        let kept = self.kept(src, width, frozen);
        let fill = self.fill_width(src, width, frozen, &kept);
        let mut out = Placement::default();
        let mut x = GUTTER;
        let order = (0..frozen).chain(self.offset.max(frozen)..self.visible.len());
        for (n, vis) in order.enumerate() {
            if n == frozen && frozen > 0 {
                if x >= width {
                    break;
                }
                out.separator = Some(x);
                x += SEPARATOR_WIDTH;
            }
            if x >= width {
                break;
            }
            if !kept[vis] {
                continue;
            }
            let col = self.visible[vis];
            let want = if src.is_fill(col) {
                fill
            } else {
                src.width(col)
            };
            let w = want.min(width - x);
            out.cols.push(Placed {
                col,
                vis,
                x,
                width: w,
                cut: w < want,
            });
            x = x.saturating_add(w + GAP);
        }
        out
    }

    /// Which shown columns are drawn: all, but those that give way while the fill column
    /// would be narrower than `FILL_COMFORT` (unless the user chose them).
    fn kept(&self, src: &dyn GridSource, width: u16, frozen: usize) -> Vec<bool> {
        let mut kept: Vec<bool> = self
            .visible
            .iter()
            .map(|&c| self.chosen || !src.gives_way(c))
            .collect();
        if !self.visible.iter().any(|&c| src.is_fill(c)) {
            return vec![true; self.visible.len()];
        }
        for vis in 0..self.visible.len() {
            if kept[vis] {
                continue;
            }
            let mut with = kept.clone();
            with[vis] = true;
            if self.fill_width(src, width, frozen, &with) >= FILL_COMFORT {
                kept = with;
            }
        }
        kept
    }

    /// The fill column's width: what the other drawn columns leave, at least `MIN_FILL`.
    fn fill_width(&self, src: &dyn GridSource, width: u16, frozen: usize, kept: &[bool]) -> u16 {
        let others: u16 = self
            .visible
            .iter()
            .zip(kept)
            .filter(|&(&c, &k)| k && !src.is_fill(c))
            .map(|(&c, _)| src.width(c) + GAP)
            .sum();
        let separator = if frozen > 0 && frozen < self.visible.len() {
            SEPARATOR_WIDTH
        } else {
            0
        };
        width
            .saturating_sub(GUTTER + separator + others + GAP)
            .max(MIN_FILL)
    }
}
