//! mastui: a terminal browser for MAST, the Mikulski Archive for Space Telescopes.
pub mod config;
pub mod mast;
pub mod sanitize;
pub mod sim;
pub mod app;
pub mod ui;
