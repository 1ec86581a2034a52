//! A pane that shows a search's rows in the grid while the search delivers them (the
//! results, a catalog's sources, a mission's datasets): it owns a `TableSource`, a `Grid`
//! and a `Paging`, and keeps the `Component` contract through them. Such a pane implements
//! `SearchedPane` (its parts, its keymap context, how it names its search, its own actions)
//! and gets the rest here: the grid's keys, typing and paste, Esc past the grid stopping the
//! search, the search's pages and end, column choice, resize, ticks and the status line.
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::msg::Msg;

use super::component::{Grid, Outcome};
use super::paging::Paging;
use super::table_source::TableSource;

pub trait SearchedPane {
    /// The rows, the grid over them, and the search delivering them.
    fn parts(&self) -> (&TableSource, &Grid, &Paging);

    fn parts_mut(&mut self) -> (&mut TableSource, &mut Grid, &mut Paging);

    /// The pane's keymap context, under the grid's.
    fn context(&self) -> Context;

    /// The search as the status bar names it: `search 5,000/12,000 rows`, `TIC 40 rows`.
    fn label(&self) -> &str;

    /// The search as messages name it: `TIC search failed: ...`.
    fn what(&self) -> String {
        format!("{} search", self.label())
    }

    /// The pane's own keys, offered before the grid's while no text field has the keyboard;
    /// true when taken.
    fn own_action(&mut self, _action: Action, _cx: &mut Ctx) -> bool {
        false
    }

    /// After the search's page, cone or end was taken in.
    fn after_search_msg(&mut self, _cx: &mut Ctx) {}
}

impl<T: SearchedPane> Component for T {
    fn contexts(&self) -> Vec<Context> {
        self.parts().1.contexts_under(Some(self.context()))
    }

    fn typing(&self) -> bool {
        self.parts().1.typing()
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        if !self.typing() && self.own_action(action, cx) {
            return true;
        }
        let page = cx.grid_rows();
        let (table, grid, paging) = self.parts_mut();
        match grid.on_action(action, table, page, cx) {
            // Esc past the grid stops the search, keeping what came.
            Outcome::Ignored if action == Action::Back => paging.stop(table.data.rows(), cx),
            Outcome::Ignored => false,
            _ => true,
        }
    }

    fn on_key(&mut self, key: &Key, cx: &mut Ctx) {
        let (table, grid, _) = self.parts_mut();
        grid.on_key(key, table, cx);
    }

    fn on_paste(&mut self, text: &str, cx: &mut Ctx) {
        let (table, grid, _) = self.parts_mut();
        grid.on_paste(text, table, cx);
    }

    fn on_msg(&mut self, msg: Msg, cx: &mut Ctx) -> Option<Msg> {
        let what = self.what();
        let (table, grid, paging) = self.parts_mut();
        let Some(other) = paging.on_msg(msg, &what, table, grid, cx) else {
            self.after_search_msg(cx);
            return None;
        };
        let (table, grid, _) = self.parts_mut();
        grid.on_msg(other, table, cx)
    }

    fn choose_columns(&mut self, chosen: Vec<usize>, cx: &mut Ctx) {
        let (table, grid, _) = self.parts_mut();
        grid.set_columns(chosen, table, cx);
    }

    fn on_resize(&mut self, cx: &mut Ctx) {
        let page = cx.grid_rows();
        let (table, grid, _) = self.parts_mut();
        grid.on_resize(table, page, cx.width);
    }

    fn on_tick(&mut self, now_ms: u64) {
        self.parts_mut().2.on_tick(now_ms);
    }

    fn activity(&self, now_ms: u64) -> Vec<String> {
        let (table, grid, paging) = self.parts();
        let mut out = Vec::new();
        out.extend(paging.activity(self.label(), table.data.rows(), now_ms));
        if grid.filtering() {
            out.push("filtering".into());
        }
        if grid.sorting() {
            out.push("sorting".into());
        }
        out
    }
}
