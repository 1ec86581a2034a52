//! Property tests ("fuzzing" on stable Rust) of every parser that reads what a person types
//! or what a server sends: random and adversarial input must give an answer or a clear
//! error, never a panic, and what is accepted must mean what it says.
//!
//! Each target runs a few thousand cases in `cargo test`. `MASTUI_FUZZ_CASES=N` is the long
//! mode, for minutes (`MASTUI_FUZZ_CASES=200000 cargo test --release --test fuzz`): N is
//! the cases of an ordinary property (a parser called on one input), and a property whose
//! one case costs about `cost` ordinary ones runs N / cost cases (at least 1), so that one
//! N keeps every target's share of the time as in the short mode:
//!
//! | property                                     | short mode | long mode   |
//! |----------------------------------------------|------------|-------------|
//! | every property built with `config(short)`    | `short`    | N           |
//! | `curl_quote::*` (one bash run of 50 words)   | 40         | N / 50      |
//! | `zip_members::archives_unpack_inside_...`    | 60         | N / 50      |
//! | `missions_search::deep_nesting_...`          | 300        | N / 10      |
//!
//! Failures print the smallest input proptest could shrink to; each one fixed becomes a
//! plain regression test beside the parser.
mod coords_angle;
mod criteria;
mod curl_quote;
mod dates_retry;
mod fits_header;
mod local_path;
mod missions_search;
mod piped_and_flags;
mod product_filter;
mod sanitize;
mod services;
mod settings_file;
mod table;
mod zip_members;

use proptest::prelude::*;

/// The environment variable of the long mode: cases per target.
pub const CASES_ENV: &str = "MASTUI_FUZZ_CASES";

/// Cases per target: `short`, or N in the long mode. Failures are not written to
/// `proptest-regressions/` files: the fixes carry their own tests.
pub fn config(short: u32) -> ProptestConfig {
    costly(short, 1)
}

/// Cases of a property whose one case costs about `cost` ordinary ones (a bash run, an
/// archive written and unpacked on disk): `short`, or N / `cost` in the long mode.
pub fn costly(short: u32, cost: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(short, cost),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// `short`, or the long mode's N divided by `cost` (at least 1). The count is applied once:
/// a caller passes its short count, never one already scaled by the long mode.
pub fn cases(short: u32, cost: u32) -> u32 {
    match std::env::var(CASES_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
    {
        Some(n) => (n / cost.max(1)).max(1),
        None => short,
    }
}

/// Any text: every char (controls, escapes, surrogates' neighbours, astral planes), unlike
/// `any::<String>()`, which leaves control characters out.
pub fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect())
}

/// Text made of `pieces` (a grammar's tokens and troublemakers), so random input reaches
/// past the first check of a parser.
pub fn text_of(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(pieces).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
        ],
        0..max,
    )
    .prop_map(|v| v.concat())
}
