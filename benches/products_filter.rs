//! Product triage over 300,000 products (target: a filter change under 10 ms on the UI task):
//! a facet or guide-star change, a new file-name expression, the whole pane's refresh, and
//! the cost of one landing batch of 10,000 rows onto 290,000.
use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use mastui::app::update::start_search;
use mastui::app::{Cmd, Key, KeyCode, Msg, ReqId, State, update};
use mastui::mast::criteria::Criteria;
use mastui::mast::product_batch::ProductBatch;
use mastui::mast::product_facets::{Facet, ProductIndex, Selection, evaluate};
use mastui::mast::product_filter::ProductFilter;
use mastui::mast::product_merge::ProductMerger;
use mastui::mast::table::{Cell, Table};

const STEPS: [(&str, &str, &str, i64); 6] = [
    ("uncal.fits", "UNCAL", "SCIENCE", 1),
    ("rate.fits", "RATE", "SCIENCE", 2),
    ("cal.fits", "CAL", "SCIENCE", 2),
    ("i2d.fits", "I2D", "SCIENCE", 3),
    ("cal.jpg", "", "PREVIEW", 2),
    ("asn.json", "ASN", "INFO", 3),
];

/// `n` products shaped like a JWST program's list: most of them guide-star files.
fn products(start: usize, n: usize) -> Table {
    let mut t = Table::default();
    for i in start..start + n {
        let (suffix, sub, ty, calib) = STEPS[i % STEPS.len()];
        let obs = i / 2000;
        let name = if i % 10 < 6 {
            format!("jw01073{obs:03}001_gs-fg_2022{:07}_{suffix}", i / 6)
        } else {
            format!(
                "jw01073{obs:03}001_02101_{:05}_nrca{}_{suffix}",
                i / 6,
                i % 4 + 1
            )
        };
        let uri = format!("mast:JWST/product/{name}");
        // Exposure-level obs_ids belong to one observation, so a batch brings new groups.
        let obs_id = format!("jw01073{obs:03}001_02101_{:05}_nrca1", i / 60);
        t.push_row([
            ("obsID", Cell::Int(obs as i64)),
            ("obs_collection", Cell::Text("JWST")),
            ("obs_id", Cell::Text(&obs_id)),
            ("dataURI", Cell::Text(&uri)),
            ("productType", Cell::Text(ty)),
            (
                "productGroupDescription",
                if i % 3 == 0 {
                    Cell::Text("Minimum Recommended Products")
                } else {
                    Cell::Null
                },
            ),
            ("productSubGroupDescription", Cell::Text(sub)),
            ("productFilename", Cell::Text(&name)),
            ("size", Cell::Int(2880 * (i as i64 % 10_000))),
            ("parent_obsid", Cell::Int(obs as i64)),
            (
                "dataRights",
                Cell::Text(if i % 17 == 0 {
                    "EXCLUSIVE_ACCESS"
                } else {
                    "PUBLIC"
                }),
            ),
            ("calib_level", Cell::Int(calib)),
        ]);
    }
    t
}

