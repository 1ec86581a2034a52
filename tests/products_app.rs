//! Product triage without a network: the filter grammar, facet counts against a brute-force
//! recount, de-duplication with `shared`, stem grouping, and the products pane's transitions
//! (streamed batches, Esc keeping what came, marks, basket hand-off, open).
mod products_support;

use std::sync::Arc;

use mastui::app::cmd::Cmd;
use mastui::app::focus::Pane;
use mastui::app::msg::OpenOutcome;
use mastui::app::overlays::stack::Overlay;
use mastui::app::update::start_search;
use mastui::app::{Key, KeyCode, Msg, ReqId, State, update};
use mastui::mast::MastError;
use mastui::mast::basket_messages::BasketRequest;
use mastui::mast::criteria::Criteria;
use mastui::mast::product_facets::{Facet, ProductIndex, Selection, Tally, evaluate};
use mastui::mast::product_filter::ProductFilter;
use mastui::mast::products_fetch::ProductFetchSummary;
use mastui::mast::table::{Cell, Table};
use products_support::{batch, landed};

fn parse(expr: &str) -> ProductFilter {
    ProductFilter::parse(expr)
        .expect("valid")
        .expect("not blank")
}

#[test]
fn grammar_alternatives_negations_case_and_empties() {
    let names = [
        "jw01073001001_02101_00001_nrca1_cal.fits",
        "jw01073001001_02101_00001_nrca1_uncal.fits",
        "jw01073-o001_t001_nircam_clear-f277w_i2d.fits",
        "jw01073001001_gs-fg_2022193_cal.fits",
        "JW01073001001_02101_00001_NRCA1_CAL.JPG",
    ];
    let hits = |expr: &str| -> Vec<usize> {
        let f = parse(expr);
        (0..names.len()).filter(|&i| f.matches(names[i])).collect()
    };
    assert_eq!(hits("_cal.fits,_i2d.fits,!_gs-"), [0, 2]);
    // Case-insensitive both ways.
    assert_eq!(hits("_CAL."), [0, 3, 4]);
    // Negation only: everything but.
    assert_eq!(hits("!_gs-"), [0, 1, 2, 4]);
    assert_eq!(hits("!_gs-,!.jpg"), [0, 1, 2]);
    // Empty alternatives are skipped, never "match everything".
    assert_eq!(hits("_i2d,,"), [2]);
    assert_eq!(hits(", _i2d ,"), [2]);
    for bad in [",", "!", "a,!", "!!x", "a b", "a!b", "\u{7}"] {
        let e = ProductFilter::parse(bad).expect_err(bad);
        assert!(e.offset < bad.len().max(1), "{bad}: {e:?}");
        assert!(e.caret(bad).contains('^'), "{bad}");
    }
    assert!(ProductFilter::parse("  ").expect("blank").is_none());
}

/// The facet counts recomputed the slow way, straight from the table.
fn brute_force(t: &Table, sel: &Selection, facet: Facet, label: &str) -> Tally {
    let text = |r: usize, col: &str| -> String {
        match t.get(r, col) {
            Cell::Null => "(none)".into(),
            c => c.to_string().to_uppercase(),
        }
    };
    let value = |r: usize, f: Facet| -> String {
        let name = t.get(r, "productFilename").to_string();
        match f {
            Facet::ProductType => text(r, "productType"),
            Facet::SubGroup => text(r, "productSubGroupDescription"),
            Facet::CalibLevel => text(r, "calib_level"),
            Facet::Extension => name
                .split_once('.')
                .map_or("(none)".into(), |(_, e)| e.to_lowercase()),
            Facet::Mrp => {
                if t.get(r, "productGroupDescription").as_str()
                    == Some("Minimum Recommended Products")
                {
                    "MRP".into()
                } else {
                    "other".into()
                }
            }
            Facet::Rights => text(r, "dataRights"),
        }
    };
    let mut tally = Tally::default();
    for r in 0..t.rows() {
        let name = t.get(r, "productFilename").to_string();
        if sel.expression.as_ref().is_some_and(|e| !e.matches(&name)) {
            continue;
        }
        if !sel.show_guide_stars && name.to_lowercase().contains("_gs-") {
            continue;
        }
        let others_ok = Facet::ALL.iter().filter(|&&f| f != facet).all(|&f| {
            let chosen = sel.chosen(f);
            chosen.is_empty() || chosen.iter().any(|c| c.eq_ignore_ascii_case(&value(r, f)))
        });
        if others_ok && value(r, facet).eq_ignore_ascii_case(label) {
            tally.count += 1;
            tally.bytes += t.get(r, "size").as_i64().unwrap_or(0) as u64;
        }
    }
    tally
}

