//! Merging one token cache document into another, the way `write --merge`
//! does it, and pruning expired access tokens.
//!
//! Several programs share one MSAL cache; each writes the whole document it
//! knows. A plain write from one would drop what another added, so `write
//! --merge` loads the stored document, merges the incoming one into it and
//! stores the result, all under one hold of the cache lock.
//!
//! # The rule
//! - A top-level value that is an object in both documents is a *section*
//!   (`AccessToken`, `RefreshToken`, `IdToken`, `Account`, `AppMetadata`, or
//!   any section a library we do not know adds): its entries are united by key.
//! - For a key present in both, the incoming entry wins, unless both entries
//!   carry `cached_at` (or, failing that, both carry `last_modification_time`)
//!   as integers and the stored one is strictly newer.
//! - Any other top-level value present in the incoming document replaces the
//!   stored one; stored top-level values the incoming document lacks are kept.
//! - Keys are kept exactly as found. The libraries build them differently
//!   (case, separators, scope order), so rebuilding or lowercasing them would
//!   create duplicates that no library cleans up.
//!
//! New keys are appended after the stored ones; a replaced entry keeps its
//! place. Numbers keep their exact digits (serde_json's `arbitrary_precision`;
//! only an exponent gains its sign, `1e400` becoming `1e+400`), and numbers
//! stored as strings stay strings.

use serde::Serialize;
use serde_json::{Map, Value};

/// What a merge did, in counts (never contents).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// Entries (or top-level values) the stored document did not have.
    pub added: usize,
    /// Entries (or top-level values) replaced by a different incoming value.
    pub updated: usize,
    /// Entries present in both and already identical.
    pub unchanged: usize,
    /// Entries where the stored one was newer and was kept.
    pub kept_newer: usize,
}

impl MergeReport {
    /// Whether the merge changed the stored document at all.
    pub fn changed(&self) -> bool {
        self.added + self.updated > 0
    }
}

/// Merge `incoming` into `stored` by the rule in the module documentation.
pub fn merge(stored: &mut Map<String, Value>, incoming: Map<String, Value>) -> MergeReport {
    let mut report = MergeReport::default();
    for (name, value) in incoming {
        match (stored.get_mut(&name), value) {
            (Some(Value::Object(section)), Value::Object(entries)) => {
                merge_section(section, entries, &mut report);
            }
            (Some(existing), value) => {
                if *existing == value {
                    report.unchanged += 1;
                } else {
                    *existing = value;
                    report.updated += 1;
                }
            }
            (None, value) => {
                stored.insert(name, value);
                report.added += 1;
            }
        }
    }
    report
}

fn merge_section(
    section: &mut Map<String, Value>,
    entries: Map<String, Value>,
    report: &mut MergeReport,
) {
    for (key, entry) in entries {
        match section.get_mut(&key) {
            None => {
                section.insert(key, entry);
                report.added += 1;
            }
            Some(existing) if *existing == entry => report.unchanged += 1,
            Some(existing) if stored_is_newer(existing, &entry) => report.kept_newer += 1,
            Some(existing) => {
                *existing = entry;
                report.updated += 1;
            }
        }
    }
}

/// The timestamps that say how fresh an entry is, in order of preference.
const FRESHNESS_FIELDS: [&str; 2] = ["cached_at", "last_modification_time"];

/// Whether `stored` is strictly newer than `incoming` by the first timestamp
/// field both carry as an integer.
fn stored_is_newer(stored: &Value, incoming: &Value) -> bool {
    for field in FRESHNESS_FIELDS {
        if let (Some(a), Some(b)) = (timestamp(stored, field), timestamp(incoming, field)) {
            return a > b;
        }
    }
    false
}

/// An integer field of an entry, whether written as a number or (as MSAL
/// writes them) as a string of digits.
pub fn timestamp(entry: &Value, field: &str) -> Option<i64> {
    match entry.get(field)? {
        Value::String(s) => s.trim().parse().ok(),
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.to_string().parse::<f64>().ok().map(|f| f as i64)),
        _ => None,
    }
}

