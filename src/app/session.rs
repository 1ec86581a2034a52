//! A session ending and the next one starting where it stopped: the form, the results
//! (their search run again, then their sort, filter, marks and cursor) and the products
//! pane's filter. Pure: the browser reads and writes the store at start and exit.
use crate::remember::session::Session;

use super::cmd::Cmd;
use super::state::State;
use super::update::start_search;

impl State {
    /// What the next session needs to start where this one stops.
    pub fn session(&self) -> Session {
        Session {
            form: self.search.spec().ok(),
            results: self.results.view_state(),
            products_filter: self.products.grid.filter_text().to_string(),
            show_guide_stars: self.products.selection.show_guide_stars,
        }
    }

    /// Starts where an earlier session stopped: its form back, its results' search run
    /// again (their view is applied once it ends).
    pub fn start_session(&mut self, session: Session) -> Vec<Cmd> {
        let mut out = Vec::new();
        self.products
            .grid
            .restore_choice(None, session.products_filter.clone());
        self.products.selection.show_guide_stars = session.show_guide_stars;
        if let Some(view) = session.results
            && let Ok(criteria) = view.search.criteria()
        {
            out.extend(start_search(self, criteria));
            self.results.resume(view);
        }
        // The form last: it may differ from the search the results show.
        if let Some(form) = &session.form {
            self.search.restore(form);
            self.search.editing = false;
        }
        out
    }
}
