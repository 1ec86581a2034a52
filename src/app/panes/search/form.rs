//! The search form: its source (observations, a catalog or a mission), then one text field
//! per criterion that source takes, validated as typed with MAST's own parsers, and turned
//! into `Criteria`, a `CatalogQuery` or a `MissionQuery`. Each source keeps its own fields'
//! text while another is shown (a mission's conditions are its own: its columns are).
use std::collections::HashMap;

use tui_input::Input;

use crate::mast::angle::parse_radius;
use crate::mast::catalogs::{Catalog, CatalogQuery, PsTable};
use crate::mast::coords::parse_coords;
use crate::mast::criteria::{Criteria, Target, Term};
use crate::mast::dates::parse_date_mjd;
use crate::mast::missions::Mission;
use crate::mast::missions_search::columns::MissionColumns;
use crate::mast::missions_search::query::MissionQuery;
use crate::mast::missions_search::{DEFAULT_RADIUS_ARCMIN, MAX_RADIUS_ARCMIN};

use crate::app::req::ReqId;

use super::source::Source;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
    /// Not text: which source the form searches (←/→ or a letter).
    Source,
    Target,
    Radius,
    Collection,
    Instrument,
    Filters,
    Proposal,
    Pi,
    ProductType,
    CalibLevel,
    DateFrom,
    DateTo,
    Extra,
    /// A catalog's target, radius and criteria (kept apart from the observations').
    CatTarget,
    CatRadius,
    CatCriteria,
    /// The cone `O` searches for observations around a catalog source.
    AroundRadius,
    /// A mission's target, radius and keyword conditions.
    MisTarget,
    MisRadius,
    MisConditions,
}

impl FieldId {
    pub const ALL: [FieldId; 20] = [
        FieldId::Source,
        FieldId::Target,
        FieldId::Radius,
        FieldId::Collection,
        FieldId::Instrument,
        FieldId::Filters,
        FieldId::Proposal,
        FieldId::Pi,
        FieldId::ProductType,
        FieldId::CalibLevel,
        FieldId::DateFrom,
        FieldId::DateTo,
        FieldId::Extra,
        FieldId::CatTarget,
        FieldId::CatRadius,
        FieldId::CatCriteria,
        FieldId::AroundRadius,
        FieldId::MisTarget,
        FieldId::MisRadius,
        FieldId::MisConditions,
    ];

    /// Whether the form shows this field for `source`.
    pub fn shown_for(self, source: Source) -> bool {
        match (self, source) {
            (FieldId::Source, _) => true,
            (FieldId::CatTarget | FieldId::CatRadius | FieldId::AroundRadius, s) => {
                s.catalog().is_some()
            }
            (FieldId::CatCriteria, Source::Catalog(c)) => c.takes_criteria(),
            (FieldId::CatCriteria, _) => false,
            (FieldId::MisTarget | FieldId::MisRadius | FieldId::MisConditions, s) => {
                s.mission().is_some()
            }
            (_, s) => s == Source::Observations,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FieldId::Source => "Source",
            FieldId::Target | FieldId::CatTarget | FieldId::MisTarget => "Target",
            FieldId::Radius | FieldId::CatRadius | FieldId::MisRadius => "Radius",
            FieldId::Collection => "Collection",
            FieldId::Instrument => "Instrument",
            FieldId::Filters => "Filters",
            FieldId::Proposal => "Proposal id",
            FieldId::Pi => "PI",
            FieldId::ProductType => "Product type",
            FieldId::CalibLevel => "Calib level",
            FieldId::DateFrom => "Observed from",
            FieldId::DateTo => "Observed to",
            FieldId::Extra => "More criteria",
            FieldId::CatCriteria => "Criteria",
            FieldId::AroundRadius => "Obs. within",
            FieldId::MisConditions => "Conditions",
        }
    }

