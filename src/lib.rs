//! mastui: a terminal browser for MAST, the Mikulski Archive for Space Telescopes.
pub mod mast;
pub mod sim;