#[test]
fn facet_counts_match_a_brute_force_recount() {
    let obs: Vec<(usize, i64)> = (0..4).map(|o| (o, 1000 + o as i64)).collect();
    let t = batch(&obs, 30, 3);
    let mut index = ProductIndex::default();
    index.extend_from(&t);
    let order: Vec<u32> = (0..t.rows() as u32).collect();
    let selections: Vec<Selection> = {
        let mut v = Vec::new();
        for (expr, guide, ty, calib, mrp) in [
            (None, false, vec![], vec![], false),
            (Some("_cal"), false, vec!["SCIENCE"], vec![], false),
            (Some("!.jpg"), true, vec![], vec!["2"], false),
            (
                None,
                true,
                vec!["SCIENCE", "AUXILIARY"],
                vec!["2", "3"],
                true,
            ),
            (Some("nrca1,i2d"), false, vec!["PREVIEW"], vec!["1"], false),
        ] {
            let mut s = Selection {
                expression: expr.map(parse),
                show_guide_stars: guide,
                ..Selection::default()
            };
            s.chosen[Facet::ProductType.index()] = ty.into_iter().map(String::from).collect();
            s.chosen[Facet::CalibLevel.index()] = calib.into_iter().map(String::from).collect();
            if mrp {
                s.chosen[Facet::Mrp.index()] = vec!["MRP".into()];
            }
            v.push(s);
        }
        v
    };
    for sel in &selections {
        let ev = evaluate(&index, sel, &order, None);
        for f in Facet::ALL {
            for (id, label) in index.labels(f).iter().enumerate() {
                assert_eq!(
                    ev.counts[f.index()][id],
                    brute_force(&t, sel, f, label),
                    "{f:?}={label} under {sel:?}"
                );
            }
        }
        // The shown rows are those every filter passes.
        let shown: u64 = ev.shown.len() as u64;
        let any_facet = Facet::ALL[0];
        let by_values: u64 = index
            .labels(any_facet)
            .iter()
            .filter(|l| {
                let c = sel.chosen(any_facet);
                c.is_empty() || c.iter().any(|x| x.eq_ignore_ascii_case(l))
            })
            .map(|l| brute_force(&t, sel, any_facet, l).count)
            .sum();
        assert_eq!(shown, by_values);
    }
}

// ---- the pane, through `update` ----

fn send(s: &mut State, msg: Msg) -> Vec<Cmd> {
    update(s, msg)
}

fn ch(s: &mut State, c: char) -> Vec<Cmd> {
    update(s, Msg::Key(Key::ch(c)))
}

fn code(s: &mut State, c: KeyCode) -> Vec<Cmd> {
    update(s, Msg::Key(Key::new(c)))
}

/// A state whose results hold `n` observations (obsid 1000+i), with `p` pressed on all of
/// them marked; returns the products request id.
fn products_started(n: usize) -> (State, ReqId) {
    let mut s = State::new("http://127.0.0.1:1", 100, 30);
    let req = start_search(&mut s, Criteria::default())
        .iter()
        .find_map(Cmd::req)
        .expect("search req");
    let mut t = Table::default();
    for i in 0..n {
        let obs_id = format!("jw01073{i:03}001");
        let jpeg = format!("https://mast.example/preview/{obs_id}.jpg");
        t.push_row([
            ("obsid", Cell::Int(1000 + i as i64)),
            ("obs_id", Cell::Text(&obs_id)),
            ("jpegURL", Cell::Text(&jpeg)),
        ]);
    }
    send(
        &mut s,
        Msg::SearchPage {
            req,
            page: 1,
            pages: 1,
            rows_filtered: n as u64,
            table: Arc::new(t),
        },
    );
    send(
        &mut s,
        Msg::SearchDone {
            req,
            result: Ok(()),
        },
    );
    ch(&mut s, 'a');
    let cmds = ch(&mut s, 'p');
    let req = match cmds.as_slice() {
        [Cmd::Products { req, obsids }] => {
            assert_eq!(obsids.len(), n);
            *req
        }
        other => panic!("expected Products, got {other:?}"),
    };
    assert_eq!(s.pane, Pane::Products);
    (s, req)
}

