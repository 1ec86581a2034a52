//! The form and remembered searches: what the form holds as a `SearchSpec` (to save it),
//! putting one back (from the history, a saved search, a session), and walking the history
//! with Up/Down in an empty form, as a shell does.
use crate::app::ctx::Ctx;
use crate::mast::criteria::Criteria;
use crate::remember::spec::{OBSERVATIONS, SearchSpec, catalog_source, mission_source};

use super::form::{FieldId, FormQuery, SearchForm};
use super::source::Source;

/// How a source is named in a `SearchSpec`.
pub fn source_key(s: Source) -> String {
    match s {
        Source::Observations => OBSERVATIONS.to_string(),
        Source::Catalog(c) => catalog_source(c),
        Source::Mission(m) => mission_source(m.name),
    }
}

impl SearchForm {
    /// The search the form describes, when it describes one.
    pub fn spec(&self) -> Result<SearchSpec, String> {
        if self.source == Source::Observations && self.is_empty() {
            return Err("type at least one criterion first".into());
        }
        Ok(match self.query()? {
            FormQuery::Observations(c) => SearchSpec::from_criteria(&c),
            FormQuery::Catalog(q) => SearchSpec::from_catalog(&q),
            FormQuery::Mission(q) => SearchSpec::from_mission(&q),
        })
    }

    /// Puts a remembered search in the form: its source, and its fields only.
    pub fn restore(&mut self, spec: &SearchSpec) {
        let source = Source::ALL
            .into_iter()
            .find(|s| source_key(*s) == spec.source)
            .unwrap_or(Source::Observations);
        self.set_source(source);
        for f in FieldId::ALL {
            if f.shown_for(source) && !matches!(f, FieldId::Source | FieldId::AroundRadius) {
                self.set_value(f, "");
            }
        }
        let target = spec.target.clone().unwrap_or_default();
        let terms = spec.terms.join("; ");
        match source {
            Source::Observations => self.fill(&Criteria {
                target: spec.criteria().ok().and_then(|c| c.target),
                radius_deg: spec.radius,
                terms: spec.terms(),
            }),
            Source::Catalog(_) => {
                self.set_value(FieldId::CatTarget, &target);
                if let Some(r) = spec.radius {
                    self.set_value(FieldId::CatRadius, &r.to_string());
                }
                self.set_value(FieldId::CatCriteria, &terms);
            }
            Source::Mission(_) => {
                self.set_value(FieldId::MisTarget, &target);
                // Kept in arcminutes, as the missions API takes them.
                if let Some(r) = spec.radius {
                    self.set_value(FieldId::MisRadius, &format!("{r}'"));
                }
                self.set_value(FieldId::MisConditions, &terms);
            }
        }
        let first = match source {
            Source::Observations => FieldId::Target,
            Source::Catalog(_) => FieldId::CatTarget,
            Source::Mission(_) => FieldId::MisTarget,
        };
        if !self.focused().shown_for(source) || self.focused() == FieldId::Source {
            self.focus_on(first);
        }
        self.revalidate();
    }

    /// Up/Down walk the history: typing in a field of an empty form, or of one showing a
    /// recalled search (not the source line or the collection field, whose arrows pick).
    pub fn walks_history(&self) -> bool {
        self.editing
            && !matches!(self.focused(), FieldId::Source | FieldId::Collection)
            && (self.walk.is_some() || (self.is_empty() && !self.history.is_empty()))
    }

    /// One step older (or newer) in the history; past the newest, the form empties again.
    pub fn walk_history(&mut self, older: bool, cx: &mut Ctx) {
        let n = self.history.len();
        let next = match (self.walk, older) {
            (None, true) if n > 0 => Some(0),
            (None, _) => return,
            (Some(i), true) => Some((i + 1).min(n.saturating_sub(1))),
            (Some(0), false) => None,
            (Some(i), false) => Some(i - 1),
        };
        let focus = self.focused();
        match next {
            Some(i) => {
                let spec = self.history[i].spec.clone();
                self.restore(&spec);
            }
            None => {
                let source = self.source;
                for f in FieldId::ALL {
                    if f.shown_for(source) && !matches!(f, FieldId::Source | FieldId::AroundRadius)
                    {
                        self.set_value(f, "");
                    }
                }
            }
        }
        if focus.shown_for(self.source) {
            self.focus_on(focus);
        }
        self.walk = next;
        self.changed(cx);
    }
}
