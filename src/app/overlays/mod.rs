//! Overlays, one file each, drawn over the pane and taking the keys while open. They stack
//! (`stack`): the top one has the keyboard, Esc closes it and returns to the one below.
pub mod columns;
pub mod command_line;
pub mod confirm;
pub mod cutout;
pub mod detail;
pub mod download_settings;
pub mod facets;
pub mod help;
pub mod history;
pub mod login;
pub mod save_name;
pub mod sky;
pub mod stack;
