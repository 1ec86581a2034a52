//! A saved search opened in the browser (`mastui --saved NAME`): the rows that are new since
//! its last complete run, or public since, are marked as they land, so `p` lists their
//! products at once. Its last run is only read here: what counts as seen is moved on by
//! the headless `mastui search --saved NAME`.
use crate::app::grid::marks::Marks;
use crate::app::grid::result_set::ResultSet;
use crate::mast::table::Cell;
use crate::remember::news::{News, Seen, is_public};

#[derive(Debug, Clone, Default)]
pub struct NewsMarks {
    pub name: String,
    /// What the saved search's last complete run saw (None: it never ran to the end, so
    /// nothing is marked).
    pub last: Option<Seen>,
    /// Rows looked at so far (pages only add rows).
    upto: usize,
    pub new: usize,
    pub released: usize,
}

impl NewsMarks {
    pub fn new(name: String, last: Option<Seen>) -> NewsMarks {
        NewsMarks {
            name,
            last,
            ..NewsMarks::default()
        }
    }

    /// Marks the news among the rows that came since the last call.
    pub fn mark(&mut self, data: &ResultSet, marks: &mut Marks) {
        let Some(last) = &self.last else {
            return;
        };
        let (Some(obsid_col), rights_col) =
            (data.column_index("obsid"), data.column_index("dataRights"))
        else {
            return;
        };
        for row in self.upto..data.rows() {
            let obsid = match data.cell(row, obsid_col) {
                Cell::Int(i) => Some(i),
                Cell::Text(t) => t.trim().parse().ok(),
                _ => None,
            };
            let public = rights_col
                .and_then(|c| data.cell(row, c).as_str().map(is_public))
                .unwrap_or(true);
            match obsid.and_then(|o| last.news(o, public)) {
                Some(News::New) => self.new += 1,
                Some(News::Released) => self.released += 1,
                None => continue,
            }
            marks.set(row, true);
        }
        self.upto = data.rows();
    }

    /// For the message line once the search is done.
    pub fn summary(&self) -> String {
        match self.last {
            None => format!(
                "'{}' has not run to the end before: nothing to compare with",
                self.name
            ),
            Some(_) => format!(
                "'{}': {} new and {} newly public since its last run, marked (p lists their products)",
                self.name, self.new, self.released
            ),
        }
    }
}
