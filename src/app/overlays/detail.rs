//! Enter on a row: every field of it, as the grid's source lists them (taken when opened:
//! a row's fields do not change). `o` is passed to the pane below (it knows the row's links).
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::{Detail, Effect};
use crate::app::keymap::{Action, Context};

#[derive(Debug, Clone, PartialEq)]
pub struct DetailView {
    pub detail: Detail,
    pub scroll: usize,
}

impl Component for DetailView {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Detail]
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Open => cx.effect(Effect::PaneAction(Action::Open)),
            Action::Back => cx.close(),
            _ => return false,
        }
        true
    }
}
