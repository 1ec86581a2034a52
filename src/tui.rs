//! The UI loop: terminal events, worker answers, signals and (only while busy) a tick go in
//! as `Msg`s; `update` turns them into state and `Cmd`s; frames are drawn only when the state
//! changed, at most about 60 a second. Idle means asleep.
use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio::time::{MissedTickBehavior, interval, sleep_until};

use crate::app::panes::products::preview::Preview;
use crate::app::{self, Key, KeyCode, Mods, Msg, State};
use crate::mast::client::MastClient;
use crate::mast::criteria::Criteria;
use crate::mast::retry::RetryPolicy;
use crate::sim::{SimOptions, start};
use crate::term::TerminalGuard;
use crate::ui::Theme;
use crate::ui::image_protocol::PreviewMode;
use crate::worker::Worker;
use crate::worker::credits::{BULK_IN_QUEUE, Credits};

/// How the browser starts.
#[derive(Debug, Clone, Default)]
pub struct TuiOptions {
    /// The archive's base URL (ignored with `demo`).
    pub server: String,
    /// Where that address came from (`--server`, `MASTUI_SERVER`, the default), named when
    /// nothing answers there.
    pub server_source: String,
    /// Retries and the low-speed rule, as the headless commands take them.
    pub policy: RetryPolicy,
    /// Start the simulated archive in-process and browse it.
    pub demo: bool,
    /// Criteria from the command line: that search starts at once.
    pub criteria: Option<Criteria>,
    /// Previews off, or drawn with which image protocol (`MASTUI_PREVIEWS`).
    pub previews: PreviewMode,
    /// What the config file and environment ask of the browser.
    pub prefs: BrowserPrefs,
    /// A saved search to open and run (`mastui --saved NAME`), read before the terminal
    /// was taken over.
    pub saved: Option<SavedStart>,
    /// Where the last session stopped (not with criteria or a saved search).
    pub session: Option<crate::remember::session::Session>,
}

/// The browser's own settings (`browser.*`, `products.*`, `[keys]`).
#[derive(Debug, Clone, Default)]
pub struct BrowserPrefs {
    pub mono: bool,
    pub mouse: bool,
    pub keys: crate::app::remap::Keymap,
    pub guide_stars_shown: bool,
    pub products_filter: String,
    /// The basket's directory, layout and parallelism at start (`o` and `:set` change them).
    pub download: Option<crate::mast::basket_messages::DownloadSettings>,
}

/// `mastui --saved NAME`: the search, and what its last complete run saw.
#[derive(Debug, Clone)]
pub struct SavedStart {
    pub name: String,
    pub spec: crate::remember::spec::SearchSpec,
    pub last: Option<crate::remember::news::Seen>,
}

/// The token the demo archive accepts for its exclusive-access data (JWST program 1073,
/// observations 12-14): the login prompt tells it, so the login can be tried without an account.
pub const DEMO_TOKEN: &str = "demo";

/// The simulated archive `--demo` browses.
pub fn demo_options() -> SimOptions {
    SimOptions {
        tokens: vec![DEMO_TOKEN.to_string()],
        ..SimOptions::default()
    }
}

const FRAME: Duration = Duration::from_millis(16);
const TICK: Duration = Duration::from_millis(80);
/// Worker answers handled before a redraw gets a chance (pages can arrive in bursts).
const BATCH: usize = 64;

