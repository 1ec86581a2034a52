//! Helpers shared by the end-to-end tests (`mod support;` in each).
pub mod pty;
