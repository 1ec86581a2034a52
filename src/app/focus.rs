//! The panes, by name: which one has the focus, and their order in the tab bar.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Search,
    Results,
    Products,
    Basket,
    Catalog,
    Mission,
}

impl Pane {
    /// In tab-bar order; the catalog and mission panes came later and keep the numbers
    /// before them.
    pub const ALL: [Pane; 6] = [
        Pane::Search,
        Pane::Results,
        Pane::Products,
        Pane::Basket,
        Pane::Catalog,
        Pane::Mission,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Search => "Search",
            Pane::Results => "Results",
            Pane::Products => "Products",
            Pane::Basket => "Basket",
            Pane::Catalog => "Catalog",
            Pane::Mission => "Mission",
        }
    }

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The pane `step` places after this one in the tab bar, wrapping around.
    pub fn step(self, step: isize) -> Pane {
        let n = Pane::ALL.len() as isize;
        Pane::ALL[(self.index() as isize + step).rem_euclid(n) as usize]
    }
}
