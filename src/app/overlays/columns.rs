//! `c`: choose and order a grid's columns; Enter applies the choice to the focused pane's
//! grid.
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::Effect;
use crate::app::keymap::{Action, Context};

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChooser {
    /// Every column's name, by id.
    pub names: Vec<String>,
    /// (column id, shown) for every column, shown ones first in their order.
    pub items: Vec<(usize, bool)>,
    pub cursor: usize,
}

impl ColumnChooser {
    pub fn new(names: Vec<String>, visible: &[usize]) -> ColumnChooser {
        let mut items: Vec<(usize, bool)> = visible.iter().map(|&c| (c, true)).collect();
        items.extend(
            (0..names.len())
                .filter(|c| !visible.contains(c))
                .map(|c| (c, false)),
        );
        ColumnChooser {
            names,
            items,
            cursor: 0,
        }
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

impl Component for ColumnChooser {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Columns]
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::Down => self.move_cursor(1),
            Action::Up => self.move_cursor(-1),
            Action::ToggleColumn => self.toggle(),
            Action::MoveColumnUp => self.shift(-1),
            Action::MoveColumnDown => self.shift(1),
            Action::Accept => {
                cx.effect(Effect::SetColumns(self.chosen()));
                cx.close();
            }
            Action::Back => cx.close(),
            _ => return false,
        }
        true
    }
}
