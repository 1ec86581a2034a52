//! `o` in the basket: where downloads go, their layout and how many run at once, changed
//! while the basket runs. Files added from then on follow the new settings.
use tui_input::Input;

use crate::app::cmd::Cmd;
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::text_input::{apply_key, paste};
use crate::mast::basket_messages::{BasketRequest, DownloadSettings, MAX_PARALLEL};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Dir,
    Layout,
    Parallel,
}

const FIELDS: [Field; 3] = [Field::Dir, Field::Layout, Field::Parallel];

#[derive(Debug, Clone)]
pub struct DownloadSettingsForm {
    pub field: Field,
    pub dir: Input,
    pub flat: bool,
    pub parallel: usize,
    /// What was wrong with the last Enter.
    pub error: Option<String>,
}

impl DownloadSettingsForm {
    pub fn new(current: DownloadSettings) -> Self {
        DownloadSettingsForm {
            field: Field::Dir,
            dir: Input::new(current.dir),
            flat: current.flat,
            parallel: current.parallel.clamp(1, MAX_PARALLEL),
            error: None,
        }
    }

    fn step(&mut self, forward: bool) {
        let i = FIELDS.iter().position(|f| *f == self.field).unwrap_or(0);
        let n = FIELDS.len();
        self.field = FIELDS[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    fn change(&mut self, up: bool) {
        match self.field {
            Field::Dir => {}
            Field::Layout => self.flat = !self.flat,
            Field::Parallel => {
                self.parallel = match up {
                    true => (self.parallel + 1).min(MAX_PARALLEL),
                    false => self.parallel.saturating_sub(1).max(1),
                }
            }
        }
    }

    fn apply(&mut self, cx: &mut Ctx) {
        let dir = self.dir.value().trim().to_string();
        if dir.is_empty() {
            self.error = Some("write a directory (~/ is your home)".into());
            return;
        }
        let settings = DownloadSettings {
            dir,
            flat: self.flat,
            parallel: self.parallel,
        };
        cx.info(settings.summary());
        cx.run(Cmd::Basket(BasketRequest::Configure(settings)));
        cx.close();
    }
}

impl Component for DownloadSettingsForm {
    fn contexts(&self) -> Vec<Context> {
        match self.field {
            Field::Dir => vec![Context::Settings],
            _ => vec![Context::SettingsChoice, Context::Settings],
        }
    }

    fn typing(&self) -> bool {
        self.field == Field::Dir
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::NextField | Action::Down => self.step(true),
            Action::PrevField | Action::Up => self.step(false),
            Action::Right => self.change(true),
            Action::Left => self.change(false),
            Action::Accept => self.apply(cx),
            Action::Back => cx.close(),
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: &Key, _cx: &mut Ctx) {
        if self.field == Field::Dir && apply_key(&mut self.dir, key) {
            self.error = None;
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) {
        if self.field == Field::Dir {
            paste(&mut self.dir, text);
        }
    }
}
