//! The basket pane: totals, free space, an overall bar, throughput and time left, then one
//! line per file (queued, active with its own bar, done, failed with the reason).
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

use crate::app::panes::basket::{BasketPane, archive_title};
use crate::app::state::State;
use crate::common::format::human_bytes;
use crate::mast::basket_item::{BasketItem, ItemStatus};
use crate::ui::text::{clean, put, put_right};
use crate::ui::theme::Theme;

/// Width of a file's own progress bar.
const FILE_BAR: u16 = 16;

pub fn draw(buf: &mut Buffer, area: Rect, state: &State, theme: &Theme) {
    let b = &state.basket;
    if area.height == 0 || area.width < 4 {
        return;
    }
    put(buf, area.x, area.y, " Basket ", area.width, theme.title());
    let (done_bytes, all_bytes) = b.bytes();
    let files = b
        .items
        .iter()
        .filter(|i| i.status != ItemStatus::Cancelled)
        .count();
    let summary = format!(
        "{files} files, {} of {}  ·  {} queued  {} active  {} done  {} failed",
        human_bytes(done_bytes),
        human_bytes(all_bytes),
        b.queued(),
        b.active(),
        b.done(),
        b.failed()
    );
    put(
        buf,
        area.x + 9,
        area.y,
        &summary,
        area.width.saturating_sub(9),
        theme.base(),
    );
    if area.height < 3 {
        return;
    }
    if b.items.is_empty() {
        let lines = [
            "The basket is empty.".to_string(),
            "Mark products in the products pane (3) and press b to add them.".to_string(),
            format!("Files go to {}", shown_dir(b)),
        ];
        for (i, l) in lines.iter().enumerate() {
            if (i as u16) + 2 < area.height {
                put(
                    buf,
                    area.x + 2,
                    area.y + 2 + i as u16,
                    l,
                    area.width.saturating_sub(2),
                    theme.dim(),
                );
            }
        }
        return;
    }
    // Line 2: overall bar, rate, time left, free space.
    let rate = if b.rate >= 1.0 {
        format!("{}/s", human_bytes(b.rate as u64))
    } else {
        "-".to_string()
    };
    let eta = b.eta_secs().map_or("-".to_string(), clock);
    let free = b.free.map_or("?".to_string(), human_bytes);
    let right = format!(" {rate}  left {eta}  free {free} ");
    let right_w = (right.width() as u16).min(area.width / 2);
    let bar_w = area.width.saturating_sub(right_w + 2);
    bar(
        buf,
        area.x + 1,
        area.y + 1,
        bar_w,
        done_bytes,
        all_bytes,
        theme,
    );
    put_right(
        buf,
        area.x + area.width - right_w,
        area.y + 1,
        &right,
        right_w,
        theme.base(),
    );
    // The file list, scrolled to keep the selection in view; above it, before anything is
    // fetched, how many files need a login this session lacks.
    let mut top = area.y + 2;
    let mut rows = area.height.saturating_sub(3);
    if rows >= 2
        && let Some(advice) = b.advice(state.auth.status.access())
    {
        put(
            buf,
            area.x + 1,
            top,
            &advice,
            area.width.saturating_sub(1),
            theme.error(),
        );
        top += 1;
        rows -= 1;
    }
    if rows == 0 {
        return;
    }
    put(
        buf,
        area.x,
        area.y + area.height - 1,
        &format!(" → {}", shown_dir(b)),
        area.width,
        theme.dim(),
    );
    let first = b.cursor.window_top(rows as usize);
    for (n, (i, it)) in b
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(rows as usize)
        .enumerate()
    {
        let y = top + n as u16;
        let style = if i == b.cursor.pos {
            theme.selected()
        } else {
            theme.base()
        };
        item_line(
            buf,
            Rect::new(area.x, y, area.width, 1),
            b,
            it,
            style,
            theme,
        );
    }
}

