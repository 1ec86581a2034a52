//! `X` on a row with a position: the cutout form. The service (TESScut, Zcut's deep fields,
//! HAPcut), the size (the grammar of `mastui cutout --size`), and for TESScut the sectors
//! that saw the position (fetched as the form opens; pick some, or none for all), for Zcut
//! the survey. Enter queues the cutout in the download basket, which fetches the archive
//! and unpacks it; nothing is fetched here but the lists.
use tui_input::Input;

use crate::app::advice::describe;
use crate::app::cmd::Cmd;
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::CutoutPlace;
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::msg::Msg;
use crate::app::req::ReqId;
use crate::app::text_input;
use crate::mast::MastError;
use crate::mast::basket_messages::BasketRequest;
use crate::mast::coords::SkyCoord;
use crate::mast::cutouts::services::{Center, CutoutRequest, Sector, Service};
use crate::mast::cutouts::size::{CutoutSize, parse_size};

/// The services, in the order ←/→ step through them.
pub const SERVICES: [Service; 3] = [Service::Tesscut, Service::Zcut, Service::Hapcut];

/// The size the form opens with: a small stamp, on any service.
pub const DEFAULT_SIZE: &str = "10";

/// A list the form asks the archive for.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing<T> {
    NotAsked,
    Loading(ReqId),
    Ready(Vec<T>),
    Failed(String),
}

impl<T> Listing<T> {
    fn req(&self) -> Option<ReqId> {
        match self {
            Listing::Loading(r) => Some(*r),
            _ => None,
        }
    }

    pub fn items(&self) -> &[T] {
        match self {
            Listing::Ready(v) => v,
            _ => &[],
        }
    }
}

/// The form's parts, in Tab order (the list only where the service has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Service,
    Size,
    List,
}

#[derive(Debug, Clone)]
pub struct CutoutForm {
    pub place: CutoutPlace,
    pub service: Service,
    pub size: Input,
    /// What is wrong with the size as typed.
    pub size_problem: Option<String>,
    pub part: Part,
    pub sectors: Listing<Sector>,
    pub surveys: Listing<String>,
    /// The sectors picked (none: every sector that saw the position).
    pub picked: Vec<u32>,
    /// The survey picked (none: the first that covers the position, as Zcut chooses).
    pub survey: Option<String>,
    /// The line of the list under the cursor.
    pub line: usize,
}

/// A few words on what a service cuts.
pub fn about(service: Service) -> &'static str {
    match service {
        Service::Tesscut => "TESS full-frame images: a target pixel file per sector",
        Service::Zcut => "deep fields (CANDELS, GOODS, 3D-HST): one survey's images",
        Service::Hapcut => "Hubble Advanced Products mosaics (HAP)",
    }
}

/// The name people know a service by.
pub fn label(service: Service) -> &'static str {
    match service {
        Service::Tesscut => "TESScut",
        Service::Zcut => "Zcut",
        Service::Hapcut => "HAPcut",
    }
}

/// A row's name as a folder: letters, digits and `._+-` kept, anything else `_`; the
/// position when the name leaves nothing (the basket checks the folder again anyway).
pub fn folder_name(place: &CutoutPlace) -> String {
    let mut out = String::new();
    for c in place.name.trim().chars().take(80) {
        let keep = c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-');
        let c = if keep { c } else { '_' };
        // `..` never: a folder name, not a way up.
        if !(c == '.' && out.ends_with('.')) {
            out.push(c);
        }
    }
    let out = out.trim_matches(|c| c == '.' || c == '_').to_string();
    if out.is_empty() {
        format!("{:.5}_{:+.5}", place.ra, place.dec)
    } else {
        out
    }
}

impl CutoutForm {
    pub fn new(place: CutoutPlace) -> CutoutForm {
        let mut form = CutoutForm {
            place,
            service: Service::Tesscut,
            size: Input::new(DEFAULT_SIZE.to_string()),
            size_problem: None,
            part: Part::Size,
            sectors: Listing::NotAsked,
            surveys: Listing::NotAsked,
            picked: Vec::new(),
            survey: None,
            line: 0,
        };
        form.check_size();
        form
    }

    /// As the form opens: the list its service has.
    pub fn start(&mut self, cx: &mut Ctx) {
        self.ask_list(cx);
    }

    /// The parts shown for the service, in Tab order.
    pub fn parts(&self) -> Vec<Part> {
        match self.service {
            Service::Hapcut => vec![Part::Service, Part::Size],
            _ => vec![Part::Service, Part::Size, Part::List],
        }
    }

