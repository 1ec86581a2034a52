//! The application as a pure state machine: `update(&mut State, Msg) -> Vec<Cmd>`.
//! No I/O, no clock, no randomness here; the UI draws `State`, the worker runs `Cmd`s.
//! See ARCHITECTURE.md for the layers: the vocabulary (`msg`, `cmd`, `effect`, `keymap`,
//! `ctx`, `component`), the grid component, the panes, the overlays, then `state` and the
//! router `update`.
pub mod access;
pub mod advice;
pub mod auth_check;
pub mod cmd;
pub mod command;
pub mod command_run;
pub mod component;
pub mod ctx;
pub mod effect;
pub mod export_rows;
pub mod focus;
pub mod format;
pub mod grid;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod login_status;
pub mod message;
pub mod msg;
pub mod overlays;
pub mod panes;
pub mod remap;
pub mod req;
pub mod session;
pub mod state;
pub mod text_input;
pub mod update;
pub mod view;
pub mod web_url;

pub use cmd::Cmd;
pub use focus::Pane;
pub use key::{Key, KeyCode, Mods};
pub use msg::Msg;
pub use req::ReqId;
pub use state::State;
pub use update::update;
