//! The grid component: a sortable, filterable, marked, windowed view over any table of rows
//! (`GridSource`): observations, products, and whatever result comes next (catalog sources,
//! mission datasets). A pane owns a `Grid` beside its data and hands it the keys the grid
//! knows; `ui::grid` draws any grid. Nothing here knows which table it shows.
pub mod columns;
pub mod component;
pub mod cursor;
pub mod marks;
pub mod paging;
pub mod result_set;
pub mod searched;
pub mod source;
pub mod table_source;
/// The sort and filter the grid applies live a layer down, in `app::view`, because the
/// worker's `Cmd::ComputeView` carries one; they are reached here too, where they are used.
pub use super::view;
