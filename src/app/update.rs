//! `update`: the router. A key goes to the top overlay, else to the focused pane, else to
//! the global keys; a worker's message goes to whichever pane or overlay waits for it. What
//! they ask beyond themselves (`Effect`s) is carried out here. Pure: no I/O, no clock.
use crate::mast::basket_messages::BasketRequest;
use crate::mast::criteria::Criteria;
use crate::remember::news::Seen;
use crate::remember::spec::SearchSpec;

use super::cmd::Cmd;
use super::component::Component;
use super::ctx::Ctx;
use super::effect::{Effect, OverlayRequest};
use super::focus::Pane;
use super::key::Key;
use super::keymap::{Action, Context};
use super::login_status::LoginStatus;
use super::message::Level;
use super::msg::{Msg, OpenOutcome};
use super::overlays::stack::Overlay;
use super::panes::catalog::{MAX_AROUND_DEG, MIN_AROUND_DEG};
use super::panes::results::news::NewsMarks;
use super::panes::search::form::FormQuery;
use super::state::State;

pub fn update(state: &mut State, msg: Msg) -> Vec<Cmd> {
    let mut out = Vec::new();
    route(state, msg, &mut out);
    out
}

/// A context over the state's shared parts. Its fields are borrowed one by one, so a pane
/// of the same state can be borrowed beside it.
macro_rules! cx {
    ($s:expr) => {{
        let access = $s.auth.status.access();
        Ctx::new(
            &mut $s.ids,
            &mut $s.message,
            ($s.width, $s.height),
            $s.now_ms,
            access,
        )
        .with_server(&$s.server)
    }};
}

impl State {
    /// The first commands: the mission list, the stored login, a basket left by an earlier
    /// session (one explicit start), and the command-line search if any.
    pub fn start(&mut self, criteria: Option<Criteria>) -> Vec<Cmd> {
        let mut out = Vec::new();
        let mut cx = cx!(self);
        self.search.start(&mut cx);
        let asked = cx.finish();
        finish(self, asked, &mut out);
        let req = self.ids.fresh();
        out.extend(self.auth.start(req));
        out.push(Cmd::Basket(BasketRequest::Open {
            only_if_journalled: true,
        }));
        if let Some(c) = criteria {
            self.search.fill(&c);
            self.search.editing = false;
            apply(self, vec![Effect::Search(c)], &mut out);
        }
        out
    }

    /// Opens a saved search (`mastui --saved NAME`): the form shows it and it runs; for
    /// observations, the rows new since its last run are marked as they land.
    pub fn start_saved(&mut self, name: &str, spec: &SearchSpec, last: Option<Seen>) -> Vec<Cmd> {
        let mut out = Vec::new();
        self.search.restore(spec);
        self.search.editing = false;
        match self.search.query() {
            Ok(FormQuery::Observations(c)) => {
                apply(self, vec![Effect::Search(c)], &mut out);
                self.results.news = Some(NewsMarks::new(name.to_string(), last));
            }
            Ok(FormQuery::Catalog(q)) => apply(self, vec![Effect::CatalogSearch(q)], &mut out),
            Ok(FormQuery::Mission(q)) => apply(self, vec![Effect::MissionSearch(q)], &mut out),
            Err(why) => self.error(format!("the saved search '{name}' does not run: {why}")),
        }
        out
    }

    /// Opens an overlay on top of the stack.
    pub fn open(&mut self, request: OverlayRequest) {
        let overlay = Overlay::open(request, &self.results, &self.catalog);
        self.overlays.push(overlay);
    }
}

/// Starts a search as Enter in the form does (without asking first about a large count):
/// the results pane shows it.
pub fn start_search(state: &mut State, criteria: Criteria) -> Vec<Cmd> {
    let mut out = Vec::new();
    apply(state, vec![Effect::Search(criteria)], &mut out);
    out
}

/// What a pane or overlay asked for while it ran.
type Asked = (Vec<Cmd>, Vec<Effect>, bool);