    /// Shown in an empty field: what may be typed.
    pub fn example(self) -> &'static str {
        match self {
            FieldId::Source => "←/→ or a letter: Observations, TIC, Gaia, HSC, Pan-STARRS…",
            FieldId::Target | FieldId::CatTarget | FieldId::MisTarget => {
                "M101  or  210.8 54.35  or  14:03:12.6 +54:20:56"
            }
            FieldId::Radius => "0.2  3'  30\"  (default 0.2 deg)",
            FieldId::CatRadius => "0.02  3'  30\"  (default 0.02 deg)",
            FieldId::MisRadius => "3'  30\"  0.05  (default 3', at most 30')",
            FieldId::MisConditions => {
                "column=value; column=value  (names as the mission spells them)"
            }
            FieldId::CatCriteria => "Tmag=8..10; lumclass=DWARF  (column=value; …)",
            FieldId::AroundRadius => {
                "what O searches around a source: 0.02  1'  (default 0.02 deg)"
            }
            FieldId::Collection => "JWST  or  HST,JWST",
            FieldId::Instrument => "NIRCAM*  or  WFC3/IR",
            FieldId::Filters => "F277W",
            FieldId::Proposal => "1073  or  1073,2738",
            FieldId::Pi => "Ost*",
            FieldId::ProductType => "image, spectrum, cube, timeseries",
            FieldId::CalibLevel => "2,3  or  1..3",
            FieldId::DateFrom => "2022-07-12  or  MJD 59772",
            FieldId::DateTo => "2022-12-31",
            FieldId::Extra => "column=value; column=value  (e.g. intentType=science)",
        }
    }

    /// What may be typed, in the words of the source shown (a mission's own columns).
    pub fn example_for(self, source: Source) -> &'static str {
        match (self, source.mission().map(|m| m.name)) {
            (FieldId::MisConditions, Some("hst")) => {
                "sci_instrume=ACS,WFC3; sci_pep_id=12557  (column=value; …)"
            }
            (FieldId::MisConditions, Some("jwst")) => {
                "instrume=NIRCAM; program=1073  (column=value; …)"
            }
            // TIC's example names TIC columns; the other catalogs get their own.
            _ if self == FieldId::CatCriteria => match source {
                Source::Catalog(Catalog::Panstarrs(PsTable::Mean)) => {
                    "nDetections=5..50  (column=value; …)"
                }
                Source::Catalog(Catalog::Panstarrs(PsTable::Stack)) => {
                    "primaryDetection=1  (column=value; …)"
                }
                Source::Catalog(Catalog::Panstarrs(PsTable::Detection)) => {
                    "filterID=1  (column=value; …)"
                }
                Source::Catalog(Catalog::DiskDetective) => "state=complete  (column=value; …)",
                _ => self.example(),
            },
            _ => self.example(),
        }
    }

    /// The CAOM column a plain field searches.
    fn column(self) -> Option<&'static str> {
        match self {
            FieldId::Collection => Some("obs_collection"),
            FieldId::Instrument => Some("instrument_name"),
            FieldId::Filters => Some("filters"),
            FieldId::Proposal => Some("proposal_id"),
            FieldId::Pi => Some("proposal_pi"),
            FieldId::ProductType => Some("dataproduct_type"),
            FieldId::CalibLevel => Some("calib_level"),
            _ => None,
        }
    }
}

const PRODUCT_TYPES: [&str; 8] = [
    "image",
    "spectrum",
    "cube",
    "timeseries",
    "measurements",
    "visibility",
    "sed",
    "event",
];

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    pub input: Input,
    /// What is wrong with the text, shown beside the field.
    pub problem: Option<String>,
}