pub async fn run_tui(opts: TuiOptions) -> Result<(), String> {
    // The simulator lives as long as the browser; dropping the handle stops it.
    let sim = if opts.demo {
        Some(
            start(demo_options())
                .await
                .map_err(|e| format!("cannot start the demo archive: {e}"))?,
        )
    } else {
        None
    };
    let server = sim
        .as_ref()
        .map_or_else(|| opts.server.clone(), |s| s.base_url.clone());
    let (tx, mut rx) = unbounded_channel();
    // What the client has to say while it works (a stalled server being retried) reaches
    // the message line.
    let notices: crate::mast::http::Notices = {
        let tx = tx.clone();
        std::sync::Arc::new(move |text: &str| {
            let _ = tx.send(Msg::Notice(text.to_string()));
        })
    };
    let source = if sim.is_some() {
        "the demo archive".to_string()
    } else {
        opts.server_source.clone()
    };
    let client = MastClient::new(&server)
        .map_err(|e| e.to_string())?
        .with_policy(opts.policy.clone())
        .with_notices(notices)
        .with_server_source(source);
    let theme = match opts.prefs.mono {
        true => Theme::from_no_color(Some("mono")),
        false => Theme::from_no_color(std::env::var("NO_COLOR").ok().as_deref()),
    };
    let mut sigterm = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
    let mut sighup = signal(SignalKind::hangup()).map_err(|e| e.to_string())?;

    let mut term = TerminalGuard::enter(opts.prefs.mouse)
        .map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let (width, height) = term.size().unwrap_or((80, 24));
    let mut state = State::new(server, width, height);
    if sim.is_some() {
        state.auth.demo_token = Some(DEMO_TOKEN.to_string());
    }
    state.keys = opts.prefs.keys.clone();
    state.search.row_cap = opts.policy.row_cap;
    state.basket.settings = opts.prefs.download.clone();
    state
        .products
        .preset(opts.prefs.guide_stars_shown, &opts.prefs.products_filter);
    state.products.preview = Preview::new(opts.previews.enabled(), width);
    if let Some(picker) = crate::ui::image_protocol::picker(opts.previews) {
        crate::ui::preview::set_picker(picker);
    }
    let credits = Credits::new(BULK_IN_QUEUE);
    let mut worker = Worker::new(client, tx)
        .with_search_store(crate::config::Paths::from_env().search_store())
        .with_credits(credits.clone());
    for cmd in state.start(opts.criteria) {
        worker.run(cmd);
    }
    // The history for the form's Up/Down and Ctrl-R.
    worker.run(crate::app::cmd::Cmd::LoadHistory);
    if let Some(saved) = opts.saved {
        for cmd in state.start_saved(&saved.name, &saved.spec, saved.last) {
            worker.run(cmd);
        }
    } else if let Some(session) = opts.session {
        for cmd in state.start_session(session) {
            worker.run(cmd);
        }
    }
    // The first frame goes out before any network answer.
    term.draw(&state, &theme).map_err(|e| e.to_string())?;

    let started = Instant::now();
    let mut events = EventStream::new();
    let mut tick = interval(TICK);
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut dirty = false;
    let mut last_draw = Instant::now();
    let result = loop {
        let draw_at = tokio::time::Instant::from_std(last_draw + FRAME);
        let mut msgs: Vec<Msg> = Vec::new();
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Resize(w, h))) => {
                    let _ = term.resized();
                    msgs.push(Msg::Resize { width: w, height: h });
                }
                Some(Ok(ev)) => msgs.extend(translate(ev)),
                // The terminal is gone (closed window, dropped SSH link).
                Some(Err(_)) | None => msgs.push(Msg::Shutdown),
            },
            Some(msg) = rx.recv() => {
                msgs.push(msg);
                drain(&mut rx, &mut msgs);
            }
            _ = sigterm.recv() => msgs.push(Msg::Shutdown),
            _ = sighup.recv() => msgs.push(Msg::Shutdown),
            _ = tick.tick(), if state.busy() => {
                msgs.push(Msg::Tick { now_ms: started.elapsed().as_millis() as u64 });
            }
            _ = sleep_until(draw_at), if dirty => {
                if let Err(e) = term.draw(&state, &theme) {
                    break Err(e.to_string());
                }
                dirty = false;
                last_draw = Instant::now();
            }
        }
        // The bulk answers taken in free their credits: the worker may send more.
        credits.give_back(msgs.iter().filter(|m| m.is_bulk()).count());
        for msg in msgs {
            if matches!(&msg, Msg::Key(k) if k.code == KeyCode::F(12)) {
                crate::test_hook::panic_if_armed("ui");
            }
            dirty = true;
            for cmd in app::update(&mut state, msg) {
                worker.run(cmd);
            }
        }
        if state.quit {
            break Ok(());
        }
        // Draw at once when the last frame is old enough; otherwise the timer branch does.
        if dirty && last_draw.elapsed() >= FRAME {
            if let Err(e) = term.draw(&state, &theme) {
                break Err(e.to_string());
            }
            dirty = false;
            last_draw = Instant::now();
        }
    };
    worker.cancel_all();
    // Small and once: kept for the next start (a failure is only logged). The demo archive's
    // session is not the user's.
    if result.is_ok() && !opts.demo {
        let session = state.session();
        let path = crate::config::Paths::from_env().search_store();
        if let Err(e) = crate::remember::store::Store::update(&path, |s| s.session = Some(session))
        {
            tracing::warn!("the session was not kept: {e}");
        }
    }
    drop(term);
    for note in crate::panic_note::take() {
        eprintln!("mastui: a background job panicked (a bug; please report it): {note}");
    }
    // Leaving: no need to let the demo archive finish politely.
    drop(sim);
    result
}

fn drain(rx: &mut UnboundedReceiver<Msg>, msgs: &mut Vec<Msg>) {
    while msgs.len() < BATCH {
        match rx.try_recv() {
            Ok(m) => msgs.push(m),
            Err(_) => break,
        }
    }
}

/// Terminal events as `Msg`s (key releases are ignored). The mouse, when it is on, scrolls:
/// the wheel is the arrow keys, three rows a notch.
fn translate(ev: Event) -> Vec<Msg> {
    let arrows = |code| (0..3).map(|_| Msg::Key(Key::new(code))).collect();
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            key(k).map(Msg::Key).into_iter().collect()
        }
        Event::Paste(s) => vec![Msg::Paste(s)],
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => arrows(KeyCode::Down),
            MouseEventKind::ScrollUp => arrows(KeyCode::Up),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn key(k: KeyEvent) -> Option<Key> {
    use crossterm::event::KeyCode as C;
    let code = match k.code {
        C::Char(c) => KeyCode::Char(c),
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Tab => KeyCode::Tab,
        C::BackTab => KeyCode::BackTab,
        C::Backspace => KeyCode::Backspace,
        C::Delete => KeyCode::Delete,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let mods = Mods {
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
        shift: k.modifiers.contains(KeyModifiers::SHIFT),
    };
    Some(Key { code, mods })
}