/// Remove access tokens whose `expires_on` is at or before `now` (Unix
/// seconds). Entries without a readable `expires_on` are kept: tokencache
/// does not delete what it does not understand. Returns how many were removed.
pub fn prune_expired(doc: &mut Map<String, Value>, now: i64) -> usize {
    let Some(Value::Object(tokens)) = doc.get_mut("AccessToken") else {
        return 0;
    };
    let before = tokens.len();
    tokens.retain(|_, entry| timestamp(entry, "expires_on").is_none_or(|exp| exp > now));
    before - tokens.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn unites_sections_by_key_and_keeps_unknown_values() {
        let mut stored = obj(json!({
            "AccessToken": {"a": {"secret": "1"}},
            "Account": {"x": {"username": "u"}},
            "Custom": 7,
            "Extra": {"k": 1}
        }));
        let incoming = obj(json!({
            "AccessToken": {"b": {"secret": "2"}},
            "RefreshToken": {"r": {"secret": "3"}},
            "Extra": {"k": 1}
        }));
        let report = merge(&mut stored, incoming);
        assert_eq!(
            Value::Object(stored),
            json!({
                "AccessToken": {"a": {"secret": "1"}, "b": {"secret": "2"}},
                "Account": {"x": {"username": "u"}},
                "Custom": 7,
                "Extra": {"k": 1},
                "RefreshToken": {"r": {"secret": "3"}}
            })
        );
        assert_eq!(
            report,
            MergeReport {
                added: 2,
                updated: 0,
                unchanged: 1,
                kept_newer: 0
            }
        );
    }

    #[test]
    fn incoming_wins_unless_stored_is_strictly_newer() {
        let mut stored = obj(json!({"AccessToken": {
            "newer": {"secret": "old-but-newer", "cached_at": "200"},
            "older": {"secret": "stale", "cached_at": "100"},
            "same": {"secret": "s1", "cached_at": "100"},
            "untimed": {"secret": "u1"},
        }}));
        let incoming = obj(json!({"AccessToken": {
            "newer": {"secret": "in", "cached_at": "150"},
            "older": {"secret": "fresh", "cached_at": "150"},
            "same": {"secret": "s2", "cached_at": "100"},
            "untimed": {"secret": "u2", "cached_at": "1"},
        }}));
        let report = merge(&mut stored, incoming);
        let at = &stored["AccessToken"];
        assert_eq!(at["newer"]["secret"], "old-but-newer");
        assert_eq!(at["older"]["secret"], "fresh");
        assert_eq!(
            at["same"]["secret"], "s2",
            "a tie goes to the incoming entry"
        );
        assert_eq!(
            at["untimed"]["secret"], "u2",
            "no comparison without both timestamps"
        );
        assert_eq!(
            report,
            MergeReport {
                added: 0,
                updated: 3,
                unchanged: 0,
                kept_newer: 1
            }
        );
    }

    #[test]
    fn last_modification_time_is_the_fallback_and_numbers_count() {
        let mut stored = obj(json!({"Account": {
            "k": {"username": "stored", "last_modification_time": 300}
        }}));
        let incoming = obj(json!({"Account": {
            "k": {"username": "incoming", "last_modification_time": "299"}
        }}));
        merge(&mut stored, incoming);
        assert_eq!(stored["Account"]["k"]["username"], "stored");
    }

    #[test]
    fn keys_are_kept_exactly_and_order_is_stable() {
        let mut stored = obj(json!({"AccessToken": {"UID.UTID-Login-X": {"n": 1}, "z": {"n": 2}}}));
        let incoming = obj(json!({"AccessToken": {"uid.utid-login-x": {"n": 3}, "z": {"n": 4}}}));
        merge(&mut stored, incoming);
        let keys: Vec<&String> = stored["AccessToken"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["UID.UTID-Login-X", "z", "uid.utid-login-x"]);
    }

    #[test]
    fn numbers_survive_exactly() {
        let text = r#"{"AccessToken":{"a":{"n":1e+400,"m":12345678901234567890123,"f":0.10000000000000000001}}}"#;
        let mut stored: Map<String, Value> = serde_json::from_str(text).unwrap();
        merge(&mut stored, Map::new());
        assert_eq!(serde_json::to_string(&stored).unwrap(), text);
        // serde_json spells an exponent with its sign; the value is the same.
        let plain: Value = serde_json::from_str("1e400").unwrap();
        assert_eq!(plain.to_string(), "1e+400");
    }

    #[test]
    fn prunes_only_expired_access_tokens() {
        let mut doc = obj(json!({
            "AccessToken": {
                "past": {"expires_on": "99"},
                "now": {"expires_on": "100"},
                "future": {"expires_on": "101"},
                "unreadable": {"expires_on": "soon"},
                "missing": {},
            },
            "RefreshToken": {"r": {"expires_on": "1"}}
        }));
        assert_eq!(prune_expired(&mut doc, 100), 2);
        let keys: Vec<&String> = doc["AccessToken"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["future", "unreadable", "missing"]);
        assert_eq!(doc["RefreshToken"]["r"]["expires_on"], "1");
        assert_eq!(prune_expired(&mut Map::new(), 100), 0);
    }

    /// Documents shaped like caches: a few sections (known and unknown), a
    /// small key space so that collisions happen, entries with and without
    /// timestamps, and the odd non-object top-level value.
    fn cache_doc() -> impl Strategy<Value = Map<String, Value>> {
        let entry = (
            0u8..4,
            proptest::option::of(0i64..5),
            proptest::option::of(0i64..5),
        )
            .prop_map(|(secret, cached_at, lmt)| {
                let mut e = Map::new();
                e.insert("secret".into(), json!(format!("s{secret}")));
                if let Some(c) = cached_at {
                    e.insert("cached_at".into(), json!(c.to_string()));
                }
                if let Some(l) = lmt {
                    e.insert("last_modification_time".into(), json!(l));
                }
                Value::Object(e)
            });
        let section = proptest::collection::btree_map("[a-e]", entry, 0..5)
            .prop_map(|m| Value::Object(m.into_iter().collect()));
        let top = prop_oneof![
            4 => section,
            1 => (0u8..3).prop_map(|n| json!(n)),
            1 => Just(json!("text")),
        ];
        let name = prop_oneof![
            Just("AccessToken".to_string()),
            Just("RefreshToken".to_string()),
            Just("Account".to_string()),
            Just("Unknown".to_string()),
        ];
        proptest::collection::btree_map(name, top, 0..4).prop_map(|m| m.into_iter().collect())
    }

    proptest! {
        #[test]
        fn merging_is_idempotent(a in cache_doc(), b in cache_doc()) {
            let mut once = a.clone();
            merge(&mut once, b.clone());
            let mut twice = once.clone();
            let report = merge(&mut twice, b);
            prop_assert_eq!(&once, &twice);
            prop_assert!(!report.changed());
        }

        #[test]
        fn merging_empty_changes_nothing(a in cache_doc()) {
            let mut merged = a.clone();
            let report = merge(&mut merged, Map::new());
            prop_assert_eq!(&merged, &a);
            prop_assert_eq!(report, MergeReport::default());
        }

        #[test]
        fn merging_a_document_into_itself_changes_nothing(a in cache_doc()) {
            let mut merged = a.clone();
            prop_assert!(!merge(&mut merged, a.clone()).changed());
            prop_assert_eq!(&merged, &a);
        }

        #[test]
        fn no_key_is_lost(a in cache_doc(), b in cache_doc()) {
            let mut merged = a.clone();
            merge(&mut merged, b.clone());
            for doc in [&a, &b] {
                for (name, value) in doc {
                    prop_assert!(merged.contains_key(name), "top-level {} lost", name);
                    // Entries of a section survive whenever the section is
                    // still a section (an incoming scalar replaces a value by rule).
                    if let (Value::Object(entries), Some(Value::Object(out))) = (value, merged.get(name)) {
                        let both_objects = matches!(a.get(name), Some(Value::Object(_)) | None)
                            && matches!(b.get(name), Some(Value::Object(_)) | None);
                        if both_objects {
                            for key in entries.keys() {
                                prop_assert!(out.contains_key(key), "{}/{} lost", name, key);
                            }
                        }
                    }
                }
            }
        }

        #[test]
        fn every_entry_comes_from_one_side(a in cache_doc(), b in cache_doc()) {
            let mut merged = a.clone();
            merge(&mut merged, b.clone());
            for (name, value) in &merged {
                if let Value::Object(out) = value {
                    for (key, entry) in out {
                        let from = |d: &Map<String, Value>| d.get(name).and_then(|s| s.get(key)) == Some(entry);
                        prop_assert!(from(&a) || from(&b) || b.get(name) == Some(value) || a.get(name) == Some(value));
                    }
                }
            }
        }
    }
}
