//! `update`: the one place where state changes. Pure: no I/O, no clock, no randomness.
use crate::mast::MastError;
use crate::mast::criteria::Criteria;

use super::advice::describe;
use super::cmd::Cmd;
use super::key::Key;
use super::keymap::{Action, Context, lookup};
use super::layout;
use super::msg::{Msg, ReqId, Timer};
use super::overlay::{ColumnChooser, Confirm, ConfirmAction, Overlay};
use super::products::ProductsPane;
use super::products_keys;
use super::results::Results;
use super::search_form::{CountState, FieldId};
use super::state::{Level, Pane, State};
use super::text_input;
use crate::common::format::thousands;

/// Quiet time after the last keystroke before the form's matches are counted.
pub const COUNT_DEBOUNCE_MS: u64 = 350;
/// Rows asked per page: the first page shows quickly, later ones stream in.
pub const PAGE_SIZE: u32 = 5_000;
/// Above this many matches, ask before fetching everything (MAST resets very large answers).
pub const CONFIRM_ROWS: u64 = 500_000;

pub fn update(state: &mut State, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Key(key) => on_key(state, key),
        Msg::Paste(text) => on_paste(state, &text),
        Msg::Resize { width, height } => {
            state.width = width;
            state.height = height;
            let rows = state.grid_rows();
            state.results.scroll_into_view(rows);
            state.results.fix_col_offset(width);
            Vec::new()
        }
        Msg::Tick { now_ms } => {
            state.now_ms = now_ms;
            state.basket.on_tick(now_ms);
            if let Some(l) = state.results.loading.as_mut() {
                l.started_ms.get_or_insert(now_ms);
            }
            Vec::new()
        }
        Msg::Timer(Timer::CountDebounce { edit }) if edit == state.search.edit => {
            start_count(state)
        }
        Msg::Timer(_) => Vec::new(),
        Msg::Auth { req, check } => {
            let was_checking = state.auth.status == super::login::LoginStatus::Checking;
            let cmds = super::login::on_checked(state, req, check);
            super::rights::after_login_check(state, was_checking);
            cmds
        }
        Msg::TokenStored { result } => super::login::on_stored(state, result),
        Msg::Shutdown => {
            state.quit = true;
            Vec::new()
        }
        Msg::Missions { req, result } => {
            if state.search.missions_req != Some(req) {
                return Vec::new();
            }
            state.search.missions_req = None;
            match result {
                Ok(m) => {
                    state.search.missions = m;
                    state.search.revalidate();
                }
                // The form still works without the list; say so once.
                Err(e) => state.error(describe("mission list", &e)),
            }
            Vec::new()
        }
        Msg::Count { req, result } => {
            if state.search.count != CountState::Running(req) {
                return Vec::new();
            }
            state.search.count = match result {
                Ok(n) => CountState::Known(n),
                Err(e) => CountState::Failed(describe("count", &e)),
            };
            Vec::new()
        }
        Msg::SearchPage {
            req,
            page,
            pages,
            rows_filtered,
            table,
        } => {
            let results = &mut state.results;
            let Some(loading) = results.loading.as_mut().filter(|l| l.req == req) else {
                return Vec::new();
            };
            loading.pages_done = page;
            loading.pages = pages;
            results.total = Some(rows_filtered);
            let cmds = results.add_page(table, &mut || state.ids.fresh());
            state.results.fix_col_offset(state.width);
            cmds
        }
        Msg::SearchDone { req, result } => {
            if state.results.search_req() != Some(req) {
                return Vec::new();
            }
            state.results.loading = None;
            let rows = state.results.data.rows() as u64;
            match result {
                Ok(()) => {
                    state.results.partial = state.results.total.is_some_and(|t| t > rows);
                }
                Err(MastError::Cancelled) => state.results.partial = true,
                Err(e) => {
                    let text = describe("search", &e);
                    state.results.partial = rows > 0;
                    state.results.failed = Some(text.clone());
                    state.error(text);
                }
            }
            Vec::new()
        }
        Msg::JobFailed { req, message } => job_failed(state, req, message),
        Msg::ViewReady { req, index, .. } if products_keys::is_sort(state, req) => {
            products_keys::on_sorted(state, req, index)
        }
        Msg::ViewReady {
            req,
            index,
            covered,
        } => state
            .results
            .view_ready(req, index, covered, &mut || state.ids.fresh()),
        Msg::ProductsBatch {
            req,
            table,
            done,
            total,
        } => products_keys::on_batch(state, req, table, done, total),
        Msg::Products { req, result } => {
            products_keys::on_done(state, req, result);
            Vec::new()
        }
        Msg::Opened { url, outcome } => {
            products_keys::on_opened(state, &url, outcome);
            Vec::new()
        }
        Msg::BasketItem(item) => {
            super::rights::on_basket_item(state, item);
            Vec::new()
        }
        Msg::BasketProgress { id, bytes, total } => {
            state.basket.on_progress(id, bytes, total);
            Vec::new()
        }
        Msg::BasketInfo { dir, free } => {
            state.basket.dir = dir;
            state.basket.free = free;
            Vec::new()
        }
        Msg::BasketNote(text) => {
            state.info(text);
            Vec::new()
        }
    }
}

