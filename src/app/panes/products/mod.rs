//! The products pane: the de-duplicated products of the chosen observations, streamed in as
//! batches land (merged, indexed and grouped by file stem on the worker), in the shared
//! grid. What is its own: the fetch, the triage (file-name expression typed with `/`, guide
//! stars, facets), the totals of what is shown and marked, and `b`, which hands the marked
//! files to the basket.
use std::sync::Arc;

pub mod preview;
pub mod source;

use crate::app::advice::describe;
use crate::app::cmd::Cmd;
use crate::app::component::Component;
use crate::app::ctx::Ctx;
use crate::app::effect::{Effect, ObservationRef, OverlayRequest};
use crate::app::grid::component::{FilterBy, Grid, Outcome};
use crate::app::key::Key;
use crate::app::keymap::{Action, Context};
use crate::app::msg::{Msg, Timer};
use crate::app::req::ReqId;
use crate::app::web_url::{link, web_url};
use crate::common::format::{human_bytes, thousands};
use crate::mast::MastError;
use crate::mast::basket_messages::BasketRequest;
use crate::mast::product_batch::ProductBatch;
use crate::mast::product_facets::{Evaluation, Facet, ProductIndex, Selection, Tally, evaluate};
use crate::mast::product_filter::{FilterError, ProductFilter};
use crate::mast::product_grouping::Grouping;
use crate::mast::product_ref::ProductRef;
use crate::mast::products::ProductList;
use crate::mast::products_fetch::ProductFetchSummary;
use crate::mast::table::{Cell, Table};

use preview::Preview;
use source::ProductsSource;

/// What the products fetch gave, in brief (kept when it ends).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductsSummary {
    pub unique: usize,
    pub received: usize,
}

#[derive(Debug, Clone)]
pub struct ProductsPane {
    /// The fetch in flight.
    pub req: Option<ReqId>,
    /// The observations asked about, with what the results knew of each.
    pub asked: Vec<ObservationRef>,
    /// How many observations (or a mission's datasets) the fetch covers.
    pub observations: usize,
    /// What was asked about, in the pane's words: `observations`, or `datasets` (a
    /// mission's, whose files the missions search API lists).
    pub unit: &'static str,
    /// Observations whose products have landed.
    pub done: usize,
    /// The fetch was stopped (Esc) or failed before every observation landed.
    pub partial: bool,
    pub summary: Option<ProductsSummary>,
    pub error: Option<String>,

    pub list: ProductList,
    pub index: ProductIndex,
    grouping: Grouping,

    pub selection: Selection,
    /// The expression as typed is the grid's filter text; a bad one keeps the last good
    /// selection and says what is wrong.
    pub expr_error: Option<FilterError>,
    /// The expression's answer per row, for `selection.expression`.
    expr_pass: Option<Vec<bool>>,
    /// Counts per facet value and totals of what is shown.
    pub eval: Evaluation,
    pub marked: Tally,
    pub grid: Grid,
    /// The preview panel beside the grid.
    pub preview: Preview,
}

impl Default for ProductsPane {
    fn default() -> Self {
        ProductsPane {
            req: None,
            asked: Vec::new(),
            observations: 0,
            unit: "observations",
            done: 0,
            partial: false,
            summary: None,
            error: None,
            list: ProductList::default(),
            index: ProductIndex::default(),
            grouping: Grouping::default(),
            selection: Selection::default(),
            expr_error: None,
            expr_pass: None,
            eval: Evaluation::default(),
            marked: Tally::default(),
            grid: Grid::new(FilterBy::Owner),
            preview: Preview::default(),
        }
    }
}

impl ProductsPane {
    /// Starts listing the products of `asked`, replacing (and cancelling) the list shown;
    /// what the user chose (expression, facets, columns, sort) stays.
    pub fn start(&mut self, asked: Vec<ObservationRef>, cx: &mut Ctx) {
        let obsids = asked.iter().map(|o| o.obsid).collect();
        let req = self.renew(asked.len(), "observations", cx);
        self.asked = asked;
        cx.run(Cmd::Products { req, obsids });
    }