fn land(s: &mut State, req: ReqId, obs: &[(usize, i64)], done: usize, total: usize) {
    let msg = landed(s, req, batch(obs, 12, 2), done, total);
    send(s, msg);
}

#[test]
fn batches_stream_in_and_duplicates_show_as_shared() {
    let (mut s, req) = products_started(4);
    assert!(
        s.activities()
            .iter()
            .any(|a| a.contains("observations 0/4"))
    );
    land(&mut s, req, &[(0, 1000), (1, 1001)], 2, 4);
    let after_one = s.products.total();
    assert_eq!(
        after_one,
        2 * 12 + 2,
        "two level-3 files listed twice, kept once"
    );
    assert!(
        s.activities()
            .iter()
            .any(|a| a.contains("observations 2/4"))
    );
    assert!(!s.products.is_empty(), "rows appear as batches land");
    land(&mut s, req, &[(2, 1002), (3, 1003)], 4, 4);
    assert_eq!(s.products.total(), 4 * 12 + 2);
    let shared = "mast:JWST/product/jw01073-c1000_t001_nircam_clear-f000w_i2d.fits";
    let held: Vec<usize> = (0..s.products.total())
        .filter(|&r| s.products.table().get(r, "dataURI").as_str() == Some(shared))
        .collect();
    let [row] = held[..] else {
        panic!("the shared file held once: {held:?}")
    };
    assert_eq!(s.products.list.shared_by(row), 4);
    send(
        &mut s,
        Msg::Products {
            req,
            result: Ok(ProductFetchSummary::default()),
        },
    );
    assert!(s.products.req.is_none() && !s.products.partial);
    // The detail overlay names the observations listing the file.
    let pos = s
        .products
        .eval
        .shown
        .iter()
        .position(|&r| r as usize == row)
        .expect("shown");
    s.products.grid.cursor.pos = pos;
    code(&mut s, KeyCode::Enter);
    let Some(Overlay::Detail(d)) = s.overlay() else {
        panic!("detail open")
    };
    let listed: Vec<&str> = d
        .detail
        .lines
        .iter()
        .filter(|(n, _)| n == "listed by")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(listed.len(), 4);
    assert_eq!(listed[1], "1001  jw01073001001");
    // o opens the documentation URL.
    let cmds = ch(&mut s, 'o');
    assert!(matches!(cmds.as_slice(), [Cmd::OpenUrl { url }] if url.starts_with("https://jwst")));
    code(&mut s, KeyCode::Esc);
    assert!(s.overlay().is_none());
    send(
        &mut s,
        Msg::Opened {
            url: "https://x".into(),
            outcome: OpenOutcome::Copied,
        },
    );
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("copied"))
    );
}

#[test]
fn esc_stops_the_fetch_and_keeps_what_arrived() {
    let (mut s, req) = products_started(6);
    land(&mut s, req, &[(0, 1000), (1, 1001)], 2, 6);
    let kept = s.products.total();
    let cmds = code(&mut s, KeyCode::Esc);
    assert!(matches!(cmds.as_slice(), [Cmd::Cancel(r)] if *r == req));
    assert!(s.products.req.is_none() && s.products.partial);
    // Late answers of the cancelled job are dropped.
    land(&mut s, req, &[(2, 1002)], 3, 6);
    send(
        &mut s,
        Msg::Products {
            req,
            result: Err(MastError::Cancelled),
        },
    );
    assert_eq!(s.products.total(), kept);
    assert!(s.products.error.is_none());
}

#[test]
fn guide_stars_hidden_by_default_and_one_key_shows_them() {
    let (mut s, req) = products_started(2);
    land(&mut s, req, &[(0, 1000), (1, 1001)], 2, 2);
    let guide = s.products.eval.guide_hidden.count;
    assert_eq!(guide, 4, "two guide-star files per observation");
    let shown = s.products.len();
    assert!(s.products.shown().iter().all(|&r| {
        !s.products
            .text(r as usize, "productFilename")
            .contains("_gs-")
    }));
    ch(&mut s, 'x');
    assert_eq!(s.products.len(), shown + guide as usize);
    ch(&mut s, 'x');
    assert_eq!(s.products.len(), shown);
}

