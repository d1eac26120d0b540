//! Input validation (`tokencache::cache::validate`): never panics, and agrees
//! with serde_json wherever the two must agree.
//!
//! The oracle, in both directions:
//! - whatever `validate` accepts, serde_json parses to an object, unless it
//!   holds a number outside f64's range (valid JSON that serde_json without
//!   `arbitrary_precision` refuses). In particular serde_json's recursion limit
//!   is never hit: "anything we accept can also be modelled";
//! - whatever serde_json parses to an object, `validate` accepts, unless it has
//!   a duplicate key, nests deeper than our limit or holds a number CPython's
//!   json cannot load back — the places where tokencache is deliberately
//!   stricter than serde_json.
//!
//! And `validate_view`, the pass that validates and builds `token`'s view at
//! once, answers exactly as `validate` followed by `View::parse`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokencache::cache::view::View;
use tokencache::cache::{validate, validate_view, InvalidJson};

fn out_of_range(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("number out of range")
}

fuzz_target!(|data: &[u8]| {
    let ours = validate(data);
    match &ours {
        Ok(()) => assert_eq!(validate_view(data).ok(), View::parse(data)),
        Err(e) => assert_eq!(validate_view(data).err().as_ref(), Some(e)),
    }
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match (&ours, &theirs) {
        (Ok(()), Ok(value)) => assert!(value.is_object(), "validate accepted a non-object"),
        (Ok(()), Err(e)) => assert!(out_of_range(e), "validate accepted what serde_json refuses: {e}"),
        (
            Err(
                InvalidJson::DuplicateKey { .. }
                | InvalidJson::TooDeep { .. }
                | InvalidJson::NumberOutOfRange { .. },
            ),
            _,
        ) => {}
        (Err(ours), Ok(value)) => assert!(
            !value.is_object(),
            "validate refused an object serde_json accepts: {ours}"
        ),
        (Err(_), Err(_)) => {}
    }
    // Every refusal renders a message (no panic in Display either).
    if let Err(e) = ours {
        assert!(!e.to_string().is_empty());
    }
});