    /// Starts listing the files of a mission's datasets (the missions search API's own
    /// product lists, in the products' columns), as `start` does for observations.
    pub fn start_datasets(&mut self, mission: &str, datasets: Vec<String>, cx: &mut Ctx) {
        let req = self.renew(datasets.len(), "datasets", cx);
        cx.run(Cmd::MissionProducts {
            req,
            mission: mission.to_string(),
            datasets,
        });
    }

    /// A new fetch of `n` things asked about in place of the one shown (cancelled); what
    /// the user chose (expression, facets, columns, sort) stays. Its request id.
    fn renew(&mut self, n: usize, unit: &'static str, cx: &mut Ctx) -> ReqId {
        if let Some(req) = self.req.take() {
            cx.run(Cmd::Cancel(req));
        }
        self.grid.cancel_jobs(cx);
        let req = cx.fresh();
        *self = ProductsPane {
            req: Some(req),
            observations: n,
            unit,
            selection: self.selection.clone(),
            expr_error: self.expr_error.clone(),
            grid: self.grid.renewed(),
            preview: Preview::new(self.preview.enabled, 0).opened(self.preview.open),
            ..ProductsPane::default()
        };
        req
    }

    /// The grid, and the rows as it reads them.
    fn split(&mut self) -> (&mut Grid, ProductsSource<'_>) {
        let src = ProductsSource {
            list: &self.list,
            order: self.grouping.order(),
            asked: &self.asked,
        };
        (&mut self.grid, src)
    }

