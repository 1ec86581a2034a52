//! Carrying out a `:` command: what it asks of the worker, the overlays it opens, and the
//! session's command history.
use super::cmd::Cmd;
use super::command::{Command, Setting};
use super::effect::{Effect, OverlayRequest};

use super::export_rows::ExportRows;
use super::focus::Pane;
use super::grid::component::Grid;
use super::grid::result_set::ResultSet;
use super::grid::table_source::TableSource;
use super::state::State;
use crate::common::format::thousands;
use crate::mast::basket_messages::BasketRequest;
use crate::remember::store::check_name;

/// The history keeps this many commands.
const HISTORY: usize = 100;

fn remember(state: &mut State, text: String) {
    if state.command_history.last() != Some(&text) {
        state.command_history.push(text);
    }
    let over = state.command_history.len().saturating_sub(HISTORY);
    state.command_history.drain(..over);
}

/// Runs `command` (typed as `text`); returns the effects for the router to apply.
pub fn carry_out(
    state: &mut State,
    text: String,
    command: Command,
    out: &mut Vec<Cmd>,
) -> Vec<Effect> {
    remember(state, text);
    match command {
        Command::Export { path, force } => match export_rows(state) {
            Ok((rows, what)) => {
                state.info(format!(
                    "writing {} {what} to {path}…",
                    thousands(rows.len() as u64)
                ));
                out.push(Cmd::Export {
                    rows,
                    path,
                    force,
                    what,
                });
            }
            Err(e) => state.error(e),
        },
        Command::Curl => out.push(Cmd::Basket(BasketRequest::WriteCurl)),
        Command::WriteManifest => out.push(Cmd::Basket(BasketRequest::WriteManifest)),
        Command::Login => return vec![Effect::Open(OverlayRequest::Login)],
        Command::Save(name) => {
            return match (check_name(&name), state.search.spec()) {
                (Err(why), _) | (_, Err(why)) => {
                    state.error(why);
                    Vec::new()
                }
                (Ok(()), Ok(spec)) => vec![Effect::SaveSearch { name, spec }],
            };
        }
        Command::Help => return vec![Effect::Open(OverlayRequest::Help)],
        Command::Quit => {
            return match state.basket.quit_question() {
                Some(question) => vec![Effect::Open(OverlayRequest::Confirm {
                    question,
                    yes: Box::new(Effect::Quit),
                })],
                None => vec![Effect::Quit],
            };
        }
        Command::Set(setting) => {
            let Some(mut s) = state.basket.settings.clone() else {
                state.error("the basket is still starting; try again in a moment");
                return Vec::new();
            };
            match setting {
                Setting::DownloadDir(dir) => s.dir = dir,
                Setting::Flat(flat) => s.flat = flat,
                Setting::Parallel(n) => s.parallel = n,
            }
            state.info(s.summary());
            out.push(Cmd::Basket(BasketRequest::Configure(s)));
        }
    }
    Vec::new()
}

fn pages(table: &TableSource, grid: &Grid) -> ExportRows {
    ExportRows {
        data: table.data.clone(),
        order: grid.shown_rows(table),
    }
}

/// The focused pane's rows as shown, and what they are called; an error names the panes
/// that have rows to export.
fn export_rows(state: &State) -> Result<(ExportRows, &'static str), String> {
    let rows = match state.pane {
        Pane::Results => (
            pages(&state.results.table, &state.results.grid),
            "observations",
        ),
        Pane::Catalog => (pages(&state.catalog.table, &state.catalog.grid), "sources"),
        Pane::Mission => (pages(&state.mission.table, &state.mission.grid), "datasets"),
        Pane::Products => {
            let mut data = ResultSet::default();
            data.push_page(state.products.shared_table());
            let order = state.products.shown();
            (ExportRows { data, order }, "products")
        }
        _ => {
            return Err(
                "export writes a grid's rows: focus results (2), products (3), catalog (5) \
                 or mission (6) first"
                    .into(),
            );
        }
    };
    if rows.0.is_empty() {
        return Err(format!("no {} shown to export", rows.1));
    }
    Ok(rows)
}
