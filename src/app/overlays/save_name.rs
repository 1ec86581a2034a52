//! `S` in the search form: a name for the search, then Enter keeps it (through the worker)
//! so that `mastui search --saved NAME` and `mastui --saved NAME` run it again.
use tui_input::Input;

use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::Effect;
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::text_input;
use crate::remember::spec::SearchSpec;
use crate::remember::store::check_name;

#[derive(Debug, Clone)]
pub struct SaveName {
    pub spec: SearchSpec,
    pub input: Input,
    /// Why the typed name cannot be used.
    pub problem: Option<String>,
}

impl SaveName {
    pub fn new(spec: SearchSpec) -> SaveName {
        SaveName {
            spec,
            input: Input::default(),
            problem: None,
        }
    }
}

impl Component for SaveName {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::SaveName]
    }

    fn typing(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::Accept => {
                let name = self.input.value().trim().to_string();
                match check_name(&name) {
                    Ok(()) => {
                        cx.close();
                        cx.effect(Effect::SaveSearch {
                            name,
                            spec: self.spec.clone(),
                        });
                    }
                    Err(why) => self.problem = Some(why),
                }
            }
            Action::Back => cx.close(),
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: &Key, _cx: &mut Ctx) {
        if text_input::apply_key(&mut self.input, key) {
            self.problem = None;
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) {
        if text_input::paste(&mut self.input, text) {
            self.problem = None;
        }
    }
}
