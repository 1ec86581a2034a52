//! The application as a pure state machine: `update(&mut State, Msg) -> Vec<Cmd>`.
//! No I/O, no clock, no randomness here; the UI draws `State`, the worker runs `Cmd`s.
pub mod advice;
pub mod basket;
pub mod cmd;
pub mod format;
pub mod grid_view;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod login;
pub mod marks;
pub mod msg;
pub mod overlay;
pub mod product_sort;
pub mod products;
pub mod products_keys;
pub mod result_set;
pub mod results;
pub mod rights;
pub mod search_form;
pub mod state;
pub mod text_input;
pub mod update;

pub use cmd::Cmd;
pub use key::{Key, KeyCode, Mods};
pub use msg::{Msg, ReqId};
pub use state::{Pane, State};
pub use update::update;
