//! The cache model end to end, through tokencache's library API exactly as
//! `write --merge` and `read --redact` use it: parse → merge → redact →
//! serialise never panics, and
//!
//! - anything `validate` accepts, `parse` models (no "cannot model" error);
//! - merge keeps every top-level value and every entry of both sides (where a
//!   section is an object on both sides, or on one side only);
//! - merge is idempotent: merging the same incoming document again changes
//!   nothing, not even key order (compared as stored bytes);
//! - merging `{}` changes nothing, and so does merging a document into itself;
//! - what merge stores passes `validate`, parses again, and re-serialises to
//!   the same bytes (storing it twice does not drift);
//! - redaction replaces every secret (a value under a key that names one, a
//!   string that is one), at any depth, with its placeholder and keeps
//!   everything else; the redacted document passes
//!   `validate`; and no byte of a secret survives: with every secret replaced
//!   by a marker string, the redacted serialisation contains no marker.
//!
//! Input: two documents separated by the first 0xFF byte (a byte that never
//! occurs in UTF-8, so neither document can contain it): `stored` and
//! `incoming`. Without a 0xFF, the document is merged into itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use tokencache::cache::merge::{merge, MergeReport};
use tokencache::cache::entry::{is_secret_key, is_secret_value, placeholder, secret_len};
use tokencache::cache::redact::redact;
use tokencache::cache::{parse, to_bytes, validate};

/// The marker substituted for secrets in the byte-level redaction check.
const MARKER: &str = "tokencache-fuzz-secret-marker";

/// `validate` accepting must imply `parse` succeeding.
fn model(bytes: &[u8]) -> Option<Map<String, Value>> {
    let accepted = validate(bytes).is_ok();
    match parse(bytes) {
        Ok(doc) => {
            assert!(accepted, "parse accepted what validate refuses");
            Some(doc)
        }
        Err(e) => {
            assert!(
                !accepted,
                "validate accepted a document parse cannot model: {e}"
            );
            None
        }
    }
}

/// Every top-level name and every section entry of `side` is in `merged`
/// (entries only where the merge rule unites sections: object on both sides,
/// or on this side with nothing on the other).
fn assert_kept(side: &Map<String, Value>, other: &Map<String, Value>, merged: &Map<String, Value>) {
    for (name, value) in side {
        let out = merged
            .get(name)
            .unwrap_or_else(|| panic!("top-level {name:?} lost"));
        if let (Value::Object(entries), Value::Object(out)) = (value, out) {
            if matches!(other.get(name), Some(Value::Object(_)) | None) {
                for key in entries.keys() {
                    assert!(out.contains_key(key), "entry {name:?}/{key:?} lost");
                }
            }
        }
    }
}

/// `redacted` is `original` with each secret (a value under a key that
/// names one, or a string that is one: `entry::is_secret_key`,
/// `entry::is_secret_value`) replaced by its placeholder and nothing else
/// changed. Returns how many were replaced.
fn assert_redacted(original: &Value, redacted: &Value) -> usize {
    match (original, redacted) {
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(a.len(), b.len(), "redaction changed an object's size");
            let mut count = 0;
            for ((ka, va), (kb, vb)) in a.iter().zip(b.iter()) {
                assert_eq!(ka, kb, "redaction changed a key or the key order");
                if is_secret_key(ka) {
                    assert_eq!(
                        vb,
                        &Value::String(placeholder(secret_len(va))),
                        "a secret was not replaced"
                    );
                    count += 1;
                } else {
                    count += assert_redacted(va, vb);
                }
            }
            count
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "redaction changed an array's length");
            a.iter().zip(b).map(|(x, y)| assert_redacted(x, y)).sum()
        }
        (Value::String(a), b) if is_secret_value(a) => {
            assert_eq!(b, &Value::String(placeholder(a.len())), "a secret was not replaced");
            1
        }
        (a, b) => {
            assert_eq!(a, b, "redaction changed a value that is not a secret");
            0
        }
    }
}

/// Replace every secret (at any depth) with a distinct marker string.
fn mark_secrets(value: &mut Value, next: &mut usize) {
    match value {
        // Still a secret by its value once marked, as it was.
        Value::String(s) if is_secret_value(s) => {
            *s = format!("Bearer {MARKER}-{next}");
            *next += 1;
        }
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_secret_key(key) {
                    *v = Value::String(format!("{MARKER}-{next}"));
                    *next += 1;
                } else {
                    mark_secrets(v, next);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mark_secrets(v, next)),
        _ => {}
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fuzz_target!(|data: &[u8]| {
    let (stored_bytes, incoming_bytes) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, data),
    };
    let (Some(stored), Some(incoming)) = (model(stored_bytes), model(incoming_bytes)) else {
        return;
    };

    // Merge, and merge again: idempotent, byte for byte.
    let mut once = stored.clone();
    merge(&mut once, incoming.clone());
    let once_bytes = to_bytes(&once);
    let mut twice = once.clone();
    let again = merge(&mut twice, incoming.clone());
    assert!(
        !again.changed(),
        "merging the same document twice changed it: {again:?}"
    );
    assert_eq!(to_bytes(&twice), once_bytes, "merge is not idempotent");

    // Merging nothing, or the document itself, changes nothing.
    let mut with_empty = once.clone();
    assert_eq!(merge(&mut with_empty, Map::new()), MergeReport::default());
    assert_eq!(
        to_bytes(&with_empty),
        once_bytes,
        "merging {{}} changed the document"
    );
    let mut with_self = once.clone();
    assert!(
        !merge(&mut with_self, once.clone()).changed(),
        "merging a document into itself changed it"
    );
    assert_eq!(to_bytes(&with_self), once_bytes);
    if stored_bytes == incoming_bytes {
        assert_eq!(
            to_bytes(&stored),
            once_bytes,
            "merging a document into itself changed it"
        );
    }

    // Nothing is lost.
    assert_kept(&stored, &incoming, &once);
    assert_kept(&incoming, &stored, &once);

    // What merge stores is storable, and storing it again does not drift.
    if let Err(e) = validate(&once_bytes) {
        panic!("the merged document is refused by validate: {e}");
    }
    let reparsed = parse(&once_bytes).expect("the merged document parses again");
    assert_eq!(
        to_bytes(&reparsed),
        once_bytes,
        "re-serialising the merged document changed it"
    );

    // Redaction: every secret replaced, nothing else touched, still valid.
    let original = Value::Object(once);
    let mut redacted = original.clone();
    let count = redact(&mut redacted);
    assert_eq!(assert_redacted(&original, &redacted), count);
    let redacted_bytes = serde_json::to_vec(&redacted).unwrap();
    if let Err(e) = validate(&redacted_bytes) {
        panic!("the redacted document is refused by validate: {e}");
    }

    // No byte of a secret survives: mark every secret, redact, look for marks.
    if !contains(data, MARKER.as_bytes()) {
        let mut marked = original;
        let mut n = 0;
        mark_secrets(&mut marked, &mut n);
        assert_eq!(n, count);
        assert_eq!(
            contains(&serde_json::to_vec(&marked).unwrap(), MARKER.as_bytes()),
            n > 0
        );
        redact(&mut marked);
        let out = serde_json::to_vec(&marked).unwrap();
        assert!(
            !contains(&out, MARKER.as_bytes()),
            "a secret survived redaction"
        );
    }
});