    /// Lines of the list shown (sectors or surveys).
    pub fn list_len(&self) -> usize {
        match self.service {
            Service::Tesscut => self.sectors.items().len(),
            Service::Zcut => self.surveys.items().len(),
            Service::Hapcut => 0,
        }
    }

    fn check_size(&mut self) {
        self.size_problem = parse_size(self.size.value()).err().map(|e| e.message);
    }

    /// Asks for the service's list, once.
    fn ask_list(&mut self, cx: &mut Ctx) {
        let (ra, dec) = (self.place.ra, self.place.dec);
        match self.service {
            Service::Tesscut if self.sectors == Listing::NotAsked => {
                let req = cx.fresh();
                self.sectors = Listing::Loading(req);
                cx.run(Cmd::CutoutSectors { req, ra, dec });
            }
            Service::Zcut if self.surveys == Listing::NotAsked => {
                let req = cx.fresh();
                self.surveys = Listing::Loading(req);
                cx.run(Cmd::CutoutSurveys { req, ra, dec });
            }
            _ => {}
        }
    }

    fn step_service(&mut self, step: isize, cx: &mut Ctx) {
        let n = SERVICES.len() as isize;
        let at = SERVICES
            .iter()
            .position(|s| *s == self.service)
            .unwrap_or(0) as isize;
        self.service = SERVICES[(at + step).rem_euclid(n) as usize];
        self.line = 0;
        self.ask_list(cx);
    }

    fn step_part(&mut self, step: isize) {
        let parts = self.parts();
        let n = parts.len() as isize;
        let at = parts.iter().position(|p| *p == self.part).unwrap_or(0) as isize;
        self.part = parts[(at + step).rem_euclid(n) as usize];
    }

    /// Space on a line of the list: a sector in or out of the picks; a survey chosen (or
    /// the choice left to Zcut again).
    fn toggle(&mut self) {
        match self.service {
            Service::Tesscut => {
                let Some(s) = self.sectors.items().get(self.line).map(|s| s.sector) else {
                    return;
                };
                match self.picked.iter().position(|p| *p == s) {
                    Some(i) => {
                        self.picked.remove(i);
                    }
                    None => self.picked.push(s),
                }
            }
            Service::Zcut => {
                let Some(name) = self.surveys.items().get(self.line).cloned() else {
                    return;
                };
                self.survey = if self.survey.as_ref() == Some(&name) {
                    None
                } else {
                    Some(name)
                };
            }
            Service::Hapcut => {}
        }
    }

    /// `a`: every sector picked, or none again.
    fn toggle_all(&mut self) {
        if self.service != Service::Tesscut {
            return;
        }
        let all: Vec<u32> = self.sectors.items().iter().map(|s| s.sector).collect();
        let everything = all.iter().all(|s| self.picked.contains(s));
        self.picked = if everything { Vec::new() } else { all };
    }

    /// The cutout the form describes, or what is wrong with it.
    pub fn request(&self) -> Result<CutoutRequest, String> {
        let size = parse_size(self.size.value()).map_err(|e| format!("size: {}", e.message))?;
        let center = Center::Position(SkyCoord {
            ra: self.place.ra,
            dec: self.place.dec,
        });
        let mut req = CutoutRequest {
            service: self.service,
            center,
            size,
            sectors: Vec::new(),
            survey: None,
        };
        match self.service {
            Service::Tesscut => {
                if matches!(&self.sectors, Listing::Ready(v) if v.is_empty()) {
                    return Err(
                        "no TESS sector saw this position: TESScut has nothing to cut".into(),
                    );
                }
                let mut picked = self.picked.clone();
                picked.sort_unstable();
                picked.dedup();
                let all = self.sectors.items().len();
                // Every sector picked is the same as none: let the service send them all.
                if picked.len() < all || all == 0 {
                    req.sectors = picked;
                }
            }
            Service::Zcut => {
                if matches!(&self.surveys, Listing::Ready(v) if v.is_empty()) {
                    return Err(
                        "no deep-field survey covers this position: Zcut has nothing to cut".into(),
                    );
                }
                req.survey = self.survey.clone();
            }
            Service::Hapcut => {}
        }
        Ok(req)
    }