/// The live count of matching observations.
#[derive(Debug, Clone, PartialEq)]
pub enum CountState {
    /// Nothing to count (empty or invalid form).
    Idle,
    /// The form changed; a count is scheduled.
    Waiting,
    Running(ReqId),
    Known(u64),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct SearchForm {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A field has the keyboard (typed keys go into it).
    pub editing: bool,
    /// Bumped on every change; a debounce timer only fires a count for the latest edit.
    pub edit: u64,
    pub count: CountState,
    /// What the form searches; it decides which fields show.
    pub source: Source,
    /// The catalog `C` lists sources of around an observation: the last one chosen here.
    pub last_catalog: Catalog,
    pub missions: Vec<Mission>,
    pub missions_req: Option<ReqId>,
    /// Which mission Up/Down picked last in the collection field.
    pub mission_pick: Option<usize>,
    /// Each mission's column list, once fetched: its conditions are checked against it.
    pub mission_columns: HashMap<&'static str, MissionColumns>,
    /// The column list in flight, and whose.
    pub columns_req: Option<(ReqId, &'static str)>,
    /// The conditions typed for each mission while another source is shown.
    pub conditions_kept: HashMap<&'static str, String>,
    /// Searches that ran, newest first (the worker sends them).
    pub history: Vec<crate::remember::store::HistoryEntry>,
    /// Which history entry Up/Down last put in the form; None once it is edited.
    pub walk: Option<usize>,
    /// The most rows one query answers (the client's policy): a search counted above it is
    /// fetched in parts, and Enter says so before it starts.
    pub row_cap: u64,
}

impl Default for SearchForm {
    fn default() -> Self {
        SearchForm {
            fields: FieldId::ALL
                .iter()
                .map(|&id| Field {
                    id,
                    input: Input::default(),
                    problem: None,
                })
                .collect(),
            // The target, not the source line: typing at start goes where it always went.
            focus: 1,
            editing: true,
            edit: 0,
            count: CountState::Idle,
            source: Source::Observations,
            last_catalog: Catalog::Tic,
            missions: Vec::new(),
            missions_req: None,
            mission_pick: None,
            mission_columns: HashMap::new(),
            columns_req: None,
            conditions_kept: HashMap::new(),
            history: Vec::new(),
            walk: None,
            row_cap: crate::mast::retry::DEFAULT_ROW_CAP,
        }
    }
}

impl SearchForm {
    pub fn focused(&self) -> FieldId {
        self.fields[self.focus].id
    }

    pub fn focused_field(&self) -> &Field {
        &self.fields[self.focus]
    }

    /// Puts the focus on a field (shown for the current source or not).
    pub fn focus_on(&mut self, id: FieldId) {
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
            self.focus = i;
        }
    }

    /// The fields shown for the current source, in order.
    pub fn shown(&self) -> impl Iterator<Item = (usize, &Field)> {
        let source = self.source;
        self.fields
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.id.shown_for(source))
    }

    /// Moves the focus `step` shown fields on, wrapping around.
    pub fn step_focus(&mut self, step: isize) {
        let shown: Vec<usize> = self.shown().map(|(i, _)| i).collect();
        let at = shown.iter().position(|&i| i == self.focus).unwrap_or(0) as isize;
        let n = shown.len() as isize;
        self.focus = shown[(at + step).rem_euclid(n) as usize];
    }

    /// Switches the source, keeping every field's text; a target typed for one kind of
    /// search is carried to the other when that one has none. A mission's conditions are
    /// kept for it and another mission's shown.
    pub fn set_source(&mut self, source: Source) {
        let was = self.source;
        self.source = source;
        if let Some(c) = source.catalog() {
            self.last_catalog = c;
        }
        if was != source {
            if let Some(m) = was.mission() {
                let typed = self.value(FieldId::MisConditions).to_string();
                self.conditions_kept.insert(m.name, typed);
            }
            if let Some(m) = source.mission() {
                let kept = self
                    .conditions_kept
                    .get(m.name)
                    .cloned()
                    .unwrap_or_default();
                self.set_value(FieldId::MisConditions, &kept);
            }
        }
        let (from, to) = (target_field(was), target_field(source));
        if from != to && self.value(to).trim().is_empty() {
            let carried = self.value(from).to_string();
            self.set_value(to, &carried);
        }
        if !self.focused().shown_for(source) {
            self.focus_on(FieldId::Source);
        }
        self.revalidate();
    }

