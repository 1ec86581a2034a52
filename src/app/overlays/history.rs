//! Ctrl-R (or `H`) in the search form: the searches that ran, newest first, narrowed as one
//! types (every word must appear in the criteria or the source); Enter puts the chosen one
//! back in the form.
use tui_input::Input;

use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::Effect;
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::text_input;
use crate::remember::store::HistoryEntry;

#[derive(Debug, Clone)]
pub struct HistoryView {
    /// Newest first.
    pub entries: Vec<HistoryEntry>,
    /// The filter as typed.
    pub input: Input,
    /// Position in the shown (filtered) list.
    pub cursor: usize,
}

impl HistoryView {
    pub fn new(entries: Vec<HistoryEntry>) -> HistoryView {
        HistoryView {
            entries,
            input: Input::default(),
            cursor: 0,
        }
    }

    /// The entries the filter keeps, newest first.
    pub fn shown(&self) -> Vec<&HistoryEntry> {
        let words: Vec<String> = self
            .input
            .value()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.entries
            .iter()
            .filter(|e| {
                let text = e.spec.describe().to_lowercase();
                let source = e.spec.source.to_lowercase();
                words.iter().all(|w| text.contains(w) || source.contains(w))
            })
            .collect()
    }

    fn changed(&mut self) {
        self.cursor = 0;
    }
}

impl Component for HistoryView {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::History]
    }

    fn typing(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        let n = self.shown().len();
        match action {
            Action::Down => self.cursor = (self.cursor + 1).min(n.saturating_sub(1)),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Accept => match self.shown().get(self.cursor) {
                Some(e) => {
                    let spec = e.spec.clone();
                    cx.close();
                    cx.effect(Effect::RestoreSearch(spec));
                }
                None => cx.info("no search matches what is typed"),
            },
            Action::Back => cx.close(),
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: &Key, _cx: &mut Ctx) {
        if text_input::apply_key(&mut self.input, key) {
            self.changed();
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) {
        if text_input::paste(&mut self.input, text) {
            self.changed();
        }
    }
}
