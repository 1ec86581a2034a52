//! One frame of the results grid over 1,000,000 rows at 200x50 (target: under 2 ms), in
//! arrival order and sorted (rows then come through the index: random access into pages).
mod support;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use mastui::app::update::start_search;
use mastui::app::{Cmd, Key, Msg, State, update};
use mastui::mast::criteria::Criteria;
use mastui::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A finished search of `rows` rows landed in pages of 50,000, the cursor mid-way.
fn state(rows: usize) -> State {
    let mut s = State::new("http://127.0.0.1:8000", 200, 50);
    let req = start_search(&mut s, Criteria::default())
        .iter()
        .find_map(Cmd::req)
        .unwrap_or(mastui::app::ReqId(0));
    let mut start = 0;
    while start < rows {
        let n = (rows - start).min(50_000);
        update(
            &mut s,
            Msg::SearchPage {
                req,
                page: 1,
                pages: 1,
                rows_filtered: rows as u64,
                table: Arc::new(support::page(start, n)),
            },
        );
        start += n;
    }
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    s.results.grid.cursor.pos = rows / 2;
    s.results.grid.cursor.top = rows / 2 - 10;
    s
}

/// Moves the cursor so every frame differs, as when scrolling.
fn wiggle(s: &mut State) {
    let c = &mut s.results.grid.cursor.pos;
    *c = if *c == 500_000 { 500_001 } else { 500_000 };
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
            wiggle(&mut s);
            let _ = terminal.draw(|f| view(black_box(&s), &theme, f));
        })
    });
    // Sorted by t_exptime (the eighth column), reversed, as the worker would answer.
    for _ in 0..7 {
        update(&mut s, Msg::Key(Key::ch('l')));
    }
    let cmds = update(&mut s, Msg::Key(Key::ch('S')));
    for cmd in cmds {
        if let Cmd::ComputeView { req, job } = cmd {
            update(
                &mut s,
                Msg::ViewReady {
                    req,
                    rows: job.run(),
                },
            );
        }
    }
    assert!(s.results.grid.sort.is_some() && !s.results.grid.pending());
    s.results.grid.cursor.pos = 500_000;
    c.bench_function("render 1M-row grid 200x50, sorted", |b| {
        b.iter(|| {
            wiggle(&mut s);
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
