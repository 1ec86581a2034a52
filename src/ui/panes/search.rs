//! The search form: one line per field, its problem beside it, the live count on top.
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

use crate::app::State;
use crate::app::panes::search::form::{CountState, Field, FieldId, SearchForm};
use crate::app::panes::search::needs;
use crate::app::panes::search::source::Source;
use crate::common::format::thousands;

use crate::ui::field;
use crate::ui::text::{clean, put, spinner};
use crate::ui::theme::Theme;

const LABEL_WIDTH: u16 = 14;

/// Draws the form; returns where the terminal cursor goes when a field is being typed in.
pub fn draw(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) -> Option<Position> {
    if area.height == 0 {
        return None;
    }
    let form = &state.search;
    let x0 = area.x;
    let used = put(buf, x0, area.y, " Search ", area.width, theme.title());
    let count = count_text(form, state.now_ms);
    put(
        buf,
        x0 + used,
        area.y,
        &format!(" {count}"),
        area.width - used,
        theme.base(),
    );

    // Rows left for the fields once the title and the three lines below them are drawn.
    let field_rows = area.height.saturating_sub(5).max(1) as usize;
    let shown: Vec<(usize, &Field)> = form.shown().collect();
    let at = shown
        .iter()
        .position(|(i, _)| *i == form.focus)
        .unwrap_or(0);
    let first = at.saturating_sub(field_rows.saturating_sub(1));
    let input_x = x0 + LABEL_WIDTH + 2;
    // The input takes a bit over half of what is left; its problem gets the rest.
    let rest = area.width.saturating_sub(LABEL_WIDTH + 2);
    let input_w = (rest * 11 / 20).clamp(10, 50).min(rest);
    let problem_x = input_x + input_w + 1;
    let mut cursor = None;
    let mut y = area.y + 2.min(area.height - 1);
    for &(i, field) in shown.iter().skip(first).take(field_rows) {
        if y >= area.y + area.height {
            break;
        }
        let focused = i == form.focus;
        let label_style = match (focused, form.editing) {
            (true, true) => theme.key(),
            (true, false) => theme.selected(),
            _ => theme.base(),
        };
        let marker = if focused { '▸' } else { ' ' };
        let label = format!(
            "{marker}{:>w$}",
            field.id.label(),
            w = LABEL_WIDTH as usize - 1
        );
        put(buf, x0, y, &label, LABEL_WIDTH, label_style);
        if field.id == FieldId::Source {
            source_line(buf, input_x, y, area, form, focused, theme);
            y += 1;
            continue;
        }
        let value = field.input.value();
        if value.is_empty() {
            buf.set_style(Rect::new(input_x, y, input_w, 1), theme.input());
            if focused {
                put(
                    buf,
                    input_x,
                    y,
                    field.id.example_for(form.source),
                    input_w,
                    theme.dim().patch(theme.input()),
                );
            }
        }
        let at = if value.is_empty() {
            Position::new(input_x, y)
        } else {
            field::draw(buf, input_x, y, input_w, &field.input, theme.input())
        };
        if focused && form.editing {
            cursor = Some(at);
        }
        if let Some(p) = &field.problem
            && problem_x < area.x + area.width
        {
            let w = area.x + area.width - problem_x;
            put(buf, problem_x, y, &format!("✗ {p}"), w, theme.error());
        }
        y += 1;
    }

    // Below the fields: the collection list (observations) or the mission's columns, then
    // the focused field's problem or example.
    let mut y = y + 1;
    let bottom = area.y + area.height;
    let list = match form.source {
        Source::Observations => Some(missions_line(form)),
        Source::Mission(_) => Some(columns_line(form)),
        Source::Catalog(_) => None,
    };
    if y < bottom
        && let Some(list) = list
    {
        put(
            buf,
            x0 + 2,
            y,
            &list,
            area.width.saturating_sub(2),
            theme.dim(),
        );
        y += 1;
    }
    if y < bottom {
        let focused = &form.fields[form.focus];
        let (text, style) = match &focused.problem {
            Some(p) => (format!("{}: {p}", focused.id.label()), theme.error()),
            None if focused.id == FieldId::Source => (
                "←/→ or a letter picks the source · Tab next field · Enter searches".to_string(),
                theme.dim(),
            ),
            None if form.editing => (
                "Enter searches · Tab next field · Ctrl-N count now · Esc stop typing".to_string(),
                theme.dim(),
            ),
            None => (
                "i edits the field · Enter searches · q quits".to_string(),
                theme.dim(),
            ),
        };
        put(buf, x0 + 2, y, &text, area.width.saturating_sub(2), style);
    }
    cursor
}

