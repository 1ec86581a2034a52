//! The products pane's transitions: keys, the batches of a fetch, and what `o` answered.
use std::sync::Arc;

use crate::mast::MastError;
use crate::mast::products_fetch::ProductFetchSummary;
use crate::mast::table::Table;

use super::advice::describe;
use super::cmd::Cmd;
use super::grid_view::ViewIndex;
use super::key::Key;
use super::keymap::{Action, Context};
use super::msg::{OpenOutcome, ProductsSummary, ReqId};
use super::overlay::{ColumnChooser, Overlay};
use super::products::{FacetCursor, ProductColumn, ProductDetail, ProductsPane};
use super::state::State;
use super::text_input;
use crate::common::format::{human_bytes, thousands};

/// The products pane's keymap contexts, most specific first (`Global` follows when no
/// popup or field has the keyboard).
pub fn contexts(p: &ProductsPane) -> Vec<Context> {
    if p.editing.is_some() {
        vec![Context::ProductFilter]
    } else if p.facets.is_some() {
        vec![Context::Facets]
    } else if p.detail.is_some() {
        vec![Context::ProductDetail]
    } else {
        vec![Context::Products, Context::Global]
    }
}

/// True while the filter bar has the keyboard.
pub fn typing(p: &ProductsPane) -> bool {
    p.editing.is_some()
}

/// Rows of the products grid at this height (one line more chrome than the results: the
/// filter bar).
pub fn page_rows(state: &State) -> usize {
    state.grid_rows().saturating_sub(1).max(1)
}

/// An action in the products pane; None when it is not the pane's (global keys).
pub fn act(state: &mut State, action: Action) -> Option<Vec<Cmd>> {
    let page = page_rows(state);
    let p = &mut state.products;
    if p.editing.is_some() {
        match action {
            Action::Accept => p.editing = None,
            Action::Back => {
                p.editing = None;
                p.set_expression("");
            }
            _ => return None,
        }
        return Some(Vec::new());
    }
    if let Some(line) = p.facets.as_ref().map(|f| f.line) {
        let lines = p.facet_lines();
        let last = lines.len().saturating_sub(1);
        match action {
            Action::Down => {
                p.facets = Some(FacetCursor {
                    line: (line + 1).min(last),
                })
            }
            Action::Up => {
                p.facets = Some(FacetCursor {
                    line: line.saturating_sub(1),
                })
            }
            Action::Mark => {
                if let Some(&(facet, id)) = lines.get(line) {
                    let label = p.index.labels(facet)[usize::from(id)].clone();
                    p.toggle_facet(facet, &label);
                }
            }
            Action::GuideStars => p.toggle_guide_stars(),
            Action::Back => p.facets = None,
            _ => return None,
        }
        return Some(Vec::new());
    }
    if let Some(d) = &mut p.detail {
        match action {
            Action::Down => d.scroll += 1,
            Action::Up => d.scroll = d.scroll.saturating_sub(1),
            Action::Back => p.detail = None,
            Action::Open => return Some(open(state)),
            _ => return None,
        }
        return Some(Vec::new());
    }
    match action {
        Action::Up => p.move_cursor(-1, page),
        Action::Down => p.move_cursor(1, page),
        Action::Top => p.move_cursor(isize::MIN / 2, page),
        Action::Bottom => p.move_cursor(isize::MAX / 2, page),
        Action::HalfDown => p.move_cursor((page / 2).max(1) as isize, page),
        Action::HalfUp => p.move_cursor(-((page / 2).max(1) as isize), page),
        Action::PageDown => p.move_cursor(page as isize, page),
        Action::PageUp => p.move_cursor(-(page as isize), page),
        Action::Left => p.move_column(-1),
        Action::Right => p.move_column(1),
        Action::Sort | Action::SortReverse => {
            let desc = action == Action::SortReverse;
            return Some(p.sort_by_cursor(desc, &mut || state.ids.fresh()));
        }
        Action::Filter => p.editing = Some(tui_input::Input::new(p.expr_text.clone())),
        Action::Facets => p.facets = Some(FacetCursor::default()),
        Action::Columns => {
            let chooser = ColumnChooser::new(&p.column_ids(), ProductColumn::ALL.len());
            state.overlay = Some(Overlay::Columns(chooser));
        }
        Action::GuideStars => p.toggle_guide_stars(),
        Action::Mark => {
            if let Some(row) = p.current_row() {
                p.toggle_mark(row);
                p.move_cursor(1, page);
            }
        }
        Action::MarkAll => p.mark_all(),
        Action::UnmarkAll => p.unmark_all(),
        Action::Details => {
            if let Some(row) = p.current_row() {
                let obsids = p.list.observations_of(row).to_vec();
                let observations = obsids
                    .into_iter()
                    .map(|o| (o, obs_id_of(state, o)))
                    .collect();
                state.products.detail = Some(ProductDetail {
                    row,
                    scroll: 0,
                    observations,
                });
            }
        }
        Action::ToBasket => return Some(to_basket(state)),
        Action::Open => return Some(open(state)),
        Action::Back => return Some(back(state)),
        _ => return None,
    }
    Some(Vec::new())
}

