//! `?`: every key binding, generated from the keymap table (`ui::popups::help` draws it).
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::keymap::{Action, Context};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: usize,
}

impl Component for Help {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Help]
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Back => cx.close(),
            _ => return false,
        }
        true
    }
}