    /// Enter: the cutout into the basket.
    fn queue(&mut self, cx: &mut Ctx) {
        let req = match self.request() {
            Ok(r) => r,
            Err(e) => {
                cx.error(e);
                return;
            }
        };
        let what = match (&req.service, req.sectors.len(), &req.survey) {
            (Service::Tesscut, 0, _) => "every sector".to_string(),
            (Service::Tesscut, 1, _) => format!("sector {}", req.sectors[0]),
            (Service::Tesscut, n, _) => format!("{n} sectors"),
            (Service::Zcut, _, Some(s)) => s.clone(),
            (Service::Zcut, _, None) => "the first survey there".to_string(),
            (Service::Hapcut, _, _) => "HAP".to_string(),
        };
        cx.info(format!(
            "{} cutout ({}, {what}) queued in the basket (4); its files are unpacked there",
            label(req.service),
            size_text(&req.size)
        ));
        cx.run(Cmd::Basket(BasketRequest::AddCutout {
            request: req,
            folder: folder_name(&self.place),
        }));
        cx.close();
    }

    fn cancel_lists(&self, cx: &mut Ctx) {
        for req in [self.sectors.req(), self.surveys.req()]
            .into_iter()
            .flatten()
        {
            cx.run(Cmd::Cancel(req));
        }
    }
}

/// `10 x 10 px`, `2.00' x 2.00'`.
pub fn size_text(size: &CutoutSize) -> String {
    match *size {
        CutoutSize::Pixels { x, y } => format!("{x} x {y} px"),
        CutoutSize::Degrees { x, y } => format!("{:.2}' x {:.2}'", x * 60.0, y * 60.0),
    }
}

fn failed(what: &str, e: &MastError) -> String {
    describe(what, e)
}

impl Component for CutoutForm {
    fn contexts(&self) -> Vec<Context> {
        match self.part {
            Part::Service => vec![Context::CutoutService, Context::Cutout],
            Part::Size => vec![Context::Cutout],
            Part::List => vec![Context::CutoutList, Context::Cutout],
        }
    }

    /// The size field takes what is typed.
    fn typing(&self) -> bool {
        self.part == Part::Size
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        match action {
            Action::NextField => self.step_part(1),
            Action::PrevField => self.step_part(-1),
            Action::NextSource => self.step_service(1, cx),
            Action::PrevSource => self.step_service(-1, cx),
            Action::Down => self.line = (self.line + 1).min(self.list_len().saturating_sub(1)),
            Action::Up => self.line = self.line.saturating_sub(1),
            Action::Mark => self.toggle(),
            Action::MarkAll => self.toggle_all(),
            Action::Accept => self.queue(cx),
            Action::Back => {
                self.cancel_lists(cx);
                cx.close();
            }
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: &Key, _cx: &mut Ctx) {
        if self.part == Part::Size && text_input::apply_key(&mut self.size, key) {
            self.check_size();
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Ctx) {
        if self.part == Part::Size && text_input::paste(&mut self.size, text) {
            self.check_size();
        }
    }

    fn on_msg(&mut self, msg: Msg, _cx: &mut Ctx) -> Option<Msg> {
        match msg {
            Msg::CutoutSectors { req, result } if self.sectors.req() == Some(req) => {
                self.sectors = match result {
                    Ok(list) => Listing::Ready(list),
                    Err(e) => Listing::Failed(failed("TESS sectors", &e)),
                };
            }
            Msg::CutoutSurveys { req, result } if self.surveys.req() == Some(req) => {
                self.surveys = match result {
                    Ok(list) => Listing::Ready(list),
                    Err(e) => Listing::Failed(failed("deep-field surveys", &e)),
                };
            }
            Msg::JobFailed { req, message }
                if self.sectors.req() == Some(req) || self.surveys.req() == Some(req) =>
            {
                let text = format!("internal error: {message} (a bug in mastui; please report it)");
                if self.sectors.req() == Some(req) {
                    self.sectors = Listing::Failed(text);
                } else {
                    self.surveys = Listing::Failed(text);
                }
            }
            other => return Some(other),
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_plain_names() {
        let place = |name: &str| CutoutPlace {
            ra: 53.392847,
            dec: -36.152969,
            name: name.into(),
        };
        assert_eq!(folder_name(&place("TIC 50000060")), "TIC_50000060");
        assert_eq!(folder_name(&place("../../etc")), "etc");
        assert_eq!(folder_name(&place("")), "53.39285_-36.15297");
        assert_eq!(folder_name(&place("\u{1b}[2J")), "2J");
        for n in ["..", "a..b", "/x", " "] {
            let f = folder_name(&place(n));
            assert!(
                !f.contains("..") && !f.contains('/') && !f.is_empty(),
                "{f}"
            );
        }
    }
}
