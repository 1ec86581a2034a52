//! Property tests ("fuzzing" on stable Rust) of every parser that reads what a person types
//! or what a server sends: random and adversarial input must give an answer or a clear
//! error, never a panic, and what is accepted must mean what it says.
//!
//! Each target runs a few thousand cases in `cargo test`. `MASTUI_FUZZ_CASES=N` runs N cases
//! per target instead: the long mode, for minutes (`MASTUI_FUZZ_CASES=200000 cargo test
//! --release --test fuzz`). Failures print the smallest input proptest could shrink to;
//! each one fixed becomes a plain regression test beside the parser.
mod coords_angle;
mod criteria;
mod curl_quote;
mod dates_retry;
mod fits_header;
mod local_path;
mod piped_and_flags;
mod product_filter;
mod sanitize;
mod table;

use proptest::prelude::*;

/// The environment variable of the long mode: cases per target.
pub const CASES_ENV: &str = "MASTUI_FUZZ_CASES";

/// Cases per target: `short` unless the long mode asks for more. Failures are not written
/// to `proptest-regressions/` files: the fixes carry their own tests.
pub fn config(short: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases(short),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// `short`, or the long mode's count.
pub fn cases(short: u32) -> u32 {
    std::env::var(CASES_ENV)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(short)
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