    /// The rows, as the grid reads them.
    pub fn source(&self) -> ProductsSource<'_> {
        ProductsSource {
            list: &self.list,
            order: self.grouping.order(),
            asked: &self.asked,
        }
    }

    /// Unique products held.
    pub fn total(&self) -> usize {
        self.list.len()
    }

    /// Products shown.
    pub fn len(&self) -> usize {
        self.grid.len(&self.source())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn table(&self) -> &Table {
        self.list.table()
    }

    /// The products' table, shared (`:export` reads it on the worker).
    pub fn shared_table(&self) -> std::sync::Arc<Table> {
        self.list.shared_table()
    }

    /// The row ids shown, in the grid's order.
    pub fn shown(&self) -> Vec<u32> {
        self.grid.shown_rows(&self.source())
    }

    /// The row id under the cursor.
    pub fn current_row(&self) -> Option<usize> {
        self.grid.current_row(&self.source())
    }

    /// The file-name expression as typed.
    pub fn expr_text(&self) -> &str {
        self.grid.filter_text()
    }

    /// Every row id in the file-stem grouping.
    pub fn order(&self) -> &[u32] {
        self.grouping.order()
    }

    /// Rows of the grid at this height: one line more chrome than the results (the filter bar).
    pub fn page(cx: &Ctx) -> usize {
        cx.grid_rows().saturating_sub(1).max(1)
    }

    /// A batch of product rows landed, merged, indexed and grouped on the worker: append
    /// the parts and re-apply the filters.
    fn add_batch(&mut self, batch: ProductBatch, done: usize, total: usize, cx: &mut Ctx) {
        self.done = done;
        self.observations = total.max(self.observations);
        let ProductBatch {
            delta,
            index,
            groups,
        } = batch;
        if self.list.apply(delta) == 0 {
            // Only files already held: their shared counts changed, nothing else (unless
            // the rows are sorted by that count, which is then redone).
            if self.grid.sort.is_some_and(|s| s.col == 0) {
                let (grid, src) = self.split();
                grid.order_changed();
                grid.refresh(&src, cx);
            }
            return;
        }
        self.index.append(index);
        self.grouping.merge(self.list.table(), groups);
        self.grid.order_changed();
        // The expression's cached answer covers the old rows only.
        self.expr_pass = None;
        self.refresh(cx);
    }

    /// Re-applies the triage: the counts, and the rows the grid may show.
    pub fn refresh(&mut self, cx: &mut Ctx) {
        if self.expr_pass.is_none()
            && let Some(f) = &self.selection.expression
        {
            self.expr_pass = Some(self.index.expression_hits(f));
        }
        self.eval = evaluate(
            &self.index,
            &self.selection,
            self.grouping.order(),
            self.expr_pass.as_deref(),
        );
        let mut mask = vec![false; self.list.len()];
        for &r in &self.eval.shown {
            if let Some(m) = mask.get_mut(r as usize) {
                *m = true;
            }
        }
        let (grid, src) = self.split();
        grid.set_mask(mask, &src, cx);
    }

    /// The typed expression changed: parse it; a bad one keeps the last good view and says
    /// what is wrong.
    fn set_expression(&mut self, cx: &mut Ctx) {
        match ProductFilter::parse(self.grid.filter_text()) {
            Ok(f) => {
                self.expr_error = None;
                let same = match (&f, &self.selection.expression) {
                    (Some(a), Some(b)) => a.terms() == b.terms(),
                    (None, None) => true,
                    _ => false,
                };
                if !same {
                    self.selection.expression = f;
                    self.expr_pass = None;
                    self.refresh(cx);
                }
            }
            Err(e) => self.expr_error = Some(e),
        }
    }

    /// The pane as the config starts it: guide stars shown or hidden, and a file-name
    /// filter (already checked; a bad one is left out).
    pub fn preset(&mut self, show_guide_stars: bool, expression: &str) {
        self.selection.show_guide_stars = show_guide_stars;
        if let Ok(f @ Some(_)) = ProductFilter::parse(expression) {
            self.selection.expression = f;
            self.grid.preset_filter(expression.to_string());
        }
    }

    pub fn toggle_guide_stars(&mut self, cx: &mut Ctx) {
        self.selection.show_guide_stars = !self.selection.show_guide_stars;
        self.refresh(cx);
    }

    pub fn toggle_facet(&mut self, facet: Facet, label: &str, cx: &mut Ctx) {
        self.selection.toggle(facet, label);
        self.refresh(cx);
    }

    /// The facet list's lines: (facet, value id) in display order, values sorted by label
    /// (calibration levels numerically).
    pub fn facet_lines(&self) -> Vec<(Facet, u16)> {
        let mut out = Vec::new();
        for f in Facet::ALL {
            let labels = self.index.labels(f);
            let mut ids: Vec<u16> = (0..labels.len() as u16).collect();
            ids.sort_by(|&a, &b| {
                let (la, lb) = (&labels[a as usize], &labels[b as usize]);
                match (la.parse::<f64>(), lb.parse::<f64>()) {
                    (Ok(x), Ok(y)) => x.total_cmp(&y),
                    _ => la.cmp(lb),
                }
            });
            out.extend(ids.into_iter().map(|id| (f, id)));
        }
        out
    }

    /// Files and bytes marked (every mark, shown or not).
    fn recount_marked(&mut self) {
        let mut t = Tally::default();
        for r in self.grid.marks.iter() {
            t.count += 1;
            t.bytes = t.bytes.saturating_add(self.index.size(r));
        }
        self.marked = t;
    }

    /// The marked products (every mark, shown or not), else the one under the cursor.
    pub fn selected_refs(&self) -> Vec<ProductRef> {
        self.grid
            .selected_rows(&self.source())
            .into_iter()
            .filter_map(|r| ProductRef::from_row(self.table(), r, self.list.shared_by(r)))
            .collect()
    }

    /// A product's text field, trimmed ("" when missing).
    pub fn text(&self, row: usize, name: &str) -> String {
        match self.table().get(row, name) {
            Cell::Null => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            other => other.to_string(),
        }
    }

    fn send_to_basket(&self, cx: &mut Ctx) {
        let products = self.selected_refs();
        if products.is_empty() {
            cx.error("nothing to send: mark products with Space (a marks all shown)");
            return;
        }
        let bytes: u64 = products.iter().filter_map(|p| p.size).sum();
        cx.info(format!(
            "{} products ({}) sent to the basket (4)",
            thousands(products.len() as u64),
            human_bytes(bytes)
        ));
        cx.run(Cmd::Basket(BasketRequest::Add(products)));
    }

    /// `o`: the product's documentation URL, else its observation's preview (jpegURL).
    fn open(&self, cx: &mut Ctx) {
        let Some(row) = self.current_row() else {
            return;
        };
        let url = web_url(&self.text(row, "productDocumentationURL")).or_else(|| {
            self.list.observations_of(row).iter().find_map(|&o| {
                self.asked
                    .iter()
                    .find(|a| a.obsid == o)
                    .and_then(|a| a.preview.as_deref())
                    .and_then(|p| link(cx.server, p))
            })
        });
        match url {
            Some(url) => cx.run(Cmd::OpenUrl { url }),
            None => cx.error("no documentation URL or preview for this product"),
        }
    }

    /// Esc in the grid, first: stop the fetch, keeping what came.
    fn stop(&mut self, cx: &mut Ctx) -> bool {
        let Some(req) = self.req.take() else {
            return false;
        };
        self.partial = self.done < self.observations;
        cx.info(format!(
            "products stopped: {} of {} {}, {} files kept",
            thousands(self.done as u64),
            thousands(self.observations as u64),
            self.unit,
            thousands(self.total() as u64)
        ));
        cx.run(Cmd::Cancel(req));
        true
    }

    fn on_done(
        &mut self,
        req: ReqId,
        result: Result<ProductFetchSummary, MastError>,
        cx: &mut Ctx,
    ) {
        if self.req != Some(req) {
            return;
        }
        self.req = None;
        self.summary = Some(ProductsSummary {
            unique: self.list.len(),
            received: self.list.rows_received(),
        });
        match result {
            Ok(_) => self.partial = false,
            Err(MastError::Cancelled) => self.partial = true,
            Err(e) => {
                self.partial = true;
                let text = describe("products", &e);
                self.error = Some(text.clone());
                cx.error(text);
            }
        }
    }

    /// An action from the keymap (the Component's `on_action`, before the preview follows).
    fn act(&mut self, action: Action, cx: &mut Ctx) -> bool {
        if !self.grid.typing() {
            match action {
                Action::Facets => cx.effect(Effect::Open(OverlayRequest::Facets)),
                Action::GuideStars => self.toggle_guide_stars(cx),
                Action::ToBasket => self.send_to_basket(cx),
                Action::Open => self.open(cx),
                Action::Preview => self.preview.toggle(cx),
                Action::Back if self.stop(cx) => {}
                _ => {
                    let page = Self::page(cx);
                    let (grid, src) = self.split();
                    let outcome = grid.on_action(action, &src, page, cx);
                    return self.after_grid(outcome, cx);
                }
            }
            return true;
        }
        let page = Self::page(cx);
        let (grid, src) = self.split();
        let outcome = grid.on_action(action, &src, page, cx);
        self.after_grid(outcome, cx)
    }

    /// The image the product under the cursor wants: its own when it is a PREVIEW image,
    /// else the first of its observations' `jpegURL`s that the archive serves (`mast:`).
    fn wanted_preview(&self) -> Option<(String, Option<u64>)> {
        let row = self.current_row()?;
        let file = self.text(row, "productFilename").to_ascii_lowercase();
        let image = [".jpg", ".jpeg", ".png"].iter().any(|e| file.ends_with(e));
        if image
            && self
                .text(row, "productType")
                .eq_ignore_ascii_case("PREVIEW")
        {
            let uri = self.text(row, "dataURI");
            if uri.starts_with("mast:") {
                let size = self
                    .table()
                    .get(row, "size")
                    .as_i64()
                    .map(|n| n.max(0) as u64);
                return Some((uri, size));
            }
        }
        self.list.observations_of(row).iter().find_map(|&o| {
            self.asked
                .iter()
                .find(|a| a.obsid == o)
                .and_then(|a| a.preview.clone())
                .filter(|u| u.starts_with("mast:"))
                .map(|u| (u, None))
        })
    }

    /// Keeps the preview panel on the product under the cursor.
    fn sync_preview(&mut self, cx: &mut Ctx) {
        let wanted = self.wanted_preview();
        self.preview.want(wanted, cx);
    }

    /// What a grid key did, seen by the pane.
    fn after_grid(&mut self, outcome: Outcome, cx: &mut Ctx) -> bool {
        match outcome {
            Outcome::Ignored => return false,
            Outcome::Marks => self.recount_marked(),
            Outcome::FilterText => self.set_expression(cx),
            Outcome::Done => {}
        }
        true
    }
}