fn count_text(form: &SearchForm, now_ms: u64) -> String {
    let what = match form.source {
        Source::Observations => "observations",
        Source::Catalog(_) => "sources",
        Source::Mission(_) => "datasets",
    };
    match &form.count {
        CountState::Idle if form.has_problems() => "fix the marked fields to see matches".into(),
        CountState::Idle => match form.source {
            Source::Catalog(c) if !form.countable() => needs(c),
            Source::Catalog(_) => "Ctrl-N counts the matching sources".into(),
            Source::Mission(m) if !form.countable() => {
                format!("{} needs a target or conditions (column=value)", m.label)
            }
            Source::Mission(_) => "Ctrl-N counts the matching datasets".into(),
            Source::Observations if form.is_empty() => {
                "type criteria to see how many observations match".into()
            }
            Source::Observations => "fix the marked fields to see matches".into(),
        },
        CountState::Waiting => format!("matching {what}: …"),
        CountState::Running(_) => format!("matching {what}: {} counting", spinner(now_ms)),
        CountState::Known(n) => format!("matching {what}: {}", thousands(*n)),
        CountState::Failed(e) => clean(e).into_owned(),
    }
}

/// `◂ TIC ▸  TESS Input Catalog v8 (cone or criteria)`
fn source_line(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    area: Rect,
    form: &SearchForm,
    focused: bool,
    theme: &Theme,
) {
    let right = area.x + area.width;
    if x >= right {
        return;
    }
    let name = format!("◂ {} ▸", form.source.label());
    let style = if focused { theme.key() } else { theme.base() };
    let used = put(buf, x, y, &name, right - x, style);
    let about = format!("  {}", form.source.about());
    put(
        buf,
        x + used,
        y,
        &about,
        right.saturating_sub(x + used),
        theme.dim(),
    );
}

/// `Columns: sci_data_set_name · sci_targname · …` of the mission shown, narrowed to
/// those holding the name the last condition is typing.
fn columns_line(form: &SearchForm) -> String {
    let Some(m) = form.source.mission() else {
        return String::new();
    };
    match form.column_matches() {
        None if form.columns_req.is_some() => format!("{} columns: loading the list…", m.label),
        None => format!(
            "{} columns: list not available (`mastui mission {} --list-columns`)",
            m.label, m.name
        ),
        Some(names) if names.is_empty() => {
            format!("{} columns: none holds that name", m.label)
        }
        Some(names) => {
            let shown: Vec<String> = names.iter().map(|n| clean(n).into_owned()).collect();
            format!(
                "{} columns ({}): {}",
                m.label,
                names.len(),
                shown.join(" · ")
            )
        }
    }
}

/// `Collections: HST 484,983 · JWST 22,310 · …`, narrowed to what the field starts with
/// while it has the focus.
fn missions_line(form: &SearchForm) -> String {
    if form.missions.is_empty() {
        return if form.missions_req.is_some() {
            "Collections: loading the list…".into()
        } else {
            "Collections: list not available (type a name, e.g. JWST)".into()
        };
    }
    let narrowed = form.focused() == FieldId::Collection;
    let list: Vec<String> = if narrowed {
        let matches = form.mission_matches();
        if matches.is_empty() {
            return "Collections: none starts like that (↑↓ pick from the list)".into();
        }
        matches
            .iter()
            .map(|m| format!("{} {}", clean(&m.name), thousands(m.count)))
            .collect()
    } else {
        form.missions
            .iter()
            .map(|m| clean(&m.name).into_owned())
            .collect()
    };
    let hint = if narrowed { " (↑↓ pick)" } else { "" };
    format!("Collections{hint}: {}", list.join(" · "))
}
