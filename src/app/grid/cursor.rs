//! A cursor in a list of rows and the first row of its window: what every grid and the
//! basket list move with `j`/`k`, `g`/`G`, `Ctrl-d`/`Ctrl-u` and the page keys.
use crate::app::keymap::Action;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RowCursor {
    /// Position in the list (not a row id).
    pub pos: usize,
    /// The first position of the window drawn.
    pub top: usize,
}

impl RowCursor {
    /// Keeps the cursor inside a list of `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.pos = self.pos.min(len.saturating_sub(1));
        self.top = self.top.min(self.pos);
    }

    /// Moves by `delta` rows in a list of `len`, keeping the cursor in a window of `page`.
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        if len == 0 {
            return;
        }
        let target = self.pos as isize + delta;
        self.pos = target.clamp(0, len as isize - 1) as usize;
        self.scroll_into_view(page);
    }

    pub fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.pos < self.top {
            self.top = self.pos;
        } else if self.pos >= self.top + page {
            self.top = self.pos + 1 - page;
        }
    }

    /// The first row drawn in a body of `rows`: the stored top, moved if needed so the
    /// cursor is on screen (the terminal may have shrunk since).
    pub fn window_top(&self, rows: usize) -> usize {
        let rows = rows.max(1);
        if self.pos < self.top {
            self.pos
        } else if self.pos >= self.top + rows {
            self.pos + 1 - rows
        } else {
            self.top
        }
    }

    /// A moving action over a list of `len` rows; false for any other action.
    pub fn on_action(&mut self, action: Action, len: usize, page: usize) -> bool {
        let half = (page / 2).max(1) as isize;
        let delta = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            Action::HalfDown => half,
            Action::HalfUp => -half,
            Action::PageDown => page as isize,
            Action::PageUp => -(page as isize),
            _ => return false,
        };
        self.move_by(delta, len, page);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_in_the_list_and_the_window() {
        let mut c = RowCursor::default();
        assert!(c.on_action(Action::PageDown, 100, 10));
        assert_eq!((c.pos, c.top), (10, 1));
        c.on_action(Action::Bottom, 100, 10);
        assert_eq!((c.pos, c.top), (99, 90));
        c.on_action(Action::HalfUp, 100, 10);
        assert_eq!((c.pos, c.top), (94, 90));
        c.on_action(Action::Top, 100, 10);
        assert_eq!((c.pos, c.top), (0, 0));
        assert!(!c.on_action(Action::Sort, 100, 10));
        c.move_by(5, 0, 10);
        assert_eq!(c.pos, 0);
        assert_eq!(RowCursor { pos: 50, top: 0 }.window_top(10), 41);
    }
}
