//! The search form: one text field per criterion, validated as typed with MAST's own parsers,
//! and turned into `Criteria`.
use tui_input::Input;

use crate::mast::angle::parse_radius;
use crate::mast::coords::parse_coords;
use crate::mast::criteria::{Criteria, Target, Term};
use crate::mast::dates::parse_date_mjd;
use crate::mast::missions::Mission;

use crate::app::req::ReqId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldId {
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
}

impl FieldId {
    pub const ALL: [FieldId; 12] = [
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
    ];

    pub fn label(self) -> &'static str {
        match self {
            FieldId::Target => "Target",
            FieldId::Radius => "Radius",
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
        }
    }

    /// Shown in an empty field: what may be typed.
    pub fn example(self) -> &'static str {
        match self {
            FieldId::Target => "M101  or  210.8 54.35  or  14:03:12.6 +54:20:56",
            FieldId::Radius => "0.2  3'  30\"  (default 0.2 deg)",
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
    pub missions: Vec<Mission>,
    pub missions_req: Option<ReqId>,
    /// Which mission Up/Down picked last in the collection field.
    pub mission_pick: Option<usize>,
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
            focus: 0,
            editing: true,
            edit: 0,
            count: CountState::Idle,
            missions: Vec::new(),
            missions_req: None,
            mission_pick: None,
        }
    }
}

impl SearchForm {
    pub fn focused(&self) -> FieldId {
        self.fields[self.focus].id
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
        let has_target = !self.value(FieldId::Target).trim().is_empty();
        let problems: Vec<Option<String>> = self
            .fields
            .iter()
            .map(|f| validate(f.id, f.input.value(), has_target, &self.missions))
            .collect();
        for (f, p) in self.fields.iter_mut().zip(problems) {
            f.problem = p;
        }
    }

    pub fn has_problems(&self) -> bool {
        self.fields.iter().any(|f| f.problem.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.fields
            .iter()
            .all(|f| f.input.value().trim().is_empty())
    }

    /// The criteria the form describes, or the first problem.
    pub fn criteria(&self) -> Result<Criteria, String> {
        if let Some(f) = self.fields.iter().find(|f| f.problem.is_some()) {
            let p = f.problem.as_deref().unwrap_or_default();
            return Err(format!("{}: {p}", f.id.label()));
        }
        let mut c = Criteria::default();
        let target = self.value(FieldId::Target).trim();
        if !target.is_empty() {
            c.target = Some(match parse_coords(target) {
                Ok(sc) => Target::Coords(sc),
                Err(_) => Target::Name(target.to_string()),
            });
        }
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

/// The problem with a field's text, if any. Empty fields are always fine.
fn validate(id: FieldId, text: &str, has_target: bool, missions: &[Mission]) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let list = || t.split(',').map(str::trim).filter(|v| !v.is_empty());
    match id {
        FieldId::Target => {
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
        FieldId::Extra => extra_terms(t).err(),
        _ => None,
    }
}
