//! Overlays: at most one at a time, drawn over the pane, taking the keys while open.
use tui_input::Input;

use crate::mast::criteria::Criteria;

#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    /// Every field of one row (a row id, so it survives sorting).
    Detail {
        row: usize,
        scroll: usize,
    },
    Columns(ColumnChooser),
    /// Filter-as-you-type over the results grid.
    Filter {
        input: Input,
    },
    Confirm(Confirm),
    /// `L`: the hidden token prompt, then where to keep it.
    Login(super::login::LoginPrompt),
}

/// `c`: which columns show, in which order.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChooser {
    /// (column id, shown) for every column, shown ones first in their order.
    pub items: Vec<(usize, bool)>,
    pub cursor: usize,
}

impl ColumnChooser {
    pub fn new(visible: &[usize], all: usize) -> ColumnChooser {
        let mut items: Vec<(usize, bool)> = visible.iter().map(|&c| (c, true)).collect();
        items.extend(
            (0..all)
                .filter(|c| !visible.contains(c))
                .map(|c| (c, false)),
        );
        ColumnChooser { items, cursor: 0 }
    }

    pub fn toggle(&mut self) {
        if let Some(item) = self.items.get_mut(self.cursor) {
            item.1 = !item.1;
        }
    }

    /// Moves the item under the cursor up (-1) or down (+1), the cursor with it.
    pub fn shift(&mut self, delta: isize) {
        let to = self.cursor as isize + delta;
        if to < 0 || to as usize >= self.items.len() {
            return;
        }
        self.items.swap(self.cursor, to as usize);
        self.cursor = to as usize;
    }

    pub fn move_cursor(&mut self, delta: isize) {
        let last = self.items.len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, last) as usize;
    }

    /// The chosen columns in order; never empty (an empty choice keeps the first column).
    pub fn chosen(&self) -> Vec<usize> {
        let v: Vec<usize> = self.items.iter().filter(|i| i.1).map(|i| i.0).collect();
        if v.is_empty() {
            self.items.first().map(|i| i.0).into_iter().collect()
        } else {
            v
        }
    }
}

/// A yes/no question before something costly.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub action: ConfirmAction,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConfirmAction {
    /// Run a search the count says is very large.
    Search(Criteria),
    Quit,
}
