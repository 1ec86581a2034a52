//! The panes, one folder each: every pane owns its state, keeps the `Component` contract,
//! and shares nothing with the others but what the router carries (`Effect`s). A pane that
//! shows rows owns a `grid::component::Grid` beside its data.
pub mod basket;
pub mod catalog;
pub mod mission;
pub mod products;
pub mod results;
pub mod search;