    pub fn value(&self, id: FieldId) -> &str {
        self.field(id).map_or("", |f| f.input.value())
    }

    fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn set_value(&mut self, id: FieldId, text: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == id) {
            f.input = Input::new(text.to_string());
        }
        self.revalidate();
    }

    /// Re-checks every field (cheap; some checks depend on other fields).
    pub fn revalidate(&mut self) {
        let mission = self.source.mission();
        let ctx = Checks {
            has_target: !self.value(FieldId::Target).trim().is_empty(),
            has_cat_target: !self.value(FieldId::CatTarget).trim().is_empty(),
            has_mis_target: !self.value(FieldId::MisTarget).trim().is_empty(),
            catalog: self.source.catalog(),
            missions: &self.missions,
            mission: mission.map(|m| m.name),
            columns: mission.and_then(|m| self.mission_columns.get(m.name)),
        };
        let problems: Vec<Option<String>> = self
            .fields
            .iter()
            .map(|f| validate(f.id, f.input.value(), &ctx))
            .collect();
        for (f, p) in self.fields.iter_mut().zip(problems) {
            f.problem = p;
        }
    }

    /// A shown field has a problem.
    pub fn has_problems(&self) -> bool {
        self.shown().any(|(_, f)| f.problem.is_some())
    }

    /// Nothing typed in the shown fields (the jump radius is not a criterion).
    pub fn is_empty(&self) -> bool {
        self.shown()
            .filter(|(_, f)| !matches!(f.id, FieldId::Source | FieldId::AroundRadius))
            .all(|(_, f)| f.input.value().trim().is_empty())
    }

    fn first_problem(&self) -> Result<(), String> {
        match self.shown().find(|(_, f)| f.problem.is_some()) {
            Some((_, f)) => Err(format!(
                "{}: {}",
                f.id.label(),
                f.problem.as_deref().unwrap_or_default()
            )),
            None => Ok(()),
        }
    }

    /// What the form asks for: observations' criteria or a catalog query.
    pub fn query(&self) -> Result<FormQuery, String> {
        match self.source {
            Source::Observations => self.criteria().map(FormQuery::Observations),
            Source::Catalog(c) => self.catalog_query(c).map(FormQuery::Catalog),
            Source::Mission(m) => self.mission_query(m.name).map(FormQuery::Mission),
        }
    }

    /// The missions search the form describes, or the first problem: conditions are
    /// checked against the mission's column list once it has come.
    pub fn mission_query(&self, mission: &str) -> Result<MissionQuery, String> {
        self.first_problem()?;
        let mut q = MissionQuery {
            mission: mission.to_string(),
            ..MissionQuery::default()
        };
        q.targets.extend(target_of(self.value(FieldId::MisTarget)));
        let radius = self.value(FieldId::MisRadius).trim();
        if !radius.is_empty() {
            q.radius_arcmin = parse_radius(radius).ok().map(|deg| deg * 60.0);
        }
        q.conditions = extra_terms(self.value(FieldId::MisConditions))?
            .into_iter()
            .map(|(col, val)| (col.to_string(), val.to_string()))
            .collect();
        if q.targets.is_empty() && q.conditions.is_empty() {
            return Err(format!(
                "give a target or conditions (column=value, e.g. {})",
                FieldId::MisConditions.example_for(self.source)
            ));
        }
        if let Some(cols) = self.mission_columns.get(mission) {
            q.check(cols).map_err(|e| e.message)?;
        }
        Ok(q)
    }

    /// The mission's columns whose name holds what the last condition names so far (all
    /// when it names nothing), for the line under the form.
    pub fn column_matches(&self) -> Option<Vec<&str>> {
        let m = self.source.mission()?;
        let cols = self.mission_columns.get(m.name)?;
        let typed = self.value(FieldId::MisConditions);
        let last = typed.rsplit(';').next().unwrap_or("");
        let name = last
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let naming = !last.contains('=') && !name.is_empty();
        Some(
            cols.columns
                .iter()
                .map(|c| c.name.as_str())
                .filter(|n| !naming || n.to_ascii_lowercase().contains(&name))
                .collect(),
        )
    }

    /// The catalog query the form describes, or the first problem.
    pub fn catalog_query(&self, catalog: Catalog) -> Result<CatalogQuery, String> {
        self.first_problem()?;
        let mut q = CatalogQuery::new(catalog);
        q.target = target_of(self.value(FieldId::CatTarget));
        let radius = self.value(FieldId::CatRadius).trim();
        if !radius.is_empty() {
            q.radius_deg = parse_radius(radius).ok();
        }
        if catalog.takes_criteria() {
            q.terms = extra_terms(self.value(FieldId::CatCriteria))?
                .into_iter()
                .map(|(col, val)| Term::new(col, val))
                .collect();
        }
        q.check().map_err(|e| e.message)?;
        Ok(q)
    }

    /// The radius (degrees) `O` searches around a catalog source.
    pub fn around_radius(&self) -> f64 {
        parse_radius(self.value(FieldId::AroundRadius).trim())
            .ok()
            .unwrap_or(AROUND_RADIUS_DEG)
    }

    /// The observation form set to a cone around a source (`O` from a catalog row).
    pub fn observations_around(&mut self, ra: f64, dec: f64) -> Criteria {
        let radius = self.around_radius();
        self.set_source(Source::Observations);
        for f in FieldId::ALL {
            if f != FieldId::Source && f.shown_for(Source::Observations) {
                self.set_value(f, "");
            }
        }
        self.set_value(FieldId::Target, &format!("{ra} {dec}"));
        self.set_value(FieldId::Radius, &format!("{radius}"));
        self.focus_on(FieldId::Target);
        self.criteria().unwrap_or_else(|_| Criteria {
            target: Some(Target::Coords(crate::mast::coords::SkyCoord { ra, dec })),
            radius_deg: Some(radius),
            ..Criteria::default()
        })
    }

    /// The catalog form set to a cone (`C` from an observation): the last catalog chosen.
    pub fn sources_around(
        &mut self,
        ra: f64,
        dec: f64,
        radius: f64,
    ) -> Result<CatalogQuery, String> {
        let catalog = self.last_catalog;
        self.set_source(Source::Catalog(catalog));
        self.set_value(FieldId::CatTarget, &format!("{ra} {dec}"));
        self.set_value(FieldId::CatRadius, &format!("{radius}"));
        self.set_value(FieldId::CatCriteria, "");
        self.focus_on(FieldId::CatTarget);
        self.catalog_query(catalog)
    }

    /// The criteria the form describes, or the first problem.
    pub fn criteria(&self) -> Result<Criteria, String> {
        self.first_problem()?;
        let mut c = Criteria {
            target: target_of(self.value(FieldId::Target)),
            ..Criteria::default()
        };
        let radius = self.value(FieldId::Radius).trim();
        if !radius.is_empty() {
            c.radius_deg = parse_radius(radius).ok();
        }
        for f in &self.fields {
            let v = f.input.value().trim();
            if let (Some(col), false) = (f.id.column(), v.is_empty()) {
                c.terms.push(Term {
                    column: col.to_string(),
                    value: v.to_string(),
                });
            }
        }
        let from = self.value(FieldId::DateFrom).trim();
        let to = self.value(FieldId::DateTo).trim();
        if !from.is_empty() || !to.is_empty() {
            let mjd = |field: &str, t: &str| -> String {
                if t.is_empty() {
                    String::new()
                } else {
                    parse_date_mjd(field, t).map_or(String::new(), |m| m.to_string())
                }
            };
            c.terms.push(Term {
                column: "t_min".into(),
                value: format!("{}..{}", mjd("from", from), mjd("to", to)),
            });
        }
        for (col, val) in extra_terms(self.value(FieldId::Extra))
            .into_iter()
            .flatten()
        {
            c.terms.push(Term {
                column: col.to_string(),
                value: val.to_string(),
            });
        }
        Ok(c)
    }

    /// Fills the form from criteria given on the command line.
    pub fn fill(&mut self, c: &Criteria) {
        match &c.target {
            Some(Target::Name(n)) => self.set_value(FieldId::Target, n),
            Some(Target::Coords(sc)) => {
                self.set_value(FieldId::Target, &format!("{} {}", sc.ra, sc.dec))
            }
            None => {}
        }
        if let Some(r) = c.radius_deg {
            self.set_value(FieldId::Radius, &r.to_string());
        }
        let mut extra = Vec::new();
        for t in &c.terms {
            let field = FieldId::ALL.iter().find(|f| {
                f.column()
                    .is_some_and(|col| col.eq_ignore_ascii_case(&t.column))
            });
            match field {
                Some(&f) if self.value(f).is_empty() => self.set_value(f, &t.value),
                _ => extra.push(format!("{}={}", t.column, t.value)),
            }
        }
        if !extra.is_empty() {
            self.set_value(FieldId::Extra, &extra.join("; "));
        }
        self.revalidate();
    }

    /// Missions whose name starts with what the collection field holds (all when empty).
    pub fn mission_matches(&self) -> Vec<&Mission> {
        let typed = self.value(FieldId::Collection).trim();
        let last = typed.rsplit(',').next().unwrap_or("").trim();
        self.missions
            .iter()
            .filter(|m| {
                m.name
                    .to_ascii_lowercase()
                    .starts_with(&last.to_ascii_lowercase())
            })
            .collect()
    }
}

