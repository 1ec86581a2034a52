//! `:`: the command line for rarer actions (`:export results.ecsv`, `:curl`, `:set
//! parallel=6`), with Tab completion and the session's earlier commands on Up and Down.
use tui_input::Input;

use crate::app::command::{common_prefix, complete, parse};
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::Effect;
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::text_input::{apply_key, paste};

#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    pub input: Input,
    /// Earlier commands, oldest first.
    history: Vec<String>,
    /// Where Up has walked to in `history` (None: the line being typed).
    walked: Option<usize>,
    /// What was typed before walking the history.
    draft: String,
    /// The last Enter's problem, or what Tab could complete to.
    pub note: Option<String>,
    pub note_is_error: bool,
}

impl CommandLine {
    pub fn new(history: Vec<String>) -> Self {
        CommandLine {
            history,
            ..Default::default()
        }
    }

    fn set_text(&mut self, text: String) {
        self.input = Input::new(text);
    }

    fn walk(&mut self, older: bool) {
        let n = self.history.len();
        let next = match (self.walked, older) {
            (None, true) if n > 0 => Some(n - 1),
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i + 1 < n => Some(i + 1),
            (Some(_), false) => None,
            (None, _) => return,
        };
        if self.walked.is_none() {
            self.draft = self.input.value().to_string();
        }
        self.walked = next;
        let text = match next {
            Some(i) => self.history[i].clone(),
            None => std::mem::take(&mut self.draft),
        };
        self.set_text(text);
    }

    fn complete(&mut self) {
        let candidates = complete(self.input.value());
        match candidates.len() {
            0 => {}
            1 => self.set_text(candidates[0].clone()),
            _ => {
                let prefix = common_prefix(&candidates);
                if prefix.len() > self.input.value().len() {
                    self.set_text(prefix);
                }
                let shown: Vec<&str> = candidates.iter().map(|c| c.trim_end()).collect();
                self.note = Some(shown.join("  "));
                self.note_is_error = false;
            }
        }
    }

    fn run(&mut self, cx: &mut Ctx) {
        let text = self.input.value().trim().to_string();
        match parse(&text) {
            Ok(command) => {
                cx.close();
                cx.effect(Effect::Command { text, command });
            }
            Err(e) => {
                self.note = Some(e);
                self.note_is_error = true;
            }
        }
    }
}

impl Component for CommandLine {
    fn contexts(&self) -> Vec<Context> {
        vec![Context::CommandLine]
    }

    fn typing(&self) -> bool {
        true
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::Accept => self.run(cx),
            Action::Back => cx.close(),
            Action::NextField => self.complete(),
            Action::Up => self.walk(true),
            Action::Down => self.walk(false),
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: &Key, cx: &mut Ctx) {
        // Backspace on an empty line leaves it, as in vim.
        if self.input.value().is_empty() && key.code == crate::app::key::KeyCode::Backspace {
            cx.close();
            return;
        }
        if apply_key(&mut self.input, key) {
            self.note = None;
            self.walked = None;
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) {
        paste(&mut self.input, text);
    }
}
