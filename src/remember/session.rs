//! What a browser session leaves for the next one: the form, the search the results showed
//! and how they were viewed (sort, filter, marks, cursor, by column name and obsid so that
//! they survive the search being run again), and the products pane's filter.
use serde::{Deserialize, Serialize};

use super::spec::SearchSpec;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The form as it was left (None: empty).
    #[serde(default)]
    pub form: Option<SearchSpec>,
    /// The observations the results pane showed, and how.
    #[serde(default)]
    pub results: Option<ResultsView>,
    /// The products pane's file-name expression.
    #[serde(default)]
    pub products_filter: String,
    #[serde(default)]
    pub show_guide_stars: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub search: SearchSpec,
    /// The sort column's name, and descending.
    #[serde(default)]
    pub sort: Option<(String, bool)>,
    #[serde(default)]
    pub filter: String,
    /// Marked observations, by obsid.
    #[serde(default)]
    pub marks: Vec<i64>,
    /// The observation under the cursor, by obsid.
    #[serde(default)]
    pub cursor: Option<i64>,
}
