//! The cache model as it exists today: a document `validate` accepts is parsed
//! by serde_json (with `preserve_order`, as tokencache uses it), serialised
//! again, and the serialisation must itself pass `validate` and parse back to
//! the same value. Any operation that rewrites a cache (merge, remove,
//! redaction) goes through this parse → serialise path, so a document that
//! breaks here would be stored in a form tokencache itself refuses. The
//! operations themselves are fuzzed by `cache_model`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokencache::cache::validate;

fuzz_target!(|data: &[u8]| {
    if validate(data).is_err() {
        return;
    }
    // Numbers beyond f64 are valid JSON that serde_json refuses; nothing else
    // that validate accepts may fail to parse (the validate target checks that).
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    for serialised in [serde_json::to_vec(&value).unwrap(), serde_json::to_vec_pretty(&value).unwrap()] {
        if let Err(e) = validate(&serialised) {
            panic!("serde_json's output of an accepted document is refused: {e}");
        }
        let again: serde_json::Value = serde_json::from_slice(&serialised).unwrap();
        assert_eq!(again, value, "the round trip changed the document");
    }
});
