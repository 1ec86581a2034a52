//! The product filter grammar, against a model written from its documentation.
use mastui::mast::product_filter::ProductFilter;
use proptest::prelude::*;

use crate::{any_text, config, text_of};

const PIECES: &[&str] = &[
    ",", "!", " ", "_cal", ".fits", "_gs-", "i2d", "CAL", "\u{130}", "\u{df}", "x", "\t", "\n",
];

/// The documented meaning: any positive part (or none given) and no negated part, each a
/// case-insensitive substring of the name; empty parts skipped.
fn model(expr: &str, name: &str) -> bool {
    let name = name.to_lowercase();
    let (mut any, mut none) = (Vec::new(), Vec::new());
    for part in expr.split(',') {
        let body = part.trim();
        if body.is_empty() {
            continue;
        }
        match body.strip_prefix('!') {
            Some(rest) if !rest.trim_start().is_empty() => {
                none.push(rest.trim_start().to_lowercase())
            }
            Some(_) => {}
            None => any.push(body.to_lowercase()),
        }
    }
    (any.is_empty() || any.iter().any(|a| name.contains(a.as_str())))
        && none.iter().all(|n| !name.contains(n.as_str()))
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn any_expression_parses_or_points_at_its_fault(
        expr in prop_oneof![text_of(PIECES, 12), any_text(24)],
        names in prop::collection::vec(prop_oneof![text_of(PIECES, 6), any_text(12)], 0..6),
    ) {
        match ProductFilter::parse(&expr) {
            Ok(None) => prop_assert!(expr.trim().is_empty()),
            Ok(Some(f)) => {
                prop_assert_eq!(f.source(), expr.as_str());
                for name in &names {
                    prop_assert_eq!(f.matches(name), model(&expr, name), "{:?} on {:?}", expr, name);
                }
                // A name holding a positive part passes unless a negation also hits it.
                let (any, _) = f.terms();
                for a in &any {
                    let name = format!("x{a}y");
                    prop_assert_eq!(f.matches(&name), model(&expr, &name));
                }
            }
            Err(e) => {
                // The caret lands inside the expression, on char boundaries.
                prop_assert!(e.offset <= expr.len(), "{e:?}");
                prop_assert!(e.offset + e.len <= expr.len(), "{e:?}");
                prop_assert!(expr.is_char_boundary(e.offset) && expr.is_char_boundary(e.offset + e.len));
                let caret = e.caret(&expr);
                prop_assert!(caret.contains('^'));
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }
}
