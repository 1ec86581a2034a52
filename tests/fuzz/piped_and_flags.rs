//! Smaller inputs: a product line piped into `mastui download`, and the simulator's
//! `--faults` spec.
use mastui::cli::download::product_of_json;
use mastui::sim::FaultSpec;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::{any_text, config, text_of};

proptest! {
    #![proptest_config(config(3000))]

    #[test]
    fn any_piped_line_is_a_product_or_not(
        uri in prop_oneof![any_text(20).prop_map(Value::String), Just(Value::Null), any::<i64>().prop_map(|i| json!(i))],
        size in prop_oneof![any::<i64>().prop_map(|i| json!(i)), any::<f64>().prop_map(|x| json!(x)), any_text(8).prop_map(Value::String), Just(Value::Null)],
        shared in prop_oneof![any::<i64>().prop_map(|i| json!(i)), any_text(4).prop_map(Value::String)],
        name in any_text(20),
    ) {
        let line = json!({"dataURI": uri, "size": size, "shared_by": shared, "productFilename": name});
        if let Some(p) = product_of_json(&line) {
            prop_assert!(!p.data_uri.is_empty());
            prop_assert!(p.shared_by >= 1, "{line}");
        }
    }

    #[test]
    fn any_fault_spec_is_read_or_refused_naming_the_accepted_forms(
        spec in prop_oneof![
            text_of(&["executing=", "drop=", "trickle=", "count_off=", "error5xx=", "status429=", "0", "1", "0.5", "2", "-1", "nan", ",", " ", "=", "bogus"], 10),
            any_text(30),
        ],
    ) {
        match spec.parse::<FaultSpec>() {
            // What was read prints back to a spec that reads the same.
            Ok(s) => prop_assert_eq!(s.to_string().parse::<FaultSpec>(), Ok(s)),
            Err(e) => prop_assert!(e.contains("accepted"), "{e}"),
        }
    }
}
