//! Shared pieces of the cache-model tests (merge, remove, inspect, presets):
//! the realistic fixture, its secrets, snapshot comparison.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A realistic cache: two accounts, valid and expired access tokens, a
/// malformed expiry, opaque and family refresh tokens, ID tokens (one without
/// a secret), app metadata, a broken entry, unknown top-level values.
pub const FIXTURE: &str = include_str!("../fixtures/realistic_cache.json");

/// The "now" the fixture's expiries are written against.
pub const NOW: &str = "1700000000";

/// Every `secret` value in a document.
pub fn secrets(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(doc, &mut out);
    out
}

fn collect(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "secret" {
                    out.push(v.as_str().expect("fixture secrets are strings").to_string());
                } else {
                    collect(v, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}

/// Panic if any 12-byte window of any secret occurs in `output`. (Single
/// bytes necessarily recur: JWT secrets are base64 text. Twelve bytes of
/// base64 from a token do not occur by chance in a summary.)
pub fn assert_no_secret(output: &str, secrets: &[String], what: &str) {
    assert!(!secrets.is_empty());
    for secret in secrets {
        assert!(secret.len() >= 12, "fixture secrets are long");
        for window in secret.as_bytes().windows(12) {
            let window = std::str::from_utf8(window).unwrap();
            assert!(
                !output.contains(window),
                "{what} shows secret bytes {window:?}"
            );
        }
    }
}

fn snapshot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name)
}

/// Compare `actual` with the stored snapshot; with `UPDATE_SNAPSHOTS=1`,
/// (re)write it instead (and fail, so that an update is never silent).
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = snapshot_path(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        panic!(
            "wrote snapshot {}; rerun without UPDATE_SNAPSHOTS",
            path.display()
        );
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "snapshot {} missing ({e}); run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "output differs from snapshot {}\n--- expected\n{expected}\n--- actual\n{actual}\n(run with UPDATE_SNAPSHOTS=1 to accept)",
            path.display()
        );
    }
}
