//! A filter keystroke over 300,000 rows (target: under 10 ms, else it runs off the UI task,
//! which `Results::refresh_view` does above `INLINE_VIEW_ROWS`).
mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mastui::app::grid_view::{SortSpec, ViewIndex, ViewJob};
use mastui::app::results::default_columns;

fn bench(c: &mut Criterion) {
    let data = support::result_set(300_000);
    let columns = default_columns(&data);
    let job = |filter: &str, base: Option<Vec<u32>>, sort: Option<SortSpec>| ViewJob {
        data: data.clone(),
        columns: columns.clone(),
        filter: filter.to_string(),
        sort,
        base,
        from_row: 0,
    };
    let first = job("n", None, None);
    c.bench_function("filter 300k rows: first key 'n'", |b| {
        b.iter(|| black_box(first.run()))
    });
    let text = job("nircam", None, None);
    c.bench_function("filter 300k rows: 'nircam' from scratch", |b| {
        b.iter(|| black_box(text.run()))
    });
    let numeric = job("59", None, None);
    c.bench_function("filter 300k rows: '59' (numbers formatted)", |b| {
        b.iter(|| black_box(numeric.run()))
    });
    let ViewIndex::Rows(base) = job("nirca", None, None).run() else {
        return;
    };
    let narrowing = job("nircam", Some(base), None);
    c.bench_function("filter 300k rows: narrowing 'nirca' -> 'nircam'", |b| {
        b.iter(|| black_box(narrowing.run()))
    });
    let sort = job(
        "",
        None,
        Some(SortSpec {
            col: columns[7],
            desc: false,
        }),
    );
    c.bench_function("sort 300k rows by t_exptime", |b| {
        b.iter(|| black_box(sort.run()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
