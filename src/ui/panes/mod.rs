//! Each pane's drawing, mirroring `app::panes`.
pub mod basket;
pub mod catalog;
pub mod mission;
pub mod products;
pub mod results;
pub mod search;
pub mod searched_grid;
