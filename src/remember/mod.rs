//! Searches that are remembered: the history of every search, searches saved under a name,
//! and what is new in a saved search since it last ran. `spec` and `news` are plain data the
//! browser's state machine may use; `store` is the file, read and written only by the
//! headless commands and the worker.
pub mod news;
pub mod session;
pub mod spec;
pub mod store;