/// Runs `f` on a pane with a context; returns what it gave and what it asked for.
fn on_pane<R>(
    state: &mut State,
    pane: Pane,
    f: impl FnOnce(&mut dyn Component, &mut Ctx) -> R,
) -> (R, Asked) {
    let access = state.auth.status.access();
    let State {
        ids,
        message,
        search,
        results,
        products,
        basket,
        catalog,
        mission,
        width,
        height,
        now_ms,
        server,
        ..
    } = state;
    let mut cx = Ctx::new(ids, message, (*width, *height), *now_ms, access).with_server(server);
    let c: &mut dyn Component = match pane {
        Pane::Search => search,
        Pane::Results => results,
        Pane::Products => products,
        Pane::Basket => basket,
        Pane::Catalog => catalog,
        Pane::Mission => mission,
    };
    let r = f(c, &mut cx);
    (r, cx.finish())
}

/// Runs `f` on the top overlay (with the products pane and the login state, which some
/// overlays act on); None when no overlay is open.
fn on_overlay<R>(
    state: &mut State,
    f: impl FnOnce(&mut Overlay, &mut State2<'_>, &mut Ctx) -> R,
) -> Option<(R, Asked)> {
    let access = state.auth.status.access();
    let State {
        ids,
        message,
        overlays,
        products,
        results,
        auth,
        width,
        height,
        now_ms,
        server,
        ..
    } = state;
    let top = overlays.last_mut()?;
    let mut cx = Ctx::new(ids, message, (*width, *height), *now_ms, access).with_server(server);
    let mut rest = State2 {
        products,
        results,
        auth,
    };
    let r = f(top, &mut rest, &mut cx);
    Some((r, cx.finish()))
}

/// The parts of the state an overlay may be handed beside itself.
struct State2<'a> {
    products: &'a mut super::panes::products::ProductsPane,
    results: &'a mut super::panes::results::ResultsPane,
    auth: &'a mut super::login_status::Auth,
}

/// Keeps the commands, closes the overlay that asked, and carries out the effects.
fn finish(state: &mut State, (cmds, effects, close): Asked, out: &mut Vec<Cmd>) {
    out.extend(cmds);
    if close {
        state.overlays.pop();
    }
    apply(state, effects, out);
}

fn apply(state: &mut State, effects: Vec<Effect>, out: &mut Vec<Cmd>) {
    for effect in effects {
        match effect {
            Effect::Focus(pane) => focus(state, pane, out),
            Effect::Open(request) => {
                state.open(request);
                // An overlay that asks the worker as it opens (the cutout form's sectors).
                if let Some((_, asked)) = on_overlay(state, |o, _, cx| o.on_open(cx)) {
                    finish(state, asked, out);
                }
            }
            Effect::Search(criteria) => {
                let mut cx = cx!(state);
                state.results.start(criteria, &mut cx);
                cx.clear_message();
                let asked = cx.finish();
                finish(state, asked, out);
                focus(state, Pane::Results, out);
            }
            Effect::CatalogSearch(query) => {
                let mut cx = cx!(state);
                state.catalog.start(query, &mut cx);
                cx.clear_message();
                let asked = cx.finish();
                finish(state, asked, out);
                focus(state, Pane::Catalog, out);
            }
            Effect::MissionSearch(query) => {
                let mut cx = cx!(state);
                state.mission.start(query, &mut cx);
                cx.clear_message();
                let asked = cx.finish();
                finish(state, asked, out);
                focus(state, Pane::Mission, out);
            }
            Effect::ObservationsAround { ra, dec } => {
                let criteria = state.search.observations_around(ra, dec);
                apply(state, vec![Effect::Search(criteria)], out);
            }
            Effect::SourcesAround { ra, dec, radius } => {
                // At least MAST's own catalog cone (an aperture's footprint is arcseconds
                // across, less than a catalog's positions and proper motions allow), at most
                // half a degree; to the micro-degree, rounded out, so the form reads well.
                let capped = (radius.clamp(MIN_AROUND_DEG, MAX_AROUND_DEG) * 1e6).ceil() / 1e6;
                match state.search.sources_around(ra, dec, capped) {
                    Ok(query) => {
                        apply(state, vec![Effect::CatalogSearch(query)], out);
                        if radius > MAX_AROUND_DEG {
                            state.info(format!(
                                "the footprint reaches {radius:.2}°; {} is searched within {MAX_AROUND_DEG}° of its centre",
                                state.catalog.name()
                            ));
                        }
                    }
                    Err(problem) => state.error(format!("cannot list sources here: {problem}")),
                }
            }
            Effect::ListProducts(observations) => {
                let mut cx = cx!(state);
                state.products.start(observations, &mut cx);
                let asked = cx.finish();
                finish(state, asked, out);
                focus(state, Pane::Products, out);
            }
            Effect::ListDatasetProducts { mission, datasets } => {
                let mut cx = cx!(state);
                state.products.start_datasets(&mission, datasets, &mut cx);
                let asked = cx.finish();
                finish(state, asked, out);
                focus(state, Pane::Products, out);
            }
            Effect::RestoreSearch(spec) => {
                let mut cx = cx!(state);
                state.search.restore(&spec);
                state.search.editing = true;
                state.search.changed(&mut cx);
                let asked = cx.finish();
                finish(state, asked, out);
                focus(state, Pane::Search, out);
            }
            Effect::SaveSearch { name, spec } => out.push(Cmd::SaveSearch { name, spec }),
            Effect::SetColumns(chosen) => {
                let (_, asked) = on_pane(state, state.pane, |c, cx| c.choose_columns(chosen, cx));
                finish(state, asked, out);
            }
            Effect::PaneAction(action) => {
                let (_, asked) = on_pane(state, state.pane, |c, cx| c.on_action(action, cx));
                finish(state, asked, out);
            }
            Effect::Command { text, command } => {
                let effects = super::command_run::carry_out(state, text, command, out);
                apply(state, effects, out);
            }
            Effect::Quit => state.quit = true,
        }
    }
}

