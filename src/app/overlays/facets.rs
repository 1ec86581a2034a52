//! `f` in the products pane: every facet value with its count and size under the other
//! active filters; Space ticks a value, `x` shows or hides guide stars. It reads and changes
//! the products pane, which the router hands it.
use crate::app::ctx::Ctx;
use crate::app::keymap::{Action, Context};
use crate::app::panes::products::ProductsPane;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// The cursor, over `ProductsPane::facet_lines`.
    pub line: usize,
}

impl Facets {
    pub fn contexts(&self) -> Vec<Context> {
        vec![Context::Facets]
    }

    pub fn on_action(&mut self, action: Action, p: &mut ProductsPane, cx: &mut Ctx) -> bool {
        let lines = p.facet_lines();
        let last = lines.len().saturating_sub(1);
        match action {
            Action::Down => self.line = (self.line + 1).min(last),
            Action::Up => self.line = self.line.saturating_sub(1),
            Action::Mark => {
                if let Some(&(facet, id)) = lines.get(self.line) {
                    let label = p.index.labels(facet)[usize::from(id)].clone();
                    p.toggle_facet(facet, &label, cx);
                }
            }
            Action::GuideStars => p.toggle_guide_stars(cx),
            Action::Back => cx.close(),
            _ => return false,
        }
        true
    }
}
