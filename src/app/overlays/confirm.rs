//! A yes/no question before something costly; yes carries out the effect it was opened with.
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::Effect;
use crate::app::keymap::{Action, Context};

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub yes: Effect,
}

impl Component for Confirm {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::Confirm]
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::Yes => {
                cx.close();
                cx.effect(self.yes.clone());
            }
            Action::No | Action::Back => cx.close(),
            _ => return false,
        }
        true
    }
}