/// The keymap contexts that apply now, most specific first.
pub fn active_contexts(state: &State) -> Vec<Context> {
    let mut v = Vec::new();
    match &state.overlay {
        Some(Overlay::Help { .. }) => v.push(Context::Help),
        Some(Overlay::Detail { .. }) => v.push(Context::Detail),
        Some(Overlay::Columns(_)) => v.push(Context::Columns),
        Some(Overlay::Filter { .. }) => v.push(Context::Filter),
        Some(Overlay::Confirm(_)) => v.push(Context::Confirm),
        Some(Overlay::Login(_)) => v.push(Context::Login),
        None => match state.pane {
            Pane::Search if state.search.editing => {
                if state.search.focused() == FieldId::Collection {
                    v.push(Context::Collection);
                }
                v.push(Context::FormEdit);
            }
            Pane::Search => v.extend([Context::FormBrowse, Context::Global]),
            Pane::Results => v.extend([Context::Grid, Context::Global]),
            Pane::Products => v.extend(products_keys::contexts(&state.products)),
            Pane::Basket => v.extend([Context::Basket, Context::Global]),
        },
    }
    v.push(Context::Always);
    v
}

/// True when typed characters go into a text field.
fn typing(state: &State) -> bool {
    matches!(state.overlay, Some(Overlay::Filter { .. }))
        || (state.overlay.is_none() && state.pane == Pane::Search && state.search.editing)
        || (state.overlay.is_none()
            && state.pane == Pane::Products
            && products_keys::typing(&state.products))
}

fn on_key(state: &mut State, key: Key) -> Vec<Cmd> {
    // An info line lasts until the next key; errors stay until Esc or a newer message.
    if state
        .message
        .as_ref()
        .is_some_and(|m| m.level == Level::Info)
    {
        state.message = None;
    }
    // The login prompt takes every key: a token may contain any letter.
    if matches!(state.overlay, Some(Overlay::Login(_))) {
        return super::login::on_key(state, &key);
    }
    match lookup(&active_contexts(state), &key) {
        Some(action) => act(state, action),
        None if typing(state) => type_key(state, &key),
        None => Vec::new(),
    }
}