#[test]
fn expression_typed_in_the_filter_bar_applies_at_once_and_errors_keep_the_view() {
    let (mut s, req) = products_started(2);
    land(&mut s, req, &[(0, 1000), (1, 1001)], 2, 2);
    ch(&mut s, '/');
    for c in "_cal.fits".chars() {
        ch(&mut s, c);
    }
    let cal = s.products.len();
    assert!(cal > 0);
    assert!(s.products.shown().iter().all(|&r| {
        s.products
            .text(r as usize, "productFilename")
            .ends_with("_cal.fits")
    }));
    // `q` is typed, not quit.
    ch(&mut s, ',');
    ch(&mut s, '!');
    assert!(!s.quit);
    assert!(s.products.expr_error.is_some(), "'!' alone is an error");
    assert_eq!(s.products.len(), cal, "the last good view stays");
    for c in "nrca1".chars() {
        ch(&mut s, c);
    }
    assert!(s.products.expr_error.is_none());
    assert_eq!(
        s.products.len(),
        0,
        "_cal.fits but not nrca1: none in this data"
    );
    code(&mut s, KeyCode::Enter);
    assert!(s.products.grid.input().is_none());
    assert_eq!(s.products.expr_text(), "_cal.fits,!nrca1");
    // Esc first stops the fetch still running, then clears the expression.
    code(&mut s, KeyCode::Esc);
    assert!(s.products.req.is_none());
    assert_eq!(s.products.expr_text(), "_cal.fits,!nrca1");
    code(&mut s, KeyCode::Esc);
    assert!(s.products.expr_text().is_empty());
    assert!(s.products.len() > cal);
}

#[test]
fn facets_popup_ticks_values_and_counts_follow() {
    let (mut s, req) = products_started(2);
    land(&mut s, req, &[(0, 1000), (1, 1001)], 2, 2);
    ch(&mut s, 'f');
    assert!(matches!(s.overlay(), Some(Overlay::Facets(_))));
    let lines = s.products.facet_lines();
    let preview = lines
        .iter()
        .position(|&(f, id)| {
            f == Facet::ProductType && s.products.index.labels(f)[id as usize] == "PREVIEW"
        })
        .expect("a PREVIEW value");
    for _ in 0..preview {
        code(&mut s, KeyCode::Down);
    }
    ch(&mut s, ' ');
    assert_eq!(s.products.selection.chosen(Facet::ProductType), ["PREVIEW"]);
    assert!(
        s.products
            .shown()
            .iter()
            .all(|&r| { s.products.text(r as usize, "productType") == "PREVIEW" })
    );
    code(&mut s, KeyCode::Esc);
    assert!(s.overlay().is_none());
}

#[test]
fn marks_totals_and_the_basket_hand_off() {
    let (mut s, req) = products_started(2);
    land(&mut s, req, &[(0, 1000), (1, 1001)], 2, 2);
    // Nothing marked: b sends the current product.
    let cmds = ch(&mut s, 'b');
    assert!(
        matches!(cmds.as_slice(), [Cmd::Basket(BasketRequest::Add(products))] if products.len() == 1)
    );
    ch(&mut s, ' ');
    ch(&mut s, ' ');
    assert_eq!(s.products.marked.count, 2);
    assert!(s.products.marked.bytes > 0);
    ch(&mut s, 'A');
    assert_eq!(s.products.marked, Tally::default());
    ch(&mut s, 'a');
    assert_eq!(s.products.marked.count as usize, s.products.len());
    let cmds = ch(&mut s, 'b');
    let Some(Cmd::Basket(BasketRequest::Add(products))) = cmds.first() else {
        panic!("AddToBasket expected: {cmds:?}")
    };
    assert_eq!(products.len(), s.products.len());
    let p = &products[0];
    assert!(p.data_uri.starts_with("mast:JWST/product/"));
    assert_eq!(p.obs_collection, "JWST");
    assert!(p.size.is_some() && !p.product_filename.is_empty() && !p.obs_id.is_empty());
    assert!(
        s.message
            .as_ref()
            .is_some_and(|m| m.text.contains("basket"))
    );
}

