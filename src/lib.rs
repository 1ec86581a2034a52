//! mastui: a terminal browser for MAST, the Mikulski Archive for Space Telescopes.
// Panics are for tests: shipped code says what went wrong instead.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
pub mod app;
pub mod auth;
pub mod cli;
pub mod common;
pub mod config;
pub mod fits;
pub mod heap;
pub mod logging;
pub mod mast;
pub mod panic_note;
pub mod remember;
pub mod sanitize;
pub mod settings;
pub mod sim;
pub mod sky;
pub mod term;
pub mod test_hook;
pub mod tui;
pub mod ui;
pub mod worker;
