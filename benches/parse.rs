//! Parsing a 50,000-row CAOM page as `mastui sim` serves it (real MAST shapes: type lies,
//! nulls, STC-S regions), whole and as it arrives in pieces, beside a plain
//! `serde_json::Value` parse of the same bytes; in rows a second, the page written back as
//! JSON lines (what `mastui search --format jsonl` does with it), and the browser's row
//! store: bytes a row and the time to append a page.
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mastui::app::grid::result_set::ResultSet;
use mastui::cli::format::Format;
use mastui::cli::output::RowWriter;
use mastui::mast::response::parse_invoke_response;
use mastui::mast::response_stream::InvokeStream;
use mastui::sim::{SimOptions, start};

const ROWS: usize = 50_000;

fn fetch_page() -> Vec<u8> {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let sim = start(SimOptions {
            scale: 60_000,
            ..SimOptions::default()
        })
        .await
        .expect("start sim");
        let request = serde_json::json!({
            "service": "Mast.Caom.Filtered",
            "params": {"columns": "*", "filters": [
                {"paramName": "obs_collection",
                 "values": ["JWST", "HST", "TESS", "GALEX", "Kepler", "K2", "IUE", "PS1", "HLSP"]}
            ]},
            "format": "json", "pagesize": ROWS, "page": 1, "cacheBreaker": "bench"
        });
        let body = format!(
            "request={}",
            percent_encoding::utf8_percent_encode(
                &request.to_string(),
                percent_encoding::NON_ALPHANUMERIC
            )
        );
        let bytes = reqwest::Client::new()
            .post(format!("{}/api/v0/invoke", sim.base_url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("invoke")
            .bytes()
            .await
            .expect("body");
        sim.shutdown().await;
        bytes.to_vec()
    })
}

fn parse(c: &mut Criterion) {
    let body = fetch_page();
    let parsed = parse_invoke_response(&body).expect("a valid page");
    assert_eq!(parsed.table.rows(), ROWS, "the page holds {ROWS} rows");
    eprintln!(
        "page: {:.1} MB of JSON, {} rows x {} columns, {:.1} MB as a Table",
        body.len() as f64 / 1e6,
        parsed.table.rows(),
        parsed.table.columns().len(),
        parsed.table.heap_bytes() as f64 / 1e6
    );
    let mut g = c.benchmark_group("parse_caom_page_50k");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(body.len() as u64));
    g.bench_function("mastui_table", |b| {
        b.iter(|| parse_invoke_response(&body).map(|r| r.table.rows()))
    });
    // As `invoke_page` reads a page: pushed piece by piece as it arrives (16 kB here).
    g.bench_function("mastui_table_streamed", |b| {
        b.iter(|| {
            let mut s = InvokeStream::new();
            for c in body.chunks(16 * 1024) {
                s.push(c).expect("valid");
            }
            s.end().map(|r| r.table.rows()).ok()
        })
    });
    g.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(&body).map(|v| v.is_object()))
    });
    g.finish();

    let mut g = c.benchmark_group("rows_50k");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("parse", |b| {
        b.iter(|| parse_invoke_response(&body).map(|r| r.table.rows()))
    });
    let table = parsed.table;
    let mut out = Vec::with_capacity(body.len() * 2);
    g.bench_function("write_jsonl", |b| {
        b.iter(|| {
            out.clear();
            let mut w = RowWriter::new(Format::Jsonl, &mut out, None);
            w.page(&table).expect("written");
            w.finish().expect("finished");
            out.len()
        })
    });
    g.finish();

    // The browser keeps each page (shared, columnar): its bytes a row are
    // the table's; appending a page maps its columns and samples widths.
    // The worker compacts a page (dictionaries for repeated text) before the browser keeps it.
    let parsed_bytes = table.heap_bytes();
    let raw = table.clone();
    let page = Arc::new(table.compacted());
    eprintln!(
        "row store: {:.0} bytes a row as parsed, {:.0} kept (table heap {:.1} MB for {} rows)",
        parsed_bytes as f64 / ROWS as f64,
        page.heap_bytes() as f64 / ROWS as f64,
        page.heap_bytes() as f64 / 1e6,
        ROWS
    );
    let mut g = c.benchmark_group("row_store");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("clone_and_compact_50k_page", |b| {
        b.iter(|| raw.clone().compacted().rows())
    });
    g.bench_function("append_50k_page", |b| {
        b.iter(|| {
            let mut rs = ResultSet::default();
            rs.push_page(page.clone());
            rs.rows()
        })
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