impl Component for ProductsPane {
    fn contexts(&self) -> Vec<Context> {
        self.grid.contexts_under(Some(Context::Products))
    }

    fn typing(&self) -> bool {
        self.grid.typing()
    }

    fn on_action(&mut self, action: Action, cx: &mut Ctx) -> bool {
        let handled = self.act(action, cx);
        self.sync_preview(cx);
        handled
    }

    fn on_key(&mut self, key: &Key, cx: &mut Ctx) {
        let (grid, src) = self.split();
        let outcome = grid.on_key(key, &src, cx);
        self.after_grid(outcome, cx);
        self.sync_preview(cx);
    }

    fn on_paste(&mut self, text: &str, cx: &mut Ctx) {
        let (grid, src) = self.split();
        let outcome = grid.on_paste(text, &src, cx);
        self.after_grid(outcome, cx);
        self.sync_preview(cx);
    }

    fn on_msg(&mut self, msg: Msg, cx: &mut Ctx) -> Option<Msg> {
        match msg {
            Msg::ProductsBatch {
                req,
                batch,
                done,
                total,
            } if self.req == Some(req) => {
                // The worker has let go of it: taken, not copied.
                let batch = Arc::try_unwrap(batch).unwrap_or_else(|shared| (*shared).clone());
                self.add_batch(batch, done, total, cx);
            }
            Msg::ProductsBatch { .. } => {}
            Msg::Products { req, result } => self.on_done(req, result, cx),
            Msg::JobFailed { req, message } if self.req == Some(req) => {
                let err = MastError::Protocol {
                    what: "internal error".into(),
                    message: format!("{message} (a bug in mastui; please report it)"),
                };
                self.on_done(req, Err(err), cx);
            }
            Msg::Timer(Timer::Preview { seq }) => self.preview.on_timer(seq, cx),
            Msg::Preview { req, result } => {
                if !self.preview.on_answer(req, result.clone()) {
                    return Some(Msg::Preview { req, result });
                }
            }
            other => {
                let (grid, src) = self.split();
                return grid.on_msg(other, &src, cx);
            }
        }
        self.sync_preview(cx);
        None
    }

    fn choose_columns(&mut self, chosen: Vec<usize>, cx: &mut Ctx) {
        let (grid, src) = self.split();
        grid.set_columns(chosen, &src, cx);
    }

    fn on_resize(&mut self, cx: &mut Ctx) {
        let page = Self::page(cx);
        let (grid, src) = self.split();
        grid.on_resize(&src, page, cx.width);
    }

    fn activity(&self, _now_ms: u64) -> Vec<String> {
        let mut out = Vec::new();
        if self.req.is_some() {
            out.push(format!(
                "products: {} {}/{}",
                self.unit,
                thousands(self.done as u64),
                thousands(self.observations as u64)
            ));
        }
        if self.grid.sorting() {
            out.push("sorting products".into());
        }
        out
    }
}
