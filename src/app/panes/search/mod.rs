//! The search pane: the form (`form`), its live count of matching observations, the mission
//! list behind the collection field, and Enter, which hands the criteria to the results.
pub mod form;

use crate::app::advice::describe;
use crate::app::cmd::Cmd;
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::{Effect, OverlayRequest};
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::msg::{Msg, Timer};
use crate::app::text_input;
use crate::common::format::thousands;
use crate::mast::MastError;

use form::{CountState, FieldId, SearchForm};

/// Quiet time after the last keystroke before the form's matches are counted.
pub const COUNT_DEBOUNCE_MS: u64 = 350;
/// Above this many matches, ask before fetching everything (MAST resets very large answers).
pub const CONFIRM_ROWS: u64 = 500_000;

impl SearchForm {
    /// The first request: the mission list for the collection field.
    pub fn start(&mut self, cx: &mut Ctx) {
        let req = cx.fresh();
        self.missions_req = Some(req);
        cx.run(Cmd::Missions { req });
    }

    /// The form changed: revalidate, forget the old count, and schedule a new one.
    fn changed(&mut self, cx: &mut Ctx) {
        self.edit += 1;
        self.revalidate();
        if let CountState::Running(old) = self.count {
            cx.run(Cmd::Cancel(old));
        }
        if self.is_empty() || self.has_problems() {
            self.count = CountState::Idle;
        } else {
            self.count = CountState::Waiting;
            cx.run(Cmd::Schedule {
                after_ms: COUNT_DEBOUNCE_MS,
                timer: Timer::CountDebounce { edit: self.edit },
            });
        }
    }

    fn start_count(&mut self, cx: &mut Ctx) {
        if let CountState::Running(old) = self.count {
            cx.run(Cmd::Cancel(old));
        }
        match self.criteria() {
            Ok(criteria) if !self.is_empty() => {
                let req = cx.fresh();
                self.count = CountState::Running(req);
                cx.run(Cmd::Count { req, criteria });
            }
            _ => self.count = CountState::Idle,
        }
    }

    /// Enter: search, asking first when the count says the answer is very large.
    fn run_search(&mut self, cx: &mut Ctx) {
        if self.is_empty() {
            cx.error("type at least one criterion (a target, a collection, a proposal id...)");
            return;
        }
        match self.criteria() {
            Err(problem) => cx.error(format!("fix the form first: {problem}")),
            Ok(criteria) => match self.count {
                CountState::Known(n) if n > CONFIRM_ROWS => {
                    cx.effect(Effect::Open(OverlayRequest::Confirm {
                        question: format!(
                            "{} observations match; fetch them all? Narrower criteria are faster.",
                            thousands(n)
                        ),
                        yes: Box::new(Effect::Search(criteria)),
                    }))
                }
                _ => cx.effect(Effect::Search(criteria)),
            },
        }
    }

    /// Up/Down in the collection field: the next or previous mission of the list.
    fn pick_mission(&mut self, action: Action, cx: &mut Ctx) {
        let n = self.missions.len();
        if n == 0 {
            cx.info("the mission list has not arrived yet");
            return;
        }
        let next = match (self.mission_pick, action) {
            (None, Action::NextMission) => 0,
            (None, _) => n - 1,
            (Some(i), Action::NextMission) => (i + 1) % n,
            (Some(i), _) => (i + n - 1) % n,
        };
        let name = self.missions[next].name.clone();
        self.set_value(FieldId::Collection, &name);
        self.mission_pick = Some(next);
        self.changed(cx);
    }

    fn on_missions(
        &mut self,
        result: Result<Vec<crate::mast::missions::Mission>, MastError>,
        cx: &mut Ctx,
    ) {
        self.missions_req = None;
        match result {
            Ok(m) => {
                self.missions = m;
                self.revalidate();
            }
            // The form still works without the list; say so once.
            Err(e) => cx.error(describe("mission list", &e)),
        }
    }

    fn on_count(&mut self, result: Result<u64, MastError>) {
        self.count = match result {
            Ok(n) => CountState::Known(n),
            Err(e) => CountState::Failed(describe("count", &e)),
        };
    }
}

impl Component for SearchForm {
    fn contexts(&self) -> Vec<Context> {
        if !self.editing {
            return vec![Context::FormBrowse];
        }
        if self.focused() == FieldId::Collection {
            vec![Context::Collection, Context::FormEdit]
        } else {
            vec![Context::FormEdit]
        }
    }

    fn typing(&self) -> bool {
        self.editing
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::NextField | Action::PrevField => {
                let n = self.fields.len();
                let step = if action == Action::NextField {
                    1
                } else {
                    n - 1
                };
                self.focus = (self.focus + step) % n;
                self.mission_pick = None;
            }
            Action::EditField => self.editing = true,
            Action::RunSearch => self.run_search(cx),
            Action::CountNow => self.start_count(cx),
            Action::NextMission | Action::PrevMission => self.pick_mission(action, cx),
            Action::Back if self.editing => self.editing = false,
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: &Key, cx: &mut Ctx) {
        if text_input::apply_key(&mut self.fields[self.focus].input, key) {
            self.mission_pick = None;
            self.changed(cx);
        }
    }

    fn on_paste(&mut self, text: &str, cx: &mut Ctx) {
        if text_input::paste(&mut self.fields[self.focus].input, text) {
            self.changed(cx);
        }
    }

    fn on_msg(&mut self, msg: Msg, cx: &mut Ctx) -> Option<Msg> {
        match msg {
            Msg::Timer(Timer::CountDebounce { edit }) => {
                if edit == self.edit {
                    self.start_count(cx);
                }
            }
            Msg::Missions { req, result } if self.missions_req == Some(req) => {
                self.on_missions(result, cx)
            }
            Msg::Missions { .. } => {}
            Msg::Count { req, result } if self.count == CountState::Running(req) => {
                self.on_count(result)
            }
            Msg::Count { .. } => {}
            Msg::JobFailed { req, message }
                if self.missions_req == Some(req) || self.count == CountState::Running(req) =>
            {
                let err = MastError::Protocol {
                    what: "internal error".into(),
                    message: format!("{message} (a bug in mastui; please report it)"),
                };
                if self.missions_req == Some(req) {
                    self.on_missions(Err(err), cx);
                } else {
                    self.on_count(Err(err));
                }
            }
            other => return Some(other),
        }
        None
    }

    fn activity(&self, _now_ms: u64) -> Vec<String> {
        let mut out = Vec::new();
        if matches!(self.count, CountState::Running(_)) {
            out.push("counting".into());
        }
        if self.missions_req.is_some() {
            out.push("mission list".into());
        }
        out
    }
}