fn bench(c: &mut Criterion) {
    let table = products(0, 300_000);
    let mut index = ProductIndex::default();
    index.extend_from(&table);
    let order: Vec<u32> = (0..300_000).collect();
    let expr = ProductFilter::parse("_cal.fits,_i2d.fits,!_gs-")
        .ok()
        .flatten();

    let mut facet = Selection::default();
    facet.toggle(Facet::ProductType, "SCIENCE");
    facet.toggle(Facet::CalibLevel, "2");
    c.bench_function("products 300k: facet change (expression cached)", |b| {
        b.iter(|| black_box(evaluate(&index, &facet, &order, None)))
    });
    let guides = Selection {
        show_guide_stars: true,
        ..Selection::default()
    };
    c.bench_function("products 300k: guide stars shown", |b| {
        b.iter(|| black_box(evaluate(&index, &guides, &order, None)))
    });
    let with_expr = Selection {
        expression: expr.clone(),
        ..Selection::default()
    };
    c.bench_function(
        "products 300k: new expression '_cal.fits,_i2d.fits,!_gs-' (scan + evaluate)",
        |b| b.iter(|| black_box(evaluate(&index, &with_expr, &order, None))),
    );

    // The pane as the UI task runs it, through `update`: a keystroke in the filter bar.
    let mut s = products_shown(&table);
    update(&mut s, Msg::Key(Key::ch('/')));
    for ch in "_cal".chars() {
        update(&mut s, Msg::Key(Key::ch(ch)));
    }
    let mut flip = false;
    c.bench_function(
        "products pane 300k: keystroke '_cal' <-> '_cal.' (refresh)",
        |b| {
            b.iter(|| {
                flip = !flip;
                let key = if flip {
                    Key::ch('.')
                } else {
                    Key::new(KeyCode::Backspace)
                };
                update(&mut s, Msg::Key(key));
                black_box(s.products.len())
            })
        },
    );
    update(&mut s, Msg::Key(Key::new(KeyCode::Enter)));
    c.bench_function("products pane 300k: x (guide stars) toggle", |b| {
        b.iter(|| {
            update(&mut s, Msg::Key(Key::ch('x')));
            black_box(s.products.len())
        })
    });

    // Sorting: an index of row ids sorted by one column (stable over the file-stem
    // grouping). The sort itself runs on the worker's blocking thread past 20,000 products;
    // the UI task only builds the job (copies one column) and keeps its view.
    for (col, what) in [(5, "size (numbers)"), (1, "productFilename (text)")] {
        let mut s = products_shown(&table);
        for _ in 0..col {
            update(&mut s, Msg::Key(Key::ch('l')));
        }
        let job = update(&mut s, Msg::Key(Key::ch('s')))
            .into_iter()
            .find_map(|c| match c {
                Cmd::ComputeView { job, .. } => Some(job),
                _ => None,
            });
        if let Some(job) = job {
            c.bench_function(&format!("products 300k: sort by {what} (worker)"), |b| {
                b.iter(|| black_box(job.run()))
            });
        }
        let mut desc = false;
        c.bench_function(
            &format!("products pane 300k: s <-> S on {what} (UI task)"),
            |b| {
                b.iter(|| {
                    desc = !desc;
                    let key = if desc { 'S' } else { 's' };
                    black_box(update(&mut s, Msg::Key(Key::ch(key))))
                })
            },
        );
    }

    // A whole fetch as the UI task sees it: 30 batches of 10,000 rows landing one after the
    // other, each already merged, indexed and grouped on the worker (not timed here); the
    // pane appends the parts and re-evaluates. Divide by 30 for one batch.
    let mut merger = ProductMerger::default();
    let batches: Vec<ProductBatch> = (0..30)
        .map(|b| ProductBatch::prepare(&mut merger, products(b * 10_000, 10_000)))
        .collect();
    c.bench_function(
        "products pane: 300k rows landing in 30 batches of 10k",
        |b| {
            b.iter_batched(
                || (asking(), batches.clone()),
                |((mut s, req), batches)| {
                    for (i, batch) in batches.into_iter().enumerate() {
                        update(
                            &mut s,
                            Msg::ProductsBatch {
                                req,
                                batch: Arc::new(batch),
                                done: i + 1,
                                total: 30,
                            },
                        );
                    }
                    // Returned so that dropping it is not timed.
                    s
                },
                criterion::BatchSize::LargeInput,
            )
        },
    );
    // The worker's share of the same fetch: one merger sorting the 30 batches.
    let tables: Vec<Table> = (0..30).map(|b| products(b * 10_000, 10_000)).collect();
    c.bench_function(
        "products worker: 300k rows prepared in 30 batches of 10k",
        |b| {
            b.iter_batched(
                || tables.clone(),
                |tables| {
                    let mut merger = ProductMerger::default();
                    tables
                        .into_iter()
                        .map(|t| ProductBatch::prepare(&mut merger, t))
                        .collect::<Vec<_>>()
                },
                criterion::BatchSize::LargeInput,
            )
        },
    );
}

/// A state whose products pane asks for the products of one observation.
fn asking() -> (State, ReqId) {
    let mut s = State::new("http://127.0.0.1:1", 200, 50);
    let req = start_search(&mut s, Criteria::default())
        .iter()
        .find_map(Cmd::req)
        .unwrap_or(ReqId(0));
    let mut t = Table::default();
    t.push_row([
        ("obsid", Cell::Int(1)),
        ("obs_id", Cell::Text("jw01073001001")),
    ]);
    update(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: 1,
            table: Arc::new(t),
        },
    );
    let req = update(&mut s, Msg::Key(Key::ch('p')))
        .iter()
        .find_map(Cmd::req)
        .unwrap_or(ReqId(0));
    (s, req)
}

/// The products pane showing `table`, every batch landed.
fn products_shown(table: &Table) -> State {
    let (mut s, req) = asking();
    update(
        &mut s,
        Msg::ProductsBatch {
            req,
            batch: Arc::new(ProductBatch::prepare(
                &mut ProductMerger::default(),
                table.clone(),
            )),
            done: 1,
            total: 1,
        },
    );
    s
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