fn on_paste(state: &mut State, text: &str) -> Vec<Cmd> {
    if super::login::on_paste(state, text) {
        return Vec::new();
    }
    match &mut state.overlay {
        Some(Overlay::Filter { input }) => {
            if text_input::paste(input, text) {
                return filter_changed(state);
            }
            Vec::new()
        }
        None if state.pane == Pane::Products && products_keys::typing(&state.products) => {
            products_keys::paste(state, text)
        }
        None if state.pane == Pane::Search && state.search.editing => {
            let f = state.search.focus;
            if text_input::paste(&mut state.search.fields[f].input, text) {
                return form_changed(state);
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A key that no binding took, while a field has the keyboard.
fn type_key(state: &mut State, key: &Key) -> Vec<Cmd> {
    if let Some(Overlay::Filter { input }) = &mut state.overlay {
        if text_input::apply_key(input, key) {
            return filter_changed(state);
        }
        return Vec::new();
    }
    if state.pane == Pane::Products {
        return products_keys::type_key(state, key);
    }
    let f = state.search.focus;
    if text_input::apply_key(&mut state.search.fields[f].input, key) {
        state.search.mission_pick = None;
        return form_changed(state);
    }
    Vec::new()
}

fn act(state: &mut State, action: Action) -> Vec<Cmd> {
    if state.overlay.is_some() {
        return overlay_action(state, action);
    }
    if state.pane == Pane::Products
        && let Some(cmds) = products_keys::act(state, action)
    {
        return cmds;
    }
    if state.pane == Pane::Basket
        && let Some(cmds) = state.basket.act(action)
    {
        return cmds;
    }
    // Quitting stops running downloads (they resume next time): ask first.
    if action == Action::Quit && state.basket.running() {
        state.overlay = Some(Overlay::Confirm(Confirm {
            question: format!(
                "{} downloads are still running or queued; quit? They resume on the next start (y/n)",
                state.basket.active() + state.basket.queued()
            ),
            action: ConfirmAction::Quit,
        }));
        return Vec::new();
    }
    let before = state.pane;
    let page = state.grid_rows();
    let r = &mut state.results;
    match action {
        Action::Quit | Action::ForceQuit => state.quit = true,
        Action::NextPane => state.pane = Pane::ALL[(state.pane.index() + 1) % 4],
        Action::PrevPane => state.pane = Pane::ALL[(state.pane.index() + 3) % 4],
        Action::GoPane(i) => state.pane = Pane::ALL[usize::from(i).min(3)],
        Action::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Back => return back(state),
        Action::NextField | Action::PrevField => {
            let n = state.search.fields.len();
            let step = if action == Action::NextField {
                1
            } else {
                n - 1
            };
            state.search.focus = (state.search.focus + step) % n;
            state.search.mission_pick = None;
        }
        Action::EditField => state.search.editing = true,
        Action::RunSearch => return run_search(state),
        Action::CountNow => return start_count(state),
        Action::NextMission | Action::PrevMission => pick_mission(state, action),
        Action::Up => r.move_cursor(-1, page),
        Action::Down => r.move_cursor(1, page),
        Action::Top => r.move_cursor(isize::MIN / 2, page),
        Action::Bottom => r.move_cursor(isize::MAX / 2, page),
        Action::HalfDown => r.move_cursor((page / 2).max(1) as isize, page),
        Action::HalfUp => r.move_cursor(-((page / 2).max(1) as isize), page),
        Action::PageDown => r.move_cursor(page as isize, page),
        Action::PageUp => r.move_cursor(-(page as isize), page),
        Action::Left => r.move_column(-1, state.width),
        Action::Right => r.move_column(1, state.width),
        Action::Filter => {
            let input = tui_input::Input::new(r.filter.clone());
            state.overlay = Some(Overlay::Filter { input });
        }
        Action::Sort | Action::SortReverse => {
            r.sort_by_cursor(action == Action::SortReverse);
            return r.refresh_view(&mut || state.ids.fresh());
        }
        Action::Columns => {
            if !r.data.names().is_empty() {
                let chooser = ColumnChooser::new(&r.visible, r.data.names().len());
                state.overlay = Some(Overlay::Columns(chooser));
            }
        }
        Action::Mark => {
            if let Some(row) = r.current_row() {
                r.marks.toggle(row);
                r.move_cursor(1, page);
            }
        }
        Action::MarkAll => r.mark_all(),
        Action::UnmarkAll => r.marks.clear(),
        Action::Details => {
            if let Some(row) = r.current_row() {
                state.overlay = Some(Overlay::Detail { row, scroll: 0 });
            }
        }
        Action::Products => return ask_products(state),
        Action::Login => return super::login::open(state),
        Action::Accept
        | Action::ToggleColumn
        | Action::MoveColumnUp
        | Action::MoveColumnDown
        | Action::Yes
        | Action::No
        | Action::GuideStars
        | Action::Facets
        | Action::ToBasket
        | Action::Open
        | Action::BasketPause
        | Action::BasketCancel
        | Action::BasketRetry
        | Action::BasketRetryAll
        | Action::BasketCurl => {}
    }
    // The basket's journal is loaded the first time its pane is shown.
    if state.pane == Pane::Basket && before != Pane::Basket && !state.basket.opened {
        state.basket.opened = true;
        return vec![Cmd::BasketOpen];
    }
    Vec::new()
}

fn overlay_action(state: &mut State, action: Action) -> Vec<Cmd> {
    let Some(overlay) = state.overlay.as_mut() else {
        return Vec::new();
    };
    if action == Action::ForceQuit {
        state.quit = true;
        return Vec::new();
    }
    match (overlay, action) {
        (Overlay::Filter { .. }, Action::Back) => {
            state.overlay = None;
            state.results.filter.clear();
            return state.results.refresh_view(&mut || state.ids.fresh());
        }
        (Overlay::Filter { .. }, Action::Accept) => state.overlay = None,
        (Overlay::Filter { .. }, Action::Up | Action::Down) => {
            let delta = if action == Action::Up { -1 } else { 1 };
            let page = layout::grid_rows(state.height);
            state.results.move_cursor(delta, page);
        }
        (Overlay::Help { scroll } | Overlay::Detail { scroll, .. }, Action::Down) => *scroll += 1,
        (Overlay::Help { scroll } | Overlay::Detail { scroll, .. }, Action::Up) => {
            *scroll = scroll.saturating_sub(1)
        }
        (Overlay::Columns(c), Action::Down) => c.move_cursor(1),
        (Overlay::Columns(c), Action::Up) => c.move_cursor(-1),
        (Overlay::Columns(c), Action::ToggleColumn) => c.toggle(),
        (Overlay::Columns(c), Action::MoveColumnUp) => c.shift(-1),
        (Overlay::Columns(c), Action::MoveColumnDown) => c.shift(1),
        (Overlay::Columns(c), Action::Accept) => {
            let chosen = c.chosen();
            state.overlay = None;
            if state.pane == Pane::Products {
                state.products.set_columns(chosen);
                return Vec::new();
            }
            let r = &mut state.results;
            r.visible = chosen;
            r.col = r.col.min(r.visible.len().saturating_sub(1));
            r.col_offset = 0;
            r.fix_col_offset(state.width);
            // The filter reads the visible columns, so a new choice changes its answer.
            if !r.filter.is_empty() {
                r.view_filter.clear();
                return r.refresh_view(&mut || state.ids.fresh());
            }
        }
        (Overlay::Confirm(c), Action::Yes) => {
            let action = c.action.clone();
            state.overlay = None;
            match action {
                ConfirmAction::Search(criteria) => return start_search(state, criteria),
                ConfirmAction::Quit => state.quit = true,
            }
        }
        (_, Action::Back | Action::No) => state.overlay = None,
        _ => {}
    }
    Vec::new()
}

/// Esc outside overlays: leave the field, clear the filter, stop loading, drop the message.
fn back(state: &mut State) -> Vec<Cmd> {
    if state.pane == Pane::Search && state.search.editing {
        state.search.editing = false;
        return Vec::new();
    }
    if state.pane == Pane::Results {
        let r = &mut state.results;
        if !r.filter.is_empty() {
            r.filter.clear();
            return r.refresh_view(&mut || state.ids.fresh());
        }
        if let Some(l) = r.loading.take() {
            r.partial = true;
            let text = format!(
                "search stopped: {} of {} rows kept",
                thousands(r.data.rows() as u64),
                thousands(r.total.unwrap_or(0)),
            );
            state.info(text);
            return vec![Cmd::Cancel(l.req)];
        }
    }
    state.message = None;
    Vec::new()
}

/// The form changed: revalidate, forget the old count, and schedule a new one.
fn form_changed(state: &mut State) -> Vec<Cmd> {
    let form = &mut state.search;
    form.edit += 1;
    form.revalidate();
    let mut cmds = Vec::new();
    if let CountState::Running(old) = form.count {
        cmds.push(Cmd::Cancel(old));
    }
    if form.is_empty() || form.has_problems() {
        form.count = CountState::Idle;
    } else {
        form.count = CountState::Waiting;
        cmds.push(Cmd::Schedule {
            after_ms: COUNT_DEBOUNCE_MS,
            timer: Timer::CountDebounce { edit: form.edit },
        });
    }
    cmds
}

fn start_count(state: &mut State) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    if let CountState::Running(old) = state.search.count {
        cmds.push(Cmd::Cancel(old));
    }
    match state.search.criteria() {
        Ok(criteria) if !state.search.is_empty() => {
            let req = state.ids.fresh();
            state.search.count = CountState::Running(req);
            cmds.push(Cmd::Count { req, criteria });
        }
        _ => state.search.count = CountState::Idle,
    }
    cmds
}

fn run_search(state: &mut State) -> Vec<Cmd> {
    if state.search.is_empty() {
        state.error("type at least one criterion (a target, a collection, a proposal id...)");
        return Vec::new();
    }
    match state.search.criteria() {
        Err(problem) => {
            state.error(format!("fix the form first: {problem}"));
            Vec::new()
        }
        Ok(criteria) => match state.search.count {
            CountState::Known(n) if n > CONFIRM_ROWS => {
                state.overlay = Some(Overlay::Confirm(Confirm {
                    question: format!(
                        "{} observations match; fetch them all? Narrower criteria are faster.",
                        thousands(n)
                    ),
                    action: ConfirmAction::Search(criteria),
                }));
                Vec::new()
            }
            _ => start_search(state, criteria),
        },
    }
}

/// Starts a search, replacing (and cancelling) the previous one; focus moves to the results.
pub fn start_search(state: &mut State, criteria: Criteria) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    let old = &state.results;
    cmds.extend(old.search_req().map(Cmd::Cancel));
    cmds.extend(old.view_req.map(Cmd::Cancel));
    let req = state.ids.fresh();
    state.results = Results::start(req, criteria.clone());
    state.pane = Pane::Results;
    state.message = None;
    cmds.push(Cmd::Search {
        req,
        criteria,
        pagesize: PAGE_SIZE,
    });
    cmds
}

fn pick_mission(state: &mut State, action: Action) {
    let form = &mut state.search;
    let n = form.missions.len();
    if n == 0 {
        state.info("the mission list has not arrived yet");
        return;
    }
    let next = match (form.mission_pick, action) {
        (None, Action::NextMission) => 0,
        (None, _) => n - 1,
        (Some(i), Action::NextMission) => (i + 1) % n,
        (Some(i), _) => (i + n - 1) % n,
    };
    let name = form.missions[next].name.clone();
    form.set_value(FieldId::Collection, &name);
    form.mission_pick = Some(next);
    let _ = form_changed(state);
}

fn ask_products(state: &mut State) -> Vec<Cmd> {
    let obsids = state.results.selected_obsids();
    if obsids.is_empty() {
        state.error("no obsid in the selected rows: mark observations with Space first");
        return Vec::new();
    }
    let mut cmds: Vec<Cmd> = state
        .products
        .req
        .take()
        .map(Cmd::Cancel)
        .into_iter()
        .collect();
    let req = state.ids.fresh();
    state.products = ProductsPane::start(req, obsids.len(), &state.products);
    state.pane = Pane::Products;
    cmds.push(Cmd::Products { req, obsids });
    cmds
}

fn filter_changed(state: &mut State) -> Vec<Cmd> {
    if let Some(Overlay::Filter { input }) = &state.overlay {
        state.results.filter = input.value().to_string();
    }
    state.results.refresh_view(&mut || state.ids.fresh())
}

/// A job that died of a bug answers as a failure, so whatever waits on it stops waiting.
fn job_failed(state: &mut State, req: ReqId, message: String) -> Vec<Cmd> {
    let err = MastError::Protocol {
        what: "internal error".into(),
        message: format!("{message} (a bug in mastui; please report it)"),
    };
    if state.results.search_req() == Some(req) {
        return update(
            state,
            Msg::SearchDone {
                req,
                result: Err(err),
            },
        );
    }
    if state.search.count == CountState::Running(req) {
        return update(
            state,
            Msg::Count {
                req,
                result: Err(err),
            },
        );
    }
    if state.search.missions_req == Some(req) {
        return update(
            state,
            Msg::Missions {
                req,
                result: Err(err),
            },
        );
    }
    if state.products.req == Some(req) {
        return update(
            state,
            Msg::Products {
                req,
                result: Err(err),
            },
        );
    }
    if products_keys::is_sort(state, req) {
        state.products.sort_failed();
        state.error(format!("sorting products: {err}"));
        return Vec::new();
    }
    if state.results.view_req == Some(req) {
        state.results.view_req = None;
    }
    state.error(describe("internal error", &err));
    Vec::new()
}
