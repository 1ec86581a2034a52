//! Each pane's drawing, mirroring `app::panes`.
pub mod basket;
pub mod products;
pub mod results;
pub mod search;
