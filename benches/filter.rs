//! A filter keystroke over 300,000 rows (target: under 10 ms, else it runs off the UI task,
//! which the grid does above `INLINE_ROWS`), and a sort of them (always on the worker).
mod support;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use mastui::app::grid::source::GridSource;
use mastui::app::grid::table_source::{OBSERVATIONS, TableSource};
use mastui::app::grid::view::{CellSource, Rows, SortSpec, TextFilter, ViewJob};

fn bench(c: &mut Criterion) {
    let rows = 300_000;
    let mut src = TableSource::new(OBSERVATIONS);
    src.data = support::result_set(rows);
    let columns = src.default_columns();
    let data: Arc<dyn CellSource> = Arc::new(src.data.clone());
    let job = |filter: &str, base: Option<Vec<u32>>, sort: Option<SortSpec>| ViewJob {
        data: data.clone(),
        rows: base.map_or(Rows::Range(0, rows), Rows::Ids),
        filter: Some(TextFilter {
            text: filter.to_string(),
            columns: columns.clone(),
        }),
        sort,
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
    let base = job("nirca", None, None).run();
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
