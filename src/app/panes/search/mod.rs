//! The search pane: the form (`form`) and its source (`source`), its live count of what
//! matches, the mission list behind the collection field, a mission's column list behind
//! its conditions, and Enter, which hands the criteria to the results, the catalog query to
//! the catalog pane or the missions search to the mission pane.
pub mod form;
pub mod recall;
pub mod source;

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

use form::{CountState, FieldId, FormQuery, SearchForm};
use source::Source;

/// Quiet time after the last keystroke before the form's matches are counted.
pub const COUNT_DEBOUNCE_MS: u64 = 350;
/// Above this many matches, ask before fetching everything (MAST resets very large answers).
pub const CONFIRM_ROWS: u64 = 500_000;

/// The question before a search bigger than one query: how it will be fetched. The parts
/// are at least `n / cap` (the split halves `t_min` ranges by their counts until each fits,
/// so there may be more); rows without a `t_min` cannot be reached and are reported.
fn split_plan(n: u64, cap: u64) -> String {
    let parts = n.div_ceil(cap).max(2);
    format!(
        "{} observations match, more than one MAST query answers ({}): fetch them in {} or \
         more parts of about {} rows, split by t_min and de-duplicated?",
        thousands(n),
        thousands(cap),
        parts,
        thousands(n.div_ceil(parts))
    )
}

impl SearchForm {
    /// The first request: the mission list for the collection field.
    pub fn start(&mut self, cx: &mut Ctx) {
        let req = cx.fresh();
        self.missions_req = Some(req);
        cx.run(Cmd::Missions { req });
    }

    /// The form changed: revalidate, forget the old count, and schedule a new one.
    pub(crate) fn changed(&mut self, cx: &mut Ctx) {
        self.ask_columns(cx);
        self.edit += 1;
        self.revalidate();
        if let CountState::Running(old) = self.count {
            cx.run(Cmd::Cancel(old));
        }
        if !self.countable() {
            self.count = CountState::Idle;
        } else {
            self.count = CountState::Waiting;
            cx.run(Cmd::Schedule {
                after_ms: COUNT_DEBOUNCE_MS,
                timer: Timer::CountDebounce { edit: self.edit },
            });
        }
    }

    /// A mission is shown whose column list has not come: ask for it (once at a time).
    fn ask_columns(&mut self, cx: &mut Ctx) {
        let Some(m) = self.source.mission() else {
            return;
        };
        let asked = self.columns_req.is_some_and(|(_, name)| name == m.name);
        if asked || self.mission_columns.contains_key(m.name) {
            return;
        }
        if let Some((old, _)) = self.columns_req.take() {
            cx.run(Cmd::Cancel(old));
        }
        let req = cx.fresh();
        self.columns_req = Some((req, m.name));
        cx.run(Cmd::MissionColumns {
            req,
            mission: m.name.to_string(),
        });
    }

    fn on_columns(
        &mut self,
        result: Result<crate::mast::missions_search::columns::MissionColumns, MastError>,
        cx: &mut Ctx,
    ) {
        let Some((_, name)) = self.columns_req.take() else {
            return;
        };
        match result {
            Ok(cols) => {
                self.mission_columns.insert(name, cols);
                self.revalidate();
                // A count taken before the list came may have been of a query it refuses.
                self.changed(cx);
            }
            // The search checks the names itself; the form only loses its early warning.
            Err(e) => cx.error(describe(&format!("{name} column list"), &e)),
        }
    }

    /// The form says enough to count: no problem, and something to search by (a catalog
    /// may need nothing, as HSC spectra, or a position, as Gaia).
    pub fn countable(&self) -> bool {
        match self.source {
            Source::Observations => !self.is_empty() && !self.has_problems(),
            Source::Catalog(_) | Source::Mission(_) => self.query().is_ok(),
        }
    }

    fn start_count(&mut self, cx: &mut Ctx) {
        if let CountState::Running(old) = self.count {
            cx.run(Cmd::Cancel(old));
        }
        if !self.countable() {
            self.count = CountState::Idle;
            return;
        }
        let req = cx.fresh();
        match self.query() {
            Ok(FormQuery::Observations(criteria)) => cx.run(Cmd::Count { req, criteria }),
            Ok(FormQuery::Catalog(query)) => cx.run(Cmd::CatalogCount { req, query }),
            Ok(FormQuery::Mission(query)) => cx.run(Cmd::MissionCount { req, query }),
            Err(_) => {
                self.count = CountState::Idle;
                return;
            }
        }
        self.count = CountState::Running(req);
    }