#[test]
fn one_exposures_chain_reads_together() {
    let (mut s, req) = products_started(1);
    land(&mut s, req, &[(0, 1000)], 1, 1);
    ch(&mut s, 'x');
    let names: Vec<String> = s
        .products
        .eval
        .shown
        .iter()
        .map(|&r| s.products.text(r as usize, "productFilename"))
        .collect();
    let stem = "jw01073000001_02101_00000_nrca1_";
    let chain: Vec<&str> = names
        .iter()
        .skip_while(|n| !n.starts_with(stem))
        .take_while(|n| n.starts_with(stem))
        .map(|n| &n[stem.len()..])
        .collect();
    assert_eq!(
        chain,
        [
            "uncal.fits",
            "rate.fits",
            "trapsfilled.fits",
            "cal.fits",
            "cal.jpg"
        ],
        "{names:#?}"
    );
}

#[test]
fn grouping_is_the_same_whichever_way_rows_arrive() {
    let whole = batch(&[(0, 1000), (1, 1001)], 24, 2);
    let (mut one, req) = products_started(2);
    let msg = landed(&one, req, whole.clone(), 2, 2);
    send(&mut one, msg);
    // The same rows in three batches, interleaved, the last ones first.
    let (mut three, req) = products_started(2);
    for part in [2usize, 0, 1] {
        let rows: Vec<usize> = (0..whole.rows()).filter(|r| r % 3 == part).collect();
        let msg = landed(&three, req, whole.select_rows(&rows), 1, 2);
        send(&mut three, msg);
    }
    let names = |s: &State| -> Vec<String> {
        s.products
            .shown()
            .iter()
            .map(|&r| s.products.text(r as usize, "productFilename"))
            .collect()
    };
    assert_eq!(names(&one), names(&three));
}

// ---- sorting: `h`/`l` choose the column, `s`/`S` sort by it ----

/// The shown products' values of one field, in view order (None for nulls).
fn column_of(s: &State, field: &str) -> Vec<Option<String>> {
    s.products
        .shown()
        .iter()
        .map(|&r| match s.products.table().get(r as usize, field) {
            Cell::Null => None,
            c => Some(c.to_string()),
        })
        .collect()
}

/// Two observations' products landed, guide stars shown, the column cursor on `col`.
fn sortable(col: usize) -> State {
    let (mut s, req) = products_started(2);
    land(&mut s, req, &[(0, 1000), (1, 1001)], 2, 2);
    ch(&mut s, 'x');
    for _ in 0..10 {
        ch(&mut s, 'h');
    }
    assert_eq!(
        s.products.grid.columns.col, 0,
        "h stops at the first column"
    );
    for _ in 0..col {
        ch(&mut s, 'l');
    }
    assert_eq!(s.products.grid.columns.col, col);
    s
}

