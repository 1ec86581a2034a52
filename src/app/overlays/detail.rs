//! Enter on a row: every field of it, as the grid's source lists them (taken when opened:
//! a row's fields do not change), and any other list of name/value lines (a FITS header).
//! `/` narrows the lines to those holding the typed text; `o` is passed to the pane below
//! (it knows the row's links).
use tui_input::Input;

use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::{Detail, Effect};
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::text_input;

#[derive(Debug, Clone)]
pub struct DetailView {
    pub detail: Detail,
    pub scroll: usize,
    /// The search as typed (lines holding it, in name or value, ignoring case).
    pub filter: String,
    pub input: Option<Input>,
}

impl DetailView {
    pub fn new(detail: Detail) -> DetailView {
        DetailView {
            detail,
            scroll: 0,
            filter: String::new(),
            input: None,
        }
    }

    /// The lines shown: all, or those the search finds.
    pub fn lines(&self) -> Vec<&(String, String)> {
        let needle = self.filter.to_lowercase();
        self.detail
            .lines
            .iter()
            .filter(|(n, v)| {
                needle.is_empty()
                    || n.to_lowercase().contains(&needle)
                    || v.to_lowercase().contains(&needle)
            })
            .collect()
    }

    fn edit(&mut self, change: impl FnOnce(&mut Input) -> bool) {
        if let Some(input) = &mut self.input
            && change(input)
        {
            self.filter = input.value().to_string();
            self.scroll = 0;
        }
    }
}

impl Component for DetailView {
    fn contexts(&self) -> Vec<Context> {
        if self.input.is_some() {
            vec![Context::Filter]
        } else {
            vec![Context::Detail]
        }
    }

    fn typing(&self) -> bool {
        self.input.is_some()
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        if self.input.is_some() {
            match action {
                Action::Accept => self.input = None,
                Action::Back => {
                    self.input = None;
                    self.filter.clear();
                }
                Action::Down => self.scroll += 1,
                Action::Up => self.scroll = self.scroll.saturating_sub(1),
                _ => return false,
            }
            return true;
        }
        match action {
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Filter => self.input = Some(Input::new(self.filter.clone())),
            Action::Open => cx.effect(Effect::PaneAction(Action::Open)),
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.scroll = 0;
            }
            Action::Back => cx.close(),
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: &Key, _cx: &mut Ctx) {
        self.edit(|input| text_input::apply_key(input, key));
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) {
        self.edit(|input| text_input::paste(input, text));
    }
}