    /// Enter: search, asking first when the count says the answer is very large.
    fn run_search(&mut self, cx: &mut Ctx) {
        if self.source != Source::Observations {
            match self.query() {
                Ok(FormQuery::Catalog(q)) => cx.effect(Effect::CatalogSearch(q)),
                Ok(FormQuery::Mission(q)) => cx.effect(Effect::MissionSearch(q)),
                Ok(FormQuery::Observations(_)) => {}
                Err(problem) if self.has_problems() => {
                    cx.error(format!("fix the form first: {problem}"))
                }
                Err(problem) => match self.source {
                    Source::Catalog(c) => cx.error(needs(c)),
                    _ => cx.error(format!("{}: {problem}", self.source.label())),
                },
            }
            return;
        }
        if self.is_empty() {
            cx.error("type at least one criterion (a target, a collection, a proposal id...)");
            return;
        }
        match self.criteria() {
            Err(problem) => cx.error(format!("fix the form first: {problem}")),
            Ok(criteria) => match self.count {
                CountState::Known(n) if n > self.row_cap.max(1) => {
                    cx.effect(Effect::Open(OverlayRequest::Confirm {
                        question: split_plan(n, self.row_cap.max(1)),
                        yes: Box::new(Effect::Search(criteria)),
                    }))
                }
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

/// What a catalog needs before it can be searched, in the form's words.
pub fn needs(c: crate::mast::catalogs::Catalog) -> String {
    let name = c.label();
    if let Some(example) = c.criteria_example() {
        format!("{name} needs a target or criteria (column=value, e.g. {example})")
    } else {
        format!("{name} needs a target (a name or RA Dec); MAST searches it by position only")
    }
}

impl Component for SearchForm {
    fn contexts(&self) -> Vec<Context> {
        let mode = if self.editing {
            Context::FormEdit
        } else {
            Context::FormBrowse
        };
        let mut v = match self.focused() {
            FieldId::Source => vec![Context::SourcePick, mode],
            FieldId::Collection if self.editing => vec![Context::Collection, mode],
            _ => vec![mode],
        };
        if self.walks_history() {
            v.insert(0, Context::HistoryWalk);
        }
        v
    }

    fn typing(&self) -> bool {
        self.editing
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::NextField => {
                self.step_focus(1);
                self.mission_pick = None;
            }
            Action::PrevField => {
                self.step_focus(-1);
                self.mission_pick = None;
            }
            Action::NextSource | Action::PrevSource => {
                let step = if action == Action::NextSource { 1 } else { -1 };
                self.set_source(self.source.step(step));
                self.changed(cx);
            }
            Action::EditField => self.editing = true,
            Action::RunSearch => self.run_search(cx),
            Action::CountNow => self.start_count(cx),
            Action::NextMission | Action::PrevMission => self.pick_mission(action, cx),
            Action::Back if self.editing => self.editing = false,
            Action::History => {
                cx.effect(Effect::Open(OverlayRequest::History(self.history.clone())))
            }
            Action::SaveSearch => match self.spec() {
                Ok(spec) => cx.effect(Effect::Open(OverlayRequest::SaveSearch(spec))),
                Err(why) => cx.error(format!("nothing to save: {why}")),
            },
            Action::OlderSearch => self.walk_history(true, cx),
            Action::NewerSearch => self.walk_history(false, cx),
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: &Key, cx: &mut Ctx) {
        if self.focused() == FieldId::Source {
            // Type-ahead: a letter picks the next source whose name starts with it.
            if let Some(c) = key.typed_char()
                && let Some(next) = self.source.by_letter(c)
            {
                self.set_source(next);
                self.changed(cx);
            }
            return;
        }
        if text_input::apply_key(&mut self.fields[self.focus].input, key) {
            self.mission_pick = None;
            // Edited: the recalled search is the user's now, and arrows move again.
            self.walk = None;
            self.changed(cx);
        }
    }

    fn on_paste(&mut self, text: &str, cx: &mut Ctx) {
        if self.focused() == FieldId::Source {
            return;
        }
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
            Msg::History(Ok(entries)) => self.history = entries,
            Msg::History(Err(why)) => cx.error(format!("search history: {why}")),
            Msg::Count { req, result } if self.count == CountState::Running(req) => {
                self.on_count(result)
            }
            Msg::Count { .. } => {}
            Msg::MissionColumns { req, result }
                if self.columns_req.is_some_and(|(r, _)| r == req) =>
            {
                self.on_columns(result, cx)
            }
            Msg::MissionColumns { .. } => {}
            Msg::JobFailed { req, message } if self.columns_req.is_some_and(|(r, _)| r == req) => {
                let err = MastError::Protocol {
                    what: "internal error".into(),
                    message: format!("{message} (a bug in mastui; please report it)"),
                };
                self.on_columns(Err(err), cx);
            }
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
        if let Some((_, name)) = self.columns_req {
            out.push(format!("{name} columns"));
        }
        out
    }
}