fn shown_dir(b: &BasketPane) -> String {
    if b.dir.is_empty() {
        "the download directory".into()
    } else {
        clean(&b.dir).into_owned()
    }
}

fn item_line(
    buf: &mut Buffer,
    area: Rect,
    b: &BasketPane,
    it: &BasketItem,
    style: Style,
    theme: &Theme,
) {
    for x in area.x..area.x + area.width {
        if let Some(c) = buf.cell_mut((x, area.y)) {
            c.set_style(style);
        }
    }
    let label_style = match it.status {
        ItemStatus::Failed | ItemStatus::NeedsLogin => theme.error(),
        ItemStatus::Complete | ItemStatus::Skipped => theme.ok(),
        _ => style,
    };
    let x = area.x + 1;
    put(buf, x, area.y, it.status.label(), 11, label_style);
    let name_x = x + 12;
    // Wide terminals give the bar and the failure reason more room.
    let tail_w: u16 = if area.width >= 70 {
        (area.width / 3).clamp(FILE_BAR + 12, 60)
    } else {
        10
    };
    let name_w = area.width.saturating_sub(12 + 1 + tail_w + 1);
    // A cutout reads as what it was cut around, and what it unpacked to.
    let name = match &it.archive {
        Some(a) if !a.files.is_empty() => {
            format!("{} → {} files", archive_title(it), a.files.len())
        }
        Some(_) => format!("{} cutout", archive_title(it)),
        None => it.product_filename.clone(),
    };
    put(buf, name_x, area.y, &clean(&name), name_w, style);
    let tail_x = area.x + area.width - tail_w;
    match it.status {
        ItemStatus::Active | ItemStatus::Paused if tail_w > 10 => {
            let (got, total) = b.progress.get(&it.id).copied().unwrap_or((0, it.size));
            let total = total.or(it.size).unwrap_or(0);
            bar(buf, tail_x, area.y, FILE_BAR, got, total, theme);
            put_right(
                buf,
                tail_x + FILE_BAR,
                area.y,
                &human_bytes(got),
                tail_w - FILE_BAR,
                style,
            );
        }
        ItemStatus::Failed | ItemStatus::NeedsLogin => {
            put(
                buf,
                tail_x,
                area.y,
                &clean(&it.message),
                tail_w,
                theme.error(),
            );
        }
        _ => {
            let size = if it.status.is_done() {
                Some(it.bytes)
            } else {
                it.size
            };
            let size = size.map_or("?".into(), human_bytes);
            // A finished file may carry a note (a size MAST listed that the server
            // disagreed with, where it came from): shown beside its size when there is room.
            let size_w = 10.min(tail_w);
            if it.status.is_done() && !it.message.is_empty() && tail_w > size_w + 4 {
                put(
                    buf,
                    tail_x,
                    area.y,
                    &clean(&it.message),
                    tail_w - size_w - 1,
                    theme.dim(),
                );
                put_right(buf, tail_x + tail_w - size_w, area.y, &size, size_w, style);
            } else {
                put_right(buf, tail_x, area.y, &size, tail_w, style);
            }
        }
    }
}

/// `[#####.....] 42%` in `width` columns.
fn bar(buf: &mut Buffer, x: u16, y: u16, width: u16, done: u64, all: u64, theme: &Theme) {
    if width < 8 {
        return;
    }
    let pct = if all == 0 {
        0
    } else {
        (done.min(all) as u128 * 100 / all as u128) as u16
    };
    let label = format!(" {pct:>3}%");
    let inner = width.saturating_sub(2 + label.len() as u16);
    let filled = (u32::from(inner) * u32::from(pct) / 100) as u16;
    let mut s = String::with_capacity(width as usize);
    s.push('[');
    for i in 0..inner {
        s.push(if i < filled { '#' } else { '.' });
    }
    s.push(']');
    s.push_str(&label);
    put(buf, x, y, &s, width, theme.base());
}

/// `1:05:09` or `4:09`.
fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}