#[test]
fn s_sorts_numbers_numerically_s_reverses_and_again_restores_the_grouping() {
    let mut s = sortable(5);
    let grouped = column_of(&s, "productFilename");
    let sizes = |s: &State| -> Vec<i64> {
        s.products
            .shown()
            .iter()
            .map(|&r| {
                s.products
                    .table()
                    .get(r as usize, "size")
                    .as_i64()
                    .expect("size")
            })
            .collect()
    };
    ch(&mut s, 's');
    let up = sizes(&s);
    assert_eq!(up.len(), grouped.len());
    assert!(up.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    // Numerically, not as text: some sizes have fewer digits than others.
    assert!(up.first().map(|n| n.to_string().len()) < up.last().map(|n| n.to_string().len()));
    ch(&mut s, 'S');
    let down = sizes(&s);
    assert!(down.windows(2).all(|w| w[0] >= w[1]), "{down:?}");
    ch(&mut s, 'S');
    assert_eq!(s.products.grid.sort, None);
    assert_eq!(column_of(&s, "productFilename"), grouped);
}

#[test]
fn nulls_sort_last_both_ways_and_ties_keep_the_grouping() {
    // Column 2: productSubGroupDescription, null for previews.
    let mut s = sortable(2);
    let grouped: Vec<u32> = s.products.shown().clone();
    let check = |s: &State, desc: bool| {
        let v = column_of(s, "productSubGroupDescription");
        let nulls = v.iter().filter(|x| x.is_none()).count();
        assert!(nulls > 0 && nulls < v.len());
        assert!(v[v.len() - nulls..].iter().all(Option::is_none), "{v:?}");
        let texts: Vec<String> = v[..v.len() - nulls]
            .iter()
            .map(|x| x.clone().unwrap_or_default().to_lowercase())
            .collect();
        assert!(
            texts
                .windows(2)
                .all(|w| if desc { w[0] >= w[1] } else { w[0] <= w[1] }),
            "{texts:?}"
        );
        // Equal values keep the file-stem grouping's order.
        let pos = |r: u32| grouped.iter().position(|&g| g == r);
        for (w, pair) in s.products.shown().windows(2).zip(v.windows(2)) {
            if pair[0] == pair[1] {
                assert!(pos(w[0]) < pos(w[1]));
            }
        }
    };
    ch(&mut s, 's');
    check(&s, false);
    ch(&mut s, 'S');
    check(&s, true);
}

#[test]
fn marks_and_the_cursor_survive_sorting() {
    let mut s = sortable(1);
    ch(&mut s, ' ');
    ch(&mut s, ' ');
    let marked: Vec<usize> = s.products.grid.marks.iter().collect();
    let (count, bytes) = (s.products.marked.count, s.products.marked.bytes);
    let current = s.products.current_row();
    ch(&mut s, 'S');
    assert!(s.products.grid.sort.is_some());
    assert_eq!(s.products.grid.marks.iter().collect::<Vec<_>>(), marked);
    assert_eq!(
        (s.products.marked.count, s.products.marked.bytes),
        (count, bytes)
    );
    assert_eq!(
        s.products.current_row(),
        current,
        "the cursor follows its product"
    );
    // The grid's marker follows the rows wherever they moved.
    let shown_marked = s
        .products
        .eval
        .shown
        .iter()
        .filter(|&&r| s.products.grid.marks.is_marked(r as usize))
        .count();
    assert_eq!(shown_marked, 2);
}

#[test]
fn filter_and_sort_apply_together_in_either_order() {
    let names_desc = |s: &State| {
        let v: Vec<String> = column_of(s, "productFilename")
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect();
        assert!(!v.is_empty());
        assert!(v.iter().all(|n| n.contains("_cal.fits")), "{v:?}");
        assert!(
            v.windows(2)
                .all(|w| w[0].to_lowercase() >= w[1].to_lowercase()),
            "{v:?}"
        );
        v
    };
    // Filter, then sort by the file name, reversed.
    let mut a = sortable(1);
    ch(&mut a, '/');
    for c in "_cal.fits".chars() {
        ch(&mut a, c);
    }
    code(&mut a, KeyCode::Enter);
    ch(&mut a, 'S');
    // Sort first, then filter.
    let mut b = sortable(1);
    ch(&mut b, 'S');
    ch(&mut b, '/');
    for c in "_cal.fits".chars() {
        ch(&mut b, c);
    }
    code(&mut b, KeyCode::Enter);
    assert_eq!(names_desc(&a), names_desc(&b));
    // Clearing the filter keeps the sort over every product (the first Esc stops the
    // fetch, which has not said it is done).
    code(&mut b, KeyCode::Esc);
    code(&mut b, KeyCode::Esc);
    assert_eq!(b.products.len(), b.products.total());
    let all = column_of(&b, "productFilename");
    assert!(all.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn a_large_list_sorts_on_the_worker_and_rows_landing_meanwhile_are_sorted_in_after() {
    use mastui::app::grid::component::INLINE_ROWS as INLINE_SORT_ROWS;
    let (mut s, req) = products_started(3);
    let per_obs = INLINE_SORT_ROWS / 2 + 6;
    let first = batch(&[(0, 1000), (1, 1001)], per_obs, 0);
    let msg = landed(&s, req, first, 2, 3);
    send(&mut s, msg);
    ch(&mut s, 'x');
    for _ in 0..5 {
        ch(&mut s, 'l');
    }
    let grouped = s.products.shown().clone();
    let cmds = ch(&mut s, 's');
    let [Cmd::ComputeView { req: sort_req, job }] = cmds.as_slice() else {
        panic!("a worker sort expected: {cmds:?}")
    };
    // Until it answers, the grid keeps its order and says it is sorting.
    assert_eq!(s.products.shown(), grouped);
    assert_eq!(s.products.grid.sort_req(), Some(*sort_req));
    // More rows land meanwhile: no second job while one runs.
    land(&mut s, req, &[(2, 1002)], 3, 3);
    assert!(s.products.grid.sort_req() == Some(*sort_req));
    // The worker's answer (run here as the worker would).
    let rows = job.run();
    let cmds = send(
        &mut s,
        Msg::ViewReady {
            req: *sort_req,
            rows,
        },
    );
    // The sorted rows show, the newer ones after them, and a sort for all is asked for.
    let size = |s: &State, r: u32| s.products.table().get(r as usize, "size").as_i64();
    let shown = s.products.shown().clone();
    let old = shown
        .iter()
        .take_while(|&&r| (r as usize) < 2 * per_obs)
        .count();
    assert!(
        shown[..old]
            .windows(2)
            .all(|w| size(&s, w[0]) <= size(&s, w[1]))
    );
    assert_eq!(shown.len(), s.products.total());
    let [Cmd::ComputeView { req: again, job }] = cmds.as_slice() else {
        panic!("a second sort expected for the new rows: {cmds:?}")
    };
    let rows = job.run();
    send(&mut s, Msg::ViewReady { req: *again, rows });
    assert_eq!(s.products.grid.sort_req(), None);
    let shown = &s.products.shown();
    assert_eq!(shown.len(), s.products.total());
    assert!(shown.windows(2).all(|w| size(&s, w[0]) <= size(&s, w[1])));
    // A stale answer (an older request) changes nothing.
    let before = s.products.shown().clone();
    send(
        &mut s,
        Msg::ViewReady {
            req: *sort_req,
            rows: Vec::new(),
        },
    );
    assert_eq!(s.products.shown(), before);
}

#[test]
fn c_chooses_and_orders_the_products_columns_and_sort_follows_the_cursor() {
    let mut s = sortable(0);
    ch(&mut s, 'c');
    assert!(matches!(s.overlay(), Some(Overlay::Columns(_))));
    // Hide the shared count; move obs_id (the last) to the front of the rest.
    ch(&mut s, ' ');
    for _ in 0..7 {
        ch(&mut s, 'j');
    }
    for _ in 0..6 {
        ch(&mut s, 'K');
    }
    code(&mut s, KeyCode::Enter);
    assert!(s.overlay().is_none());
    assert_eq!(s.products.grid.columns.visible, [7, 1, 2, 3, 4, 5, 6]);
    // The cursor's column (shared) went away: it is on the first shown one, obs_id.
    assert_eq!(s.products.grid.columns.col, 0);
    ch(&mut s, 'l');
    ch(&mut s, 'S');
    let names: Vec<String> = column_of(&s, "productFilename")
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    assert!(
        names
            .windows(2)
            .all(|w| w[0].to_lowercase() >= w[1].to_lowercase())
    );
    // The choice survives a new fetch of products.
    ch(&mut s, '2');
    ch(&mut s, 'p');
    assert_eq!(s.products.grid.columns.visible, [7, 1, 2, 3, 4, 5, 6]);
    // Esc cancels the chooser without change.
    ch(&mut s, 'c');
    ch(&mut s, ' ');
    code(&mut s, KeyCode::Esc);
    assert_eq!(s.products.grid.columns.visible, [7, 1, 2, 3, 4, 5, 6]);
}

#[test]
fn a_worker_sort_that_dies_stops_saying_sorting_and_keeps_the_order() {
    use mastui::app::grid::component::INLINE_ROWS as INLINE_SORT_ROWS;
    let (mut s, req) = products_started(2);
    let per_obs = INLINE_SORT_ROWS / 2 + 6;
    let msg = landed(&s, req, batch(&[(0, 1000), (1, 1001)], per_obs, 0), 2, 2);
    send(&mut s, msg);
    let before = s.products.shown().clone();
    let cmds = ch(&mut s, 's');
    let [Cmd::ComputeView { req: sort_req, .. }] = cmds.as_slice() else {
        panic!("a worker sort expected: {cmds:?}")
    };
    send(
        &mut s,
        Msg::JobFailed {
            req: *sort_req,
            message: "boom".into(),
        },
    );
    assert_eq!(s.products.grid.sort_req(), None);
    assert_eq!(s.products.grid.sort, None);
    assert_eq!(s.products.shown(), before);
    assert!(s.message.as_ref().is_some_and(|m| m.text.contains("boom")));
}
