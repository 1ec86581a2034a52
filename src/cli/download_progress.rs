//! Download progress: on a terminal an overall bar (bytes, speed, time left) and one bar
//! per file in flight, each finished file leaving a line above them; elsewhere (logs,
//! pipes, CI) a plain line per finished file and an overall line every few seconds.
use std::collections::HashMap;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::common::format::human_bytes;
use crate::mast::basket_item::{BasketItem, ItemStatus};
use crate::mast::basket_messages::BasketEvent;

async fn bars(mut rx: UnboundedReceiver<BasketEvent>, files: usize, total: u64) {
    let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr_with_hz(8));
    let overall = multi.add(ProgressBar::new(total.max(1)));
    overall.set_style(style(
        "{bar:30.cyan/blue} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta}  {msg}",
    ));
    overall.enable_steady_tick(Duration::from_millis(250));
    let file_style = style("  {bar:20} {decimal_bytes:>9}/{decimal_total_bytes:<9} {wide_msg}");
    let mut bars: HashMap<u64, ProgressBar> = HashMap::new();
    let mut got: HashMap<u64, u64> = HashMap::new();
    let mut done = 0usize;
    overall.set_message(format!("0/{files} files"));
    while let Some(ev) = rx.recv().await {
        match ev {
            BasketEvent::Progress { id, bytes, total } => {
                got.insert(id, bytes);
                if let Some(bar) = bars.get(&id) {
                    if let Some(t) = total {
                        bar.set_length(t.max(1));
                    }
                    bar.set_position(bytes);
                }
            }
            BasketEvent::Note(text) => {
                let _ = multi.println(format!("mastui download: {text}"));
            }
            BasketEvent::Info { .. } | BasketEvent::Settings(_) | BasketEvent::Verified(_) => {}
            BasketEvent::Item(it) => match it.status {
                ItemStatus::Active => {
                    let bar = multi.add(ProgressBar::new(it.size.unwrap_or(0).max(1)));
                    bar.set_style(file_style.clone());
                    bar.set_message(crate::sanitize::printable(&it.product_filename).into_owned());
                    bars.insert(it.id, bar);
                }
                ItemStatus::Queued => {
                    if let Some(bar) = bars.remove(&it.id) {
                        bar.finish_and_clear();
                    }
                }
                _ => {
                    if let Some(bar) = bars.remove(&it.id) {
                        bar.finish_and_clear();
                    }
                    if it.status.is_done() {
                        got.insert(it.id, it.bytes);
                    }
                    done += 1;
                    let _ = multi.println(format!("[{done}/{files}] {}", finished_line(&it)));
                    overall.set_message(format!("{done}/{files} files"));
                }
            },
        }
        overall.set_position(got.values().sum());
    }
    for bar in bars.values() {
        bar.finish_and_clear();
    }
    overall.finish_and_clear();
}

/// Reports the basket's events: bars on a terminal, plain lines otherwise.
pub async fn report(rx: UnboundedReceiver<BasketEvent>, files: usize, total: u64) {
    if std::io::stderr().is_terminal() {
        bars(rx, files, total).await
    } else {
        report_lines(rx, files, total).await
    }
}

/// A line per finished file and an overall line every few seconds (logs, pipes, CI).
async fn report_lines(mut rx: UnboundedReceiver<BasketEvent>, files: usize, total: u64) {
    let started = Instant::now();
    let mut done = 0usize;
    let mut bytes_by_id = std::collections::HashMap::new();
    let mut last = Instant::now();
    while let Some(ev) = rx.recv().await {
        match ev {
            BasketEvent::Progress { id, bytes, .. } => {
                bytes_by_id.insert(id, bytes);
            }
            BasketEvent::Note(text) => eprintln!("mastui download: {text}"),
            BasketEvent::Info { .. } | BasketEvent::Settings(_) | BasketEvent::Verified(_) => {}
            BasketEvent::Item(it) => {
                if it.status == ItemStatus::Active {
                    continue;
                }
                if it.status.is_done() {
                    bytes_by_id.insert(it.id, it.bytes);
                }
                if matches!(it.status, ItemStatus::Queued) {
                    continue;
                }
                done += 1;
                eprintln!("[{done}/{files}] {}", finished_line(&it));
            }
        }
        if last.elapsed() >= Duration::from_secs(2) {
            last = Instant::now();
            let got: u64 = bytes_by_id.values().sum();
            let secs = started.elapsed().as_secs_f64().max(0.001);
            eprintln!(
                "  {} of {} ({}/s)",
                human_bytes(got),
                human_bytes(total),
                human_bytes((got as f64 / secs) as u64)
            );
        }
    }
}

/// `complete /dl/mastDownload/JWST/x/y_cal.fits (note)`.
fn finished_line(it: &BasketItem) -> String {
    let note = if it.message.is_empty() {
        String::new()
    } else {
        format!(" ({})", crate::sanitize::printable(&it.message))
    };
    format!("{} {}{note}", it.status.label(), it.dest.display())
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}
