//! One frame of the results grid over 1,000,000 rows at 200x50 (target: under 2 ms).
mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mastui::app::State;
use mastui::app::grid_view::{SortSpec, ViewJob};
use mastui::app::results::default_columns;
use mastui::app::state::Pane;
use mastui::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn state(rows: usize) -> State {
    let mut s = State::new("http://127.0.0.1:8000", 200, 50);
    s.pane = Pane::Results;
    s.results.data = support::result_set(rows);
    s.results.visible = default_columns(&s.results.data);
    s.results.total = Some(rows as u64);
    s.results.cursor = rows / 2;
    s.results.top = rows / 2 - 10;
    s
}

fn bench(c: &mut Criterion) {
    let mut s = state(1_000_000);
    let mut terminal = match Terminal::new(TestBackend::new(200, 50)) {
        Ok(t) => t,
        Err(e) => panic!("test backend: {e}"),
    };
    let theme = Theme::COLOR;
    c.bench_function("render 1M-row grid 200x50", |b| {
        b.iter(|| {
            // Move the cursor so every frame differs, as when scrolling.
            s.results.cursor = if s.results.cursor == 500_000 {
                500_001
            } else {
                500_000
            };
            let _ = terminal.draw(|f| view(black_box(&s), &theme, f));
        })
    });
    // A sorted view: rows come through the index (random access into pages).
    let job = ViewJob {
        data: s.results.data.clone(),
        columns: s.results.visible.clone(),
        filter: String::new(),
        sort: Some(SortSpec { col: 7, desc: true }),
        base: None,
        from_row: 0,
    };
    s.results.sort = job.sort;
    s.results.view = job.run();
    c.bench_function("render 1M-row grid 200x50, sorted", |b| {
        b.iter(|| {
            s.results.cursor = if s.results.cursor == 500_000 {
                500_001
            } else {
                500_000
            };
            let _ = terminal.draw(|f| view(black_box(&s), &theme, f));
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