fn focus(state: &mut State, pane: Pane, out: &mut Vec<Cmd>) {
    state.pane = pane;
    let (_, asked) = on_pane(state, pane, |c, cx| c.on_focus(cx));
    finish(state, asked, out);
}

fn route(state: &mut State, msg: Msg, out: &mut Vec<Cmd>) {
    match msg {
        Msg::Key(key) => on_key(state, key, out),
        Msg::Paste(text) => on_paste(state, &text, out),
        Msg::Resize { width, height } => {
            state.width = width;
            state.height = height;
            for pane in Pane::ALL {
                let (_, asked) = on_pane(state, pane, |c, cx| c.on_resize(cx));
                finish(state, asked, out);
            }
        }
        Msg::Tick { now_ms } => {
            state.now_ms = now_ms;
            for pane in Pane::ALL {
                on_pane(state, pane, |c, _| c.on_tick(now_ms));
            }
        }
        Msg::Shutdown => state.quit = true,
        Msg::Auth { req, check } => {
            let was_checking = state.auth.status == LoginStatus::Checking;
            let mut cx = cx!(state);
            let startup = state.auth.on_start_up(req, &check, &mut cx);
            let asked = cx.finish();
            finish(state, asked, out);
            if !startup
                && let Some((_, asked)) = on_overlay(state, |o, rest, cx| match o {
                    Overlay::Login(l) => l.on_checked(req, check, rest.auth, cx),
                    _ => false,
                })
            {
                finish(state, asked, out);
            }
            if was_checking && state.auth.status != LoginStatus::Checking {
                let mut cx = cx!(state);
                state.basket.after_login_check(&mut cx);
                let asked = cx.finish();
                finish(state, asked, out);
            }
        }
        Msg::Notice(text) => state.info(text),
        Msg::Exported(Ok(text)) => state.info(text),
        Msg::Exported(Err(text)) => state.error(text),
        Msg::SearchSaved(Ok(name)) => state.info(format!(
            "saved as '{name}': mastui search --saved {name} runs it, --new shows what came since"
        )),
        Msg::SearchSaved(Err(why)) => state.error(format!("not saved: {why}")),
        Msg::TokenStored { result } => match result {
            Ok(place) => state.info(format!("token kept in {place}")),
            Err(e) => state.error(format!(
                "{e}; the token is kept for this session only (L, then f, keeps it in a 0600 file)"
            )),
        },
        Msg::Opened { url, outcome } => {
            let url = crate::sanitize::printable(&url).into_owned();
            match outcome {
                OpenOutcome::Browser => state.info(format!("opened {url}")),
                OpenOutcome::Copied => state.info(format!("no display here; copied {url}")),
                OpenOutcome::Failed(e) => state.error(format!("could not open {url}: {e}")),
            }
        }
        other => {
            // The top overlay first (the cutout form waits for its sectors), then the panes.
            let mut msg = Some(other);
            if !state.overlays.is_empty()
                && let Some(m) = msg.take()
                && let Some((left, asked)) = on_overlay(state, |o, _, cx| match o.component() {
                    Some(c) => c.on_msg(m, cx),
                    None => Some(m),
                })
            {
                finish(state, asked, out);
                msg = left;
            }
            for pane in Pane::ALL {
                let Some(m) = msg.take() else { break };
                let (left, asked) = on_pane(state, pane, |c, cx| c.on_msg(m, cx));
                finish(state, asked, out);
                msg = left;
            }
            // A job nobody waits for died of a bug: say so anyway.
            if let Some(Msg::JobFailed { message, .. }) = msg {
                state.error(format!(
                    "internal error: {message} (a bug in mastui; please report it)"
                ));
            }
        }
    }
}