/// What the form asks for, by source.
#[derive(Debug, Clone, PartialEq)]
pub enum FormQuery {
    Observations(Criteria),
    Catalog(CatalogQuery),
    Mission(MissionQuery),
}

/// The field holding a source's target.
fn target_field(source: Source) -> FieldId {
    match source {
        Source::Observations => FieldId::Target,
        Source::Catalog(_) => FieldId::CatTarget,
        Source::Mission(_) => FieldId::MisTarget,
    }
}

/// The cone `O` searches around a catalog source when the form says nothing: a source's
/// observations are those whose footprint lies about on it.
pub const AROUND_RADIUS_DEG: f64 = 0.02;

/// A target field's text: coordinates when they parse, else a name to resolve.
fn target_of(text: &str) -> Option<Target> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(match parse_coords(t) {
        Ok(sc) => Target::Coords(sc),
        Err(_) => Target::Name(t.to_string()),
    })
}

/// `col=value; col=value` pairs; an Err names the first bad piece.
fn extra_terms(text: &str) -> Result<Vec<(&str, &str)>, String> {
    let mut out = Vec::new();
    for piece in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((col, val)) = piece.split_once('=') else {
            return Err(format!("'{piece}' needs the form column=value"));
        };
        let (col, val) = (col.trim(), val.trim());
        if col.is_empty() || !col.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("'{col}' is not a column name"));
        }
        if val.is_empty() {
            return Err(format!("'{col}=' needs a value"));
        }
        out.push((col, val));
    }
    Ok(out)
}

