//! The contract every pane and overlay keeps (after gitui's components): it owns its state,
//! names the keymap contexts it answers to, handles its own `Action`s and `Msg`s, and asks for
//! anything beyond itself through its `Ctx`. The router (`update`) knows no pane's insides.
use super::ctx::Ctx;
use super::key::Key;
use super::keymap::{Action, Context};
use super::msg::Msg;

pub trait Component {
    /// The keymap contexts that apply, most specific first (the router adds `Global` unless
    /// the component is typing, and `Always`).
    fn contexts(&self) -> Vec<Context>;

    /// True while a text field has the keyboard: unbound keys are typed, and global keys
    /// (q, digits, ?) are text.
    fn typing(&self) -> bool {
        false
    }

    /// An action from the keymap; false when it is not this component's (the router then
    /// tries the global keys).
    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool;

    /// A key no binding took, while typing.
    fn on_key(&mut self, _key: &Key, _cx: &mut Ctx) {}

    /// Text pasted into the terminal, while typing.
    fn on_paste(&mut self, _text: &str, _cx: &mut Ctx) {}

    /// A message from the worker (or a timer); given back when it is not this component's.
    fn on_msg(&mut self, msg: Msg, _cx: &mut Ctx) -> Option<Msg> {
        Some(msg)
    }

    /// A column choice from the chooser (`c`), for panes that show a grid.
    fn choose_columns(&mut self, _chosen: Vec<usize>, _cx: &mut Ctx) {}

    /// The terminal changed size (`cx.width`, `cx.height`).
    fn on_resize(&mut self, _cx: &mut Ctx) {}

    /// Time passing (ticks run only while something is busy).
    fn on_tick(&mut self, _now_ms: u64) {}

    /// The pane was just brought to the front.
    fn on_focus(&mut self, _cx: &mut Ctx) {}

    /// Running work, as the status bar shows it.
    fn activity(&self, _now_ms: u64) -> Vec<String> {
        Vec::new()
    }
}