/// Esc in the grid: stop the fetch (keeping what came), else clear the expression.
fn back(state: &mut State) -> Vec<Cmd> {
    let p = &mut state.products;
    if let Some(req) = p.req.take() {
        p.partial = p.done < p.observations;
        let text = format!(
            "products stopped: {} of {} observations, {} files kept",
            thousands(p.done as u64),
            thousands(p.observations as u64),
            thousands(p.total() as u64)
        );
        state.info(text);
        return vec![Cmd::Cancel(req)];
    }
    if !p.expr_text.is_empty() || p.expr_error.is_some() {
        p.set_expression("");
        return Vec::new();
    }
    state.message = None;
    Vec::new()
}

/// The obs_id of an observation, when the results hold it.
fn obs_id_of(state: &State, obsid: i64) -> Option<String> {
    let data = &state.results.data;
    let col = data.column_index("obsid")?;
    let id_col = data.column_index("obs_id")?;
    (0..data.rows())
        .find(|&r| data.cell(r, col).as_i64() == Some(obsid))
        .and_then(|r| data.cell(r, id_col).as_str().map(str::to_string))
}

fn to_basket(state: &mut State) -> Vec<Cmd> {
    let products = state.products.selected_refs();
    if products.is_empty() {
        state.error("nothing to send: mark products with Space (a marks all shown)");
        return Vec::new();
    }
    let bytes: u64 = products.iter().filter_map(|p| p.size).sum();
    state.info(format!(
        "{} products ({}) sent to the basket (4)",
        thousands(products.len() as u64),
        human_bytes(bytes)
    ));
    vec![Cmd::AddToBasket { products }]
}

/// `o`: the product's documentation URL, else its observation's preview (jpegURL).
fn open(state: &mut State) -> Vec<Cmd> {
    let p = &state.products;
    let Some(row) = p.detail.as_ref().map(|d| d.row).or(p.current_row()) else {
        return Vec::new();
    };
    let doc = p.text(row, "productDocumentationURL");
    let url = if is_web_url(&doc) {
        Some(doc)
    } else {
        p.list
            .observations_of(row)
            .iter()
            .find_map(|&o| preview_of(state, o))
    };
    match url {
        Some(url) => vec![Cmd::OpenUrl { url }],
        None => {
            state.error("no documentation URL or preview for this product");
            Vec::new()
        }
    }
}

/// Only web links are opened: server text must not make us run anything else.
fn is_web_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && !s.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// The preview (`jpegURL`) of an observation the results hold.
fn preview_of(state: &State, obsid: i64) -> Option<String> {
    let data = &state.results.data;
    let col = data.column_index("obsid")?;
    let url_col = data.column_index("jpegURL")?;
    let row = (0..data.rows()).find(|&r| data.cell(r, col).as_i64() == Some(obsid))?;
    let url = data.cell(row, url_col).as_str()?.trim().to_string();
    is_web_url(&url).then_some(url)
}

/// A key no binding took while the filter bar has the keyboard.
pub fn type_key(state: &mut State, key: &Key) -> Vec<Cmd> {
    let p = &mut state.products;
    if let Some(input) = &mut p.editing
        && text_input::apply_key(input, key)
    {
        let text = input.value().to_string();
        p.set_expression(&text);
    }
    Vec::new()
}

pub fn paste(state: &mut State, text: &str) -> Vec<Cmd> {
    let p = &mut state.products;
    if let Some(input) = &mut p.editing
        && text_input::paste(input, text)
    {
        let text = input.value().to_string();
        p.set_expression(&text);
    }
    Vec::new()
}

/// A batch of a running fetch landed; a sorted grid has the new rows sorted in.
pub fn on_batch(
    state: &mut State,
    req: ReqId,
    table: Arc<Table>,
    done: usize,
    total: usize,
) -> Vec<Cmd> {
    if state.products.req != Some(req) {
        return Vec::new();
    }
    state.products.add_batch(&table, done, total);
    state.products.wanted_sort(&mut || state.ids.fresh())
}

/// True when `req` is the products sort running on the worker.
pub fn is_sort(state: &State, req: ReqId) -> bool {
    state.products.sort_req == Some(req)
}

/// The worker's sort came back: its rows, in order.
pub fn on_sorted(state: &mut State, req: ReqId, index: ViewIndex) -> Vec<Cmd> {
    let rows = match index {
        ViewIndex::Rows(rows) => rows,
        ViewIndex::All => state.products.order.clone(),
    };
    state
        .products
        .sort_ready(req, rows, &mut || state.ids.fresh())
}

/// The fetch ended.
pub fn on_done(state: &mut State, req: ReqId, result: Result<ProductFetchSummary, MastError>) {
    let p = &mut state.products;
    if p.req != Some(req) {
        return;
    }
    p.req = None;
    p.summary = Some(ProductsSummary {
        unique: p.list.len(),
        received: p.list.rows_received(),
    });
    match result {
        Ok(_) => p.partial = false,
        Err(MastError::Cancelled) => p.partial = true,
        Err(e) => {
            p.partial = true;
            let text = describe("products", &e);
            p.error = Some(text.clone());
            state.error(text);
        }
    }
}

pub fn on_opened(state: &mut State, url: &str, outcome: OpenOutcome) {
    let url = crate::sanitize::printable(url).into_owned();
    match outcome {
        OpenOutcome::Browser => state.info(format!("opened {url}")),
        OpenOutcome::Copied => state.info(format!("no display here; copied {url}")),
        OpenOutcome::Failed(e) => state.error(format!("could not open {url}: {e}")),
    }
}