fn on_key(state: &mut State, key: Key, out: &mut Vec<Cmd>) {
    // An info line lasts until the next key; errors stay until Esc or a newer message.
    if state
        .message
        .as_ref()
        .is_some_and(|m| m.level == Level::Info)
    {
        state.message = None;
    }
    let typing = match state.overlay() {
        Some(o) => o.typing(),
        None => state.focused().typing(),
    };
    match state.keys.lookup(&active_contexts(state), &key) {
        Some(Action::ForceQuit) => state.quit = true,
        Some(action) if !state.overlays.is_empty() => {
            if let Some((_, asked)) = on_overlay(state, |o, rest, cx| match o {
                Overlay::Facets(f) => f.on_action(action, rest.products, cx),
                Overlay::Sky(s) => s.on_action(action, rest.results, cx),
                other => other.component().is_some_and(|c| c.on_action(action, cx)),
            }) {
                finish(state, asked, out);
            }
        }
        Some(action) => {
            let (handled, asked) = on_pane(state, state.pane, |c, cx| c.on_action(action, cx));
            finish(state, asked, out);
            if !handled {
                global(state, action, out);
            }
        }
        None if typing => match state.overlay() {
            Some(_) => {
                if let Some((_, asked)) = on_overlay(state, |o, _, cx| {
                    if let Some(c) = o.component() {
                        c.on_key(&key, cx)
                    }
                }) {
                    finish(state, asked, out);
                }
            }
            None => {
                let (_, asked) = on_pane(state, state.pane, |c, cx| c.on_key(&key, cx));
                finish(state, asked, out);
            }
        },
        None => {}
    }
}

/// The keymap contexts that apply now, most specific first: the top overlay's, else the
/// focused pane's and the global keys (unless a field has the keyboard); Ctrl-C always.
pub fn active_contexts(state: &State) -> Vec<Context> {
    let mut v = match state.overlay() {
        Some(o) => o.contexts(),
        None => {
            let c = state.focused();
            let mut v = c.contexts();
            if !c.typing() {
                v.push(Context::Global);
            }
            v
        }
    };
    v.push(Context::Always);
    v
}

fn on_paste(state: &mut State, text: &str, out: &mut Vec<Cmd>) {
    match state.overlay() {
        Some(o) if o.typing() => {
            if let Some((_, asked)) = on_overlay(state, |o, _, cx| {
                if let Some(c) = o.component() {
                    c.on_paste(text, cx)
                }
            }) {
                finish(state, asked, out);
            }
        }
        Some(_) => {}
        None if state.focused().typing() => {
            let (_, asked) = on_pane(state, state.pane, |c, cx| c.on_paste(text, cx));
            finish(state, asked, out);
        }
        None => {}
    }
}

/// The keys every pane shares, when the pane did not take the action.
fn global(state: &mut State, action: Action, out: &mut Vec<Cmd>) {
    match action {
        // Quitting stops running downloads (they resume next time): ask first.
        Action::Quit => match state.basket.quit_question() {
            Some(question) => state.open(OverlayRequest::Confirm {
                question,
                yes: Box::new(Effect::Quit),
            }),
            None => state.quit = true,
        },
        Action::NextPane => focus(state, state.pane.step(1), out),
        Action::PrevPane => focus(state, state.pane.step(-1), out),
        Action::GoPane(i) => {
            let last = Pane::ALL.len() - 1;
            focus(state, Pane::ALL[usize::from(i).min(last)], out)
        }
        Action::Help => state.open(OverlayRequest::Help),
        Action::CommandLine => {
            state.open(OverlayRequest::CommandLine(state.command_history.clone()))
        }
        Action::Login => state.open(OverlayRequest::Login),
        // Esc that nothing else wanted: drop the message.
        Action::Back => state.message = None,
        _ => {}
    }
}