/// What a field's check may look at beyond its own text.
struct Checks<'a> {
    has_target: bool,
    has_cat_target: bool,
    has_mis_target: bool,
    catalog: Option<Catalog>,
    missions: &'a [Mission],
    /// The mission shown, and its column list once fetched.
    mission: Option<&'static str>,
    columns: Option<&'a MissionColumns>,
}

/// The problem with a field's text, if any. Empty fields are always fine.
fn validate(id: FieldId, text: &str, cx: &Checks) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let (has_target, missions) = (cx.has_target, cx.missions);
    let list = || t.split(',').map(str::trim).filter(|v| !v.is_empty());
    match id {
        FieldId::Target | FieldId::CatTarget | FieldId::MisTarget => {
            // Text that starts like a number is meant as coordinates; anything else is a name.
            let looks_numeric = t
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
            if looks_numeric {
                parse_coords(t).err().map(|e| e.message)
            } else {
                None
            }
        }
        FieldId::Radius => match parse_radius(t) {
            Err(e) => Some(e.message),
            Ok(_) if !has_target => Some("a radius needs a target".into()),
            Ok(_) => None,
        },
        FieldId::Collection if !missions.is_empty() => list()
            .find(|v| !missions.iter().any(|m| m.name.eq_ignore_ascii_case(v)))
            .map(|v| format!("unknown collection '{v}' (↑↓ pick from the list)")),
        FieldId::Proposal => list()
            .find(|v| {
                !v.chars()
                    .all(|c| c.is_ascii_digit() || c == '*' || c == '%')
            })
            .map(|v| format!("'{v}' is not a proposal id (numbers, e.g. 1073)")),
        FieldId::ProductType => list()
            .find(|v| !PRODUCT_TYPES.iter().any(|p| p.eq_ignore_ascii_case(v)))
            .map(|v| format!("'{v}' is not one of {}", PRODUCT_TYPES.join(", "))),
        FieldId::CalibLevel => {
            let ok = |v: &str| matches!(v, "0" | "1" | "2" | "3" | "4" | "");
            list()
                .find(|v| match v.split_once("..") {
                    Some((a, b)) => !ok(a.trim()) || !ok(b.trim()),
                    None => !ok(v),
                })
                .map(|v| format!("'{v}': levels are 0 to 4, e.g. 2,3 or 1..3"))
        }
        FieldId::DateFrom | FieldId::DateTo => {
            parse_date_mjd(id.label(), t).err().map(|e| e.message)
        }
        FieldId::Extra | FieldId::CatCriteria => extra_terms(t).err(),
        FieldId::CatRadius => match parse_radius(t) {
            Err(e) => Some(e.message),
            Ok(_) if !cx.has_cat_target => Some("a radius needs a target".into()),
            Ok(r) => match cx.catalog {
                Some(Catalog::Panstarrs(_))
                    if r > crate::mast::catalogs::query::PANSTARRS_MAX_RADIUS =>
                {
                    Some(format!(
                        "Pan-STARRS cones reach {} deg at most",
                        crate::mast::catalogs::query::PANSTARRS_MAX_RADIUS
                    ))
                }
                _ => None,
            },
        },
        FieldId::AroundRadius => parse_radius(t).err().map(|e| e.message),
        FieldId::MisRadius => match parse_radius(t) {
            Err(e) => Some(e.message),
            Ok(_) if !cx.has_mis_target => Some("a radius needs a target".into()),
            Ok(deg) if !(deg > 0.0 && deg * 60.0 <= MAX_RADIUS_ARCMIN) => Some(format!(
                "the missions search takes a radius above 0 and up to {MAX_RADIUS_ARCMIN}' \
                 (0.5 deg); default {DEFAULT_RADIUS_ARCMIN}'"
            )),
            Ok(_) => None,
        },
        FieldId::MisConditions => {
            let terms = match extra_terms(t) {
                Ok(terms) => terms,
                Err(e) => return Some(e),
            };
            let (Some(mission), Some(cols)) = (cx.mission, cx.columns) else {
                return None;
            };
            terms
                .iter()
                .find_map(|(col, _)| cols.check("Conditions", mission, col).err())
                .map(|e| e.message)
        }
        _ => None,
    }
}
