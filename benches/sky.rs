//! One frame of the sky view with 50,000 footprints in view (target: under 16 ms), drawn
//! through the real `view` at 200x50, colour and not.
use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use mastui::app::update::start_search;
use mastui::app::{Cmd, Key, Msg, ReqId, State, update};
use mastui::mast::criteria::Criteria;
use mastui::mast::table::{Cell, Table};
use mastui::ui::{Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// `n` observations scattered over a 3-degree field, each a rotated square of 0.05 deg
/// (HST-like), every tenth a circle (TESS-like).
fn field(n: usize) -> Table {
    let mut t = Table::default();
    for i in 0..n {
        let u = ((i as u64).wrapping_mul(2_654_435_761) % 10_000) as f64 / 10_000.0;
        let v = ((i as u64).wrapping_mul(40_503) % 9_973) as f64 / 9_973.0;
        let (ra, dec) = (150.0 + 3.0 * u - 1.5, 2.0 + 3.0 * v - 1.5);
        let h = 0.025;
        let region = if i % 10 == 9 {
            format!("CIRCLE ICRS {ra} {dec} 0.03")
        } else {
            format!(
                "POLYGON ICRS {} {} {} {} {} {} {} {}",
                ra - h,
                dec,
                ra,
                dec - h,
                ra + h,
                dec,
                ra,
                dec + h
            )
        };
        t.push_row([
            ("obs_id", Cell::Text("x")),
            ("obs_collection", Cell::Text(["HST", "JWST", "TESS"][i % 3])),
            ("s_ra", Cell::Float(ra)),
            ("s_dec", Cell::Float(dec)),
            ("s_region", Cell::Text(&region)),
            ("obsid", Cell::Int(i as i64)),
        ]);
    }
    t
}

fn bench(c: &mut Criterion) {
    let mut s = State::new("http://127.0.0.1:8000", 200, 50);
    let req = start_search(&mut s, Criteria::default())
        .iter()
        .find_map(Cmd::req)
        .unwrap_or(ReqId(0));
    update(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: 50_000,
            table: Arc::new(field(50_000)),
        },
    );
    update(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    update(&mut s, Msg::Key(Key::ch('v')));
    let mut terminal = match Terminal::new(TestBackend::new(200, 50)) {
        Ok(t) => t,
        Err(e) => panic!("test backend: {e}"),
    };
    for (theme, name) in [(Theme::COLOR, "colour"), (Theme::MONO, "no colour")] {
        c.bench_function(&format!("sky view, 50k footprints, 200x50, {name}"), |b| {
            b.iter(|| {
                let _ = terminal.draw(|f| view(black_box(&s), &theme, f));
            })
        });
    }
    // Zoomed in on a corner: most footprints are left out before projecting.
    for _ in 0..3 {
        update(&mut s, Msg::Key(Key::ch('+')));
    }
    c.bench_function("sky view, 50k footprints, zoomed in 8x", |b| {
        b.iter(|| {
            let _ = terminal.draw(|f| view(black_box(&s), &Theme::COLOR, f));
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
