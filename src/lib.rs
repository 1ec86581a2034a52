//! mastui: a terminal browser for MAST, the Mikulski Archive for Space Telescopes.
pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod mast;
pub mod sanitize;
pub mod sim;
pub mod term;
pub mod tui;
pub mod ui;
pub mod worker;
